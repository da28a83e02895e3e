"""The shape both HWP readers hand over (paragraphs with their tables, text boxes and notes),
laid out as lines of text the same way for HWP 5 and HWPX.

Layout: a paragraph's own text first (its line breaks and tabs kept), then, in the order they
are anchored in it, the text of what it holds: a table one row per line with cells joined by
CELL_SEPARATOR (a nested table's rows right after the row of the cell that holds it), a text
box's, footnote's or header's paragraphs each on their own lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

CELL_SEPARATOR = " | "


@dataclass(slots=True)
class Paragraph:
    text: str
    objects: list[Table | Paragraphs] = field(default_factory=list)


@dataclass(slots=True)
class Paragraphs:
    """A list of paragraphs anchored in a paragraph: a text box, a footnote, a caption…"""

    kind: str
    paragraphs: list[Paragraph]


@dataclass(slots=True)
class Table:
    rows: list[list[list[Paragraph]]]  # row → cell → the cell's paragraphs


def paragraph_lines(paragraphs: list[Paragraph]) -> list[str]:
    """The lines of some paragraphs in document order."""
    out: list[str] = []
    for paragraph in paragraphs:
        if paragraph.text.strip() or not paragraph.objects:
            out.extend(paragraph.text.split("\n"))
        for thing in paragraph.objects:
            out.extend(_object_lines(thing))
    return out


def _object_lines(thing: Table | Paragraphs) -> list[str]:
    if isinstance(thing, Paragraphs):
        return paragraph_lines(thing.paragraphs)
    out: list[str] = []
    for row in thing.rows:
        cells = [" ".join(_flat(p.text) for p in cell if p.text.strip()) for cell in row]
        if any(cells):
            out.append(CELL_SEPARATOR.join(cells).rstrip())
        for cell in row:
            for paragraph in cell:
                for inner in paragraph.objects:
                    out.extend(_object_lines(inner))
    return out


def _flat(text: str) -> str:
    """A cell is one piece of a row's line: its line breaks become spaces."""
    return " ".join(part.strip() for part in text.split("\n") if part.strip())
