"""Run a batch: decide what needs doing, hand chunks of files to worker processes (each
parses and commits its own chunks) with a bounded number in flight, count what comes back,
then export the requested outputs."""

from __future__ import annotations

import gc
import os
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from itertools import chain
from multiprocessing import get_context
from pathlib import Path
from typing import Protocol

from .._version import __version__
from ..errors import ExitCode, InputError
from ..export.json import to_jsonl
from ..files import expand
from . import exports
from .store import FileEntry, Known, Store
from .tables import record_rows
from .work import Destination, Task, process_chunk, release_stores, start_worker, stat_task

OUTPUTS = ("jsonl", "json", "csv", "sqlite")
_CHUNK_FILES = 64  # files per chunk (and per transaction) at most
_CHUNK_BYTES = 4_000_000  # so a chunk of large PDFs stays short and a kill loses little work


@dataclass(frozen=True)
class BatchOptions:
    inputs: tuple[str, ...]
    out: Path
    to: tuple[str, ...] = ("jsonl",)
    from_list: str | None = None
    workers: int = 0  # 0: one per core
    fail_fast: bool = False
    checksum: bool = False  # decide "unchanged" by sha256, not by size and modification time
    retry_failed: bool = False
    pdf_engine: str = "pdfium"
    prune: bool = False  # remove from OUT the files that are not among the inputs any more


@dataclass
class BatchSummary:
    ok: int = 0
    empty: int = 0  # read, but no speaker turn found: not minutes, or a format not known
    failed: int = 0
    skipped: int = 0
    still_failed: int = 0  # skipped as unchanged, but they failed before
    absent: int = 0  # recorded in OUT by an earlier run, not among this run's inputs
    pruned: bool = False  # and removed (--prune)
    missing: list[InputError] = field(default_factory=list)
    failures: list[FileEntry] = field(default_factory=list)
    empties: list[FileEntry] = field(default_factory=list)
    bytes: int = 0
    pages: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    stopped_early: bool = False  # --fail-fast
    totals: dict[str, int] = field(default_factory=dict)  # rows in the output, per table
    codes: Counter[str] = field(default_factory=Counter)

    @property
    def all_ok(self) -> bool:
        return not (self.failed or self.still_failed or self.missing or self.interrupted)

    def exit_code(self, allow_empty: bool = False) -> int:
        """0; 8 when a file failed (or was not found); 9 when one had no speaker turn; 130 interrupted."""
        if self.interrupted:
            return 130
        if not self.all_ok:
            return int(ExitCode.PARTIAL)
        return int(ExitCode.NO_MINUTES) if self.empty and not allow_empty else 0


class Progress(Protocol):
    def start(self, total: int, skipped: int) -> None: ...
    def advance(self, entry: FileEntry) -> None: ...
    def finish(self) -> None: ...


class NoProgress:
    def start(self, total: int, skipped: int) -> None:
        pass

    def advance(self, entry: FileEntry) -> None:
        pass

    def finish(self) -> None:
        pass


def display_path(path: Path, cwd: str | None = None) -> str:
    """Relative to the working directory where possible: how outputs mirror the input tree."""
    absolute = os.path.abspath(path)
    base = cwd or os.getcwd()
    if absolute.startswith(base.rstrip(os.sep) + os.sep):
        return Path(absolute[len(base.rstrip(os.sep)) + 1:]).as_posix()
    return Path(*Path(absolute).parts[1:]).as_posix()


def run_batch(options: BatchOptions, progress: Progress | None = None) -> BatchSummary:
    progress = progress or NoProgress()
    started = time.perf_counter()
    summary = BatchSummary()
    inputs = expand(options.inputs, options.from_list)
    files, summary.missing = inputs.files, inputs.missing
    nothing = inputs.nothing_to_read(options.inputs)
    if nothing is not None:
        raise nothing  # before OUT is made, and before --prune could empty it
    store = Store(options.out)
    try:
        tasks, early = _plan(files, store, options, summary)
        progress.start(len(tasks) + len(early), summary.skipped)
        pending: list[FileEntry] = []  # failures found here, not by a worker: the parent commits them
        try:
            for entry in chain(early, _results(tasks, options)):
                if entry is None:
                    summary.skipped += 1
                    continue
                _account(entry, summary)
                progress.advance(entry)
                if not entry.committed:
                    exports.mirror_json(options.out, entry, write=False)
                    pending.append(entry)
                    if len(pending) >= _CHUNK_FILES:
                        store.commit(pending)
                        pending = []
                if entry.status == "failed" and options.fail_fast:
                    summary.stopped_early = True
                    break
        except KeyboardInterrupt:
            summary.interrupted = True
        finally:
            release_stores()
            store.commit(pending)  # what is finished is kept, even when interrupted
            progress.finish()
        if not summary.interrupted:
            exports.write(store, options.out, options.to, concurrent=_workers(options) > 1)
        summary.totals = exports.totals(store)
        summary.codes = exports.diagnostic_codes(store)
    finally:
        store.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _plan(files: list[Path], store: Store, options: BatchOptions,
          summary: BatchSummary) -> tuple[list[Task], list[FileEntry]]:
    """Tasks for new and changed files; unchanged ones are skipped."""
    known = store.known()
    next_id = store.next_id()
    tasks: list[Task] = []
    early: list[FileEntry] = []  # files that cannot even be looked at
    cwd = os.getcwd()
    keys = [os.path.abspath(path) for path in files]
    _absent(known, set(keys), store, options, summary)
    for path, key in zip(files, keys, strict=True):
        before = known.get(key)
        if before is None:
            file_id, next_id = next_id, next_id + 1
        else:
            file_id = before.file_id
        task = stat_task(key, display_path(path, cwd), file_id, options.pdf_engine)
        if isinstance(task, FileEntry):
            early.append(task)
            continue
        if before is not None and _unchanged(before, task, options):
            if not options.checksum:
                summary.skipped += 1
                summary.still_failed += before.status == "failed"
                continue
            task = replace(task, unchanged_if=before.sha256)
        tasks.append(task)
    return tasks, early


