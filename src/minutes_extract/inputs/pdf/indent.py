"""How deep a bullet is nested: from the document's indentation columns, not from the line
before it (a page of nested items alone has no top-level line to measure from).

Each page's left edge is its leftmost line, unless that lies well right of where the pages
of the same parity usually start (a page holding only nested items): then the usual edge.
The distinct offsets from that edge at which bullets start are the document's columns; a
bullet's depth is the number of columns to the right of the edge up to its own.
"""

from __future__ import annotations

import statistics
from collections import Counter

from .model import PdfLine, PdfPage

BULLETS = ("-", "·", "ㆍ", "•", "‐", "–", "∙", "◦", "▪")
_TOLERANCE = 0.4  # of the line height: offsets closer than this are one column


class Depths:
    def __init__(self, pages: list[PdfPage]) -> None:
        heights = [line.bottom - line.top for page in pages for line in page.lines]
        self.tolerance = _TOLERANCE * (statistics.median(heights) if heights else 10.0)
        self.edges = _left_edges(pages, self.tolerance)
        offsets = sorted(line.x0 - self.edges[page.number] for page in pages for line in page.lines
                         if line.text.startswith(BULLETS))
        self.columns = _columns([o for o in offsets if o > self.tolerance], self.tolerance)

    def depth(self, page: PdfPage, line: PdfLine) -> int:
        """0 for a line at the page's left edge; else how many bullet columns lie up to it."""
        offset = line.x0 - self.edges.get(page.number, line.x0)
        if offset <= self.tolerance:
            return 0
        return max(1, sum(1 for column in self.columns if column <= offset + self.tolerance))


def _left_edges(pages: list[PdfPage], tolerance: float) -> dict[int, float]:
    leftmost = {page.number: min(line.x0 for line in page.lines) for page in pages if page.lines}
    usual: dict[int, float] = {}
    for parity in (0, 1):
        edges = [round(x) for number, x in leftmost.items() if number % 2 == parity]
        if edges:
            usual[parity] = Counter(edges).most_common(1)[0][0]
    return {number: usual[number % 2] if x > usual[number % 2] + tolerance else x
            for number, x in leftmost.items()}


def _columns(offsets: list[float], tolerance: float) -> list[float]:
    columns: list[float] = []
    for offset in offsets:
        if not columns or offset > columns[-1] + tolerance:
            columns.append(offset)
    return columns
