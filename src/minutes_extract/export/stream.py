"""JSON, JSON Lines and CSV written turn by turn: the same bytes as `to_json`, `to_jsonl` and
`to_csv`, without the whole document's output in memory at once (on a 12 MB input that output
is 22 MB of JSON, then copied once more to be written).

The record less its turns is serialised by pydantic as usual; its `"turns": []` is then
replaced by the turns, a few at a time serialised by pydantic as one list and indented to
their place. The
split is exact: `"turns": []` at the top level is the only place those bytes can occur (a
string's quotes and newlines are escaped, and a nested key is indented deeper).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator

import pydantic_core

from ..models import MinutesRecord
from .csv import COLUMNS, escape_row, remark_rows

_TURNS_PER_CHUNK = 64  # turns serialised per write: few calls, small pieces
_PRETTY_SLOT = b'\n  "turns": []'
_COMPACT_SLOT = b'"turns":[]'


def _split(record: MinutesRecord, indent: int | None) -> tuple[bytes, bytes]:
    """The record's JSON before and after its (emptied) list of turns."""
    shell = pydantic_core.to_json(record.model_copy(update={"turns": []}), indent=indent)
    slot = _PRETTY_SLOT if indent else _COMPACT_SLOT
    at = shell.index(slot)  # the first: source and meeting come before, and hold no such bytes
    return shell[:at + len(slot) - 1], shell[at + len(slot) - 1:]


def iter_json(record: MinutesRecord) -> Iterator[bytes]:
    """The bytes of `to_json(record)` (indent 2), in pieces of a few turns each."""
    head, tail = _split(record, 2)
    if not record.turns:
        yield head + tail + b"\n"
        return
    yield head[:-1] + b"["  # `"turns": [` …
    turns = record.turns
    for start in range(0, len(turns), _TURNS_PER_CHUNK):
        # A chunk as one JSON list (one call, not one per turn): `[\n  {…},\n  {…}\n]`, its
        # brackets cut off and its lines indented two more, to the turns' depth.
        listed = pydantic_core.to_json(turns[start:start + _TURNS_PER_CHUNK], indent=2)
        yield (b"\n" if start == 0 else b",\n") + b"  " + listed[2:-2].replace(b"\n", b"\n  ")
    yield b"\n  ]" + tail[1:] + b"\n"  # tail starts with the `]` of `[]`


def iter_jsonl(record: MinutesRecord) -> Iterator[bytes]:
    """The bytes of `to_jsonl(record)`: one line, in pieces of a few turns each."""
    head, tail = _split(record, None)
    turns = record.turns
    yield head
    for start in range(0, len(turns), _TURNS_PER_CHUNK):
        listed = pydantic_core.to_json(turns[start:start + _TURNS_PER_CHUNK])  # `[{…},{…}]`
        yield (b"" if start == 0 else b",") + listed[1:-1]
    yield tail + b"\n"


def iter_csv(record: MinutesRecord, escape: bool = True) -> Iterator[bytes]:
    """The bytes of `to_csv(record)`, a few hundred rows at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for count, row in enumerate(remark_rows(record), start=1):
        writer.writerow(escape_row(row) if escape else row)
        if count % (_TURNS_PER_CHUNK * 8) == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


STREAMERS: dict[str, Callable[[MinutesRecord], Iterator[bytes]]] = {
    "json": iter_json,
    "jsonl": iter_jsonl,
    "csv": iter_csv,
}
