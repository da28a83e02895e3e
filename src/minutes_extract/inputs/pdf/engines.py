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
glues the words of PDFs that draw no space glyphs). Pages are released one by one (with
pdfium, each stays open until the next is read: see _Fonts) so memory stays flat in the
page count.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from itertools import repeat
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Any

# pdfium is imported with the engines, so that whoever imports them before forking (batch's
# warm-up, inputs.preload before a guarded read) hands it to its children. A run on text never
# imports this module (the CLI names the engines from inputs.pdf.ENGINE_NAMES).
import pypdfium2  # noqa: F401

from .model import PdfLine, PdfPage

WORD_GAP = 1.5  # points
OVERPRINT = 0.25  # of a glyph's width: a copy drawn closer than this is the same glyph
_BY_BOTTOM_THEN_LEFT = itemgetter(4, 1)  # a Glyph's bottom, then its x0
_BY_LEFT = itemgetter(1)
_BY_TOP_THEN_LEFT = attrgetter("top", "x0")
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


# A glyph: (text, x0, x1, top, bottom). A plain tuple: a page has a thousand or more, and a
# tuple is made and read at C speed.
Glyph = tuple[str, float, float, float, float]


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
    lines = [line for row in _rows(glyphs) if (line := _line(row, word_gap, evidence)) is not None]
    lines.sort(key=_BY_TOP_THEN_LEFT)
    return lines


