"""Run a batch: take OUT for this run alone, decide what needs doing, hand chunks of files to
worker processes (each parses and commits its own chunks) with a bounded number in flight,
then export the requested outputs. What the summary counts is read back from the database
after the last commit: what is said is what was recorded."""

from __future__ import annotations

import gc
import os
import sqlite3
import time
from collections import Counter
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import formats
from .._version import __version__
from ..errors import ExitCode, InputError
from ..export.json import to_jsonl
from ..files import Inputs, expand
from ..inputs.document import ReadOptions
from . import exports, parquet, review_pages
from .outdir import one_writer, refuse_mixed, remove_leftovers
from .pool import Outcome, Parallel, Serial
from .problems import BatchStop, from_os, from_sqlite
from .progress import Progress
from .store import DATABASE, FileEntry, Known, Store
from .tables import record_rows
from .work import Destination, Task, release_stores, stat_task

OUTPUTS = ("jsonl", "json", "csv", "sqlite", "parquet", "tei", "xlsx", "html")
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
    read: ReadOptions = field(default_factory=ReadOptions)  # PDF engine; limits of time, memory, size
    prune: bool = False  # remove from OUT the files that are not among the inputs any more
    wait: bool = False  # another run holds OUT: wait for it (else OutInUse)
    csv_escape: bool = True  # CSV cells a spreadsheet would run as formulas are made text
    csv_bom: bool = True  # CSV files start with a UTF-8 byte-order mark: Excel then reads Korean right
    scheduler: str | None = None  # a Dask scheduler (tcp://HOST:PORT, or local:N): batch/distributed.py
    out_url: str | None = None  # OUT as an fsspec URL (s3://…, file://…): only with a scheduler

    @property
    def where(self) -> str:
        """OUT as the user named it."""
        return self.out_url or str(self.out)


@dataclass
class BatchSummary:
    ok: int = 0
    empty: int = 0  # read, but no speaker turn found: not minutes, or a format not known
    failed: int = 0
    skipped: int = 0
    still_failed: int = 0  # skipped as unchanged, but they failed before
    not_reached: int = 0  # to do, but the run stopped first (Ctrl-C, --fail-fast)
    absent: int = 0  # recorded in OUT by an earlier run, not among this run's inputs
    pruned: bool = False  # and removed (--prune)
    missing: list[InputError] = field(default_factory=list)
    dangling: list[str] = field(default_factory=list)  # links in the input folders that lead nowhere
    other_files: list[Path] = field(default_factory=list)  # files there that are not minutes
    failures: list[FileEntry] = field(default_factory=list)
    empties: list[FileEntry] = field(default_factory=list)
    bytes: int = 0
    pages: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    stopped_early: bool = False  # --fail-fast
    written: list[str] = field(default_factory=list)  # what this run wrote to OUT
    unwritten: list[str] = field(default_factory=list)  # asked for, but not written (interrupted)
    totals: dict[str, int] = field(default_factory=dict)  # rows in the output, per table
    codes: Counter[str] = field(default_factory=Counter)
    # Where the time went, in seconds: "start-up" (in this process, until the first chunk is
    # handed out), "parse" (until the last file is committed), "end" (exports, counts), and
    # "commits" (inside parse: the time writers held the database, which they take in turn)
    phases: dict[str, float] = field(default_factory=dict)

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


def display_path(path: Path | str, cwd: str | None = None) -> str:
    """How a file is shown and recorded (source.path): relative to the working directory where
    possible, else absolute; with / between folders. Strings, not Path objects: it runs once
    per input, a million times for a large archive."""
    absolute = os.path.abspath(path)  # normalised, as Path would make it
    base = (cwd or os.getcwd()).rstrip(os.sep) + os.sep
    shown = absolute[len(base):] if absolute.startswith(base) else absolute
    return shown if os.sep == "/" else shown.replace(os.sep, "/")


