"""OCR of scanned PDF pages (tesseract): the pure rules always; the reading itself where
tesseract and its Korean model are installed (apt install tesseract-ocr tesseract-ocr-kor)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from minutes_extract import ExitCode, InputError, parse_bytes
from minutes_extract.inputs import read_document
from minutes_extract.inputs.document import ReadOptions
from minutes_extract.inputs.ocr import TesseractMissing, engine, repair_marker, repair_markers
from minutes_extract.inputs.ocr.pages import is_blank
from minutes_extract.inputs.ocr.tsv import PageText, implausible, parse
from minutes_extract.inputs.pdf.scanned import _findings
from minutes_extract.models import OcrPage, OcrSource

ROOT = Path(__file__).resolve().parent.parent
TEXT_PDF = ROOT / "tests" / "fixtures" / "pdf" / "assembly-committee.glyph-spaces-words.pdf"
SCAN = Path("scanned") / "na-welfare-subcomm-2020-02-19" / "minutes.pdf"


def _tesseract() -> str | None:
    try:
        return engine()
    except TesseractMissing as missing:
        return str(missing)


_MISSING = None if _tesseract() and _tesseract().startswith("tesseract ") else _tesseract()  # type: ignore[union-attr]
needs_tesseract = pytest.mark.skipif(
    _MISSING is not None, reason=f"OCR not available here: {_MISSING}")


# -- the marker repair: pure ------------------------------------------------------------------
@pytest.mark.parametrize(("read", "expected"), [
    ("(>김승회 위원 저는 이의 제기를 하는데요.", "○김승회 위원 저는 이의 제기를 하는데요."),
    ("(〉소위원장 기동민 유일규 위원님", "○소위원장 기동민 유일규 위원님"),
    ("(김광수 위원 아까도", "○김광수 위원 아까도"),
    ("O김순례 위원 저도요.", "○김순례 위원 저도요."),
    ("0 소위원장 기동민 잠깐만요", "○소위원장 기동민 잠깐만요"),
    ("o보건복지부차관 김강립 예.", "○보건복지부차관 김강립 예."),
    ("0 김승회 위원 네.", "○김승회 위원 네."),
    ("©의장 김병국", "○의장 김병국"),
])
def test_misread_markers_are_put_back(read: str, expected: str) -> None:
    assert repair_marker(read) == expected


@pytest.mark.parametrize("line", [
    "(위원장 김광수 사회)",  # a stage direction in parentheses
    "(「예」 하는 위원 있음)",
    "(10시07분 개의)",
    "OECD 국가 위원들이",  # a word that starts with O
    "0.5명 정도 위원",
    "o 간사 선임의 건",  # an enumerated item (o and ㅇ are bullets when a space follows)
    "ㅇ 위원장 선출의 건",
    "○김승회 위원 이미 맞는 줄",
    "이렇게 김승회 위원이 말씀하신",  # no marker at the start
    "(김승회 위원",  # ← a marker only: repaired (the shape is there) — see below
])
def test_lines_without_the_shape_are_left_alone(line: str) -> None:
    expected = "○김승회 위원" if line == "(김승회 위원" else line
    assert repair_marker(line) == expected


def test_repairs_are_counted() -> None:
    lines, repaired = repair_markers(["(>김승회 위원 네.", "본문입니다.", "(10시)"])
    assert lines[0].startswith("○") and lines[1:] == ["본문입니다.", "(10시)"] and repaired == 1


# -- TSV and plausibility: pure ---------------------------------------------------------------
HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"


def _word(block: int, line: int, left: int, width: int, conf: float, text: str) -> str:
    return f"5\t1\t{block}\t1\t{line}\t1\t{left}\t{100 * line}\t{width}\t40\t{conf}\t{text}\n"


TABLE = (HEADER + "1\t1\t0\t0\t0\t0\t0\t0\t2480\t3505\t-1\t\n"
         + _word(1, 1, 100, 40, 90, "의") + _word(1, 1, 145, 40, 80, "사")  # 5 px apart: one word
         + _word(1, 1, 220, 80, 70, "일정") + _word(1, 1, 300, 0, 95, " ")  # blank words are dropped
         + _word(2, 1, 100, 40, 60, "끝"))


def test_tsv_lines_take_the_plain_texts_spaces_when_the_lines_agree() -> None:
    page = parse(TABLE, "의사 일정\n\n끝\n")
    assert [line.text for line in page.lines] == ["의사 일정", "끝"]
    assert page.words == 4 and page.confidence == 75.0
    assert (page.lines[0].left, page.lines[0].right, page.lines[1].block) == (100, 300, 2)


def test_tsv_lines_join_by_gaps_when_the_plain_text_disagrees() -> None:
    assert [line.text for line in parse(TABLE, "").lines] == ["의사 일정", "끝"]


def test_implausible_readings() -> None:
    a4 = 595 * 842 / 72 / 72
    assert implausible(PageText([], 0.0, 0), a4) == "no words read"
    low = parse(TABLE.replace("\t90\t", "\t10\t").replace("\t80\t", "\t10\t"), "")
    assert "confidence" in (implausible(low, a4) or "")
    sparse = parse(TABLE, "")  # 5 Hangul on an A4 page: psm 3 lost the text
    assert "per square inch" in (implausible(sparse, a4) or "")
    assert implausible(sparse, 1.0) is None  # the same on a one-inch label is plausible


def test_low_confidence_pages_are_warned() -> None:
    source = OcrSource(engine="tesseract 5.3.0", language="kor", pages=[
        OcrPage(page=1, confidence=91.0, psm=3), OcrPage(page=2, confidence=41.5, psm=6)])
    summary, *low = _findings(source, repaired=2)
    assert summary.code == "PD005" and "2 page(s) read by OCR" in summary.message
    assert "mean confidence 66" in summary.message and "2 speaker marker(s)" in summary.message
    assert [(d.code, d.page) for d in low] == [("PD006", 2)] and "confidence 42" in low[0].message


def test_blank_page_images() -> None:
    assert is_blank(b"P5\n3 2\n255\n" + bytes([255, 250, 230, 255, 255, 255]))
    assert not is_blank(b"P5\n3 2\n255\n" + bytes([255, 255, 255, 255, 12, 255]))
    assert not is_blank(b"P5\n3 2\n255\n" + bytes([255, 255, 10, 255, 255, 255]))  # \n as a pixel


# -- reading scans: with tesseract ------------------------------------------------------------
def _scan_of(source: Path, pages: int = 1) -> bytes:
    """An image-only PDF of the first `pages` pages of a text PDF (rendered at 300 dpi)."""
    text = pdfium.PdfDocument(str(source))
    out = pdfium.PdfDocument.new()
    for index in range(pages):
        width, height = text[index].get_size()
        bitmap = text[index].render(scale=300 / 72, grayscale=True)
        page = out.new_page(width, height)
        image = pdfium.PdfImage.new(out)
        image.set_bitmap(bitmap)
        image.set_matrix(pdfium.PdfMatrix().scale(width, height))
        page.insert_obj(image)
        page.gen_content()
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def _one_page(source: Path) -> bytes:
    document = pdfium.PdfDocument(str(source))
    for index in reversed(range(1, len(document))):
        document.del_page(index)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def scan_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ocr") / "scan.bin"  # told by content, not by name
    path.write_bytes(_scan_of(TEXT_PDF))
    return path


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "minutes_extract", *args], capture_output=True,
                          text=True, timeout=300, env=env)


def test_the_scan_has_no_text_layer(scan_pdf: Path) -> None:
    document = pdfium.PdfDocument(str(scan_pdf))
    assert len(document) == 1 and not document[0].get_textpage().get_text_range().strip()


@needs_tesseract
def test_a_scan_gives_the_turns_of_its_text(scan_pdf: Path) -> None:
    done = _cli("extract", str(scan_pdf))
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    ocr = record["source"]["ocr"]
    assert ocr["engine"].startswith("tesseract ") and ocr["language"] == "kor"
    assert [page["page"] for page in ocr["pages"]] == [1] and ocr["pages"][0]["confidence"] > 60
    assert any(d["code"] == "PD005" and "1 page(s) read by OCR" in d["message"] for d in record["diagnostics"])
    from_text = parse_bytes(_one_page(TEXT_PDF), "text.pdf")  # the same page's text layer
    assert len(record["turns"]) == len(from_text.turns) >= 1
    names = [turn["speaker"]["name"] for turn in record["turns"]]
    assert names == [turn.speaker.name for turn in from_text.turns]
    spans = [turn["span"] for turn in record["turns"]]
    assert all(span["page_start"] == span["page_end"] == 1 for span in spans)


@needs_tesseract
def test_ocr_never_on_a_scan_is_exit_7(scan_pdf: Path) -> None:
    done = _cli("text", str(scan_pdf), "--ocr", "never")
    assert done.returncode == ExitCode.NO_TEXT_LAYER and "--ocr never" in done.stderr
    assert done.stderr.count("\n") == 1


@needs_tesseract
def test_ocr_force_reads_a_text_pdf_by_ocr(tmp_path: Path) -> None:
    path = tmp_path / "text.pdf"
    path.write_bytes(_one_page(TEXT_PDF))
    document = read_document(path.read_bytes(), str(path), ReadOptions(ocr="force"))
    assert document.ocr is not None and [page.page for page in document.ocr.pages] == [1]
    layer = read_document(path.read_bytes(), str(path))
    assert layer.ocr is None
    assert "미래도시교통위원회" in document.text.replace(" ", "")


def test_without_tesseract_a_scan_is_exit_7_naming_the_packages(scan_pdf: Path, tmp_path: Path) -> None:
    empty = tmp_path / "no-programs"
    empty.mkdir()
    env = {**os.environ, "PATH": str(empty), "PYTHONPATH": str(ROOT / "src")}
    done = _cli("extract", str(scan_pdf), env=env)
    assert done.returncode == ExitCode.NO_TEXT_LAYER, done.stderr
    assert "apt install tesseract-ocr tesseract-ocr-kor" in done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    forced = _cli("text", str(scan_pdf), "--ocr", "force", env=env)
    assert forced.returncode == ExitCode.NEEDS_EXTRA and "tesseract-ocr-kor" in forced.stderr


def _tesseracts() -> set[int]:
    """Running tesseract processes (a killed one may linger as a zombie until it is reaped)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            name, state = stat[stat.index("(") + 1:stat.rindex(")")], stat[stat.rindex(")") + 2]
            if name == "tesseract" and state not in "ZX":
                found.add(int(entry.name))
    return found


