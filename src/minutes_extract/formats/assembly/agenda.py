"""Agenda items of the ◯ format: the cover's lists (의사일정, 상정된 안건 …) and the headings
in the body that take items up.

An item starts with its number (`1.`), letter (`가.`) or an `o`; wrapped items go on over
the next lines, and items that text extraction glued together (`…(의안번호 2201592)2. 소프트
웨어 …`) are split where the next number in sequence follows.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ...models import TextLine
from ...text.join import join_all
from .lines import without_leader

LETTERS = "가나다라마바사아자차카타파하"
_MARKER = re.compile(rf"^(?:(\d{{1,2}})\.|([{LETTERS}])\.|[oㅇ](?=\s))\s*")
# Cover headings that open a list of items; the first with items is the meeting's agenda.
LIST_HEADINGS = ("의사일정", "상정된 안건", "심사된 안건", "부의된 안건")
_SENTENCE_END = (".", "?", "!", "다", "요", "죠", "까")
_COMPARED = 20  # characters (spaces aside) that must agree for a heading to be a cover item
_MIN_COMPARED = 4


def number_of(title: str) -> str | None:
    """`1. …` → 1, `가. …` → 가, `o …` → None (an item without a number)."""
    match = _MARKER.match(title)
    return (match.group(1) or match.group(2)) if match else None


def split_glued(text: str) -> list[str]:
    """`1. A(의안번호 1)2. B` → [`1. A(의안번호 1)`, `2. B`]: a line cut where the next number
    (or letter) in sequence follows text directly, as when extraction lost the line break."""
    parts: list[str] = []
    start = 0  # where the item being read starts: the text is never copied but once a part
    while True:
        following = _next_of(number_of(text[start:start + 4]))
        if not following:
            break
        # The item has a title of at least one character first: `1. 가. …` is one item.
        title = start + _MARKER.match(text[start:start + 8]).end() + 1  # type: ignore[union-attr]
        glued = re.compile(rf"(?<=[^\s\d])\s?(?:{'|'.join(following)})\.\s*(?=\S)").search(text, title)
        if glued is None:
            break
        parts.append(text[start:glued.start()].rstrip())
        start = glued.start() + (text[glued.start()] == " ")
    parts.append(text[start:])
    return parts


def _next_of(number: str | None) -> tuple[str, ...]:
    """What may follow an item: the next number (or its first sub-item, 가), the next letter."""
    if number is None:
        return ()
    if number.isdigit():
        return (str(int(number) + 1), LETTERS[0])
    index = LETTERS.find(number)
    return (LETTERS[index + 1],) if 0 <= index < len(LETTERS) - 1 else ()


def cover_lists(front: list[TextLine], join: Callable[[list[str]], str] = join_all) -> dict[str, list[str]]:
    """The cover's item lists by heading (as in LIST_HEADINGS). An item goes on over the lines
    right under it, up to a blank line, a dot leader or the next item; `join` joins its lines."""
    lists: dict[str, list[list[str]]] = {}
    items: list[list[str]] | None = None
    open_item = False
    previous_line = 0
    for line in front:
        compact = line.text.replace(" ", "")
        heading = next((h for h in LIST_HEADINGS if compact.startswith(h.replace(" ", ""))), None)
        if heading is not None:
            items, open_item = lists.setdefault(heading, []), False
        elif items is not None and (line.span.start_line > previous_line + 1 and items):
            items = None  # a blank line ends the list
        elif items is not None:
            text, ended = without_leader(line.text)
            if _MARKER.match(text):
                items.extend([part] for part in split_glued(text))
                open_item = not ended
            elif open_item:
                items[-1].append(text)
                open_item = not ended
        previous_line = line.span.end_line
    return {heading: [join(pieces) for pieces in found] for heading, found in lists.items() if found}


def is_cover_item(heading: str, items: list[str]) -> bool:
    """Does a body heading take up one of these cover items (its number and first words)?"""
    compact = heading.replace(" ", "")
    for item in items:
        listed = item.replace(" ", "")
        shared = min(len(compact), len(listed), _COMPARED)
        if shared >= _MIN_COMPARED and compact[:shared] == listed[:shared]:
            return True
    return False


def reads_as_heading(text: str) -> bool:
    """An agenda heading names an item; a numbered clause read out in a speech is a sentence."""
    return not text.rstrip().endswith(_SENTENCE_END)
