"""`batch --scheduler`: the same per-chunk work on a Dask cluster (`local:N` starts a
LocalCluster of N worker processes; `tcp://HOST:PORT` joins a running scheduler).

The client plans (stat only), submits one task per chunk, a few per worker in flight, and keeps
the manifest (manifest.py). Each task parses its files (work.process) and writes its own parts
into OUT (a folder, or an fsspec URL: remote.py), keyed by chunk: Parquet per table,
OUT/meetings/part-<key>.jsonl, OUT/errors/part-<key>.jsonl and each input's JSON file, each
written whole under a temporary name: a retried task overwrites its parts, never duplicates
them. Tasks return per-file manifest lines and counts, never records. Before and after a run,
parts the manifest does not name (a chunk whose client died) go, and parts holding files redone
or pruned since are rewritten without them: every file's rows are in exactly one part."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import time
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from .._version import __version__
from ..errors import ExitCode, InputError, import_extra
from ..files import expand
from . import exports, parquet
from .manifest import PARQUET, SQLITE, Line, Manifest
from .outdir import one_writer, refuse_mixed
from .problems import from_os, from_sqlite
from .remote import Target
from .store import FileEntry
from .tables import TABLES
from .work import Task, process_all, stat_task

MEETINGS = "meetings"
ERRORS = "errors"
OUTPUTS = ("jsonl", "parquet", "json")  # what tasks can write alone; the others need the whole archive
FAULT_ENV = "MINUTES_DASK_FAULT"  # tests: a marker path; the first task to claim it kills its worker
_IN_FLIGHT = 4  # chunks per worker submitted at once: the client's memory stays flat
# Larger chunks than the local pool's: each costs a round trip through the scheduler and seven
# part files (Parquet readers prefer fewer, larger files); a retried chunk redoes at most this.
CHUNK_FILES = 256
CHUNK_BYTES = 16_000_000


def require() -> Any:
    """dask.distributed, or the one-line error that says which extra to install."""
    return import_extra("distributed", "--scheduler", "dask", "dask.distributed")


def chunk_key(run: int, tasks: list[Task]) -> str:
    """The same for every try of a chunk, unique in OUT (a file is in one chunk of a run)."""
    return f"{run:05d}-{min(task.file_id for task in tasks):09d}"


def run_chunk(tasks: list[Task], target: Target, key: str, outputs: tuple[str, ...],
              fail_fast: bool) -> tuple[list[Line], int]:
    """On a worker: parse the chunk (with `fail_fast`, up to its first failure) and write its
    parts; what comes back is a manifest line per file read and the number found unchanged."""
    _maybe_fault()
    done = process_all(tasks, fail_fast)
    entries = [entry for entry in done if entry is not None]
    unchanged = len(done) - len(entries)
    _write_parts(entries, target, f"part-{key}", outputs)
    return [_line(entry) for entry in entries], unchanged


def _write_parts(entries: list[FileEntry], target: Target, part: str, outputs: tuple[str, ...]) -> None:
    read = [entry for entry in entries if entry.json_zlib is not None]
    if "parquet" in outputs:
        for table in TABLES:
            target.write(f"{parquet.FOLDER}/{table.name}/{part}.parquet", parquet.encode(
                table.name, [row for e in read if e.rows for row in e.rows.get(table.name, ())]))
    if "jsonl" in outputs:
        target.write(f"{MEETINGS}/{part}.jsonl", b"".join(zlib.decompress(e.json_zlib) + b"\n" for e in read))
    for entry in entries:
        if "json" in outputs and entry.json_zlib is not None:
            record = exports.json_text(zlib.decompress(entry.json_zlib))
            target.write(_json_relpath(entry.path), record.encode())
        elif entry.status == "failed":
            target.remove(_json_relpath(entry.path))  # none for a file that fails, not even a stale one
    errors = [exports.error_line((e.relpath, e.size, e.sha256, e.tool_version, e.error_code, e.error))
              for e in entries if e.status == "failed"]
    target.write(f"{ERRORS}/{part}.jsonl", "".join(errors).encode())


def _json_relpath(path: str) -> str:
    return exports.json_path(Path(), path).as_posix()


def _line(entry: FileEntry) -> Line:
    counts = Counter({table: len(rows) for table, rows in (entry.rows or {}).items() if rows})
    counts.update(f"code:{row[2]}" for row in (entry.rows or {}).get("diagnostics", ()))
    return (entry.file_id, entry.path, entry.relpath, entry.size, entry.mtime_ns, entry.sha256,
            entry.status, entry.error_code, entry.error, json.dumps(counts, ensure_ascii=False))


def _maybe_fault() -> None:
    """A worker killed mid-run, on demand (tests): the first task to create the marker dies."""
    marker = os.environ.get(FAULT_ENV)
    if marker:
        try:
            os.close(os.open(marker, os.O_CREAT | os.O_EXCL))
        except FileExistsError:
            return
        os._exit(1)


def plan(paths: list[Path], manifest: Manifest, options: Any) -> tuple[list[Task], int, int]:
    """Tasks for new, changed and (with --retry-failed or a new version) failed files; with
    --checksum, also the unchanged ones, to be read and compared by sha256 on the worker. Also
    the numbers skipped as unchanged, and of those how many failed before. Stat only: nothing is
    read on the client."""
    from .runner import display_path, unchanged

    known, next_id, cwd = manifest.known(), manifest.next_id(), os.getcwd()
    tasks: list[Task] = []
    skipped = still_failed = 0
    for key in dict.fromkeys(os.path.abspath(p) for p in paths):
        before = known.get(key)
        file_id = before.file_id if before else next_id
        next_id += before is None
        task = stat_task(key, display_path(key, cwd), file_id, options.read)
        if not isinstance(task, Task):
            task = Task(file_id, key, task.relpath, 0, 0, read=options.read)  # fails on the worker, recorded
        elif before and unchanged(before, task, options):
            if not options.checksum:
                skipped += 1
                still_failed += before.status == "failed"
                continue
            task = replace(task, unchanged_if=before.sha256)
        tasks.append(task)
    return tasks, skipped, still_failed


def run_distributed(options: Any, progress: Any) -> Any:
    """The distributed run: plan, submit, record as chunks finish, tidy the parts, and return
    a BatchSummary counted as a local run counts (over every file in OUT)."""
    from .runner import BatchSummary

    started = time.perf_counter()
    inputs = expand(options.inputs, options.from_list)
    nothing = inputs.nothing_to_read(options.inputs)
    if nothing is not None:
        raise nothing
    if options.scheduler.startswith("local:"):
        local_workers(options.scheduler)  # before OUT is made
    other = [name for name in options.to if name not in OUTPUTS]
    if other:
        raise InputError("--scheduler", f"writes {', '.join(OUTPUTS)}; not {', '.join(other)} "
                         "(run those locally, without --scheduler)", ExitCode.USAGE)
    target = Target(options.out_url or str(options.out))
    if "parquet" in options.to or target.remote:  # a remote OUT keeps its manifest as Parquet
        parquet.require()
    if not target.remote:
        refuse_mixed(options.out, distributed=True)
    summary = BatchSummary(missing=inputs.missing, dangling=[str(p) for p in inputs.dangling],
                           other_files=inputs.skipped)
    try:
        if target.remote:  # an object store has no lock: one client at a time is the user's to keep
            _run(options, target, progress, summary, inputs.files, started)
        else:
            with one_writer(options.out, options.wait, progress.say):  # two clients on one OUT: exit 11
                _run(options, target, progress, summary, inputs.files, started)
    except sqlite3.Error as exc:
        raise from_sqlite(exc, options.out / SQLITE) from None
    except OSError as exc:  # OUT cannot be made or written: one line, exit 3
        raise from_os(exc, options.out) from None
    folders = {"jsonl": f"{MEETINGS}/", "parquet": f"{parquet.FOLDER}/", "json": "json/"}
    summary.written = [PARQUET if target.remote else SQLITE, f"{ERRORS}/"] + [
        folders[name] for name in options.to if name in folders]
    summary.seconds = time.perf_counter() - started
    summary.phases["end"] = summary.seconds - summary.phases["start-up"] - summary.phases["parse"]
    return summary


def _run(options: Any, target: Target, progress: Any, summary: Any, files: list[Path],
         started: float) -> None:
    manifest = Manifest(target)
    try:
        tidy(target, manifest)  # what a client killed mid-run left
        tasks, summary.skipped, summary.still_failed = plan(files, manifest, options)
        _absent(manifest, target, {os.path.abspath(p) for p in files}, options, summary)
        client, close = _client(options.scheduler)
        try:
            workers = len(client.scheduler_info().get("workers", {}))
            if not workers:  # a scheduler with no worker yet: say so rather than sit silent
                progress.say(f"waiting for a worker to join {options.scheduler}")
                client.wait_for_workers(1)
                workers = len(client.scheduler_info().get("workers", {}))
            progress.start(len(tasks), summary.skipped, sum(t.size for t in tasks))
            summary.phases["start-up"] = time.perf_counter() - started
            _submit_all(client, tasks, workers, options, target, manifest, progress, summary)
            summary.phases["parse"] = time.perf_counter() - started - summary.phases["start-up"]
        finally:
            progress.finish()
            close()
        tidy(target, manifest)
        totals, summary.codes = manifest.totals()
        summary.totals = {table.name: totals.get(table.name, 0) for table in TABLES}
    except BaseException:
        manifest.close(failing=True)
        raise
    manifest.close()


def _absent(manifest: Manifest, target: Target, inputs: set[str], options: Any, summary: Any) -> None:
    """Files recorded before that are not among the inputs now: counted; with --prune, their
    JSON files removed and their rows taken out of their parts (at the tidy)."""
    absent = [path for path in manifest.paths() if path not in inputs]
    summary.absent = len(absent)
    if absent and options.prune:
        for path in absent:
            target.remove(_json_relpath(path))
        manifest.forget(absent)
        summary.pruned = True


def local_workers(address: str) -> int:
    """N of `local:N`; a usage error when N is not a number of workers."""
    workers = int(address[6:]) if address[6:].isdigit() else 0
    if workers < 1:
        raise InputError("--scheduler", f"{address}: say local:N, N a number of workers (1 or more)",
                         ExitCode.USAGE)
    return workers


def _client(address: str) -> tuple[Any, Callable[[], None]]:
    """A client of the scheduler at `address`, or of a LocalCluster started for this run. Its
    workers are spawned (Dask's default), never forked: this process runs Dask's event loop in
    a thread (and, with an object-store OUT, fsspec's), and a fork while another thread holds a
    lock can leave the child waiting for ever (a run of the test suite hung so, once)."""
    distributed = require()
    if not address.startswith("local:"):
        try:
            client = distributed.Client(address)
        except (OSError, TimeoutError, ValueError) as exc:  # down, unreachable, or not an address
            raise InputError("--scheduler", f"{address}: cannot reach the scheduler ({exc})",
                             ExitCode.NOT_READABLE) from None
        return client, client.close
    workers = local_workers(address)
    import dask

    quiet = {"distributed.worker.multiprocessing-method": "spawn",
             "distributed.worker.profile.enabled": False}  # its sampling thread costs CPU on every worker
    with dask.config.set(quiet):
        cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                           dashboard_address=None, silence_logs=logging.CRITICAL)
    client = distributed.Client(cluster)

    def close() -> None:
        client.close()
        cluster.close()

    return client, close


class _Chunks:
    """The chunks still to submit, and the files of those submitted and not yet back."""

    def __init__(self, tasks: list[Task], workers: int, run: int) -> None:
        from .runner import _chunks

        self.left = _chunks(tasks, workers, CHUNK_FILES, CHUNK_BYTES)
        self.unsubmitted = len(tasks)
        self.run = run
        self.out: dict[str, tuple[int, int]] = {}  # key: (files, bytes)

    def next(self) -> tuple[str, list[Task]] | None:
        chunk = next(self.left, None)
        if chunk is None:
            return None
        key = chunk_key(self.run, chunk)
        self.out[key] = (len(chunk), sum(task.size for task in chunk))
        self.unsubmitted -= len(chunk)
        return key, chunk

    def not_reached(self) -> int:
        return self.unsubmitted + sum(files for files, _ in self.out.values())


def _submit_all(client: Any, tasks: list[Task], workers: int, options: Any, target: Target,
                manifest: Manifest, progress: Any, summary: Any) -> None:
    """One task per chunk, at most _IN_FLIGHT a worker at once; a worker that dies has its
    tasks run again by Dask, under the same key and part names."""
    from distributed import as_completed

    chunks = _Chunks(tasks, workers, manifest.run)
    outputs = tuple(name for name in options.to if name in OUTPUTS)

    def submit() -> Any:
        found = None if summary.stopped_early else chunks.next()
        if found is None:
            return None
        key, chunk = found
        return client.submit(run_chunk, chunk, target, key, outputs, options.fail_fast, key=f"chunk-{key}",
                             pure=False, retries=2)

    pending = as_completed([f for f in (submit() for _ in range(_IN_FLIGHT * workers)) if f is not None])
    try:
        for future in pending:
            key = future.key.removeprefix("chunk-")
            lines, unchanged = future.result()
            future.release()
            manifest.record(lines, f"part-{key}")
            files, size = chunks.out.pop(key)
            _count(lines, unchanged, size // max(1, files), progress, summary)
            chunks.unsubmitted += files - len(lines) - unchanged  # stopped at a failure (--fail-fast)
            if options.fail_fast and summary.failed and not summary.stopped_early:
                summary.stopped_early = True  # the chunks in flight finish; no more are sent
                progress.stopping(chunks.not_reached())
            more = submit()
            if more is not None:
                pending.add(more)
    except KeyboardInterrupt:  # what finished is recorded; the rest is redone by the next run
        summary.interrupted = True
        client.cancel(list(pending.futures))
    summary.not_reached = chunks.not_reached()


def _count(lines: list[Line], unchanged: int, share: int, progress: Any, summary: Any) -> None:
    summary.skipped += unchanged
    for _ in range(unchanged):
        progress.advance(share, None)
    for line in lines:
        file_id, path, relpath, size, mtime, sha, status, code, error, _ = line
        entry = FileEntry(file_id, path, relpath, size, mtime, sha, __version__, status, code, error)
        summary.ok += status == "ok"
        summary.empty += status == "empty"
        summary.failed += status == "failed"
        summary.bytes += size if status != "failed" else 0
        if status == "failed":
            summary.failures.append(entry)
        elif status == "empty":
            summary.empties.append(entry)
        progress.advance(share, entry)


def tidy(target: Target, manifest: Manifest) -> None:
    """Every file's rows in exactly one part: parts the manifest does not name (their chunk was
    never recorded) and temporary files go; parts holding files that now live elsewhere (redone)
    or nowhere (pruned) are rewritten with only their own files, or removed."""
    named = manifest.parts()
    for folder in [MEETINGS, ERRORS] + [f"{parquet.FOLDER}/{table.name}" for table in TABLES]:
        for name in target.names(folder):
            if name.split(".", 1)[0] not in named:  # a leftover `.part-….tmp` too
                target.remove(f"{folder}/{name}")
    for part, ids, relpaths in manifest.shrunk():
        if not ids:
            for folder in [MEETINGS, ERRORS]:
                target.remove(f"{folder}/{part}.jsonl")
            for table in TABLES:
                target.remove(f"{parquet.FOLDER}/{table.name}/{part}.parquet")
            manifest.tidied(part, 0)
            continue
        for folder, field in ((MEETINGS, "source"), (ERRORS, "path")):
            data = target.read(f"{folder}/{part}.jsonl")
            if data is not None:
                lines = [line for line in data.splitlines() if _path_of(json.loads(line), field) in relpaths]
                target.write(f"{folder}/{part}.jsonl", b"".join(line + b"\n" for line in lines))
        for table in TABLES:
            relpath = f"{parquet.FOLDER}/{table.name}/{part}.parquet"
            data = target.read(relpath)
            if data is not None:
                target.write(relpath, parquet.encode(table.name, parquet.kept_rows(
                    parquet.decode(data, table.name), ids)))
        manifest.tidied(part, len(ids))


def _path_of(line: dict[str, Any], field: str) -> str | None:
    value = line.get(field)
    return value.get("path") if isinstance(value, dict) else value