def _rows(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Glyphs by bottom, then left, grouped into rows: a glyph joins the row above when its
    middle lies in the row's band (the span of its visible glyphs) or the band's middle in it."""
    rows: list[list[Glyph]] = []
    members: list[Glyph] | None = None
    band_top = band_bottom = 0.0
    for glyph in sorted(glyphs, key=_BY_BOTTOM_THEN_LEFT):
        top, bottom = glyph[3], glyph[4]
        if members is not None and (band_top <= (top + bottom) / 2 <= band_bottom
                                    or top <= (band_top + band_bottom) / 2 <= bottom):
            members.append(glyph)
            if not glyph[0].isspace():
                if top < band_top:
                    band_top = top
                if bottom > band_bottom:
                    band_bottom = bottom
            continue
        members = [glyph]
        rows.append(members)
        band_top, band_bottom = top, bottom
    return rows


def _line(members: list[Glyph], word_gap: float | None, evidence: bool) -> PdfLine | None:
    """One row's glyphs, left to right, as a line (None: only spaces). A copy of the glyph
    before it, drawn a little to the right (a bold effect: pdfium's text page drops such
    copies, pdfminer keeps them), is dropped."""
    members.sort(key=_BY_LEFT)
    parts: list[str] = []
    previous: Glyph | None = None
    pending_space = False
    first = last = members[0]
    top = bottom = 0.0
    for glyph in members:
        text, x0 = glyph[0], glyph[1]
        if text.isspace():
            pending_space = previous is not None
            continue
        last = glyph
        if previous is None:
            first, top, bottom = glyph, glyph[3], glyph[4]
        else:
            if glyph[3] < top:
                top = glyph[3]
            if glyph[4] > bottom:
                bottom = glyph[4]
            if text == previous[0] and x0 - previous[1] < OVERPRINT * (previous[2] - previous[1]):
                continue
            if pending_space or (word_gap is not None and x0 - previous[2] > word_gap):
                parts.append(" ")
        parts.append(text)
        previous, pending_space = glyph, False
    if previous is None:
        return None
    return PdfLine(text="".join(parts), x0=first[1], x1=last[2], top=top,
                   bottom=bottom, trailing_space=pending_space if evidence else None)


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
    fonts = _Fonts()
    previous = None  # open until the next page is read: see _Fonts
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                width, height = page.get_size()
                glyphs, evidence = _pdfium_glyphs(document, page, height, fonts)
                yield PdfPage(number=index + 1, width=width, height=height,
                              lines=lines_from_glyphs(glyphs, WORD_GAP, evidence), glyphs=len(glyphs))
            finally:
                if previous is not None:
                    previous.close()
                previous = page
    finally:
        if previous is not None:
            previous.close()
        document.close()


def _pdfium_glyphs(document: Any, page: Any, height: float, fonts: _Fonts) -> tuple[list[Glyph], bool]:
    """The page's glyphs, and whether it draws space glyphs (evidence at line ends)."""
    textpage = page.get_textpage()
    try:
        glyphs, seen = _text_page_glyphs(textpage, height, fonts)
    finally:
        textpage.close()
    spaces, left_out = _page_objects(_address(page.raw), seen, height)
    glyphs.extend(_glyphs_apart(document, page, left_out, height))
    glyphs.extend(spaces)
    real_spaces = sum(1 for glyph in glyphs if glyph[0] == " ")
    return glyphs, uses_space_glyphs(real_spaces, len(glyphs))


def _text_page_glyphs(textpage: Any, height: float,
                      fonts: _Fonts | None = None) -> tuple[list[Glyph], set[int]]:
    """The text page's characters with their boxes, minus the spaces and line breaks pdfium
    generates (they split Korean words where the PDF draws no space glyphs), and the text
    objects they come from. pdfium is asked character by character, but each question is
    mapped over all characters at once: no Python step between two calls."""
    api = _pdfium_api()
    handle = _address(textpage.raw)
    indices, chars = _kept_chars(handle, textpage.get_text_range(), api.count_chars(handle))
    count = len(indices)
    objects = list(map(api.text_object, repeat(handle, count), indices))
    boxes = (ctypes.c_float * (4 * count))()  # FS_RECTF: left, top, right, bottom
    start = ctypes.addressof(boxes)
    list(map(api.loose_boxes, repeat(handle, count), indices, range(start, start + 16 * count, 16)))
    edges = boxes[:]
    lefts, tops, rights, bottoms = edges[0::4], edges[1::4], edges[2::4], edges[3::4]
    advances = _Advances(handle, objects, indices, _Fonts() if fonts is None else fonts)
    if not advances.scaled:  # no font whose loose boxes are glyph boxes: pdfium's boxes as they are
        glyphs = list(zip(chars, lefts, rights, [height - top for top in tops],
                          [height - bottom for bottom in bottoms], strict=True))
    else:
        found = zip(indices, chars, objects, lefts, tops, rights, bottoms, strict=True)
        glyphs = advances.glyphs(height, found)
    return glyphs, set(objects)


# Characters of the text page that are no glyph: line breaks (pdfium's own, or a PDF's
# control characters) and control characters; pdfium's generated spaces are asked about.
_NOT_GLYPHS = _NOT_TEXT | {"\r", "\n"}


def _kept_chars(handle: int, text: str, count: int) -> tuple[list[int], list[str]]:
    """The character indices of the glyphs on a text page, and their characters."""
    is_generated = _pdfium_api().is_generated
    pairs = enumerate(text) if len(text) == count else _by_char_index(handle, text, count)
    kept = [(index, _PDFIUM_CHARS.get(char, char)) for index, char in pairs
            if char not in _NOT_GLYPHS and (char != " " or not is_generated(handle, index))]
    return [index for index, _ in kept], [char for _, char in kept]


def _by_char_index(handle: int, text: str, count: int) -> Iterator[tuple[int, str]]:
    """(character index, character) where the text leaves characters out (pdfium excludes
    some control characters from its text but not from its character list)."""
    text_index = _pdfium_api().text_index
    for index in range(count):
        position = text_index(handle, index)
        if 0 <= position < len(text):
            yield index, text[position]


class _Fonts:
    """What is known of the fonts of the pages read so far: are their loose boxes glyph boxes,
    and each character's advance and offset (see _Advances). A font is known by its address,
    which pdfium may give to another font once no page holds the first: so what is known is
    kept from one page to the next only for the fonts both pages use, read while the page
    before is still open (a font both hold cannot have been freed in between)."""

    def __init__(self) -> None:
        self.glyph_boxes: dict[int, bool] = {}  # font -> are its loose boxes glyph boxes?
        self.metrics: dict[int, dict[str, tuple[float, float]]] = {}  # font -> char -> _Advances._metrics

    def page(self, fonts: set[int]) -> None:
        """A new page, which uses ``fonts``: forget the others."""
        if not fonts.issuperset(self.glyph_boxes):
            self.glyph_boxes = {font: known for font, known in self.glyph_boxes.items() if font in fonts}
            self.metrics = {font: known for font, known in self.metrics.items() if font in fonts}


class _Advances:
    """Left and right edges from the font's advance widths, for the fonts whose loose boxes
    are their glyphs' bounding boxes: pdfium falls back to those for a font without ascent
    and descent (Type3; Hancom makes every glyph's box a full em), where for other fonts the
    loose box spans origin to advance. Asked once per text object and font, not per glyph."""

    def __init__(self, handle: int, objects: list[int], indices: list[int], known: _Fonts) -> None:
        self.handle = handle
        self.api = api = _pdfium_api()
        first = dict(zip(reversed(objects), reversed(indices), strict=True))  # object -> its first character
        order = list(dict.fromkeys(objects))
        self.fonts = dict(zip(order, map(api.font_of, order), strict=True))
        known.page(set(self.fonts.values()))
        glyph_boxes = known.glyph_boxes
        for obj, font in self.fonts.items():
            if font and font not in glyph_boxes:
                glyph_boxes[font] = self._loose_is_tight(first[obj])
        scaled = [obj for obj, font in self.fonts.items() if font and glyph_boxes[font]]
        scales = self._scales(scaled, [first[obj] for obj in scaled])
        # object -> its scale, its font, and what is known of the font's characters
        self.scaled = {obj: (scale, self.fonts[obj], known.metrics.setdefault(self.fonts[obj], {}))
                       for obj, scale in scales.items()}

    def _scales(self, objects: list[int], indices: list[int]) -> dict[int, float]:
        """Points per unit of font size for the glyphs of each text object (character
        ``index`` is one of them); none where its size or matrix makes it zero."""
        api, count = self.api, len(objects)
        sizes, matrices = (ctypes.c_float * count)(), (ctypes.c_float * (6 * count))()  # FS_MATRIX: a..f
        at, matrix_at = ctypes.addressof(sizes), ctypes.addressof(matrices)
        found = list(map(api.font_size, objects, range(at, at + 4 * count, 4)))
        list(map(api.matrix, repeat(self.handle, count), indices,
                 range(matrix_at, matrix_at + 24 * count, 24)))
        scales = zip(objects, found, sizes[:], matrices[0::6], strict=True)
        return {obj: size * a for obj, ok, size, a in scales if ok and size * a}

    def _loose_is_tight(self, index: int) -> bool:
        """Is character ``index``'s loose box its tight (glyph) box, pdfium's fallback?"""
        loose, tight = self.api.raw.FS_RECTF(), [ctypes.c_double() for _ in range(4)]
        self.api.loose_box(self.handle, index, loose)
        self.api.char_box(self.handle, index, *tight)
        edges = zip((loose.left, loose.right, loose.bottom, loose.top), (t.value for t in tight), strict=True)
        return all(abs(a - b) < 0.001 for a, b in edges)

    def glyphs(self, height: float, found: Iterable[tuple[int, str, int, float, float, float, float]],
               ) -> list[Glyph]:
        """Each (index, char, object, left, top, right, bottom) character as a glyph: from its
        origin to its advance where its object's font has glyph boxes for loose boxes (and a
        width for it), else its loose box."""
        scaled = self.scaled
        glyphs: list[Glyph] = []
        append = glyphs.append
        for index, char, obj, left, top, right, bottom in found:
            known = scaled.get(obj)
            if known is not None:
                scale, font, metrics = known
                metric = metrics.get(char)
                if metric is None:
                    metric = metrics[char] = self._metrics(font, index, char, scale, left)
                width, offset = metric
                if width >= 0:
                    left = left - offset * scale
                    right = left + width * scale
            append((char, left, right, height - top, height - bottom))
        return glyphs

    def _metrics(self, font: int, index: int, char: str, scale: float, left: float) -> tuple[float, float]:
        """The font's advance for ``char`` (-1 where it has none) and how far its glyph's box
        starts right of the origin, at size 1."""
        found, x, y = ctypes.c_float(), ctypes.c_double(), ctypes.c_double()
        ok = len(char) == 1 and self.api.glyph_width(font, ord(char), 1.0, found)
        self.api.origin(self.handle, index, x, y)
        return (found.value if ok else -1.0), (left - x.value) / scale


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
            spaces.append((" ", left.value, left.value + 1.0, baseline - 1.0, baseline))
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
                found, seen = _text_page_glyphs(textpage, height)  # (its fonts known apart)
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
    loose_boxes: Callable[..., int]  # (the same, the box by its address)
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
    "FPDFText_GetLooseCharBox", "*FPDFText_GetLooseCharBox", "FPDFText_GetCharBox", "FPDFText_GetCharOrigin",
    "*FPDFText_GetMatrix",
    "FPDFText_GetTextObject", "FPDFTextObj_GetFont", "*FPDFTextObj_GetFontSize", "FPDFFont_GetGlyphWidth",
    "FPDFPage_CountObjects", "FPDFPage_GetObject", "FPDFPageObj_GetType", "FPDFPageObj_GetBounds",
    "FPDFPage_RemoveObject", "FPDFPage_InsertObject", "FPDFPageObj_CountMarks", "FPDFPageObj_GetMark",
    "FPDFPageObjMark_GetParamValueType",
)  # in the order of _PdfiumApi's fields; "*": every pointer an address