def _absent(known: dict[str, Known], keys: set[str], store: Store, options: BatchOptions,
            summary: BatchSummary) -> None:
    """Files an earlier run recorded that are not among the inputs now (deleted, moved, or not
    named this time): counted, and with --prune removed from every output."""
    absent = [before for path, before in known.items() if path not in keys]
    summary.absent = len(absent)
    if absent and options.prune:
        for before in absent:  # first the JSON files: a kill then leaves rows to prune, not the reverse
            exports.json_path(options.out, before.relpath).unlink(missing_ok=True)
        store.forget([before.file_id for before in absent])
        summary.pruned = True


def _unchanged(before: Known, task: Task, options: BatchOptions) -> bool:
    if before.tool_version != __version__ or (before.status == "failed" and options.retry_failed):
        return False
    if options.checksum:  # only files that were read: a failure is looked at again
        return before.sha256 is not None and before.status != "failed"
    return before.size == task.size and before.mtime_ns == task.mtime_ns


def _account(entry: FileEntry, summary: BatchSummary) -> None:
    if entry.status != "failed":
        summary.ok += entry.status == "ok"
        summary.pages += entry.pages or 0
        summary.bytes += entry.size
        if entry.status == "empty":
            summary.empty += 1
            summary.empties.append(entry)
    else:
        summary.failed += 1
        summary.failures.append(entry)


def _workers(options: BatchOptions) -> int:
    return options.workers or os.cpu_count() or 1


def _results(tasks: list[Task], options: BatchOptions) -> Iterator[FileEntry | None]:
    workers = _workers(options)
    destination = Destination(options.out, "json" in options.to)
    if not tasks:
        return
    chunks = _chunks(tasks, workers)
    _warm_up()
    try:
        if workers == 1 or len(tasks) <= 1:
            for chunk in chunks:
                yield from process_chunk(chunk, destination)
        else:
            yield from _parallel(chunks, destination, workers)
    finally:
        gc.unfreeze()  # a program that called run_batch gets its collector back as it was


def _parallel(chunks: Iterator[list[Task]], destination: Destination,
              workers: int) -> Iterator[FileEntry | None]:
    """Results as they finish. Files go to workers in chunks (one message per chunk, not per
    file), at most two chunks per worker in flight, so memory stays flat. A worker that dies
    (a crash in a PDF library) fails its chunk, and a new pool goes on."""
    in_flight: dict[Future, list[Task]] = {}
    pool = _pool(workers)
    try:
        while True:
            while len(in_flight) < 2 * workers:
                chunk = next(chunks, None)
                if chunk is None:
                    break
                in_flight[pool.submit(process_chunk, chunk, destination)] = chunk
            if not in_flight:
                return
            done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            broken = False
            for future in done:
                chunk = in_flight.pop(future)
                try:
                    yield from future.result()
                except BrokenProcessPool:
                    broken = True
                    yield from map(_crashed, chunk)
            if broken:
                for chunk in in_flight.values():
                    yield from map(_crashed, chunk)
                in_flight.clear()
                pool.shutdown(wait=False, cancel_futures=True)
                pool = _pool(workers)
    finally:  # stopped early (--fail-fast, Ctrl-C): chunks being parsed still commit, then no worker writes
        pool.shutdown(wait=True, cancel_futures=True)


def _chunks(tasks: list[Task], workers: int) -> Iterator[list[Task]]:
    """Chunks of at most _CHUNK_FILES files or _CHUNK_BYTES, shrinking as the work left
    shrinks (a quarter of each worker's share), so parallel workers finish close together."""
    start = 0
    while start < len(tasks):
        share = (len(tasks) - start) // (4 * workers) if workers > 1 else _CHUNK_FILES
        limit = max(1, min(_CHUNK_FILES, share))
        end, size = start, 0
        while end < len(tasks) and end - start < limit and size < _CHUNK_BYTES:
            size += tasks[end].size
            end += 1
        yield tasks[start:end]
        start = end


def _warm_up() -> None:
    """Do once, before any file, what would otherwise be done on the first file (by every
    worker): import the PDF engines and build pydantic's validators. Then freeze what exists:
    the collector never scans it again, and forked workers share it without copying pages
    (a collection writes to every object it scans)."""
    from ..api import parse_bytes
    from ..inputs.pdf import engines  # noqa: F401

    sample = parse_bytes("〈위원장〉\n\n- 개회\n".encode(), "warm-up")
    record_rows(sample, 0)
    to_jsonl(sample)
    gc.freeze()


def _pool(workers: int) -> ProcessPoolExecutor:
    context = get_context("fork")
    return ProcessPoolExecutor(workers, mp_context=context, initializer=start_worker,
                               initargs=(context.Lock(),))


def _crashed(task: Task) -> FileEntry:
    return FileEntry(file_id=task.file_id, path=task.path, relpath=task.relpath, size=task.size,
                     mtime_ns=task.mtime_ns, sha256=None, tool_version=__version__, status="failed",
                     error_code="internal", error="a worker process died while this file was in "
                     "flight (a crash in a PDF library?); re-run with --retry-failed")
