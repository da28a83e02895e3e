"""Meeting metadata from the cover lines and the 〈회의개요〉 fields.

Fields are matched on their key with letter-spacing removed (`일 시` = 일시); fields this
module does not know are kept verbatim in ``Meeting.extra``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ... import diagnostics as dx
from ...models import Diagnostic, Meeting, OverviewField, Person, TextLine
from ...text.dates import SESSION, SITTING, TIME_RANGE, find_date, hhmm
from ...text.lazy import LazyPattern
from ...text.people import parse_people

_LEADING_COUNT = re.compile(r"^\s*(?:총\s*)?(\d+)\s*[명인]\s*(.*)$")
_TITLE_NUMBERS = {"sitting": SITTING, "session": SESSION}
_COMMITTEE_QUOTED = re.compile(r"「\s*([^」]+?)\s*」")
# Bounded (a committee's name is short) so that a long line costs linear time, not quadratic.
_COMMITTEE_WORD = LazyPattern(r"([가-힣A-Za-z·]{1,40}(?:위원회|소위원회|협의회|심의회))")
_ORGANIZATION = LazyPattern(
    r"^(?:[가-힣]+(?:특별시|광역시|특별자치시|특별자치도|도|시|군|구)(?:의회)?|국회|[가-힣]+의회|[가-힣]+(?:교육청|공사|공단|재단))$"
)

DATETIME_KEYS = frozenset({"일시", "일자", "회의일시", "날짜", "개최일시", "회의일자"})
PLACE_KEYS = frozenset({"장소", "회의장소", "개최장소"})
ATTENDEE_KEYS = frozenset({"참석위원", "참석자", "참석", "출석위원", "참석인원", "출석", "참석대상"})
OBSERVER_KEYS = frozenset({"배석", "배석자", "배석위원"})
ORDER_KEYS = frozenset({"진행순서", "회의순서", "순서", "진행"})
AGENDA_KEYS = frozenset({"상정안건", "안건", "심의안건", "부의안건", "보고안건", "회의안건"})
RESULT_KEYS = frozenset({"회의결과", "결과", "심의결과"})


@dataclass(slots=True)
class _People:
    people: list[Person]
    count: int | None
    open_ended: bool


def meeting_from(
    front: list[TextLine], fields: list[OverviewField], diagnostics: list[Diagnostic]
) -> Meeting:
    meeting = Meeting(overview=fields)
    _apply_cover(meeting, front, fields, diagnostics)
    seen: set[str] = set()
    for field in fields:
        key = field.key or ""
        handler = _HANDLERS.get(key)
        if handler is None:
            _keep_unknown(meeting, field)
            continue
        group = _GROUP_OF[key]
        if group in seen:
            diagnostics.append(dx.DUPLICATE_FIELD.at(
                f"overview field {field.raw_key!r} appears again; the first one is used",
                line=field.span.start_line))
            _keep_unknown(meeting, field)
            continue
        seen.add(group)
        handler(meeting, field, diagnostics)
    return meeting


def _keep_unknown(meeting: Meeting, field: OverviewField) -> None:
    key = field.key or f"line {field.span.start_line}"
    while key in meeting.extra:
        key += "'"
    if field.items:
        meeting.extra[key] = [field.value, *field.items] if field.value else list(field.items)
    else:
        meeting.extra[key] = field.value


def _apply_cover(
    meeting: Meeting, front: list[TextLine], fields: list[OverviewField], diagnostics: list[Diagnostic]
) -> None:
    titles = [line for line in front if "회의록" in line.text]
    if titles:
        meeting.title = titles[-1].text
        for attr, pattern in _TITLE_NUMBERS.items():
            match = pattern.search(meeting.title)
            if match:
                setattr(meeting, attr, int(match.group(1)))
        quoted = _COMMITTEE_QUOTED.search(meeting.title)
        worded = _COMMITTEE_WORD.search(meeting.title)
        if quoted:
            meeting.committee = quoted.group(1)
        elif worded:
            meeting.committee = worded.group(1)
    else:
        first = fields[0].span.start_line if fields else None
        diagnostics.append(dx.MISSING_TITLE.at("no title line containing 회의록 before the overview", first))
    for index, line in enumerate(front):
        if _ORGANIZATION.match(line.text):
            meeting.organization = line.text
            if index + 1 < len(front):
                after = front[index + 1].text
                if after.startswith("(") and after.endswith(")") and len(after) > 2:
                    meeting.department = after[1:-1].strip()
            break


def _datetime(meeting: Meeting, field: OverviewField, diagnostics: list[Diagnostic]) -> None:
    value = " ".join(filter(None, [field.value, *field.items]))
    line = field.span.start_line
    found = find_date(value)
    if found is None:
        diagnostics.append(dx.UNPARSED_DATETIME.at(f"no date found in {value!r}", line))
    else:
        diagnostics.extend(found.diagnostics(line))
    if found is None or found.date is None:
        meeting.extra[field.key or "일시"] = value
        return
    meeting.date, meeting.weekday = found.iso, found.weekday or found.actual_weekday
    times = TIME_RANGE.search(value, found.end)
    if times:
        meeting.start_time = hhmm(times["sap"], times["sh"], times["sm"])
        if times["eh"]:
            meeting.end_time = hhmm(times["eap"] or times["sap"], times["eh"], times["em"])
        if meeting.start_time and meeting.end_time and meeting.end_time < meeting.start_time:
            diagnostics.append(dx.END_BEFORE_START.at(
                f"end time {meeting.end_time} is before start time {meeting.start_time}", line))


def _place(meeting: Meeting, field: OverviewField, diagnostics: list[Diagnostic]) -> None:
    meeting.place = " ".join(filter(None, [field.value, *field.items])) or None


def _people_of(field: OverviewField) -> _People:
    parts: list[str] = []
    count: int | None = None
    open_ended = False
    if field.value:
        match = _LEADING_COUNT.match(field.value)
        if match:
            count = int(match.group(1))
            rest = match.group(2).strip()
            if rest.startswith("(") and rest.endswith(")"):
                rest = rest[1:-1]
            if rest:
                parts.append(rest)
        else:
            parts.append(field.value)
    parts.extend(field.items)
    people: list[Person] = []
    for part in parts:
        listed, stated, more = parse_people(part)
        people.extend(listed)
        if stated is not None and count is None:
            count, open_ended = stated, more
    return _People(people, count, open_ended)


def _check_count(code: dx.Code, what: str, found: _People, line: int, out: list[Diagnostic]) -> None:
    if found.count is None or not found.people:
        return
    listed = len(found.people)
    if (found.open_ended and listed > found.count) or (not found.open_ended and listed != found.count):
        stated = f"등 {found.count}명" if found.open_ended else f"{found.count}명"
        out.append(code.at(f"{what}: {stated} stated, {listed} listed", line))


def _attendees(meeting: Meeting, field: OverviewField, diagnostics: list[Diagnostic]) -> None:
    found = _people_of(field)
    meeting.attendees, meeting.attendee_count = found.people, found.count
    _check_count(dx.ATTENDEE_COUNT, "attendees", found, field.span.start_line, diagnostics)


def _observers(meeting: Meeting, field: OverviewField, diagnostics: list[Diagnostic]) -> None:
    found = _people_of(field)
    meeting.observers, meeting.observer_count = found.people, found.count
    _check_count(dx.OBSERVER_COUNT, "observers", found, field.span.start_line, diagnostics)


def _list_field(attr: str) -> Callable[[Meeting, OverviewField, list[Diagnostic]], None]:
    def handler(meeting: Meeting, field: OverviewField, diagnostics: list[Diagnostic]) -> None:
        items = list(field.items)
        if field.value:
            items.insert(0, field.value)
        setattr(meeting, attr, items)

    return handler


def _result(meeting: Meeting, field: OverviewField, diagnostics: list[Diagnostic]) -> None:
    meeting.result = " ".join(filter(None, [field.value, *field.items])) or None


_Handler = Callable[[Meeting, OverviewField, list[Diagnostic]], None]
_GROUPS: tuple[tuple[frozenset[str], str, _Handler], ...] = (
    (DATETIME_KEYS, "datetime", _datetime),
    (PLACE_KEYS, "place", _place),
    (ATTENDEE_KEYS, "attendees", _attendees),
    (OBSERVER_KEYS, "observers", _observers),
    (ORDER_KEYS, "order", _list_field("order_of_business")),
    (AGENDA_KEYS, "agenda", _list_field("agenda")),
    (RESULT_KEYS, "result", _result),
)
_HANDLERS: dict[str, _Handler] = {key: handler for keys, _, handler in _GROUPS for key in keys}
_GROUP_OF: dict[str, str] = {key: group for keys, group, _ in _GROUPS for key in keys}
