"""HTML input: told by content, decoded by its charset, the Assembly viewer read by structure,
any other page read as block lines; broken markup never raises and never loses a word."""

from __future__ import annotations

import codecs
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import SAMPLES
from minutes_extract import parse_bytes
from minutes_extract.errors import ExitCode, InputError
from minutes_extract.inputs import read_document
from minutes_extract.inputs.document import ReadOptions
from minutes_extract.inputs.html import is_html, read_html
from minutes_extract.inputs.html.sniff import declared_charset
from minutes_extract.inputs.html.tree import BLOCK, HIDDEN

VIEWER = SAMPLES / "assembly-viewer.html"
COUNCIL = SAMPLES / "council-page.html"


def read(html: str | bytes, path: str = "page.html"):
    data = html.encode("utf-8") if isinstance(html, str) else html
    return read_html(data, path, ReadOptions())


def viewer_page(body: str, footer: str = "") -> str:
    return (f'<html><body><div class="minutes_header"><h1>가온위원회회의록</h1></div>'
            f'<div class="minutes_body">{body}</div><div class="minutes_footer">{footer}</div></body></html>')


def speaker(name: str, pos: str, mem_id: str, *paragraphs: str) -> str:
    spans = "".join(f'<span class="spk_sub">{p}</span><br/>' for p in paragraphs)
    return (f'<div class="speaker" data-name="{name}" data-pos="{pos}" data-mem_id="{mem_id}">'
            f'<div class="man"><span class="position">{pos}</span><strong class="name">{name}</strong></div>'
            f'<div class="talk"><div class="txt">{spans}</div></div></div>')


# --- the Assembly viewer ---------------------------------------------------------------------

def test_viewer_sample_structure() -> None:
    record = parse_bytes(VIEWER.read_bytes(), str(VIEWER))
    assert record.source.format == "html" and record.source.profile == "assembly"
    assert [(t.speaker.role, t.speaker.name, len(t.remarks)) for t in record.turns] == [
        ("위원장", "주하람", 1), ("위원장", "주하람", 1), ("해양수산부차관", "방소율", 3), ("위원", "석도윤", 1),
        ("해양수산부차관", "방소율", 1), ("위원장", "주하람", 1), ("위원", "모가온", 2), ("위원장", "주하람", 2),
    ]
    assert [s.title for s in record.sections] == ["1. 연안 어장 복원 현황 보고", "2. 수산물 유통구조 개선에 관한 청원"]
    assert [t.section for t in record.turns][1:3] == ["1. 연안 어장 복원 현황 보고"] * 2
    assert [(n.kind, n.text) for n in record.notes if n.kind != "vote"] == [
        ("open", "14시03분 개의"), ("recess", "14시40분 회의중지"), ("resume", "14시55분 계속개의"),
        ("close", "15시20분 산회")]
    assert record.meeting.session == 423 and record.meeting.sitting == 2
    assert record.meeting.date == "2025-04-08" and record.meeting.place == "해양수산자원위원회회의실"
    assert record.meeting.start_time == "14:03" and record.meeting.end_time == "15:20"
    assert [p.name for p in record.meeting.attendees] == ["모가온", "석도윤", "주하람"]
    assert record.meeting.attendee_count == 3
    assert [a.title for a in record.appendix] == ["출석 위원(3인)", "출석 전문위원", "정부측 및 기타 참석자"]
    assert not [d for d in record.diagnostics if d.severity != "info"]


def test_viewer_member_ids_reach_the_record() -> None:
    document = read(VIEWER.read_bytes())
    # `data-mem_id="0"` (a minister) is no id; each person once
    assert document.member_ids == (("주하람", "위원장", "7101"), ("석도윤", "위원", "7215"), ("모가온", "위원", "7330"))
    record = parse_bytes(VIEWER.read_bytes(), str(VIEWER))
    assert {s.name: s.member_id for s in record.speakers} == {
        "주하람": "7101", "방소율": None, "석도윤": "7215", "모가온": "7330"}


def test_viewer_paragraphs_are_lines_and_card_is_not_text() -> None:
    page = viewer_page(speaker("배수진", "위원장", "11", "첫 문단입니다.", "둘째 문단입니다."))
    lines = read(page).text.splitlines()
    assert lines[-2:] == ["◯위원장 배수진  첫 문단입니다.", "둘째 문단입니다."]
    assert sum("배수진" in line for line in lines) == 1  # the card (position, name) is not repeated


def test_viewer_agenda_anchor_without_number_gets_the_item_number() -> None:
    page = viewer_page('<p class="tit_sm angun"><a id="item3">가온 조례안</a></p>'
                       + speaker("배수진", "위원장", "11", "상정합니다."))
    assert "3. 가온 조례안" in read(page).text.splitlines()


def test_viewer_speaker_without_data_attributes_uses_the_card() -> None:
    page = viewer_page('<div class="speaker"><div class="man"><span class="position">국토교통부 차관</span>'
                       '<strong class="name">구민재</strong></div><div class="talk"><span class="spk_sub">'
                       '보고드리겠습니다.</span></div></div>')
    assert "◯국토교통부차관 구민재  보고드리겠습니다." in read(page).text.splitlines()


