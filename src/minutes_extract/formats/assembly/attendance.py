"""Names in the appendix's attendance lists (`◯출석 위원(21인)`), letter-spaced or glued."""

from __future__ import annotations

import re

from ...models import Person
from ...text.people import looks_like_name
from .lines import is_person_name, is_role
from .tree import AppendixBlock

_STATED_COUNT = re.compile(r"\((\d+)\s*[인명]\)")
# Appendix lists of people: members and officials present, on leave, absent, staff.
PEOPLE_LIST = re.compile(r"출석|청가|결석|불출석|참석|배석|공무원")


def _split_cost(names: list[str]) -> tuple[int, int, int]:
    """Fewest odd pieces (names not of three syllables, or of an unlisted surname), then fewest
    unlisted surnames, then fewest names."""
    unlisted = sum(not is_person_name(n) for n in names)
    return sum(len(n) != 3 for n in names) + unlisted, unlisted, len(names)


def split_names(token: str) -> list[str] | None:
    """Names glued together (a lost space, or a list rendered without separators):
    `김재섭김현정` → 김재섭, 김현정. Three-syllable names are preferred; a three-syllable piece
    of a surname not in the list (`풍경섭`) is taken among at least two names for each such
    piece (not `행정안`+`전부`). None if no split."""
    best: dict[int, list[str] | None] = {0: []}
    for end in range(1, len(token) + 1):
        options = []
        for size in (3, 2, 4):
            start = end - size
            piece = token[start:end]
            known = is_person_name(piece) or (size == 3 and looks_like_name(piece))
            if start >= 0 and best.get(start) is not None and known:
                options.append([*best[start], piece])  # type: ignore[misc]
        best[end] = min(options, key=_split_cost) if options else None
    found = best[len(token)]
    if not found or len(found) < 2 or 3 * _split_cost(found)[1] > len(found):
        return None
    return found


def attendance(block: AppendixBlock) -> tuple[list[Person], int | None]:
    """Names under `◯출석 위원(21인)`: letter-spaced names (`김 현`) are one name."""
    stated = _STATED_COUNT.search(block.title)
    people: list[Person] = []
    for text, _ in block.lines:
        tokens = text.split()
        if len(tokens) == 2 and is_role(tokens[0]) and looks_like_name(tokens[1]):
            people.append(Person(name=tokens[1], role=tokens[0]))  # `복지국장 풍경섭`: a name by place
            continue
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
