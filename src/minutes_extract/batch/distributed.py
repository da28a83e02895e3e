"""`batch --scheduler`: the same per-chunk work on a Dask cluster (`local:N` starts a
LocalCluster of N worker processes; `tcp://HOST:PORT` joins a running scheduler).

The client plans (runner's planning and chunks), submits one task per chunk and keeps a small
manifest (OUT/dask-manifest.sqlite). Each task parses its files (work.process) and writes its
own parts into OUT, keyed by chunk: Parquet per table, OUT/meetings/part-<key>.jsonl and
OUT/errors/part-<key>.jsonl, each under a temporary name and renamed: a retried task
overwrites its parts, never duplicates them. Tasks return per-file manifest lines, not records."""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import time
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .._version import __version__
from ..errors import ExitCode, InputError, import_extra
from ..files import expand
from . import parquet
from .exports import ERROR_COLUMNS
from .outdir import one_writer
from .store import FileEntry
from .tables import TABLES
from .work import Task, process, stat_task

MANIFEST = "dask-manifest.sqlite"
MEETINGS = "meetings"
ERRORS = "errors"
FAULT_ENV = "MINUTES_DASK_FAULT"  # tests: a marker path; the first task to claim it kills its worker
_MANIFEST_SQL = """CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, file_id INTEGER UNIQUE,
    relpath TEXT, size INTEGER, mtime_ns INTEGER, sha256 TEXT, version TEXT, status TEXT,
    error_code TEXT, error TEXT, part TEXT)"""
Line = tuple[int, str, str, int, int, str | None, str, str | None, str | None]  # a manifest line


def require() -> Any:
    """dask.distributed, or the one-line error that says which extra to install."""
    return import_extra("distributed", "--scheduler", "dask", "dask.distributed")


def chunk_key(run: int, tasks: list[Task]) -> str:
    """The same for every try of a chunk, unique in OUT (a file is in one chunk of a run)."""
    return f"{run:05d}-{min(task.file_id for task in tasks):09d}"


def run_chunk(tasks: list[Task], out: str, key: str, parquet_too: bool) -> tuple[list[Line], dict[str, int]]:
    """On a worker: parse the chunk and write its parts; the manifest lines and the rows
    written per table come back."""
    _maybe_fault()
    entries = [entry for entry in (process(task) for task in tasks) if entry is not None]
    root = Path(out)
    if parquet_too:
        parquet.write_part(root, f"part-{key}", [e.rows for e in entries if e.rows is not None])
    _atomic(root / MEETINGS / f"part-{key}.jsonl",
            b"".join(zlib.decompress(e.json_zlib) + b"\n" for e in entries if e.json_zlib is not None))
    errors = [json.dumps(dict(zip(ERROR_COLUMNS, (e.relpath, e.size, e.sha256, e.tool_version, e.error_code,
                                                   e.error), strict=True)), ensure_ascii=False)
              for e in entries if e.status == "failed"]
    _atomic(root / ERRORS / f"part-{key}.jsonl", "".join(line + "\n" for line in errors).encode())
    counts = {table.name: sum(len(e.rows.get(table.name, ())) for e in entries if e.rows is not None)
              for table in TABLES}
    for entry in entries:
        for row in (entry.rows or {}).get("diagnostics", ()):
            counts[f"code:{row[2]}"] = counts.get(f"code:{row[2]}", 0) + 1
    return [_line(e) for e in entries], counts


def _line(entry: FileEntry) -> Line:
    return (entry.file_id, entry.path, entry.relpath, entry.size, entry.mtime_ns, entry.sha256,
            entry.status, entry.error_code, entry.error)


def _maybe_fault() -> None:
    """A worker killed mid-run, on demand (tests): the first task to create the marker dies."""
    marker = os.environ.get(FAULT_ENV)
    if marker:
        try:
            os.close(os.open(marker, os.O_CREAT | os.O_EXCL))
        except FileExistsError:
            return
        os._exit(1)


