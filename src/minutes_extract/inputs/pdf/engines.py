"""Two PDF engines behind one interface: each yields PdfPage objects one page at a time.

Both engines only report glyphs (character, box); one shared step builds lines from them,
so the engines differ in speed and in what their library can see, not in how text is put
together:

- ``pdfium`` (pypdfium2, the default): characters and boxes from pdfium's text page, minus
  the spaces and line breaks pdfium generates itself, mended where the text page falls short
  of the page (see the pdfium section: glyph boxes in Type3 fonts, text objects it leaves
  out, control characters);
- ``pdfplumber``: characters and boxes from pdfplumber (pdfminer).

So both see the same glyphs at the same places: a glyph spans its origin to its advance.
A gap wider than WORD_GAP between glyphs is a word space (pdfplumber's default of 3 pt
glues the words of PDFs that draw no space glyphs). Pages are released one by one so memory
stays flat in the page count.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from itertools import repeat
from operator import attrgetter
from pathlib import Path
from typing import Any

# pdfium is imported with the engines, so that whoever imports them before forking (batch's
# warm-up, inputs.preload before a guarded read) hands it to its children. A run on text never
# imports this module (the CLI names the engines from inputs.pdf.ENGINE_NAMES).
import pypdfium2  # noqa: F401

from .model import PdfLine, PdfPage

WORD_GAP = 1.5  # points
OVERPRINT = 0.25  # of a glyph's width: a copy drawn closer than this is the same glyph
_BY_BOTTOM_THEN_LEFT = attrgetter("bottom", "x0")
# pdfium reports a hyphen that ends a line as the noncharacter U+FFFE.
_PDFIUM_CHARS = {"\ufffe": "-"}
# Control characters that are not white space: no text, whichever glyph draws them (pdfium
# leaves some out of its text, pdfminer keeps them).
_NOT_TEXT = frozenset(chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)] if not chr(c).isspace())


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
            if previous is not None and glyph.text == previous.text and _overprints(glyph, previous):
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


def _overprints(glyph: Glyph, previous: Glyph) -> bool:
    """Is ``glyph``, the same character as the one before it, that one drawn again a little
    to the right (a bold effect)? pdfium's text page drops such copies, pdfminer keeps them."""
    return glyph.x0 - previous.x0 < OVERPRINT * (previous.x1 - previous.x0)


# -- pdfium ---------------------------------------------------------------------------------
# Where pdfium's text page falls short of the page, and what is done about it:
# - for a font without ascent and descent (Type3, which Hancom PDF draws every glyph with)
#   the loose box is the glyph's declared box, a full em for every Hancom glyph: it hides the
#   gap after a narrow glyph (`AI 허브`, `G7 외교`, `MBC 폐방`, `다. 그래서`). Such glyphs span
#   their origin to their advance in the font instead, as pdfminer places them;
# - a text object with an empty box (a space glyph that ends a line) is left out: it is read
#   as a space at its baseline;
# - a drawn text object taken for a copy of one of the five before it is left out (codes
#   compared, fonts not: Hancom's Type3 fonts reuse codes, so `·` hid `타`): it is read apart,
#   and a real copy (a bold effect) is dropped again by the shared line builder, as pdfminer's
#   copies are;
# - a control character that its text leaves out shifts text indices against character
#   indices: on such a page each character's text index is asked for.
def _pdfium_pages(source: Source, password: str | None) -> Iterator[PdfPage]:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(source, password=password)
    except pdfium.PdfiumError as exc:
        raise _open_error(str(exc)) from None
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                width, height = page.get_size()
                glyphs, evidence = _pdfium_glyphs(document, page, height)
                yield PdfPage(number=index + 1, width=width, height=height,
                              lines=lines_from_glyphs(glyphs, WORD_GAP, evidence), glyphs=len(glyphs))
            finally:
                page.close()
    finally:
        document.close()


def _pdfium_glyphs(document: Any, page: Any, height: float) -> tuple[list[Glyph], bool]:
    """The page's glyphs, and whether it draws space glyphs (evidence at line ends)."""
    textpage = page.get_textpage()
    try:
        glyphs, seen = _text_page_glyphs(textpage, height)
    finally:
        textpage.close()
    spaces, left_out = _page_objects(_address(page.raw), seen, height)
    glyphs.extend(_glyphs_apart(document, page, left_out, height))
    glyphs.extend(spaces)
    real_spaces = sum(1 for g in glyphs if g.text == " ")
    return glyphs, uses_space_glyphs(real_spaces, len(glyphs))


