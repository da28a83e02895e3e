"""Outputs exported from the batch database: each file is written whole or not at all
(temporary file, then rename), so an interrupted export leaves the previous one intact. A file
that cannot be written stops the batch, naming it (OutputError)."""

from __future__ import annotations

import csv
import hashlib
import json
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
from pathlib import Path, PurePath
from typing import Any

from ..export.csv import escape_row
from ..files import atomic_write
from .problems import OutputError, from_os
from .store import DATABASE, FileEntry, Store
from .tables import REMARKS_WIDE_COLUMNS, TABLES

JSONL = "meetings.jsonl"
ERRORS = "errors.jsonl"
ERROR_COLUMNS = ("path", "size", "sha256", "tool_version", "error_code", "error")
XLSX = "minutes.xlsx"
NAMES = {"jsonl": JSONL, "json": "json/", "csv": "csv/", "sqlite": DATABASE,  # as the summary names them
         "parquet": "parquet/", "html": "html/", "tei": "tei/", "xlsx": XLSX}
_NAME_MAX = 255  # bytes in one file or folder name (ext4, XFS, Btrfs, APFS)
_TEMPORARY = len("..") + 8 + len(".tmp")  # what atomic_write's `.NAME.RANDOM.tmp` adds to a name


@contextmanager
def atomic_text(target: Path, text: bool = True) -> Iterator[Any]:
    """A text file in OUT (`text=False`: a binary handle), written whole or not at all (its
    folder made if need be); an error names the file, not the temporary one it was written as."""
    try:
        with atomic_write(target, text=text, make_parents=True) as handle:
            yield handle
    except OSError as exc:
        raise OutputError(str(target), exc.strerror or str(exc)) from None


def json_path(out: Path, path: str, folder: str = "json", suffix: str = ".json") -> Path:
    """Where the JSON file of the input at the absolute `path` goes: that path under OUT/json,
    so that no two inputs share one and a file keeps its place wherever the batch is run from.
    A name too long for the file system is shortened, a hash of it keeping it unique. (The
    TEI files: OUT/tei, `.xml`.)"""
    *folders, name = PurePath(path).parts[1:]
    return out.joinpath(folder, *(_fit(part, _NAME_MAX) for part in folders),
                        _fit(f"{name}{suffix}", _NAME_MAX - _TEMPORARY))


def _fit(name: str, limit: int) -> str:
    """`name` when it has at most `limit` bytes; else its start, `~`, 16 hex digits of the
    sha256 of the whole name and its suffixes (`.txt.json`), in `limit` bytes."""
    data = name.encode("utf-8", "surrogateescape")
    if len(data) <= limit:
        return name
    suffix = "".join(PurePath(name).suffixes[-2:])
    suffix = suffix if len(suffix.encode("utf-8", "surrogateescape")) <= 24 else ""
    digest = hashlib.sha256(data).hexdigest()[:16]
    room = limit - len(suffix.encode("utf-8", "surrogateescape")) - 1 - len(digest)
    return f"{data[:room].decode('utf-8', 'ignore')}~{digest}{suffix}"


def write_json_file(out: Path, path: str, record_json: str) -> None:
    """One input's record, as `extract` writes it."""
    with atomic_text(json_path(out, path)) as handle:
        handle.write(json_text(record_json))


def json_text(record_json: str | bytes) -> str:
    """A record's JSON file: indented, as `extract` writes it."""
    return json.dumps(json.loads(record_json), ensure_ascii=False, indent=2) + "\n"


def mirror_json(out: Path, entry: FileEntry, write: bool) -> None:
    """Keep the JSON tree in step with the manifest: the record of a file that read, turns or
    none (when JSON files are asked for), and none for a file that fails, not even a stale one."""
    if entry.status == "failed":
        target = json_path(out, entry.path)
        try:
            target.unlink(missing_ok=True)
        except OSError as exc:
            raise from_os(exc, target) from None
    elif write and entry.json_zlib is not None:
        write_json_file(out, entry.path, zlib.decompress(entry.json_zlib).decode("utf-8"))


def write(store: Store, out: Path, outputs: tuple[str, ...], escape: bool = True, bom: bool = True,
          run: int | None = None) -> None:
    """The database made whole (its full-text index caught up, its indexes built) on a
    connection of its own in a thread, while this thread writes the files from a read snapshot
    (SQLite's C code runs without the GIL): the end of a run takes the longer of the two, not
    the sum. `escape`: CSV cells a spreadsheet would run as formulas are made text; `bom`: CSV
    files start with a UTF-8 byte-order mark (spreadsheets then read Korean right). `run`: the
    files this run processed get their TEI files written anew."""
    writers: dict[str, Callable[[Store, Path], None]] = {
        "jsonl": _jsonl, "json": _json_files, "csv": partial(_csv, escape=escape, bom=bom),
        "tei": partial(tei_files, run=run), "xlsx": workbook}
    with ThreadPoolExecutor(1) as thread:
        finishing = thread.submit(_finish_database, store.path)
        for name in outputs:
            if name in writers:
                writers[name](store, out)
        _errors(store, out)
        finishing.result()


