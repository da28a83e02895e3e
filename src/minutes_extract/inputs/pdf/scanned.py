"""Pages read by OCR, in the shape of the text layer's clean lines: one clean line per OCR
line, with its page; running headers, footers and page numbers found as layout.py finds them
(by position and repetition); misread ○ speaker markers put back (ocr.markers)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pypdfium2 as pdfium

from ... import diagnostics as dx
from ...models import Diagnostic, FurnitureLine, OcrPage, OcrSource
from ..ocr import LANGUAGE, OcrReading, engine, read_pages, repair_marker
from ..ocr.tesseract import DPI
from ..ocr.tsv import MIN_CONFIDENCE
from .layout import _ZONE, CleanLine, CleanText, _remove_furniture
from .model import PdfLine, PdfPage


@dataclass(slots=True)
class Scan:
    lines: list[CleanLine] = field(default_factory=list)
    furniture: list[FurnitureLine] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    source: OcrSource | None = None
    blank: list[int] = field(default_factory=list)  # pages drawn blank: nothing to read


def read_scan(data: bytes, password: str | None, numbers: list[int], workers: int | None = None) -> Scan:
    """The given pages (1-based) read by OCR. TesseractMissing when it cannot run."""
    name = engine()  # before any rendering: missing tesseract is said at once
    document = pdfium.PdfDocument(data, password=password)
    try:
        readings = read_pages(document, numbers, workers)
    finally:
        document.close()
    scan = Scan(blank=[reading.number for reading in readings if reading.blank])
    read = [reading for reading in readings if not reading.blank]
    if not read:
        return scan
    pages = [_as_page(reading) for reading in read]
    found = CleanText(page_count=len(pages), text_pages=len(pages))
    _remove_furniture(pages, found)
    scan.furniture, scan.diagnostics = found.furniture, found.diagnostics
    repaired = 0
    for page in pages:
        for line in page.lines:
            text = repair_marker(line.text)
            repaired += text != line.text
            scan.lines.append(CleanLine(text, page.number, page.number))
    scan.source = OcrSource(engine=name, language=LANGUAGE, pages=[
        OcrPage(page=r.number, confidence=r.text.confidence, psm=r.psm) for r in read])
    scan.diagnostics.extend(_findings(scan.source, repaired))
    return scan


def _as_page(reading: OcrReading) -> PdfPage:
    """OCR lines as positioned lines in points. A block wholly in the top tenth of the page
    comes first, one wholly in the bottom tenth last: tesseract may read a running header
    between two columns."""
    scale = 72 / DPI
    lines = [PdfLine(line.text, line.left * scale, line.right * scale, line.top * scale,
                     line.bottom * scale) for line in reading.text.lines]
    blocks = [line.block for line in reading.text.lines]
    top, bottom = reading.height * _ZONE, reading.height * (1 - _ZONE)
    above = set(blocks) - {b for b, line in zip(blocks, lines, strict=True) if line.bottom > top}
    below = set(blocks) - {b for b, line in zip(blocks, lines, strict=True) if line.top < bottom}
    order = sorted(range(len(lines)),
                   key=lambda i: 0 if blocks[i] in above else 2 if blocks[i] in below else 1)
    return PdfPage(reading.number, reading.width, reading.height, [lines[i] for i in order], glyphs=0)


def _findings(source: OcrSource, repaired: int) -> list[Diagnostic]:
    pages = source.pages
    mean = sum(page.confidence for page in pages) / len(pages)
    out = [dx.OCR_TEXT.at(
        f"{len(pages)} page(s) read by OCR ({source.engine}, {source.language}), mean confidence "
        f"{mean:.0f}; {repaired} speaker marker(s) read as other glyphs put back to ○; check the text")]
    out.extend(dx.OCR_LOW_CONFIDENCE.at(
        f"page {page.page} read by OCR with mean confidence {page.confidence:.0f} "
        f"(< {MIN_CONFIDENCE:.0f}): its text may be wrong in many places", page=page.page)
        for page in pages if page.confidence < MIN_CONFIDENCE)
    return out
