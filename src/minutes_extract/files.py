"""Every file the tool touches: which files a command works on (files as given, directories
searched recursively, glob patterns, lists of paths), reading one, and writing outputs
whole or not at all."""

from __future__ import annotations

import contextlib
import glob
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from .errors import ExitCode, InputError

STDIN = "-"
UTF8_BOM = b"\xef\xbb\xbf"
# The process's umask, read once at start (reading it means setting it, which threads must not
# race): a new file gets the mode any other program of the user's would give it.
_UMASK = os.umask(0o022)
os.umask(_UMASK)

# Names a folder walk takes as minutes; which reader reads a file is told by its content.
INPUT_SUFFIXES = (".txt", ".md", ".markdown", ".pdf", ".hwp", ".hwpx", ".html", ".htm", ".xhtml")
_HEAD = 8192  # bytes of a file of another name read to see whether its content is minutes
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True)
class Inputs:
    files: list[Path]  # in a stable order, without repeats
    missing: list[InputError]  # inputs that name nothing
    skipped: list[Path]  # files in the folders or patterns given that are no minutes files
    dangling: list[Path] = field(default_factory=list)  # links there that lead nowhere

    def nothing_to_read(self, names: Iterable[str]) -> InputError | None:
        """The error for inputs that hold no minutes file at all, naming what they did hold."""
        if self.files:
            return None
        shown = ", ".join(p.name for p in self.skipped[:5]) + (", …" if len(self.skipped) > 5 else "")
        held = f": {len(self.skipped)} other file(s) skipped ({shown})" if self.skipped else ""
        return InputError(" ".join(names) or "-", f"no minutes files (text, Markdown, PDF, HWP, HWPX, "
                          f"HTML) among the inputs{held}",
                          ExitCode.USAGE)


def expand(paths: Iterable[str], from_list: str | None = None) -> Inputs:
    """The files that the inputs name, what names nothing, and what was passed over.

    A file given by name is taken whatever its suffix; a directory or pattern yields only
    .txt/.md/.pdf files (the others are `skipped`). `from_list` names a file of paths, one per
    line (blank lines and `#` comments skipped), relative to the current directory like the
    arguments.
    """
    names = list(paths)
    missing: list[InputError] = []
    if from_list is not None:
        try:
            listed = Path(from_list).read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            missing.append(InputError(from_list, f"cannot read the list ({exc})", ExitCode.NOT_READABLE))
            listed = []
        names.extend(line.strip() for line in listed if line.strip() and not line.lstrip().startswith("#"))
    found: dict[Path, None] = {}
    skipped: list[Path] = []
    dangling: list[Path] = []
    for name in names:
        path = Path(name)
        if path.is_file():
            found[path] = None
            continue
        if path.is_dir():
            every = sorted(path.rglob("*"))
            dangling.extend(p for p in every if p.is_symlink() and not p.exists())
            candidates = [p for p in every if p.is_file()]
        elif _GLOB_CHARS & set(name):
            candidates = sorted(m for m in map(Path, glob.glob(name, recursive=True)) if m.is_file())
        else:
            missing.append(InputError(name, "no such file or directory", ExitCode.NOT_READABLE))
            continue
        taken = {p: is_minutes_file(p) for p in candidates}
        files = [p for p, minutes in taken.items() if minutes]
        skipped.extend(p for p, minutes in taken.items() if not minutes)
        if not files and not path.is_dir():
            missing.append(InputError(name, "the pattern matches no minutes file", ExitCode.NOT_READABLE))
        found.update(dict.fromkeys(files))
    return Inputs(list(found), missing, skipped, dangling)


def is_minutes_file(path: Path) -> bool:
    """Whether a file met in a folder or pattern is taken: by a minutes name, or else by content
    (a PDF, HWP or HWPX under any name, e.g. a download saved without its suffix)."""
    if path.suffix.lower() in INPUT_SUFFIXES:
        return True
    try:
        with path.open("rb") as stream:
            head = stream.read(_HEAD)
    except OSError:
        return False
    from .inputs.hwp.sniff import looks_like_hwp
    from .inputs.pdf import is_pdf

    return is_pdf(head) or looks_like_hwp(head)


def say_skipped(dangling: Iterable[object], other_files: list[Path], shown: int = 10) -> None:
    """Name on stderr what the folders held that was not read: dead links, one by one, and the
    files of other kinds in one line (the first `shown` by name)."""
    for link in dangling:
        sys.stderr.write(f"minutes-extract: skipped: {link}: a link to nothing\n")
    if other_files:
        names = ", ".join(str(p) for p in other_files[:shown])
        more = f" and {len(other_files) - shown} more" if len(other_files) > shown else ""
        sys.stderr.write(f"minutes-extract: skipped {len(other_files)} file(s) that are not minutes by "
                         f"name or content: {names}{more}\n")