def test_viewer_footer_list_headings_get_the_circle() -> None:
    page = viewer_page(speaker("배수진", "위원장", "11", "개의합니다."),
                       '<p>출석 위원(2인)</p><p>배수진 윤서하</p><p>◯청가 위원(1인)</p><p>허태윤</p>')
    assert read(page).text.splitlines()[-4:] == ["◯출석 위원(2인)", "배수진 윤서하", "◯청가 위원(1인)", "허태윤"]


def test_viewer_escaped_markup_in_a_speech_is_text() -> None:
    page = viewer_page(speaker("배수진", "위원장", "11", "개의하겠습니다.")
                       + speaker("윤서하", "위원", "12", "자료에 &lt;script&gt;alert(1)&lt;/script&gt; 문구와 R&amp;D가 있습니다.")
                       + speaker("배수진", "위원장", "11", "산회를 선포합니다."))
    record = parse_bytes(page.encode(), "page.html")
    assert record.source.profile == "assembly"
    assert record.turns[1].remarks[0].text == "자료에 <script>alert(1)</script> 문구와 R&D가 있습니다."


def test_text_outside_the_viewer_parts_is_kept_as_lines() -> None:
    page = ('<html><body><p>인쇄용 안내 문구</p>' + viewer_page(speaker("배수진", "위원장", "11", "개의합니다."))
            + '<script>var hidden = "스크립트 글";</script></body></html>')
    text = read(page).text
    assert "인쇄용 안내 문구" in text and "스크립트" not in text


# --- any other page --------------------------------------------------------------------------

def test_generic_blocks_tables_breaks_and_entities() -> None:
    page = ("<html><head><style>p { color: red }</style><script>alert('x')</script></head><body>"
            "<table><tr><th>일시</th><td>2025년 3월 12일</td></tr><tr><td><p>가</p><p>나</p></td><td>다</td></tr></table>"
            "<p>○의장 <b>김병국</b> 첫 줄<br>둘째 줄</p><ul><li>하나<li>둘</ul><pre>  들여쓴\n  두 줄</pre>"
            "<div>1억 원 &lt; 필요액 &amp; 점검&nbsp;&nbsp;끝</div></body></html>")
    assert read(page).text.splitlines() == [
        "일시  2025년 3월 12일", "가", "나", "다", "○의장 김병국 첫 줄", "둘째 줄", "하나", "둘",
        "  들여쓴", "  두 줄", "1억 원 < 필요액 & 점검 끝"]


def test_council_page_gives_turns() -> None:
    record = parse_bytes(COUNCIL.read_bytes(), str(COUNCIL))
    assert [t.speaker.label for t in record.turns] == [
        "의장 김병국", "의장 김병국", "하윤슬 의원", "의장 김병국", "도하늘 의원", "안전총괄과장 박소연", "의장 김병국"]
    assert len(record.turns[2].remarks) == 3  # the <br>-separated paragraphs
    assert "1억 원 < 필요액" in record.turns[4].remarks[0].text and "안전&위생" in record.turns[4].remarks[0].text
    assert record.meeting.date == "2025-03-12" and record.meeting.session == 88
    assert not any("fnPrint" in line or "font-family" in line for line in read(COUNCIL.read_bytes()).text.splitlines())


def test_unclosed_head_and_title() -> None:
    document = read("<html><head><title>가온시의회 회의록<body><p>○의장 김병국 개의합니다.</p>")
    assert document.text == "○의장 김병국 개의합니다.\n"
    assert document.hints == ("가온시의회 회의록",)


def test_page_without_text_is_an_empty_input() -> None:
    with pytest.raises(InputError) as err:
        read("<html><head><script>var a = 1;</script></head><body><img src=x></body></html>")
    assert err.value.exit_code == ExitCode.EMPTY


# --- decoding ----------------------------------------------------------------------------------

@pytest.mark.parametrize("meta", ['<meta charset="euc-kr">',
                                  '<meta http-equiv="Content-Type" content="text/html; charset=EUC-KR">'])
def test_euc_kr_page_is_decoded_by_its_meta(meta: str) -> None:
    page = f"<html><head>{meta}</head><body><p>○의장 김병국 똠방각하 개의합니다.</p></body></html>"
    document = read(page.encode("cp949"))  # 똠 is in CP949, not in strict EUC-KR: read as browsers do
    assert document.encoding == "cp949"
    assert document.text == "○의장 김병국 똠방각하 개의합니다.\n"
    assert [d.code for d in document.diagnostics] == ["IN001"]


def test_a_wrong_charset_label_falls_back_to_detection() -> None:
    page = '<html><head><meta charset="utf-8"></head><body><p>개의합니다</p></body></html>'
    assert read(page.encode("cp949")).text == "개의합니다\n"


