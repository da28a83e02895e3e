"""Checks across the built tree of the 〈…〉 format: stated counts, enumerator sequences,
required overview fields, the title's year. They need the whole tree, so they run after it."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ... import diagnostics as dx
from ...models import Diagnostic, Meeting, Remark, TextLine, Turn

_STATED_ITEMS = re.compile(r"\((\d{1,4})\s*건\)\s*$")
_NUMBER = re.compile(r"\d+")
_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*년")
REQUIRED_FIELDS = (("date", "일시"), ("place", "장소"), ("attendees", "참석위원"))


def check(meeting: Meeting, front: list[TextLine], turns: list[Turn]) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for remark in _remarks(turns):
        if remark.children:  # both checks are of nested items: most remarks have none
            _stated_items(remark, out)
            _enumerator_sequence(remark.children, out)
    for turn in turns:
        _enumerator_sequence(turn.remarks, out)
    if meeting.overview:
        line = meeting.overview_span.start_line if meeting.overview_span else None
        for attr, key in REQUIRED_FIELDS:
            if not getattr(meeting, attr):
                out.append(dx.MISSING_FIELD.at(f"the overview has no {key} ({attr})", line))
    _title_year(meeting, front, out)
    return out


def _remarks(turns: list[Turn]) -> Iterator[Remark]:
    def walk(remarks: list[Remark]) -> Iterator[Remark]:
        for remark in remarks:
            yield remark
            yield from walk(remark.children)

    for turn in turns:
        yield from walk(turn.remarks)


def _stated_items(remark: Remark, out: list[Diagnostic]) -> None:
    match = _STATED_ITEMS.search(remark.text)
    if match and remark.children and int(match.group(1)) != len(remark.children):
        listed = len(remark.children)
        out.append(dx.ITEM_COUNT.at(
            f"({match.group(1)}건) stated, {listed} nested items listed", remark.span.start_line))


def _enumerator_sequence(remarks: list[Remark], out: list[Diagnostic]) -> None:
    expected = None
    for remark in remarks:
        number = _NUMBER.search(remark.label) if remark.label else None
        if number is None:
            continue
        value = int(number.group(0))
        if expected is not None and value != expected:
            out.append(dx.ENUMERATOR_SEQUENCE.at(
                f"enumerator {remark.label} where {expected} was due", remark.span.start_line))
        expected = value + 1


def _title_year(meeting: Meeting, front: list[TextLine], out: list[Diagnostic]) -> None:
    if not (meeting.title and meeting.date):
        return
    match = _TITLE_YEAR.search(meeting.title)
    if match and match.group(1) != meeting.date[:4]:
        line = next((t.span.start_line for t in front if t.text == meeting.title), None)
        out.append(dx.TITLE_YEAR.at(
            f"the title says {match.group(1)}, the overview's date {meeting.date}", line))
