"""The two PDF engines see the same lines on every corpus and fixture PDF.

Line by line, to the letter and every space, and in whether a line ends in a space glyph
(None on PDFs that draw none); positions agree within what their boxes differ by.
"""

from __future__ import annotations

from itertools import zip_longest
from pathlib import Path

import pytest

from conftest import ROOT
from minutes_extract.inputs.pdf import engines
from minutes_extract.inputs.pdf.engines import Engine, PdfOpenError, pages
from minutes_extract.inputs.pdf.model import PdfPage

DISTILLER = ["na-foreign-2024-07-17-full", "na-sci-ict-2024-06-25-adjust", "na-sci-ict-2024-09-03-bill-sub"]
HANCOM = ["na-policy-2024-10-08-short", "na-sci-ict-2025-09-10-petition"]
FIXTURES = sorted(path.name for path in (ROOT / "tests" / "fixtures" / "pdf").glob("*.pdf"))


def _corpus_pdf(corpus: Path, name: str) -> Path:
    path = corpus / "national-assembly" / name / "minutes.pdf"
    if not path.is_file():
        pytest.fail(f"corpus PDF missing: {path}")
    return path


def _read(corpus: Path, name: str, engine: Engine) -> list[PdfPage]:
    return list(pages(_corpus_pdf(corpus, name), engine))


def assert_same_lines(path: Path, password: str | None = None) -> None:
    """Both engines' lines are the same, page by page and line by line."""
    fast, slow = list(pages(path, Engine.pdfium, password)), list(pages(path, Engine.pdfplumber, password))
    assert len(fast) == len(slow) > 0
    for a, b in zip(fast, slow, strict=True):
        for number, (x, y) in enumerate(zip_longest(a.lines, b.lines), 1):
            where = f"{path.parent.name}/{path.name} page {a.number} line {number}"
            assert x and y, f"{where}: only {'pdfium' if x else 'pdfplumber'} has {(x or y).text!r}"
            assert x.text == y.text, f"{where}: pdfium {x.text!r}, pdfplumber {y.text!r}"
            assert x.trailing_space == y.trailing_space, f"{where} {x.text!r}: trailing space"
            tolerance = 1 + 0.3 * (y.bottom - y.top)  # loose boxes differ in ascent
            assert abs(x.top - y.top) < tolerance and abs(x.x0 - y.x0) < 3, f"{where} {x.text!r}: position"


@pytest.mark.parametrize("name", DISTILLER + HANCOM)
def test_engines_agree(corpus: Path, name: str) -> None:
    assert_same_lines(_corpus_pdf(corpus, name))


def test_every_fixture_pdf_is_compared() -> None:
    assert len(FIXTURES) >= 16  # five drawings of three samples, and the encrypted one


@pytest.mark.parametrize("name", FIXTURES)
def test_engines_agree_on_the_fixtures(name: str) -> None:
    assert_same_lines(ROOT / "tests" / "fixtures" / "pdf" / name, "minutes" if "encrypted" in name else None)


def test_line_end_evidence(corpus: Path) -> None:
    for engine in Engine:
        distiller = _read(corpus, "na-sci-ict-2024-06-25-adjust", engine)
        lines = {line.text: line for line in distiller[1].lines}
        ends_in_space = next(t for t in lines if t.endswith("의견이나 질문을 통하여"))
        inside_word = next(t for t in lines if t.endswith("마이크를 켠 다"))
        assert lines[ends_in_space].trailing_space is True, engine
        assert lines[inside_word].trailing_space is False, engine
        hancom = _read(corpus, "na-sci-ict-2025-09-10-petition", engine)
        assert all(line.trailing_space is None for page in hancom for line in page.lines)


def test_running_header_is_one_line(corpus: Path) -> None:
    first = _read(corpus, "na-sci-ict-2024-06-25-adjust", Engine.pdfium)[1].lines[0]
    assert first.text == "2 제415회-과학기술정보방송통신(안건조정)제1차(2024년6월25일)"


def test_scanned_page_has_no_glyphs(corpus: Path) -> None:
    path = corpus / "scanned" / "na-welfare-subcomm-2020-02-19" / "minutes.pdf"
    for engine in Engine:
        scanned = list(pages(path, engine))
        assert scanned and all(page.glyphs == 0 and not page.lines for page in scanned)


@pytest.mark.parametrize("engine", list(Engine))
def test_broken_pdfs_raise_open_errors(corpus: Path, engine: Engine) -> None:
    real = (corpus / "national-assembly" / "na-policy-2024-10-08-short" / "minutes.pdf").read_bytes()
    for data in (real[: len(real) // 3], b"%PDF-1.4\n garbage \n", b"not a pdf at all"):
        with pytest.raises(PdfOpenError):
            list(pages(data, engine))


@pytest.mark.parametrize("name", HANCOM)
def test_what_is_known_of_fonts_carries_across_pages(corpus: Path, name: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The advances of Type3 glyphs, asked once per font and character and carried to the next
    page for the fonts both use, place every glyph where asking again on each page does."""
    carried = _read(corpus, name, Engine.pdfium)

    def forget_all(self: engines._Fonts, fonts: set[int]) -> None:
        self.glyph_boxes, self.metrics = {}, {}

    monkeypatch.setattr(engines._Fonts, "page", forget_all)
    afresh = _read(corpus, name, Engine.pdfium)
    assert len(carried) == len(afresh) > 1
    for a, b in zip(carried, afresh, strict=True):
        assert [line.text for line in a.lines] == [line.text for line in b.lines]
        for x, y in zip(a.lines, b.lines, strict=True):  # float32 boxes: the same within rounding
            assert max(abs(x.x0 - y.x0), abs(x.x1 - y.x1), abs(x.top - y.top)) < 0.001, (a.number, x.text)


def test_fonts_no_page_uses_are_forgotten() -> None:
    """A font's address may be given to another font once no page holds it: what is known of
    a font the new page does not use is dropped."""
    known = engines._Fonts()
    known.glyph_boxes, known.metrics = {1: True, 2: False}, {1: {"가": (1.0, 0.0)}, 2: {"A": (0.5, 0.0)}}
    known.page({1, 3})
    assert known.glyph_boxes == {1: True} and known.metrics == {1: {"가": (1.0, 0.0)}}
