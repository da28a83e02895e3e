"""Dates are read by one set of patterns and judged the same way in every format: a day that
does not exist is MD005 and a wrong weekday MD003, at the line that holds the date."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from minutes_extract import parse_text
from minutes_extract.text.dates import find_date

SEOUL = """2024년 제1차 예시위원회 회의록

〈회의개요〉

- ◆ 일 시 : {date}
- ◆ 장 소 : 회의실
- ◆ 참석위원 : 1명
 - 홍길동 위원장

〈위원장〉

- 회의를 시작하겠습니다.
"""

ASSEMBLY = """제400회국회
(임시회)
예시위원회회의록
제1호
일 시 {date}
장 소 예시위원회회의실
◯위원장 홍길동 개의하겠습니다.
◯김철수 위원 질의하겠습니다.
"""
SEOUL_LINE, ASSEMBLY_LINE = 5, 5


def _date_findings(text: str) -> list[tuple[str, int | None]]:
    return [(d.code, d.line) for d in parse_text(text).diagnostics if d.code in ("MD003", "MD005")]


@pytest.mark.parametrize(("seoul", "assembly"), [
    ("2024. 2. 30.(금) 10:00", "2024년2월30일(금)"),
    ("2024. 2. 30. 10:00", "2024년2월30일"),
    ("2024. 13. 1.", "2024년13월1일"),
])
def test_an_impossible_date_is_md005_in_both_formats(seoul: str, assembly: str) -> None:
    seoul_record = parse_text(SEOUL.format(date=seoul))
    assembly_record = parse_text(ASSEMBLY.format(date=assembly))
    assert assembly_record.source.profile == "assembly"
    assert _date_findings(SEOUL.format(date=seoul)) == [("MD005", SEOUL_LINE)]
    assert _date_findings(ASSEMBLY.format(date=assembly)) == [("MD005", ASSEMBLY_LINE)]
    for record in (seoul_record, assembly_record):
        assert record.meeting.date is None and record.meeting.weekday is None


@pytest.mark.parametrize(("seoul", "assembly"), [
    ("2024. 2. 29.(금) 10:00", "2024년2월29일(금)"),
    ("2024. 2. 29.(목요일) 10:00", "2024년 2월 29일 (목요일)"),
])
def test_weekday_is_checked_in_both_formats(seoul: str, assembly: str) -> None:
    wrong = "금" in seoul
    expected_seoul = [("MD003", SEOUL_LINE)] if wrong else []
    expected_assembly = [("MD003", ASSEMBLY_LINE)] if wrong else []
    assert _date_findings(SEOUL.format(date=seoul)) == expected_seoul
    assert _date_findings(ASSEMBLY.format(date=assembly)) == expected_assembly
    messages = {d.message for text in (SEOUL.format(date=seoul), ASSEMBLY.format(date=assembly))
                for d in parse_text(text).diagnostics if d.code == "MD003"}
    assert len(messages) == (1 if wrong else 0)  # the same words in both formats
    for text in (SEOUL.format(date=seoul), ASSEMBLY.format(date=assembly)):
        assert parse_text(text).meeting.date == "2024-02-29"


def test_a_date_split_over_cover_lines_is_found_at_its_first_line() -> None:
    text = ASSEMBLY.replace("일 시 {date}", "일 시 2024년\n2월 29일(목)")
    record = parse_text(text)
    assert record.meeting.date == "2024-02-29" and record.meeting.weekday == "목"
    text = ASSEMBLY.replace("일 시 {date}", "일 시 2024년\n2월 30일(목)")
    assert _date_findings(text) == [("MD005", 5)]


@pytest.mark.parametrize(("written", "iso", "weekday"), [
    ("2022. 12. 20.(화)", "2022-12-20", "화"),
    ("2024년6월25일(화)", "2024-06-25", "화"),
    ("'24. 3. 4.", "2024-03-04", None),
    ("2025.03.12 수요일", "2025-03-12", "수"),
    ("2024-08-26", "2024-08-26", None),
    ("2024년 3월 4일 (월, 오전)", "2024-03-04", "월"),
])
def test_find_date(written: str, iso: str, weekday: str | None) -> None:
    found = find_date(f"일시: {written} 10:00")
    assert found is not None and (found.iso, found.weekday) == (iso, weekday)


def test_impossible_assembly_date_is_no_crash_through_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "minutes.txt"
    path.write_text(ASSEMBLY.format(date="2024년2월30일(금)"), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "minutes_extract", "extract", str(path)],
                          capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert b"MD005" in done.stdout
