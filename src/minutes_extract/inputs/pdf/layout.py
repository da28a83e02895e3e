"""PDF pages of positioned lines → the clean text the parser reads, with page provenance.

1. Running headers and footers are found by position and repetition: a line in the top or
   bottom tenth of the page whose text (digits aside) recurs there on at least half of the
   pages. Page numbers printed in them are checked against the page index.
2. Lines become paragraphs. A line starts a new paragraph when it is indented past the
   page's left margin, starts with a structural mark (◯, 〈, -, □ …), follows a short line,
   or sits below a gap wider than the usual line pitch (then a blank line is kept, as the
   text format has one). Otherwise it continues the paragraph above, across pages too.
3. A space joins two lines exactly where the PDF draws a space glyph at the line end. Where
   it draws none at all: a line that stops short of the margin, with room for another
   glyph, was broken between words; for a filled line the document's vocabulary decides
   (linebreaks.py).

Line numbers of a PDF's record are line numbers of this clean text (`minutes-extract text`).
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ... import diagnostics as dx
from ...models import Diagnostic, FurnitureLine
from .indent import BULLETS, Depths
from .linebreaks import Vocabulary
from .model import PdfLine, PdfPage

_ZONE = 0.1  # top and bottom tenth of the page hold running headers and footers
ROOM_FOR_A_GLYPH = 0.9  # of the text height: the narrowest Hangul syllable is about this wide
_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER_ONLY = re.compile(r"^(?:-\s*)?\d{1,3}(?:\s*-)?$")
_NUMBER_AT_EDGE = re.compile(r"^(\d{1,3})\s|\s(\d{1,3})$")


def _furniture_key(text: str) -> str:
    """Running headers differ only in their page number, left or right by page parity."""
    return _DIGITS.sub("#", _NUMBER_AT_EDGE.sub("", text).replace(" ", ""))
_PARAGRAPH_MARKS = tuple("◯○〈<＜\u2329□■◆※-·ㆍ•")
_ENUMERATED = re.compile(r"^(?:\d{1,2}\.|[가나다라마바사아자차카타파하]\.|o|ㅇ)\s")


@dataclass(slots=True)
class CleanLine:
    text: str
    page_start: int
    page_end: int


@dataclass(slots=True)
class CleanText:
    lines: list[CleanLine] = field(default_factory=list)
    furniture: list[FurnitureLine] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    page_count: int = 0
    text_pages: int = 0
    line_end_evidence: bool = True  # False: spaces at line ends were inferred
    joins: int = 0  # line ends joined into paragraphs
    inferred: Counter[str] = field(default_factory=Counter)  # of them decided without a glyph, by how

    def render(self) -> str:
        """The text, one line per paragraph (page markers: Document.render)."""
        return "\n".join(line.text for line in self.lines) + "\n"


def layout(pages: Iterable[PdfPage]) -> CleanText:
    all_pages = [page for page in pages]
    result = CleanText(page_count=len(all_pages))
    result.text_pages = sum(1 for page in all_pages if page.lines)
    _settle_line_end_evidence(all_pages)
    _check_readable(all_pages, result.diagnostics)
    # The right margin of the text block, running headers included (they span it too).
    right = max((line.x1 for page in all_pages for line in page.lines), default=0.0)
    _remove_furniture(all_pages, result)
    words = Vocabulary(line.text for page in all_pages for line in page.lines)
    pairs = [
        (above, below)
        for page in all_pages
        for above, below in zip(page.lines, page.lines[1:], strict=False)
        if above.trailing_space is None and not below.text.startswith(_PARAGRAPH_MARKS)
    ]
    words.learn_break_style((above.text, below.text) for above, below in pairs)
    if _ragged(pairs, right):
        words.breaks_between_words = True
    result.line_end_evidence = all(
        line.trailing_space is not None for page in all_pages for line in page.lines
    )
    paragraphs = _Paragraphs(words, right, Depths(all_pages), result)
    for page in all_pages:
        paragraphs.page(page)
    paragraphs.finish()
    return result


_MIN_SPACE_ENDS = 100  # one line in this many ending in a space glyph: the document draws them
_UNREADABLE = re.compile(r"[\ufffd\ue000-\uf8ff\x00-\x08\x0e-\x1f]|\(cid:\d+\)")
_GARBLED_SHARE = 0.2


def _check_readable(pages: list[PdfPage], out: list[Diagnostic]) -> None:
    """A text layer can decode to garbage (fonts without a usable Unicode map): say so."""
    text = "".join(line.text for page in pages for line in page.lines)
    if not text:
        return
    bad = sum(len(match.group(0)) for match in _UNREADABLE.finditer(text))
    if bad > _GARBLED_SHARE * len(text):
        out.append(dx.GARBLED_TEXT_LAYER.at(
            f"{bad / len(text):.0%} of the text layer's characters are unreadable (replacement, "
            "private-use or unmapped glyphs): the PDF's fonts lack a usable Unicode map; OCR may help"))


def _settle_line_end_evidence(pages: list[PdfPage]) -> None:
    """Engines judge page by page whether space glyphs are drawn; a sparse page of a PDF
    without them can pass because of the spaces in its running header. One document, one
    way of drawing: the way most lines say wins. And a line that ends without a space glyph
    says the line broke inside a word only in a document that does end some lines with one:
    most word processors draw spaces between words but none at the end of a line."""
    lines = [line for page in pages for line in page.lines]
    with_evidence = sum(1 for line in lines if line.trailing_space is not None)
    ending_in_space = sum(1 for line in lines if line.trailing_space)
    if with_evidence * 2 < len(lines) or ending_in_space * _MIN_SPACE_ENDS < with_evidence:
        for line in lines:
            line.trailing_space = None


def _ragged(pairs: list[tuple[PdfLine, PdfLine]], right: float) -> bool:
    """Are lines broken between words? Then wrapped lines often stop a glyph or more short
    of the margin (the next word did not fit); lines broken anywhere always end filled.
    Only pairs where the lower line is not indented count: an indented line starts a new
    paragraph, and the line above it may end anywhere."""
    filled = roomy = 0
    for above, below in pairs:
        if below.x0 > above.x0 + 1.0:
            continue
        size = above.bottom - above.top
        if above.x1 >= right - ROOM_FOR_A_GLYPH * size:
            filled += 1
        elif above.x1 >= right - 6 * size:
            roomy += 1
    return roomy >= 3 and roomy * 3 >= filled


def _remove_furniture(pages: list[PdfPage], result: CleanText) -> None:
    zones: dict[tuple[str, str], list[tuple[PdfPage, PdfLine]]] = defaultdict(list)
    for page in pages:
        for line in page.lines:
            if line.bottom <= page.height * _ZONE:
                zones[("running-header", _furniture_key(line.text))].append((page, line))
            elif line.top >= page.height * (1 - _ZONE):
                zones[("running-footer", _furniture_key(line.text))].append((page, line))
    needed = max(2, (result.text_pages + 1) // 2)
    removed: dict[int, set[int]] = defaultdict(set)
    for (kind, key), hits in zones.items():
        repeated = len({page.number for page, _ in hits}) >= needed
        if not (repeated or _PAGE_NUMBER_ONLY.match(key.replace("#", "1")) or not key):
            continue
        for page, line in hits:
            kind_here = "page-number" if _PAGE_NUMBER_ONLY.match(line.text) else kind
            result.furniture.append(FurnitureLine(kind=kind_here, text=line.text, page=page.number))
            removed[page.number].add(id(line))
            _check_page_number(page, line, result.diagnostics)
    for page in pages:
        if removed[page.number]:
            page.lines = [line for line in page.lines if id(line) not in removed[page.number]]
    if result.furniture:
        kinds = Counter(f.kind for f in result.furniture)
        texts = sorted({_DIGITS.sub("#", f.text) for f in result.furniture})
        summary = ", ".join(f"{n} {kind}" for kind, n in kinds.items())
        result.diagnostics.insert(0, dx.PAGE_FURNITURE.at(
            f"removed {summary} ({', '.join(repr(t) for t in texts[:3])})"))


def _check_page_number(page: PdfPage, line: PdfLine, out: list[Diagnostic]) -> None:
    edge = _NUMBER_AT_EDGE.search(line.text)
    if edge:
        printed = int(edge.group(1) or edge.group(2))
    elif _PAGE_NUMBER_ONLY.match(line.text):
        printed = int(_DIGITS.search(line.text).group(0))  # type: ignore[union-attr]
    else:
        return
    if printed != page.number:
        out.append(dx.PAGE_NUMBER_MISMATCH.at(
            f"page {page.number} is numbered {printed} in {line.text!r}", page=page.number))


def _in_parentheses(text: str) -> bool:
    """A line wholly in parentheses, `(10시07분)` or `(「예」 하는 위원 있음)`, is never continued
    by the line below it, though it often reaches the right margin (right-aligned times)."""
    return text.startswith("(") and text.endswith(")")


@dataclass(slots=True)
class _Page:
    """What one page's lines are measured against."""

    margin: float  # where most lines start
    size: float  # the usual line height
    pitch: float  # the usual distance from one baseline to the next

    @classmethod
    def of(cls, page: PdfPage) -> _Page:
        margin = Counter(round(line.x0) for line in page.lines).most_common(1)[0][0]
        size = statistics.median(line.bottom - line.top for line in page.lines)
        # Bottoms (near the baseline) agree between engines better than tops (font ascent).
        pitches = [b.bottom - a.bottom for a, b in zip(page.lines, page.lines[1:], strict=False)
                   if b.bottom > a.bottom]
        return cls(margin, size, statistics.median(pitches) if pitches else size * 1.6)


