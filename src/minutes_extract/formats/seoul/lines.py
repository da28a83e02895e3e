"""Classify one normalised line: blank, speaker header, bullet, nested bullet, heading, text.

Classification looks at a line alone; what a line means in context (overview field,
continuation, cover) is decided by the tree builder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum

OPEN_BRACKETS = "\u3008\u2329<\uff1c"  # 〈 and its look-alikes 〈 < ＜
CLOSE_BRACKETS = "\u3009\u232a>\uff1e"
CANONICAL_OPEN, CANONICAL_CLOSE = "〈", "〉"
BULLET_MARKERS = frozenset("-‐‑‒–—−•∙◦▪·ㆍ")
SECTION_MARKERS = frozenset("□■▣◇◈")
_HANGUL = re.compile(r"[가-힣]")
_MAX_HEADER_LEN = 60  # a longer bracketed line is prose, not a speaker header


class Kind(IntEnum):
    BLANK = 0
    HEADER = 1
    BULLET = 2
    NESTED = 3
    SECTION = 4
    TEXT = 5


@dataclass(frozen=True, slots=True)
class Segment:
    kind: Kind
    indent: int
    content: str  # text without indentation, bullet marker or header brackets
    marker: str = ""  # bullet or section marker, or the header's opening bracket
    balanced: bool = True  # header brackets both present


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
            and not any(ch in OPEN_BRACKETS for ch in body)):
            return Segment(Kind.HEADER, 0, body[:-1].strip(), "", balanced=False)
    return Segment(Kind.TEXT, indent, body)


def _header(body: str, indent: int) -> Segment:
    if body[0] == "<" and not _HANGUL.search(body):
        return Segment(Kind.TEXT, indent, body)  # markup (`<!DOCTYPE html>`, `<p>`), not a speaker
    last = body[-1]
    if last in CLOSE_BRACKETS and len(body) <= _MAX_HEADER_LEN:
        inner = body[1:-1].strip()
        if not any(ch in OPEN_BRACKETS or ch in CLOSE_BRACKETS for ch in inner):
            return Segment(Kind.HEADER, indent, inner, body[0])
    if len(body) <= _MAX_HEADER_LEN // 2 and not any(ch in CLOSE_BRACKETS for ch in body):
        return Segment(Kind.HEADER, indent, body[1:].strip(), body[0], balanced=False)
    return Segment(Kind.TEXT, indent, body)
