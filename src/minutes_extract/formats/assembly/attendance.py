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


_HANGUL_ONLY = re.compile(r"[가-힣]{4,40}")


def split_names(token: str) -> list[str] | None:
    """Names glued together (a lost space, or a list rendered without separators):
    `김재섭김현정` → 김재섭, 김현정. Three-syllable names are preferred; a three-syllable piece
    of a surname not in the list (`풍경섭`) is taken among at least two names for each such
    piece (not `행정안`+`전부`). None if no split."""
    if not _HANGUL_ONLY.fullmatch(token):
        return None
    # best[end]: the cheapest split of token[:end] as (odd pieces, unlisted surnames, names), names.
    # A piece is odd when it is not of three syllables or its surname is not listed.
    best: list[tuple[tuple[int, int, int], list[str]] | None] = [((0, 0, 0), [])] + [None] * len(token)
    for end in range(2, len(token) + 1):
        for size in (3, 2, 4):
            start = end - size
            if start < 0 or best[start] is None:
                continue
            piece = token[start:end]
            listed = is_person_name(piece)
            if not (listed or (size == 3 and looks_like_name(piece))):
                continue
            (odd, unlisted, count), names = best[start]  # type: ignore[misc]
            cost = (odd + (size != 3) + (not listed), unlisted + (not listed), count + 1)
            if best[end] is None or cost < best[end][0]:  # type: ignore[index]
                best[end] = (cost, [*names, piece])
    found = best[len(token)]
    if found is None or len(found[1]) < 2 or 3 * found[0][1] > len(found[1]):
        return None
    return found[1]


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
