"""Small pieces of the core, each on the cases real minutes contain."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from minutes_extract import parse_text
from minutes_extract.formats import assembly
from minutes_extract.formats.assembly import _names_speaker
from minutes_extract.formats.assembly import lines as assembly_lines
from minutes_extract.formats.seoul.builder import _ENUMERATOR, split_enumerator
from minutes_extract.formats.seoul.lines import Kind, classify
from minutes_extract.text.join import join_text, without_spaces
from minutes_extract.text.people import parse_people, parse_speaker, split_person


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("임규건 위원장", "임규건", "위원장"),
        ("강요식 서울디지털재단 이사장", "강요식", "서울디지털재단 이사장"),
        ("위원장 홍길동", "홍길동", "위원장"),
        ("박석 위원", "박석", "위원"),
        ("디지털정책담당관 주무관", None, "디지털정책담당관 주무관"),
        ("서울기록원 운영지원과장", None, "서울기록원 운영지원과장"),
        ("디지털수석", None, "디지털수석"),
        ("위원장", None, "위원장"),
        ("남궁민수 위원", "남궁민수", "위원"),
    ],
)
def test_split_person(text: str, name: str | None, role: str | None) -> None:
    person = split_person(text)
    assert (person.name, person.role) == (name, role)


@pytest.mark.parametrize(
    ("label", "role", "name", "anonymized"),
    [
        ("○○○ 위원", "위원", None, True),
        ("◯◯◯ 위원", "위원", None, True),
        ("OOO 위원", "위원", None, True),
        ("김○○ 위원", "위원", None, True),
        ("간사", "간사", None, False),
        ("서울시장", "서울시장", None, False),
        ("서울디지털재단 혁신사업본부장", "서울디지털재단 혁신사업본부장", None, False),
        ("홍길동 위원", "위원", "홍길동", False),
    ],
)
def test_parse_speaker(label: str, role: str, name: str | None, anonymized: bool) -> None:
    speaker = parse_speaker(label)
    assert (speaker.role, speaker.name, speaker.anonymized) == (role, name, anonymized)
    assert speaker.label == label


def test_parse_people_with_open_count() -> None:
    people, count, open_ended = parse_people("디지털수석, 정보공개담당관, 서울기록원 운영지원과장 등 15명")
    assert [p.role for p in people] == ["디지털수석", "정보공개담당관", "서울기록원 운영지원과장"]
    assert (count, open_ended) == (15, True)


@pytest.mark.parametrize(
    ("left", "right", "joined"),
    [
        ("중·", "장년층", "중·장년층"),
        ("DR센터를", "분할하여", "DR센터를 분할하여"),
        ("(Leaders in", "Urban", "(Leaders in Urban"),
        ("바람", ".", "바람."),
        ("「", "스마트도시위원회」", "「스마트도시위원회」"),
        ("발언", "(영상)", "발언 (영상)"),
    ],
)
def test_join_text(left: str, right: str, joined: str) -> None:
    assert join_text(left, right) == joined


@pytest.mark.parametrize(
    ("text", "label", "rest"),
    [
        ("〔1〕 바르셀로나", "〔1〕", "바르셀로나"),
        ("(2) 메타버스", "(2)", "메타버스"),
        ("3. 디지털", "3.", "디지털"),
        ("가. 보고", "가.", "보고"),
        ("① 첫째", "①", "첫째"),
        ("1,000개 기업", None, "1,000개 기업"),
        ("(4건) 보고", None, "(4건) 보고"),
        ("〔1〕", None, "〔1〕"),
    ],
)
def test_split_enumerator(text: str, label: str | None, rest: str) -> None:
    assert split_enumerator(text) == (label, rest)


@given(st.text(alphabet=st.sampled_from("〔［[(（)]〕］）.1２٣①⑳⑴가나하갸 \t-·a"), max_size=8)
       | st.text(max_size=8))
def test_split_enumerator_skips_only_what_its_pattern_could_not_match(text: str) -> None:
    """The first-character shortcut is only a shortcut: the pattern alone says the same."""
    match = _ENUMERATOR.match(text)
    by_pattern = (None, text) if not match or match.end() == len(text) else (
        match.group(1).replace(" ", ""), text[match.end():])
    assert split_enumerator(text) == by_pattern


@given(st.lists(st.text(alphabet=st.sampled_from("◯○〇#  \t\u3000가위원장의 ."), max_size=10), max_size=12))
def test_assembly_score_counts_what_names_a_speaker(lines: list[str]) -> None:
    """The score's first-character shortcut counts the lines `_names_speaker` accepts."""
    speakers = sum(1 for line in lines if line and _names_speaker(line))
    assert assembly.score(lines) == (speakers if speakers >= 2 else 0)


