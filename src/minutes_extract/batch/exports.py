"""Outputs exported from the batch database: each file is written whole or not at all
(temporary file, then rename), so an interrupted export leaves the previous one intact."""

from __future__ import annotations

import csv
import json
import zlib
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from ..files import atomic_write
from .store import FileEntry, Store
from .tables import TABLES

JSONL = "meetings.jsonl"
ERRORS = "errors.jsonl"
ERROR_COLUMNS = ("path", "size", "sha256", "tool_version", "error_code", "error")


def atomic_text(target: Path) -> AbstractContextManager[Any]:
    """A text file in OUT, written whole or not at all (its folder made if need be)."""
    return atomic_write(target, text=True, make_parents=True)


def json_path(out: Path, relpath: str) -> Path:
    return out / "json" / f"{relpath}.json"


def write_json_file(out: Path, relpath: str, record_json: str) -> None:
    """One input's record, as `extract` writes it, at the input's place in the tree."""
    with atomic_text(json_path(out, relpath)) as handle:
        handle.write(json.dumps(json.loads(record_json), ensure_ascii=False, indent=2) + "\n")


def mirror_json(out: Path, entry: FileEntry, write: bool) -> None:
    """Keep the JSON tree in step with the manifest: the record of a file that read, turns or
    none (when JSON files are asked for), and none for a file that fails, not even a stale one."""
    if entry.status == "failed":
        json_path(out, entry.relpath).unlink(missing_ok=True)
    elif write and entry.json_zlib is not None:
        write_json_file(out, entry.relpath, zlib.decompress(entry.json_zlib).decode("utf-8"))


def write(store: Store, out: Path, outputs: tuple[str, ...], concurrent: bool = False) -> None:
    """Indexes, then the outputs. SQLite builds the indexes on its own connection in a thread;
    with `concurrent` this thread meanwhile writes the files from a read snapshot (SQLite's C
    code runs without the GIL), so the export takes the longer of the two, not the sum."""
    writers: dict[str, Callable[[Store, Path], None]] = {"jsonl": _jsonl, "json": _json_files, "csv": _csv}
    with ThreadPoolExecutor(1) as thread:
        indexing = thread.submit(_add_indexes, store.path, "sqlite" in outputs)
        if not concurrent:
            indexing.result()
        for name in outputs:
            if name in writers:
                writers[name](store, out)
        _errors(store, out)
        indexing.result()


def _add_indexes(database: Path, full_text: bool) -> None:
    own = Store(database.parent)
    try:
        own.add_indexes()
        if full_text:
            own.add_full_text_index()
    finally:
        own.close()


def _errors(store: Store, out: Path) -> None:
    with atomic_text(out / ERRORS) as handle:
        for row in store.errors():
            handle.write(json.dumps(dict(zip(ERROR_COLUMNS, row, strict=True)), ensure_ascii=False) + "\n")


def _jsonl(store: Store, out: Path) -> None:
    with atomic_text(out / JSONL) as handle:
        for _, record_json in store.documents():
            handle.write(record_json + "\n")


def _json_files(store: Store, out: Path) -> None:
    """Files processed in an earlier run without `--to json` get theirs now."""
    for relpath, record_json in store.documents():
        if not json_path(out, relpath).exists():
            write_json_file(out, relpath, record_json)


def _csv(store: Store, out: Path) -> None:
    folder = out / "csv"
    for table in TABLES:
        with atomic_text(folder / f"{table.name}.csv") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(table.columns)
            writer.writerows(store.table_rows(table.name, table.columns, table.key))
    with atomic_text(folder / "errors.csv") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(ERROR_COLUMNS)
        writer.writerows(store.errors())


def totals(store: Store) -> dict[str, int]:
    return {table.name: store.db.execute(f"SELECT count(*) FROM {table.name}").fetchone()[0]
            for table in TABLES}


def diagnostic_codes(store: Store) -> Counter[str]:
    return Counter(dict(store.db.execute("SELECT code, count(*) FROM diagnostics GROUP BY code")))