@needs_tesseract
@pytest.mark.skipif(not Path("/proc").is_dir() or not hasattr(os, "fork"), reason="Linux /proc and fork")
def test_the_guard_stops_tesseract_with_the_reader(scan_pdf: Path) -> None:
    before = _tesseracts()
    with pytest.raises(InputError) as info:
        read_document(scan_pdf.read_bytes(), "scan.pdf", ReadOptions(timeout=1.5))
    assert info.value.exit_code == ExitCode.LIMIT and "OCR" in info.value.problem
    deadline = time.monotonic() + 0.3  # (a page takes tesseract seconds: one left running shows)
    while _tesseracts() - before and time.monotonic() < deadline:
        time.sleep(0.1)  # SIGKILL is delivered at once, but dying takes a moment
    assert _tesseracts() - before == set()


@needs_tesseract
def test_the_corpus_scan(corpus: Path) -> None:
    path = corpus / SCAN
    if not path.is_file():
        pytest.fail(f"corpus scan missing: {path}")
    record = parse_bytes(path.read_bytes(), str(path))
    assert record.source.ocr is not None and record.source.ocr.pages[0].confidence > 80
    assert len(record.turns) >= 5
    assert {"김순례", "기동민", "김광수"} <= {turn.speaker.name for turn in record.turns}
