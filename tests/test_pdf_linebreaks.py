"""How often line-end spaces are guessed right, where the truth is known.

On the Distiller PDFs every line end says whether a space glyph ends it. Hiding that and
asking the line-break model instead measures the guess used for PDFs that draw no space
glyphs (bench/eval_linebreaks.py prints every method's figures and speed).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from minutes_extract.inputs.pdf import linebreaks
from minutes_extract.inputs.pdf.engines import Engine, pages
from minutes_extract.inputs.pdf.layout import layout
from minutes_extract.inputs.pdf.linebreaks import PAIRS, PAIRS_AND_KIWI, Vocabulary, kiwi_space, wrapped_lines

DISTILLER = ["na-foreign-2024-07-17-full", "na-sci-ict-2024-06-25-adjust", "na-sci-ict-2024-09-03-bill-sub"]
FIXTURES = ROOT / "tests" / "fixtures" / "pdf"
NO_KIWI = "the optional extra `spacing` (kiwipiepy) is not installed: pip install -e '.[spacing]'"


def right_share(corpus: Path, name: str, method: str, capsys: pytest.CaptureFixture[str]) -> tuple[float, int]:
    """The share of wrapped lines `method` decides right with the PDF's evidence hidden, and
    how many there are; printed beside always joining."""
    path = corpus / "national-assembly" / name / "minutes.pdf"
    if not path.is_file():
        pytest.fail(f"corpus PDF missing: {path}")
    lines, pairs = wrapped_lines(pages(path, Engine.pdfium))
    model = Vocabulary(lines, method)
    model.learn_break_style((left, right) for left, right, _ in pairs)
    right = sum(model.space_between(left, below) == truth for left, below, truth in pairs)
    joins = sum(not truth for _, _, truth in pairs)
    with capsys.disabled():
        print(f"\n{name}: {len(pairs)} wrapped lines, {method} right {right / len(pairs):.1%}, "
              f"always-join right {joins / len(pairs):.1%}")
    assert right / len(pairs) > joins / len(pairs) + 0.25
    return right / len(pairs), len(pairs)


@pytest.mark.parametrize("name", DISTILLER)
def test_character_pairs_decide_95_percent(corpus: Path, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The default, without kiwipiepy: 95% (90% on the 48 lines of the short PDF). Before
    issue 14 the vocabulary alone was right for 81-83% (67% on the short PDF)."""
    share, count = right_share(corpus, name, PAIRS, capsys)
    assert count > 40
    assert share >= (0.95 if count > 1000 else 0.9)


