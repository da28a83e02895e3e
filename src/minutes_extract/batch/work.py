"""What a worker process does with one file: read, hash, parse, and turn the record into
rows, so the parent process only writes. Failures come back as values, never as exceptions."""

from __future__ import annotations

import hashlib
import os
import signal
import time
import zlib
from dataclasses import dataclass

from .. import __version__
from ..errors import InputError
from ..export.json import to_jsonl
from ..reader import parse_bytes, read_bytes
from .store import FileEntry
from .tables import record_rows


@dataclass(frozen=True)
class Task:
    file_id: int
    path: str  # absolute: the manifest's key
    relpath: str  # as shown, and as the record's source.path
    size: int
    mtime_ns: int
    unchanged_if: str | None = None  # a sha256: skip parsing when the content still has it
    pdf_engine: str = "pdfium"


def ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the parent, which stops the batch in order."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def process(task: Task) -> FileEntry | None:
    """The file's entry, or None when `unchanged_if` matched its content."""
    started = time.perf_counter()
    entry = FileEntry(file_id=task.file_id, path=task.path, relpath=task.relpath, size=task.size,
                      mtime_ns=task.mtime_ns, sha256=None, tool_version=__version__, status="failed")
    try:
        data = read_bytes(task.path)
        entry.size = len(data)
        entry.sha256 = hashlib.sha256(data).hexdigest()
        if task.unchanged_if is not None and entry.sha256 == task.unchanged_if:
            return None
        record = parse_bytes(data, task.relpath, pdf_engine=task.pdf_engine)
        entry.pages = record.source.pages
        entry.json_zlib = zlib.compress(to_jsonl(record).rstrip(b"\n"), 1)
        entry.rows = record_rows(record, task.file_id)
        entry.status = "ok"
    except InputError as err:
        entry.error_code, entry.error = err.exit_code.name.lower().replace("_", "-"), err.problem
    except MemoryError:
        entry.error_code, entry.error = "internal", "out of memory"
    except Exception as exc:  # a parser bug must not stop the batch: record it and go on
        entry.error_code, entry.error = "internal", f"internal error ({type(exc).__name__}: {exc})"
    entry.seconds = round(time.perf_counter() - started, 4)
    return entry


def process_chunk(tasks: list[Task]) -> list[FileEntry | None]:
    return [process(task) for task in tasks]


def stat_task(path: str, relpath: str, file_id: int, pdf_engine: str = "pdfium") -> Task | FileEntry:
    """A task for a file, or a failed entry when it cannot even be looked at."""
    try:
        info = os.stat(path)
    except OSError as exc:
        return FileEntry(file_id=file_id, path=path, relpath=relpath, size=0, mtime_ns=0, sha256=None,
                         tool_version=__version__, status="failed", error_code="not-readable",
                         error=f"cannot be read ({exc.strerror or exc})")
    return Task(file_id, path, relpath, info.st_size, info.st_mtime_ns, pdf_engine=pdf_engine)