def _text_page_glyphs(textpage: Any, height: float) -> tuple[list[Glyph], set[int]]:
    """The text page's characters with their boxes, minus the spaces and line breaks pdfium
    generates (they split Korean words where the PDF draws no space glyphs), and the text
    objects they come from."""
    api = _pdfium_api()
    handle = _address(textpage.raw)
    text = textpage.get_text_range()
    count = api.count_chars(handle)
    chars = enumerate(text) if len(text) == count else _by_char_index(handle, text, count)
    box = api.raw.FS_RECTF()
    box_ref = ctypes.byref(box)
    loose_box, text_object, is_generated = api.loose_box, api.text_object, api.is_generated
    advances = _Advances(handle)
    glyphs: list[Glyph] = []
    seen: set[int] = set()
    last_object: int | None = None
    scale: float | None = None
    for index, char in chars:
        if char == " " or char == "\r" or char == "\n":
            if char != " " or is_generated(handle, index):
                continue
        elif char in _NOT_TEXT:
            continue
        char = _PDFIUM_CHARS.get(char, char)
        obj = text_object(handle, index)
        if obj != last_object:
            last_object = obj
            seen.add(obj)
            scale = advances.scale(obj, index)
        loose_box(handle, index, box_ref)
        if scale is None:
            glyphs.append(Glyph(char, box.left, box.right, height - box.top, height - box.bottom))
        else:
            x0, x1 = advances.span(index, char, scale, box)
            glyphs.append(Glyph(char, x0, x1, height - box.top, height - box.bottom))
    return glyphs, seen


def _by_char_index(handle: int, text: str, count: int) -> Iterator[tuple[int, str]]:
    """(character index, character) where the text leaves characters out (pdfium excludes
    some control characters from its text but not from its character list)."""
    text_index = _pdfium_api().text_index
    for index in range(count):
        position = text_index(handle, index)
        if 0 <= position < len(text):
            yield index, text[position]


class _Advances:
    """Left and right edges from the font's advance widths, for the fonts whose loose boxes
    are their glyphs' bounding boxes: pdfium falls back to those for a font without ascent
    and descent (Type3; Hancom makes every glyph's box a full em), where for other fonts the
    loose box spans origin to advance."""

    def __init__(self, handle: int) -> None:
        self.handle = handle
        self.api = _pdfium_api()
        self.glyph_boxes: dict[int, bool] = {}  # font -> are its loose boxes glyph boxes?
        self.metrics: dict[tuple[int, str], tuple[float, float]] = {}  # (font, char) -> see _metrics
        self.font: int = 0
        self.x, self.y, self.size = ctypes.c_double(), ctypes.c_double(), ctypes.c_float()
        self.matrix = self.api.raw.FS_MATRIX()

    def scale(self, obj: int, index: int) -> float | None:
        """Points per unit of font size for the glyphs of text object ``obj`` (character
        ``index`` is one of them), or None where pdfium's loose boxes are right."""
        api = self.api
        font = api.font_of(obj)
        if not font:
            return None
        glyph_boxes = self.glyph_boxes.get(font)
        if glyph_boxes is None:
            glyph_boxes = self.glyph_boxes[font] = self._loose_is_tight(index)
        if not glyph_boxes or not api.font_size(obj, self.size):
            return None
        api.matrix(self.handle, index, self.matrix)
        self.font = font
        return self.size.value * self.matrix.a or None

    def _loose_is_tight(self, index: int) -> bool:
        """Is character ``index``'s loose box its tight (glyph) box, pdfium's fallback?"""
        loose, tight = self.api.raw.FS_RECTF(), [ctypes.c_double() for _ in range(4)]
        self.api.loose_box(self.handle, index, loose)
        self.api.char_box(self.handle, index, *tight)
        edges = zip((loose.left, loose.right, loose.bottom, loose.top), (t.value for t in tight), strict=True)
        return all(abs(a - b) < 0.001 for a, b in edges)

    def span(self, index: int, char: str, scale: float, box: Any) -> tuple[float, float]:
        """Origin and origin plus advance of character ``index``, whose loose ``box`` is its
        glyph's box (that box where the font has no width for it)."""
        metrics = self.metrics.get((self.font, char))
        if metrics is None:
            metrics = self.metrics[self.font, char] = self._metrics(index, char, scale, box.left)
        width, offset = metrics
        if width < 0:
            return box.left, box.right
        origin = box.left - offset * scale
        return origin, origin + width * scale

    def _metrics(self, index: int, char: str, scale: float, left: float) -> tuple[float, float]:
        """The font's advance for ``char`` (-1 where it has none) and how far its glyph's box
        starts right of the origin, at size 1."""
        found = ctypes.c_float()
        ok = len(char) == 1 and self.api.glyph_width(self.font, ord(char), 1.0, found)
        self.api.origin(self.handle, index, self.x, self.y)
        return (found.value if ok else -1.0), (left - self.x.value) / scale


def _page_objects(page: int, seen: set[int], height: float) -> tuple[list[Glyph], list[int]]:
    """The page's text objects the text page left out: those with an empty box, which are
    space glyphs (a point box; asking for their text would cost more), as spaces at their
    baseline; and the drawn ones, to be read on their own."""
    api = _pdfium_api()
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    get_object, get_type, get_bounds = api.page_object, api.object_type, api.bounds
    text_type = api.raw.FPDF_PAGEOBJ_TEXT
    spaces: list[Glyph] = []
    left_out: list[int] = []
    count = api.count_objects(page)
    # All at once (no Python step between pdfium calls): the objects no character came from.
    unseen = [obj for obj in map(get_object, repeat(page, count), range(count)) if obj not in seen]
    for obj, kind in zip(unseen, map(get_type, unseen), strict=True):
        if kind != text_type:
            continue
        get_bounds(obj, left, bottom, right, top)
        if right.value - left.value >= 0.01:
            if not _has_actual_text(obj):
                left_out.append(obj)
        elif top.value - bottom.value < 0.01:
            baseline = height - bottom.value
            spaces.append(Glyph(" ", left.value, left.value + 1.0, baseline - 1.0, baseline))
    return spaces, left_out


