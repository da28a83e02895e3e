"""The stenographic ◯/○ format of the National Assembly and local councils.

A speaker line starts with ◯ (U+25EF) or ○ (U+25CB), then the designation, then the speech
on the same line: `◯위원장 최민희 의석을 정돈하여…`. Lines until the next speaker line are
the turn's further paragraphs. Parenthesised lines on their own are typed notes (times,
votes, chair changes), numbered agenda lines are sections, and ◯ lines such as
`◯출석 위원(4인)` open the appendix rather than a turn.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from . import diagnostics as dx
from .dates import CLOCK
from .models import Diagnostic, Note, Person, Section, Span, TextLine
from .people import is_name

SPEAKER_MARKS = "◯○\u3007"  # ◯ ○ and the look-alike 〇 (ideographic zero)
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
_NOTE = re.compile(r"^\((.+)\)$")
_LEADING_NOTE = re.compile(r"^\(([^()]{2,30})\)")
_INLINE_NOTE = re.compile(r"\(([^()]{2,30})\)")
_STAGE_WORDS = ("마이크", "보며", "보이며", "의사봉", "웃음", "박수", "소란", "퇴장", "입장")
_AGENDA = re.compile(r"^(?:\d{1,2}\.\s*\S|[가나다라마바사아자차카타파하]\.\s+\S|[oㅇ]\s+\S)")
_APPENDIX = re.compile(
    r"^(?:출석|청가|결석|불출석|배석|위원\s*아닌|행정입법|보고사항|회의록)|제출$|\(\d+\s*[인명]\)$"
)
_STATED_COUNT = re.compile(r"\((\d+)\s*[인명]\)")
_HANJA = re.compile(r"^[\u4e00-\u9fff\uf900-\ufaff][\u4e00-\u9fff\uf900-\ufaff가-힣]{1,3}$")
_ROLE_ENDINGS = (
    "위원장", "위원", "의원", "의장", "장관", "차관", "대행", "간사", "증인", "참고인", "진술인",
    "처장", "청장", "원장", "실장", "국장", "과장", "총장", "총재", "대표", "수석", "대리", "관", "장",
)
_NOTE_KINDS = (
    ("closed-session", ("비공개",)),
    ("resume", ("계속개의", "속개")),
    ("open", ("개의",)),
    ("close", ("산회", "폐회")),
    ("recess", ("회의중지", "정회")),
    ("chair-change", ("사회교대", "사회 교대")),
    ("report", ("실음",)),
    ("vote", ("하는 위원 있음", "하는 의원 있음", "기립", "거수")),
)


def is_person_name(token: str) -> bool:
    return is_name(token) or bool(_HANJA.match(token))


def is_role(token: str) -> bool:
    return len(token) >= 2 and token.endswith(_ROLE_ENDINGS) and not is_person_name(token)


@dataclass(frozen=True, slots=True)
class Designation:
    label: str
    role: str | None
    name: str | None
    speech: str


def split_speaker_line(rest: str) -> Designation:
    """`위원장 최민희 의석을…`, `노종면 위원 김현…`, `위원장김석기 의석을…`, `유동수위원`."""
    tokens = rest.split()
    first = tokens[0] if tokens else ""
    second = tokens[1] if len(tokens) > 1 else ""

    def after(count: int) -> str:
        return " ".join(tokens[count:])

    if is_role(first) and is_person_name(second):
        return Designation(f"{first} {second}", first, second, after(2))
    if is_person_name(first) and is_role(second):
        return Designation(f"{first} {second}", second, first, after(2))
    # Korean names are mostly three syllables, then two, rarely four: try them in that order.
    for size in (3, 2, 4):  # glued role+name: 위원장김석기
        if len(first) > size and is_person_name(first[-size:]) and is_role(first[:-size]):
            return Designation(first, first[:-size], first[-size:], after(1))
    for size in (3, 2, 4):  # glued name+role: 유동수위원
        if len(first) > size and is_person_name(first[:size]) and is_role(first[size:]):
            return Designation(first, first[size:], first[:size], after(1))
    if is_role(first):
        return Designation(first, first, None, after(1))
    return Designation(first, None, None, after(1))


def is_stage_direction(text: str) -> bool:
    """`의사봉 3타`, `「예」 하는 위원 있음`, `영상자료를 보며`: what a note line would hold."""
    return note_kind(text) != "other" or any(word in text for word in _STAGE_WORDS)


def note_kind(text: str) -> str:
    for kind, words in _NOTE_KINDS:
        if any(word in text for word in words):
            return kind
    return "time" if CLOCK.fullmatch(text.strip()) else "other"


@dataclass(slots=True)
class AssemblyTurn:
    designation: Designation
    start: int
    section: str | None
    paragraphs: list[tuple[str, int, int]] = field(default_factory=list)


@dataclass(slots=True)
class AppendixBlock:
    title: str
    start: int
    lines: list[tuple[str, int]] = field(default_factory=list)


@dataclass(slots=True)
class AssemblyTree:
    front: list[TextLine] = field(default_factory=list)
    turns: list[AssemblyTurn] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    appendix: list[AppendixBlock] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def speaker_mark(line: str) -> str:
    """The circle a speaker line starts with (after any `## `)."""
    return _MARKDOWN_HEADING.sub("", line.strip(), count=1)[:1]


def usual_mark(marks: list[str]) -> str | None:
    counts = Counter(marks).most_common(1)
    return counts[0][0] if counts else None


def speaker_rest(line: str) -> str | None:
    """The text after the ◯ of a speaker line (a `## ` Markdown prefix allowed), else None."""
    body = _MARKDOWN_HEADING.sub("", line.strip(), count=1)
    if body[:1] in SPEAKER_MARKS and len(body) > 1:
        return body[1:].strip()
    return None


def build(lines: list[str]) -> AssemblyTree:
    """Lines (already normalised, furniture blanked) to the ◯-format tree."""
    tree = AssemblyTree()
    turn: AssemblyTurn | None = None
    block: AppendixBlock | None = None
    section: str | None = None
    started = False
    previous_line = 0
    marks: list[tuple[str, int]] = []
    for number, raw in enumerate(lines, start=1):
        text = raw.strip()
        if not text:
            continue
        line_before, previous_line = previous_line, number
        rest = speaker_rest(text)
        if rest is not None:
            started = True
            marks.append((speaker_mark(text), number))
            heading = rest.split("  ")[0].strip()
            if _APPENDIX.search(heading) or (block is not None and not _looks_spoken(rest)):
                block = AppendixBlock(title=rest, start=number)
                tree.appendix.append(block)
                turn = None
                continue
            designation = split_speaker_line(rest)
            turn = AssemblyTurn(designation, number, section)
            tree.turns.append(turn)
            if designation.role is None and designation.name is None:
                tree.diagnostics.append(dx.UNSPLITTABLE_SPEAKER.at(
                    f"speaker designation {designation.label!r} is neither a known role nor a name", number))
            speech = designation.speech
            leading = _LEADING_NOTE.match(speech)
            if leading and is_stage_direction(leading.group(1)):
                # `◯권칠승 위원 (자료를 들어 보이며)`: the direction belongs to the speaker line
                tree.notes.append(Note(kind=note_kind(leading.group(1)), text=leading.group(1).strip(),
                                       span=Span(start_line=number, end_line=number),
                                       turn=len(tree.turns) - 1))
                speech = speech[leading.end():].strip()
            if speech:
                _speech(turn, speech, number, tree.diagnostics)
            continue
        note = _NOTE.match(text)
        if note and (started or CLOCK.search(text)):
            started = True
            tree.notes.append(Note(kind=note_kind(note.group(1)), text=note.group(1).strip(),
                                   span=Span(start_line=number, end_line=number),
                                   turn=len(tree.turns) - 1 if turn is not None else None))
            continue
        if block is not None:
            block.lines.append((text, number))
            continue
        if started and _AGENDA.match(text) and len(text) <= 200:
            section = text
            tree.sections.append(Section(title=text, marker=text.split()[0],
                                         span=Span(start_line=number, end_line=number)))
            turn = None
            continue
        if turn is None and tree.sections and tree.sections[-1].span.end_line == line_before:
            # an agenda heading wrapped over two lines in the PDF
            heading = tree.sections[-1]
            heading.title = f"{heading.title} {text}"
            heading.span.end_line = number
            section = heading.title
            continue
        if turn is not None:
            _speech(turn, text, number, tree.diagnostics)
        elif started:
            tree.diagnostics.append(dx.STRAY_TEXT.at(f"text outside any speaker turn: {text[:60]!r}", number))
        else:
            tree.front.append(TextLine(text=_MARKDOWN_HEADING.sub("", text), span=Span(start_line=number,
                                                                                       end_line=number)))
    tree.diagnostics.extend(_lookalike_marks(marks))
    return tree


def _speech(turn: AssemblyTurn, text: str, number: int, out: list[Diagnostic]) -> None:
    turn.paragraphs.append((text, number, number))
    for match in _INLINE_NOTE.finditer(text):
        if is_stage_direction(match.group(1)):
            out.append(dx.STAGE_DIRECTION_IN_SPEECH.at(
                f"stage direction {match.group(0)!r} inside a speech: put it on a line of its own", number))


def _lookalike_marks(marks: list[tuple[str, int]]) -> list[Diagnostic]:
    """Speaker lines whose circle differs from the document's usual one (○ among ◯)."""
    expected = usual_mark([mark for mark, _ in marks])
    return [dx.LOOKALIKE_SPEAKER_MARK.at(
        f"speaker mark {mark} (U+{ord(mark):04X}) where the document uses {expected} (U+{ord(expected):04X})",
        number) for mark, number in marks if mark != expected]


