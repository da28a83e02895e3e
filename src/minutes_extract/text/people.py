"""Split Korean designations into name and role: `임규건 위원장`, `위원장 홍길동`, `○○○ 위원`.

A personal name is recognised by shape (2–4 Hangul syllables starting with a common
surname) because rosters and headers mix name-first, role-first and role-only entries.
"""

from __future__ import annotations

import re

from ..models import Person, Speaker

_SURNAMES_2 = frozenset({"남궁", "황보", "제갈", "선우", "독고", "사공", "서문", "동방", "어금", "망절"})
_SURNAMES_1 = frozenset(
    "김이박최정강조윤장임한오서신권황안송류유전홍고문양손배백허남심노하곽성차주우구민진나지엄채원천방공"
    "현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉사부가복태목형피두감음빈"
    "동온호좌시견란당화승진범라"
)
_HANGUL_NAME = re.compile(r"[가-힣]{2,4}")
# Endings that mark an organisation or office, never a personal name.
_NOT_NAME_SUFFIXES = (
    "시", "청", "부", "처", "단", "실", "과", "팀", "회", "관", "소", "원장", "공사", "공단",
    # heads of an office: 경찰청장, 복지국장 (a surname first makes them look like names)
    "청장", "처장", "실장", "국장", "과장", "팀장", "단장", "부장", "차관", "장관", "위원", "의원",
)
_MASK = re.compile(r"^[○◯〇OoＯ●◎□*＊×xX]{2,}$|^[가-힣][○◯〇OoＯ*＊×xX]{1,3}$")
_COUNT_TAIL = re.compile(r"\s*(등|외)?\s*(\d{1,6})\s*[명인]\s*$")
_LIST_SEPARATORS = re.compile(r"\s*[,，、;]\s*")


# Titles short enough to pass for a name by shape alone.
_ROLE_WORDS = frozenset(
    (
        "위원장 부위원장 위원 의장 부의장 간사 의원 장관 차관 시장 도지사 "
        "구청장 군수 국장 과장 실장 본부장 소장 원장 관장 청장 처장 총장 "
        "대표 회장 이사장 전문위원 증인 참고인 진술인 주무관 팀장 단장 부장 "
        "사무관 서기관 정책관 기획관 담당관 감사 이사 고문 자문위원 위원님 "
        "교수 박사 변호사 대변인 "
    ).split()
)


def looks_like_name(token: str) -> bool:
    """Two to four Hangul syllables, not a role word nor an office (…부, …청): a name by shape,
    where its place says it is one (after a role: `복지국장 풍경섭`), whatever its surname."""
    if not _HANGUL_NAME.fullmatch(token) or token in _ROLE_WORDS:
        return False
    return not (token.endswith(_NOT_NAME_SUFFIXES) and len(token) >= 3)


def is_name(token: str) -> bool:
    """A name by shape with a common surname (asked first: most tokens fail it at once)."""
    return (token[:1] in _SURNAMES_1 or token[:2] in _SURNAMES_2) and looks_like_name(token)


def is_masked(token: str) -> bool:
    return bool(_MASK.match(token))


def split_person(text: str) -> Person:
    """`임규건 위원장` → 임규건/위원장; `위원장 홍길동` → 홍길동/위원장; a role alone keeps name None."""
    tokens = text.split()
    if len(tokens) >= 2 and is_name(tokens[0]):
        return Person(name=tokens[0], role=" ".join(tokens[1:]))
    if len(tokens) >= 2 and is_name(tokens[-1]):
        return Person(name=tokens[-1], role=" ".join(tokens[:-1]))
    if len(tokens) == 1 and is_name(tokens[0]) and len(tokens[0]) <= 3 and not _looks_like_role(tokens[0]):
        return Person(name=tokens[0], role=None)
    return Person(name=None, role=text or None)


def _looks_like_role(token: str) -> bool:
    return token.endswith(("위원", "의원", "장", "관", "원", "사", "간사"))


def parse_speaker(label: str) -> Speaker:
    tokens = label.split()
    masked = [t for t in tokens if is_masked(t)]
    if masked:
        rest = " ".join(t for t in tokens if not is_masked(t))
        return Speaker(label=label, role=rest or None, name=None, anonymized=True)
    person = split_person(label)
    return Speaker(label=label, role=person.role, name=person.name)


def parse_people(text: str) -> tuple[list[Person], int | None, bool]:
    """A comma list of people, with an optional stated total: (`… 등 15명`) → (people, 15, True)."""
    items = [item for item in _LIST_SEPARATORS.split(text.strip()) if item]
    count: int | None = None
    open_ended = False
    if items:
        match = _COUNT_TAIL.search(items[-1])
        if match:
            count = int(match.group(2))
            open_ended = match.group(1) is not None
            items[-1] = items[-1][: match.start()].strip()
            if not items[-1]:
                items.pop()
    return [split_person(item) for item in items], count, open_ended


def infer_names(speakers: list[Speaker], roster: list[Person]) -> list[Speaker]:
    """Fill a speaker's name when its role matches exactly one named attendee's role."""
    by_role: dict[str, list[str]] = {}
    for person in roster:
        if person.role and person.name:
            by_role.setdefault(person.role, []).append(person.name)
    out = []
    for speaker in speakers:
        names = by_role.get(speaker.role or "", [])
        if speaker.name is None and not speaker.anonymized and len(names) == 1:
            speaker = speaker.model_copy(update={"name": names[0], "name_inferred": True})
        out.append(speaker)
    return out
