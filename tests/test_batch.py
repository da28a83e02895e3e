"""`minutes-extract batch`: mixed good and bad files, every output read back against `extract`,
resuming after a real kill, changed files redone, no duplicates."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES
from minutes_extract import MinutesRecord, parse_file
from minutes_extract.batch import BatchOptions, run_batch
from minutes_extract.batch.exports import json_path
from minutes_extract.batch.tables import TABLES
from minutes_extract.export.csv import unescape_cell

PDF = ROOT / "tests" / "fixtures" / "pdf"


def extract_json(path: Path, relpath: str) -> dict:
    """What `extract` says of a file, with the path the batch records."""
    record = parse_file(path)
    data = json.loads(record.model_dump_json())
    data["source"]["path"] = relpath
    return data


def make_archive(folder: Path, copies: int = 1) -> list[Path]:
    """Samples (text and PDF) in a small tree, each text sample `copies` times with its own
    sitting number so the files differ."""
    made = []
    for n in range(copies):
        for sample in ("seoul-short.txt", "seoul-full.txt", "assembly-committee.txt", "council-committee.md"):
            target = folder / f"part{n % 3}" / f"{n:04d}-{sample}"
            target.parent.mkdir(parents=True, exist_ok=True)
            text = (SAMPLES / sample).read_text(encoding="utf-8")
            target.write_text(text.replace("제1차", f"제{n + 1}차", 1), encoding="utf-8")
            made.append(target)
    return made


def json_file(out: Path, path: Path) -> Path:
    """Where `--to json` puts the record of the input `path` (by its absolute path)."""
    return json_path(out, os.path.abspath(path))


def wait_for_commits(database: Path, files: int, run: subprocess.Popen[str]) -> int:
    """Wait (up to a minute) until a running batch has committed `files` files; how many it has."""
    deadline = time.monotonic() + 60
    committed = 0
    while time.monotonic() < deadline and committed < files and run.poll() is None:
        time.sleep(0.05)
        try:
            with sqlite3.connect(database, timeout=0.1) as db:
                committed = db.execute("SELECT count(*) FROM files").fetchone()[0]
        except sqlite3.Error:
            continue
    assert committed >= files and run.poll() is None, "the run ended before it could be stopped"
    return committed


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "minutes_extract", "batch", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def test_mixed_good_and_bad_files(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    good = make_archive(archive)
    shutil.copy(PDF / "seoul-short.glyph-spaces-words.pdf", archive / "scan.pdf")
    shutil.copy(PDF / "seoul-short.encrypted.pdf", archive / "locked.pdf")
    (archive / "empty.txt").write_bytes(b"")
    (archive / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    (archive / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<<")
    done = run_cli("archive", "-o", "out", "--to", "jsonl,csv", "--workers", "2", cwd=tmp_path)
    assert done.returncode == 8, done.stderr
    assert "files: 5 ok, 0 empty, 4 failed" in done.stdout
    assert "Traceback" not in done.stderr + done.stdout
    errors = [json.loads(line) for line in (tmp_path / "out" / "errors.jsonl").read_text().splitlines()]
    assert {e["path"]: e["error_code"] for e in errors} == {
        "archive/binary.txt": "not-text", "archive/broken.pdf": "pdf-unreadable",
        "archive/empty.txt": "empty", "archive/locked.pdf": "pdf-unreadable",
    }
    lines = (tmp_path / "out" / "meetings.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(good) + 1
    failed_csv = list(csv.DictReader((tmp_path / "out" / "csv" / "errors.csv").open(encoding="utf-8-sig")))
    assert len(failed_csv) == 4 and all(row["error"] for row in failed_csv)
    # --fail-fast stops at the first failure, still exit 8
    stopped = run_cli("archive", "-o", "out2", "--fail-fast", "--workers", "1", cwd=tmp_path)
    assert stopped.returncode == 8 and "--fail-fast" in stopped.stdout
    assert len(stopped.stdout.split("failed: ")) == 2  # exactly one failure reported
    # with workers, chunks already being parsed are committed before the export: outputs agree
    run_cli("archive", "-o", "out3", "--fail-fast", "--workers", "2", "--to", "jsonl", cwd=tmp_path)
    ok = _consistent(tmp_path / "out3")
    assert len((tmp_path / "out3" / "meetings.jsonl").read_text(encoding="utf-8").splitlines()) == ok


def test_a_damaged_database_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "minutes.sqlite").write_bytes(b"not a database, but something else" * 100)
    done = run_cli(str(SAMPLES / "seoul-short.txt"), "-o", "out", cwd=tmp_path)
    assert done.returncode == 3 and "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [
        "minutes-extract: error: out/minutes.sqlite: the batch database cannot be used (file is not a "
        "database): repair or remove it, or choose another output folder"]


def test_parser_bug_is_recorded_and_the_batch_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from minutes_extract.batch import work

    real = work.parse_bytes

    def buggy(data: bytes, path: str, **kwargs: object) -> MinutesRecord:
        if "short" in path:
            raise ZeroDivisionError("a bug")
        return real(data, path, **kwargs)

    monkeypatch.setattr(work, "parse_bytes", buggy)
    monkeypatch.chdir(tmp_path)
    make_archive(tmp_path / "a")
    summary = run_batch(BatchOptions(inputs=("a",), out=tmp_path / "out", workers=1))
    assert (summary.ok, summary.failed) == (3, 1) and not summary.all_ok
    assert "internal error (ZeroDivisionError: a bug)" in summary.failures[0].error


def test_a_dying_worker_fails_its_chunk_and_the_batch_goes_on(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A crash that kills the process (as a PDF library can) is not an exception to catch."""
    from minutes_extract.batch import work

    real = work.parse_bytes

    def crashing(data: bytes, path: str, **kwargs: object) -> MinutesRecord:
        if path.endswith("0002-seoul-full.txt"):
            os._exit(1)
        return real(data, path, **kwargs)

    monkeypatch.setattr(work, "parse_bytes", crashing)  # forked workers inherit it
    monkeypatch.chdir(tmp_path)
    files = make_archive(tmp_path / "a", copies=8)
    summary = run_batch(BatchOptions(inputs=("a",), out=tmp_path / "out", to=("jsonl", "sqlite"), workers=2))
    assert summary.ok + summary.failed == len(files) and not summary.all_ok
    assert "a/part2/0002-seoul-full.txt" in {f.relpath for f in summary.failures}
    assert all("worker process died" in f.error for f in summary.failures)
    assert _consistent(tmp_path / "out") == summary.ok > 0


