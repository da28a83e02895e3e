"""The ◯/○ format on the corpus: every speaker line a turn and nothing else, typed notes,
meeting fields, attendance counts (issue 4, first part)."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest

from minutes_extract import MinutesRecord, parse_file

NA = {
    "na-foreign-2024-07-17-full": (416, 1, "2024-07-17", "외교통일위원회"),
    "na-policy-2024-10-08-short": (418, 3, "2024-10-08", "정무위원회"),
    "na-sci-ict-2024-06-25-adjust": (415, 1, "2024-06-25", "과학기술정보방송통신위원회"),
    "na-sci-ict-2024-09-03-bill-sub": (418, 1, "2024-09-03", "과학기술정보방송통신위원회"),
    "na-sci-ict-2025-09-10-petition": (429, 1, "2025-09-10", "과학기술정보방송통신위원회"),
}
APPENDIX_START = re.compile(r"^(?:## )?[◯○](?:출석|청가|결석)")
RUNNING_HEADER = re.compile(r"제\d+회-\S*제\d+차\(\d{4}년\d+월\d+일\)")
NOTE = re.compile(r"^\(.*(?:\d+시\d+분|개의|산회|하는 위원 있음|사회교대|실음)\)$")


def speaker_lines(lines: list[str]) -> int:
    """◯ lines before the attendance appendix (`◯출석 위원(4인)` …), which are all speakers."""
    count = 0
    for line in lines:
        if APPENDIX_START.match(line):
            break
        count += line.lstrip("# ")[:1] in "◯○" and len(line.strip()) > 1
    return count


def speaker_lines_in(path: Path) -> int:
    """Count ◯ speaker lines from the PDF's own characters, independently of our engines."""
    with pdfplumber.open(path) as document:
        return speaker_lines([line for page in document.pages
                              for line in (page.extract_text(x_tolerance=1.5) or "").splitlines()])


def record_of(corpus: Path, name: str) -> tuple[Path, MinutesRecord]:
    path = corpus / "national-assembly" / name / "minutes.pdf"
    if not path.is_file():
        pytest.fail(f"corpus PDF missing: {path}")
    return path, parse_file(path)


@pytest.mark.parametrize("name", sorted(NA))
def test_every_speaker_line_is_a_turn(corpus: Path, name: str) -> None:
    path, record = record_of(corpus, name)
    assert record.source.profile == "assembly"
    assert len(record.turns) == speaker_lines_in(path)
    assert all(turn.speaker.label and turn.span.page_start for turn in record.turns)


@pytest.mark.parametrize("name", sorted(NA))
def test_notes_are_not_speech_and_meeting_is_filled(corpus: Path, name: str) -> None:
    _, record = record_of(corpus, name)
    headers = {f.text for f in record.source.furniture}
    assert headers
    for turn in record.turns:
        for remark in turn.remarks:
            assert not NOTE.match(remark.text), remark.text
            assert not RUNNING_HEADER.search(remark.text), remark.text
            assert not any(header in remark.text for header in headers)
    kinds = {note.kind for note in record.notes}
    assert {"open", "close"} <= kinds
    session, sitting, date, committee = NA[name]
    m = record.meeting
    assert (m.session, m.sitting, m.date, m.committee) == (session, sitting, date, committee)
    assert m.place and m.agenda and m.start_time and m.end_time
    for section in record.appendix:
        if section.stated_count is not None:
            assert len(section.people) == section.stated_count, section.title
    # the published minutes are well formed: no warning of the ◯ format's own checks
    assert not [d for d in record.diagnostics if d.code in ("ST002", "MD001", "ST015", "ST016", "IN008")]


def test_glued_and_role_first_designations(corpus: Path) -> None:
    _, record = record_of(corpus, "na-sci-ict-2024-06-25-adjust")
    speakers = {(t.speaker.role, t.speaker.name) for t in record.turns}
    assert ("조정위원장직무대행", "최민희") in speakers
    assert ("위원", "노종면") in speakers
    assert ("조정위원장", "김현") in speakers
    _, foreign = record_of(corpus, "na-foreign-2024-07-17-full")
    acting = ("민주평화통일자문회의사무처장직무대리", "동승철")  # 직무대리: an acting head's role
    assert acting in {(t.speaker.role, t.speaker.name) for t in foreign.turns}
    # `◯권칠승 위원 (자료를 들어 보이며)`: the direction is a note of that turn, not speech
    shown = [n for n in foreign.notes if n.text == "자료를 들어 보이며"]
    on_speaker_line = [n for n in shown if n.turn is not None
                       and foreign.turns[n.turn - 1].span.start_line == n.span.start_line]
    assert "권칠승" in {foreign.turns[n.turn - 1].speaker.name for n in on_speaker_line}
    assert all(n.span.page_start for n in foreign.notes)  # notes know their page too
    assert not any(r.text.startswith("(자료를") for t in foreign.turns for r in t.remarks)
    _, policy = record_of(corpus, "na-policy-2024-10-08-short")
    assert ("위원", "유동수") in {(t.speaker.role, t.speaker.name) for t in policy.turns}
    chair = next(s for s in record.speakers if s.name == "김현")
    assert {"조정위원장"} <= set(chair.roles)


def test_council_markdown(corpus: Path) -> None:
    path = corpus / "local-council" / "cheongju-ethics-2024-08-26" / "minutes.md"
    record = parse_file(path)
    text = path.read_text(encoding="utf-8")
    expected = speaker_lines(text.splitlines())
    assert record.source.profile == "assembly"
    assert len(record.turns) == expected
    m = record.meeting
    assert (m.session, m.sitting, m.date, m.weekday, m.committee) == (89, 1, "2024-08-26", "월", "윤리특별위원회")
    assert m.start_time == "12:03"
    assert m.extra["front_matter.id"] == "minutes-3453"
    assert any(note.text.startswith("홍순철 위원장직무대행 등단") for note in record.notes)
    members = record.appendix[0]
    assert members.stated_count == 7 and len(members.people) == 7  # names glued without spaces


def test_cover_agenda_and_sections_of_multi_item_minutes(corpus: Path) -> None:
    """57 bills on the cover, some wrapped and some glued by extraction; listed again in the
    body and taken up together: one section of all 57 for the turns that follow."""
    _, bills = record_of(corpus, "na-sci-ict-2024-09-03-bill-sub")
    numbers = [str(n) for n in range(1, 58)]
    assert [item.split(".")[0] for item in bills.meeting.agenda] == numbers
    assert all(item.count("(의안번호") == 1 for item in bills.meeting.agenda)
    after = [t for t in bills.turns if t.agenda_items]
    assert after and all(t.agenda_items == numbers for t in after)
    assert not [n for n in bills.notes if "의안번호" in n.text]  # a wrapped heading's part is no note
    _, petitions = record_of(corpus, "na-sci-ict-2025-09-10-petition")
    assert [item.split(".")[0] for item in petitions.meeting.agenda] == ["1", "2", "3", "4", "5", "6"]
    _, foreign = record_of(corpus, "na-foreign-2024-07-17-full")
    assert {tuple(t.agenda_items) for t in foreign.turns} == {(), ("1",), ("2", "가", "나", "다", "라")}
    for record in (bills, petitions, foreign):
        assert not [r for t in record.turns for r in t.remarks if "·····" in r.text]  # dot leaders
        assert not [n for n in record.notes if ")(" in n.text]  # two notes on a line are two notes
