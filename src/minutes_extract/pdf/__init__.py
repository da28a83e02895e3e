"""PDF input: engines turn pages into positioned lines, layout turns those into the clean
text the parser reads, and spans get the pages their lines came from."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from .. import diagnostics as dx
from ..errors import ExitCode, InputError
from ..models import Diagnostic, MinutesRecord, Remark, Span
from ..parser import parse_text
from .engines import Engine, PdfOpenError, pages
from .layout import CleanText, layout

PDF_MAGIC = b"%PDF-"

__all__ = ["PDF_MAGIC", "CleanText", "Engine", "clean_pdf_text", "is_pdf", "parse_pdf", "record_from_clean"]


def is_pdf(data: bytes) -> bool:
    """By content, not by name: the header may follow a little junk, as readers allow."""
    return PDF_MAGIC in data[:1024]


def clean_pdf_text(data: bytes, path: str, engine: Engine = Engine.pdfium,
                   password: str | None = None) -> CleanText:
    """The clean text of a PDF, or InputError when it cannot be read or has no text."""
    try:
        clean = layout(pages(data, engine, password))
    except PdfOpenError as err:
        raise InputError(path, err.problem, ExitCode.PDF_UNREADABLE) from None
    except Exception as exc:  # PDF libraries raise many kinds of error on broken files
        raise InputError(path, f"not a readable PDF ({type(exc).__name__}: {exc})",
                         ExitCode.PDF_UNREADABLE) from None
    if clean.text_pages == 0:
        raise InputError(path, f"no text layer on any of its {clean.page_count} page(s): a scanned "
                         "PDF needs OCR first", ExitCode.NO_TEXT_LAYER)
    return clean


def parse_pdf(data: bytes, path: str, engine: Engine = Engine.pdfium,
              password: str | None = None, profile: str = "auto") -> MinutesRecord:
    return record_from_clean(clean_pdf_text(data, path, engine, password), data, path, engine, profile)


def record_from_clean(clean: CleanText, data: bytes, path: str, engine: Engine,
                      profile: str = "auto") -> MinutesRecord:
    """The record of a PDF whose clean text is already made (line N = clean line N)."""
    extra: list[Diagnostic] = list(clean.diagnostics)
    if clean.text_pages < clean.page_count:
        extra.append(dx.PAGES_WITHOUT_TEXT.at(
            f"{clean.page_count - clean.text_pages} of {clean.page_count} pages have no text layer"))
    if not clean.line_end_evidence:
        extra.append(dx.INFERRED_LINE_ENDS.at(
            "no space glyphs in this PDF: spaces where lines break were inferred"))
    record = parse_text(clean.render(), path=path, encoding=None, sha256=hashlib.sha256(data).hexdigest(),
                        source_format="pdf", extra_diagnostics=extra, profile=profile,
                        hints=[item.text for item in clean.furniture])
    record.source.pages = clean.page_count
    record.source.pdf_engine = engine.value
    record.source.furniture = clean.furniture
    _add_pages(record, clean)
    return record


def _add_pages(record: MinutesRecord, clean: CleanText) -> None:
    """Give every span the pages of its lines (line N of the record = clean line N)."""
    lines = clean.lines

    def fill(span: Span | None) -> None:
        if span is None:
            return
        first = lines[min(span.start_line, len(lines)) - 1]
        last = lines[min(span.end_line, len(lines)) - 1]
        span.page_start, span.page_end = first.page_start, last.page_end

    def walk(remarks: list[Remark]) -> Iterator[Remark]:
        for remark in remarks:
            yield remark
            yield from walk(remark.children)

    for item in record.front_matter:
        fill(item.span)
    for section in record.sections:
        fill(section.span)
    for field in record.meeting.overview:
        fill(field.span)
    fill(record.meeting.overview_span)
    for note in record.notes:
        fill(note.span)
    for block in record.appendix:
        fill(block.span)
    for turn in record.turns:
        fill(turn.span)
        for remark in walk(turn.remarks):
            fill(remark.span)
    for diagnostic in record.diagnostics:
        if diagnostic.line is not None and diagnostic.page is None and diagnostic.line <= len(lines):
            diagnostic.page = lines[diagnostic.line - 1].page_start
