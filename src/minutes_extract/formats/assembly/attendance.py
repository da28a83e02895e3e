"""Names in the appendix's attendance lists (`◯출석 위원(21인)`), letter-spaced or glued."""

from __future__ import annotations

import re

from ...models import Person
from .lines import is_person_name, is_role
from .tree import AppendixBlock

_STATED_COUNT = re.compile(r"\((\d+)\s*[인명]\)")


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