@cache
def _pdfium_api() -> _PdfiumApi:
    import pypdfium2.raw as raw

    return _PdfiumApi(raw, *(_by_address(getattr(raw, name.lstrip("*")), name.startswith("*"))
                             for name in _PDFIUM_FUNCTIONS))


def _by_address(function: Any, every_pointer: bool = False) -> Any:
    """pypdfium2's raw ``function`` with pdfium's handles (pointers to its opaque structs)
    passed and returned as plain addresses; with ``every_pointer``, also the places it writes
    to (so that a map over many characters writes each answer into an array of its own)."""
    def plain(kind: Any) -> Any:
        if every_pointer and isinstance(kind, type) and issubclass(kind, ctypes._Pointer):
            return ctypes.c_void_p
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
                glyphs: list[Glyph] = [(c["text"], c["x0"], c["x1"], c["top"], c["bottom"])
                                       for c in page.chars if c["text"] not in _NOT_TEXT]
            except Exception as exc:
                if isinstance(exc, MemoryError) or "allocate" in str(exc).lower():
                    raise MemoryError(f"page {index + 1}") from None  # the guard's limit, not a broken file
                raise _open_error(f"page {index + 1}: {type(exc).__name__}: {exc}") from None
            spaces = sum(1 for glyph in glyphs if glyph[0] == " ")
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
