"""Markdown renderings with speakers as headings: `### 의장 조정식` then the speech in
paragraphs. One heading read alone is a speaker, an agenda item, an appendix list, a note or
a section title; the document it stands in is read as the ◯ format."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SAMPLES
from minutes_extract import formats, parse_text
from minutes_extract.formats.assembly import score
from minutes_extract.formats.assembly.lines import classify, markdown_heading

SPEAKERS = [
    ("### 의장 조정식", "의장 조정식", ""),
    ("### 박민수 의원", "박민수 의원", ""),
    ("### ◯의장 조정식", "의장 조정식", "◯"),
    ("### ○위원장 홍길동", "위원장 홍길동", "○"),
    ("## ○ 의장 조정식", "의장 조정식", "○"),  # a circle, a space, then a designation
    ("### ○○○ 위원", "○○○ 위원", ""),  # a masked name: no circle of its own
    ("#### 사무국장 한가람 ####", "사무국장 한가람", ""),
    ("## ○의장 김병국  의석을 정돈하여 주시기 바랍니다.", "의장 김병국  의석을 정돈하여 주시기 바랍니다.", "○"),
]


@pytest.mark.parametrize(("raw", "speaker", "mark"), SPEAKERS)
def test_speaker_headings(raw: str, speaker: str, mark: str) -> None:
    line = classify(raw)
    assert line is not None and (line.speaker, line.mark, line.agenda) == (speaker, mark, False)
    assert line.heading == len(raw) - len(raw.lstrip("#"))


@pytest.mark.parametrize("level", range(1, 7))
@pytest.mark.parametrize("closing", ["", " ", " #", " ######  ", "\t#"])
def test_every_level_and_closing_sequence(level: int, closing: str) -> None:
    line = classify("#" * level + " 박민수 의원" + closing)
    assert line is not None and (line.heading, line.speaker, line.text) == (level, "박민수 의원", "박민수 의원")


@pytest.mark.parametrize(
    ("raw", "agenda"),
    [
        ("## 1. 국회의장 선출의 건", True),
        ("## 가. 의장 선출 투표", True),
        ("## o 교섭단체대표연설", True),
        ("## ○ 교섭단체대표연설", True),  # a lone circle before a title is a bullet, not a speaker
        ("## ◯ 부위원장 선거", True),  # 선거 has a name's shape, but is a title word
        ("## 위원장 선출", False),  # a section title: 선출 names nobody
        ("## 의장 인사말", False),
        ("## 신임 위원장", False),
        ("## 교섭단체대표연설", False),
        ("# 제415회 국회(임시회) 제1차 본회의", False),
        ("### 의장 조정식 의석을 정돈하여 주시기 바랍니다.", False),  # a sentence, not a designation
        ("### 박민수 의원, 질의", False),
    ],
)
def test_headings_that_name_nobody(raw: str, agenda: bool) -> None:
    line = classify(raw)
    assert line is not None and line.speaker is None and line.heading
    assert line.agenda is agenda and not line.appendix_heading


@pytest.mark.parametrize(("raw", "speaker"), [("## ◯요구서 제출", "요구서 제출"), ("## 출석 의원(4인)", None),
                                              ("## ○출석 위원(7명)", "출석 위원(7명)"), ("## 보고사항", None)])
def test_appendix_headings(raw: str, speaker: str | None) -> None:
    line = classify(raw)
    assert line is not None and line.appendix_heading and line.speaker == speaker


@pytest.mark.parametrize("raw", ["##", "## #", "#######  의장 조정식", "#의장 조정식", "의장 조정식"])
def test_not_a_heading(raw: str) -> None:
    line = classify(raw)
    assert markdown_heading(raw) is None
    assert line is not None and line.heading == 0 and line.speaker is None


def test_heading_notes() -> None:
    line = classify("## (11시20분)")
    assert line is not None and line.notes == ("11시20분",) and not line.agenda


DOCUMENT = """---
title: "제415회 국회(임시회) 제1차 본회의"
date: "2024-05-02"
---
# 제415회 국회(임시회) 제1차 본회의

## 1. 국회의장 선출의 건

(10시05분 개의)

### 의장 조정식

의석을 정돈하여 주시기 바랍니다.

성원이 되었으므로 회의를 시작하겠습니다.

### 박민수 의원

질문 드리겠습니다.

## 교섭단체대표연설

(11시20분)

### ◯의장 조정식

산회를 선포합니다.

## ◯요구서 제출

