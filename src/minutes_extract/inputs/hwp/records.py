"""HWP 5 body records (the published HWP 5.0 format, revision 1.3): the record stream as a
tree by level, and the text of HWPTAG_PARA_TEXT with its control characters resolved."""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass, field

PARA_HEADER, PARA_TEXT, CTRL_HEADER, LIST_HEADER, TABLE = 66, 67, 71, 72, 77
_KEPT = frozenset((PARA_TEXT, CTRL_HEADER, LIST_HEADER))  # the others' bytes are never read
# A paragraph's character shapes, line segments and range tags: half of all records, never
# with records under them, never read; skipped rather than made into objects (speed).
_SKIPPED = frozenset((68, 69, 70))


@dataclass(slots=True)
class Record:
    tag: int
    payload: bytes
    children: list[Record] = field(default_factory=list)


def record_tree(data: bytes) -> list[Record]:
    """The records of one section stream, each under the record one level up before it."""
    roots: list[Record] = []
    stack: list[tuple[int, Record]] = []
    pos, end = 0, len(data)
    unpack = struct.unpack_from
    while pos + 4 <= end:
        (head,) = unpack("<I", data, pos)
        tag, level, size = head & 0x3FF, (head >> 10) & 0x3FF, head >> 20
        pos += 4
        if size == 0xFFF:
            if pos + 4 > end:
                break
            (size,) = unpack("<I", data, pos)
            pos += 4
        if tag in _SKIPPED:
            pos += size
            continue
        record = Record(tag, data[pos:pos + size] if tag in _KEPT else b"")
        pos += size
        while stack and stack[-1][0] >= level:
            stack.pop()
        (stack[-1][1].children if stack else roots).append(record)
        stack.append((level, record))
    return roots


# Controls that take 8 UTF-16 units (the code, 6 units of data, the code again): extended
# controls (tables, shapes, notes: the objects come as child records) and inline ones (tab).
_WIDE = re.compile(r"([\x01-\x09\x0b\x0c\x0e-\x17])[\s\S]{6}\1")
# One-unit characters: 10 line break, 13 paragraph end, 24 hyphen, 30 no-break and 31
# fixed-width space (as plain spaces: speaker lines are matched on spaces); others are nothing.
_NARROW = {"\t": "\t", "\n": "\n", "\x18": "-", "\x1e": " ", "\x1f": " "}
_CONTROL = re.compile(r"[\x00-\x1f]")


def para_text(payload: bytes) -> str:
    """The text of a PARA_TEXT record: tabs and line breaks kept, controls removed."""
    text = payload.decode("utf-16-le", errors="replace")
    if text.endswith("\r"):  # the paragraph's end
        text = text[:-1]
    if _CONTROL.search(text) is None:
        return text
    text = _WIDE.sub(lambda m: "\t" if m[1] == "\t" else "", text)
    return _CONTROL.sub(lambda m: _NARROW.get(m[0], ""), text)


def ctrl_id(record: Record) -> str:
    """The four-letter id of a CTRL_HEADER ('tbl ', 'gso ', 'fn  ', 'en  ', 'head', …)."""
    return record.payload[:4][::-1].decode("latin-1")


def cell_address(record: Record) -> tuple[int, int]:
    """(row, column) of a table cell's LIST_HEADER (after 8 bytes of list properties)."""
    if len(record.payload) < 12:
        return (0, 0)
    col, row = struct.unpack_from("<HH", record.payload, 8)
    return (row, col)
