"""The output folder as a whole: one batch run writes to it at a time, and what a killed run
left half-written there is cleared before the next one starts."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

try:
    import fcntl
except ImportError:  # Windows: a byte-range lock, also released when the process ends
    fcntl = None  # type: ignore[assignment]
    import msvcrt

LOCK = ".batch.lock"
# What files.atomic_write leaves when its process is killed: `.NAME.RANDOM.tmp` beside the target
# (tempfile's RANDOM is 8 characters of a-z, 0-9 and _).
_LEFTOVER = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")


@contextmanager
def one_writer(out: Path, wait: bool, waiting: Callable[[str], None]) -> Iterator[None]:
    """Hold OUT for the whole run. Two runs writing at once would each export a database the
    other is changing, and one run's meetings would be lost from the files. The lock is on an
    open file, so the system drops it when the process ends however it ends (kill -9 too);
    workers inherit it, so it is held until the last process that could write is gone.
    Another run holding it: OutInUse, or with `wait` a line through `waiting`, then wait."""
    from .problems import OutInUse

    out.mkdir(parents=True, exist_ok=True)
    path = out / LOCK
    with open(path, "a+", encoding="ascii") as handle:  # a+: the holder's pid is not truncated
        if not _lock(handle, block=False):
            if not wait:
                raise OutInUse(str(out), _holder(path))
            waiting(f"waiting: another batch run ({_holder(path)}) is writing to {out}")
            _lock(handle, block=True)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield


def _lock(handle: IO[str], block: bool) -> bool:
    if fcntl is not None:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | (0 if block else fcntl.LOCK_NB))
        except BlockingIOError:
            return False
        return True
    while True:
        handle.seek(0)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            if not block:
                return False
            time.sleep(0.5)
        else:
            return True


def _holder(path: Path) -> str:
    try:
        pid = path.read_text(encoding="ascii").strip()
    except OSError:
        pid = ""
    return f"pid {pid}" if pid.isdigit() else "pid unknown"


def remove_leftovers(out: Path) -> int:
    """Delete the temporary files a killed run left in OUT (only atomic_write's pattern, only
    inside OUT, links not followed); returns how many. Called while holding OUT: no run that
    could still be writing them is alive."""
    removed = 0
    for folder, _, names in os.walk(out):
        for name in names:
            if _LEFTOVER.fullmatch(name):
                Path(folder, name).unlink(missing_ok=True)
                removed += 1
    return removed


def refuse_mixed(out: Path, distributed: bool) -> None:
    """One OUT serves one kind of run: a local run keeps its record in minutes.sqlite, a Dask run
    in its manifest, and each would take the other's part files for leftovers. InputError
    (exit 2) naming what OUT already holds."""
    from ..errors import ExitCode, InputError
    from .manifest import PARQUET, SQLITE
    from .store import DATABASE

    others = (DATABASE,) if distributed else (SQLITE, PARQUET)
    found = next((name for name in others if (out / name).exists()), None)
    if found is not None:
        kind = "a local batch run" if distributed else "a batch run with --scheduler"
        raise InputError(str(out), f"holds the output of {kind} ({found}): give this run another -o",
                         ExitCode.USAGE)
