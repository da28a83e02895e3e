"""Where chunks of files are parsed: in this process one after another, or in worker processes
with a bounded number in flight. Either can be stopped (Ctrl-C, --fail-fast, an output that
cannot be written): what has not started is dropped, what has started is finished and
committed, and its results still come back, so the parent can count them."""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context

from .._version import __version__
from .store import FileEntry
from .work import Destination, Task, process_chunk, start_worker

Outcome = tuple[int, FileEntry | None]  # a file's size, and its entry (None: unchanged, --checksum)


class Serial:
    """Chunks parsed here. Ctrl-C lands in the chunk being parsed, which is dropped whole (its
    transaction is never committed): nothing is left to finish."""

    def __init__(self, chunks: Iterator[list[Task]], destination: Destination) -> None:
        self._chunks = chunks
        self._destination = destination

    def next_done(self) -> list[Outcome] | None:
        """The outcomes of the next chunk; None when all are done."""
        chunk = next(self._chunks, None)
        if chunk is None:
            return None
        return list(zip((task.size for task in chunk), process_chunk(chunk, self._destination), strict=False))

    def stop(self) -> int:
        self._chunks = iter(())
        return 0

    def close(self) -> None:
        pass


class Parallel:
    """Chunks parsed by worker processes (one message per chunk, not per file), at most two
    chunks per worker in flight, so memory stays flat. A worker that dies (a crash in a PDF
    library) fails its chunk, and a new pool goes on."""

    def __init__(self, chunks: Iterator[list[Task]], destination: Destination, workers: int) -> None:
        self._chunks = chunks
        self._destination = destination
        self._workers = workers
        self._in_flight: dict[Future[list[FileEntry | None]], list[Task]] = {}
        self._done: list[Future[list[FileEntry | None]]] = []
        self._held: list[Task] | None = None  # a chunk a broken pool refused, for the next one
        self._broken = False
        self._pool = _pool(workers)

    def next_done(self) -> list[Outcome] | None:
        """The outcomes of one chunk that has finished, waiting for one if need be; None when
        all are done. A chunk whose output could not be written raises its BatchStop."""
        self._submit()
        if not self._in_flight:
            return None
        if not self._done:
            self._done = list(wait(self._in_flight, return_when=FIRST_COMPLETED)[0])
        future = self._done.pop()
        chunk = self._in_flight.pop(future)
        try:
            entries = future.result()
        except BrokenProcessPool:
            self._broken = True  # every chunk in flight in this pool ends so; then a new pool
            entries = [_crashed(task) for task in chunk]
        return list(zip((task.size for task in chunk), entries, strict=False))

    def _submit(self) -> None:
        """Two chunks a worker in flight. A pool that broke (found here or by a chunk) gets no
        more; once all its chunks are back, a new pool takes over."""
        while len(self._in_flight) < 2 * self._workers and not (self._broken and self._in_flight):
            chunk, self._held = self._held or next(self._chunks, None), None
            if chunk is None:
                return
            if self._broken:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool, self._broken = _pool(self._workers), False
            try:
                self._in_flight[self._pool.submit(process_chunk, chunk, self._destination)] = chunk
            except BrokenProcessPool:
                self._broken, self._held = True, chunk

    def stop(self) -> int:
        """No chunk starts any more; returns the files of those already started, which finish."""
        self._chunks, self._held = iter(()), None
        for future in list(self._in_flight):
            if future.cancel():
                del self._in_flight[future]
        return sum(map(len, self._in_flight.values()))

    def close(self) -> None:
        """Whatever ended the run, no worker writes after this (a chunk being parsed commits first)."""
        self._pool.shutdown(wait=True, cancel_futures=True)


def _pool(workers: int) -> ProcessPoolExecutor:
    context = get_context("fork")
    return ProcessPoolExecutor(workers, mp_context=context, initializer=start_worker,
                               initargs=(context.Lock(), os.getpid()))


def _crashed(task: Task) -> FileEntry:
    return FileEntry(file_id=task.file_id, path=task.path, relpath=task.relpath, size=task.size,
                     mtime_ns=task.mtime_ns, sha256=None, tool_version=__version__, status="failed",
                     error_code="internal", error="a worker process died while this file was in "
                     "flight (a crash in a PDF library?); re-run with --retry-failed")
