"""Agenda sections, cover agenda and council plenaries of the ◯ format, on samples of our own
in the shapes real minutes have: items taken up together, items resumed, items glued by text
extraction, numbered clauses read out in a speech, attendance and officials' lists."""

from __future__ import annotations

import pytest

from conftest import SAMPLES
from minutes_extract import MinutesRecord, parse_file, parse_text
from minutes_extract.formats.assembly.agenda import split_glued

ITEMS_1_3 = ("1. 지방재정법 일부개정법률안(홍길동 의원 대표발의)(의안번호 2205001) / "
             "2. 지방재정법 일부개정법률안(정부 제출)(의안번호 2205002) / "
             "3. 지방교부세법 일부개정법률안(김철수 의원 대표발의)(의안번호 2205003)")
QUESTIONS = "4. 현안질의 / 가. 행정안전부 / 나. 예시청"


@pytest.fixture(scope="module")
def multi() -> MinutesRecord:
    return parse_file(SAMPLES / "assembly-multi-item.txt")


@pytest.fixture(scope="module")
def plenary() -> MinutesRecord:
    return parse_file(SAMPLES / "council-plenary.md")


def test_items_listed_together_are_one_section_and_a_recurring_heading_switches_back(
        multi: MinutesRecord) -> None:
    sections = [(t.section, t.agenda_items) for t in multi.turns]
    assert sections == [
        (None, []),
        *[(ITEMS_1_3, ["1", "2", "3"])] * 5,
        *[(QUESTIONS, ["4", "가", "나"])] * 3,
        ("o 의사일정 변경의 건", []),
        *[(QUESTIONS, ["4", "가", "나"])] * 4,  # taken up again after the change of agenda
    ]
    # every heading is a section of its own, wrapped lines joined, in order
    assert [s.title for s in multi.sections][:3] == ITEMS_1_3.split(" / ")
    assert multi.sections[0].span.start_line == 24 and multi.sections[0].span.end_line == 25


def test_numbered_clauses_in_a_speech_stay_speech(multi: MinutesRecord, plenary: MinutesRecord) -> None:
    asking = next(t for t in multi.turns if t.speaker.name == "허태윤")
    assert [r.text[:5] for r in asking.remarks] == ["예시청장께", "1. 재난", "2. 예산", "3. 지역"]
    reading = next(t for t in plenary.turns if t.speaker.name == "정재우")
    assert [r.text[:2] for r in reading.remarks] == ["정재", "1.", "2.", "3.", "이상"]
    assert [s.title for s in plenary.sections] == [
        "1. 제301회 가온시의회 임시회 회기 결정의 건", "2. 가온시 기후위기 대응 결의안"]


def test_cover_agenda_items_glued_or_wrapped_are_split_and_joined(multi: MinutesRecord) -> None:
    assert multi.meeting.agenda == [*ITEMS_1_3.split(" / "), "4. 현안질의", "가. 행정안전부", "나. 예시청"]
    assert multi.meeting.extra["상정된 안건"] == [ITEMS_1_3.split(" / ")[0], "4. 현안질의"]


@pytest.mark.parametrize(("line", "parts"), [
    ("1. 가(의안번호 1)2. 나(의안번호 2)3. 다", ["1. 가(의안번호 1)", "2. 나(의안번호 2)", "3. 다"]),
    ("3. 요구의 건(추가)4. 현안질의 가. 외교부", ["3. 요구의 건(추가)", "4. 현안질의", "가. 외교부"]),
    ("1. 2024. 12. 3. 의결한 예산안", ["1. 2024. 12. 3. 의결한 예산안"]),  # dates are no items
    ("5. 제6차 회의록 승인의 건", ["5. 제6차 회의록 승인의 건"]),  # 6 is not glued to text
])
def test_split_glued(line: str, parts: list[str]) -> None:
    assert split_glued(line) == parts


def test_seven_cover_items_from_five_lines() -> None:
    cover = ("제400회국회\n예시위원회회의록\n제1호\n일 시 2024년3월4일(월)\n\n의사일정\n"
             "1. 가 법률안(의안번호 1)\n2. 나 법률안(의안번호 2)3. 다 요구의 건(추가)4. 현안질의\n"
             "가. 예시부\n나. 예시청\n5. 라 결의안(의안번호\n5)\n\n◯위원장 홍길동 개의합니다.\n◯김철수 위원 질의합니다.\n")
    agenda = parse_text(cover).meeting.agenda
    assert [item.split()[0] for item in agenda] == ["1.", "2.", "3.", "4.", "가.", "나.", "5."]
    assert agenda[-1] == "5. 라 결의안(의안번호 5)"


def test_plenary_meeting_attendance_and_officials(plenary: MinutesRecord) -> None:
    m = plenary.meeting
    assert m.title == "본회의회의록"  # letter-spacing of the cover removed
    assert (m.session, m.sitting, m.date, m.start_time, m.end_time) == (301, 1, "2025-02-03", "10:00", "10:40")
    assert m.attendee_count == 12 and len(m.attendees) == 12
    assert {p.role for p in m.attendees} == {"의원"} and "풍경섭" in {p.name for p in m.attendees}
    lists = {a.title: [(p.role, p.name) for p in a.people] for a in plenary.appendix}
    assert lists["출석 공무원"] == [("시장", "오세진"), ("기획행정실장", "박철완"), ("복지국장", "풍경호")]
    assert lists["기타 참석자"] == [("감사관", "서지우")]
    assert lists["기록 담당 공무원"] == [("속기사", "남궁다은")]
    assert not [d for d in plenary.diagnostics if d.severity != "info"]


def test_a_heading_the_cover_does_not_list_joins_the_headings_above_it() -> None:
    text = (SAMPLES / "assembly-multi-item.txt").read_text(encoding="utf-8").replace(
        "가. 행정안전부\n나. 예시청\n◯위원장 배수진 다음은", "가. 행정안전부\n나. 예시청\n5. 추가된 안건\n◯위원장 배수진 다음은")
    record = parse_text(text)
    assert record.turns[6].section == f"{QUESTIONS} / 5. 추가된 안건"
    assert record.turns[6].agenda_items == ["4", "가", "나", "5"]


def test_a_heading_wrapped_right_up_to_a_speaker_line_is_whole_in_the_turns_section() -> None:
    text = ("제400회국회\n예시위원회회의록\n일 시 2024년3월4일(월)\n\n의사일정\n1. 가 법률안(의안번호 1)\n\n"
            "(10시00분 개의)\n◯위원장 홍길동 상정합니다.\n1. 가 법률안\n(의안번호 1)\n◯김철수 위원 질의합니다.\n")
    record = parse_text(text)
    assert record.turns[1].section == "1. 가 법률안(의안번호 1)" == record.sections[0].title  # as on the cover
    assert record.notes[-1].text == "10시00분 개의"  # the wrapped part is no note
