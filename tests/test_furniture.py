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


# -- nothing real is taken for furniture (issue 12) -------------------------------------------
ASSEMBLY_COVER = "제400회국회\n(임시회)\n예시위원회회의록\n제1호\n일 시 2024년3월4일(월)\n장 소 예시위원회회의실\n"


def test_repeated_markdown_speaker_headings_are_kept() -> None:
    """`### 의장 조정식` before every speech repeats, but it is a heading, never furniture."""
    text = "# 제1차 본회의 회의록\n\n" + "\n".join(
        f"### 의장 조정식\n\n{n}번째 안건을 상정합니다.\n\n### 김철수 의원\n\n찬성합니다.\n" for n in range(1, 6))
    record = parse_text(text)
    assert record.source.furniture == []
    labels = [turn.speaker.label for turn in record.turns]  # (once kept as cover text, now turns)
    assert labels.count("의장 조정식") == 5 and labels.count("김철수 의원") == 5
    assert [line.text for line in record.front_matter] == ["제1차 본회의 회의록"]


def test_a_recurring_agenda_heading_is_kept_and_files_the_turns_after_it() -> None:
    resumed = "\n".join(
        f"\n1. 예시부 현안질의\n\n◯위원장 홍길동 {n}차 질의를 계속하겠습니다.\n\n◯김철수 위원 질의합니다.\n"
        f"\no 의사일정 변경의 건\n\n◯위원장 홍길동 의사일정을 변경합니다.\n" for n in range(1, 13))
    record = parse_text(ASSEMBLY_COVER + "(10시00분 개의)\n" + resumed)
    assert record.source.furniture == []
    sections = [turn.section for turn in record.turns]
    assert sections == ["1. 예시부 현안질의", "1. 예시부 현안질의", "o 의사일정 변경의 건"] * 12


def test_repeated_cells_of_an_appendix_table_are_kept() -> None:
    rows = "\n".join("\n통일부훈령\n\n제정 2024. 3. 4.\n" for _ in range(4))
    text = ASSEMBLY_COVER + "◯위원장 홍길동 개의합니다.\n◯김철수 위원 질의합니다.\n◯행정입법 제출 현황\n" + rows
    record = parse_text(text)
    assert record.source.furniture == []
    assert record.appendix[0].lines.count("통일부훈령") == 4


def test_repetition_alone_is_no_furniture_but_beside_page_numbers_it_is() -> None:
    body = "\n".join(f"〈위원{n}〉\n\n- 발언 {n}.\n\n예산 현황\n" for n in range(1, 5))
    record = parse_text(body)
    assert record.source.furniture == []  # a repeated short line is not a running header by itself
    paged = "\n".join(f"예산 현황\n\n〈위원{n}〉\n\n- 발언 {n}.\n\n- {n} -\n" for n in range(1, 5))
    record = parse_text(paged)
    assert [(f.kind, f.text) for f in record.source.furniture if f.kind != "page-number"] == [
        ("running-header", "예산 현황")] * 4


def test_removals_that_take_much_of_the_text_are_a_warning() -> None:
    turns = "\n".join(f"\n예시위원회 회의록\n\n〈위원{n}〉\n\n- 발언 {n}." for n in range(1, 8))
    record = parse_text(turns)
    assert len(record.source.furniture) == 6  # the first is the title page's title
    assert [d.code for d in record.diagnostics if d.severity == "warning"] == ["IN011"]
    remarks = "\n".join(f"- 발언 {k}." for k in range(10))
    few = "\n".join(f"〈위원{n}〉\n\n{remarks}\n\n예시위원회 회의록 {n}쪽\n" for n in range(1, 8))
    record = parse_text(few)
    assert len(record.source.furniture) == 7 and "IN011" not in {d.code for d in record.diagnostics}


def test_pdf_furniture_that_reads_as_minutes_is_a_warning() -> None:
    """A PDF's furniture is found by position; a removed line shaped like a speaker line says so."""
    from minutes_extract.inputs.document import Document
    from minutes_extract.models import FurnitureLine
    from minutes_extract.parser import parse

    text = ASSEMBLY_COVER + "◯위원장 홍길동 개의합니다.\n◯김철수 위원 질의합니다.\n"
    lines = text.count("\n")
    removed = (FurnitureLine(kind="running-header", text="◯위원장 홍길동", page=2),
               FurnitureLine(kind="page-number", text="- 1 -", page=1))
    document = Document(text=text, path="x.pdf", sha256="0" * 64, source_format="pdf", pages=2,
                        line_pages=((1, 1),) * lines, furniture=removed)
    found = [(d.code, d.page) for d in parse(document).diagnostics if d.code == "IN011"]
    assert found == [("IN011", 2)]
