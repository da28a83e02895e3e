"""`batch --to parquet`: parts written by the workers read back equal to the SQLite tables row
for row, also after files are redone, removed, or were read by a run without Parquet; the
README's DuckDB query; the message when pyarrow is missing; the process start method."""

from __future__ import annotations

import csv
import multiprocessing
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from minutes_extract.batch import BatchOptions, run_batch
from minutes_extract.batch.integrity import FILE_COLUMNS
from minutes_extract.batch.pool import start_method
from minutes_extract.batch.tables import TABLES
from test_batch import make_archive

# What each platform's multiprocessing offers, and what it may not use safely.
_OFFERED = {"linux": {"fork", "forkserver", "spawn"}, "darwin": {"fork", "forkserver", "spawn"},
            "win32": {"spawn"}, "freebsd14": {"fork", "forkserver", "spawn"}, "cygwin": {"fork", "spawn"}}
_UNSAFE = {"darwin": {"fork"}}


@pytest.mark.parametrize("platform", sorted(_OFFERED))
def test_the_start_method_exists_and_is_safe_on_each_platform(platform: str) -> None:
    method = start_method(platform)
    assert method in _OFFERED[platform] and method not in _UNSAFE.get(platform, set())
    assert start_method() in multiprocessing.get_all_start_methods()  # and here, for real


def _sqlite_rows(out: Path) -> dict[str, list[tuple]]:
    db = sqlite3.connect(out / "minutes.sqlite")
    tables = {t.name: db.execute(f"SELECT {', '.join(t.columns)} FROM {t.name} ORDER BY {', '.join(t.key)}")
              .fetchall() for t in TABLES}
    tables["files"] = db.execute(f"SELECT {', '.join(FILE_COLUMNS)} FROM files ORDER BY file_id").fetchall()
    db.close()
    return tables


def _parquet_rows(out: Path) -> dict[str, list[tuple]]:
    pq = pytest.importorskip("pyarrow.parquet")
    keys = {t.name: t.key for t in TABLES} | {"files": ("file_id",)}
    tables = {}
    for name, key in keys.items():
        data = pq.read_table(out / "parquet" / name)  # the folder, as a reader's glob sees it
        rows = list(zip(*(column.to_pylist() for column in data.columns), strict=True))
        order = [data.column_names.index(k) for k in key]
        tables[name] = sorted(rows, key=lambda row, order=order: [row[i] for i in order])
        expected = next((t.columns for t in TABLES if t.name == name), FILE_COLUMNS)
        assert tuple(data.column_names) == expected, name
    return tables


def test_parquet_reads_back_equal_to_sqlite_and_csv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pyarrow")
    monkeypatch.chdir(tmp_path)
    make_archive(tmp_path / "a", copies=3)
    (tmp_path / "a" / "broken.txt").write_bytes(b"\x00\x01binary")
    summary = run_batch(BatchOptions(inputs=("a",), out=tmp_path / "out", to=("sqlite", "csv", "parquet"),
                                     workers=2))
    assert summary.ok == 12 and summary.failed == 1 and "parquet/" in summary.written
    parquet = _parquet_rows(tmp_path / "out")
    assert parquet == _sqlite_rows(tmp_path / "out")
    assert all(parquet[t.name] for t in TABLES if t.name != "attendees")  # compared, not empty alike
    for table in TABLES:  # the same columns as the CSV tables
        header = next(csv.reader((tmp_path / "out" / "csv" / f"{table.name}.csv").open(encoding="utf-8-sig")))
        assert tuple(header) == table.columns


