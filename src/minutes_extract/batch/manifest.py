"""The manifest of `batch --scheduler`: every file's size, mtime, sha256, version, status, the
part that holds its rows and how many rows it gave; every part's file count when written.

The client keeps it in SQLite: OUT/dask-manifest.sqlite when OUT is a folder; when OUT is a URL,
a temporary database loaded from OUT/dask-manifest.parquet and saved back there (whole, under
a temporary name) every minute or so and at the end, so that a re-run from any machine resumes."""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from .._version import __version__
from .problems import OutputError
from .remote import Target
from .store import Known

SQLITE = "dask-manifest.sqlite"
PARQUET = "dask-manifest.parquet"
COLUMNS = ("file_id", "path", "relpath", "size", "mtime_ns", "sha256", "status", "error_code", "error",
           "counts", "version", "part")
_INTEGERS = {"file_id", "size", "mtime_ns"}
_SQL = ("""CREATE TABLE IF NOT EXISTS files (file_id INTEGER UNIQUE, path TEXT PRIMARY KEY, relpath TEXT,
    size INTEGER, mtime_ns INTEGER, sha256 TEXT, status TEXT, error_code TEXT, error TEXT, counts TEXT,
    version TEXT, part TEXT)""",
        "CREATE INDEX IF NOT EXISTS files_part ON files (part)",
        "CREATE TABLE IF NOT EXISTS parts (part TEXT PRIMARY KEY, files INTEGER)",
        "CREATE TABLE IF NOT EXISTS runs (run INTEGER PRIMARY KEY)")
_SAVE_EVERY = 60.0  # seconds between saves of a remote manifest during a run
_BATCH = 16_384
Line = tuple[int, str, str, int, int, str | None, str, str | None, str | None, str]  # COLUMNS[:10]


class Manifest:
    """What a re-run compares against, and which part holds each file's rows (so that a
    redone file's old rows are taken out of its old part)."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.folder = Path(tempfile.mkdtemp(prefix="minutes-manifest-")) if target.remote else None
        database = (self.folder or Path(target.out)) / SQLITE
        database.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(database)
        self.db.execute("PRAGMA journal_mode = WAL")  # a commit per chunk, without a sync each:
        self.db.execute("PRAGMA synchronous = NORMAL")  # whole against a killed client, as the store is
        for statement in _SQL:
            self.db.execute(statement)
        if self.folder is not None:
            self._load()
        self.run = self.db.execute("SELECT coalesce(max(run), 0) + 1 FROM runs").fetchone()[0]
        self.db.execute("INSERT INTO runs VALUES (?)", (self.run,))
        self.db.commit()
        self.saved = time.monotonic()

    def known(self) -> dict[str, Known]:
        """What a local run's store says of each file, for the same decisions."""
        rows = self.db.execute("SELECT path, file_id, relpath, size, mtime_ns, sha256, version, status "
                               "FROM files")
        return {path: Known(*rest) for path, *rest in rows}

    def paths(self) -> Iterator[str]:
        return (path for (path,) in self.db.execute("SELECT path FROM files"))

    def next_id(self) -> int:
        return self.db.execute("SELECT coalesce(max(file_id), 0) + 1 FROM files").fetchone()[0]

    def record(self, lines: Iterable[Line], part: str) -> None:
        """A finished chunk: its files now live in `part`."""
        lines = list(lines)
        marks = ", ".join("?" * len(COLUMNS))
        self.db.executemany(f"INSERT OR REPLACE INTO files ({', '.join(COLUMNS)}) VALUES ({marks})",
                            [(*line, __version__, part) for line in lines])
        self.db.execute("INSERT OR REPLACE INTO parts VALUES (?, ?)", (part, len(lines)))
        self.db.commit()
        if self.folder is not None and time.monotonic() - self.saved > _SAVE_EVERY:
            self.save()

    def forget(self, paths: Iterable[str]) -> None:
        """Files no longer among the inputs (--prune): their parts shrink at the next tidy."""
        self.db.executemany("DELETE FROM files WHERE path = ?", [(path,) for path in paths])
        self.db.commit()

    def parts(self) -> set[str]:
        return {part for (part,) in self.db.execute("SELECT part FROM parts")}

    def shrunk(self) -> list[tuple[str, set[int], set[str]]]:
        """Parts holding rows of files that now live elsewhere, or nowhere: each with the ids and
        relative paths of the files it still holds (none: the part goes)."""
        stale = self.db.execute("""SELECT p.part FROM parts p LEFT JOIN files f ON f.part = p.part
            GROUP BY p.part HAVING count(f.file_id) < max(p.files)""").fetchall()
        found = []
        for (part,) in stale:
            rows = self.db.execute("SELECT file_id, relpath FROM files WHERE part = ?", (part,)).fetchall()
            found.append((part, {row[0] for row in rows}, {row[1] for row in rows}))
        return found

    def tidied(self, part: str, files: int) -> None:
        if files:
            self.db.execute("UPDATE parts SET files = ? WHERE part = ?", (files, part))
        else:
            self.db.execute("DELETE FROM parts WHERE part = ?", (part,))
        self.db.commit()

    def totals(self) -> tuple[dict[str, int], Counter[str]]:
        """Rows per table and diagnostics per code over every file in OUT, as a local run counts."""
        rows: Counter[str] = Counter()
        for (counts,) in self.db.execute("SELECT counts FROM files WHERE counts IS NOT NULL"):
            rows.update(json.loads(counts))
        codes = Counter({name[5:]: n for name, n in rows.items() if name.startswith("code:")})
        return {name: n for name, n in rows.items() if not name.startswith("code:")}, codes

    def save(self) -> None:
        """A remote manifest, written back to OUT whole (nothing to do for a local one)."""
        if self.folder is None:
            return
        from .parquet import encode, schema

        parts = dict(self.db.execute("SELECT part, files FROM parts"))
        kind = schema(COLUMNS, dict.fromkeys(_INTEGERS, "INTEGER")).with_metadata(
            {"runs": str(self.run), "parts": json.dumps(parts)})
        cursor = self.db.execute(f"SELECT {', '.join(COLUMNS)} FROM files ORDER BY file_id")
        data = encode(kind, iter(lambda: cursor.fetchmany(_BATCH), []))
        self.target.write(PARQUET, data)
        self.saved = time.monotonic()

    def _load(self) -> None:
        data = self.target.read(PARQUET)
        if data is None:
            return
        import pyarrow.parquet as pq

        handle = pq.ParquetFile(io.BytesIO(data))
        metadata = handle.schema_arrow.metadata or {}
        self.db.executemany("INSERT INTO runs VALUES (?)",
                            [(run,) for run in range(1, int(metadata.get(b"runs", b"0")) + 1)])
        self.db.executemany("INSERT INTO parts VALUES (?, ?)",
                            json.loads(metadata.get(b"parts", b"{}")).items())
        marks = ", ".join("?" * len(COLUMNS))
        for batch in handle.iter_batches(batch_size=_BATCH, columns=list(COLUMNS)):
            self.db.executemany(f"INSERT INTO files ({', '.join(COLUMNS)}) VALUES ({marks})",
                                zip(*(column.to_pylist() for column in batch.columns), strict=True))
        self.db.commit()

    def close(self, failing: bool = False) -> None:
        """Saved (a remote one) and closed. `failing`: the run is stopping on an error, which
        a second one from saving must not hide; the next run then redoes what is unrecorded."""
        try:
            self.save()
        except (OSError, OutputError):
            if not failing:
                raise
        finally:
            self.db.close()
            if self.folder is not None:
                shutil.rmtree(self.folder, ignore_errors=True)