@given(st.text(alphabet=st.sampled_from(" \t\n\x1c\x85\u00a0\u2028\u3000\u200b회의개요"), max_size=12) | st.text())
def test_without_spaces_removes_what_the_whitespace_pattern_matches(text: str) -> None:
    assert without_spaces(text) == re.sub(r"\s+", "", text)


_ASSEMBLY_ALPHABET = st.sampled_from(["◯", "○", "〇", "#", "##", " ", "  ", "\t", "출석", "위원", "(4인)", "의장",
                                       "홍길동", "보고사항", "제출", "가", ".", "(", ")", "1."])


@given(st.lists(_ASSEMBLY_ALPHABET, max_size=8).map("".join))
@example("## 출석 의원")
@example("◯출석 위원(4인)")
@example("### ◯의장 홍길동  개의하겠습니다")
@example("## ○ 보고사항")
@example("(14시 개의)")
def test_assembly_shortcuts_agree_with_the_patterns(line: str) -> None:
    """The first-character shortcuts (a `## ` prefix looked for only after a #, the appendix
    test without a Line) say what the patterns and `classify` say."""
    body = assembly_lines.MARKDOWN_HEADING.sub("", line.strip(), count=1)
    by_pattern = body[1:].strip() if body[:1] in assembly_lines.SPEAKER_MARKS and len(body) > 1 else None
    assert assembly_lines.speaker_rest(line) == by_pattern
    assert assembly_lines.speaker_mark(line) == body[:1]
    assert assembly_lines.speaker_parts(line) == (None if by_pattern is None else (body[:1], by_pattern))
    found = assembly_lines.classify(line)
    assert assembly_lines.opens_appendix(line) == (found is not None and found.appendix_heading)


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("〈위원장〉", Kind.HEADER),
        ("\u2329위원장\u232a", Kind.HEADER),
        ("<위원장>", Kind.HEADER),
        ("＜위원장＞", Kind.HEADER),
        ("- 발언", Kind.BULLET),
        (" - 〔1〕 항목", Kind.NESTED),
        ("□ 위원 발언 내용", Kind.SECTION),
        ("분할하여 구성하는", Kind.TEXT),
        ("-3-", Kind.TEXT),
        ("<!DOCTYPE html>", Kind.TEXT),  # markup, not a speaker header
        ("<위원장>", Kind.HEADER),
        ("", Kind.BLANK),
    ],
)
def test_classify(line: str, kind: Kind) -> None:
    assert classify(line).kind is kind


OVERVIEW = """2023년 제2차 「테스트위원회」 회의록

〈회의개요〉

- ◆ 일 시 : {date}
- ◆ 참석위원 : 3명
 - 김철수 위원장, 이영희 위원
- ※ 배석 : 기획관, 담당관 등 1명
- ◆ 회의형식 : 대면

〈위원장〉

- 개회
"""


def codes(text: str) -> list[str]:
    return [d.code for d in parse_text(text).diagnostics]


def test_metadata_diagnostics() -> None:
    found = codes(OVERVIEW.format(date="2023. 6. 14.(목) 14:00~12:30"))
    assert "MD001" in found  # 3명 stated, 2 listed
    assert "MD002" in found  # 등 1명 but 2 listed
    assert "MD003" in found  # 2023-06-14 is a Wednesday
    assert "MD004" in found  # ends before it starts
    clean = codes(OVERVIEW.format(date="2023년 6월 14일(수) 오후 2시 ~ 오후 4시 30분"))
    assert not {"MD003", "MD004", "MD005"} & set(clean)
    record = parse_text(OVERVIEW.format(date="2023년 6월 14일(수) 오후 2시 ~ 오후 4시 30분"))
    assert (record.meeting.date, record.meeting.start_time, record.meeting.end_time) == (
        "2023-06-14", "14:00", "16:30")
    assert record.meeting.extra == {"회의형식": "대면"}
    assert record.meeting.committee == "테스트위원회" and record.meeting.sitting == 2
    assert "MD005" in codes(OVERVIEW.format(date="미정"))


