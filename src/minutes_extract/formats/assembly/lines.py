"""One line of the ◯ format, read alone: speaker line (mark, designation, speech), a note in
parentheses, a line shaped like an agenda heading. What a line means in context is decided by
the rules (rules.py).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache

from ...text.dates import CLOCK
from ...text.lazy import LazyPattern
from ...text.people import is_masked, is_name
from ...text.plain import PlainRecord

SPEAKER_MARKS = "◯○\u3007"  # ◯ ○ and the look-alike 〇 (ideographic zero)
MARKDOWN_HEADING = LazyPattern(r"^#{1,6}\s+")
_ATX = LazyPattern(r"^(#{1,6})[ \t]+(.*)$")  # a stripped line: `### 의장 조정식`
_CLOSING = LazyPattern(r"(?:^|[ \t])#+$")  # `### 의장 조정식 ###`: the optional closing #s
# What a speaker heading never holds: sentence punctuation, quotes, brackets, digits.
_NOT_DESIGNATION = LazyPattern(r"[.?!,:;·…「」『』\"“”'‘’()\[\]<>〈〉0-9]")
_MAX_SPEAKER_HEADING = 40
# Words of agenda and section titles that pass for a name by shape (a surname syllable, then
# one to three more): `## 위원장 선출`, `## 의장 인사말`, `## 신임 위원장` name nobody.
TITLE_WORDS = frozenset(
    "선출 선거 선임 선서 인사 인사말 임명 신임 사임 사퇴 당선 취임 추천 지명 정회 개회 폐회 "
    "정족수 기타 안건 감사 조사 심사 심의 의결 의견 이의 질의 질문 답변 발언 모두발언 구성 "
    "교체 변경 보임 사보임 대행 직무대행 표결 투표 결과 경과 소개 동의 제안 설명 보고 "
    "연설 주요 기본 정리 종합 전체 일정 현황 계획".split()
)
_NOTE = LazyPattern(r"^\((.+)\)$")
_NOTES = LazyPattern(r"^\([^()]+\)(?:\s*\([^()]+\))+$")  # `(14시18분 비공개회의개시) (16시21분 …)`
_GROUP = LazyPattern(r"\(([^()]+)\)")
# A table of contents: a dot leader, then perhaps the page (`1. 간사 선임의 건 ········ 3`); long
# enough not to be a speech trailing off (`…있으신지……`). Looked for only in a line's tail.
_LEADER_CHARS = ".·‧ㆍ…‥"
_DOT_LEADER = LazyPattern(rf"\s*(?:[{_LEADER_CHARS}]\s?){{8,}}\s*\d{{0,4}}\s*$")
_LEADER_TAIL = 300
# `(계속개의되지 않았음)`: the event did not happen (the word, the rest of its word, then 지 않/못).
_NEGATED = r"(?![가-힣]{0,4}?지\s*(?:않|못))"
LEADING_NOTE = LazyPattern(r"^\(([^()]{2,30})\)")
INLINE_NOTE = LazyPattern(r"\(([^()]{2,30})\)")
_STAGE_WORDS = ("마이크", "보며", "보이며", "의사봉", "웃음", "박수", "소란", "퇴장", "입장")
_AGENDA = LazyPattern(r"^(?:\d{1,2}\.\s*\S|[가나다라마바사아자차카타파하]\.\s+\S|[oㅇ]\s+\S)")
_MAX_AGENDA_LEN = 200
_APPENDIX = LazyPattern(
    r"^(?:출석|청가|결석|불출석|배석|위원\s*아닌|행정입법|보고사항|회의록)|제출$|\(\d+\s*[인명]\)$"
)
_HANJA = LazyPattern(r"^[\u4e00-\u9fff\uf900-\ufaff][\u4e00-\u9fff\uf900-\ufaff가-힣]{1,3}$")
_ROLE_ENDINGS = (
    "위원장", "위원", "의원", "의장", "장관", "차관", "대행", "간사", "증인", "참고인", "진술인",
    "처장", "청장", "원장", "실장", "국장", "과장", "총장", "총재", "대표", "수석", "대리", "관", "장",
    "사",  # 감사, 이사, 속기사, 변호사, 도지사
)
# What each kind of note says; a word followed by a negation (`개의되지 않았음`) does not count.
# Standing or sitting as such (`일동 기립`, `일동 착석`) is ceremony, not a vote; raising a hand
# (`이인숙 위원 거수`) asks for the floor.
_NOTE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("closed-session", ("비공개",)),
    ("resume", ("계속개의", "속개")),
    ("open", ("개의", "개식")),
    ("close", ("산회", "폐회", "폐식")),
    ("recess", ("회의중지", "정회")),
    ("chair-change", ("사회교대", "사회 교대")),
    ("report", ("실음",)),
    ("vote", ("하는 위원 있음", "하는 의원 있음", "표결", "찬성 위원 기립", "찬성 의원 기립", "거수로 표결")),
)


@cache
def _note_kinds() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The note kinds' patterns, compiled when the first note is read (a tenth of this
    module's import time, and a Seoul text never needs them)."""
    return tuple((kind, re.compile("|".join(f"{word}{_NEGATED}" for word in words)))
                 for kind, words in _NOTE_WORDS)