def _atomic(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Manifest:
    """The client's record of every file: what a re-run compares against, and which part
    holds each file's rows (so a redone file's old rows are taken out of its old part)."""

    def __init__(self, out: Path) -> None:
        out.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(out / MANIFEST)
        self.db.execute(_MANIFEST_SQL)
        self.db.execute("CREATE TABLE IF NOT EXISTS runs (run INTEGER PRIMARY KEY)")
        self.run = self.db.execute("SELECT coalesce(max(run), 0) + 1 FROM runs").fetchone()[0]
        self.db.execute("INSERT INTO runs VALUES (?)", (self.run,))
        self.db.commit()

    def known(self) -> dict[str, tuple[int, int, int, str, str, str | None]]:
        rows = self.db.execute("SELECT path, file_id, size, mtime_ns, version, status, part FROM files")
        return {row[0]: row[1:] for row in rows}

    def next_id(self) -> int:
        return self.db.execute("SELECT coalesce(max(file_id), 0) + 1 FROM files").fetchone()[0]

    def record(self, lines: Iterable[Line], part: str) -> None:
        self.db.executemany(
            """INSERT OR REPLACE INTO files (file_id, path, relpath, size, mtime_ns, sha256, status,
               error_code, error, version, part) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [(*line, __version__, part) for line in lines])
        self.db.commit()

    def part_files(self, part: str) -> set[int]:
        return {i for (i,) in self.db.execute("SELECT file_id FROM files WHERE part = ?", (part,))}

    def close(self) -> None:
        self.db.close()


def plan(paths: list[Path], manifest: Manifest, read: Any, retry_failed: bool) -> tuple[list[Task], int]:
    """Tasks for new, changed and (with retry_failed or a new version) failed files; the
    number of unchanged files skipped. Stat only: nothing is read on the client."""
    from .runner import display_path

    known, next_id, cwd = manifest.known(), manifest.next_id(), os.getcwd()
    tasks: list[Task] = []
    skipped = 0
    for key in dict.fromkeys(os.path.abspath(p) for p in paths):
        before = known.get(key)
        file_id = before[0] if before else next_id
        next_id += before is None
        task = stat_task(key, display_path(Path(key), cwd), file_id, read)
        if not isinstance(task, Task):
            task = Task(file_id, key, task.relpath, 0, 0, read=read)  # fails on the worker, recorded
        elif before and before[1:4] == (task.size, task.mtime_ns, __version__) and \
                not (before[4] == "failed" and retry_failed):
            skipped += 1
            continue
        tasks.append(task)
    return tasks, skipped


def _client(address: str) -> tuple[Any, Callable[[], None]]:
    distributed = require()
    if address.startswith("local:"):
        try:
            workers = int(address.split(":", 1)[1])
        except ValueError:
            raise InputError("--scheduler", f"{address}: say local:N, N a number of workers",
                             ExitCode.USAGE) from None
        cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                           dashboard_address=":0")
        client = distributed.Client(cluster)
        return client, lambda: (client.close(), cluster.close())
    client = distributed.Client(address)
    return client, client.close


def run_distributed(options: Any, progress: Any) -> Any:
    """The distributed run: plan, submit, record as chunks finish, tidy the parts of redone
    files, and return a BatchSummary."""
    from .runner import BatchSummary

    started = time.perf_counter()
    inputs = expand(options.inputs, options.from_list)
    nothing = inputs.nothing_to_read(options.inputs)
    if nothing is not None:
        raise nothing
    other = [name for name in options.to if name not in ("jsonl", "parquet")]
    if other:
        raise InputError("--scheduler", f"writes jsonl and parquet parts; not {', '.join(other)} "
                         "(run those locally, without --scheduler)", ExitCode.USAGE)
    asked = {"--checksum": options.checksum, "--fail-fast": options.fail_fast, "--prune": options.prune}
    unsupported = [flag for flag, on in asked.items() if on]
    if unsupported:  # refused, never silently ignored
        raise InputError("--scheduler", f"does not support {', '.join(unsupported)} yet (run locally for "
                         "those)", ExitCode.USAGE)
    parquet_too = "parquet" in options.to
    if parquet_too:
        parquet.require()
    summary = BatchSummary(missing=inputs.missing, dangling=[str(p) for p in inputs.dangling],
                           other_files=inputs.skipped)
    with one_writer(options.out, options.wait, progress.say):  # two clients on one OUT: exit 11
        _run(options, progress, summary, inputs.files, parquet_too, started)
    summary.written = [MANIFEST, f"{MEETINGS}/", f"{ERRORS}/"] + (["parquet/"] if parquet_too else [])
    summary.seconds = time.perf_counter() - started
    summary.phases["end"] = summary.seconds - summary.phases["start-up"] - summary.phases["parse"]
    return summary


def _run(options: Any, progress: Any, summary: Any, files: list[Path], parquet_too: bool,
         started: float) -> None:
    manifest = Manifest(options.out)
    client, close = _client(options.scheduler)
    try:
        tasks, summary.skipped = plan(files, manifest, options.read, options.retry_failed)
        known = manifest.known()
        stale = {known[t.path][5] for t in tasks if t.path in known and known[t.path][5]}
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        progress.start(len(tasks), summary.skipped, sum(t.size for t in tasks))
        summary.phases["start-up"] = time.perf_counter() - started
        _submit_all(client, tasks, workers, options, manifest, progress, summary, parquet_too)
        summary.phases["parse"] = time.perf_counter() - started - summary.phases["start-up"]
        _tidy(options.out, manifest, stale)
    finally:
        progress.finish()
        close()
        manifest.close()


def _submit_all(client: Any, tasks: list[Task], workers: int, options: Any, manifest: Manifest,
                progress: Any, summary: Any, parquet_too: bool) -> None:
    """One task per chunk, at most four a worker in flight (memory on the client stays flat);
    a worker that dies has its tasks run again by Dask, under the same key and part names."""
    from distributed import as_completed

    from .runner import _chunks

    chunks = _chunks(tasks, workers)
    sizes: dict[str, int] = {}

    def submit() -> Any:
        chunk = next(chunks, None)
        if chunk is None:
            return None
        key = chunk_key(manifest.run, chunk)
        sizes[key] = sum(task.size for task in chunk)
        return client.submit(run_chunk, chunk, str(options.out), key, parquet_too, key=f"chunk-{key}",
                             pure=False, retries=2)

    futures = [f for f in (submit() for _ in range(4 * workers)) if f is not None]
    pending = as_completed(futures)
    try:
        _collect(pending, submit, manifest, sizes, progress, summary)
    except KeyboardInterrupt:  # what finished is recorded; the rest is redone by the next run
        summary.interrupted = True
        client.cancel(list(pending.futures))


def _collect(pending: Any, submit: Callable[[], Any], manifest: Manifest, sizes: dict[str, int],
             progress: Any, summary: Any) -> None:
    """Record each chunk as it finishes, and submit the next in its place."""
    for future in pending:
        key = future.key.removeprefix("chunk-")
        lines, counts = future.result()
        future.release()
        manifest.record(lines, key)
        for name, rows in counts.items():
            if name.startswith("code:"):
                summary.codes[name[5:]] += rows
            else:
                summary.totals[name] = summary.totals.get(name, 0) + rows
        _count(lines, sizes.pop(key), progress, summary)
        more = submit()
        if more is not None:
            pending.add(more)


def _count(lines: list[Line], size: int, progress: Any, summary: Any) -> None:
    share = size // max(1, len(lines))
    for line in lines:
        file_id, path, relpath, fsize, mtime, sha, status, code, error = line
        entry = FileEntry(file_id, path, relpath, fsize, mtime, sha, __version__, status, code, error)
        summary.ok += status == "ok"
        summary.empty += status == "empty"
        summary.failed += status == "failed"
        summary.bytes += fsize if status != "failed" else 0
        if status == "failed":
            summary.failures.append(entry)
        elif status == "empty":
            summary.empties.append(entry)
        progress.advance(share, entry)


def _tidy(out: Path, manifest: Manifest, stale: set[str]) -> None:
    """Parts of earlier runs whose files were redone now: rewritten without them (or removed),
    so that every file's rows are in exactly one part."""
    for part in stale:
        keep = manifest.part_files(part)
        relpaths = {r for (r,) in manifest.db.execute("SELECT relpath FROM files WHERE part = ?", (part,))}
        for folder in (MEETINGS, ERRORS):
            target = out / folder / f"part-{part}.jsonl"
            if target.exists():
                field = "path" if folder == ERRORS else "source"
                lines = [line for line in target.read_bytes().splitlines()
                         if _path_of(json.loads(line), field) in relpaths]
                _atomic(target, b"".join(line + b"\n" for line in lines))
        if (out / parquet.FOLDER).exists():
            _rewrite_parquet(out, f"part-{part}", keep)


def _path_of(line: dict[str, Any], field: str) -> str | None:
    value = line.get(field)
    return value.get("path") if isinstance(value, dict) else value


def _rewrite_parquet(out: Path, part: str, keep: set[int]) -> None:
    import pyarrow as pa
    import pyarrow.compute as pc

    pq = parquet.require()
    for table in TABLES:
        path = out / parquet.FOLDER / table.name / f"{part}.parquet"
        if not path.exists():
            continue
        if not keep:
            path.unlink()
            continue
        data = pq.read_table(path)
        data = data.filter(pc.is_in(data["meeting_id"], value_set=pa.array(sorted(keep), pa.int64())))
        parquet._write(path, table.name, [tuple(row.values()) for row in data.to_pylist()])
