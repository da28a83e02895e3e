"""Every stage takes time linear in its input: each pathological shape (one huge title, cover,
agenda or speaker line; thousands of wrapped lines; long runs of dots, digits, parentheses)
is parsed at two sizes, four times apart, and each doubling of the size may at most about
double the time (CPU time in-process, the best of a few runs; a quadratic stage shows 4× per
doubling)."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

import pytest

from minutes_extract import parse_text
from minutes_extract.inputs.pdf.linebreaks import Vocabulary
from minutes_extract.lint.fix import fix_text

SPEAKERS = "◯위원장 홍길동 개의합니다.\n◯김철수 위원 네.\n"


def _wrapped_headings(n: int) -> str:
    """Agenda headings wrapped over two lines, every break between words of its own (each
    break asked about anew: whether the document writes the two words as one)."""
    def word(i: int, step: int) -> str:
        return "".join(chr(0xAC00 + (i * step + j) % 11172) for j in range(3))

    return SPEAKERS + "".join(f"{i % 9 + 1}. 안건{word(i, 7)}\n{word(i, 13)}제목 계속\n◯위원장 홍길동 발언합니다.\n"
                              for i in range(n // 34))


SHAPES: dict[str, Callable[[int], str]] = {
    "title": lambda n: "가" * n + " 회의록\n\n〈위원장〉\n\n- 개회\n",
    "overview value": lambda n: "〈회의개요〉\n\n- ◆ 일 시 : " + "2024. " * (n // 6) + "\n\n〈위원장〉\n\n- 개회\n",
    "attendee digits": lambda n: "〈회의개요〉\n\n- ◆ 참석위원 : " + "1" * n + "\n\n〈위원장〉\n\n- 개회\n",
    "attendees": lambda n: "〈회의개요〉\n\n- ◆ 참석위원 : " + "김철수 위원, " * (n // 8) + "\n\n〈위원장〉\n\n- 개회\n",
    "hard-wrapped remark": lambda n: "〈위원장〉\n\n- 시작\n" + "이어지는 줄\n" * (n // 6),
    "hard-wrapped field": lambda n: "〈회의개요〉\n\n- ◆ 안건 : 시작\n" + "이어지는 줄\n" * (n // 6) + "\n〈위원장〉\n\n- 개회\n",
    "remark of parentheses": lambda n: "〈위원장〉\n\n- " + "(가나 " * (n // 4) + "\n",
    "assembly cover": lambda n: "가" * n + "회의록\n" + SPEAKERS,
    "cover date": lambda n: "일 시 " + "2024년" * (n // 5) + "\n" + SPEAKERS,
    "cover agenda, glued": lambda n: "의사일정\n" + "".join(f"{i}. 가나(의안번호 {i})" for i in range(1, n // 16)) + "\n" + SPEAKERS,
    "cover agenda, wrapped": lambda n: "의사일정\n1. 안건(의안\n" + "번호 계속\n" * (n // 6) + "\n" + SPEAKERS,
    "body heading, wrapped": lambda n: SPEAKERS + "1. 안건\n" + "계속되는 제목\n" * (n // 7),
    "body headings, wrapped, each its own words": _wrapped_headings,
    "body headings, glued": lambda n: SPEAKERS + "".join(f"{i}. 가나(의안번호 {i})" for i in range(1, n // 16)) + "\n",
    "speech of parentheses": lambda n: "◯위원장 홍길동 " + "(의사봉 " * (n // 5) + "\n◯김철수 위원 네.\n",
    "note with a negation": lambda n: SPEAKERS + "(" + "개의가" * (n // 3) + ")\n",
    "dots": lambda n: SPEAKERS + ". " * (n // 2) + "x\n",
    "glued names": lambda n: SPEAKERS + "◯출석 위원(3인)\n" + "김철수" * (n // 3) + "\n",
    "repeated lines": lambda n: "제1차 회의록\n\n〈위원장〉\n\n- 발언.\n\n" * (n // 20),
    "front matter": lambda n: "---\n" + "a: b\n" * (n // 5) + "\n" + SPEAKERS,
}


def _seconds(work: Callable[[], object], runs: int = 3) -> float:
    """CPU time of this process (other processes' load does not count), the best of `runs`,
    without the collector (its passes land on one run or another)."""
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(runs):
            start = time.process_time()
            work()
            best = min(best, time.process_time() - start)
    finally:
        gc.enable()
    return best


def _doubling(work: Callable[[str], object], shape: Callable[[int], str], size: int) -> float:
    """The time factor per doubling of the input, from `size` and four times `size` (a wider
    step than one doubling: linear shows 2 per doubling, quadratic 4, and noise counts less)."""
    ratio = float("inf")
    for _ in range(3):
        small, large = shape(size), shape(4 * size)
        quadrupled = _seconds(lambda: work(large)) / max(_seconds(lambda: work(small)), 1e-6)  # noqa: B023
        ratio = min(ratio, quadrupled ** 0.5)
        if ratio <= 2.5:
            break
    return ratio


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_parsing_is_linear(name: str) -> None:
    assert _doubling(parse_text, SHAPES[name], 40_000) <= 2.5


def test_vocabulary_of_a_huge_token_is_linear() -> None:
    assert _doubling(lambda text: Vocabulary([text]), lambda n: "가 " + "나" * n + " 다", 100_000) <= 2.5


@pytest.mark.parametrize("name", ["hard-wrapped remark", "repeated lines", "title"])
def test_fixing_is_linear(name: str) -> None:
    assert _doubling(fix_text, SHAPES[name], 20_000) <= 2.5


def test_page_break_continuations_are_fixed_in_linear_time() -> None:
    shape = lambda n: "〈위원장〉\n\n" + "- 문장이\n\n이어짐.\n\n" * (n // 12)  # noqa: E731
    assert _doubling(fix_text, shape, 20_000) <= 2.5
