"""Both engines read a Hancom-like PDF alike, made here byte by byte.

Hancom PDF draws every glyph from Type3 fonts whose glyphs all declare a full em as their
box (`w 0 -200 1000 1000 d1`), scaled by 0.12 with flipped text matrices, one text object
per word or font run, no space glyphs: words are placed with gaps. pdfium's loose boxes for
such fonts are the declared boxes, which hid the gap after a narrow glyph (`AI 허브`,
`G7 외교장관`, `다. 그래서`); its text page dropped a one-glyph object whose code matched
the one before it in another font (`·타` read as `·`) and shifted every box after a control
character its text leaves out. The glyphs here are plain bars, as wide as their advance.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pytest

from minutes_extract.inputs.pdf.engines import Engine, pages

SIZE = 11.52  # points, as Hancom sets body text
GAP = 0.39  # em between words, as Hancom places them
HANGUL = "허브를외교장관다그래서명분실리타이밍굵게"
LATIN = {"A": 640, "I": 280, "G": 700, "7": 520, "(": 390, ")": 390, ".": 250, "·": 300,
         "c": 500, "r": 340, "i": 240, "m": 780, "e": 520, "a": 520, "g": 540, "n": 540, "s": 460,
         "t": 320, "h": 540, "u": 540, "y": 500, "\x03": 0}


@dataclass
class Type3Pdf:
    """A one-page PDF drawn the way Hancom PDF draws text."""

    fonts: list[list[tuple[str, int]]]  # per font: (character, advance in 1/1000 em) by code
    objects: list[bytes] = field(default_factory=list)
    content: list[bytes] = field(default_factory=list)

    def code(self, font: int, char: str) -> int:
        return [c for c, _ in self.fonts[font]].index(char)

    def width(self, font: int, text: str) -> float:
        return sum(self.fonts[font][self.code(font, c)][1] for c in text) * SIZE / 1000

    def word(self, font: int, text: str, x: float, y: float) -> float:
        """Draws ``text`` in one text object at baseline ``y`` from the top; returns its end."""
        codes = b"".join(b"%02X" % self.code(font, c) for c in text)
        scale = 1 / 0.12
        self.content.append(b"q 0.12 0 0 -0.12 0 842 cm BT /T%d %.3f Tf 1 0 0 -1 %.3f %.3f Tm [<%s>] TJ ET Q\n"
                            % (font, SIZE * scale, x * scale, y * scale, codes))
        return x + self.width(font, text)

    def line(self, y: float, *words: tuple[int, str], gaps: tuple[float, ...] = ()) -> None:
        """Words left to right from x = 60, ``gaps`` (em) between them, GAP where not given."""
        x = 60.0
        for k, (font, text) in enumerate(words):
            x = self.word(font, text, x, y) + (gaps[k] if k < len(gaps) else GAP) * SIZE

    def add(self, body: bytes) -> int:
        self.objects.append(body)
        return len(self.objects)

    def stream(self, data: bytes) -> int:
        return self.add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(data), data))

    def font(self, glyphs: list[tuple[str, int]]) -> int:
        procs = b" ".join(b"/g%d %d 0 R" % (code, self.stream(b"%d 0 0 -200 1000 1000 d1 %d 0 %d 700 re f"
                                                                   % (w, w // 10, w * 8 // 10)))
                          for code, (_, w) in enumerate(glyphs))
        unicode = b"".join(b"<%02X> <%04X>\n" % (code, ord(c)) for code, (c, _) in enumerate(glyphs))
        cmap = self.stream(b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /U def "
                           b"1 begincodespacerange <00> <FF> endcodespacerange %d beginbfchar\n%sendbfchar "
                           b"endcmap CMapName currentdict /CMap defineresource pop end end" % (len(glyphs), unicode))
        names = b" ".join(b"/g%d" % code for code in range(len(glyphs)))
        widths = b" ".join(b"%d" % w for _, w in glyphs)
        return self.add(b"<< /Type /Font /Subtype /Type3 /FontBBox [0 -200 1000 1000] /FontMatrix [0.001 0 0 0.001 0 0]"
                        b" /CharProcs << %s >> /Encoding << /Differences [0 %s] >> /FirstChar 0 /LastChar %d"
                        b" /Widths [%s] /ToUnicode %d 0 R /Resources << >> >>"
                        % (procs, names, len(glyphs) - 1, widths, cmap))

    def bytes(self) -> bytes:
        fonts = b" ".join(b"/T%d %d 0 R" % (k, self.font(glyphs)) for k, glyphs in enumerate(self.fonts))
        contents = self.stream(b"".join(self.content))
        pages_ref = len(self.objects) + 2
        page = self.add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R"
                        b" /Resources << /Font << %s >> >> >>" % (pages_ref, contents, fonts))
        self.add(b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page)
        catalog = self.add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_ref)
        out, offsets = b"%PDF-1.7\n", []
        for number, body in enumerate(self.objects, 1):
            offsets.append(len(out))
            out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
        xref = b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
        return out + (b"xref\n0 %d\n0000000000 65535 f \n%strailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
                      % (len(offsets) + 1, xref, len(offsets) + 1, catalog, len(out)))


def hancom_like() -> tuple[bytes, list[str]]:
    """The PDF and the lines it shows."""
    hangul, latin = [(c, 1000) for c in HANGUL], list(LATIN.items())
    # `·` and `타` share code 3 in their fonts, as codes recur across Hancom's Type3 fonts
    latin.insert(3, latin.pop(list(LATIN).index("·")))
    hangul.insert(3, hangul.pop(HANGUL.index("타")))
    doc = Type3Pdf([hangul, latin])
    doc.line(100, (1, "\x03AI"), (0, "허브를"), (1, "G7"), (0, "외교장관"))
    doc.line(120, (1, "(crime"), (1, "against"), (1, "humanity)"))
    doc.line(140, (0, "다"), (1, "."), (0, "그래서"), gaps=(0, 0.2))  # a narrow gap after the full stop
    doc.line(160, (0, "명분"), (1, "·"), (0, "실리"), (1, "·"), (0, "타"), (0, "이밍"), gaps=(0, 0, 0, 0, 0))
    for shift in (0, 0.2, 0.4):  # drawn thrice, a little apart: a bold effect
        doc.word(0, "굵게", 60 + shift, 180)
    return doc.bytes(), ["AI 허브를 G7 외교장관", "(crime against humanity)", "다. 그래서", "명분·실리·타이밍", "굵게"]


@pytest.mark.parametrize("engine", list(Engine))
def test_engines_read_a_hancom_like_pdf_as_drawn(engine: Engine) -> None:
    data, expected = hancom_like()
    [page] = pages(data, engine)
    assert [line.text for line in page.lines] == expected
    assert all(line.trailing_space is None for line in page.lines)  # no space glyphs: no evidence


def test_what_pdfium_alone_sees_of_it() -> None:
    """pdfium's own text layer has the spaces its loose boxes hide, lacks the glyph its text
    page drops, and leaves out a character that it still counts: what the engine works around."""
    data, _ = hancom_like()
    document = pdfium.PdfDocument(data)
    textpage = document[0].get_textpage()
    text = textpage.get_text_range()
    assert "AI 허브를 G7 외교장관" in text and "다. 그래서" in text
    assert "실리·타이밍" not in text and "실리· 이밍" in text
    assert textpage.count_chars() == len(text) + 1  # the control character
    g = pdfium.raw.FPDFText_GetCharIndexFromTextIndex(textpage, text.index("G"))
    left, _, right, _ = textpage.get_charbox(g, loose=True)
    assert right - left == pytest.approx(SIZE, abs=0.01)  # a full em, though G advances 0.7 em
    textpage.close()
    document.close()


def test_actual_text_is_not_read_twice() -> None:
    """pdfium reads a marked span's ActualText in place of its glyphs and leaves out the span's
    later text objects: those are not read apart (pdfminer reads the glyphs; the engines may
    differ in spaces there, as pdfium spreads the ActualText over the first object's box)."""
    doc = Type3Pdf([[(c, 1000) for c in "가나다라마"]])
    x = doc.word(0, "가나", 60, 100)
    doc.content.append(b"/Span << /ActualText <FEFFB2E4B77C> >> BDC\n")  # 다라
    x = doc.word(0, "라", doc.word(0, "다", x, 100), 100)
    doc.content.append(b"EMC\n")
    doc.word(0, "마", x, 100)
    [page] = pages(doc.bytes(), Engine.pdfium)
    assert [line.text.replace(" ", "") for line in page.lines] == ["가나다라마"]