class _Paragraphs:
    """Lines joined into paragraphs, page after page (see the module's docstring)."""

    def __init__(self, words: Vocabulary, right: float, depths: Depths, result: CleanText) -> None:
        self.words, self.right, self.depths, self.result = words, right, depths, result
        self.current: list[str] = []
        self.start_page = self.end_page = 0
        self.previous: PdfLine | None = None
        self.previous_full = False
        self.first: PdfLine | None = None  # the paragraph's first line
        self.hang: float | None = None  # where the paragraph's wrapped lines start, once seen

    def page(self, page: PdfPage) -> None:
        if not page.lines:
            return
        at = _Page.of(page)
        for index, line in enumerate(page.lines):
            previous = self.previous
            gap = index > 0 and previous is not None and line.bottom - previous.bottom > 1.5 * at.pitch
            if self._starts(line, at, gap):
                self._flush(blank_after=gap)
                depth = self.depths.depth(page, line) if line.text.startswith(BULLETS) else 0
                self.current, self.first, self.hang = [" " * depth + line.text], line, None
                self.start_page = page.number
            else:
                self.current.append(self._joiner(line, at) + line.text)
                if self.hang is None:
                    self.hang = line.x0
            self.end_page = page.number
            self.previous = line
            self.previous_full = line.x1 >= self.right - 1.5 * at.size and not _in_parentheses(line.text)

    def _starts(self, line: PdfLine, at: _Page, gap: bool) -> bool:
        previous = self.previous
        if previous is None:
            return True
        indented = line.x0 > at.margin + 0.4 * at.size
        # `다. 따라서` after a full line is a sentence ending cut by the line break, not the
        # enumerator 다.: enumerated items follow lines that end short.
        enumerated = bool(_ENUMERATED.match(line.text)) and not self.previous_full
        marked = line.text.startswith(_PARAGRAPH_MARKS) or enumerated
        if not self.previous_full and not indented and not _in_parentheses(previous.text):
            # Lines broken between words end short of the margin: the line above was
            # wrapped when this line's first word would not have fitted after it.
            first_word = line.text.split(" ", 1)[0]
            per_char = (line.x1 - line.x0) / max(1, len(line.text))
            self.previous_full = previous.x1 + per_char * (len(first_word) + 1) > self.right
        hanging = self.previous_full and not marked and self._hangs(line, previous, at)
        return (indented and not hanging) or marked or gap or not self.previous_full

    def _hangs(self, line: PdfLine, previous: PdfLine, at: _Page) -> bool:
        """Does the line go on under the one above: at its start, or (a bullet's wrapped lines,
        a hanging indent) under the bullet's text, a little right of the bullet?"""
        if abs(line.x0 - previous.x0) < 1.0:
            return True
        first = self.first
        if first is None or not first.text.startswith(BULLETS):
            return False
        if self.hang is not None:
            return abs(line.x0 - self.hang) < 1.0
        return previous is first and first.x0 < line.x0 <= first.x0 + 3 * at.size

    def _joiner(self, line: PdfLine, at: _Page) -> str:
        previous = self.previous
        assert previous is not None
        self.result.joins += 1
        if previous.trailing_space is not None:
            return " " if previous.trailing_space else ""
        # Room left for another glyph at the end of the line above: the line was broken
        # between words. A filled line says nothing; the words decide.
        if previous.x1 < self.right - ROOM_FOR_A_GLYPH * at.size:
            self.result.inferred["the room left on the line"] += 1
            return " "
        space = self.words.space_between(self.current[-1], line.text)
        self.result.inferred[self.words.method] += 1  # (after: a method may fall back on first use)
        return " " if space else ""

    def _flush(self, blank_after: bool) -> None:
        if self.current:
            self.result.lines.append(CleanLine("".join(self.current), self.start_page, self.end_page))
            if blank_after:
                self.result.lines.append(CleanLine("", self.end_page, self.end_page))
        self.current = []

    def finish(self) -> None:
        self._flush(blank_after=False)