def read_bytes(path: str | Path, max_size: int | None = None) -> bytes:
    """Read a file (or stdin for ``-``), at most `max_size` bytes (a larger input, or an endless
    one such as /dev/zero, is an InputError with ExitCode.LIMIT), turning OS errors into InputError."""
    name = str(path)
    if name == STDIN:
        return _at_most(sys.stdin.buffer, name, max_size)
    p = Path(path)
    try:
        if p.is_dir():
            raise InputError(name, "is a directory, not a file", ExitCode.NOT_READABLE)
        with p.open("rb") as stream:
            return _at_most(stream, name, max_size)
    except FileNotFoundError:
        raise InputError(name, "no such file", ExitCode.NOT_READABLE) from None
    except PermissionError:
        raise InputError(name, "permission denied", ExitCode.NOT_READABLE) from None
    except IsADirectoryError:
        raise InputError(name, "is a directory, not a file", ExitCode.NOT_READABLE) from None
    except OSError as exc:
        raise InputError(name, f"cannot be read ({exc.strerror or exc})", ExitCode.NOT_READABLE) from None


def _at_most(stream: IO[bytes], name: str, max_size: int | None) -> bytes:
    """The stream's bytes; a regular file too large is refused by its size, before reading."""
    if max_size is None:
        return stream.read()
    with contextlib.suppress(OSError, ValueError):
        info = os.fstat(stream.fileno())
        if stat.S_ISREG(info.st_mode) and info.st_size > max_size:
            raise _too_large(name, max_size)
    data = stream.read(max_size + 1)
    if len(data) > max_size:
        raise _too_large(name, max_size)
    return data


def _too_large(name: str, max_size: int) -> InputError:
    return InputError(name, f"is larger than {max_size / 1024 / 1024:g} MB: not minutes, or raise --max-size",
                      ExitCode.LIMIT)


@contextmanager
def atomic_write(target: Path, *, text: bool = False, make_parents: bool = False) -> Iterator[IO[Any]]:
    """Write `target` whole or not at all: into a temporary file beside it, flushed to disk,
    then renamed over it; on any failure the temporary file is removed and `target` is as it was.
    A link is written through (its target replaced, the link kept); a file that exists keeps
    its mode and, where permitted, its owner; a new one gets the mode the umask gives.
    `text`: a UTF-8 text handle that writes line endings as given."""
    target = Path(os.path.realpath(target)) if target.is_symlink() else target
    if make_parents:
        target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        _take_mode(fd, target)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") if text else os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _take_mode(fd: int, target: Path) -> None:
    """mkstemp makes 0600 files: give the new file the mode (and owner) it should have."""
    try:
        before = os.stat(target)
    except FileNotFoundError:
        os.fchmod(fd, 0o666 & ~_UMASK)
        return
    os.fchmod(fd, stat.S_IMODE(before.st_mode))
    with contextlib.suppress(PermissionError):
        os.fchown(fd, before.st_uid, before.st_gid)


def refuse_overwriting(destination: str | None, inputs: Iterable[str]) -> None:
    """An output that is one of the inputs (the same file by another name, a link or a hard
    link to it) would replace the minutes: a usage error, before anything is read."""
    if destination in (None, STDIN) or not os.path.exists(destination):
        return
    for name in inputs:
        if name != STDIN and os.path.exists(name) and os.path.samefile(destination, name):
            raise InputError(str(destination), f"is the input {name}: writing the output there would "
                             "replace it (choose another --output)", ExitCode.USAGE)


def write_output(data: bytes | Iterable[bytes], destination: str | None, bom: bool = False) -> None:
    """A command's output to stdout (None or ``-``) or, atomically, to a file; given in pieces
    (export/stream.py), it is written piece by piece, never whole in memory."""
    chunks = [data] if isinstance(data, bytes) else data
    if destination in (None, STDIN):
        out = sys.stdout.buffer
        out.write(UTF8_BOM if bom else b"")
        for chunk in chunks:
            out.write(chunk)
        sys.stdout.flush()
        return
    try:
        with atomic_write(Path(destination)) as handle:
            handle.write(UTF8_BOM if bom else b"")
            for chunk in chunks:
                handle.write(chunk)
    except OSError as exc:
        raise InputError(str(destination), f"cannot write output ({exc.strerror or exc})",
                         ExitCode.NOT_READABLE) from None