def test_redone_removed_and_earlier_files_and_a_killed_chunks_part(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A first run without Parquet; a second with it (those files get parts from the database);
    then a file changed, one deleted (--prune), and a part a killed worker left uncommitted:
    the parts still equal the database, and no row is there twice."""
    pytest.importorskip("pyarrow")
    monkeypatch.chdir(tmp_path)
    files = make_archive(tmp_path / "a", copies=2)
    run_batch(BatchOptions(inputs=("a",), out=tmp_path / "out", to=("jsonl",), workers=1))
    options = BatchOptions(inputs=("a",), out=tmp_path / "out", to=("sqlite", "parquet"), workers=2, prune=True)
    run_batch(options)
    assert _parquet_rows(tmp_path / "out") == _sqlite_rows(tmp_path / "out")
    files[0].write_text(files[0].read_text(encoding="utf-8") + "\n〈위원장〉\n\n- 추가 발언\n", encoding="utf-8")
    files[1].unlink()
    stray = tmp_path / "out" / "parquet" / "remarks" / "part-00009-000000001.parquet"
    stray.write_bytes((tmp_path / "out" / "parquet" / "files" / "files.parquet").read_bytes())
    summary = run_batch(options)
    assert summary.ok == 1 and summary.pruned
    assert not stray.exists()
    rows = _parquet_rows(tmp_path / "out")
    assert rows == _sqlite_rows(tmp_path / "out")
    assert len({row[0] for row in rows["meetings"]}) == len(files) - 1
    assert any(row[6] == "추가 발언" for row in rows["remarks"])


def test_the_readme_query_runs_in_duckdb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pyarrow")
    duckdb = pytest.importorskip("duckdb")
    monkeypatch.chdir(tmp_path)
    make_archive(tmp_path / "a", copies=2)
    run_batch(BatchOptions(inputs=("a",), out=tmp_path / "out", to=("parquet",), workers=2))
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    query = readme.split("<!-- parquet-query -->", 1)[1].split("```sql", 1)[1].split("```", 1)[0]
    found = duckdb.sql(query).fetchall()  # the README's query, read from the README
    db_rows = _parquet_rows(tmp_path / "out")["remarks"]
    assert found and len(found) == sum("탄소중립" in row[6] for row in db_rows)


def test_without_pyarrow_one_line_and_exit_12(tmp_path: Path) -> None:
    make_archive(tmp_path / "a")
    hide = ("import sys; sys.modules['pyarrow'] = None; sys.argv[0] = 'minutes-extract'; "
            "from minutes_extract.cli import main; sys.exit(main())")
    done = subprocess.run([sys.executable, "-c", hide, "batch", "a", "-o", "out", "--to", "jsonl,parquet"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 12
    assert done.stderr.strip().splitlines() == [
        "minutes-extract: error: --to parquet: needs pyarrow, which is not installed: "
        "pip install 'minutes-extract[parquet]'"]
    assert not (tmp_path / "out").exists()


def test_the_full_text_index_catches_up_in_batches_and_survives_a_pending_delete(tmp_path: Path) -> None:
    """Remarks wait in remarks_fts_pending until a catch-up indexes them; a meeting deleted
    while pending leaves the index untouched (FTS5 would otherwise subtract what it never had),
    and one deleted once indexed leaves it. The index then matches the remarks exactly."""
    from minutes_extract.api import parse_bytes
    from minutes_extract.batch.store import FileEntry, Store
    from minutes_extract.batch.tables import record_rows

    store = Store(tmp_path / "out")
    store.add_full_text_index()

    def entry(file_id: int, word: str) -> FileEntry:
        record = parse_bytes(f"〈위원장〉\n\n- {word} 논의\n- 둘째 발언\n".encode(), f"{file_id}.txt")
        return FileEntry(file_id, f"/{file_id}.txt", f"{file_id}.txt", 1, 1, None, "0", "ok",
                         rows=record_rows(record, file_id), json_zlib=b"x")

    def found(word: str) -> int:
        return store.db.execute("SELECT count(*) FROM remarks_fts WHERE remarks_fts MATCH ?", (word,)).fetchone()[0]

    store.commit([entry(1, "가나다라"), entry(2, "마바사아")], run=1)
    assert found("가나다라") == 0  # pending, not indexed yet
    assert store.catch_up_full_text() == 2 and found("가나다라") == 1 and found("마바사아") == 1
    store.commit([entry(2, "자차카타"), entry(3, "파하가나")], run=2)  # 2 redone: out, then pending
    assert found("마바사아") == 0 and found("자차카타") == 0
    store.forget([3])  # deleted while pending
    assert store.catch_up_full_text() == 2
    assert found("자차카타") == 1 and found("파하가나") == 0 and found("가나다라") == 1
    store.db.execute("INSERT INTO remarks_fts (remarks_fts, rank) VALUES ('integrity-check', 1)")  # raises if not
    store.close()
