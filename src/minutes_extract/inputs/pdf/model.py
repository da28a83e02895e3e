"""What a PDF engine hands to the layout step: positioned lines, page by page.

Coordinates are PDF points with the origin at the top-left of the page (y grows down), so
`top` < `bottom` and lines sort naturally in reading order.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class PdfLine:
    text: str  # the line's text, words separated by single spaces, no trailing space
    x0: float
    x1: float
    top: float
    bottom: float
    # Does a space glyph end the line? True/False where the PDF draws space glyphs at all,
    # None where it draws none (words separated only by gaps): no evidence either way.
    trailing_space: bool | None = None


@dataclass(slots=True)
class PdfPage:
    number: int  # 1-based page index
    width: float
    height: float
    lines: list[PdfLine] = field(default_factory=list)
    glyphs: int = 0  # characters drawn, to tell a scanned page from a text page