class Line(PlainRecord):
    """A non-blank line as the ◯ format sees it, without context (one per input line: a plain
    slots class, see PlainRecord)."""

    __slots__ = ("agenda", "appendix_heading", "contents", "heading", "mark", "notes", "speaker", "text")

    def __init__(self, text: str, speaker: str | None = None, mark: str = "", appendix_heading: bool = False,
                 notes: tuple[str, ...] = (), agenda: bool = False, contents: bool = False,
                 heading: int = 0) -> None:
        self.text = text  # stripped
        self.speaker = speaker  # a speaker line's text after its circle
        self.mark = mark  # that circle
        self.appendix_heading = appendix_heading  # a line that heads an appendix list (`◯출석 위원(4인)`)
        self.notes = notes  # the insides of a line that is one `(…)`, or several
        self.agenda = agenda  # shaped like an agenda heading: `1. …`, `가. …`, `o …`
        self.contents = contents  # ends in a dot leader: a table of contents' line
        self.heading = heading  # a Markdown heading's level (1–6; its text without the #s), else 0


def classify(raw: str) -> Line | None:
    """The line read alone; None for a blank line. Each test is reached only by a line whose
    first character lets it match (a Markdown heading starts with #, a note with a parenthesis)."""
    text = raw.strip()
    if not text:
        return None
    first = text[0]
    if first == "#":
        heading = markdown_heading(text)
        if heading is not None:
            return classify_heading(*heading)
    speaker = speaker_parts(text)
    if speaker is not None:
        mark, rest = speaker
        return Line(text, rest, mark, _heads_appendix(rest))
    if without_leader(text)[1]:
        return Line(text, contents=True)
    if first == "(":
        if _NOTES.match(text):
            return Line(text, notes=tuple(_GROUP.findall(text)))
        note = _NOTE.match(text)
        if note:
            return Line(text, notes=(note.group(1),))
    return Line(text, agenda=bool(_AGENDA.match(text)) and len(text) <= _MAX_AGENDA_LEN)


def opens_appendix(raw: str) -> bool:
    """`classify(raw).appendix_heading`, without making the Line where the line is no heading."""
    text = raw.strip()
    if text[:1] == "#":
        line = classify(text)
        return line is not None and line.appendix_heading
    rest = speaker_rest(text)
    return rest is not None and _heads_appendix(rest)


def _heads_appendix(rest: str) -> bool:
    """A speaker line's designation (up to a double space) names an appendix list."""
    return bool(_APPENDIX.search(rest.split("  ", 1)[0].strip()))


def markdown_heading(text: str) -> tuple[int, str] | None:
    """`### 의장 조정식 ###` → (3, `의장 조정식`): an ATX heading's level and text (closing #s
    dropped); None for any other line, and for a heading with no text (`##`)."""
    match = _ATX.match(text) if text[:1] == "#" else None
    if match is None:
        return None
    body = _CLOSING.sub("", match.group(2)).strip()
    return (len(match.group(1)), body) if body else None


def classify_heading(level: int, body: str) -> Line:
    """A Markdown heading is structure, never speech: a speaker (`### 의장 조정식`, `### ◯의장
    조정식`, the council's `## ○의장 김병국  speech…`), an agenda item (`## 1. …`, `## o …`,
    `## ○ …`: a lone circle and a space then a title), an appendix list (`## ◯요구서 제출`,
    `## 출석 의원`), a note, or else a section title."""
    speaker = heading_speaker(body)
    if speaker is not None:
        mark, rest = speaker
        return Line(body, rest, mark, _heads_appendix(rest), heading=level)
    line = classify(body)
    assert line is not None  # the body is not blank
    lone_circle = body[:1] in SPEAKER_MARKS and body[1:2].isspace()  # `## ○ 교섭단체대표연설`
    agenda = (line.agenda or lone_circle) and not line.notes and not line.contents
    appendix = not (agenda or line.notes or line.contents) and bool(_APPENDIX.search(body))
    return Line(body, notes=line.notes, agenda=agenda, contents=line.contents, appendix_heading=appendix,
                heading=level)


