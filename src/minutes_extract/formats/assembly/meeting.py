"""The meeting of a ◯-format document: its cover (title, committee, 제N회 / 제N차 / 제N호,
date, place, 의사일정), a Markdown rendering's YAML front matter, and the times of the
opening and closing notes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...models import Diagnostic, Meeting, TextLine
from ...text.dates import CLOCK, ISSUE_NUMBER, SESSION, SITTING, WrittenDate, find_date, hhmm
from ...text.join import WordJoiner, unspace_letters
from ...text.lazy import LazyPattern
from .agenda import LIST_HEADINGS, cover_lists
from .tree import AssemblyTree

# Name parts are bounded (names are short) so that a long cover line costs linear time.
_SESSION_PREFIX = LazyPattern(r"제\d{1,4}회(?:국회|[가-힣]{1,20}의회)?(?:\([가-힣]{1,10}\))?")
_PLACE = re.compile(r"^장\s*소\s*[:：]?\s*(.+)$")
_COMMITTEE = LazyPattern(r"([가-힣·]{1,40}(?:위원회|소위원회|의회|본회의))\s*회의록")
_TITLE_END = re.compile(r"회의록(?:제\d+호)?$")
_FRONT_MATTER_FIELD = re.compile(r'^([A-Za-z_][\w-]*)\s*:\s*"?(.*?)"?\s*$')


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """YAML front matter (`---` … `---`) of a Markdown re-rendering, read as flat fields."""

    fields: dict[str, str] = field(default_factory=dict)
    end: int = 0  # the lines it takes: the minutes start after them


def front_matter(lines: list[str]) -> FrontMatter:
    if not lines or lines[0].strip() != "---":
        return FrontMatter()
    fields: dict[str, str] = {}
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return FrontMatter(fields, index + 1)
        match = _FRONT_MATTER_FIELD.match(lines[index].strip())
        if match:
            fields[match.group(1)] = match.group(2)
    return FrontMatter()


def meeting_of(tree: AssemblyTree, fields: dict[str, str], hints: tuple[str, ...], joiner: WordJoiner,
               diagnostics: list[Diagnostic]) -> Meeting:
    meeting = Meeting()
    front = [line.text for line in tree.front]
    cover = " ".join(front)
    # The title is the cover line that ends in 회의록 (a number 제N호 may follow it).
    titles = [t for t in front if _TITLE_END.search(t.replace(" ", ""))]
    if titles:
        meeting.title = unspace_letters(titles[0])
    elif fields.get("title"):
        meeting.title = fields["title"]
    committee = (_COMMITTEE.search(_SESSION_PREFIX.sub("", (meeting.title or "").replace(" ", "")))
                 or _COMMITTEE.search(_SESSION_PREFIX.sub("", cover.replace(" ", ""))))
    if committee:
        meeting.committee = committee.group(1)
    for attr, pattern in (("session", SESSION), ("sitting", SITTING)):
        for source in (cover, fields.get("title", ""), *hints,
                       *(p[0] for t in tree.turns[:3] for p in t.paragraphs[:2])):
            match = pattern.search(source)
            if match:
                setattr(meeting, attr, int(match.group(1)))
                break
    number = ISSUE_NUMBER.search(cover)
    if number:
        meeting.extra["호"] = number.group(1)
    found, line = _cover_date(tree.front)
    for key in ("title", "date"):  # front matter of a Markdown re-rendering
        if found is None and fields.get(key):
            found, line = find_date(fields[key]), None
    if found is not None:
        diagnostics.extend(found.diagnostics(line))
        if found.date is not None:
            meeting.date, meeting.weekday = found.iso, found.weekday
    for text in front:
        place = _PLACE.match(text)
        if place:
            meeting.place = place.group(1).strip()
    lists = cover_lists(tree.front, joiner.join_all)
    meeting.agenda = next((lists[heading] for heading in LIST_HEADINGS if heading in lists), [])
    for heading in LIST_HEADINGS[1:]:
        if heading in lists:
            meeting.extra[heading] = lists[heading]
    for note in tree.notes:
        time = CLOCK.search(note.text)
        if time and note.kind == "open" and meeting.start_time is None:
            meeting.start_time = hhmm(None, time.group(1), time.group(2))
        if time and note.kind == "close":
            meeting.end_time = hhmm(None, time.group(1), time.group(2))
    for key, value in fields.items():
        meeting.extra[f"front_matter.{key}"] = value
    return meeting


def _cover_date(front: list[TextLine]) -> tuple[WrittenDate | None, int | None]:
    """The first date on the cover, read with spaces removed (`2024년 6월 25일` is often
    letter-spaced or split over lines), and the line it starts on."""
    compact = [line.text.replace(" ", "") for line in front]
    found = find_date("".join(compact))
    if found is None:
        return None, None
    offset = 0
    for line, text in zip(front, compact, strict=True):
        offset += len(text)
        if offset > found.start:
            return found, line.span.start_line
    return found, None
