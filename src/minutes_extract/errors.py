"""Input errors are values with an exit code, so every front end reports them the same way."""

from __future__ import annotations

import importlib
from enum import IntEnum
from types import ModuleType


class ExitCode(IntEnum):
    """Process exit codes of the CLI (documented in the README)."""

    OK = 0
    INTERNAL = 1
    USAGE = 2
    NOT_READABLE = 3
    NOT_TEXT = 4
    EMPTY = 5
    PDF_UNREADABLE = 6
    NO_TEXT_LAYER = 7
    PARTIAL = 8  # batch: some files failed (they are listed); the others were processed
    NO_MINUTES = 9  # no speaker turn found: not minutes, or a format not known (--allow-empty: 0)
    LIMIT = 10  # the file is larger, or needs more time or memory to read, than allowed
    OUT_IN_USE = 11  # batch: another batch run is writing to the same output folder (--wait waits)
    NEEDS_EXTRA = 12  # the input's kind needs an optional extra that is not installed (e.g. [hwp])


class InputError(Exception):
    """The input cannot be read as minutes at all: missing, binary, undecodable, empty."""

    def __init__(self, path: str, problem: str, exit_code: ExitCode) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem
        self.exit_code = exit_code

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str, ExitCode]]:
        """Picklable as it was made (it crosses from a worker or a guarded reader)."""
        return (InputError, (self.path, self.problem, self.exit_code))


def import_extra(module: str, where: str, extra: str, package: str) -> ModuleType:
    """`module`, or the one-line error (exit 12) naming the extra that brings `package`: asked
    for before any work, so a run never fails at its end for a missing library."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise InputError(where, f"needs {package}, which is not installed: pip install "
                         f"'minutes-extract[{extra}]'", ExitCode.NEEDS_EXTRA) from None
