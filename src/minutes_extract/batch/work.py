"""What a worker process does: read, hash and parse each file of a chunk, turn the records
into rows, and commit the chunk to the batch database in one transaction of its own. The
parent only hands out chunks and counts, so it takes no core from the workers. An input file's
failure comes back as a value; only a failure of the output side (BatchStop) is raised: it is
no failure of the files, and stops the batch."""

from __future__ import annotations

import ctypes
import hashlib
import os
import signal
import sys
import threading
import time
import zlib
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from .._version import __version__
from ..api import no_turns_reason, parse_bytes
from ..errors import InputError
from ..export.json import to_jsonl
from ..files import read_bytes
from ..inputs.document import ReadOptions
from . import parquet
from .exports import mirror_json
from .review_pages import mirror_page, parse_with_page
from .store import FileEntry, Store
from .tables import record_rows


@dataclass(frozen=True, slots=True)  # slots: a million of them are planned at once
class Task:
    file_id: int
    path: str  # absolute: the manifest's key
    relpath: str  # as shown, and as the record's source.path
    size: int
    mtime_ns: int
    unchanged_if: str | None = None  # a sha256: skip parsing when the content still has it
    read: ReadOptions = field(default_factory=ReadOptions)


@dataclass(frozen=True)
class Destination:
    """Where a chunk's results go: the batch's output folder (its database), and whether each
    input gets its JSON file there."""

    out: Path
    json_files: bool = False
    run: int = 1  # the run's id, recorded with every file
    fail_fast: bool = False  # a chunk stops at its first failed file
    review_pages: bool = False  # each input gets its review page (`--to html`)
    parquet: bool = False  # each chunk's rows also go to a Parquet part of each table


_stores: dict[tuple[int, Path], Store] = {}  # one connection per process: never one made before a fork
_turn: AbstractContextManager[object] = nullcontext()  # whose turn it is to write


def start_worker(turn: AbstractContextManager[object], parent: int) -> None:
    """In each worker: Ctrl-C is left to the parent, which stops the batch in order; commits
    take turns on a lock shared by the pool. SQLite would serialise them too, but a writer
    that finds the database busy sleeps and polls, idling its core; on the lock it wakes at once.
    The worker ends with its parent, however that ends."""
    global _turn
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _turn = turn
    _die_with(parent)


_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _die_with(parent: int) -> None:
    """A parent killed outright (kill -9) cannot stop its workers: left alone they would go on
    parsing, committing and holding OUT. On Linux the kernel kills the worker when the parent
    ends (a chunk not committed is rolled back; the re-run redoes it); elsewhere a thread
    watches the parent's id."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != parent:  # it ended before the request was made
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass
    threading.Thread(target=_watch, args=(parent,), daemon=True).start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def process(task: Task, review: bool = False) -> FileEntry | None:
    """The file's entry, or None when `unchanged_if` matched its content."""
    started = time.perf_counter()
    entry = FileEntry(file_id=task.file_id, path=task.path, relpath=task.relpath, size=task.size,
                      mtime_ns=task.mtime_ns, sha256=None, tool_version=__version__, status="failed")
    try:
        data = read_bytes(task.path, task.read.max_size)
        entry.size = len(data)
        entry.sha256 = hashlib.sha256(data).hexdigest()
        if task.unchanged_if is not None and entry.sha256 == task.unchanged_if:
            return None
        if review:
            record, entry.review_html = parse_with_page(data, task.relpath, task.read)
        else:
            record = parse_bytes(data, task.relpath, options=task.read)
        entry.pages = record.source.pages
        entry.json_zlib = zlib.compress(to_jsonl(record).rstrip(b"\n"), 1)
        entry.rows = record_rows(record, task.file_id)
        empty = no_turns_reason(record)
        entry.status = "ok" if empty is None else "empty"
        entry.error_code, entry.error = (None, None) if empty is None else ("no-minutes", empty)
    except InputError as err:
        entry.error_code, entry.error = err.exit_code.name.lower().replace("_", "-"), err.problem
    except MemoryError:
        entry.error_code, entry.error = "internal", "out of memory"
    except Exception as exc:  # a parser bug must not stop the batch: record it and go on
        entry.error_code, entry.error = "internal", f"internal error ({type(exc).__name__}: {exc})"
    entry.seconds = round(time.perf_counter() - started, 4)
    return entry


def process_all(tasks: list[Task], fail_fast: bool, review: bool = False) -> list[FileEntry | None]:
    """Each task's entry (None: unchanged), in order; with `fail_fast`, up to the first failure."""
    entries: list[FileEntry | None] = []
    for task in tasks:
        entries.append(entry := process(task, review))
        if fail_fast and entry is not None and entry.status == "failed":
            break
    return entries


def process_chunk(tasks: list[Task], destination: Destination) -> list[FileEntry | None]:
    """Entries for the chunk's files (with `fail_fast`, up to its first failure), committed:
    all of them or, killed midway, none. The JSON files and Parquet parts are written first: a
    kill before the commit leaves files the re-run redoes (and parts it removes, as no row names
    them). Output that cannot be written raises BatchStop."""
    entries = process_all(tasks, destination.fail_fast, destination.review_pages)
    done = [entry for entry in entries if entry is not None]
    for entry in done:
        mirror_json(destination.out, entry, destination.json_files)
        if destination.review_pages:
            mirror_page(destination.out, entry)
    part = None
    if destination.parquet and any(entry.rows is not None for entry in done):
        part = parquet.part_name(destination.run, done)
        parquet.write_part(destination.out, part, [entry.rows for entry in done if entry.rows is not None])
    with _turn:
        started = time.perf_counter()
        _store(destination.out).commit(done, destination.run, part)
        held = time.perf_counter() - started
    for entry in done:  # what the parent needs back: the manifest part, not the rows
        entry.committed = True
        entry.rows = entry.json_zlib = entry.review_html = None
        entry.commit_share = held / len(done)
    return entries


def _store(out: Path) -> Store:
    key = (os.getpid(), out)
    if key not in _stores:
        _stores[key] = Store(out)
    return _stores[key]


def release_stores() -> None:
    """Close this process's connections (the in-process run; workers end with their process)."""
    for key in [key for key in _stores if key[0] == os.getpid()]:
        _stores.pop(key).close()


def stat_task(path: str, relpath: str, file_id: int, read: ReadOptions | None = None) -> Task | FileEntry:
    """A task for a file, or a failed entry when it cannot even be looked at."""
    try:
        info = os.stat(path)
    except OSError as exc:
        return FileEntry(file_id=file_id, path=path, relpath=relpath, size=0, mtime_ns=0, sha256=None,
                         tool_version=__version__, status="failed", error_code="not-readable",
                         error=f"cannot be read ({exc.strerror or exc})")
    return Task(file_id, path, relpath, info.st_size, info.st_mtime_ns, read=read or ReadOptions())
