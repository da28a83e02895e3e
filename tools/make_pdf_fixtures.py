"""Render the text samples as PDFs, in the ways real minutes PDFs are drawn.

    python tools/make_pdf_fixtures.py     (needs reportlab and fonts-nanum; run by hand)

The PDFs are committed under tests/fixtures/pdf/, so the tests need neither the font nor
reportlab. Each variant draws the same minutes differently:

- glyph-spaces-words: space glyphs between words and at the end of a line broken at a space
  (as Acrobat Distiller does), lines broken between words;
- glyph-spaces-chars: the same, but lines broken anywhere, inside words too (HWP's default);
- glyph-spaces-justified: lines broken inside words and stretched to the right margin;
- glyph-spaces-hanging: as glyph-spaces-words, with a bullet's wrapped lines indented under
  its text (a hanging indent), as word processors set lists;
- glyph-spaces-ragged: space glyphs between words but none at the end of a line (what most
  word processors and PDF libraries emit), lines broken between words, ragged right;
- gaps-words: no space glyphs at all, words placed with gaps (as Hancom PDF does), lines
  broken between words;
- gaps-chars-justified: no space glyphs, justified, broken inside words: line-end spaces
  must be inferred.

Nested bullets are indented by their level (the distinct indentations of the text, in order).

Every page has a running header with the page number (left or right by parity) and a
`- N -` footer; paragraphs and nested bullets run across page breaks.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "pdf"
FONT_FILE = "/usr/share/fonts/truetype/nanum/NanumGothic.ttf"
FONT, SIZE, LEADING = "NanumGothic", 10.0, 16.0
WIDTH, HEIGHT = 595.0, 842.0
LEFT, RIGHT, TOP = 60.0, 535.0, 80.0
PAGE_LENGTHS = (17, 19, 23)  # lines per page in turn, so breaks fall inside paragraphs too
NESTED_INDENT = 14.0
PARAGRAPH_INDENT = 10.0


@dataclass(frozen=True)
class Variant:
    name: str
    space_glyphs: bool
    break_inside_words: bool
    justify: bool
    hanging: bool = False  # a bullet's wrapped lines start under its text
    end_spaces: bool = True  # (with space glyphs) a line broken at a space ends in one


VARIANTS = (
    Variant("glyph-spaces-words", True, False, False),
    Variant("glyph-spaces-chars", True, True, False),
    Variant("glyph-spaces-justified", True, True, True),
    Variant("glyph-spaces-hanging", True, False, False, hanging=True),
    Variant("glyph-spaces-ragged", True, False, False, end_spaces=False),
    Variant("gaps-words", False, False, False),
    Variant("gaps-chars-justified", False, True, True),
)
BULLETS = ("- ", "· ", "• ")


def width(text: str) -> float:
    return pdfmetrics.stringWidth(text, FONT, SIZE)


def wrap(
    text: str, room: float, inside_words: bool, first_room: float | None = None
) -> list[tuple[str, bool]]:
    """Pieces of one paragraph, each with: did the break after it fall on a space?
    ``first_room`` is the first line's width where it differs from the others' (``room``)."""
    pieces: list[tuple[str, bool]] = []

    def room_for(index: int) -> float:
        return first_room if index == 0 and first_room is not None else room

    if inside_words:
        start = 0
        while start < len(text):
            end = start
            while end < len(text) and width(text[start:end + 1]) <= room_for(len(pieces)):
                end += 1
            if end == len(text):
                pieces.append((text[start:], False))
                break
            at_space = text[end] == " "
            pieces.append((text[start:end].rstrip(" "), at_space or text[end - 1] == " "))
            start = end
            while start < len(text) and text[start] == " ":
                start += 1
        return pieces
    words, line = text.split(" "), ""
    for word in words:
        candidate = f"{line} {word}" if line else word
        if line and width(candidate) > room_for(len(pieces)):
            pieces.append((line, True))
            line = word
        else:
            line = candidate
    pieces.append((line, False))
    return pieces


class Writer:
    def __init__(self, path: Path, variant: Variant, header: str) -> None:
        # invariant: no time stamps or random IDs, so regenerating changes nothing
        self.canvas = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT), invariant=True)
        self.canvas.setTitle(path.stem)
        self.variant, self.header = variant, header
        self.page, self.y, self.drawn = 0, TOP, PAGE_LENGTHS[0]  # forces a page on the first line
        self.long_paragraphs = {"top": 0, "nested": 0}

    def _new_page(self) -> None:
        if self.page:
            self.canvas.showPage()
        self.page += 1
        self.y, self.drawn = TOP, 0
        self.canvas.setFont(FONT, 8.5)
        running = f"{self.page} {self.header}" if self.page % 2 == 0 else f"{self.header} {self.page}"
        x = LEFT if self.page % 2 == 0 else RIGHT - pdfmetrics.stringWidth(running, FONT, 8.5)
        self.canvas.drawString(x, HEIGHT - 45, running)
        footer = f"- {self.page} -"
        self.canvas.drawString((WIDTH - pdfmetrics.stringWidth(footer, FONT, 8.5)) / 2, 40, footer)
        self.canvas.setFont(FONT, SIZE)

    def blank(self) -> None:
        if self.drawn:
            self.y += LEADING

    def paragraph(self, text: str, indent: float, first_indent: float = 0.0) -> None:
        full = RIGHT - LEFT - indent
        hang = width(text[:2]) if self.variant.hanging and text.startswith(BULLETS) else 0.0
        room = full - hang
        pieces = wrap(text, room, self.variant.break_inside_words, full - first_indent)
        # Every third long paragraph, and every second long nested one (the first is the
        # overview's attendee list), runs across a page break.
        split_after = None
        if len(pieces) >= 2:
            kind = "nested" if indent else "top"
            self.long_paragraphs[kind] += 1
            count = self.long_paragraphs[kind]
            if (kind == "top" and count % 3 == 1) or (kind == "nested" and count % 2 == 0):
                split_after = 0
        for index, (piece, at_space) in enumerate(pieces):
            if self.drawn >= PAGE_LENGTHS[self.page % len(PAGE_LENGTHS)] or index - 1 == split_after:
                self._new_page()
            self.drawn += 1
            last = index == len(pieces) - 1
            shift = first_indent if index == 0 else hang
            x = LEFT + indent + shift
            self._draw(piece, x, HEIGHT - self.y, full - shift, at_space, justify=not last)
            self.y += LEADING

    def _draw(self, piece: str, x: float, y: float, room: float, at_space: bool, justify: bool) -> None:
        words = piece.split(" ")
        natural = width(piece)
        gaps = len(words) - 1
        stretch = (room - natural) / gaps if self.variant.justify and justify and gaps else 0.0
        if self.variant.space_glyphs:
            text = self.canvas.beginText(x, y)
            text.setFont(FONT, SIZE)
            text.setWordSpace(stretch)
            text.textOut(piece + (" " if at_space and self.variant.end_spaces else ""))
            self.canvas.drawText(text)
            return
        space = width(" ")
        for word in words:
            self.canvas.drawString(x, y, word)
            x += width(word) + space + stretch

    def save(self) -> None:
        self.canvas.save()


def render(sample: Path, variant: Variant) -> Path:
    lines = sample.read_text(encoding="utf-8").split("\n")
    title = next((line for line in lines if "회의록" in line and "「" in line), sample.stem)
    path = OUT / f"{sample.stem}.{variant.name}.pdf"
    writer = Writer(path, variant, title.replace("「", "").replace("」", ""))
    # The ◯ format indents the first line of every paragraph but speaker lines (as the
    # National Assembly's PDFs do); the 〈…〉 format hangs its bullets instead.
    assembly = sample.stem.startswith("assembly")
    levels = sorted({len(line) - len(line.lstrip(" ")) for line in lines if line.strip()})
    for line in lines:
        if not line.strip():
            writer.blank()
        else:
            depth = levels.index(len(line) - len(line.lstrip(" ")))
            first = PARAGRAPH_INDENT if assembly and not line.startswith("◯") else 0.0
            writer.paragraph(line.strip(), NESTED_INDENT * depth, first)
    writer.save()
    return path


ENCRYPTED_PASSWORD = "minutes"


def render_encrypted(sample: Path) -> Path:
    """The short sample, AES-encrypted with a user password (tests --password)."""
    from reportlab.lib.pdfencrypt import StandardEncryption

    path = OUT / f"{sample.stem}.encrypted.pdf"
    writer = Writer(path, VARIANTS[0], sample.stem)
    writer.canvas._doc.encrypt = StandardEncryption(ENCRYPTED_PASSWORD, canPrint=1)
    for line in sample.read_text(encoding="utf-8").split("\n"):
        if line.strip():
            writer.paragraph(line.strip(), NESTED_INDENT if line.startswith(" ") else 0.0)
        else:
            writer.blank()
    writer.save()
    return path


def main() -> None:
    pdfmetrics.registerFont(TTFont(FONT, FONT_FILE))
    OUT.mkdir(parents=True, exist_ok=True)
    for sample in sorted((ROOT / "samples").glob("*.txt")):
        for variant in VARIANTS:
            print(render(sample, variant).relative_to(ROOT))
    short = ROOT / "samples" / "seoul-short.txt"
    print(render_encrypted(short).relative_to(ROOT))


if __name__ == "__main__":
    main()
