"""The ◯/○ format's pieces: designations, notes, attendance, detection."""

from __future__ import annotations

import pytest

from minutes_extract import parse_text
from minutes_extract.formats.assembly.attendance import attendance
from minutes_extract.formats.assembly.lines import note_kind, split_speaker_line
from minutes_extract.formats.assembly.tree import AppendixBlock


@pytest.mark.parametrize(
    ("rest", "role", "name", "speech"),
    [
        ("위원장 최민희 의석을 정돈하여 주시기 바랍니다.", "위원장", "최민희", "의석을 정돈하여 주시기 바랍니다."),
        ("노종면 위원 김현 위원님을 추천합니다.", "위원", "노종면", "김현 위원님을 추천합니다."),
        ("조정위원장직무대행 최민희 의석을", "조정위원장직무대행", "최민희", "의석을"),
        ("과학기술정보통신부장관 유상임 답변드리겠습니다.", "과학기술정보통신부장관", "유상임", "답변드리겠습니다."),
        ("증인 이종호 예.", "증인", "이종호", "예."),
        ("위원장김석기 의석을 정돈해", "위원장", "김석기", "의석을 정돈해"),
        ("유동수위원", "위원", "유동수", ""),
        ("국민권익위원회부위원장겸사무처장 정승윤 말씀드리겠습니다.", "국민권익위원회부위원장겸사무처장", "정승윤",
         "말씀드리겠습니다."),
        ("위원장 \uf9c9成龍 개의합니다.", "위원장", "\uf9c9成龍", "개의합니다."),
        ("전문위원 정해찬  바로 시작하겠습니다.", "전문위원", "정해찬", "바로 시작하겠습니다."),
    ],
)
def test_split_speaker_line(rest: str, role: str, name: str, speech: str) -> None:
    designation = split_speaker_line(rest)
    assert (designation.role, designation.name, designation.speech) == (role, name, speech)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("14시06분 개의", "open"), ("20시09분", "time"), ("12시05분 회의중지", "recess"),
        ("14시33분 계속개의", "resume"), ("20시17분 산회", "close"), ("「예」 하는 위원 있음", "vote"),
        ("“없습니다.” 하는 위원 있음", "vote"), ("일동 기립", "other"),
        ("최민희 조정위원장직무대행, 김현 조정위원장과 사회교대", "chair-change"),
        ("보고사항은 끝에 실음", "report"), ("비공개 회의 부분은 게재하지 않음", "closed-session"),
    ],
)
def test_note_kinds(text: str, kind: str) -> None:
    assert note_kind(text) == kind


def test_letter_spaced_names_in_attendance() -> None:
    block = AppendixBlock(title="출석 위원(4인)", start=1, lines=[("김 현 노종면 이해민 최민희", 2)])
    people, stated = attendance(block)
    assert [p.name for p in people] == ["김현", "노종면", "이해민", "최민희"]
    assert stated == 4


MINUTES = """제415회국회
(임시회)
테스트위원회회의록
제 5 호
일 시 2024년6월25일(화)
장 소 테스트위원회회의실
의사일정
1. 첫째 안건의 건
(14시06분 개의)
◯위원장 홍길동 성원이 되었으므로 제415회 국회 제5차 테스트위원회를 개의하겠습니다.
1. 첫째 안건의 건
◯위원장 홍길동 의사일정 제1항을 상정합니다.
이의 없으십니까?
(「예」 하는 위원 있음)
가결되었음을 선포합니다.
◯김철수 위원 한 말씀 드리겠습니다.
◯위원장홍길동 산회를 선포합니다.
(14시30분 산회)
◯출석 위원(2인)
홍길동 김철수
"""


def test_small_assembly_document() -> None:
    record = parse_text(MINUTES)
    assert record.source.profile == "assembly"
    m = record.meeting
    assert (m.session, m.sitting, m.date, m.weekday, m.committee, m.place) == (
        415, 5, "2024-06-25", "화", "테스트위원회", "테스트위원회회의실")
    assert (m.start_time, m.end_time, m.agenda) == ("14:06", "14:30", ["1. 첫째 안건의 건"])
    assert [t.speaker.label for t in record.turns] == ["위원장 홍길동", "위원장 홍길동", "김철수 위원", "위원장홍길동"]
    assert [len(t.remarks) for t in record.turns] == [1, 3, 1, 1]
    assert record.turns[1].section == "1. 첫째 안건의 건"
    assert [n.kind for n in record.notes] == ["open", "vote", "close"]
    assert record.notes[1].turn == 2  # the second turn: numbers from 1, as in the tables
    assert [s.name for s in record.speakers] == ["홍길동", "김철수"]
    assert record.speakers[0].turns == 3 and record.speakers[0].labels == ["위원장 홍길동", "위원장홍길동"]
    assert record.appendix[0].stated_count == 2 and len(record.appendix[0].people) == 2
    assert [p.name for p in m.attendees] == ["홍길동", "김철수"]
    forced = parse_text(MINUTES, profile="seoul-committee")
    assert forced.source.profile == "seoul-committee" and forced.turns == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("계속개의되지 않았음", "other"), ("일동 기립", "other"), ("의원 기립", "other"), ("일동 착석", "other"),
        ("찬성 의원 기립", "vote"), ("15시00분 개식", "open"), ("15시24분 폐식", "close"),
        ("비공개 회의 부분은 게재하지 않음", "closed-session"), ("이인숙 위원 거수", "other"),
    ],
)
def test_note_kinds_read_negations_and_ceremony(text: str, kind: str) -> None:
    assert note_kind(text) == kind


PLENARY_NOTES = """제89회 예시시의회(임시회)
본회의회의록
제1호
일 시 2024년8월26일(월)
(15시00분 개식)
◯의장 홍길동 개식을 선언합니다.
(일동 기립)
(일동 착석)
(14시18분 비공개회의개시) (16시21분 비공개회의종료)
◯의장 홍길동 정회를 선포합니다.
(계속개의되지 않았음)
1. 조례안 ··············· 3
2. 예산안 ………………………… 5
(15시24분 폐식)
◯보고사항
(2024. 5. 31. 정부 제출)(의안번호 2200051)
"""


def test_plenary_notes() -> None:
    record = parse_text(PLENARY_NOTES)
    assert [(n.kind, n.text) for n in record.notes] == [
        ("open", "15시00분 개식"), ("other", "일동 기립"), ("other", "일동 착석"),
        ("closed-session", "14시18분 비공개회의개시"), ("closed-session", "16시21분 비공개회의종료"),
        ("other", "계속개의되지 않았음"), ("close", "15시24분 폐식"),
    ]
    assert (record.meeting.start_time, record.meeting.end_time) == ("15:00", "15:24")
    # a table of contents never becomes speech, a note or a heading
    assert all("···" not in r.text and "……" not in r.text for t in record.turns for r in t.remarks)
    assert record.sections == []
    assert [line.text for line in record.front_matter][-2:] == ["1. 조례안 ··············· 3", "2. 예산안 ………………………… 5"]
    # in the appendix a bill's line in parentheses is a row of the list, not a note
    assert record.appendix[0].lines == ["(2024. 5. 31. 정부 제출)(의안번호 2200051)"]


def test_a_speech_trailing_off_is_no_table_of_contents() -> None:
    text = PLENARY_NOTES.replace("◯의장 홍길동 정회를 선포합니다.", "◯의장 홍길동 그러니까 그게......\n말씀하신 대로……")
    record = parse_text(text)
    chair = [t for t in record.turns if t.speaker.name == "홍길동"][-1]
    assert [r.text for r in chair.remarks] == ["그러니까 그게......", "말씀하신 대로……"]