def _has_actual_text(obj: int) -> bool:
    """Is the object marked with an ActualText? pdfium puts that text in its text page for
    the first object so marked, and leaves the others out."""
    api = _pdfium_api()
    return any(api.param_type(api.mark(obj, i), b"ActualText") != api.raw.FPDF_OBJECT_UNKNOWN
               for i in range(api.count_marks(obj)))


def _glyphs_apart(document: Any, page: Any, objects: list[int], height: float) -> list[Glyph]:
    """The glyphs of drawn text objects the page's text page left out, read apart: they
    move to a blank page of the same size (in memory; the file is never written) and its
    text page is read; what that one leaves out again (copies of each other) moves on to
    the next, until none is left or none is read."""
    api = _pdfium_api()
    glyphs: list[Glyph] = []
    blanks: list[Any] = []
    holder = page
    try:
        while objects:
            blank = document.new_page(page.get_width(), height)
            blanks.append(blank)
            for obj in objects:
                if api.remove_object(_address(holder.raw), obj):
                    api.insert_object(_address(blank.raw), obj)
            textpage = blank.get_textpage()
            try:
                found, seen = _text_page_glyphs(textpage, height)
            finally:
                textpage.close()
            glyphs.extend(found)
            if not seen.intersection(objects):
                break
            objects, holder = [obj for obj in objects if obj not in seen], blank
    finally:
        for blank in reversed(blanks):  # the objects moved there go with them
            blank.close()
            document.del_page(len(document) - 1)
    return glyphs


def _address(handle: Any) -> int:
    return ctypes.cast(handle, ctypes.c_void_p).value or 0


@dataclass(frozen=True, slots=True)
class _PdfiumApi:
    """The pdfium functions used per character and per object, taking and giving pdfium's
    handles as plain addresses: hashable (to match characters to objects) and cheaper to
    pass than pypdfium2's typed pointers."""

    raw: Any  # pypdfium2.raw, for its structures and constants
    count_chars: Callable[..., int]
    text_index: Callable[..., int]
    is_generated: Callable[..., int]
    loose_box: Callable[..., int]
    char_box: Callable[..., int]
    origin: Callable[..., int]
    matrix: Callable[..., int]
    text_object: Callable[..., int]
    font_of: Callable[..., int]
    font_size: Callable[..., int]
    glyph_width: Callable[..., int]
    count_objects: Callable[..., int]
    page_object: Callable[..., int]
    object_type: Callable[..., int]
    bounds: Callable[..., int]
    remove_object: Callable[..., int]
    insert_object: Callable[..., int]
    count_marks: Callable[..., int]
    mark: Callable[..., int]
    param_type: Callable[..., int]


_PDFIUM_FUNCTIONS = (
    "FPDFText_CountChars", "FPDFText_GetTextIndexFromCharIndex", "FPDFText_IsGenerated",
    "FPDFText_GetLooseCharBox", "FPDFText_GetCharBox", "FPDFText_GetCharOrigin", "FPDFText_GetMatrix",
    "FPDFText_GetTextObject", "FPDFTextObj_GetFont", "FPDFTextObj_GetFontSize", "FPDFFont_GetGlyphWidth",
    "FPDFPage_CountObjects", "FPDFPage_GetObject", "FPDFPageObj_GetType", "FPDFPageObj_GetBounds",
    "FPDFPage_RemoveObject", "FPDFPage_InsertObject", "FPDFPageObj_CountMarks", "FPDFPageObj_GetMark",
    "FPDFPageObjMark_GetParamValueType",
)  # in the order of _PdfiumApi's fields


@cache
def _pdfium_api() -> _PdfiumApi:
    import pypdfium2.raw as raw

    return _PdfiumApi(raw, *(_by_address(getattr(raw, name)) for name in _PDFIUM_FUNCTIONS))


def _by_address(function: Any) -> Any:
    """pypdfium2's raw ``function`` with pdfium's handles (pointers to its opaque structs)
    passed and returned as plain addresses."""
    def plain(kind: Any) -> Any:
        target = getattr(kind, "_type_", None)  # what a pointer type points to
        structure = isinstance(target, type) and issubclass(target, ctypes.Structure)
        return ctypes.c_void_p if structure and not hasattr(target, "_fields_") else kind

    prototype = ctypes.CFUNCTYPE(plain(function.restype), *(plain(kind) for kind in function.argtypes))
    return prototype(ctypes.cast(function, ctypes.c_void_p).value)


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
                glyphs = [Glyph(c["text"], c["x0"], c["x1"], c["top"], c["bottom"])
                          for c in page.chars if c["text"] not in _NOT_TEXT]
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
