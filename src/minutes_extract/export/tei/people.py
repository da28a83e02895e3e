"""The speakers of a record as TEI persons: one per entry of the speakers registry (the ◯
format keeps one), else one per speaker label as written (the 〈…〉 format), each with an
`xml:id` that is a valid NCName and unique in the document."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...models import MinutesRecord

# A conservative NCName: ASCII letters, Hangul syllables and the CJK ideographs every XML 1.0
# edition allows as name starters; digits, '.', '-' and '_' after the first character.
_START = "A-Za-z_\uac00-\ud7a3\u4e00-\u9fa5"
_NOT_NAME = re.compile(f"[^{_START}0-9.\\-]+")
_NAME_START = re.compile(f"[{_START}]")


@dataclass
class TeiPerson:
    xml_id: str
    name: str | None
    roles: list[str] = field(default_factory=list)
    label: str = ""  # the first label it speaks under, as written
    anonymised: bool = False
    member_id: str | None = None


@dataclass
class People:
    persons: list[TeiPerson]
    of_turn: list[str]  # the xml:id of each turn's speaker, in turn order


def ncname(text: str) -> str:
    """`text` as an NCName: runs of other characters become `_`; `p.` in front when it would
    not start with a letter (`○○○ 위원` → `p._위원`)."""
    name = _NOT_NAME.sub("_", text.strip())
    return name if name and _NAME_START.match(name) else f"p.{name or 'speaker'}"


def people(record: MinutesRecord) -> People:
    """The persons and which one speaks each turn."""
    persons: list[TeiPerson] = []
    taken: set[str] = set()
    by_label: dict[str, int] = {}
    masked = {turn.speaker_id for turn in record.turns if turn.speaker.anonymized}
    for number, entry in enumerate(record.speakers, start=1):  # speaker_id numbers from 1
        persons.append(_person(taken, entry.name, list(entry.roles), entry.labels[0] if entry.labels else "",
                               number in masked, entry.member_id))
        for label in entry.labels:
            by_label.setdefault(label, len(persons) - 1)
    of_turn = []
    for turn in record.turns:
        index = record.speaker_of(turn)
        if index is None:
            index = by_label.get(turn.speaker.label)
        if index is None:  # no registry (〈…〉 format), or a label the registry lacks
            s = turn.speaker
            persons.append(_person(taken, s.name, [s.role] if s.role else [], s.label, s.anonymized, None))
            index = by_label[s.label] = len(persons) - 1
        of_turn.append(persons[index].xml_id)
    return People(persons, of_turn)


def _person(taken: set[str], name: str | None, roles: list[str], label: str, anonymised: bool,
            member_id: str | None) -> TeiPerson:
    """A person with an id not yet taken: its name, else its role (anonymised ones `anon.`)."""
    base = ncname(name) if name else ncname(("anon." if anonymised else "") + (roles[0] if roles else label))
    xml_id, n = base, 1
    while xml_id in taken:
        n += 1
        xml_id = f"{base}.{n}"
    taken.add(xml_id)
    return TeiPerson(xml_id, name, roles, label, anonymised, member_id)
