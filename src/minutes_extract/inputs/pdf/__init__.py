"""PDF input: engines turn pages into positioned lines, layout turns those into the clean
text the parser reads, and every line of it keeps the pages it came from."""

from __future__ import annotations

import hashlib

from ... import diagnostics as dx
from ...errors import ExitCode, InputError
from ..document import Document, ReadOptions
from .engines import Engine, PdfOpenError, pages
from .layout import CleanText, layout

PDF_MAGIC = b"%PDF-"

__all__ = ["PDF_MAGIC", "CleanText", "Engine", "clean_pdf_text", "is_pdf", "read_pdf"]


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
    except MemoryError:
        raise  # out of the memory allowed: the guard says so
    except Exception as exc:  # PDF libraries raise many kinds of error on broken files
        raise InputError(path, f"not a readable PDF ({type(exc).__name__}: {exc})",
                         ExitCode.PDF_UNREADABLE) from None
    if clean.text_pages == 0:
        raise InputError(path, f"no text layer on any of its {clean.page_count} page(s): a scanned "
                         "PDF needs OCR first", ExitCode.NO_TEXT_LAYER)
    return clean


def read_pdf(data: bytes, path: str, options: ReadOptions) -> Document:
    """The Document of a PDF: its clean text (line N = clean line N) with the pages of every line."""
    engine = Engine(options.pdf_engine)
    clean = clean_pdf_text(data, path, engine, options.password)
    found = list(clean.diagnostics)
    if clean.text_pages < clean.page_count:
        found.append(dx.PAGES_WITHOUT_TEXT.at(
            f"{clean.page_count - clean.text_pages} of {clean.page_count} pages have no text layer"))
    if clean.inferred:
        how = ", ".join(f"{count} by {method}" for method, count in clean.inferred.most_common())
        found.append(dx.INFERRED_LINE_ENDS.at(
            f"{sum(clean.inferred.values())} of {clean.joins} line ends joined without a space glyph to say "
            f"whether a space falls there: {how}"))
    return Document(
        text=clean.render(), path=path, sha256=hashlib.sha256(data).hexdigest(), source_format="pdf",
        pages=clean.page_count, pdf_engine=engine.value,
        line_pages=tuple((line.page_start, line.page_end) for line in clean.lines),
        hints=tuple(item.text for item in clean.furniture), diagnostics=tuple(found),
        furniture=tuple(clean.furniture),
    )
