"""Bounded time, memory and size per file: a PDF built to expand or to take forever, an endless
input, and nesting of any depth give a clear error (or a record), never a hang or a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from minutes_extract import ExitCode, InputError, parse_bytes
from minutes_extract.inputs import ReadOptions
from pdf_bomb import bomb_pdf

PDF = ROOT / "tests" / "fixtures" / "pdf" / "seoul-full.glyph-spaces-words.pdf"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "minutes_extract", *args], capture_output=True, text=True,
                          timeout=120)


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_a_pdf_that_takes_too_long_is_given_up(tmp_path: Path, engine: str) -> None:
    slow = tmp_path / "slow.pdf"
    slow.write_bytes(bomb_pdf(300))  # expands to 300 MB: more than a tenth of a second's work
    done = run("extract", str(slow), "--timeout", "0.1", "--pdf-engine", engine)
    assert done.returncode == int(ExitCode.LIMIT), done.stderr
    assert done.stderr.count("\n") == 1 and "took longer than 0.1 s to read" in done.stderr
    assert run("extract", str(PDF), "--pdf-engine", engine).returncode == 0  # the default allows it


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_a_decompression_bomb_stops_at_the_memory_limit(tmp_path: Path, engine: str) -> None:
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(bomb_pdf(800))  # ~0.8 MB that expand to 800 MB
    done = run("extract", str(bomb), "--max-memory", "200", "--pdf-engine", engine)
    assert done.returncode == int(ExitCode.LIMIT), done.stderr
    assert done.stderr.count("\n") == 1 and "200 MB" in done.stderr and "Traceback" not in done.stderr


def test_the_limits_hold_for_the_library_too() -> None:
    with pytest.raises(InputError) as caught:
        parse_bytes(bomb_pdf(300), "slow.pdf", options=ReadOptions(timeout=0.05))
    assert caught.value.exit_code is ExitCode.LIMIT and caught.value.path == "slow.pdf"
    record = parse_bytes(PDF.read_bytes(), "fine.pdf", options=ReadOptions(timeout=None, max_memory=None))
    assert record.turns  # unbounded, in-process


def test_an_endless_or_too_large_input_is_refused(tmp_path: Path) -> None:
    done = run("extract", "/dev/zero", "--max-size", "2")
    assert done.returncode == int(ExitCode.LIMIT) and "is larger than 2 MB" in done.stderr
    big = tmp_path / "big.txt"
    big.write_bytes(b"\xea\xb0\x80" * (1024 * 1024))  # 3 MB of 가
    assert run("extract", str(big), "--max-size", "2").returncode == int(ExitCode.LIMIT)
    assert run("text", "-", "--max-size", "1").returncode == int(ExitCode.EMPTY)  # stdin is read, and empty


def test_nesting_of_any_depth_is_no_traceback(tmp_path: Path) -> None:
    deep = tmp_path / "deep.txt"
    deep.write_text("〈위원장〉\n\n- 시작\n" + "".join(" " * depth + "- 항목\n" for depth in range(1, 400)),
                    encoding="utf-8")
    extracted = run("extract", str(deep))
    assert extracted.returncode == 0 and "Traceback" not in extracted.stderr
    checked = run("check", str(deep), "--output-format", "concise")
    assert checked.returncode == 1 and "ST017" in checked.stdout and "Traceback" not in checked.stderr


def test_pdfminer_log_lines_do_not_reach_stderr(tmp_path: Path) -> None:
    """A PDF whose page content is missing makes pdfminer log; the user sees one line of ours."""
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n"
                       b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R "
                       b"/MediaBox [0 0 595 842] /Contents 9 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
    done = run("extract", str(broken), "--pdf-engine", "pdfplumber")
    assert done.returncode == int(ExitCode.NO_TEXT_LAYER)
    # (a blank page is not read by OCR; without tesseract the message says what to install)
    assert len(done.stderr.splitlines()) == 1
    assert done.stderr.startswith(f"minutes-extract: error: {broken}: no text layer on any of its 1 page(s): "
                                  "a scanned PDF needs OCR first")