def run_batch(options: BatchOptions, progress: Progress | None = None) -> BatchSummary:
    """Process the inputs into OUT. Raises InputError (no minutes file among the inputs) and
    BatchStop (OUT held by another run, not writable, or its database damaged)."""
    progress = progress or Progress()
    if options.scheduler:
        from .distributed import require, run_distributed

        require()  # exit 12 at once when the extra is not installed
        return run_distributed(options, progress)
    started = time.perf_counter()
    if "xlsx" in options.to:
        from ..export.xlsx import require_writer

        require_writer("--to xlsx")  # exit 12 now, not after the whole archive is read
    inputs = expand(options.inputs, options.from_list)
    nothing = inputs.nothing_to_read(options.inputs)
    if nothing is not None:
        raise nothing  # before OUT is made, and before --prune could empty it
    if "parquet" in options.to:
        parquet.require()
    refuse_mixed(options.out, distributed=False)
    try:
        with one_writer(options.out, options.wait, progress.say):
            remove_leftovers(options.out)
            summary = _Run(options, progress, inputs, started).run()
    except sqlite3.Error as exc:  # the Store says which side failed; these are reads elsewhere
        raise from_sqlite(exc, options.out / DATABASE) from None
    except OSError as exc:
        raise from_os(exc, options.out) from None
    summary.seconds = time.perf_counter() - started
    summary.phases["end"] = summary.seconds - summary.phases["start-up"] - summary.phases["parse"]
    return summary


