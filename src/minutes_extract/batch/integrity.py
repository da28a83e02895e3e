"""Whether a batch database that already exists can be trusted, checked before a run adds to
it. A run only adds: a dropped table would come back empty, deleted rows would stay missing
and a stale full-text index would answer wrongly, all without a word. Each check returns what
is wrong in a few words, or None."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from .tables import TABLES

FILE_COLUMNS = ("file_id", "path", "relpath", "size", "mtime_ns", "sha256", "tool_version", "status",
                "error_code", "error", "pages", "seconds", "processed_at", "run_id")
EXPECTED: dict[str, tuple[str, ...]] = {
    "files": FILE_COLUMNS, **{table.name: table.columns for table in TABLES},
    "documents": ("meeting_id", "json_zlib"),
}
# Columns added since the first batch version, and their types: a database an earlier version
# made gains them (empty until its files are redone); any other column missing is damage. A
# column added to a table later goes here too.
ADDED_LATER: dict[str, dict[str, str]] = {"turns": {"agenda_items": "TEXT"}, "files": {"run_id": "INTEGER"}}
FTS_TRIGGERS = ("remarks_fts_insert", "remarks_fts_delete")


def before_upgrade(db: sqlite3.Connection) -> str | None:
    """The file itself and the tables: before the schema step, which would make missing ones."""
    rows = db.execute("PRAGMA quick_check").fetchall()
    if rows != [("ok",)]:  # findings, some of several lines under a `*** in database main ***` heading
        found = [line for (text,) in rows for line in text.splitlines()
                 if line and not line.startswith("***")]
        more = f" and {len(found) - 1} more" if len(found) > 1 else ""
        return f"quick_check: {found[0] if found else rows[0][0]}{more}"
    tables = _names(db, "table")
    if tables and "files" not in tables:
        return "not a minutes-extract batch database: it has no files table"
    missing = [name for name in EXPECTED if name not in tables]
    if tables and missing:
        return f"table {', '.join(missing)} missing"
    return None


def after_upgrade(db: sqlite3.Connection) -> str | None:
    """Columns, the full-text index and the rows, once an earlier version's tables are upgraded."""
    checks: tuple[Callable[[sqlite3.Connection], str | None], ...] = (
        _columns, _full_text, _manifest, _orphans, _counts)
    for check in checks:
        problem = check(db)
        if problem is not None:
            return problem
    return None


def _names(db: sqlite3.Connection, kind: str) -> set[str]:
    return {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = ?", (kind,))}


def _columns(db: sqlite3.Connection) -> str | None:
    for table, columns in EXPECTED.items():
        have = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        missing = [column for column in columns if column not in have]
        if missing:
            return f"column {', '.join(f'{table}.{c}' for c in missing)} missing"
    return None


def _full_text(db: sqlite3.Connection) -> str | None:
    if "remarks_fts" not in _names(db, "table"):
        return None  # made at the first export to sqlite
    missing = [name for name in FTS_TRIGGERS if name not in _names(db, "trigger")]
    if missing:
        return f"trigger {', '.join(missing)} missing: the full-text index would go stale"
    try:  # rank 1: the index is also compared with the remarks it indexes
        db.execute("INSERT INTO remarks_fts (remarks_fts, rank) VALUES ('integrity-check', 1)")
    except sqlite3.DatabaseError as exc:
        return f"the full-text index remarks_fts does not match the remarks ({exc})"
    return None


def _manifest(db: sqlite3.Connection) -> str | None:
    count, first = db.execute(
        """SELECT count(*), min(f.relpath) FROM files f WHERE f.status IN ('ok', 'empty') AND (
             NOT EXISTS (SELECT 1 FROM meetings m WHERE m.meeting_id = f.file_id)
             OR NOT EXISTS (SELECT 1 FROM documents d WHERE d.meeting_id = f.file_id))""").fetchone()
    if count:
        return f"{count} file(s) recorded as read have no meeting or record rows (first: {first})"
    return None


def _orphans(db: sqlite3.Connection) -> str | None:
    count, first = db.execute(
        """SELECT count(*), min(m.path) FROM meetings m
           WHERE NOT EXISTS (SELECT 1 FROM files f WHERE f.file_id = m.meeting_id)""").fetchone()
    return f"{count} meeting(s) have no manifest row (first: {first})" if count else None


def _counts(db: sqlite3.Connection) -> str | None:
    """A meeting's turns, remarks and diagnostics are all there (its counts say how many)."""
    count, first = db.execute(
        """SELECT count(*), min(m.path) FROM meetings m WHERE
             m.turn_count != (SELECT count(*) FROM turns t WHERE t.meeting_id = m.meeting_id)
             OR m.remark_count != (SELECT count(*) FROM remarks r WHERE r.meeting_id = m.meeting_id)
             OR m.diagnostic_count != (SELECT count(*) FROM diagnostics d WHERE d.meeting_id = m.meeting_id)
        """).fetchone()
    if count:
        return (f"{count} meeting(s) miss turns, remarks or diagnostics that their counts promise "
                f"(first: {first})")
    return None
