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
    _paragraphs(all_pages, words, right, result)
    return result


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
    way of drawing: the way most lines say wins."""
    lines = [line for page in pages for line in page.lines]
    with_evidence = sum(1 for line in lines if line.trailing_space is not None)
    if with_evidence * 2 < len(lines):
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


def _paragraphs(pages: list[PdfPage], words: Vocabulary, right: float, result: CleanText) -> None:
    current: list[str] = []
    start_page = end_page = 0
    previous: PdfLine | None = None
    previous_full = False

    def flush(blank_after: bool) -> None:
        nonlocal current
        if current:
            result.lines.append(CleanLine("".join(current), start_page, end_page))
            if blank_after:
                result.lines.append(CleanLine("", end_page, end_page))
        current = []

    for page in pages:
        if not page.lines:
            continue
        margin = Counter(round(line.x0) for line in page.lines).most_common(1)[0][0]
        heights = [line.bottom - line.top for line in page.lines]
        size = statistics.median(heights)
        # Bottoms (near the baseline) agree between engines better than tops (font ascent).
        pitches = [b.bottom - a.bottom for a, b in zip(page.lines, page.lines[1:], strict=False)
                   if b.bottom > a.bottom]
        pitch = statistics.median(pitches) if pitches else size * 1.6
        first_on_page = True
        for line in page.lines:
            indented = line.x0 > margin + 0.4 * size
            # `다. 따라서` after a full line is a sentence ending cut by the line break, not the
            # enumerator 다.: enumerated items follow lines that end short.
            enumerated = bool(_ENUMERATED.match(line.text)) and not previous_full
            marked = line.text.startswith(_PARAGRAPH_MARKS) or enumerated
            gap = (not first_on_page and previous is not None and line.bottom - previous.bottom > 1.5 * pitch)
            after_note = previous is not None and _in_parentheses(previous.text)
            if previous is not None and not previous_full and not indented and not after_note:
                # Lines broken between words end short of the margin: the line above was
                # wrapped when this line's first word would not have fitted after it.
                first_word = line.text.split(" ", 1)[0]
                per_char = (line.x1 - line.x0) / max(1, len(line.text))
                previous_full = previous.x1 + per_char * (len(first_word) + 1) > right
            # A hanging indent: the line lines up under a full line above it, so it goes on.
            hanging = (previous is not None and previous_full and not marked
                       and abs(line.x0 - previous.x0) < 1.0)
            starts = previous is None or (indented and not hanging) or marked or gap or not previous_full
            if starts:
                flush(blank_after=gap)
                prefix = " " if indented and line.text.startswith(("-", "·", "ㆍ", "•")) else ""
                current = [prefix + line.text]
                start_page = page.number
            else:
                assert previous is not None
                if previous.trailing_space is None:
                    # Room left for another glyph at the end of the line above: the line was
                    # broken between words. A filled line says nothing; the words decide.
                    roomy = previous.x1 < right - ROOM_FOR_A_GLYPH * size
                    joiner = " " if roomy or words.space_between(current[-1], line.text) else ""
                else:
                    joiner = " " if previous.trailing_space else ""
                current.append(joiner + line.text)
            end_page = page.number
            previous = line
            previous_full = line.x1 >= right - 1.5 * size and not _in_parentheses(line.text)
            first_on_page = False
    flush(blank_after=False)