@pytest.mark.parametrize("name", DISTILLER)
def test_kiwi_decides_97_percent(corpus: Path, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("kiwipiepy", reason=NO_KIWI)
    share, _ = right_share(corpus, name, PAIRS_AND_KIWI, capsys)
    assert share >= 0.97


MINUTES = [
    "◯위원장 홍길동 회의를 시작하겠습니다. 오늘은 안건을 상정하겠습니다.",
    "위원님들의 의견을 듣겠습니다. 먼저 보고를 듣겠습니다. 질의를 하겠습니다.",
    "정부의 답변을 듣고 안건을 의결하겠습니다. 다음 회의를 준비하겠습니다.",
    "위원님들께서 의견을 주시면 정부가 검토하겠습니다. 안건을 심사하겠습니다.",
] * 3


def test_the_document_text_decides_a_line_end() -> None:
    words = Vocabulary(MINUTES, PAIRS)
    assert words.method == PAIRS
    assert not words.space_between("오늘은 안건을 상정하겠", "습니다. 위원님")  # inside a word
    assert words.space_between("오늘은 안건을", "상정하겠습니다.")  # after the particle 을
    assert not words.space_between("정부의 답변을 듣고 안건을 의", "결하겠습니다.")
    assert words.space_between("보고를 듣겠습니다.", "먼저")
    with pytest.raises(ValueError, match="unknown line-break method"):
        Vocabulary(MINUTES, "guesswork")


def test_kiwi_is_the_default_only_where_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(linebreaks, "kiwi_installed", lambda: False)
    assert Vocabulary(MINUTES).method == PAIRS
    monkeypatch.setattr(linebreaks, "kiwi_installed", lambda: True)
    assert Vocabulary(MINUTES).method == PAIRS_AND_KIWI


class FakeKiwi:
    """Stands in for kiwipiepy: answers with a set spacing and counts the questions."""

    def __init__(self, answer: str = "") -> None:
        self.answer, self.asked = answer, 0

    def space(self, text: str, reset_whitespace: bool = False) -> str:
        self.asked += 1
        return self.answer or text


def test_kiwi_is_loaded_only_when_a_line_end_needs_deciding(monkeypatch: pytest.MonkeyPatch) -> None:
    kiwi, loads = FakeKiwi(), []
    monkeypatch.setattr(linebreaks, "kiwi_installed", lambda: True)
    monkeypatch.setattr(linebreaks, "load_kiwi", lambda: loads.append(1) or kiwi)
    layout(pages(FIXTURES / "seoul-full.glyph-spaces-chars.pdf", Engine.pdfium))  # the PDF says
    assert loads == []
    layout(pages(FIXTURES / "seoul-full.gaps-chars-justified.pdf", Engine.pdfium))  # it does not
    assert loads and kiwi.asked


def test_without_kiwi_the_character_pairs_decide(monkeypatch: pytest.MonkeyPatch) -> None:
    """Installed but not loadable (out of the memory allowed, say): the method says so."""
    monkeypatch.setattr(linebreaks, "load_kiwi", lambda: None)
    words, alone = Vocabulary(MINUTES, PAIRS_AND_KIWI), Vocabulary(MINUTES, PAIRS)
    # unseen characters leave the pairs unsure: that is where kiwipiepy would be asked
    cases = [("오늘은 안건을 상정하겠", "습니다."), ("오늘은 안건을", "상정하겠습니다."), ("새로운", "법안")]
    assert [words.space_between(*case) for case in cases] == [alone.space_between(*case) for case in cases]
    assert words.method == PAIRS


@pytest.mark.parametrize(("answer", "space"), [("가나 다라 마바 사아", True), ("가나 다라마바 사아", False),
                                               ("가나다라 마바사아", True), ("가나 다 라마바사아", False)])
def test_kiwi_space_reads_the_break_in_its_answer(answer: str, space: bool) -> None:
    kiwi = FakeKiwi(answer)
    assert kiwi_space(kiwi, "첫 줄의 가나 다라", "마바 사아 나머지") is space
    assert kiwi.asked == 1


def test_kiwi_is_left_out_where_the_memory_allowed_is_too_small(monkeypatch: pytest.MonkeyPatch) -> None:
    """Out of memory kiwipiepy ends the process (std::bad_alloc): with --max-memory too small
    for it, the reader goes without it and gives the character pairs' text."""
    pytest.importorskip("kiwipiepy", reason=NO_KIWI)
    path = FIXTURES / "seoul-full.gaps-chars-justified.pdf"
    command = [sys.executable, "-m", "minutes_extract", "text", str(path), "--max-memory", "300"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    monkeypatch.setattr(linebreaks, "kiwi_installed", lambda: False)
    assert done.stdout == layout(pages(path, Engine.pdfium)).render()


def test_kiwi_space_with_kiwipiepy() -> None:
    pytest.importorskip("kiwipiepy", reason=NO_KIWI)
    kiwi = linebreaks.load_kiwi()
    assert kiwi is not None
    assert not kiwi_space(kiwi, "오늘은 안건을 상정하겠", "습니다. 위원님")
    assert kiwi_space(kiwi, "위원님들의 의견을", "듣겠습니다.")


def test_a_process_reading_several_pdfs_loads_kiwi_once_before_its_forks(tmp_path: Path) -> None:
    """The guarded reader forks a child per PDF: a child that needs kiwipiepy would load it
    again every time. From the second PDF on the parent loads it first, once, and the children
    inherit it; a single read never loads it in the parent."""
    pytest.importorskip("kiwipiepy", reason=NO_KIWI)
    script = (
        "from pathlib import Path\n"
        "from minutes_extract.inputs import read_document\n"
        "from minutes_extract.inputs.pdf.linebreaks import load_kiwi\n"
        f"data = Path({str(FIXTURES / 'seoul-full.gaps-chars-justified.pdf')!r}).read_bytes()\n"
        "first = read_document(data, 'a.pdf')\n"
        "print(load_kiwi.cache_info().currsize)\n"
        "second = read_document(data, 'a.pdf')\n"
        "print(load_kiwi.cache_info().currsize, first.text == second.text)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300,
                          check=True)
    assert done.stdout.split() == ["0", "1", "True"]
