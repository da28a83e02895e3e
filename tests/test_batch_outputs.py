"""What `batch` writes and what it trusts: one valid JSON file per input, output-side failures
that stop the run without failing any file, damaged databases refused in one line, CSV cells
escaped against formulas, leftovers of a killed run removed, an ETA reckoned in bytes."""

from __future__ import annotations

import csv
import io
import json
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SAMPLES
from minutes_extract.batch.progress import BarProgress, LogProgress
from minutes_extract.batch.store import FileEntry
from minutes_extract.export.csv import escape_cell, unescape_cell
from pdf_bomb import bomb_pdf
from test_batch import _consistent, json_file, make_archive, run_cli


def _minutes(path: Path, sitting: int) -> Path:
    """A sample with its own sitting number (so every file's record differs)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = (SAMPLES / "seoul-short.txt").read_text(encoding="utf-8")
    path.write_text(text.replace("제1차", f"제{sitting}차", 1), encoding="utf-8")
    return path


def test_every_input_has_its_own_valid_json_file(tmp_path: Path) -> None:
    work = tmp_path / "work"
    (work / "a").mkdir(parents=True)
    outside = _minutes(tmp_path / "x" / "m.txt", 1)
    inside = _minutes(work / Path(*outside.parts[1:]), 2)  # named as `outside` was stored before
    shared = _minutes(tmp_path / "y.txt", 3)  # given twice: ../y.txt and a/../../y.txt
    long = [_minutes(work / "long" / name, n) for n, name in enumerate(
        ("가" * 79 + ".txt", "가" * 83 + "a.txt", "가" * 83 + "b.txt"), start=4)]  # 241, 254, 254 bytes
    relative = inside.relative_to(work).as_posix()
    done = run_cli(str(outside), relative, "../y.txt", "a/../../y.txt", "long", "-o", "out", "--to", "json,jsonl",
                   "--quiet", cwd=work)
    assert done.returncode == 0, done.stderr
    assert "files: 6 ok, 0 empty, 0 failed" in done.stdout
    shown = {outside: outside.as_posix(), inside: relative, shared: shared.as_posix(),
             **{path: path.relative_to(work).as_posix() for path in long}}
    for path, source in shown.items():
        target = json_file(work / "out", path)
        assert max(len(part.encode()) for part in target.parts) <= 255 and len(target.name.encode()) <= 241
        assert json.loads(target.read_text(encoding="utf-8"))["source"]["path"] == source
    assert sum(1 for _ in (work / "out" / "json").rglob("*.json")) == len(shown)


def test_a_json_file_that_cannot_be_written_stops_the_run_naming_it(tmp_path: Path) -> None:
    files = make_archive(tmp_path / "a")
    target = json_file(tmp_path / "out", files[0])
    (target / "in-the-way").mkdir(parents=True)  # a folder where the file goes
    done = run_cli("a", "-o", "out", "--to", "json", "--workers", "1", "--quiet", cwd=tmp_path)
    assert done.returncode == 3
    assert done.stderr == (f"minutes-extract: error: {target.relative_to(tmp_path)}: cannot write output "
                           "(Is a directory)\n")
    db = sqlite3.connect(tmp_path / "out" / "minutes.sqlite")
    assert db.execute("SELECT count(*) FROM files WHERE status = 'failed'").fetchone() == (0,)
    db.close()
    shutil.rmtree(target)
    again = run_cli("a", "-o", "out", "--to", "json", "--workers", "1", "--quiet", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert f"files: {len(files)} ok, 0 empty, 0 failed" in again.stdout


@pytest.mark.skipif(not hasattr(resource, "RLIMIT_FSIZE"), reason="needs a file size limit")
def test_a_full_disk_fails_no_file_and_a_plain_rerun_does_them_all(tmp_path: Path) -> None:
    """The file size limit stands in for a full disk: every write past it fails."""
    files = make_archive(tmp_path / "a", copies=50)
    args = [sys.executable, "-m", "minutes_extract", "batch", "a", "-o", "out", "--to", "jsonl,csv", "--workers", "2",
            "--quiet"]

    def small_disk() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (600_000, 600_000))

    full = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, timeout=300, preexec_fn=small_disk)
    assert full.returncode == 3
    assert re.fullmatch(r"minutes-extract: error: out/\S+: cannot write output \([^)]+\)\n", full.stderr)
    db = sqlite3.connect(tmp_path / "out" / "minutes.sqlite")
    assert db.execute("SELECT count(*) FROM files WHERE status = 'failed'").fetchone() == (0,)
    db.close()
    again = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert " ok, 0 empty, 0 failed" in again.stdout
    assert _consistent(tmp_path / "out") == len(files)


@pytest.fixture(scope="module")
def whole_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with an archive and the OUT of a complete run over it (with a full-text index)."""
    folder = tmp_path_factory.mktemp("whole")
    make_archive(folder / "a")
    done = run_cli("a", "-o", "out", "--to", "jsonl,sqlite", "--quiet", cwd=folder)
    assert done.returncode == 0, done.stderr
    return folder


