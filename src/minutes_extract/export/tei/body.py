"""The text of the TEI: front matter, the proceedings (one `div` per agenda section, a `u`
per turn with a `seg` per remark, notes where they stand, `pb` where pages start) and the
appendix. Elements follow the source's line order, so the TEI reads as the minutes do."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from bisect import bisect_right
from collections import deque
from dataclasses import dataclass, field

from ...models import MinutesRecord, Note, Remark, Span, Turn
from .xml import element, sub


class Pages:
    """`pb n=…` where pages start (PDF input only): before the first element on a new page, or,
    for a page that starts inside an element (a remark across a page end), right after it: the
    element's text stays whole, so that it is the record's text exactly."""

    def __init__(self, paged: bool) -> None:
        self.paged = paged
        self.page = 0

    def before(self, parent: ET.Element, span: Span | None) -> None:
        self._up_to(parent, span.page_start if span is not None else None)

    def after(self, parent: ET.Element, span: Span | None) -> None:
        self._up_to(parent, span.page_end if span is not None else None)

    def _up_to(self, parent: ET.Element, page: int | None) -> None:
        while self.paged and page is not None and self.page < page:
            self.page += 1
            sub(parent, "pb", n=str(self.page))


@dataclass
class _Div:
    section: str | None
    start: int  # the line of its heading (or of its first turn)
    turns: list[int] = field(default_factory=list)


def front(record: MinutesRecord, pages: Pages) -> ET.Element | None:
    """The lines before the proceedings (cover, overview), one `p` each."""
    if not record.front_matter:
        return None
    node = element("front")
    div = sub(node, "div", type_="frontMatter")
    for line in record.front_matter:
        pages.before(div, line.span)
        sub(div, "p", line.text)
        pages.after(div, line.span)
    return node


def body(record: MinutesRecord, speakers: list[str], pages: Pages) -> ET.Element:
    """The proceedings; `speakers`: the person id of each turn. A note within a turn's lines is
    in its `u`, between its remarks; any other note stands between the utterances."""
    node = element("body")
    inside, outside = _notes(record)
    container = node
    for div in _divs(record):
        _notes_before(container, outside, div.start, pages)
        container = sub(node, "div", type_="debateSection")
        if div.section is not None:
            sub(container, "head", div.section)
        for index in div.turns:
            turn = record.turns[index]
            _notes_before(container, outside, turn.span.start_line, pages)
            container.append(_utterance(turn, index + 1, speakers[index], inside.get(index, []), pages))
    _notes_before(container, outside, None, pages)
    if container is node:
        sub(node, "ab")  # no speaker turn: a body needs a block (an empty one) after its notes
    return node


def back(record: MinutesRecord, pages: Pages) -> ET.Element | None:
    """The appendix (attendance lists, documents), a `div` per section, a `p` per line."""
    if not record.appendix:
        return None
    node = element("back")
    for section in record.appendix:
        pages.before(node, section.span)
        div = sub(node, "div", type_="appendix")
        sub(div, "head", section.title)
        for line in section.lines:
            sub(div, "p", line)
        if not section.lines:
            sub(div, "gap", reason="noLines")
    return node


def _divs(record: MinutesRecord) -> list[_Div]:
    """Consecutive turns of one section make a div; it starts at the last section heading
    above its first turn (later than the div before), else at that turn."""
    headings = sorted(section.span.start_line for section in record.sections)
    divs: list[_Div] = []
    for index, turn in enumerate(record.turns):
        if not divs or turn.section != divs[-1].section:
            start = turn.span.start_line
            above = bisect_right(headings, start)
            if turn.section is not None and above and (not divs or headings[above - 1] > divs[-1].start):
                start = headings[above - 1]
            divs.append(_Div(turn.section, start))
        divs[-1].turns.append(index)
    return divs


def _notes(record: MinutesRecord) -> tuple[dict[int, list[Note]], deque[Note]]:
    """Notes within their turn's lines, by turn; the others in line order."""
    inside: dict[int, list[Note]] = {}
    outside: list[Note] = []
    for note in record.notes:
        index = record.turn_of(note)
        span = record.turns[index].span if index is not None else None
        if span is not None and span.start_line <= note.span.start_line <= span.end_line:
            inside.setdefault(index, []).append(note)
        else:
            outside.append(note)
    return inside, deque(sorted(outside, key=lambda note: note.span.start_line))


def _notes_before(parent: ET.Element, notes: deque[Note], line: int | None, pages: Pages) -> None:
    """The waiting notes above `line` (all of them when None), into `parent`."""
    while notes and (line is None or notes[0].span.start_line < line):
        _note(parent, notes.popleft(), pages)


def _note(parent: ET.Element, note: Note, pages: Pages) -> None:
    pages.before(parent, note.span)
    sub(parent, "note", note.text, type_=note.kind)
    pages.after(parent, note.span)


def _utterance(turn: Turn, number: int, who: str, notes: list[Note], pages: Pages) -> ET.Element:
    """A `u` with its remarks (`seg n=…`, numbered as the CSV numbers them) and notes in line order."""
    u = element("u", who=f"#{who}", n=str(number))
    items: list[tuple[int, int, int, Remark | Note]] = [
        (remark.span.start_line, 0, order, remark) for order, remark in enumerate(turn.remarks)]
    items += [(note.span.start_line, 1, order, note) for order, note in enumerate(notes)]
    items.sort(key=lambda item: item[:3])
    remark_no = 0
    for _, _, _, item in items:
        if isinstance(item, Note):
            _note(u, item, pages)
        else:
            remark_no += 1
            pages.before(u, item.span)
            u.append(_segment(item, str(remark_no), pages))
            pages.after(u, item.span)
    return u


def _segment(remark: Remark, path: str, pages: Pages) -> ET.Element:
    """One remark: its enumerator (〔1〕) as a `label`, its text, then its nested remarks as
    nested segs numbered `path.1`, `path.2` …"""
    seg = element("seg", n=path)
    if remark.label is not None:
        sub(seg, "label", remark.label).tail = remark.text
    else:
        seg.text = remark.text
    for number, child in enumerate(remark.children, start=1):
        pages.before(seg, child.span)
        seg.append(_segment(child, f"{path}.{number}", pages))
        pages.after(seg, child.span)
    return seg
