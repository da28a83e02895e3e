"""Excel: `extract -f xlsx -o FILE` and `batch --to xlsx` write a workbook whose sheets read
back (openpyxl) with a frozen header, set widths, and rows equal to the record's turns and
remarks (speaker and section on every remark row); without a file, or without the extra, a
clear one-line error."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import SAMPLES
from minutes_extract.api import parse_bytes, parse_file
from minutes_extract.batch.tables import REMARKS_WIDE_COLUMNS as REMARK_COLUMNS
from minutes_extract.batch.tables import record_rows
from minutes_extract.cli import main
from minutes_extract.export.xlsx import MAX_CELL, record_sheets, write_workbook

openpyxl = pytest.importorskip("openpyxl", reason="openpyxl reads the workbooks back (the test extra)")
pytest.importorskip("xlsxwriter", reason="the xlsx extra (XlsxWriter) is not installed")

SHEETS = ["meeting", "turns", "remarks", "notes", "attendees", "diagnostics"]


def _rows(sheet) -> list[tuple]:
    """Data rows, an empty cell read as None (XlsxWriter writes '' as an empty cell)."""
    return [tuple(None if v == "" else v for v in row) for row in sheet.iter_rows(min_row=2, values_only=True)]


def _expected(rows: list[tuple]) -> list[tuple]:
    return [tuple(None if v == "" else v for v in row) for row in rows]


@pytest.mark.parametrize("name", ["assembly-multi-item.txt", "seoul-full.txt", "council-headings.md"])
def test_extract_workbook_reads_back(name: str, tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    assert main(["extract", str(SAMPLES / name), "-f", "xlsx", "-o", str(target)]) == 0
    record = parse_file(str(SAMPLES / name))
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == SHEETS
    for sheet in book:
        assert sheet.freeze_panes == "A2"
        assert all(sheet.column_dimensions[letter].width > 5 for letter in "ABC")
    rows = record_rows(record, 1)
    assert _rows(book["turns"]) == _expected(rows["turns"])
    remarks = _rows(book["remarks"])
    assert [r[REMARK_COLUMNS.index("text")] for r in remarks] == [r[6] for r in rows["remarks"]]
    turns = {t[1]: t for t in rows["turns"]}
    column = {name: n for n, name in enumerate(REMARK_COLUMNS)}
    meeting = rows["meetings"][0]
    for remark in remarks:  # each row names its meeting, speaker and section: it reads alone
        turn = turns[remark[column["turn_id"]]]
        assert (remark[column["speaker_name"]], remark[column["speaker_role"]], remark[column["speaker_label"]],
                remark[column["section"]]) == (turn[5], turn[4], turn[3], turn[6])
        assert (remark[column["file"]], remark[column["date"]]) == (meeting[1], meeting[10])
    assert [c.value for c in book["remarks"][1]] == list(REMARK_COLUMNS)
    assert len(_rows(book["notes"])) == len(record.notes)
    assert len(_rows(book["attendees"])) == len(record.meeting.attendees) + len(record.meeting.observers)
    assert len(_rows(book["diagnostics"])) == len(record.diagnostics)
    assert _rows(book["meeting"])[0][5] == record.meeting.title  # Korean text as written


def test_formula_like_text_stays_text_and_long_text_is_cut(tmp_path: Path) -> None:
    text = "◯위원장 홍길동  =HYPERLINK(\"http://x\") 이의 없으십니까?\n◯김영희 위원  " + "가" * 40_000 + "\n"
    record = parse_bytes(text.encode(), "x.txt")
    target = tmp_path / "x.xlsx"
    write_workbook(str(target), record_sheets(record))
    sheet = openpyxl.load_workbook(target)["remarks"]
    letter = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[REMARK_COLUMNS.index("text")]
    first, long = sheet[f"{letter}2"], sheet[f"{letter}3"]
    assert first.data_type == "s" and first.value.startswith("=HYPERLINK")
    assert len(long.value) <= MAX_CELL and long.value.endswith("40000 characters in all; see the JSON]")


def test_extract_xlsx_needs_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(SAMPLES / "seoul-short.txt"), "-f", "xlsx"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "give a file to write it to" in err
    assert main(["extract", str(SAMPLES / "seoul-short.txt"), "-f", "xlsx", "-o", "-"]) == 2


def test_missing_extra_is_exit_12(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "xlsxwriter", None)  # import fails as if not installed
    target = tmp_path / "out.xlsx"
    assert main(["extract", str(SAMPLES / "seoul-short.txt"), "-f", "xlsx", "-o", str(target)]) == 12
    assert "minutes-extract[xlsx]" in capsys.readouterr().err and not target.exists()
    out = tmp_path / "batch"
    assert main(["batch", str(SAMPLES / "seoul-short.txt"), "-o", str(out), "--to", "xlsx", "-q", "-j", "1"]) == 12
    assert "minutes-extract[xlsx]" in capsys.readouterr().err and not (out / "minutes.xlsx").exists()


def test_batch_workbook_and_tei(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    names = ["assembly-committee.txt", "seoul-lists.txt", "council-plenary.md"]
    for name in names:
        (inputs / name).write_bytes((SAMPLES / name).read_bytes())
    out = tmp_path / "out"
    assert main(["batch", str(inputs), "-o", str(out), "--to", "xlsx,tei", "-q", "-j", "1"]) == 0
    book = openpyxl.load_workbook(out / "minutes.xlsx")
    assert book.sheetnames == SHEETS and all(sheet.freeze_panes == "A2" for sheet in book)
    records = [parse_file(str(inputs / name)) for name in sorted(names)]
    expected = [row[1:] for number, record in enumerate(records, start=1)
                for row in record_sheets(record, number)["remarks"]]
    assert [row[1:] for row in _rows(book["remarks"])] == _expected(expected)
    assert len(_rows(book["meeting"])) == 3 and len(_rows(book["turns"])) == sum(len(r.turns) for r in records)
    tei = sorted((out / "tei").rglob("*.xml"))
    assert [p.name for p in tei] == [f"{name}.xml" for name in sorted(names)]
    (inputs / "seoul-lists.txt").unlink()
    assert main(["batch", str(inputs), "-o", str(out), "--to", "xlsx,tei", "-q", "-j", "1", "--prune"]) == 0
    assert sorted(p.name for p in (out / "tei").rglob("*.xml")) == ["assembly-committee.txt.xml",
                                                                    "council-plenary.md.xml"]
    assert len(_rows(openpyxl.load_workbook(out / "minutes.xlsx")["meeting"])) == 2
