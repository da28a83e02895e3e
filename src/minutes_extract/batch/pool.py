"""Where chunks of files are parsed: in this process one after another, or in worker processes
with a bounded number in flight. Either can be stopped (Ctrl-C, --fail-fast, an output that
cannot be written): what has not started is dropped, what has started is finished and
committed, and its results still come back, so the parent can count them."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager, nullcontext
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

    def turn(self) -> AbstractContextManager[object]:
        """The parent's turn at the database: here nobody else writes."""
        return nullcontext()

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
        self._context = get_context(start_method())
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        """A pool with its own lock: one a dead worker may have held is not handed on."""
        self._turn = self._context.Lock()  # whose turn it is to write
        return ProcessPoolExecutor(self._workers, mp_context=self._context, initializer=start_worker,
                                   initargs=(self._turn, os.getpid()))

    def turn(self) -> AbstractContextManager[object]:
        """The parent's turn at the database, on the lock the workers commit in turn by."""
        return self._turn

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
                self._pool, self._broken = self._new_pool(), False
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


def start_method(platform: str = sys.platform) -> str:
    """How worker processes are started on `platform` (a `sys.platform` value).

    - Linux: `fork`. The parent has imported the parsers and built pydantic's validators
      before the pool starts (runner._warm_up) and holds no thread that a child would need;
      forked workers share those pages and start at once, where `spawn` would import
      everything again in every worker (about a second each).
    - macOS: `spawn`. Apple's system libraries are not safe across fork without exec (a child
      can crash or hang in them), which is why Python's own default there is `spawn`.
    - Windows: `spawn`: it is the only method there (no fork at all).
    - Other POSIX systems (the BSDs): `forkserver`: no fork of a process that may hold
      threads or locks, yet cheaper than `spawn`, since workers fork from a clean server.
    """
    if platform.startswith("linux"):
        return "fork"
    if platform in ("darwin", "win32", "cygwin") or platform.startswith("win"):
        return "spawn"
    return "forkserver"


def _crashed(task: Task) -> FileEntry:
    return FileEntry(file_id=task.file_id, path=task.path, relpath=task.relpath, size=task.size,
                     mtime_ns=task.mtime_ns, sha256=None, tool_version=__version__, status="failed",
                     error_code="internal", error="a worker process died while this file was in "
                     "flight (a crash in a PDF library?); re-run with --retry-failed")
