"""Why a batch stops before its end for a reason that is not one of its input files: the output
cannot be written, the database is damaged, or another run holds OUT. Never recorded as an
input file's failure (the file is fine; a re-run does it), always said in one line."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..errors import ExitCode

# SQLite's primary result codes that mean the output side failed, not the database's content:
# PERM, BUSY, LOCKED, READONLY, IOERR, FULL, CANTOPEN.
_OUTPUT_SIDE = frozenset({3, 5, 6, 8, 10, 13, 14})


class BatchStop(Exception):
    """The batch cannot go on. Picklable (path and reason are its args): a worker raises it and
    the parent receives it."""

    exit_code = ExitCode.NOT_READABLE

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(path, reason)
        self.path = path
        self.reason = "; ".join(reason.splitlines())  # said in one line

    @property
    def problem(self) -> str:
        return self.reason

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


class OutputError(BatchStop):
    """Disk full, a read-only OUT, a JSON file that cannot be replaced."""

    @property
    def problem(self) -> str:
        return f"cannot write output ({self.reason})"


class DamagedStore(BatchStop):
    """minutes.sqlite is not ours, or what it holds does not add up."""

    @property
    def problem(self) -> str:
        return (f"the batch database cannot be used ({self.reason}): repair or remove it, "
                "or choose another output folder")


class OutInUse(BatchStop):
    exit_code = ExitCode.OUT_IN_USE

    @property
    def problem(self) -> str:
        return (f"another batch run ({self.reason}) is writing to this folder: wait for it to finish, "
                "or give --wait")


def from_sqlite(exc: sqlite3.Error, database: Path) -> BatchStop:
    """An SQLite error as the reason to stop: output-side codes say the output cannot be
    written, anything else that the database cannot be used."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in _OUTPUT_SIDE:
        return OutputError(str(database), str(exc))
    return DamagedStore(str(database), str(exc))


def from_os(exc: OSError, fallback: Path) -> OutputError:
    """An OS error on the output side, naming the file it concerns."""
    return OutputError(str(exc.filename or fallback), exc.strerror or str(exc))
