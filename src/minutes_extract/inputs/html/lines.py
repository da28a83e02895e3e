"""Any HTML page as lines: what a browser would show, one block a line.

Block elements (p, div, li, h1–h6, …) and `<br>` end a line; inline elements join (`<b>의장</b>
김병국` is one line); runs of whitespace, no-break spaces included, are one space; `<pre>` keeps
its lines. A table row whose cells are one line each becomes one line, the cells separated by
TWO spaces (the separator the ◯ format already reads between a speaker and the speech); a row
whose cells hold paragraphs (a layout table) gives each cell's lines in turn.
"""

from __future__ import annotations

from .tree import BLOCK, Node

CELL_SEPARATOR = "  "
_ROW_GROUPS = frozenset({"thead", "tbody", "tfoot"})


class LineWriter:
    """Walks a tree and writes its lines; subclasses read some elements their own way."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._inline: list[str] = []
        self._pre = 0

    def element(self, node: Node) -> bool:
        """Write an element in a special way and say so; the default reads none specially."""
        return False

    def is_block(self, node: Node) -> bool:
        return node.tag in BLOCK

    def walk(self, node: Node) -> None:
        for child in node.children:
            if isinstance(child, str):
                self.text(child)
            else:
                self.node(child)

    def node(self, node: Node) -> None:
        if self.element(node):
            return
        if node.tag == "br":
            self.flush()
        elif node.tag == "table":
            self.flush()
            self.table(node)
        elif node.tag == "pre":
            self.flush()
            self._pre += 1
            self.walk(node)
            self.flush()
            self._pre -= 1
        elif self.is_block(node):
            self.flush()
            self.walk(node)
            self.flush()
        else:
            self.walk(node)

    def text(self, text: str) -> None:
        if not self._pre:
            self._inline.append(text)
            return
        first, *rest = text.split("\n")
        self._inline.append(first)
        for piece in rest:
            self.flush()
            self._inline.append(piece)

    def flush(self) -> None:
        """End the line being written (nothing when it is blank)."""
        joined = "".join(self._inline)
        self._inline.clear()
        if self._pre:
            line = joined.replace("\xa0", " ").replace("\t", " ").rstrip()
        else:
            line = " ".join(joined.split())
        if line.strip():
            self.lines.append(line)

    def table(self, table: Node) -> None:
        for child in table.children:
            if isinstance(child, str):
                self.text(child)
            elif child.tag == "tr":
                self.flush()  # text before the row (outside any cell) is a line before it
                self.row(child)
            elif child.tag in _ROW_GROUPS:
                self.table(child)
            else:
                self.node(child)
        self.flush()

    def row(self, row: Node) -> None:
        cells: list[list[str]] = []
        for child in row.children:
            sub = self.fresh()
            if isinstance(child, str):
                sub.text(child)
            elif child.tag in ("td", "th"):
                sub.walk(child)
            else:
                sub.node(child)
            sub.flush()
            if sub.lines:
                cells.append(sub.lines)
        if all(len(cell) == 1 for cell in cells):
            if cells:
                self.lines.append(CELL_SEPARATOR.join(cell[0] for cell in cells))
        else:
            self.lines.extend(line for cell in cells for line in cell)

    def fresh(self) -> LineWriter:
        """An empty writer that reads elements as this one does (for a table cell)."""
        return LineWriter()


def page_lines(root: Node) -> list[str]:
    """The lines of any page."""
    writer = LineWriter()
    writer.walk(root)
    writer.flush()
    return writer.lines
