"""Build the meeting tree from classified lines: cover → overview → sections and turns.

The builder is a small state machine fed one line at a time. Lines that continue a
hard-wrapped paragraph (no blank line between) extend the node before them; a paragraph
without a bullet after a blank line continues the latest remark (a page-break artefact).
Anything that fits nowhere becomes a diagnostic, so no line is dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from ... import diagnostics as dx
from ...models import Diagnostic, OverviewField, Section, Span, TextLine
from ...text.join import join_all, without_spaces
from .lines import CANONICAL_OPEN, Kind, Segment

_ENUMERATOR = re.compile(
    r"^(〔\s*\d+\s*〕|［\s*\d+\s*］|\[\s*\d+\s*\]|\(\s*\d+\s*\)|（\s*\d+\s*）|\d+[.)](?= )"
    r"|[①-⑳]|[가나다라마바사아자차카타파하][.)](?= ))\s*"
)
_ENUMERATOR_FIRST = frozenset("〔［[(（")  # what _ENUMERATOR's bracketed branches open with
_ENUMERATOR_LETTERS = frozenset("가나다라마바사아자차카타파하")
_FIELD_MARKERS = frozenset("◆◇※●▶►★☆◈")
# A key never ends in a digit, so `10:00 개회` is not split into key 10 and value 00 개회.
_KEY_VALUE = re.compile(r"^([^:：]{0,19}[^:：\d\s])\s*[:：]\s*(.*)$")
MAX_DEPTH = 32  # nesting levels kept as they are written
OVERVIEW_HEADERS = frozenset({"회의개요", "개요", "회의개요및결과"})


class Phase(Enum):
    FRONT = 1
    OVERVIEW = 2
    BODY = 3


@dataclass(slots=True)
class _Node:
    """A paragraph being assembled: its first line's text, the lines that go on with it
    (joined when read: one join for the paragraph, however many lines) and the lines it covers."""

    first: str
    start: int
    end: int
    more: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return join_all([self.first, *self.more]) if self.more else self.first

    def extend(self, text: str, line: int) -> None:
        self.more.append(text)
        self.end = line


@dataclass(slots=True)
class _RemarkDraft(_Node):
    label: str | None = None
    children: list[_RemarkDraft] = field(default_factory=list)

    def build(self) -> dict[str, Any]:
        """Plain data for the record; pydantic validates the whole tree once, at the end."""
        return {
            "text": self.text,
            "label": self.label,
            "children": [child.build() for child in self.children],
            "span": {"start_line": self.start, "end_line": self.end},
        }

    def last_line(self) -> int:
        if not self.children:
            return self.end
        return max(self.end, self.children[-1].last_line())


@dataclass(slots=True)
class _FieldDraft(_Node):
    raw_key: str | None = None
    marker: str | None = None
    value: str | None = None  # as on the field's first line
    items: list[_Node] = field(default_factory=list)

    def full_value(self) -> str | None:
        if not self.more:
            return self.value
        return join_all([self.value or "", *self.more])

    def build(self) -> OverviewField:
        key = without_spaces(self.raw_key) if self.raw_key else None
        end = max([self.end, *(item.end for item in self.items)])
        return OverviewField(
            text=self.text,
            key=key,
            raw_key=self.raw_key,
            marker=self.marker,
            value=self.full_value(),
            items=[item.text for item in self.items],
            span=Span(start_line=self.start, end_line=end),
        )


@dataclass(slots=True)
class TurnDraft:
    label: str
    start: int
    section: str | None
    remarks: list[_RemarkDraft] = field(default_factory=list)
    stack: list[tuple[int, _RemarkDraft]] = field(default_factory=list)

    def end(self) -> int:
        return self.remarks[-1].last_line() if self.remarks else self.start


def split_enumerator(text: str) -> tuple[str | None, str]:
    first = text[:1]
    if not (first in _ENUMERATOR_FIRST or first.isdecimal() or "①" <= first <= "⑳"
            or (first in _ENUMERATOR_LETTERS and text[1:2] in (".", ")"))):
        return None, text  # most remarks: no enumerator can start here (as _ENUMERATOR's branches)
    match = _ENUMERATOR.match(text)
    if not match or match.end() == len(text):
        return None, text
    return match.group(1).replace(" ", ""), text[match.end():]


class TreeBuilder:
    def __init__(self) -> None:
        self.phase = Phase.FRONT
        self.front: list[TextLine] = []
        self.fields: list[_FieldDraft] = []
        self.sections: list[Section] = []
        self.turns: list[TurnDraft] = []
        self.diagnostics: list[Diagnostic] = []
        self.turn: TurnDraft | None = None
        self.section: str | None = None
        self.after_blank = True
        self.wrap_target: _Node | None = None  # receives hard-wrapped lines
        self.last_remark: _RemarkDraft | None = None  # receives page-break paragraphs
        self.last_field_part: _Node | None = None
        self.stray: _Node | None = None
        self.overview_start: int | None = None

    # -- feeding ----------------------------------------------------------------------
    def feed_all(self, segments: list[Segment]) -> None:
        """Feed every line, line 1 first. A blank line only sets `after_blank`: done here, not
        by a call per blank line (a third of the lines of minutes are blank)."""
        feed = self.feed
        blank = Kind.BLANK
        for number, segment in enumerate(segments, start=1):
            if segment.kind is blank:
                self.after_blank = True
            else:
                feed(number, segment)

    def feed(self, line: int, seg: Segment) -> None:
        kind = seg.kind
        if kind is Kind.BLANK:
            self.after_blank = True
            return
        if kind is Kind.TEXT and not self.after_blank and self.wrap_target is not None:
            self.wrap_target.extend(seg.content, line)
        elif kind is Kind.TEXT:
            self._paragraph(line, seg)
        elif kind is Kind.HEADER:
            self._header(line, seg)
        elif kind is Kind.SECTION:
            self._flush_stray()
            self.sections.append(Section(title=seg.content, marker=seg.marker,
                                         span=Span(start_line=line, end_line=line)))
            self.section = seg.content
            self.phase, self.turn, self.wrap_target = Phase.BODY, None, None
        elif kind is Kind.BULLET:
            self._bullet(line, seg)
        else:
            self._nested(line, seg)
        self.after_blank = False

    def _header(self, line: int, seg: Segment) -> None:
        self._flush_stray()
        if not seg.balanced:
            self.diagnostics.append(dx.UNBALANCED_BRACKET.at(
                f"speaker header {seg.marker}{seg.content} has unbalanced brackets", line))
        elif seg.marker != CANONICAL_OPEN:
            self.diagnostics.append(dx.LOOKALIKE_BRACKET.at(
                f"speaker header uses {seg.marker!r} (U+{ord(seg.marker):04X}); read as 〈", line))
        if without_spaces(seg.content) in OVERVIEW_HEADERS:
            self.phase, self.turn, self.wrap_target = Phase.OVERVIEW, None, None
            if self.overview_start is None:
                self.overview_start = line
            else:
                self.diagnostics.append(dx.REPEATED_OVERVIEW.at(
                    f"a second overview header; the overview began on line {self.overview_start}", line))
            return
        if not seg.content:
            self.diagnostics.append(dx.EMPTY_HEADER.at("speaker header with no text", line))
        self.turn = TurnDraft(label=seg.content, start=line, section=self.section)
        self.turns.append(self.turn)
        self.phase, self.wrap_target, self.last_remark = Phase.BODY, None, None

    def _paragraph(self, line: int, seg: Segment) -> None:
        if self.phase is Phase.FRONT:
            self.front.append(TextLine(text=seg.content, span=Span(start_line=line, end_line=line)))
            self.wrap_target = None
        elif self.phase is Phase.OVERVIEW:
            if self.last_field_part is None:
                self._field(line, seg.content, None)
            else:
                self._continue(self.last_field_part, line, seg.content)
        elif self.turn is None:
            self._stray(line, seg.content)
        elif self.last_remark is not None:
            self._continue(self.last_remark, line, seg.content)
        else:
            self.diagnostics.append(dx.REMARK_WITHOUT_BULLET.at(
                "text in a speaker turn without a bullet became its own remark", line))
            self._add_remark(line, seg.content, indent=0)

    def _continue(self, node: _Node, line: int, text: str) -> None:
        self.diagnostics.append(dx.CONTINUATION.at(
            f"paragraph after a blank line continues the text that ends on line {node.end}", line,
            facts={"continues": node.end}))
        node.extend(text, line)
        self.wrap_target = node

    def _bullet(self, line: int, seg: Segment) -> None:
        content = seg.content
        if self.phase is Phase.FRONT and content[0] in _FIELD_MARKERS:
            self.phase = Phase.OVERVIEW
        if self.phase is Phase.OVERVIEW:
            self._field(line, content, seg.marker)
        elif self.phase is Phase.FRONT:
            self.front.append(TextLine(text=f"{seg.marker} {content}",
                                       span=Span(start_line=line, end_line=line)))
            self.wrap_target = None
        elif self.turn is None:
            self._stray(line, content)
        else:
            self._add_remark(line, content, indent=0)

    def _nested(self, line: int, seg: Segment) -> None:
        if self.phase is Phase.OVERVIEW:
            if not self.fields:
                self._field(line, seg.content, seg.marker)
                return
            item = _Node(seg.content, line, line)
            self.fields[-1].items.append(item)
            self.wrap_target = self.last_field_part = item
        elif self.phase is Phase.FRONT:
            self.front.append(TextLine(text=f"{seg.marker} {seg.content}",
                                       span=Span(start_line=line, end_line=line)))
            self.wrap_target = None
        elif self.turn is None:
            self._stray(line, seg.content)
        elif not self.turn.remarks:
            self.diagnostics.append(dx.ORPHAN_NESTED.at(
                "nested bullet has no top-level remark above it; kept as a top-level remark", line))
            self._add_remark(line, seg.content, indent=0)
        else:
            self._add_remark(line, seg.content, indent=max(seg.indent, 1))

    def _add_remark(self, line: int, content: str, indent: int) -> None:
        assert self.turn is not None
        label, text = split_enumerator(content)
        remark = _RemarkDraft(text, line, line, label=label)
        stack = self.turn.stack
        if indent == 0:
            self.turn.remarks.append(remark)
            stack[:] = [(0, remark)]
        else:
            while stack and stack[-1][0] >= indent:
                stack.pop()
            if len(stack) > MAX_DEPTH:  # kept, one level up: a tree this deep is no minutes
                del stack[MAX_DEPTH:]
                self.diagnostics.append(dx.NESTING_TOO_DEEP.at(
                    f"nested bullet deeper than {MAX_DEPTH} levels: kept at level {MAX_DEPTH}", line))
            stack[-1][1].children.append(remark)
            stack.append((indent, remark))
        self.wrap_target = self.last_remark = remark

    def _field(self, line: int, content: str, bullet: str | None) -> None:
        marker = None
        if content[0] in _FIELD_MARKERS and len(content) > 1:
            marker, content = content[0], content[1:].lstrip()
        match = _KEY_VALUE.match(content)
        if match:
            raw_key, value = match.group(1).strip(), match.group(2).strip() or None
        elif marker is not None or (bullet is not None and len(content) <= 20):
            raw_key, value = content, None
        else:
            raw_key, value = None, content
        if bullet is None or raw_key is None:
            self.diagnostics.append(dx.OVERVIEW_LINE.at(
                f"overview line is not a `- ◆ key : value` field: {content[:40]!r}", line))
        draft = _FieldDraft(content, line, line, raw_key=raw_key, marker=marker, value=value)
        self.fields.append(draft)
        self.wrap_target = self.last_field_part = draft

    def _stray(self, line: int, text: str) -> None:
        self._flush_stray()
        self.stray = self.wrap_target = _Node(text, line, line)

    def _flush_stray(self) -> None:
        if self.stray is not None:
            node, self.stray = self.stray, None
            self.diagnostics.append(dx.STRAY_TEXT.at(
                f"text outside any speaker turn: {node.text[:60]!r}", node.start, node.end))

    # -- finishing --------------------------------------------------------------------
    def finish(self) -> None:
        self._flush_stray()

    def overview_fields(self) -> list[OverviewField]:
        return [draft.build() for draft in self.fields]

    def overview_span(self, fields: list[OverviewField]) -> Span | None:
        starts = [f.span.start_line for f in fields]
        if self.overview_start is not None:
            starts.append(self.overview_start)
        if not starts:
            return None
        return Span(start_line=min(starts), end_line=max([*starts, *(f.span.end_line for f in fields)]))