def heading_speaker(body: str) -> tuple[str, str] | None:
    """The circle (or "") and the designation (and any speech) of a heading that names a
    speaker, else None.

    A heading after a circle is a speaker line as in the ◯ format, unless the circle stands
    alone before a title that names nobody (`○ 교섭단체대표연설` is an agenda bullet). A
    heading without one names a speaker only by its shape, as agenda and section titles are
    headings too: exactly a known role word and a name-shaped token, in either order
    (`의장 조정식`, `박민수 의원`), short and without punctuation or digits, the name not a
    title word (`위원장 선출`, `의장 인사말`), or a masked name and a role (`○○○ 위원`).
    Glued forms (`위원장선출` would split as 위원 + 장선출) are left to marked lines."""
    first = body.split(maxsplit=1)[0]
    if is_masked(first) and set(first) <= set(SPEAKER_MARKS):  # `○○○ 위원`: a mask, no circle
        return ("", body) if split_speaker_line(body).anonymized else None
    rest = speaker_rest(body)
    if rest is not None:
        if body[1:2].isspace() and not _names_someone(split_speaker_line(rest)):
            return None
        return body[0], rest
    if len(body) > _MAX_SPEAKER_HEADING or _NOT_DESIGNATION.search(body) or len(body.split()) != 2:
        return None
    designation = split_speaker_line(body)
    return ("", body) if _names_someone(designation) and not designation.speech else None


def _names_someone(designation: Designation) -> bool:
    if designation.anonymized:
        return True
    return (designation.role is not None and designation.name is not None
            and designation.name not in TITLE_WORDS)


def without_leader(text: str) -> tuple[str, bool]:
    """The text without its dot leader and page number, and whether it had one."""
    tail = text.rstrip(" 0123456789")
    if not tail or tail[-1] not in _LEADER_CHARS:
        return text, False  # the common case, decided without a regular expression
    start = max(0, len(text) - _LEADER_TAIL)
    found = _DOT_LEADER.search(text, start)
    return (text[:found.start()], True) if found else (text, False)


def speaker_parts(line: str) -> tuple[str, str] | None:
    """A speaker line's circle and the text after it (a `## ` Markdown prefix allowed), else None."""
    body = _without_heading_marks(line.strip())
    if body[:1] in SPEAKER_MARKS and len(body) > 1:
        return body[0], body[1:].strip()
    return None


def speaker_rest(line: str) -> str | None:
    """The text after the ◯ of a speaker line (a `## ` Markdown prefix allowed), else None."""
    parts = speaker_parts(line)
    return parts[1] if parts is not None else None


def speaker_mark(line: str) -> str:
    """The circle a speaker line starts with (after any `## `)."""
    return _without_heading_marks(line.strip())[:1]


def _without_heading_marks(text: str) -> str:
    """A stripped line without a leading `## ` (only a line starting with # can have one)."""
    return MARKDOWN_HEADING.sub("", text, count=1) if text[:1] == "#" else text


def usual_mark(marks: list[str]) -> str | None:
    counts = Counter(marks).most_common(1)
    return counts[0][0] if counts else None


def looks_spoken(rest: str) -> bool:
    """Inside the appendix a ◯ line is one more list heading unless it carries a speech."""
    return len(rest.split()) > 4


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
    anonymized: bool = False  # the name masked: `○○○ 위원`


def split_speaker_line(rest: str) -> Designation:
    """`위원장 최민희 의석을…`, `노종면 위원 김현…`, `위원장김석기 의석을…`, `유동수위원`."""
    tokens = rest.split()
    first = tokens[0] if tokens else ""
    second = tokens[1] if len(tokens) > 1 else ""
    label, role, name, used, anonymized = _designation(first, second)
    return Designation(label, role, name, " ".join(tokens[used:]), anonymized)


@lru_cache(maxsize=4096)
def _designation(first: str, second: str) -> tuple[str, str | None, str | None, int, bool]:
    """Label, role, name, the tokens they take (1 or 2) and whether the name is masked, of a
    speaker line's first two tokens (the same for every turn of a speaker)."""
    if is_role(first) and is_person_name(second):
        return f"{first} {second}", first, second, 2, False
    if is_masked(first) and is_role(second):  # `○○○ 위원`
        return f"{first} {second}", second, None, 2, True
    if is_person_name(first) and is_role(second):
        return f"{first} {second}", second, first, 2, False
    # Korean names are mostly three syllables, then two, rarely four: try them in that order.
    for size in (3, 2, 4):  # glued role+name: 위원장김석기
        if len(first) > size and is_person_name(first[-size:]) and is_role(first[:-size]):
            return first, first[:-size], first[-size:], 1, False
    for size in (3, 2, 4):  # glued name+role: 유동수위원
        if len(first) > size and is_person_name(first[:size]) and is_role(first[size:]):
            return first, first[size:], first[:size], 1, False
    if is_role(first):
        return first, first, None, 1, False
    return first, None, None, 1, False


def is_stage_direction(text: str) -> bool:
    """`의사봉 3타`, `「예」 하는 위원 있음`, `영상자료를 보며`: what a note line would hold."""
    return note_kind(text) != "other" or any(word in text for word in _STAGE_WORDS)


def note_kind(text: str) -> str:
    for kind, words in _note_kinds():
        if words.search(text):
            return kind
    return "time" if CLOCK.fullmatch(text.strip()) else "other"