def _looks_spoken(rest: str) -> bool:
    """Inside the appendix a ◯ line is one more list heading unless it carries a speech."""
    return len(rest.split()) > 4


def _split_cost(names: list[str]) -> tuple[int, int]:
    return sum(len(name) != 3 for name in names), len(names)


def split_names(token: str) -> list[str] | None:
    """Names glued together (a lost space, or a list rendered without separators):
    `김재섭김현정` → 김재섭, 김현정. Three-syllable names are preferred; None if no split."""
    best: dict[int, list[str] | None] = {0: []}
    for end in range(1, len(token) + 1):
        options = []
        for size in (3, 2, 4):
            start = end - size
            if start >= 0 and best.get(start) is not None and is_person_name(token[start:end]):
                options.append([*best[start], token[start:end]])  # type: ignore[misc]
        # most three-syllable names wins, then fewest names
        best[end] = min(options, key=_split_cost) if options else None
    found = best[len(token)]
    return found if found and len(found) >= 2 else None


def attendance(block: AppendixBlock) -> tuple[list[Person], int | None]:
    """Names under `◯출석 위원(21인)`: letter-spaced names (`김 현`) are one name."""
    stated = _STATED_COUNT.search(block.title)
    people: list[Person] = []
    for text, _ in block.lines:
        tokens = text.split()
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if len(token) == 1 and index + 1 < len(tokens) and len(tokens[index + 1]) == 1:
                token, index = token + tokens[index + 1], index + 1
            if is_person_name(token):
                people.append(Person(name=token, role=None))
            elif split_names(token):
                people.extend(Person(name=name, role=None) for name in split_names(token) or [])
            elif is_role(token) and index + 1 < len(tokens):
                following = tokens[index + 1]
                if is_person_name(following):
                    people.append(Person(name=following, role=token))
                    index += 1
            index += 1
    return people, int(stated.group(1)) if stated else None
