"""Which files a command works on: files as given, directories searched recursively for
minutes files, glob patterns, and lists of paths. Shared by `check` and `batch`."""

from __future__ import annotations

import glob
from collections.abc import Iterable
from pathlib import Path

from .errors import ExitCode, InputError

INPUT_SUFFIXES = (".txt", ".md", ".pdf")
_GLOB_CHARS = frozenset("*?[")


def expand(paths: Iterable[str], from_list: str | None = None) -> tuple[list[Path], list[InputError]]:
    """Files in a stable order without repeats, and the inputs that name nothing.

    A file given by name is taken whatever its suffix; a directory or pattern yields only
    .txt/.md/.pdf files. `from_list` names a file of paths, one per line (blank lines and
    `#` comments skipped), relative to the current directory like the arguments.
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
    for name in names:
        path = Path(name)
        if path.is_dir():
            found.update(dict.fromkeys(sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES)))
        elif path.is_file():
            found[path] = None
        elif _GLOB_CHARS & set(name):
            matches = sorted(Path(m) for m in glob.glob(name, recursive=True))
            files = [m for m in matches if m.is_file() and m.suffix.lower() in INPUT_SUFFIXES]
            if not files:
                missing.append(InputError(name, "the pattern matches no minutes file", ExitCode.NOT_READABLE))
            found.update(dict.fromkeys(files))
        else:
            missing.append(InputError(name, "no such file or directory", ExitCode.NOT_READABLE))
    return list(found), missing
