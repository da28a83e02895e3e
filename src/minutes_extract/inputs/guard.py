"""Read an input in a child process with bounded time and memory.

A PDF can be built to expand without bound (a few megabytes of compressed page content that
decompress to gigabytes) or to send a parser round in circles, and both PDF libraries do that
work in code that no Python signal interrupts. So the reader runs in a forked child with an
address-space limit; the parent waits at most the time allowed, and a child that runs out of
either is stopped and reported as one clear error (ExitCode.LIMIT). Where there is no fork
(Windows), the reader runs in-process, unbounded.

The child leads a process group of its own, and it is the group that is stopped: the
tesseract processes an OCR reader starts go with it instead of running on, orphaned.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import time
from collections.abc import Callable
from typing import TypeVar

from ..errors import ExitCode, InputError

T = TypeVar("T")
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def bounded(work: Callable[[], T], path: str, seconds: float | None, megabytes: int | None) -> T:
    """The result of `work()`, computed in a child process that may take at most `seconds` and
    `megabytes` of memory beyond what the process holds now. Its InputError is raised here."""
    if not hasattr(os, "fork") or (seconds is None and megabytes is None):
        return work()
    import pickle  # (before the fork, so the child has it; a text read never needs it)

    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child's side, seen through the parent
        os.close(read_end)
        _own_group(0)
        _child(work, write_end, megabytes)
    _own_group(child)  # (both sides: whichever runs first)
    os.close(write_end)
    try:
        payload = _collect(read_end, child, seconds)
    except BaseException:  # Ctrl-C while waiting: the child goes too
        _kill(child)
        os.waitpid(child, 0)
        raise
    finally:
        os.close(read_end)
    status = _reap(child, payload is None)
    if payload:
        import pickle

        result = pickle.loads(payload)
        if isinstance(result, BaseException):
            raise result
        return result  # type: ignore[no-any-return]
    raise _stopped(path, status, seconds, megabytes)


def _child(work: Callable[[], T], out: int, megabytes: int | None) -> None:
    import gc
    import pickle

    gc.freeze()  # the parent's objects: never scanned here, so their pages are not copied for it
    code = 0
    try:
        if megabytes is not None:
            _limit_memory(megabytes)
        try:
            result: object = work()
        except MemoryError:
            code = 3  # the parent says: out of memory
            result = None
        except Exception as exc:  # an InputError, or a bug: raised again in the parent
            result = exc if _picklable(exc) else RuntimeError(f"{type(exc).__name__}: {exc}")
        if result is not None:
            data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(out, "wb") as stream:
                stream.write(data)
    except BaseException:
        code = 4
    finally:
        os._exit(code)


def _own_group(process: int) -> None:
    """Make `process` (0: this one) the leader of a process group of its own."""
    with contextlib.suppress(OSError):  # the child already did it, or has already exited
        os.setpgid(process, process or os.getpid())


def _kill(child: int) -> None:
    """Stop the child and every process it started (its process group)."""
    try:
        os.killpg(child, signal.SIGKILL)
    except OSError:  # no group (setpgid failed): the child alone
        os.kill(child, signal.SIGKILL)


def _picklable(exc: BaseException) -> bool:
    import pickle

    try:
        pickle.dumps(exc)
    except Exception:
        return False
    return True


def _limit_memory(megabytes: int) -> None:
    import resource

    held = _address_space()
    if held is None:
        return
    limit = held + megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _address_space() -> int | None:
    """The bytes of address space this process holds (Linux), or None where that is not known."""
    try:
        with open("/proc/self/statm", encoding="ascii") as stream:
            return int(stream.read().split()[0]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


def _collect(stream: int, child: int, seconds: float | None) -> bytes | None:
    """What the child wrote, or None when it ran past its time (then it is killed)."""
    deadline = None if seconds is None else time.monotonic() + seconds
    chunks: list[bytes] = []
    while True:
        wait = None if deadline is None else max(0.0, deadline - time.monotonic())
        ready, _, _ = select.select([stream], [], [], wait)
        if not ready:
            _kill(child)
            return None
        chunk = os.read(stream, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _reap(child: int, killed: bool) -> int:
    _, status = os.waitpid(child, 0)
    return -1 if killed else status


def _stopped(path: str, status: int, seconds: float | None, megabytes: int | None) -> InputError:
    if status == -1:
        problem = (f"took longer than {seconds:g} s to read (a long scan read by OCR, about 5 s a page "
                   "per core? or a file built to expand or loop without end?); --timeout allows more")
    elif os.WIFEXITED(status) and os.WEXITSTATUS(status) == 3:
        problem = (f"needs more than {megabytes} MB of memory to read (a file built to expand "
                   "without end?); --max-memory allows more")
    elif os.WIFSIGNALED(status):
        problem = (f"could not be read: the reader stopped with signal {os.WTERMSIG(status)} "
                   f"(out of memory at {megabytes} MB? --max-memory allows more)")
    else:
        problem = "could not be read: the reader stopped without an answer"
    return InputError(path, problem, ExitCode.LIMIT)
