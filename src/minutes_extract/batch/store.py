"""The batch's SQLite database: the manifest of every input file and the tables of every
meeting, written one transaction per group of files.

A file's manifest row and all its rows are committed together, so a run killed at any
moment leaves each file either wholly recorded or not at all; a re-run redoes exactly the
files that are not. Other outputs (JSONL, CSV) are exported from here, atomically.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from . import integrity
from .problems import DamagedStore, from_sqlite
from .tables import REMARKS_WIDE_VIEW, TABLES, Rows

DATABASE = "minutes.sqlite"
FILES_SQL = """CREATE TABLE IF NOT EXISTS files (
  file_id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,
  relpath TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime_ns INTEGER NOT NULL,
  sha256 TEXT,
  tool_version TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('ok', 'empty', 'failed')),
  error_code TEXT,
  error TEXT,
  pages INTEGER,
  seconds REAL,
  processed_at TEXT NOT NULL DEFAULT (datetime('now')),
  run_id INTEGER  -- the run that recorded the row: what a summary counts
)"""
DOCUMENTS_SQL = """CREATE TABLE IF NOT EXISTS documents (
  meeting_id INTEGER PRIMARY KEY REFERENCES meetings (meeting_id) ON DELETE CASCADE,
  json_zlib BLOB NOT NULL  -- the record as `extract` gives it, zlib-compressed
)"""
ERRORS_VIEW = """CREATE VIEW IF NOT EXISTS errors AS
  SELECT file_id, relpath AS path, size, sha256, tool_version, error_code, error, processed_at
  FROM files WHERE status = 'failed'"""
# Trigram tokens find Korean words inside their particles: '메타버스' matches '메타버스를'.
FTS_SQL = """CREATE VIRTUAL TABLE IF NOT EXISTS remarks_fts USING fts5(
  text, content='remarks', content_rowid='remark_id', tokenize='trigram')"""
# The full-text index is kept current in batches, not row by row: a trigger per remark into
# FTS5 costs six times what indexing the same rows in a few large statements does (measured).
# Inserted remarks name their meeting in remarks_fts_pending, in the transaction that inserts
# them; catch_up_full_text indexes the pending meetings at once (by the parent, while the
# workers parse). A deleted remark leaves the index only if it was in it.
FTS_PENDING_SQL = "CREATE TABLE IF NOT EXISTS remarks_fts_pending (meeting_id INTEGER PRIMARY KEY)"
FTS_TRIGGERS = (
    """CREATE TRIGGER remarks_fts_insert AFTER INSERT ON remarks BEGIN
  INSERT OR IGNORE INTO remarks_fts_pending (meeting_id) VALUES (new.meeting_id); END""",
    """CREATE TRIGGER remarks_fts_delete AFTER DELETE ON remarks
  WHEN NOT EXISTS (SELECT 1 FROM remarks_fts_pending p WHERE p.meeting_id = old.meeting_id) BEGIN
  INSERT INTO remarks_fts (remarks_fts, rowid, text) VALUES ('delete', old.remark_id, old.text); END""",
)
# Which Parquet part holds each file's rows (parquet.py): a part whose files were redone or
# removed since is rewritten without them; a part no row names (its chunk never committed) goes.
PARQUET_SQL = (
    """CREATE TABLE IF NOT EXISTS parquet_parts (part TEXT PRIMARY KEY, files INTEGER NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS parquet_files (
  file_id INTEGER PRIMARY KEY REFERENCES files (file_id) ON DELETE CASCADE,
  part TEXT NOT NULL)""",
)
INDEXES = (
    "CREATE INDEX IF NOT EXISTS turns_speaker ON turns (meeting_id, speaker_id)",
    "CREATE INDEX IF NOT EXISTS remarks_turn ON remarks (meeting_id, turn_id)",
    "CREATE INDEX IF NOT EXISTS notes_turn ON notes (meeting_id, turn_id)",
    "CREATE INDEX IF NOT EXISTS diagnostics_code ON diagnostics (code)",
    "CREATE INDEX IF NOT EXISTS meetings_date ON meetings (date)",
    "CREATE INDEX IF NOT EXISTS attendees_name ON attendees (name)",
)


@dataclass(frozen=True, slots=True)  # slots: one per file of the archive, held while planning
class Known:
    """What the manifest says of one input file."""

    file_id: int
    relpath: str
    size: int
    mtime_ns: int
    sha256: str | None
    tool_version: str
    status: str


@dataclass
class FileEntry:
    """One processed file, ready to be committed."""

    file_id: int
    path: str
    relpath: str
    size: int
    mtime_ns: int
    sha256: str | None
    tool_version: str
    status: str
    error_code: str | None = None
    error: str | None = None
    pages: int | None = None
    seconds: float | None = None
    json_zlib: bytes | None = None  # the record's JSON, compressed by the worker
    rows: Rows | None = None
    review_html: str | None = None  # its review page (`--to html`), made by the worker
    committed: bool = False  # by the worker that made it
    commit_share: float = 0.0  # its share of the seconds its chunk's commit held the database


class Store:
    """The database of one output folder. SQLite's errors leave it as BatchStop: the output
    cannot be written, or the database cannot be used."""

    def __init__(self, folder: Path, check: bool = False) -> None:
        """`check` (the run's own connection, once at the start): trust an existing database
        only when it is whole (integrity.py)."""
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / DATABASE
        try:
            # workers commit in turn: a writer waits for the other's transaction, it does not fail
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=120)
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")  # durable against a killed process
            self.db.execute("PRAGMA foreign_keys = ON")
            if check:
                self._refuse(integrity.before_upgrade(self.db))
            self._schema()
            if check:
                self.catch_up_full_text()  # what a killed run left pending, before it is compared
                self._refuse(integrity.after_upgrade(self.db))
            self.db.execute(REMARKS_WIDE_VIEW)  # after the check: it names columns a damage may lack
        except sqlite3.Error as exc:
            raise from_sqlite(exc, self.path) from None

    def _refuse(self, problem: str | None) -> None:
        if problem is not None:
            self.db.close()
            raise DamagedStore(str(self.path), problem)

    def _schema(self) -> None:
        self._allow_empty_status()
        with self.transaction():
            self.db.execute(FILES_SQL)
            for table in TABLES:
                self.db.execute(table.create_sql())
            self.db.execute(DOCUMENTS_SQL)
            for sql in (*PARQUET_SQL, FTS_PENDING_SQL):
                self.db.execute(sql)
            self._add_new_columns()
            self.db.execute(ERRORS_VIEW)

    def _add_new_columns(self) -> None:
        """A table made by an earlier version gains the columns added since (empty until its
        files are redone, which a new tool version does)."""
        for name, columns in integrity.ADDED_LATER.items():
            have = {row[1] for row in self.db.execute(f"PRAGMA table_info({name})")}
            for column, kind in columns.items():
                if column not in have:
                    self.db.execute(f"ALTER TABLE {name} ADD COLUMN {column} {kind}")

    def _allow_empty_status(self) -> None:
        """A manifest made before files could be `empty` allows only ok and failed: rebuild its
        files table with the new check (SQLite cannot alter a check), rows and ids kept."""
        found = self.db.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'files'").fetchone()
        if found is None or "'empty'" in found[0]:
            return
        # SQLite's way: a new table, the rows copied, the old one dropped, the new one renamed;
        # with foreign keys off, so that the meetings stay and find their files again.
        self.db.execute("PRAGMA foreign_keys = OFF")
        try:
            with self.transaction():
                self.db.execute("DROP VIEW IF EXISTS errors")
                self.db.execute(FILES_SQL.replace(" files (", " files_new (", 1))
                old = ", ".join(row[1] for row in self.db.execute("PRAGMA table_info(files)"))
                self.db.execute(f"INSERT INTO files_new ({old}) SELECT {old} FROM files")
                self.db.execute("DROP TABLE files")
                self.db.execute("ALTER TABLE files_new RENAME TO files")
        finally:
            self.db.execute("PRAGMA foreign_keys = ON")

    def transaction(self) -> _Transaction:
        return _Transaction(self.db)

    def known(self) -> dict[str, Known]:
        rows = self.db.execute(
            "SELECT path, file_id, relpath, size, mtime_ns, sha256, tool_version, status FROM files")
        return {path: Known(*rest) for path, *rest in rows}

    def next_id(self) -> int:
        return (self.db.execute("SELECT max(file_id) FROM files").fetchone()[0] or 0) + 1

    def new_run(self) -> int:
        """This run's id: the rows it commits carry it (taken while holding OUT)."""
        return (self.db.execute("SELECT max(run_id) FROM files").fetchone()[0] or 0) + 1

    def commit(self, entries: list[FileEntry], run: int, part: str | None = None) -> None:
        """Record files and their rows: all of them, or (killed midway) none. `part`: the
        Parquet part that holds the rows of those that have rows (written before)."""
        if not entries:
            return
        try:
            self._commit(entries, run, part)
        except sqlite3.Error as exc:
            raise from_sqlite(exc, self.path) from None

    def _commit(self, entries: list[FileEntry], run: int, part: str | None) -> None:
        with self.transaction():
            ids = [(e.file_id,) for e in entries]
            self.db.executemany("DELETE FROM meetings WHERE meeting_id = ?", ids)  # cascades
            self.db.executemany(
                """INSERT INTO files (file_id, path, relpath, size, mtime_ns, sha256, tool_version, status,
                                      error_code, error, pages, seconds, run_id)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (file_id) DO UPDATE SET path = excluded.path, relpath = excluded.relpath,
                     size = excluded.size, mtime_ns = excluded.mtime_ns, sha256 = excluded.sha256,
                     tool_version = excluded.tool_version, status = excluded.status,
                     error_code = excluded.error_code, error = excluded.error, pages = excluded.pages,
                     seconds = excluded.seconds, processed_at = datetime('now'), run_id = excluded.run_id""",
                [(e.file_id, e.path, e.relpath, e.size, e.mtime_ns, e.sha256, e.tool_version, e.status,
                  e.error_code, e.error, e.pages, e.seconds, run) for e in entries])
            done = [e for e in entries if e.rows is not None]
            for table in TABLES:  # one statement per table for the whole group
                rows = [row for e in done for row in e.rows.get(table.name, ())]  # type: ignore[union-attr]
                if rows:
                    marks = ", ".join("?" * len(table.columns))
                    self.db.executemany(
                        f"INSERT INTO {table.name} ({', '.join(table.columns)}) VALUES ({marks})", rows)
            self.db.executemany("INSERT INTO documents (meeting_id, json_zlib) VALUES (?, ?)",
                                [(e.file_id, e.json_zlib) for e in done])
            self.db.executemany("DELETE FROM parquet_files WHERE file_id = ?", ids)  # its old part is stale
            if part is not None and done:
                self.db.execute("INSERT INTO parquet_parts (part, files) VALUES (?, ?)", (part, len(done)))
                self.db.executemany("INSERT INTO parquet_files (file_id, part) VALUES (?, ?)",
                                    [(e.file_id, part) for e in done])

    def forget(self, file_ids: list[int]) -> None:
        """Remove files (manifest row, meeting and all its rows) in one transaction."""
        ids = [(file_id,) for file_id in file_ids]
        with self.transaction():
            self.db.executemany("DELETE FROM meetings WHERE meeting_id = ?", ids)  # cascades
            self.db.executemany("DELETE FROM files WHERE file_id = ?", ids)

    def add_indexes(self) -> None:
        """Indexes for queries, made before the first row of a run (a no-op when they exist):
        each chunk's transaction keeps them current, so the end of a run builds nothing."""
        with self.transaction():
            for index in INDEXES:
                self.db.execute(index)

    def add_full_text_index(self) -> None:
        """The FTS5 index over remark text: built over the remarks there are when it is new,
        then kept current (FTS_TRIGGERS, catch_up_full_text). Triggers of an earlier version,
        which indexed row by row, are replaced."""
        exists = self._has_full_text()
        with self.transaction():
            self.db.execute(FTS_SQL)
            for trigger in FTS_TRIGGERS:
                name = trigger.split()[2]
                self.db.execute(f"DROP TRIGGER IF EXISTS {name}")
                self.db.execute(trigger)
            if not exists:
                self.db.execute("INSERT INTO remarks_fts (remarks_fts) VALUES ('rebuild')")
                self.db.execute("DELETE FROM remarks_fts_pending")

    def _has_full_text(self) -> bool:
        found = self.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'remarks_fts'").fetchone()
        return found is not None

    def catch_up_full_text(self) -> int:
        """Index the remarks of the pending meetings, in one transaction; returns how many
        meetings. Nothing to do where there is no full-text index (yet)."""
        if not self._has_full_text():
            return 0
        try:
            with self.transaction():
                pending = self.db.execute("SELECT count(*) FROM remarks_fts_pending").fetchone()[0]
                if pending:
                    self.db.execute(
                        "INSERT INTO remarks_fts (rowid, text) SELECT remark_id, text FROM remarks "
                        "WHERE meeting_id IN (SELECT meeting_id FROM remarks_fts_pending)")
                    self.db.execute("DELETE FROM remarks_fts_pending")
        except sqlite3.Error as exc:
            raise from_sqlite(exc, self.path) from None
        return pending

    def documents(self) -> Iterator[tuple[str, str]]:
        """(path, record JSON) of every meeting, in the order of the paths shown."""
        for path, data in self.documents_utf8():
            try:
                yield path, data.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise DamagedStore(str(self.path), f"the stored record of {path} is damaged: {exc}") from None

    def documents_utf8(self) -> Iterator[tuple[str, bytes]]:
        """The same as UTF-8 bytes, as stored: JSONL is written without decoding and encoding
        again (which took 40% of its time). A record that does not decompress stops the export,
        naming its file."""
        cursor = self.db.execute(
            "SELECT f.path, f.relpath, d.json_zlib FROM documents d JOIN files f ON f.file_id = d.meeting_id "
            "ORDER BY f.relpath")
        while batch := cursor.fetchmany(256):
            for path, relpath, packed in batch:
                try:
                    yield path, zlib.decompress(packed)
                except (zlib.error, TypeError) as exc:
                    raise DamagedStore(str(self.path),
                                       f"the stored record of {relpath} is damaged: {exc}") from None

    def run_counts(self, run: int) -> dict[str, tuple[int, int, int]]:
        """Per status, the files this run committed: (files, bytes, pages)."""
        rows = self.db.execute("SELECT status, count(*), sum(size), sum(coalesce(pages, 0)) FROM files "
                               "WHERE run_id = ? GROUP BY status", (run,))
        return {status: (files, size or 0, pages or 0) for status, files, size, pages in rows}

    def run_files(self, run: int, status: str) -> list[FileEntry]:
        """The files of one status this run committed, in the order of their paths."""
        rows = self.db.execute(
            "SELECT file_id, path, relpath, size, mtime_ns, sha256, tool_version, status, error_code, error, "
            "pages, seconds FROM files WHERE run_id = ? AND status = ? ORDER BY relpath", (run, status))
        return [FileEntry(*row) for row in rows]

    def table_rows(self, name: str, columns: tuple[str, ...], key: tuple[str, ...]) -> Iterator[tuple]:
        cursor = self.db.execute(f"SELECT {', '.join(columns)} FROM {name} ORDER BY {', '.join(key)}")
        while batch := cursor.fetchmany(1024):
            yield from batch

    def errors(self) -> list[tuple]:
        return self.db.execute(
            "SELECT path, size, sha256, tool_version, error_code, error FROM errors ORDER BY path").fetchall()

    def close(self) -> None:
        self.db.close()


class _Transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, *_: object) -> None:
        if kind is None:
            self.db.execute("COMMIT")
        elif self.db.in_transaction:  # SQLite itself rolls back on some errors (a full disk)
            self.db.execute("ROLLBACK")