def test_a_full_disk_stops_the_batch_and_fails_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Disk full is no failure of the input files: the run stops naming the database, records
    nothing against them, and a plain re-run does them all."""
    from minutes_extract.batch import work
    from minutes_extract.batch.problems import OutputError
    from minutes_extract.batch.store import Store

    def full(out: Path) -> Store:  # a real SQLITE_FULL: the database may not grow any more
        store = Store(out)
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
        store.db.execute(f"PRAGMA max_page_count = {pages}")
        return store

    real = work._store
    monkeypatch.setattr(work, "_store", full)
    monkeypatch.chdir(tmp_path)
    files = make_archive(tmp_path / "a")
    options = BatchOptions(inputs=("a",), out=tmp_path / "out", workers=1)
    with pytest.raises(OutputError) as stopped:
        run_batch(options)
    assert (stopped.value.path, stopped.value.problem) == (
        str(tmp_path / "out" / "minutes.sqlite"), "cannot write output (database or disk is full)")
    db = sqlite3.connect(tmp_path / "out" / "minutes.sqlite")
    assert db.execute("SELECT count(*) FROM files").fetchone() == (0,)
    db.close()
    monkeypatch.setattr(work, "_store", real)
    again = run_batch(options)
    assert (again.ok, again.failed, again.skipped) == (len(files), 0, 0)


def test_outputs_read_back_equal_extract(tmp_path: Path, reference_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reference_path = reference_path.resolve()
    monkeypatch.chdir(tmp_path)
    files = make_archive(tmp_path / "archive")
    pdf = tmp_path / "archive" / "pdf" / "assembly.pdf"
    pdf.parent.mkdir()
    shutil.copy(PDF / "assembly-committee.glyph-spaces-words.pdf", pdf)
    reference = tmp_path / "archive" / "reference.txt"
    shutil.copy(reference_path, reference)
    files += [pdf, reference]
    summary = run_batch(BatchOptions(inputs=("archive",), out=tmp_path / "out",
                                     to=("jsonl", "json", "csv", "sqlite"), workers=2))
    assert summary.all_ok and summary.ok == len(files)
    out = tmp_path / "out"
    expected = {f.relative_to(tmp_path).as_posix(): extract_json(f, f.relative_to(tmp_path).as_posix())
                for f in files}
    # JSONL: one meeting per line, each equal to extract's JSON
    jsonl = [json.loads(line) for line in (out / "meetings.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {d["source"]["path"]: d for d in jsonl} == expected
    # JSON: one file per input, mirroring the tree (of absolute paths)
    for relpath, data in expected.items():
        assert json.loads(json_file(out, tmp_path / relpath).read_text(encoding="utf-8")) == data
    # CSV and SQLite: the same tables (CSV read back through the formula escaping); remarks
    # equal the records' remarks in document order
    db = sqlite3.connect(out / "minutes.sqlite")
    for table in TABLES:
        with (out / "csv" / f"{table.name}.csv").open(encoding="utf-8-sig") as handle:
            rows = list(csv.reader(handle))
        assert tuple(rows[0]) == table.columns
        stored = db.execute(f"SELECT {', '.join(table.columns)} FROM {table.name} "
                            f"ORDER BY {', '.join(table.key)}").fetchall()
        assert [[("" if v is None else str(v)) for v in row] for row in stored] == [
            [unescape_cell(cell) for cell in row] for row in rows[1:]], table.name
    paths = dict(db.execute("SELECT meeting_id, path FROM meetings"))
    for meeting_id, relpath in paths.items():
        texts = [t for (t,) in db.execute(
            "SELECT text FROM remarks WHERE meeting_id = ? ORDER BY remark_no", (meeting_id,))]
        assert texts == list(_remark_texts(expected[relpath])), relpath
        turns = db.execute("SELECT count(*) FROM turns WHERE meeting_id = ?", (meeting_id,)).fetchone()[0]
        assert turns == len(expected[relpath]["turns"])
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    # full-text search over remarks, as the README shows it
    hits = db.execute("SELECT m.path, r.text FROM remarks_fts JOIN remarks r ON r.remark_id = remarks_fts.rowid "
                      "JOIN meetings m USING (meeting_id) WHERE remarks_fts MATCH '메타버스'").fetchall()
    assert hits and {path for path, _ in hits} == {"archive/reference.txt"}
    assert all("메타버스" in text for _, text in hits)


def _remark_texts(data: dict) -> Iterator[str]:
    def walk(remarks: list[dict]) -> Iterator[str]:
        for remark in remarks:
            yield remark["text"]
            yield from walk(remark["children"])

    for turn in data["turns"]:
        yield from walk(turn["remarks"])


def test_rerun_skips_unchanged_and_redoes_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    files = make_archive(tmp_path / "a", copies=2)
    options = BatchOptions(inputs=("a",), out=tmp_path / "out", to=("jsonl", "sqlite"), workers=1)
    first = run_batch(options)
    assert first.ok == len(files)
    before = (tmp_path / "out" / "meetings.jsonl").read_bytes()
    again = run_batch(options)
    assert (again.ok, again.skipped) == (0, len(files))
    assert (tmp_path / "out" / "meetings.jsonl").read_bytes() == before  # idempotent
    changed = files[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n〈위원장〉\n\n- 추가 발언입니다.\n", encoding="utf-8")
    third = run_batch(options)
    assert (third.ok, third.skipped) == (1, len(files) - 1)
    db = sqlite3.connect(tmp_path / "out" / "minutes.sqlite")
    assert db.execute("SELECT count(*) FROM meetings").fetchone()[0] == len(files)
    assert db.execute("SELECT count(*) FROM remarks_fts WHERE remarks_fts MATCH ?", ('"추가 발언"',)).fetchone()[0] == 1
    assert db.execute("SELECT count(*) FROM remarks").fetchone()[0] == db.execute(
        "SELECT count(*) FROM remarks_fts").fetchone()[0]
    checksum = run_batch(BatchOptions(inputs=("a",), out=tmp_path / "out", workers=1, checksum=True))
    assert (checksum.ok, checksum.skipped) == (0, len(files))
    # a file that read before and is broken now: its rows and its JSON go, the error is recorded
    run_batch(BatchOptions(inputs=("a",), out=tmp_path / "out", to=("json",), workers=1))
    broken = files[1]
    broken_json = json_file(tmp_path / "out", broken)
    assert broken_json.is_file()
    broken.write_bytes(b"")
    fourth = run_batch(BatchOptions(inputs=("a",), out=tmp_path / "out", to=("json", "jsonl"), workers=1))
    assert (fourth.ok, fourth.failed) == (0, 1) and not broken_json.exists()
    assert len((tmp_path / "out" / "meetings.jsonl").read_text(encoding="utf-8").splitlines()) == len(files) - 1
    assert "empty" in (tmp_path / "out" / "errors.jsonl").read_text(encoding="utf-8")


def test_files_gone_from_the_inputs_are_kept_unless_pruned(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    files = make_archive(tmp_path / "a")
    args = ("a", "-o", "out", "--to", "jsonl,json,sqlite", "--workers", "1", "--quiet")
    assert run_cli(*args, cwd=tmp_path).returncode == 0
    gone = files[1]  # seoul-full: the only one that speaks of 그린리모델링
    db = sqlite3.connect(tmp_path / "out" / "minutes.sqlite")
    assert db.execute("SELECT count(*) FROM remarks_fts WHERE remarks_fts MATCH '그린리모델링'").fetchone() > (0,)
    db.close()
    gone_json = json_file(tmp_path / "out", gone)
    assert gone_json.is_file()
    gone.unlink()
    kept = run_cli(*args, cwd=tmp_path)
    assert kept.returncode == 0, kept.stderr
    assert "kept in out: 1 files recorded by an earlier run that are not among the inputs now" in kept.stdout
    assert _consistent(tmp_path / "out") == len(files) and gone_json.is_file()
    pruned = run_cli(*args, "--prune", cwd=tmp_path)
    assert pruned.returncode == 0, pruned.stderr
    assert "removed from out: 1 files not among the inputs now (--prune)" in pruned.stdout
    assert "3 skipped" in pruned.stdout
    assert _consistent(tmp_path / "out") == len(files) - 1 and not gone_json.exists()
    lines = (tmp_path / "out" / "meetings.jsonl").read_text(encoding="utf-8").splitlines()
    assert sorted(json.loads(line)["source"]["path"] for line in lines) == sorted(
        f.relative_to(tmp_path).as_posix() for f in files if f != gone)
    db = sqlite3.connect(tmp_path / "out" / "minutes.sqlite")
    db.execute("INSERT INTO remarks_fts (remarks_fts, rank) VALUES ('integrity-check', 1)")  # raises if stale
    assert db.execute("SELECT count(*) FROM remarks_fts WHERE remarks_fts MATCH '그린리모델링'").fetchone() == (0,)
    db.close()
    again = run_cli(*args, "--prune", cwd=tmp_path)
    assert "removed from" not in again.stdout and "kept in" not in again.stdout


def _consistent(out: Path) -> int:
    """Every committed file is whole: its counts match its rows; returns files committed."""
    db = sqlite3.connect(out / "minutes.sqlite")
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    for meeting_id, turns, remarks in db.execute("SELECT meeting_id, turn_count, remark_count FROM meetings"):
        assert db.execute("SELECT count(*) FROM turns WHERE meeting_id = ?", (meeting_id,)).fetchone()[0] == turns
        assert db.execute("SELECT count(*) FROM remarks WHERE meeting_id = ?", (meeting_id,)).fetchone()[0] == remarks
    ok = db.execute("SELECT count(*) FROM files WHERE status != 'failed'").fetchone()[0]
    assert ok == db.execute("SELECT count(*) FROM meetings").fetchone()[0]
    assert ok == db.execute("SELECT count(*) FROM documents").fetchone()[0]
    db.close()
    return ok


def _by_path(out: Path) -> dict[str, list[list[str]]]:
    """The CSV tables with meeting ids replaced by paths (ids depend on the order files were first seen)."""
    folder = out / "csv"
    meetings = list(csv.reader((folder / "meetings.csv").open(encoding="utf-8-sig")))
    path_of = {row[0]: row[1] for row in meetings[1:]}
    tables = {}
    for table in TABLES:
        rows = list(csv.reader((folder / f"{table.name}.csv").open(encoding="utf-8-sig")))[1:]
        tables[table.name] = sorted([path_of[row[0]], *row[1:]] for row in rows)
    return tables


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT])
def test_resume_after_a_real_kill(tmp_path: Path, how: signal.Signals) -> None:
    files = make_archive(tmp_path / "a", copies=100)  # 400 files
    args = [sys.executable, "-m", "minutes_extract", "batch", "a", "-o", "out", "--to", "jsonl,csv,sqlite",
            "--workers", "2", "--quiet"]
    run = subprocess.Popen(args, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           start_new_session=True, text=True)
    wait_for_commits(tmp_path / "out" / "minutes.sqlite", 40, run)
    if how == signal.SIGKILL:
        os.killpg(run.pid, signal.SIGKILL)  # the parent and its workers, at once
    else:
        os.killpg(run.pid, signal.SIGINT)  # Ctrl-C
    code = run.wait(timeout=60)
    assert code == (-9 if how == signal.SIGKILL else 130)
    kept = _consistent(tmp_path / "out")
    assert 0 < kept < len(files)
    assert not (tmp_path / "out" / "meetings.jsonl").exists()  # exports come at the end, whole
    resumed = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{len(files) - kept} ok, 0 empty, 0 failed, {kept} skipped" in resumed.stdout
    assert _consistent(tmp_path / "out") == len(files)
    clean = subprocess.run([*args[:6], "clean", *args[7:]], cwd=tmp_path, capture_output=True, text=True,
                           timeout=300)
    assert clean.returncode == 0, clean.stderr
    assert _by_path(tmp_path / "out") == _by_path(tmp_path / "clean")  # nothing missing, no duplicate
    assert (tmp_path / "out" / "meetings.jsonl").read_bytes() == (tmp_path / "clean" / "meetings.jsonl").read_bytes()


def test_progress_on_a_terminal_and_in_a_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from rich.console import Console

    from minutes_extract.batch.progress import BarProgress, LogProgress

    monkeypatch.chdir(tmp_path)
    files = make_archive(tmp_path / "a")
    (tmp_path / "a" / "empty.txt").write_bytes(b"")
    screen = io.StringIO()
    bar = BarProgress(Console(file=screen, force_terminal=True, color_system=None, width=160))
    run_batch(BatchOptions(inputs=("a",), out=tmp_path / "out", workers=1), bar)
    shown = screen.getvalue()
    assert f"{len(files) + 1}/{len(files) + 1}" in shown and "files/s" in shown
    assert "failed a/empty.txt: " in shown
    log = io.StringIO()
    (tmp_path / "a" / "new.txt").write_text((SAMPLES / "seoul-short.txt").read_text(encoding="utf-8"),
                                            encoding="utf-8")
    run_batch(BatchOptions(inputs=("a",), out=tmp_path / "out", workers=1), LogProgress(log, every=0.0))
    lines = log.getvalue().splitlines()
    assert lines[0] == f"batch: 1 file(s) to process, {len(files) + 1} unchanged skipped"
    assert lines[-1].startswith("batch: 1/1 files, 0 pages,") and "0 failed, ETA 0 s" in lines[-1]


def test_files_without_minutes_are_empty_not_ok(tmp_path: Path) -> None:
    """A file read without error but with no speaker turn is recorded `empty`, counted and
    listed; the batch exits 9 (0 with --allow-empty)."""
    archive = tmp_path / "archive"
    make_archive(archive)
    (archive / "page.txt").write_text("<!DOCTYPE html><html><body><p>회의록</p></body></html>\n", encoding="utf-8")
    (archive / "english.txt").write_text("Minutes of the meeting.\nNothing was said.\n", encoding="utf-8")
    done = run_cli("archive", "-o", "out", "--to", "jsonl,json", "--workers", "1", cwd=tmp_path)
    assert done.returncode == 9, done.stderr
    assert "files: 4 ok, 2 empty, 0 failed" in done.stdout
    # an HTML page is read as HTML now: its one visible line is no minutes
    assert "empty: archive/page.txt: " in done.stdout and "only 1 line" in done.stdout
    db = sqlite3.connect(tmp_path / "out" / "minutes.sqlite")
    statuses = dict(db.execute("SELECT relpath, status FROM files"))
    assert statuses["archive/page.txt"] == statuses["archive/english.txt"] == "empty"
    assert db.execute("SELECT count(*) FROM meetings").fetchone()[0] == 6  # their records are kept
    assert json_file(tmp_path / "out", archive / "english.txt").is_file()
    again = run_cli("archive", "-o", "out", "--allow-empty", cwd=tmp_path)
    assert again.returncode == 0 and "6 skipped" in again.stdout


def test_a_manifest_from_before_empty_files_is_upgraded(tmp_path: Path) -> None:
    """Databases made before `empty` existed allow only ok and failed, and their turns have no
    agenda_items: they are upgraded, rows kept."""
    archive = tmp_path / "archive"
    made = make_archive(archive)
    assert run_cli("archive", "-o", "out", cwd=tmp_path).returncode == 0
    db = sqlite3.connect(tmp_path / "out" / "minutes.sqlite")
    old = db.execute("SELECT sql FROM sqlite_master WHERE name = 'files'").fetchone()[0].replace(
        "'ok', 'empty', 'failed'", "'ok', 'failed'").replace("TABLE files", "TABLE f")
    db.executescript(f"PRAGMA foreign_keys = OFF; DROP VIEW errors; {old}; INSERT INTO f SELECT * FROM files; "
                     "DROP TABLE files; ALTER TABLE f RENAME TO files;")
    assert "'empty'" not in db.execute("SELECT sql FROM sqlite_master WHERE name = 'files'").fetchone()[0]
    db.execute("ALTER TABLE turns DROP COLUMN agenda_items")
    db.close()
    (archive / "english.txt").write_text("Nothing here.\n", encoding="utf-8")
    assembly = next(path for path in made if "assembly" in path.name)
    assembly.write_text(assembly.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    done = run_cli("archive", "-o", "out", "--allow-empty", "--to", "jsonl,csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "files: 1 ok, 1 empty, 0 failed, 3 skipped" in done.stdout
    assert _consistent(tmp_path / "out") == 5
    turns = list(csv.DictReader((tmp_path / "out" / "csv" / "turns.csv").open(encoding="utf-8-sig")))
    assert {row["agenda_items"] for row in turns} >= {"1", "2"}


def test_inputs_without_minutes_files_are_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "hangul"
    folder.mkdir()
    for name in ("a.docx", "b.xlsx", "c.zip"):
        (folder / name).write_bytes(b"PK\x03\x04 not minutes")
    done = run_cli("hangul", "-o", "out", cwd=tmp_path)
    assert done.returncode == 2 and not (tmp_path / "out").exists()
    assert done.stderr.strip() == ("minutes-extract: error: hangul: no minutes files (text, Markdown, PDF, HWP, "
                                   "HWPX, HTML) among the inputs: 3 other file(s) skipped (a.docx, b.xlsx, c.zip)")
    checked = subprocess.run([sys.executable, "-m", "minutes_extract", "check", "hangul"], cwd=tmp_path,
                             capture_output=True, text=True, timeout=60)
    assert checked.returncode == 2 and "no minutes files" in checked.stdout + checked.stderr
