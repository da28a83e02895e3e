"""`batch` as real processes meet each other and signals: Ctrl-C acknowledged and summed up from
the database, workers that end with a killed parent, one writer per output folder."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from test_batch import _consistent, make_archive, run_cli, wait_for_commits

BATCH = [sys.executable, "-m", "minutes_extract", "batch"]


def start(*args: str, cwd: Path) -> subprocess.Popen[str]:
    """A batch run in its own process group (so a signal reaches it and its workers only)."""
    return subprocess.Popen([*BATCH, *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)


def test_ctrl_c_is_acknowledged_and_the_summary_says_what_was_written(tmp_path: Path) -> None:
    files = make_archive(tmp_path / "a", copies=200)
    run = start("a", "-o", "out", "--to", "jsonl,json,csv", "--workers", "2", "--quiet", cwd=tmp_path)
    wait_for_commits(tmp_path / "out" / "minutes.sqlite", 40, run)
    os.killpg(run.pid, signal.SIGINT)
    stdout, stderr = run.communicate(timeout=120)
    assert run.returncode == 130, stderr
    assert re.fullmatch(r"stopping: finishing \d+ files in progress\n", stderr)
    db = sqlite3.connect(tmp_path / "out" / "minutes.sqlite")
    ok = db.execute("SELECT count(*) FROM files WHERE status = 'ok'").fetchone()[0]
    meetings = db.execute("SELECT count(*) FROM meetings").fetchone()[0]
    db.close()
    assert 0 < ok == meetings == _consistent(tmp_path / "out") < len(files)
    assert (f"files: {ok} ok, 0 empty, 0 failed, 0 skipped (unchanged), {len(files) - ok} not reached\n"
            f"output: {meetings} meetings, ") in stdout
    assert "\nwritten to out: minutes.sqlite, json/\n" in stdout
    assert "\nnot written (interrupted; exports come when a run completes): meetings.jsonl, csv/, errors.jsonl\n" \
        in stdout
    out = tmp_path / "out"
    assert not (out / "meetings.jsonl").exists() and not (out / "csv").exists()
    assert not (out / "errors.jsonl").exists()
    assert sum(1 for _ in (out / "json").rglob("*.json")) == ok  # the JSON files of the finished files


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.update(int(child) for child in (task / "children").read_text().split())
    return found


def _alive(pid: int) -> bool:
    """Running, that is: not gone and not a zombie waiting for a parent that may never reap it."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc to find the workers")
def test_workers_end_when_the_parent_is_killed(tmp_path: Path) -> None:
    files = make_archive(tmp_path / "a", copies=200)
    args = ("a", "-o", "out", "--to", "jsonl,sqlite", "--workers", "2", "--quiet")
    run = start(*args, cwd=tmp_path)
    wait_for_commits(tmp_path / "out" / "minutes.sqlite", 40, run)
    workers = _children(run.pid)
    assert len(workers) == 2
    os.kill(run.pid, signal.SIGKILL)  # the parent only
    run.wait(timeout=10)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(map(_alive, workers)):
        time.sleep(0.05)
    assert not any(map(_alive, workers)), "workers outlived their parent"
    again = run_cli(*args, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert _consistent(tmp_path / "out") == len(files)


def test_one_writer_per_output_folder(tmp_path: Path) -> None:
    """A second run on the same OUT exits 11 at once naming the first; with --wait it waits,
    and then neither run's meetings are lost."""
    first_files = make_archive(tmp_path / "a", copies=50)
    second_files = make_archive(tmp_path / "b")
    first = start("a", "-o", "out", "--workers", "2", "--quiet", cwd=tmp_path)
    lock = tmp_path / "out" / ".batch.lock"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (lock.exists() and lock.read_text().strip() == str(first.pid)):
        time.sleep(0.01)
    os.killpg(first.pid, signal.SIGSTOP)  # holds OUT, for as long as the test needs
    try:
        refused = run_cli("b", "-o", "out", "--quiet", cwd=tmp_path)
        assert refused.returncode == 11
        assert refused.stderr == (f"minutes-extract: error: out: another batch run (pid {first.pid}) is writing "
                                  "to this folder: wait for it to finish, or give --wait\n")
        waiting = start("b", "-o", "out", "--quiet", "--wait", cwd=tmp_path)
        assert waiting.stderr is not None
        assert waiting.stderr.readline() == f"waiting: another batch run (pid {first.pid}) is writing to out\n"
        assert waiting.poll() is None
    finally:
        os.killpg(first.pid, signal.SIGCONT)
    assert first.wait(timeout=120) == 0
    stdout, stderr = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, stderr
    assert f"files: {len(second_files)} ok" in stdout
    lines = (tmp_path / "out" / "meetings.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == _consistent(tmp_path / "out") == len(first_files) + len(second_files)
