"""CSV: one row per remark, nested remarks included depth-first, for spreadsheets."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from ..models import MinutesRecord, Remark, Turn

COLUMNS = (
    "turn", "speaker_label", "speaker_role", "speaker_name", "name_inferred", "anonymized",
    "section", "remark", "depth", "label", "text", "start_line", "end_line", "page_start", "page_end",
)


def remark_rows(record: MinutesRecord) -> Iterator[tuple[object, ...]]:
    """Rows in COLUMNS order; `remark` is a 1-based path such as 4.2 (4th remark, 2nd child)."""
    for turn_no, turn in enumerate(record.turns, start=1):
        for index, remark in enumerate(turn.remarks, start=1):
            yield from _walk(turn_no, turn, remark, str(index), 1)


def _walk(turn_no: int, turn: Turn, remark: Remark, path: str, depth: int) -> Iterator[tuple[object, ...]]:
    speaker = turn.speaker
    yield (
        turn_no, speaker.label, speaker.role or "", speaker.name or "",
        str(speaker.name_inferred).lower(), str(speaker.anonymized).lower(), turn.section or "",
        path, depth, remark.label or "", remark.text,
        remark.span.start_line, remark.span.end_line,
        remark.span.page_start or "", remark.span.page_end or "",
    )
    for index, child in enumerate(remark.children, start=1):
        yield from _walk(turn_no, turn, child, f"{path}.{index}", depth + 1)


def to_csv(record: MinutesRecord) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(remark_rows(record))
    return buffer.getvalue().encode("utf-8")
