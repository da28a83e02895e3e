"""CSV: one row per remark, nested remarks included depth-first, for spreadsheets.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return)
as a formula: minutes quote the public, so such a cell could run what anyone wrote. Such a
text cell gets a `'` in front, and so does one that is such a cell behind apostrophes already
(`'=x`), so that reading back is exact: `unescape_cell` removes one `'` before apostrophes and
a formula character, and nothing else (`'22년` is left as it is, both ways)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence

from ..models import MinutesRecord, Remark, Turn

# A row reads alone: the file, date and committee of its meeting lead it (several files in one
# table stay apart; `batch` has the same as `remarks_wide`, with its meeting_id).
COLUMNS = (
    "file", "date", "committee", "turn", "speaker_label", "speaker_role", "speaker_name", "name_inferred",
    "anonymized", "section", "remark", "depth", "label", "text", "start_line", "end_line", "page_start",
    "page_end",
)
_FORMULA_START = frozenset("=+-@\t\r")


def _risky(value: object) -> bool:
    """Text that starts with a formula character, behind any apostrophes."""
    return isinstance(value, str) and value.lstrip("'")[:1] in _FORMULA_START


def escape_cell(value: object) -> object:
    """A text cell a spreadsheet would run as a formula, made text (a leading ')."""
    return f"'{value}" if _risky(value) else value


def escape_row(row: Sequence[object]) -> Sequence[object]:
    """The row with its risky cells escaped; the row itself when none is (the common case)."""
    return tuple(map(escape_cell, row)) if any(map(_risky, row)) else row


def unescape_cell(text: str) -> str:
    """A cell as read from an escaped CSV file, back to the value that was written."""
    return text[1:] if text.startswith("'") and _risky(text) else text


def remark_rows(record: MinutesRecord) -> Iterator[tuple[object, ...]]:
    """Rows in COLUMNS order; `remark` is a 1-based path such as 4.2 (4th remark, 2nd child)."""
    meeting = (record.source.path, record.meeting.date or "", record.meeting.committee or "")
    for turn_no, turn in enumerate(record.turns, start=1):
        for index, remark in enumerate(turn.remarks, start=1):
            yield from _walk(meeting, turn_no, turn, remark, str(index), 1)


def _walk(meeting: tuple[str, str, str], turn_no: int, turn: Turn, remark: Remark, path: str,
          depth: int) -> Iterator[tuple[object, ...]]:
    speaker = turn.speaker
    yield (
        *meeting, turn_no, speaker.label, speaker.role or "", speaker.name or "",
        str(speaker.name_inferred).lower(), str(speaker.anonymized).lower(), turn.section or "",
        path, depth, remark.label or "", remark.text,
        remark.span.start_line, remark.span.end_line,
        remark.span.page_start or "", remark.span.page_end or "",
    )
    for index, child in enumerate(remark.children, start=1):
        yield from _walk(meeting, turn_no, turn, child, f"{path}.{index}", depth + 1)


def to_csv(record: MinutesRecord, escape: bool = True) -> bytes:
    """`escape`: make formula-like cells text (see the module's docstring)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    rows = remark_rows(record)
    writer.writerows(map(escape_row, rows) if escape else rows)
    return buffer.getvalue().encode("utf-8")
