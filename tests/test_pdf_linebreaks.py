"""How often the vocabulary guesses the line-end space right, where the truth is known.

On the Distiller PDFs every line end says whether a space glyph ends it. Hiding that and
asking the vocabulary instead measures the guess used for PDFs that draw no space glyphs.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from minutes_extract.inputs.pdf.engines import Engine, pages
from minutes_extract.inputs.pdf.linebreaks import Vocabulary

DISTILLER = ["na-foreign-2024-07-17-full", "na-sci-ict-2024-09-03-bill-sub"]


@pytest.mark.parametrize("name", DISTILLER)
def test_vocabulary_guess_beats_always_joining(corpus: Path, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = corpus / "national-assembly" / name / "minutes.pdf"
    if not path.is_file():
        pytest.fail(f"corpus PDF missing: {path}")
    document = list(pages(path, Engine.pdfium))
    words = Vocabulary(line.text for page in document for line in page.lines)
    right_guesses: Counter[bool] = Counter()
    no_space = 0
    for page in document:
        if len(page.lines) < 2:
            continue
        margin = Counter(round(line.x0) for line in page.lines).most_common(1)[0][0]
        right = max(line.x1 for line in page.lines)
        for above, below in zip(page.lines, page.lines[1:], strict=False):
            wrapped = above.x1 > right - 15 and round(below.x0) <= margin + 1 and not below.text.startswith("◯")
            if not wrapped or above.trailing_space is None:
                continue
            guess = words.space_between(above.text, below.text)
            right_guesses[guess == above.trailing_space] += 1
            no_space += above.trailing_space is False
    total = sum(right_guesses.values())
    accuracy, baseline = right_guesses[True] / total, no_space / total
    with capsys.disabled():
        print(f"\n{name}: {total} wrapped lines, vocabulary right {accuracy:.1%}, always-join right {baseline:.1%}")
    assert total > 1000
    assert accuracy >= 0.78
    assert accuracy > baseline + 0.1