class _Run:
    """One run, holding OUT: its database, what it hands out and what comes back."""

    def __init__(self, options: BatchOptions, progress: Progress, inputs: Inputs, started: float) -> None:
        self.options = options
        self.started = started
        self.progress = progress
        self.inputs = inputs
        self.summary = BatchSummary(missing=inputs.missing, dangling=[str(p) for p in inputs.dangling],
                                    other_files=inputs.skipped)
        self.pending: list[FileEntry] = []  # failures found here, not by a worker: committed here
        self.unchanged = 0  # found unchanged by their checksum
        self.store = Store(options.out, check=True)
        self.run_id = 0
        self.commits = 0.0  # seconds the database was held for commits, summed over the files
        self.uncaught = 0  # files committed since the full-text index last caught up
        self.catch_up_every = _CHUNK_FILES

    def run(self) -> BatchSummary:
        try:
            self.run_id = self.store.new_run()
            if "sqlite" in self.options.to:  # indexed while the workers parse (_catch_up)
                self.store.add_full_text_index()
            tasks, early = _plan(self.inputs.files, self.store, self.options, self.summary)
            self.progress.start(len(tasks) + len(early), self.summary.skipped, sum(t.size for t in tasks))
            self.catch_up_every = max(_CHUNK_FILES, len(tasks) // 32)
            try:
                problem = self._process(tasks, early)
            finally:
                self.progress.finish()
            if problem is not None:
                raise problem
            self._export()
            self._tally(len(tasks) + len(early))
        finally:
            self.store.close()
        return self.summary

    def _process(self, tasks: list[Task], early: list[FileEntry]) -> BatchStop | None:
        """Hand out the work and take back what finishes until all is done or the run stops:
        Ctrl-C (said at once), --fail-fast, or an output that cannot be written (returned).
        Whatever stops it, what has started is finished and committed, and taken back."""
        options = self.options
        destination = Destination(options.out, "json" in options.to, self.run_id, options.fail_fast,
                                  review_pages="html" in options.to, parquet="parquet" in options.to)
        source = _source(tasks, destination, _workers(options))
        parse_started = time.perf_counter()
        self.summary.phases["start-up"] = parse_started - self.started
        problem: BatchStop | None = None
        outcomes: list[Outcome] | None = [(0, entry) for entry in early]
        try:
            while outcomes is not None:
                try:
                    for size, entry in outcomes:
                        self._take(size, entry, source)
                    outcomes = source.next_done()
                except KeyboardInterrupt:
                    self.summary.interrupted, outcomes = True, []
                    self.progress.stopping(source.stop())
                except BatchStop as stop:
                    problem, outcomes = problem or stop, []
                    source.stop()
        finally:
            source.close()
            release_stores()
            gc.unfreeze()  # a program that called run_batch gets its collector back as it was
            self._commit_pending(always=True)  # what is finished is kept, even when interrupted
            self.summary.phases["parse"] = time.perf_counter() - parse_started
            if problem is not None or self.summary.interrupted:  # else the export does it (exports.write)
                self._catch_up(source, always=True)
            self.summary.phases["commits"] = self.commits
        return problem

    def _take(self, size: int, entry: FileEntry | None, source: Serial | Parallel) -> None:
        self.progress.advance(size, entry)
        if entry is None:
            self.unchanged += 1
            return
        self.commits += entry.commit_share
        self.uncaught += 1
        self._catch_up(source)
        if not entry.committed:
            exports.mirror_json(self.options.out, entry, write=False)
            self.pending.append(entry)
            self._commit_pending()
        if entry.status == "failed" and self.options.fail_fast and not self.summary.stopped_early:
            self.summary.stopped_early = True
            source.stop()

    def _catch_up(self, source: Serial | Parallel, always: bool = False) -> None:
        """Index the remarks committed since the last time, once enough files are in (a 32nd
        of the run: a few large statements cost as much as one rebuild, a statement per chunk
        half again as much). While workers parse, the parent is idle: this takes no core from
        them, only their turn at the database for as long as it lasts."""
        if self.uncaught and (always or self.uncaught >= self.catch_up_every):
            started = time.perf_counter()
            with source.turn():
                self.store.catch_up_full_text()
            self.commits += time.perf_counter() - started
            self.uncaught = 0

    def _commit_pending(self, always: bool = False) -> None:
        if always or len(self.pending) >= _CHUNK_FILES:
            started = time.perf_counter()
            self.store.commit(self.pending, self.run_id)
            self.commits += time.perf_counter() - started if self.pending else 0.0
            self.pending = []

    def _export(self) -> None:
        """The exports come when the run is whole: an interrupted run writes only what each
        finished file writes (its rows, its JSON file), and says so."""
        options, summary = self.options, self.summary
        files = [exports.NAMES[name] for name in options.to if name != "sqlite"] + [exports.ERRORS]
        if summary.interrupted:
            per_file = (exports.NAMES["json"], exports.NAMES["html"])
            as_they_finish = [name for name in files if name in per_file]
            summary.written = [DATABASE, *as_they_finish]
            summary.unwritten = [name for name in files if name not in as_they_finish]
            return
        exports.write(self.store, options.out, options.to, escape=options.csv_escape, bom=options.csv_bom,
                      run=self.run_id)
        if "parquet" in options.to:
            parquet.finish(self.store, options.out, self.run_id)
        if "html" in options.to:
            review_pages.write_index(self.store, options.out, options.read)
        summary.written = [DATABASE, *files]

    def _tally(self, planned: int) -> None:
        """The summary's counts, from the database after the last commit."""
        summary, store = self.summary, self.store
        counts = store.run_counts(self.run_id)
        ok, empty, failed = (counts.get(status, (0, 0, 0)) for status in ("ok", "empty", "failed"))
        summary.ok, summary.empty, summary.failed = ok[0], empty[0], failed[0]
        summary.bytes, summary.pages = ok[1] + empty[1], ok[2] + empty[2]
        summary.failures = store.run_files(self.run_id, "failed")
        summary.empties = store.run_files(self.run_id, "empty")
        summary.skipped += self.unchanged
        summary.not_reached = max(planned - self.unchanged - ok[0] - empty[0] - failed[0], 0)
        summary.totals = exports.totals(store)
        summary.codes = exports.diagnostic_codes(store)


def _plan(files: list[Path], store: Store, options: BatchOptions,
          summary: BatchSummary) -> tuple[list[Task], list[FileEntry]]:
    """Tasks for new and changed files; unchanged ones are skipped. A file is its absolute
    path: two names of one file (`../x`, `a/../../x`) are one input."""
    known = store.known()
    next_id = store.next_id()
    tasks: list[Task] = []
    early: list[FileEntry] = []  # files that cannot even be looked at
    cwd = os.getcwd()
    inputs: dict[str, Path] = {}
    for path in files:
        inputs.setdefault(os.path.abspath(path), path)
    _absent(known, inputs.keys(), store, options, summary)
    for key, path in inputs.items():
        before = known.get(key)
        if before is None:
            file_id, next_id = next_id, next_id + 1
        else:
            file_id = before.file_id
        task = stat_task(key, display_path(path, cwd), file_id, options.read)
        if isinstance(task, FileEntry):
            early.append(task)
            continue
        if before is not None and unchanged(before, task, options):
            if not options.checksum:
                summary.skipped += 1
                summary.still_failed += before.status == "failed"
                continue
            task = replace(task, unchanged_if=before.sha256)
        tasks.append(task)
    return tasks, early


def _absent(known: dict[str, Known], keys: AbstractSet[str], store: Store, options: BatchOptions,
            summary: BatchSummary) -> None:
    """Files an earlier run recorded that are not among the inputs now (deleted, moved, or not
    named this time): counted, and with --prune removed from every output."""
    absent = {path: before for path, before in known.items() if path not in keys}
    summary.absent = len(absent)
    if absent and options.prune:
        for path in absent:  # first the JSON files: a kill then leaves rows to prune, not the reverse
            exports.json_path(options.out, path).unlink(missing_ok=True)
        store.forget([before.file_id for before in absent.values()])
        summary.pruned = True


def unchanged(before: Known, task: Task, options: BatchOptions) -> bool:
    if before.tool_version != __version__ or (before.status == "failed" and options.retry_failed):
        return False
    if options.checksum:  # only files that were read: a failure is looked at again
        return before.sha256 is not None and before.status != "failed"
    return before.size == task.size and before.mtime_ns == task.mtime_ns


def _workers(options: BatchOptions) -> int:
    return options.workers or os.cpu_count() or 1


def _source(tasks: list[Task], destination: Destination, workers: int) -> Serial | Parallel:
    chunks = _chunks(tasks, workers)
    if not tasks:
        return Serial(chunks, destination)
    _warm_up(pdfs=any(task.path.lower().endswith(".pdf") for task in tasks), parquet_too=destination.parquet)
    if workers == 1 or len(tasks) <= 1:
        return Serial(chunks, destination)
    return Parallel(chunks, destination, workers)


def _chunks(tasks: list[Task], workers: int, files: int = _CHUNK_FILES,
            size_limit: int = _CHUNK_BYTES) -> Iterator[list[Task]]:
    """Chunks of at most `files` files or `size_limit` bytes, shrinking as the work left
    shrinks (a quarter of each worker's share), so parallel workers finish close together."""
    start = 0
    while start < len(tasks):
        share = (len(tasks) - start) // (4 * workers) if workers > 1 else files
        limit = max(1, min(files, share))
        end, size = start, 0
        while end < len(tasks) and end - start < limit and size < size_limit:
            size += tasks[end].size
            end += 1
        yield tasks[start:end]
        start = end


def _warm_up(pdfs: bool, parquet_too: bool) -> None:
    """Do once, before any file, what would otherwise be done on the first file (by every
    worker, or every PDF's guarded reader): import the PDF engines, load kiwipiepy where the
    `spacing` extra is installed and PDFs are among the inputs, import every format's rules
    and build pydantic's validators. Then freeze what exists: the collector never scans it
    again, and forked workers share it without copying pages (a collection writes to every
    object it scans)."""
    from ..api import parse_bytes
    from ..inputs.pdf import engines  # noqa: F401
    from ..inputs.pdf.linebreaks import preload_kiwi

    if pdfs:
        preload_kiwi()
    if parquet_too:
        parquet.require()  # imported here once: forked workers share it

    text = "〈위원장〉\n\n- 개회\n".encode()
    for name in formats.names():  # each format imports its rules when it first parses
        parse_bytes(text, "warm-up", profile=name)
    sample = parse_bytes(text, "warm-up")
    record_rows(sample, 0)
    to_jsonl(sample)
    gc.freeze()
