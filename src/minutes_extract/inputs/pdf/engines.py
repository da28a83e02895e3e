"""Two PDF engines behind one interface: each yields PdfPage objects one page at a time.

Both engines only report glyphs (character, box); one shared step builds lines from them,
so the engines differ in speed and in what their library can see, not in how text is put
together:

- ``pdfium`` (pypdfium2, the default): characters and boxes from pdfium's text page, minus
  the spaces and line breaks pdfium generates itself; the space glyphs that end a line,
  which pdfium's text page drops, come from the page's empty text objects.
- ``pdfplumber``: characters and boxes from pdfplumber (pdfminer).

A gap wider than WORD_GAP between glyphs is a word space (pdfplumber's default of 3 pt
glues the words of PDFs that draw no space glyphs). Pages are released one by one so memory
stays flat in the page count.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from operator import attrgetter
from pathlib import Path
from typing import Any

from .model import PdfLine, PdfPage

WORD_GAP = 1.5  # points
_BY_BOTTOM_THEN_LEFT = attrgetter("bottom", "x0")
# pdfium reports a hyphen that ends a line as the noncharacter U+FFFE.
_PDFIUM_CHARS = {"\ufffe": "-"}
_SPACE_AFTER = frozenset(".,?!:;)]}」』’”")


class Engine(StrEnum):
    pdfium = "pdfium"
    pdfplumber = "pdfplumber"


class PdfOpenError(Exception):
    """The PDF cannot be opened: encrypted without the right password, corrupt, truncated."""

    def __init__(self, problem: str, encrypted: bool = False) -> None:
        super().__init__(problem)
        self.problem = problem
        self.encrypted = encrypted


@dataclass(slots=True)
class Glyph:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


Source = Path | bytes


def pages(source: Source, engine: Engine = Engine.pdfium, password: str | None = None) -> Iterator[PdfPage]:
    """The pages of a PDF as positioned lines, one page at a time."""
    return _ENGINES[engine](source, password)


# -- the shared step: glyphs to lines --------------------------------------------------------
def uses_space_glyphs(spaces: int, glyphs: int) -> bool:
    """Does the page draw space glyphs between words? Some PDFs draw a stray few (one in a
    running header); prose that uses them has roughly one per five or six glyphs."""
    return spaces > 0 and spaces * 20 >= glyphs


def lines_from_glyphs(glyphs: list[Glyph], word_gap: float | None, evidence: bool) -> list[PdfLine]:
    """Rows of glyphs to lines. A space glyph, or (with ``word_gap``) a wider gap, separates
    words; ``evidence`` says the page draws space glyphs, so a line end without one is
    known to fall inside a word."""
    rows: list[tuple[list[Glyph], list[float]]] = []  # glyphs, [top, bottom] of the row
    for glyph in sorted(glyphs, key=_BY_BOTTOM_THEN_LEFT):
        middle = (glyph.top + glyph.bottom) / 2
        if rows:
            members, band = rows[-1]
            if band[0] <= middle <= band[1] or glyph.top <= (band[0] + band[1]) / 2 <= glyph.bottom:
                members.append(glyph)
                if not glyph.text.isspace():
                    band[0], band[1] = min(band[0], glyph.top), max(band[1], glyph.bottom)
                continue
        rows.append(([glyph], [glyph.top, glyph.bottom]))
    lines = []
    for members, _ in rows:
        members.sort(key=lambda g: g.x0)
        parts: list[str] = []
        previous: Glyph | None = None
        pending_space = False
        for glyph in members:
            if glyph.text.isspace():
                pending_space = previous is not None
                continue
            gap_is_space = word_gap is not None and previous is not None and glyph.x0 - previous.x1 > word_gap
            if previous is not None and (pending_space or gap_is_space):
                parts.append(" ")
            parts.append(glyph.text)
            previous, pending_space = glyph, False
        if previous is None:
            continue
        visible = [g for g in members if not g.text.isspace()]
        lines.append(PdfLine(
            text="".join(parts),
            x0=visible[0].x0,
            x1=visible[-1].x1,
            top=min(g.top for g in visible),
            bottom=max(g.bottom for g in visible),
            trailing_space=pending_space if evidence else None,
        ))
    lines.sort(key=lambda line: (line.top, line.x0))
    return lines


# -- pdfium ---------------------------------------------------------------------------------
def _pdfium_pages(source: Source, password: str | None) -> Iterator[PdfPage]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        document = pdfium.PdfDocument(source, password=password)
    except pdfium.PdfiumError as exc:
        raise _open_error(str(exc)) from None
    try:
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            try:
                width, height = page.get_size()
                glyphs, evidence = _pdfium_glyphs(page, textpage, raw, height)
                yield PdfPage(number=index + 1, width=width, height=height,
                              lines=lines_from_glyphs(glyphs, WORD_GAP, evidence), glyphs=len(glyphs))
            finally:
                textpage.close()
                page.close()
    finally:
        document.close()


def _pdfium_glyphs(page: Any, textpage: Any, raw: Any, height: float) -> tuple[list[Glyph], bool]:
    """The page's glyphs, and whether it draws space glyphs (evidence at line ends)."""
    text = textpage.get_text_range()
    handle = textpage.raw
    # Loose boxes span a glyph's advance in most fonts, as pdfplumber's boxes do. (In some
    # fonts they are as wide as the widest glyph, which hides narrow gaps such as the one
    # after the full stop in `다. 그래서` — a known difference from pdfplumber.) pdfium's
    # generated spaces are no help: they split Korean words where the PDF draws no space
    # glyphs, so they and its generated line breaks are dropped.
    box = raw.FS_RECTF()
    box_ref = ctypes.byref(box)
    is_generated, loose_box = raw.FPDFText_IsGenerated, raw.FPDFText_GetLooseCharBox
    glyphs: list[Glyph] = []
    append = glyphs.append
    real_spaces = 0
    previous = ""
    reserve: list[Glyph] = []
    for index, char in enumerate(text):
        # pdfium generates only spaces and line breaks, so only those need asking about.
        if char == " ":
            if is_generated(handle, index):
                # pdfium knows the advance widths that its loose boxes hide: its generated
                # space after punctuation (`다. 그래서`) is kept in reserve, for pages that
                # draw no space glyphs; inside Hangul it guesses wrong and is dropped.
                if previous in _SPACE_AFTER and text[index + 1:index + 2] not in ("\r", "\n", ""):
                    # placed just right of the glyph before it, so sorting keeps it there
                    reserve.append(Glyph(" ", box.left + 0.01, box.left + 0.02,
                                         height - box.top, height - box.bottom))
                previous = char
                continue
            real_spaces += 1
        elif char == "\r" or char == "\n":
            continue
        elif char in _PDFIUM_CHARS:
            char = _PDFIUM_CHARS[char]
        loose_box(handle, index, box_ref)
        append(Glyph(char, box.left, box.right, height - box.top, height - box.bottom))
        previous = char
    # The space glyphs between words, and those that end lines (which pdfium's text page
    # leaves out), are the page's text objects with an empty box: add them as spaces at
    # their baseline. (Their box is a point; asking for their text would cost more.)
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    get_object, get_type = raw.FPDFPage_GetObject, raw.FPDFPageObj_GetType
    get_bounds = raw.FPDFPageObj_GetBounds
    text_type = raw.FPDF_PAGEOBJ_TEXT
    for k in range(raw.FPDFPage_CountObjects(page.raw)):
        obj = get_object(page.raw, k)
        if get_type(obj) != text_type:
            continue
        get_bounds(obj, left, bottom, right, top)
        if right.value - left.value < 0.01 and top.value - bottom.value < 0.01:
            baseline = height - bottom.value
            append(Glyph(" ", left.value, left.value + 1.0, baseline - 1.0, baseline))
            real_spaces += 1
    evidence = uses_space_glyphs(real_spaces, len(glyphs))
    if not evidence:
        glyphs.extend(reserve)
    return glyphs, evidence


