"""Meeting, turns, notes, speakers and appendix of a ◯-format tree (see assembly.py)."""

from __future__ import annotations

import re

from . import diagnostics as dx
from .assembly import AssemblyTree, attendance, speaker_rest
from .dates import CLOCK, ISSUE_NUMBER, SESSION, SITTING, WrittenDate, find_date, hhmm
from .models import (
    AppendixSection,
    Diagnostic,
    Meeting,
    Note,
    Remark,
    Span,
    Speaker,
    SpeakerEntry,
    TextLine,
    Turn,
)

PROFILE = "assembly"
_SESSION_PREFIX = re.compile(r"제\d+회(?:국회|[가-힣]+의회)?(?:\([가-힣]+\))?")
_PLACE = re.compile(r"^장\s*소\s*[:：]?\s*(.+)$")
_COMMITTEE = re.compile(r"([가-힣·]+(?:위원회|소위원회|의회|본회의))\s*회의록")
_AGENDA_ITEM = re.compile(r"^(?:\d{1,2}\.|[가나다라마바사아자차카타파하]\.)\s*(.+?)(?:\s*·{3,}.*)?$")
_TITLE_END = re.compile(r"회의록(?:제\d+호)?$")
_MEMBERS_PRESENT = re.compile(r"^출석\s*위원")  # not 출석 전문위원: staff, not members
_FRONT_MATTER_FIELD = re.compile(r'^([A-Za-z_][\w-]*)\s*:\s*"?(.*?)"?\s*$')


def detect(lines: list[str]) -> bool:
    """Is this the ◯-format? More ◯ speaker lines than 〈…〉 headers, and at least two."""
    speakers = headers = 0
    for line in lines:
        stripped = line.strip()
        if speaker_rest(stripped) is not None:
            speakers += 1
        elif stripped and stripped[0] in "〈\u2329<＜" and stripped[-1] in "〉\u232a>＞":
            headers += 1
    return speakers >= 2 and speakers > headers


def front_matter_fields(lines: list[str]) -> dict[str, str]:
    """YAML front matter (`---` … `---`) of Markdown re-renderings, read as flat fields, and
    blanked out of `lines` so the parser sees only the minutes."""
    if not lines or lines[0].strip() != "---":
        return {}
    fields: dict[str, str] = {}
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            for blank in range(index + 1):
                lines[blank] = ""
            return fields
        match = _FRONT_MATTER_FIELD.match(lines[index].strip())
        if match:
            fields[match.group(1)] = match.group(2)
    return {}


def assemble(
    tree: AssemblyTree, fields: dict[str, str], hints: list[str], diagnostics: list[Diagnostic]
) -> tuple[Meeting, list[TextLine], list[Turn], list[Note], list[SpeakerEntry], list[AppendixSection]]:
    meeting = _meeting(tree, fields, hints, diagnostics)
    turns: list[Turn] = []
    registry: dict[str, int] = {}
    speakers: list[SpeakerEntry] = []
    for draft in tree.turns:
        d = draft.designation
        key = d.name or d.label
        if key not in registry:
            registry[key] = len(speakers)
            speakers.append(SpeakerEntry(name=d.name, turns=0))
        entry = speakers[registry[key]]
        entry.turns += 1
        if d.role and d.role not in entry.roles:
            entry.roles.append(d.role)
        if d.label not in entry.labels:
            entry.labels.append(d.label)
        end = max([draft.start, *(last for _, _, last in draft.paragraphs)])
        turns.append(Turn(
            speaker=Speaker(label=d.label, role=d.role, name=d.name),
            speaker_id=registry[key],
            section=draft.section,
            remarks=[Remark(text=text, span=Span(start_line=first, end_line=last))
                     for text, first, last in draft.paragraphs],
            span=Span(start_line=draft.start, end_line=end),
        ))
        if not draft.paragraphs:
            diagnostics.append(dx.EMPTY_TURN.at(f"◯{d.label} has no speech", draft.start))
    appendix = []
    for block in tree.appendix:
        people, stated = attendance(block) if "출석" in block.title or "청가" in block.title else ([], None)
        last = max([block.start, *(n for _, n in block.lines)])
        appendix.append(AppendixSection(
            title=block.title, lines=[t for t, _ in block.lines], people=people, stated_count=stated,
            span=Span(start_line=block.start, end_line=last),
        ))
        if stated is not None and len(people) != stated:
            diagnostics.append(dx.ATTENDEE_COUNT.at(
                f"{block.title}: {stated} stated, {len(people)} listed", block.start))
        if _MEMBERS_PRESENT.match(block.title) and people:
            people = [p if p.role else p.model_copy(update={"role": "위원"}) for p in people]
            appendix[-1].people = people
            meeting.attendees.extend(people)
            meeting.attendee_count = (meeting.attendee_count or 0) + (stated or len(people))
    return meeting, tree.front, turns, tree.notes, speakers, appendix


def _meeting(tree: AssemblyTree, fields: dict[str, str], hints: list[str],
             diagnostics: list[Diagnostic]) -> Meeting:
    meeting = Meeting()
    front = [line.text for line in tree.front]
    cover = " ".join(front)
    # The title is the cover line that ends in 회의록 (a number 제N호 may follow it).
    titles = [t for t in front if _TITLE_END.search(t.replace(" ", ""))]
    if titles:
        meeting.title = titles[0]
    elif fields.get("title"):
        meeting.title = fields["title"]
    committee = (_COMMITTEE.search(_SESSION_PREFIX.sub("", (meeting.title or "").replace(" ", "")))
                 or _COMMITTEE.search(_SESSION_PREFIX.sub("", cover.replace(" ", ""))))
    if committee:
        meeting.committee = committee.group(1)
    for attr, pattern in (("session", SESSION), ("sitting", SITTING)):
        for source in (cover, *hints, *(p[0] for t in tree.turns[:3] for p in t.paragraphs[:2])):
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
    meeting.agenda = _agenda(front, ("의사일정", "상정된 안건", "심사된 안건"))
    for heading in ("상정된 안건", "심사된 안건"):
        items = _agenda(front, (heading,))
        if items:
            meeting.extra[heading] = items
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


def _agenda(front: list[str], headings: tuple[str, ...]) -> list[str]:
    """Items under the first of these cover headings that has any (dot leaders and the page
    numbers after them dropped)."""
    for heading in headings:
        items: list[str] = []
        inside = False
        for text in front:
            compact = text.replace(" ", "")
            if compact.startswith(heading.replace(" ", "")):
                inside = True
                continue
            if inside:
                match = _AGENDA_ITEM.match(text)
                if not match:
                    if items:
                        break
                    continue
                items.append(text.split("···")[0].strip())
        if items:
            return items
    return []
