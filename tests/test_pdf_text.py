"""PDF → clean text on the corpus: furniture gone, lines joined exactly as the glyphs say."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from minutes_extract import ExitCode, InputError, parse_bytes
from minutes_extract.inputs.document import ReadOptions
from minutes_extract.inputs.pdf import Engine, clean_pdf_text
from minutes_extract.inputs.pdf.engines import pages
from minutes_extract.inputs.pdf.layout import layout

DISTILLER = ["na-foreign-2024-07-17-full", "na-sci-ict-2024-06-25-adjust", "na-sci-ict-2024-09-03-bill-sub"]
HANCOM = ["na-policy-2024-10-08-short", "na-sci-ict-2025-09-10-petition"]
HEADER = re.compile(r"제\d+회-.*제\d+차\(\d{4}년\d+월\d+일\)")


def pdf(corpus: Path, name: str) -> Path:
    path = corpus / "national-assembly" / name / "minutes.pdf"
    if not path.is_file():
        pytest.fail(f"corpus PDF missing: {path}")
    return path


@pytest.mark.parametrize("name", ["na-policy-2024-10-08-short", "na-sci-ict-2025-09-10-petition"])
def test_hancom_pdfs_lose_their_running_headers_too(corpus: Path, name: str) -> None:
    clean = clean_pdf_text(pdf(corpus, name).read_bytes(), name)
    assert not [line.text for line in clean.lines if HEADER.search(line.text)]
    assert not clean.line_end_evidence
    assert len([f for f in clean.furniture if f.kind == "running-header"]) == clean.page_count


@pytest.mark.parametrize("name", DISTILLER)
def test_no_running_header_left_and_pages_numbered_right(corpus: Path, name: str) -> None:
    data = pdf(corpus, name).read_bytes()
    clean = clean_pdf_text(data, name)
    assert not [line.text for line in clean.lines if HEADER.search(line.text)]
    headers = [f for f in clean.furniture if f.kind == "running-header"]
    assert len(headers) == clean.page_count  # the cover page has one too
    assert not [d for d in clean.diagnostics if d.code == "PD001"]
    assert clean.line_end_evidence


def test_line_ends_follow_the_glyphs(corpus: Path) -> None:
    text = clean_pdf_text(pdf(corpus, "na-sci-ict-2024-06-25-adjust").read_bytes(), "x").render()
    assert "질문을 통하여 내용이 정리되면" in text  # space glyph at the line end
    assert "마이크를 켠 다음 발언해" in text  # broken inside a word: no glyph, no space
    assert "어떨까요. 띄워" in text  # 요. is a word end, not an enumerator
    assert "(20시07분 개의)" in text.splitlines()


@pytest.mark.parametrize("name", DISTILLER + HANCOM)
def test_engines_give_the_same_text(corpus: Path, name: str) -> None:
    path = pdf(corpus, name)
    texts = {e: layout(pages(path, e)).render() for e in Engine}
    assert texts[Engine.pdfium] == texts[Engine.pdfplumber]


def test_page_provenance(corpus: Path) -> None:
    record = parse_bytes(pdf(corpus, "na-sci-ict-2024-06-25-adjust").read_bytes(), "adjust.pdf")
    assert record.source.format == "pdf" and record.source.pages == 4
    assert record.source.encoding is None and record.source.pdf_engine == "pdfium"
    spans = [line.span for line in record.front_matter] + [turn.span for turn in record.turns]
    assert spans and all(s.page_start and s.page_end and s.page_start <= s.page_end for s in spans)
    assert record.front_matter[0].span.page_start == 1
    assert max(s.page_end for s in spans if s.page_end) == 4


def test_scanned_pdf_is_a_clear_error(corpus: Path) -> None:
    data = (corpus / "scanned" / "na-welfare-subcomm-2020-02-19" / "minutes.pdf").read_bytes()
    with pytest.raises(InputError) as info:
        parse_bytes(data, "scan.pdf", options=ReadOptions(ocr="never"))  # (OCR: test_ocr.py)
    assert info.value.exit_code == ExitCode.NO_TEXT_LAYER
    assert "OCR" in info.value.problem


@pytest.mark.parametrize(
    ("content", "code"),
    [("truncated", ExitCode.PDF_UNREADABLE), ("header-only", ExitCode.PDF_UNREADABLE),
     ("scanned", ExitCode.NO_TEXT_LAYER)],
)
def test_cli_exit_codes_for_bad_pdfs(corpus: Path, tmp_path: Path, content: str, code: int) -> None:
    real = pdf(corpus, "na-policy-2024-10-08-short").read_bytes()
    data = {
        "truncated": real[: len(real) // 3],
        "header-only": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
        "scanned": (corpus / "scanned" / "na-welfare-subcomm-2020-02-19" / "minutes.pdf").read_bytes(),
    }[content]
    path = tmp_path / "minutes.bin"  # detected by content, not by extension
    path.write_bytes(data)
    for command in ("extract", "text"):
        done = subprocess.run([sys.executable, "-m", "minutes_extract", command, str(path), "--ocr", "never"],
                              capture_output=True, timeout=120)
        assert done.returncode == code, (command, done.stderr)
        err = done.stderr.decode()
        assert err.count("\n") == 1 and str(path) in err and "Traceback" not in err


@pytest.mark.parametrize("name", DISTILLER)
def test_no_line_end_joined_against_the_glyphs(corpus: Path, name: str) -> None:
    path = pdf(corpus, name)
    text = layout(pages(path, Engine.pdfium)).render()
    checked = wrong = 0
    for page in pages(path, Engine.pdfium):
        for above, below in zip(page.lines, page.lines[1:], strict=False):
            if above.trailing_space is None or len(above.text) < 12 or len(below.text) < 12:
                continue
            left, right = above.text[-12:], below.text[:12]
            glued, spaced = left + right, f"{left} {right}"
            if glued in text or spaced in text:
                checked += 1
                wrong += (spaced in text) != above.trailing_space
    assert checked > 20
    assert wrong == 0
