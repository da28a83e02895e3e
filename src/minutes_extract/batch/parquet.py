"""`--to parquet`: one folder per table under OUT/parquet, the same columns and ids as the CSV
and SQLite tables, read by DuckDB, pandas or polars with a glob (`parquet/remarks/*.parquet`).

The workers write the parts, one per chunk and table, before the chunk's transaction, which
records which part holds each file's rows (store.PARQUET_SQL). So nothing is left to convert at
the end; `finish` only tidies: parts of a chunk that never committed go, parts whose files were
redone or removed since are rewritten without them, files read by a run without `--to parquet`
get a part from the database, and the small `files` table (the manifest) is written whole.
pyarrow is an optional extra (`minutes-extract[parquet]`)."""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import import_extra
from .integrity import FILE_COLUMNS
from .problems import OutputError
from .tables import TABLES, Rows

if TYPE_CHECKING:
    from .store import FileEntry, Store

FOLDER = "parquet"
FILES = "files"  # the manifest's folder: one file, written whole at the end of a run
_FILE_TYPES = {"file_id": "INTEGER", "size": "INTEGER", "mtime_ns": "INTEGER", "pages": "INTEGER",
               "run_id": "INTEGER", "seconds": "REAL"}
_BACKFILL = 256  # files per part written from the database
_GROUP = 16_384  # rows of the files table per row group


def require() -> Any:
    """pyarrow.parquet, or the one-line error that says which extra to install."""
    return import_extra("pyarrow.parquet", "--to parquet", "parquet", "pyarrow")


def schema(columns: Sequence[str], sql_types: dict[str, str]) -> Any:
    """Explicit types: a part whose column is all null still agrees with the others."""
    import pyarrow as pa

    kinds = {"INTEGER": pa.int64(), "REAL": pa.float64()}
    return pa.schema([(c, kinds.get(sql_types.get(c, "TEXT"), pa.string())) for c in columns])


_SCHEMAS: dict[str, Any] = {}


def _schema_of(table: str) -> Any:
    if table not in _SCHEMAS:
        if table == FILES:
            _SCHEMAS[table] = schema(FILE_COLUMNS, _FILE_TYPES)
        else:
            found = next(t for t in TABLES if t.name == table)
            _SCHEMAS[table] = schema(found.columns, found.sql_types)
    return _SCHEMAS[table]


def part_name(run: int, entries: Sequence[FileEntry]) -> str:
    """Unique in OUT: a file is in one chunk of a run."""
    return f"part-{run:05d}-{min(entry.file_id for entry in entries):09d}"


def write_part(out: Path, part: str, rows: Sequence[Rows]) -> None:
    """One part file per table for the rows of a chunk (a table without rows gets an empty part,
    so that every table's glob finds files)."""
    for table in TABLES:
        _write(out / FOLDER / table.name / f"{part}.parquet", table.name,
               [row for one in rows for row in one.get(table.name, ())])


