"""The user's files are never harmed: an output onto the input is refused, new files get the
mode the umask gives, `--fix` keeps a file's mode and writes through a link."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES


def run(*args: str, cwd: Path, umask: int = 0o022) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "minutes_extract", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=60, preexec_fn=lambda: os.umask(umask))


@pytest.fixture
def minutes(tmp_path: Path) -> Path:
    path = tmp_path / "minutes.txt"
    shutil.copy(SAMPLES / "seoul-short.txt", path)
    return path


@pytest.mark.parametrize("command", ["extract", "text"])
@pytest.mark.parametrize("spelling", ["same", "other spelling", "symbolic link", "hard link"])
def test_an_output_onto_the_input_is_refused(minutes: Path, command: str, spelling: str) -> None:
    before = minutes.read_bytes()
    output = {"same": "minutes.txt", "other spelling": f"../{minutes.parent.name}/./minutes.txt"}.get(spelling)
    if spelling == "symbolic link":
        (minutes.parent / "link.txt").symlink_to(minutes)
        output = "link.txt"
    elif spelling == "hard link":
        os.link(minutes, minutes.parent / "hard.txt")
        output = "hard.txt"
    done = run(command, "minutes.txt", "-o", str(output), cwd=minutes.parent)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "is the input minutes.txt" in done.stderr
    assert minutes.read_bytes() == before


def test_new_outputs_get_the_mode_the_umask_gives(minutes: Path) -> None:
    for umask, mode in ((0o022, 0o644), (0o077, 0o600), (0o002, 0o664)):
        out = minutes.parent / f"out-{umask:o}.json"
        assert run("extract", "minutes.txt", "-o", out.name, cwd=minutes.parent, umask=umask).returncode == 0
        assert stat.S_IMODE(out.stat().st_mode) == mode, (umask, oct(out.stat().st_mode))
    existing = minutes.parent / "kept.json"
    existing.write_text("{}", encoding="utf-8")
    existing.chmod(0o640)
    assert run("extract", "minutes.txt", "-o", existing.name, cwd=minutes.parent).returncode == 0
    assert stat.S_IMODE(existing.stat().st_mode) == 0o640 and existing.read_text(encoding="utf-8") != "{}"


def test_fix_keeps_the_mode_and_writes_through_a_link(minutes: Path) -> None:
    minutes.write_text(minutes.read_text(encoding="utf-8").replace("- ", "-\u00a0", 3) + "   \n", encoding="utf-8")
    minutes.chmod(0o640)
    link = minutes.parent / "link.txt"
    link.symlink_to(minutes.name)
    done = run("check", "--fix", "--severity", "info", "link.txt", cwd=minutes.parent)
    assert "Traceback" not in done.stderr
    assert link.is_symlink() and os.readlink(link) == minutes.name  # the link is kept
    assert "\u00a0" not in minutes.read_text(encoding="utf-8")  # its target was fixed
    assert stat.S_IMODE(minutes.stat().st_mode) == 0o640
    assert not [p for p in minutes.parent.iterdir() if p.name.endswith(".tmp")]


def test_dangling_links_in_a_folder_are_listed_as_skipped(minutes: Path) -> None:
    (minutes.parent / "gone.txt").symlink_to(minutes.parent / "nowhere.txt")
    done = run("check", ".", cwd=minutes.parent)
    assert "Traceback" not in done.stderr
    assert "minutes-extract: skipped: gone.txt: a link to nothing" in done.stderr
    assert "in 1 file(s)" in done.stdout


@pytest.mark.parametrize("command", ["check", "batch"])
def test_folders_take_minutes_by_name_or_content_and_name_the_rest(tmp_path: Path, command: str) -> None:
    """A PDF saved without its suffix is taken (content decides); files of other kinds are
    named on stderr, never silently passed over."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLES / "seoul-short.txt", folder / "a.txt")
    (folder / "download").write_bytes(b"%PDF-1.4\n%broken on purpose\n")
    shutil.copy(ROOT / "tests" / "fixtures" / "hwp" / "seoul-short.hwpx", folder / "saved-from-mail")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 not minutes")
    (folder / "report.docx").write_bytes(b"PK\x03\x04 a zip, not hwpx")
    args = ("check", "in") if command == "check" else ("batch", "in", "-o", "out", "--quiet")
    done = run(*args, cwd=tmp_path)
    assert "Traceback" not in done.stderr
    assert ("skipped 2 file(s) that are not minutes by name or content: in/photo.jpg, in/report.docx"
            in done.stderr)
    # the suffixless HWPX was read; the suffixless PDF was taken and, being broken, is named
    assert "in 3 file(s)" in done.stdout if command == "check" else "2 ok, 0 empty, 1 failed" in done.stdout
    assert "download" in done.stderr + done.stdout + (
        (tmp_path / "out" / "errors.jsonl").read_text(encoding="utf-8") if command == "batch" else "")
