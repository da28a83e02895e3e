"""`check --fix` never changes what the minutes say: each kind of fix is kept only when the
fixed text parses to the same tree; the cases an attack run found, and a property over
mutated real and sample minutes."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SAMPLES
from minutes_extract import parse_text
from minutes_extract.lint.fix import fix, tree_of
from test_properties import minutes_line

SECOND_OVERVIEW = ("〈회의개요〉\n- ◆ 일 시 : 2022. 12. 20.(화) 10:00\n- ◆ 장 소 : 본관 회의실\n〈위원장〉\n\n"
                   "- 회의를 시작하겠습니다.\n- 안건을 상정합니다.\n〈회의개요〉\n추가 참고사항 있음.\n")


def _same_tree(before: str, after: str) -> bool:
    return tree_of(parse_text(before)) == tree_of(parse_text(after))


@pytest.mark.parametrize(("name", "text"), [
    ("a second overview continues the first one's field", SECOND_OVERVIEW),
    ("an overview field's value after a blank line",
     "〈회의개요〉\n\n- ◆ 상정안건\n\n2023년 예산안 심사\n\n〈위원장〉\n\n- 개회\n"),
    ("deep indentation written with tabs", "〈위원장〉\n\n- 시작\n\t- 하나\n\t\t- 둘\n\t\t\t- 셋\n\t\t\t\t\t\t- 넷\n"),
    ("prose in look-alike brackets", "〈위원장〉\n\n- 회의를 시작합니다.\n\n<‹참고 자료>>\n\n- 끝\n"),
    ("a page number that is content", "〈위원장〉\n\n- 예산은\n\n3\n\n억 원입니다.\n"),
])
def test_the_fix_keeps_the_tree(name: str, text: str) -> None:
    fixed = fix(text)
    assert _same_tree(text, fixed.text), name
    assert all(line in fixed.text for line in ("회의를 시작하겠습니다", "안건을 상정합니다") if line in text)


def test_a_join_across_a_speaker_turn_is_refused_and_said() -> None:
    fixed = fix(SECOND_OVERVIEW)
    assert "〈위원장〉" in fixed.text and "- 안건을 상정합니다." in fixed.text
    assert fixed.text.count("\n") == SECOND_OVERVIEW.count("\n")
    assert [code for code, _ in fixed.refused] == ["ST005 at line 9"]


def test_fix_says_what_it_did_not_fix(tmp_path: Path) -> None:
    path = tmp_path / "minutes.txt"
    # The tab under a bullet is read as one space; the look-alike brackets of a header are
    # fixed; the page-break continuation into an overview field would change the field: refused.
    path.write_text("〈회의개요〉\n\n- ◆ 상정안건\n\n2023년 예산안 심사\n\n<위원장>\n\n-\t개회  \n", encoding="utf-8")
    before = parse_text(path.read_text(encoding="utf-8"))
    done = subprocess.run([sys.executable, "-m", "minutes_extract", "check", "--fix", str(path)],
                          capture_output=True, text=True, timeout=60)
    assert "Traceback" not in done.stderr
    assert "ST005 not fixed: fixing it would change the meeting" in done.stderr
    after = path.read_text(encoding="utf-8")
    assert "〈위원장〉" in after and "- 개회\n" in after
    assert tree_of(parse_text(after)) == tree_of(before)


def _mutations(text: str, seed: int) -> str:
    """A real text, cut, shuffled and sprinkled with odd characters, as careless hands do."""
    rnd = random.Random(seed)
    lines = text.split("\n")
    for _ in range(rnd.randint(1, 8)):
        i = rnd.randrange(len(lines) + 1)
        action = rnd.randrange(6)
        if action == 0 and lines:
            del lines[min(i, len(lines) - 1)]
        elif action == 1:
            lines.insert(i, rnd.choice(["", "", "〈회의개요〉", "- 3 -", "\t- 항목", "<참고>", "(계속)"]))
        elif action == 2 and lines:
            j = min(i, len(lines) - 1)
            lines[j] = lines[j] + rnd.choice(["  ", "\u00a0", "\u200b", "\t"])
        elif action == 3 and lines:
            j = min(i, len(lines) - 1)
            lines.insert(j, lines[j])
        elif action == 4 and lines:
            j = min(i, len(lines) - 1)
            lines[j] = lines[j].replace("〈", "<", 1).replace("〉", ">", 1).replace("◯", "○", 1)
        else:
            lines.insert(i, "\u3000" * rnd.randint(1, 9) + "- " + rnd.choice(["세부", "추가 내용", "3"]))
    return "\n".join(lines)


SAMPLE_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*")) if p.suffix in (".txt", ".md")]


@settings(max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "150")) // 3, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(SAMPLE_TEXTS) - 1), st.integers(0, 10**9))
def test_fix_of_mutated_samples_keeps_the_tree_or_writes_nothing(which: int, seed: int) -> None:
    text = _mutations(SAMPLE_TEXTS[which], seed)
    fixed = fix(text)
    assert fixed.text.rstrip("\n") == text.rstrip("\n") or _same_tree(text, fixed.text)


@settings(max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "150")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(minutes_line(), max_size=30))
def test_fix_of_generated_minutes_keeps_the_tree(lines: list[str]) -> None:
    text = "\n".join(lines)
    assert _same_tree(text, fix(text).text)


@pytest.mark.slow
def test_fix_of_mutated_corpus_keeps_the_tree(reference_text: str) -> None:
    for seed in range(60):
        text = _mutations(reference_text, seed)
        fixed = fix(text)
        assert fixed.text.rstrip("\n") == text.rstrip("\n") or _same_tree(text, fixed.text), seed
