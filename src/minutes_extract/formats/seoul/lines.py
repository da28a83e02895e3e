"""Classify one normalised line: blank, speaker header, bullet, nested bullet, heading, text.

Classification looks at a line alone; what a line means in context (overview field,
continuation, cover) is decided by the tree builder.
"""

from __future__ import annotations

import re
from enum import IntEnum

from ...text.lazy import LazyPattern
from ...text.plain import PlainRecord

OPEN_BRACKETS = "\u3008\u2329<\uff1c"  # 〈 and its look-alikes 〈 < ＜
CLOSE_BRACKETS = "\u3009\u232a>\uff1e"
CANONICAL_OPEN, CANONICAL_CLOSE = "〈", "〉"
BULLET_MARKERS = frozenset("-‐‑‒–—−•∙◦▪·ㆍ")
SECTION_MARKERS = frozenset("□■▣◇◈")
_HANGUL = LazyPattern(r"[가-힣]")
# One regex search instead of a generator over the characters (the same test, in C).
_ANY_OPEN = LazyPattern(f"[{re.escape(OPEN_BRACKETS)}]")
_ANY_BRACKET = LazyPattern(f"[{re.escape(OPEN_BRACKETS + CLOSE_BRACKETS)}]")
_ANY_CLOSE = LazyPattern(f"[{re.escape(CLOSE_BRACKETS)}]")
_MAX_HEADER_LEN = 60  # a longer bracketed line is prose, not a speaker header


class Kind(IntEnum):
    BLANK = 0
    HEADER = 1
    BULLET = 2
    NESTED = 3
    SECTION = 4
    TEXT = 5


class Segment(PlainRecord):
    """One classified line (made once per input line: a plain slots class, see PlainRecord)."""

    __slots__ = ("balanced", "content", "indent", "kind", "marker")

    def __init__(self, kind: Kind, indent: int, content: str, marker: str = "",
                 balanced: bool = True) -> None:
        self.kind = kind
        self.indent = indent
        self.content = content  # text without indentation, bullet marker or header brackets
        self.marker = marker  # bullet or section marker, or the header's opening bracket
        self.balanced = balanced  # header brackets both present


BLANK = Segment(Kind.BLANK, 0, "")


def classify(line: str) -> Segment:
    if not line:
        return BLANK
    body = line.lstrip(" ")
    if not body:
        return BLANK
    indent = len(line) - len(body)
    first = body[0]
    if first in OPEN_BRACKETS:
        return _header(body, indent)
    if first in BULLET_MARKERS and len(body) > 2 and body[1] == " ":
        return Segment(Kind.NESTED if indent else Kind.BULLET, indent, body[2:].lstrip(" "), first)
    if first in SECTION_MARKERS and indent == 0 and len(body) > 2 and body[1] == " ":
        return Segment(Kind.SECTION, 0, body[2:].lstrip(" "), first)
    last = body[-1]
    if (last in CLOSE_BRACKETS and indent == 0 and len(body) <= _MAX_HEADER_LEN // 2
            and not _ANY_OPEN.search(body)):
            return Segment(Kind.HEADER, 0, body[:-1].strip(), "", balanced=False)
    return Segment(Kind.TEXT, indent, body)


def _header(body: str, indent: int) -> Segment:
    if body[0] == "<" and not _HANGUL.search(body):
        return Segment(Kind.TEXT, indent, body)  # markup (`<!DOCTYPE html>`, `<p>`), not a speaker
    last = body[-1]
    if last in CLOSE_BRACKETS and len(body) <= _MAX_HEADER_LEN:
        inner = body[1:-1].strip()
        if not _ANY_BRACKET.search(inner):
            return Segment(Kind.HEADER, indent, inner, body[0])
    if len(body) <= _MAX_HEADER_LEN // 2 and not _ANY_CLOSE.search(body):
        return Segment(Kind.HEADER, indent, body[1:].strip(), body[0], balanced=False)
    return Segment(Kind.TEXT, indent, body)