def _finish_database(database: Path) -> None:
    own = Store(database.parent)
    try:
        own.catch_up_full_text()
        own.add_indexes()
    finally:
        own.close()


def _errors(store: Store, out: Path) -> None:
    with atomic_text(out / ERRORS) as handle:
        for row in store.errors():
            handle.write(error_line(row))


def error_line(row: Sequence[object]) -> str:
    """A failed file's line in errors.jsonl: ERROR_COLUMNS."""
    return json.dumps(dict(zip(ERROR_COLUMNS, row, strict=True)), ensure_ascii=False) + "\n"


def _jsonl(store: Store, out: Path) -> None:
    with atomic_text(out / JSONL, text=False) as handle:
        for _, record_json in store.documents_utf8():
            handle.write(record_json + b"\n")


def _json_files(store: Store, out: Path) -> None:
    """Files processed in an earlier run without `--to json` get theirs now."""
    for path, record_json in store.documents():
        if not json_path(out, path).exists():
            write_json_file(out, path, record_json)


def _csv(store: Store, out: Path, escape: bool, bom: bool) -> None:
    folder = out / "csv"
    for table in TABLES:
        _csv_file(folder / f"{table.name}.csv", table.columns,
                  store.table_rows(table.name, table.columns, table.key), escape, bom)
    _csv_file(folder / "remarks_wide.csv", REMARKS_WIDE_COLUMNS, _wide_rows(store), escape, bom)
    _csv_file(folder / "errors.csv", ERROR_COLUMNS, store.errors(), escape, bom)


def _wide_rows(store: Store) -> Iterable[Sequence[object]]:
    """Every remark with its meeting, turn, speaker and section (the `remarks_wide` view)."""
    return store.db.execute(f"SELECT {', '.join(REMARKS_WIDE_COLUMNS)} FROM remarks_wide "
                            "ORDER BY meeting_id, remark_no")


def _csv_file(target: Path, header: Sequence[str], rows: Iterable[Sequence[object]], escape: bool,
              bom: bool = True) -> None:
    with atomic_text(target) as handle:
        if bom:
            handle.write("\ufeff")
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(map(escape_row, rows) if escape else rows)


def tei_files(store: Store, out: Path, run: int | None) -> None:
    """A TEI file per meeting under OUT/tei, in the JSON tree's layout: written for the files
    this run processed and for any that has none; TEI files of inputs no longer recorded
    (failed since, pruned) are removed."""
    from ..export.tei import to_tei
    from ..models import MinutesRecord

    fresh = {path for (path,) in store.db.execute("SELECT path FROM files WHERE run_id = ?", (run,))}
    expected = set()
    for path, record_json in store.documents():
        target = json_path(out, path, "tei", ".xml")
        expected.add(target)
        if path in fresh or not target.exists():
            _write_bytes(target, to_tei(MinutesRecord.model_validate_json(record_json)))
    for stale in (out / "tei").rglob("*.xml"):
        if stale not in expected:
            try:
                stale.unlink(missing_ok=True)
            except OSError as exc:
                raise from_os(exc, stale) from None


def workbook(store: Store, out: Path) -> None:
    """OUT/minutes.xlsx: every meeting's rows, from the database (export/xlsx.py's sheets)."""
    from ..export.xlsx import write_workbook

    tables = {table.name: table for table in TABLES}
    sheets = {sheet: store.table_rows(name, tables[name].columns, tables[name].key)
              for sheet, name in (("meeting", "meetings"), ("turns", "turns"), ("notes", "notes"),
                                  ("attendees", "attendees"), ("diagnostics", "diagnostics"))}
    sheets["remarks"] = _wide_rows(store)
    try:
        with atomic_write(out / XLSX, make_parents=True) as handle:
            write_workbook(handle, sheets)
    except OSError as exc:
        raise OutputError(str(out / XLSX), exc.strerror or str(exc)) from None


def _write_bytes(target: Path, data: bytes) -> None:
    try:
        with atomic_write(target, make_parents=True) as handle:
            handle.write(data)
    except OSError as exc:
        raise OutputError(str(target), exc.strerror or str(exc)) from None


def totals(store: Store) -> dict[str, int]:
    return {table.name: store.db.execute(f"SELECT count(*) FROM {table.name}").fetchone()[0]
            for table in TABLES}


def diagnostic_codes(store: Store) -> Counter[str]:
    return Counter(dict(store.db.execute("SELECT code, count(*) FROM diagnostics GROUP BY code")))
