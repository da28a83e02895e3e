"""Property tests: the parser never crashes and never loses a non-blank line."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minutes_extract import ExitCode, InputError, MinutesRecord, parse_bytes, parse_text
from minutes_extract.models import Remark

WORDS = ["위원장", "위원", "간사", "○○○", "회의록", "메타버스", "서울시", "2022.", "12.", "20.(화)",
         "10:00~12:10", "18명", "등", "15명", "(4건)", "중·", "장년층", "AI", "CCTV", "있음.", "3",
         "〔1〕", "(1)", "1.", "가.", "「위원회」", "제4차", ":", "임규건", "홍길동"]

# Words never hold a line break: a line is what the test says it is.
word = st.one_of(
    st.sampled_from(WORDS),
    st.text(min_size=1, max_size=6).map(lambda s: re.sub(r"[\r\n]", "", s)).filter(lambda s: s.strip()),
)
phrase = st.lists(word, min_size=1, max_size=8).map(" ".join)
space = st.sampled_from([" ", "  ", "\t", "\u00a0", "\u3000", ""])
bracket = st.sampled_from([("〈", "〉"), ("\u2329", "\u232a"), ("<", ">"), ("＜", "＞"), ("〈", ""), ("", "〉")])


@st.composite
def minutes_line(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 14))
    text = draw(phrase)
    if kind == 0:
        return ""
    if kind == 1:
        open_, close = draw(bracket)
        return f"{open_}{draw(st.sampled_from(['회의개요', text, '○○○ 위원', '위원장']))}{close}"
    if kind == 2:
        return f"-{draw(space) or ' '}{text}"
    if kind == 3:
        return f"{draw(space) or ' '}-{draw(space) or ' '}{draw(st.sampled_from(['〔1〕 ', '〔2〕 ', '']))}{text}"
    if kind == 4:
        return f"- {draw(st.sampled_from('◆※'))} {text} : {draw(phrase)}"
    if kind == 5:
        return f"□ {text}"
    if kind == 6:
        return draw(st.sampled_from(["- 3 -", "12", "\f머리말 3", "\f", "1 / 9"]))
    if kind == 7:
        return draw(space) + text + draw(space)
    if kind == 8:
        return draw(st.text(max_size=30).map(lambda s: re.sub(r"[\r\n]", "", s)))
    if kind == 9:  # the ◯/○ format: speaker lines, notes, appendix headings
        mark = draw(st.sampled_from(["◯", "○", "## ○"]))
        return f"{mark}{draw(st.sampled_from(['위원장 홍길동', '김철수 위원', '위원장김석기', '출석 위원(2인)']))} {text}"
    if kind == 10:
        return draw(st.sampled_from(["(14시06분 개의)", "(「예」 하는 위원 있음)", f"({text})"]))
    return text


documents = st.lists(minutes_line(), max_size=40)
_INVISIBLE = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200d\u2060\ufeff]")
_MARKS = "-‐‑‒–—−•∙◦▪·ㆍ◆◇※●▶►★☆◈□■▣〈〉\u2329\u232a<>＜＞:：◯○#()"


def _remarks(remarks: list[Remark]) -> Iterator[Remark]:
    for remark in remarks:
        yield remark
        yield from _remarks(remark.children)


def nodes(record: MinutesRecord) -> Iterator[tuple[int, int, str]]:
    """Every place a line can end up: (first line, last line, text held there)."""
    for line in record.front_matter:
        yield line.span.start_line, line.span.end_line, line.text
    m = record.meeting
    if m.overview_span:
        yield m.overview_span.start_line, m.overview_span.end_line, "회의개요 개요"
    for f in m.overview:
        yield f.span.start_line, f.span.end_line, " ".join([f.text, *f.items])
    for s in record.sections:
        yield s.span.start_line, s.span.end_line, s.title
    for turn in record.turns:
        # A ◯ speaker line holds the designation and the first remark together.
        same_line = [r.text for r in turn.remarks if r.span.start_line == turn.span.start_line]
        yield turn.span.start_line, turn.span.start_line, " ".join([turn.speaker.label, *same_line])
        for r in _remarks(turn.remarks):
            yield r.span.start_line, r.span.end_line, f"{r.label or ''} {r.text}"
    for note in record.notes:
        yield note.span.start_line, note.span.end_line, note.text
    for block in record.appendix:
        yield block.span.start_line, block.span.end_line, " ".join([block.title, *block.lines])
    for f in record.source.furniture:
        yield f.line, f.line, f.text
    for d in record.diagnostics:
        if d.code in ("ST002", "ST011") and d.line:
            yield d.line, d.end_line or d.line, "*"


def assert_nothing_lost(text: str, record: MinutesRecord) -> None:
    held = list(nodes(record))
    for number, line in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        if not _INVISIBLE.sub("", line):
            continue
        candidates = [t for first, last, t in held if first <= number <= last]
        assert candidates, f"line {number} {line!r} is nowhere in the record"
        words = [w.strip(_MARKS) for w in _INVISIBLE.sub(" ", line).split()]
        words = [w for w in words if w]
        assert any(c == "*" or all(w in _INVISIBLE.sub(" ", c) or w in c for w in words)
                   for c in candidates), f"line {number} {line!r}: text not kept in {candidates}"


@settings(max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "400")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_never_crashes_never_loses_a_line(lines: list[str]) -> None:
    text = "\n".join(lines)
    record = parse_text(text)
    assert_nothing_lost(text, record)
    MinutesRecord.model_validate_json(record.model_dump_json())


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_never_crashes(text: str) -> None:
    record = parse_text(text)
    assert_nothing_lost(text, record)


@settings(max_examples=100, deadline=None)
@given(st.lists(minutes_line(), max_size=30), st.sampled_from(["\r\n", "\r", "\n"]))
def test_line_numbers_independent_of_line_endings(lines: list[str], ending: str) -> None:
    base = parse_text("\n".join(lines))
    other = parse_text(ending.join(lines))
    assert [t.span for t in other.turns] == [t.span for t in base.turns]


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=400), st.text(max_size=200).map(lambda s: s.encode("utf-16")),
                 st.text(max_size=200).map(lambda s: s.encode("utf-8", "surrogatepass"))))
def test_any_bytes_give_a_record_or_an_input_error(data: bytes) -> None:
    try:
        record = parse_bytes(data, "random.bin")
    except InputError as err:
        assert err.exit_code in (ExitCode.NOT_TEXT, ExitCode.EMPTY, ExitCode.PDF_UNREADABLE)
        assert str(err).startswith("random.bin: ") and "\n" not in str(err)
    else:
        assert record.source.sha256
