"""Tesseract's TSV output → lines of words with their boxes, and how plausible a page is.

One tesseract run in `tsv` mode gives both the text and each word's confidence: rows of
level 5 are words, numbered by block, paragraph and line; a line is the words that share
those three numbers, in order.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
MIN_CONFIDENCE = 60.0  # mean word confidence below this: implausible, and warned about
# Hangul syllables per square inch of the page: a full page of minutes holds about 20 (about
# 1,800 syllables on A4); psm 3's failures on clean renders left a handful. Below this the page
# is read again with psm 6.
MIN_HANGUL_PER_SQUARE_INCH = 3.0


@dataclass(slots=True)
class OcrLine:
    text: str
    left: int  # pixels of the rendered page
    top: int
    right: int
    bottom: int
    block: int = 0  # tesseract's block number


@dataclass(slots=True)
class PageText:
    lines: list[OcrLine]
    confidence: float  # mean word confidence, 0-100 (0 when there are no words)
    words: int

    def hangul(self) -> int:
        return sum(len(_HANGUL.findall(line.text)) for line in self.lines)


def parse(table: str, text: str = "") -> PageText:
    """Lines from TSV rows (level 5 = word; blank words, which tesseract emits, dropped). Each
    line's text is the matching non-blank line of tesseract's plain text when the two agree
    line for line (the TSV splits Korean words into pieces), else its words joined by gaps."""
    rows: dict[tuple[int, int, int], list[list[str]]] = {}
    for row in table.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        rows.setdefault((int(cells[2]), int(cells[3]), int(cells[4])), []).append(cells)
    plain = [line.strip() for line in text.splitlines() if line.strip()]
    if len(plain) != len(rows):
        plain = [_joined(words) for words in rows.values()]
    lines: list[OcrLine] = []
    confidences: list[float] = []
    for (block, _, _), words, line in zip(rows, rows.values(), plain, strict=True):
        boxes = [(int(w[6]), int(w[7]), int(w[8]), int(w[9])) for w in words]
        lines.append(OcrLine(line, min(b[0] for b in boxes), min(b[1] for b in boxes),
                             max(b[0] + b[2] for b in boxes), max(b[1] + b[3] for b in boxes), block))
        confidences.extend(float(w[10]) for w in words if float(w[10]) >= 0)
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    return PageText(lines, round(mean, 1), len(confidences))


def _joined(words: list[list[str]]) -> str:
    """Words of one line joined with a space where the gap before one is wider than half the
    line's height (letter spacing in justified lines stays below that)."""
    height = max(int(w[9]) for w in words)
    out = words[0][11].strip()
    for before, word in itertools.pairwise(words):
        gap = int(word[6]) - (int(before[6]) + int(before[8]))
        out += (" " if gap > height / 2 else "") + word[11].strip()
    return out


def implausible(page: PageText, square_inches: float) -> str | None:
    """Why a page's reading looks wrong (then another segmentation mode is tried), or None."""
    if page.words == 0:
        return "no words read"  # a blank page, or a mode that saw no text: the other mode decides
    if page.confidence < MIN_CONFIDENCE:
        return f"mean confidence {page.confidence:.0f} < {MIN_CONFIDENCE:.0f}"
    density = page.hangul() / max(square_inches, 1e-6)
    if density < MIN_HANGUL_PER_SQUARE_INCH:
        return f"{density:.1f} Hangul syllables per square inch < {MIN_HANGUL_PER_SQUARE_INCH:g}"
    return None


def better(first: PageText, second: PageText) -> bool:
    """Is `second` the better reading? More Hangul read with confidence wins."""
    return second.hangul() * second.confidence > first.hangul() * first.confidence