# -- pdfplumber -----------------------------------------------------------------------------
def _pdfplumber_pages(source: Source, password: str | None) -> Iterator[PdfPage]:
    import io

    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        document = pdfplumber.open(stream, password=password or "")
    except PDFPasswordIncorrect:
        raise PdfOpenError("encrypted: a password is needed (--password), or it is wrong", True) from None
    except Exception as exc:  # pdfminer raises many kinds of error for broken files
        cause = exc.__cause__ or exc.__context__
        if isinstance(cause, PDFPasswordIncorrect) or "PDFPasswordIncorrect" in repr(exc.args):
            raise PdfOpenError("encrypted: a password is needed (--password), or it is wrong", True) from None
        raise _open_error(f"{type(exc).__name__}: {exc}") from None
    with document:
        for index, page in enumerate(document.pages):
            try:
                glyphs = [Glyph(c["text"], c["x0"], c["x1"], c["top"], c["bottom"]) for c in page.chars]
            except Exception as exc:
                if isinstance(exc, MemoryError) or "allocate" in str(exc).lower():
                    raise MemoryError(f"page {index + 1}") from None  # the guard's limit, not a broken file
                raise _open_error(f"page {index + 1}: {type(exc).__name__}: {exc}") from None
            spaces = sum(1 for g in glyphs if g.text == " ")
            evidence = uses_space_glyphs(spaces, len(glyphs))
            yield PdfPage(number=index + 1, width=float(page.width), height=float(page.height),
                          lines=lines_from_glyphs(glyphs, WORD_GAP, evidence), glyphs=len(glyphs))
            page.close()


def _open_error(message: str) -> PdfOpenError:
    lowered = message.lower()
    if "password" in lowered or "encrypt" in lowered:
        return PdfOpenError("encrypted: a password is needed (--password), or it is wrong", encrypted=True)
    return PdfOpenError(f"not a readable PDF (corrupt or truncated): {message}")


_ENGINES: dict[Engine, Callable[[Source, str | None], Iterator[PdfPage]]] = {
    Engine.pdfium: _pdfium_pages,
    Engine.pdfplumber: _pdfplumber_pages,
}
