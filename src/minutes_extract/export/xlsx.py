"""Excel: a workbook with the sheets meeting, turns, remarks, notes, attendees and diagnostics,
in the layout of the batch tables (batch/tables.py), so `extract -f xlsx` and `batch --to xlsx`
give the same columns. Every remark row names its speaker and section. Written by XlsxWriter
(the optional extra `xlsx`), row by row in constant memory: cells are typed, so a text that
starts with `=` is text, never a formula."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import chain, islice
from typing import IO, Any

from ..errors import import_extra
from ..models import MinutesRecord

MAX_ROWS = 1_048_576  # rows in one sheet, header included; more go on to `remarks (2)` …
MAX_CELL = 32_767  # UTF-16 code units in one cell
_WIDTH_SAMPLE = 200  # rows looked at to size the columns
_MAX_WIDTH = 60


def sheet_columns() -> dict[str, tuple[str, ...]]:
    """Each sheet's header, in workbook order."""
    from ..batch import tables

    return {"meeting": tables.MEETINGS.columns, "turns": tables.TURNS.columns,
            "remarks": tables.REMARKS_WIDE_COLUMNS,
            "notes": tables.NOTES.columns, "attendees": tables.ATTENDEES.columns,
            "diagnostics": tables.DIAGNOSTICS.columns}


def record_sheets(record: MinutesRecord, meeting_id: int = 1) -> dict[str, Iterable[Sequence[object]]]:
    """One record's rows per sheet (the batch reads the same rows from its database)."""
    from ..batch.tables import record_rows, wide_remarks

    rows = record_rows(record, meeting_id)
    return {"meeting": rows["meetings"], "turns": rows["turns"], "remarks": wide_remarks(rows),
            "notes": rows["notes"], "attendees": rows["attendees"], "diagnostics": rows["diagnostics"]}


def require_writer(where: str) -> None:
    """Exit 12 (NEEDS_EXTRA) before any work when XlsxWriter is not installed."""
    import_extra("xlsxwriter", where, "xlsx", "XlsxWriter")


def to_xlsx(record: MinutesRecord) -> bytes:
    require_writer("xlsx")
    buffer = io.BytesIO()
    write_workbook(buffer, record_sheets(record))
    return buffer.getvalue()


def write_workbook(target: str | IO[bytes], sheets: Mapping[str, Iterable[Sequence[object]]]) -> None:
    """The sheets of `sheet_columns()` into `target` (a path or a binary file), rows streamed."""
    import xlsxwriter

    book = xlsxwriter.Workbook(target, {
        "constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
        "strings_to_numbers": False, "default_format_properties": {"font_name": "맑은 고딕"}})
    header = book.add_format({"bold": True, "bottom": 1, "font_name": "맑은 고딕"})
    for name, columns in sheet_columns().items():
        _write_sheet(book, header, name, columns, iter(sheets.get(name, ())))
    book.close()


def _write_sheet(book: Any, header: Any, name: str, columns: Sequence[str],
                 rows: Iterator[Sequence[object]]) -> None:
    """A sheet, and as many continuation sheets as its rows need (Excel's row limit)."""
    part = 1
    while True:
        first = list(islice(rows, _WIDTH_SAMPLE))
        sheet = book.add_worksheet(name if part == 1 else f"{name} ({part})")
        sheet.freeze_panes(1, 0)
        for index, width in enumerate(_widths(columns, first)):
            sheet.set_column(index, index, width)
        sheet.write_row(0, 0, columns, header)
        count = 0
        for count, row in enumerate(chain(first, islice(rows, MAX_ROWS - 1 - len(first))), start=1):
            sheet.write_row(count, 0, [_cell(value) for value in row])
        sheet.autofilter(0, 0, max(count, 1), len(columns) - 1)
        part += 1
        if count < MAX_ROWS - 1:
            return


def _cell(value: object) -> object:
    """A value as a cell: text longer than a cell holds is cut, and says so."""
    if isinstance(value, str) and len(value) > MAX_CELL // 2:
        units = value.encode("utf-16-le")
        if len(units) // 2 > MAX_CELL:
            marker = f" …[cut: {len(value)} characters in all; see the JSON]"
            return units[: 2 * (MAX_CELL - len(marker) - 1)].decode("utf-16-le", "ignore") + marker
    return value


def _widths(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> list[float]:
    """Column widths from the header and the first rows; Korean letters count double."""
    widths = [float(_display_width(column)) for column in columns]
    for row in rows:
        for index, value in enumerate(row[: len(widths)]):
            if value is not None:
                widths[index] = max(widths[index], float(_display_width(str(value))))
    return [min(width + 2, _MAX_WIDTH) for width in widths]


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text[:_MAX_WIDTH])