def _first_path(db: sqlite3.Connection) -> str:
    return db.execute("SELECT path FROM meetings WHERE meeting_id = 1").fetchone()[0]


def _corrupt_a_page(database: Path) -> None:
    db = sqlite3.connect(database)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = db.execute("PRAGMA page_size").fetchone()[0]
    root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'remarks_turn'").fetchone()[0]
    db.close()
    with database.open("r+b") as handle:  # the cell pointers of an index page point nowhere
        handle.seek((root - 1) * size + 12)
        handle.write(b"\xff\xff" * 4)


DAMAGES = {
    "dropped table": ("DROP TABLE speakers", "table speakers missing"),
    "dropped column": ("ALTER TABLE documents DROP COLUMN json_zlib", "column documents.json_zlib missing"),
    "dropped column of a table": ("DROP VIEW remarks_wide; ALTER TABLE remarks DROP COLUMN label",
                                  "column remarks.label missing"),
    "deleted meeting": ("PRAGMA foreign_keys = OFF; DELETE FROM meetings WHERE meeting_id = 1",
                        "1 file(s) recorded as read have no meeting or record rows (first: {first})"),
    "deleted remarks": ("DELETE FROM remarks WHERE meeting_id = 1",
                        "1 meeting(s) miss turns, remarks or diagnostics that their counts promise (first: {first})"),
    "dropped trigger": ("DROP TRIGGER remarks_fts_delete",
                        "trigger remarks_fts_delete missing: the full-text index would go stale"),
    "stale full-text index": ("UPDATE remarks SET text = '바뀐 발언' WHERE remark_id = 1",
                              "the full-text index remarks_fts does not match the remarks (database disk image is "
                              "malformed)"),
    "corrupt full-text index": (
        "UPDATE remarks_fts_data SET block = zeroblob(length(block)) WHERE id = (SELECT max(id) FROM remarks_fts_data)",
        "the full-text index remarks_fts does not match the remarks (database disk image is malformed)"),
    "foreign database": ("DROP TABLE files", "not a minutes-extract batch database: it has no files table"),
    "corrupt page": (_corrupt_a_page, "quick_check: On tree page {root} cell "),
    "corrupt record": ("UPDATE documents SET json_zlib = x'00112233' WHERE meeting_id = 1",
                       "the stored record of {first} is damaged: Error -3 while decompressing data: incorrect "
                       "header check"),
}


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_database_is_refused_in_one_line(whole_out: Path, tmp_path: Path, damage: str) -> None:
    shutil.copytree(whole_out, tmp_path, dirs_exist_ok=True)
    database = tmp_path / "out" / "minutes.sqlite"
    how, reason = DAMAGES[damage]
    db = sqlite3.connect(database)
    first = _first_path(db)
    root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'remarks_turn'").fetchone()[0]
    if isinstance(how, str):
        db.executescript(how)
    db.close()
    if not isinstance(how, str):
        how(database)
    done = run_cli("a", "-o", "out", "--to", "jsonl", "--quiet", cwd=tmp_path)
    assert done.returncode == 3, done.stdout
    prefix = "minutes-extract: error: out/minutes.sqlite: the batch database cannot be used ("
    suffix = "): repair or remove it, or choose another output folder\n"
    assert done.stderr.startswith(prefix + reason.format(first=first, root=root)), done.stderr
    assert done.stderr.endswith(suffix) and done.stderr.count("\n") == 1


