"""Page furniture: removed and reported, never mistaken for content."""

from __future__ import annotations

from minutes_extract import parse_text

BODY = "\n".join(f"- 발언 {i}번째 내용임." for i in range(1, 40))


def test_form_feed_pages_headers_and_footers() -> None:
    pages = [f"서울시 위원회 회의록 {n}\n\n〈위원장〉\n\n{BODY}\n\n- {n} -" for n in range(1, 5)]
    record = parse_text("\n\f".join(pages))
    kinds = sorted({(f.kind, f.text) for f in record.source.furniture})
    assert ("page-number", "- 1 -") in kinds
    assert ("running-header", "서울시 위원회 회의록 2") in kinds
    assert record.source.page_breaks == 3
    assert len(record.turns) == 4
    assert all(len(t.remarks) == 39 for t in record.turns)
    furniture_lines = {f.line for f in record.source.furniture}
    assert all(t.span.start_line not in furniture_lines for t in record.turns)


def test_running_footer_by_position() -> None:
    pages = [f"〈위원{n}〉\n\n{BODY}\n\n스마트도시위원회 사무국" for n in range(1, 4)]
    record = parse_text("\n\f".join(pages))
    assert {f.kind for f in record.source.furniture} == {"running-footer"}
    assert len(record.source.furniture) == 3


def test_unpaged_repeats_keep_title_and_years() -> None:
    text = "\n".join([
        "2022년 제4차 「스마트도시위원회」 회의록", "", "2022", "", "〈위원장〉", "",
        "- 첫 발언", "", "2022년 제4차 「스마트도시위원회」 회의록", "", "- 둘째 발언", "",
        "2022년 제4차 「스마트도시위원회」 회의록", "", "- 셋째 발언", "",
        "2022년 제4차 「스마트도시위원회」 회의록", "",
    ])
    record = parse_text(text)
    assert record.meeting.title == "2022년 제4차 「스마트도시위원회」 회의록"
    assert [f.line for f in record.source.furniture] == [9, 13, 17]
    assert [line.text for line in record.front_matter] == ["2022년 제4차 「스마트도시위원회」 회의록", "2022"]
    assert [r.text for r in record.turns[0].remarks] == ["첫 발언", "둘째 발언", "셋째 발언"]


def test_page_break_inside_a_remark_rejoins() -> None:
    text = "〈위원장〉\n\n- 이 문장은 페이지가\n\n- 7 -\n\f머리말 8\n\n바뀌어도 하나임.\n\f머리말 9\n\n- 끝\n"
    record = parse_text(text)
    assert [r.text for r in record.turns[0].remarks] == ["이 문장은 페이지가 바뀌어도 하나임.", "끝"]
    assert record.turns[0].remarks[0].span.end_line == 8


def test_numbers_inside_text_are_not_page_numbers() -> None:
    record = parse_text("〈위원장〉\n\n- 예산은\n3\n억 원임.\n")
    assert record.source.furniture == []
    assert record.turns[0].remarks[0].text == "예산은 3 억 원임."