def test_structure_diagnostics() -> None:
    text = "〈회의개요〉\n\n- ◆ 장소 : 회의실\n\n□ 발언\n\n떠도는 문장\n\n〈위원장〉\n\n〈위원장〉\n\n - 〔1〕 고아\n\n〈서기〉\n\n〈간사\n\n발언\n"
    found = codes(text)
    for code in ("ST002", "ST003", "ST004", "ST006", "ST007", "ST008"):
        assert code in found, code


def test_word_joiner_glues_a_break_inside_a_word_the_document_writes_whole() -> None:
    from minutes_extract.text.join import WordJoiner

    lines = ["1. 가 법률안(의안번호 1)", "2. 나 법률안(의안", "번호 2)", "3. 다 법률안(정부", "제출)"]
    joiner = WordJoiner(lines)
    assert joiner.join_all(lines[1:3]) == "2. 나 법률안(의안번호 2)"  # 의안번호 is written whole above
    assert joiner.join_all(lines[3:5]) == "3. 다 법률안(정부 제출)"  # 정부제출 is not


@pytest.mark.parametrize(
    ("lines", "pieces", "joined"),
    [
        # the glued word written whole elsewhere, the two pieces never side by side: glued
        (["3. 다 규칙안(의안번호 3)", "4. 라 규칙안(의안", "번호 4)"], (1, 3), "4. 라 규칙안(의안번호 4)"),
        # written whole and also as two words elsewhere: the document does both, so a space
        (["규칙안(의안번호 3)", "규칙안(의안 번호 5)", "4. 라 규칙안(의안", "번호 4)"], (2, 4),
         "4. 라 규칙안(의안 번호 4)"),
        # only inside a longer word (`…번호:`): not one of the document's words, so a space
        (["규칙안(의안번호:3)", "4. 라 규칙안(의안", "번호 4)"], (1, 3), "4. 라 규칙안(의안 번호 4)"),
        # nothing written whole: a space
        (["4. 라 규칙안(의안", "번호 4)"], (0, 2), "4. 라 규칙안(의안 번호 4)"),
    ],
)
def test_word_joiner_reads_the_documents_words(lines: list[str], pieces: tuple[int, int], joined: str) -> None:
    from minutes_extract.text.join import WordJoiner

    assert WordJoiner(lines).join_all(lines[pieces[0]:pieces[1]]) == joined


def test_wrapped_agenda_heading_is_joined_as_the_cover_writes_it() -> None:
    """An Assembly text of my own: the cover lists the item whole, the body wraps its heading
    inside a word; the section title is glued there, and no line is lost."""
    text = ("제1차 규칙위원회 회의록\n\n의사일정\n1. 가 규칙안(의안번호 101)\n2. 나 규칙안(의안번호 102)\n\n"
            "◯위원장 홍길동 개의하겠습니다.\n1. 가 규칙안(의안\n번호 101)\n◯김철수 위원 질의합니다.\n"
            "2. 나 규칙안(의안\n번호 102)\n◯위원장 홍길동 산회를 선포합니다.\n")
    record = parse_text(text)
    assert [s.title for s in record.sections] == ["1. 가 규칙안(의안번호 101)", "2. 나 규칙안(의안번호 102)"]
    assert [t.section for t in record.turns][1:] == ["1. 가 규칙안(의안번호 101)", "2. 나 규칙안(의안번호 102)"]


@given(st.text(alphabet=st.sampled_from(
    ["가", " ", "\n", "\t", "\f", "\u00a0", "\u3000", "\u200b", "\ufeff", "\x07", "\u2028", "\ue000",
     "\u0378", "\r", "a"]), max_size=16) | st.text())
def test_the_printable_test_finds_every_odd_character(text: str) -> None:
    """normalise asks whether each line is printable before searching for odd characters:
    the answer is the search's."""
    from minutes_extract.text.normalise import _ODD_RE, _has_odd_characters

    assert _has_odd_characters(text, text.split("\n")) == (_ODD_RE.search(text) is not None)


def test_no_odd_character_is_printable() -> None:
    """The premise of that test: a character added to the odd ones must be one Python does
    not print, or normalise would miss it in a printable line."""
    from minutes_extract.text.normalise import INVISIBLE, ODD_SPACE

    assert [hex(ord(c)) for c in ODD_SPACE + INVISIBLE + "\f" if c.isprintable()] == []