def test_bom_wins_over_meta() -> None:
    page = '<!DOCTYPE html><meta charset="euc-kr"><p>개의합니다</p>'
    document = read(codecs.BOM_UTF16_LE + page.encode("utf-16-le"))
    assert document.text == "개의합니다\n" and document.bom


def test_declared_charset_names() -> None:
    assert declared_charset(b'<meta charset="UTF-8">') == "utf-8"
    assert declared_charset(b"<meta content='text/html;charset=ks_c_5601-1987'>") == "cp949"
    assert declared_charset(b'<meta charset="no-such-charset">') is None
    assert declared_charset(b"<p>charset=euc-kr</p>") is None


# --- sniffing ----------------------------------------------------------------------------------

@pytest.mark.parametrize("head", [
    b"<!DOCTYPE html><p>x</p>", b"  \n<html>", b"\xef\xbb\xbf<!-- saved page -->\n<html lang=ko>",
    b"<?xml version='1.0'?>\n<!DOCTYPE html PUBLIC>", b"<BODY BGCOLOR=white>", b"<div class='minutes_body'>",
    codecs.BOM_UTF16_LE + "<html>".encode("utf-16-le"),
])
def test_sniffed_as_html(head: bytes) -> None:
    assert is_html(head)


@pytest.mark.parametrize("head", [
    "회의록에서 <p> 태그를 설명합니다.\n".encode(), b"<<not html>>", "○의장 김병국 <html> 이야기".encode(), b"%PDF-1.7",
    b"<paragraph>", b"<!-- a comment only -->",
])
def test_not_sniffed_as_html(head: bytes) -> None:
    assert not is_html(head)


def test_html_in_a_txt_file_is_html_and_text_with_p_midline_is_text() -> None:
    page = "<html><body><p>○의장 김병국 개의합니다.</p></body></html>".encode()
    assert read_document(page, "minutes.txt").source_format == "html"
    mention = "○의장 김병국 <p> 태그 이야기를 하겠습니다.\n".encode()
    document = read_document(mention, "minutes.html")
    assert document.source_format == "text" and "<p>" in document.text


# --- broken markup ------------------------------------------------------------------------------

_TAGS = sorted((BLOCK | {"span", "b", "i", "a", "font", "br", "em", "strong", "img"}) - HIDDEN)
_WORD = st.text(alphabet="가나다라마바사아자차카타파하0123456789abcXYZ", min_size=1, max_size=8)
_TAG = st.builds(lambda tag, kind: {0: f"<{tag}>", 1: f"</{tag}>", 2: f"<{tag}/>"}[kind],
                 st.sampled_from(_TAGS), st.integers(0, 2))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_WORD, st.lists(_TAG, max_size=4)), min_size=1, max_size=30))
@example([("0", ["<table>"]), ("00", ["<tr>"]), ("0", [])])  # text in a table before its first row
def test_any_words_in_random_tags_never_raise_nor_lose_a_word(pieces: list[tuple[str, list[str]]]) -> None:
    page = "<html>" + " ".join(word + "".join(tags) for word, tags in pieces)
    text = read(page).text
    at = 0
    for word, _ in pieces:  # every word, in order
        found = text.find(word, at)
        assert found >= 0, (word, page, text)
        at = found + len(word)


def test_very_deep_nesting_is_read() -> None:
    page = "<html>" + "<div><span>" * 20000 + "깊은 곳의 말" + "</span></div>" * 3
    assert "깊은 곳의 말" in read(page).text


# --- the CLI -----------------------------------------------------------------------------------

def run(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "minutes_extract", *args], capture_output=True, timeout=60)


@pytest.mark.parametrize("sample", [VIEWER, COUNCIL], ids=lambda p: p.name)
def test_cli_extract_and_text(sample: Path, tmp_path: Path) -> None:
    extracted = run("extract", str(sample))
    assert extracted.returncode == 0, extracted.stderr
    record = json.loads(extracted.stdout)
    assert record["source"]["format"] == "html" and record["turns"]
    copy = tmp_path / "saved.txt"  # the name does not matter
    copy.write_bytes(sample.read_bytes())
    shown = run("text", str(copy))
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.decode().splitlines()
    assert lines and not any("<" in line and ">" in line and "바다숲" not in line for line in lines)
    assert any(line.startswith(("◯위원장 주하람", "○의장 김병국")) for line in lines)


@pytest.mark.parametrize("page", [
    "<html><p>앞</p><table>표 위의 글<tr><td>칸</td></tr></table><p>뒤</p>",
    "<html><p>앞</p><table><b>표 위의 글</b><tbody><tr><td>칸</td></tr></tbody></table><p>뒤</p>",
    "<html><p>앞</p><table>표 위의 글<tr><td>칸</td><td>둘째</td></tr>끝 글</table><p>뒤</p>",
])
def test_text_in_a_table_outside_its_rows_keeps_its_place(page: str) -> None:
    lines = read(page).text.splitlines()
    assert lines[:3] == ["앞", "표 위의 글", "칸" if "둘째" not in page else "칸  둘째"]
    assert lines[-1] == "뒤"