- 박민수 의원 외 12인
"""


def test_a_document_with_speaker_headings() -> None:
    record = parse_text(DOCUMENT)
    assert record.source.profile == "assembly"
    assert [(t.speaker.label, t.section, len(t.remarks)) for t in record.turns] == [
        ("의장 조정식", "1. 국회의장 선출의 건", 2), ("박민수 의원", "1. 국회의장 선출의 건", 1),
        ("의장 조정식", "교섭단체대표연설", 1)]
    assert [(s.title, s.marker) for s in record.sections] == [("1. 국회의장 선출의 건", "1."), ("교섭단체대표연설", "##")]
    assert [(n.kind, n.span.start_line) for n in record.notes] == [("open", 9), ("time", 23)]
    assert [(a.title, a.lines) for a in record.appendix] == [("요구서 제출", ["- 박민수 의원 외 12인"])]
    assert [line.text for line in record.front_matter] == ["제415회 국회(임시회) 제1차 본회의"]
    assert (record.meeting.session, record.meeting.sitting, record.meeting.date) == (415, 1, "2024-05-02")
    assert record.diagnostics == []


def test_a_paragraph_under_a_markdown_heading_is_not_its_title() -> None:
    """A PDF's heading wraps over lines; a Markdown heading is one line: text under it with no
    speaker is stray text, reported, never glued to the title."""
    record = parse_text("(10시 개의)\n### 의장 조정식\n개의합니다.\n## 1. 회기 결정의 건\n회기는 10일간입니다.\n"
                        "### 의장 조정식\n가결되었습니다.\n")
    assert [s.title for s in record.sections] == ["1. 회기 결정의 건"]
    assert [(d.code, d.line) for d in record.diagnostics] == [("ST002", 5)]


def test_headings_nest_by_level() -> None:
    record = parse_text("## 1. 의장 선출의 건\n### 의장 조정식\n상정합니다.\n### 가. 투표\n### 의장 조정식\n투표하겠습니다.\n"
                        "## 2. 부의장 선출의 건\n### 의장 조정식\n상정합니다.\n")
    assert [(t.section, t.agenda_items) for t in record.turns] == [
        ("1. 의장 선출의 건", ["1"]), ("1. 의장 선출의 건 / 가. 투표", ["1", "가"]), ("2. 부의장 선출의 건", ["2"])]


def test_detection_picks_the_assembly_format_for_headings() -> None:
    for sample in ("council-headings.md", "council-headings-h2.md"):
        lines = (SAMPLES / sample).read_text(encoding="utf-8").splitlines()
        turns = parse_text("\n".join(lines)).turns
        assert formats.detect(lines).NAME == "assembly" and score(lines) >= len(turns) >= 5
    for sample in ("seoul-full.txt", "seoul-lists.txt", "seoul-short.txt"):
        lines = (SAMPLES / sample).read_text(encoding="utf-8").splitlines()
        assert formats.detect(lines).NAME != "assembly"


def test_seoul_corpus_is_not_taken_for_headings(corpus: Path) -> None:
    for path in sorted(corpus.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        assert formats.detect(lines).NAME != "assembly", path.name


HEADING_TEXT = st.text(alphabet=st.sampled_from(list("의장위원박민수조정식○◯o. 1가()#-,선출 ")), max_size=20)


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 6), HEADING_TEXT)
def test_any_heading_is_read_and_kept(level: int, text: str) -> None:
    """Whatever a heading holds, the classifier answers and the line ends up in the record."""
    raw = "#" * level + " " + text
    line = classify(raw)
    assert line is not None
    record = parse_text(f"(10시 개의)\n### 의장 조정식\n개의합니다.\n{raw}\n")
    words = [w for w in re.split(r"[\s#]+", text) if w.strip("○◯()")]
    held = [t.speaker.label + " " + " ".join(r.text for r in t.remarks) for t in record.turns if t.span.start_line == 4]
    held += [s.title for s in record.sections] + [n.text for n in record.notes] + [a.title for a in record.appendix]
    held += [line.text for line in record.front_matter]
    reported = any(d.line == 4 for d in record.diagnostics)
    assert reported or all(any(w.strip("○◯()") in h for h in held) for w in words), (raw, held)


def test_council_corpus_is_still_read_as_before(corpus: Path) -> None:
    for path in sorted(corpus.glob("local-council/*/minutes.md")):
        lines = path.read_text(encoding="utf-8").splitlines()
        assert formats.detect(lines).NAME == "assembly", path.name