def test_csv_cells_that_spreadsheets_would_run_are_escaped(tmp_path: Path) -> None:
    texts = ['=HYPERLINK("http://x","y")', "+82 10", "-5억 원 감액", "@SUM(A1)", "'=1+1", "'22년 예산", "보통 발언"]
    escaped = ['\'=HYPERLINK("http://x","y")', "'+82 10", "'-5억 원 감액", "'@SUM(A1)", "''=1+1", "'22년 예산",
               "보통 발언"]
    (tmp_path / "m.txt").write_text("〈위원장〉\n\n" + "".join(f"- {text}\n" for text in texts), encoding="utf-8")
    done = run_cli("m.txt", "-o", "out", "--to", "csv,sqlite", "--quiet", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    with (tmp_path / "out" / "csv" / "remarks.csv").open(encoding="utf-8-sig") as handle:
        cells = [row["text"] for row in csv.DictReader(handle)]
    assert cells == escaped and [unescape_cell(cell) for cell in cells] == texts
    db = sqlite3.connect(tmp_path / "out" / "minutes.sqlite")
    assert [text for (text,) in db.execute("SELECT text FROM remarks ORDER BY remark_no")] == texts
    db.close()
    extract = subprocess.run([sys.executable, "-m", "minutes_extract", "extract", "m.txt", "-f", "csv"],
                             cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert extract.returncode == 0, extract.stderr
    assert [row["text"] for row in csv.DictReader(io.StringIO(extract.stdout))] == escaped
    raw = run_cli("m.txt", "-o", "raw", "--to", "csv", "--no-csv-escape", "--quiet", cwd=tmp_path)
    assert raw.returncode == 0, raw.stderr
    with (tmp_path / "raw" / "csv" / "remarks.csv").open(encoding="utf-8-sig") as handle:
        assert [row["text"] for row in csv.DictReader(handle)] == texts


@pytest.mark.parametrize("value", ["\tx", "\rx", "=1", "''-x", "'", "", "가", "'22년", 7, None])
def test_csv_escaping_reads_back_exactly(value: object) -> None:
    cell = escape_cell(value)
    if isinstance(value, str):
        assert unescape_cell(str(cell)) == value
        assert (cell != value) == (value.lstrip("'")[:1] in ("=", "+", "-", "@", "\t", "\r"))
    else:
        assert cell is value


def test_leftover_temporary_files_are_removed_from_out_only(tmp_path: Path) -> None:
    make_archive(tmp_path / "a")
    out = tmp_path / "out"
    leftovers = [out / ".meetings.jsonl.k3j_9x0a.tmp", out / "json" / "deep" / ".x.txt.json.abcdefgh.tmp",
                 out / "csv" / ".turns.csv.12345678.tmp"]
    kept = [out / "keep.tmp", out / ".notes.tmp", out / "x.abcdefgh.tmp", out / ".x.ABCDEFGH.tmp",
            tmp_path / ".outside.abcdefgh.tmp"]
    for path in leftovers + kept:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("half written", encoding="utf-8")
    done = run_cli("a", "-o", "out", "--quiet", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert [path for path in leftovers if path.exists()] == []
    assert [path for path in kept if not path.exists()] == []


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _done(size: int) -> FileEntry:
    return FileEntry(file_id=1, path="/x", relpath="x", size=size, mtime_ns=0, sha256=None, tool_version="",
                     status="ok")


def test_the_eta_is_reckoned_in_bytes() -> None:
    """Two small files done in 20 s, one of 800 bytes left: by files 10 s, by bytes 80 s."""
    clock = _Clock()
    log = io.StringIO()
    progress = LogProgress(log, every=0.0, clock=clock)
    progress.start(total=3, skipped=0, size=1000)
    for now in (10.0, 20.0):
        clock.now = now
        progress.advance(100, _done(100))
    assert log.getvalue().splitlines()[-1].endswith(", 0 failed, ETA 80 s")
    from rich.console import Console

    clock.now = 0.0
    bar = BarProgress(Console(file=io.StringIO(), width=160), clock=clock)
    bar.start(total=3, skipped=0, size=1000)
    for now in (10.0, 20.0, 30.0):  # rich takes the speed from the samples after the first
        clock.now = now
        bar.advance(100, _done(100))
    bar.finish()
    assert bar.bar.tasks[0].time_remaining == 70.0  # 700 bytes at 10 bytes/s


def test_a_file_past_the_limits_fails_alone_and_links_to_nothing_are_listed(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copy(SAMPLES / "seoul-short.txt", archive / "short.txt")
    (archive / "slow.pdf").write_bytes(bomb_pdf(300))
    (archive / "gone.txt").symlink_to(archive / "nowhere.txt")
    done = subprocess.run([sys.executable, "-m", "minutes_extract", "batch", "archive", "-o", "out", "--timeout",
                           "0.1", "--workers", "1", "--quiet"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 8, done.stderr
    assert "failed: archive/slow.pdf: took longer than 0.1 s to read" in done.stdout
    assert "minutes-extract: skipped: archive/gone.txt: a link to nothing" in done.stderr
    errors = [json.loads(line) for line in (tmp_path / "out" / "errors.jsonl").read_text().splitlines()]
    assert [(e["path"], e["error_code"]) for e in errors] == [("archive/slow.pdf", "limit")]
