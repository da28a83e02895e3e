"""The Seoul smart-city committee minutes (corpus) must parse to exactly what issue #2 states."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from minutes_extract import MinutesRecord, parse_file


@pytest.fixture(scope="module")
def record(reference_path: Path) -> MinutesRecord:
    return parse_file(reference_path)


def all_remarks(record: MinutesRecord):
    def walk(remarks, depth):
        for remark in remarks:
            yield depth, remark
            yield from walk(remark.children, depth + 1)

    for turn in record.turns:
        yield from walk(turn.remarks, 1)


def test_meeting_identity(record: MinutesRecord) -> None:
    m = record.meeting
    assert m.title == "2022년 제4차 「스마트도시위원회」 회의록"
    assert m.organization == "서울특별시"
    assert m.committee == "스마트도시위원회"
    assert m.sitting == 4
    assert m.session is None


def test_overview(record: MinutesRecord) -> None:
    m = record.meeting
    assert (m.date, m.weekday, m.start_time, m.end_time) == ("2022-12-20", "화", "10:00", "12:10")
    assert m.place == "컨퍼런스하우스 달개비 회의실"
    assert m.attendee_count == 18
    assert len(m.attendees) == 18
    assert (m.attendees[0].name, m.attendees[0].role) == ("임규건", "위원장")
    assert (m.attendees[-1].name, m.attendees[-1].role) == ("강요식", "서울디지털재단 이사장")
    assert all(p.name and p.role for p in m.attendees)
    assert m.observer_count == 15
    assert len(m.observers) == 11
    assert all(p.name is None for p in m.observers)
    assert m.observers[-1].role == "디지털정책담당관 주무관"
    assert m.order_of_business == ["디지털정책관 및 디지털재단 주요 성과 보고", "보고 안건에 대한 자문 및 토론"]
    assert m.agenda == ["디지털정책관 및 디지털재단 주요 성과 보고"]
    assert m.result == "붙임 참조"
    assert [f.key for f in m.overview] == ["일시", "장소", "참석위원", "배석", "진행순서", "상정안건", "회의결과"]
    assert m.extra == {}


def test_sections(record: MinutesRecord) -> None:
    assert [s.title for s in record.sections] == ["위원 발언 내용"]
    assert all(t.section == "위원 발언 내용" for t in record.turns)


def test_turns_and_speakers(record: MinutesRecord) -> None:
    turns = record.turns
    assert len(turns) == 28
    assert turns[0].speaker.label == "간사"
    assert turns[8].speaker.label == "서울디지털재단 혁신사업본부장"
    masked = [t for t in turns if t.speaker.anonymized]
    assert len(masked) == 14
    assert all(t.speaker.role == "위원" and t.speaker.name is None for t in masked)
    inferred = {t.speaker.role: t.speaker.name for t in turns if t.speaker.name_inferred}
    assert inferred == {"위원장": "임규건", "디지털정책관": "이해경", "복지기획관": "이수연"}
    assert all(t.speaker.name is None for t in turns if not t.speaker.name_inferred)
    assert all(t.speaker.label != "회의개요" for t in turns)


def test_remark_counts(record: MinutesRecord) -> None:
    depths = Counter(depth for depth, _ in all_remarks(record))
    assert depths == {1: 64, 2: 15}
    nested = [r for depth, r in all_remarks(record) if depth == 2]
    assert all(r.label and r.label.startswith("〔") for r in nested)
    assert nested[0].label == "〔1〕"
    assert nested[0].text == "바르셀로나 SCEWC 월드 스마트시티 어워드 최고도시상 수상"


def test_continuations(record: MinutesRecord) -> None:
    joined = [d for d in record.diagnostics if d.code == "ST005"]
    assert len(joined) == 12
    assert {d.line for d in joined} >= {90, 101, 213}
    by_start = {r.span.start_line: r for _, r in all_remarks(record)}
    assert by_start[88].span.end_line == 90
    assert by_start[88].text.endswith("DR센터를 분할하여 구성하는 방안도 좋을 것으로 보임. 대한민국 지자체들이 "
                                      "서울시가 선도하고 나가는 부분들을 따라가는 경향이 있으므로 지자체간 "
                                      "상호협력하는 방안을 검토해 주기 바람.")
    assert by_start[99].span.end_line == 101
    assert "교육 관련, 교육만이 아니라 중·장년층에 대해서" in by_start[211].text
    assert by_start[211].span.end_line == 213


def test_spans_cover_every_line(record: MinutesRecord, reference_text: str) -> None:
    covered: set[int] = set()
    for line in record.front_matter:
        covered.add(line.span.start_line)
    assert record.meeting.overview_span is not None
    covered.add(record.meeting.overview_span.start_line)
    for f in record.meeting.overview:
        covered.update(range(f.span.start_line, f.span.end_line + 1))
    for s in record.sections:
        covered.add(s.span.start_line)
    for turn in record.turns:
        covered.add(turn.span.start_line)
    for _, remark in all_remarks(record):
        covered.update(range(remark.span.start_line, remark.span.end_line + 1))
    non_blank = {n for n, line in enumerate(reference_text.splitlines(), 1) if line.strip()}
    assert non_blank - covered == set()
    assert record.meeting.overview_span.start_line == 11
    assert record.meeting.overview[0].span.start_line == 13


def test_no_warnings_on_reference(record: MinutesRecord) -> None:
    assert [d for d in record.diagnostics if d.severity != "info"] == []
