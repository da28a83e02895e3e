"""A ◯-format tree's turns (with one registry entry per speaker) and appendix sections (with
the attendance lists read into people)."""

from __future__ import annotations

import re

from ... import diagnostics as dx
from ...models import AppendixSection, Diagnostic, Meeting, Span, SpeakerEntry, Turn
from .attendance import PEOPLE_LIST, attendance
from .tree import AssemblyTree

_MEMBERS_PRESENT = re.compile(r"^출석\s*([위의]원)")  # 출석 위원, 출석 의원; not 출석 전문위원 (staff)


def turns_and_speakers(
    tree: AssemblyTree, diagnostics: list[Diagnostic]
) -> tuple[list[Turn], list[SpeakerEntry]]:
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
        # Plain data validated as one turn: pydantic makes its speaker, remarks and spans in one
        # call rather than a model constructor call each.
        turns.append(Turn.model_validate({
            "speaker": {"label": d.label, "role": d.role, "name": d.name, "anonymized": d.anonymized},
            "speaker_id": registry[key] + 1,
            "section": draft.section,
            "agenda_items": list(draft.items),
            "remarks": [{"text": text, "span": {"start_line": first, "end_line": last}}
                        for text, first, last in draft.paragraphs],
            "span": {"start_line": draft.start, "end_line": end},
        }))
        if not draft.paragraphs:
            diagnostics.append(dx.EMPTY_TURN.at(f"◯{d.label} has no speech", draft.start))
    return turns, speakers


def appendix_sections(
    tree: AssemblyTree, meeting: Meeting, diagnostics: list[Diagnostic]
) -> list[AppendixSection]:
    """The appendix lists; members present (`◯출석 위원`) are also the meeting's attendees."""
    appendix = []
    for block in tree.appendix:
        people, stated = attendance(block) if PEOPLE_LIST.search(block.title) else ([], None)
        last = max([block.start, *(n for _, n in block.lines)])
        appendix.append(AppendixSection(
            title=block.title, lines=[t for t, _ in block.lines], people=people, stated_count=stated,
            span=Span(start_line=block.start, end_line=last),
        ))
        if stated is not None and len(people) != stated:
            diagnostics.append(dx.ATTENDEE_COUNT.at(
                f"{block.title}: {stated} stated, {len(people)} listed", block.start))
        members = _MEMBERS_PRESENT.match(block.title)
        if members and people:
            role = members.group(1)  # 위원 of a committee, 의원 of a plenary
            people = [p if p.role else p.model_copy(update={"role": role}) for p in people]
            appendix[-1].people = people
            meeting.attendees.extend(people)
            meeting.attendee_count = (meeting.attendee_count or 0) + (stated or len(people))
    return appendix