def _write(target: Path, table: str, rows: Sequence[Sequence[object]] | Iterator[list[Any]]) -> None:
    """Written whole or not at all: a temporary file beside it (named as remove_leftovers
    knows), then renamed. Not synced, as SQLite's commits are not (synchronous = NORMAL):
    whole against a killed process, which is what resuming needs. `rows`: the rows, or
    batches of them (one row group each: memory stays flat)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                _write_to(handle, table, rows)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise OutputError(str(target), exc.strerror or str(exc)) from None


def encode(table: str | Any, rows: Sequence[Sequence[object]] | Iterator[list[Any]]) -> bytes:
    """A part as bytes, for an OUT that is not a local folder (batch --scheduler). `table`: a
    table's name, or an arrow schema of one's own (the Dask manifest's)."""
    buffer = io.BytesIO()
    _write_to(buffer, table, rows)
    return buffer.getvalue()


def decode(data: bytes, table: str) -> Any:
    """A part's bytes as an arrow table, with the table's own column types."""
    return require().read_table(io.BytesIO(data), schema=_schema_of(table))


def _write_to(handle: Any, table: str | Any, rows: Sequence[Sequence[object]] | Iterator[list[Any]]) -> None:
    pq = require()
    kind = _schema_of(table) if isinstance(table, str) else table
    groups = iter([rows]) if isinstance(rows, Sequence) else rows
    with pq.ParquetWriter(handle, kind, compression="zstd") as writer:
        written = False
        for group in groups:
            if group:
                writer.write_table(arrow_table(kind, group))
                written = True
        if not written:
            writer.write_table(arrow_table(kind, []))


def arrow_table(kind: Any, rows: Sequence[Sequence[object]]) -> Any:
    import pyarrow as pa

    columns = list(zip(*rows, strict=True)) if rows else [() for _ in kind.names]
    arrays = [pa.array(c, f.type) for c, f in zip(columns, kind, strict=True)]
    return pa.Table.from_arrays(arrays, schema=kind)


def finish(store: Store, out: Path, run: int) -> None:
    """Make OUT/parquet agree with the database, as a clean run would have written it."""
    folder = out / FOLDER
    parts = {part for (part,) in store.db.execute("SELECT part FROM parquet_parts")}
    for table in TABLES:  # parts of chunks killed before their commit
        for path in (folder / table.name).glob("*.parquet"):
            if path.stem not in parts:
                path.unlink(missing_ok=True)
    stale = store.db.execute(
        """SELECT p.part FROM parquet_parts p LEFT JOIN parquet_files f ON f.part = p.part
           GROUP BY p.part HAVING count(f.file_id) < max(p.files)""").fetchall()
    for (part,) in stale:
        _rewrite(store, folder, part)
    _backfill(store, out, run)
    cursor = store.db.execute(f"SELECT {', '.join(FILE_COLUMNS)} FROM files ORDER BY file_id")
    _write(folder / FILES / f"{FILES}.parquet", FILES, iter(lambda: cursor.fetchmany(_GROUP), []))


def _rewrite(store: Store, folder: Path, part: str) -> None:
    """A part without the files that are no longer its own (redone since, or removed)."""
    pq = require()
    keep = [file_id for (file_id,) in store.db.execute(
        "SELECT file_id FROM parquet_files WHERE part = ?", (part,))]
    for table in TABLES:
        path = folder / table.name / f"{part}.parquet"
        if not keep:
            path.unlink(missing_ok=True)
        elif path.exists():
            _write(path, table.name, kept_rows(pq.read_table(path, schema=_schema_of(table.name)), keep))
    with store.transaction():
        if keep:
            store.db.execute("UPDATE parquet_parts SET files = ? WHERE part = ?", (len(keep), part))
        else:
            store.db.execute("DELETE FROM parquet_parts WHERE part = ?", (part,))


def kept_rows(data: Any, keep: Iterable[int]) -> list[tuple[object, ...]]:
    """The rows of a part's arrow table that belong to the files `keep` (their meeting_id)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    data = data.filter(pc.is_in(data["meeting_id"], value_set=pa.array(sorted(keep), pa.int64())))
    return list(zip(*(column.to_pylist() for column in data.columns), strict=True))


def _backfill(store: Store, out: Path, run: int) -> None:
    """Parts, from the database, for the files read by a run that did not write Parquet."""
    missing = [file_id for (file_id,) in store.db.execute(
        """SELECT file_id FROM files WHERE status IN ('ok', 'empty')
           AND file_id NOT IN (SELECT file_id FROM parquet_files) ORDER BY file_id""")]
    for start in range(0, len(missing), _BACKFILL):
        ids = missing[start:start + _BACKFILL]
        marks = ", ".join("?" * len(ids))
        rows: Rows = {table.name: store.db.execute(
            f"SELECT {', '.join(table.columns)} FROM {table.name} WHERE meeting_id IN ({marks})", ids,
        ).fetchall() for table in TABLES}
        part = f"part-{run:05d}-{ids[0]:09d}"
        write_part(out, part, [rows])
        with store.transaction():
            store.db.execute("INSERT INTO parquet_parts (part, files) VALUES (?, ?)", (part, len(ids)))
            store.db.executemany("INSERT INTO parquet_files (file_id, part) VALUES (?, ?)",
                                 [(file_id, part) for file_id in ids])
