"""PDF input: engines turn pages into positioned lines, layout turns those into the clean
text the parser reads, and every line of it keeps the pages it came from."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from ... import diagnostics as dx
from ...errors import ExitCode, InputError
from ..document import Document, ReadOptions

if TYPE_CHECKING:  # engines, layout, OCR and page rendering are imported when a PDF is read
    from .engines import Engine
    from .layout import CleanLine, CleanText
    from .model import PdfPage
    from .scanned import Scan

PDF_MAGIC = b"%PDF-"
ENGINE_NAMES = ("pdfium", "pdfplumber")  # engines.Engine's values (a test keeps them in step)

__all__ = ["ENGINE_NAMES", "PDF_MAGIC", "CleanText", "Engine", "clean_pdf_text", "is_pdf", "read_pdf"]


def __getattr__(name: str) -> Any:
    if name == "CleanText":  # kept importable from here, without importing layout up front
        from .layout import CleanText

        return CleanText
    if name == "Engine":
        from .engines import Engine

        return Engine
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def is_pdf(data: bytes) -> bool:
    """By content, not by name: the header may follow a little junk, as readers allow."""
    return PDF_MAGIC in data[:1024]


def clean_pdf_text(data: bytes, path: str, engine: Engine | str = "pdfium",
                   password: str | None = None) -> CleanText:
    """The clean text of a PDF's text layer, or InputError when it cannot be read or has no text."""
    clean = _text_layer(data, path, engine, password, [])
    if clean.text_pages == 0:
        raise InputError(path, _no_text(clean.page_count), ExitCode.NO_TEXT_LAYER)
    return clean


def _no_text(pages: int, why: str = "") -> str:
    return f"no text layer on any of its {pages} page(s): a scanned PDF needs OCR first{why}"


def _text_layer(data: bytes, path: str, engine: Engine | str, password: str | None,
                without: list[int]) -> CleanText:
    """The clean text layer (possibly empty); the numbers of pages without text go to `without`."""
    from .engines import Engine, PdfOpenError, pages
    from .layout import layout

    def watched(found: Iterable[PdfPage]) -> Iterator[PdfPage]:
        for page in found:
            if not page.lines:
                without.append(page.number)
            yield page

    try:
        return layout(watched(pages(data, Engine(engine), password)))
    except PdfOpenError as err:
        raise InputError(path, err.problem, ExitCode.PDF_UNREADABLE) from None
    except MemoryError:
        raise  # out of the memory allowed: the guard says so
    except Exception as exc:  # PDF libraries raise many kinds of error on broken files
        raise InputError(path, f"not a readable PDF ({type(exc).__name__}: {exc})",
                         ExitCode.PDF_UNREADABLE) from None


def read_pdf(data: bytes, path: str, options: ReadOptions) -> Document:
    """The Document of a PDF: its clean text (line N = clean line N) with the pages of every
    line; pages without a text layer (every page, with ocr="force") read by OCR."""
    from .engines import Engine
    from .layout import CleanText

    engine = Engine(options.pdf_engine)
    without: list[int] = []
    clean = _text_layer(data, path, engine, options.password, without)
    if options.ocr == "force":
        without = list(range(1, clean.page_count + 1))
        clean = CleanText(page_count=clean.page_count)
    scan = _scan(data, path, options, without, clean)
    if not clean.lines and not scan.lines:
        why = " (--ocr never)" if options.ocr == "never" and without else ""
        raise InputError(path, _no_text(clean.page_count, why), ExitCode.NO_TEXT_LAYER)
    found = list(clean.diagnostics) + scan.diagnostics
    unread = len(without) - len(scan.source.pages if scan.source else [])
    if unread and clean.text_pages < clean.page_count:
        found.append(dx.PAGES_WITHOUT_TEXT.at(
            f"{unread} of {clean.page_count} pages have no text layer{_unread_why(options, scan)}"))
    if clean.inferred:
        how = ", ".join(f"{count} by {method}" for method, count in clean.inferred.most_common())
        found.append(dx.INFERRED_LINE_ENDS.at(
            f"{sum(clean.inferred.values())} of {clean.joins} line ends joined without a space glyph to say "
            f"whether a space falls there: {how}"))
    lines = _merge(clean.lines, scan.lines)
    furniture = sorted([*clean.furniture, *scan.furniture], key=lambda item: item.page or 0)
    return Document(
        text="\n".join(line.text for line in lines) + "\n", path=path,
        sha256=hashlib.sha256(data).hexdigest(), source_format="pdf",
        pages=clean.page_count, pdf_engine=engine.value,
        line_pages=tuple((line.page_start, line.page_end) for line in lines),
        hints=tuple(item.text for item in furniture), diagnostics=tuple(found),
        furniture=tuple(furniture), ocr=scan.source,
    )


def _scan(data: bytes, path: str, options: ReadOptions, numbers: list[int], clean: CleanText) -> Scan:
    """The pages read by OCR (none with ocr="never"); tesseract missing where it is needed:
    an error when no page has text, else PD003 says so."""
    from ..ocr import TesseractMissing
    from .scanned import Scan, read_scan

    if not numbers or options.ocr == "never":
        return Scan()
    try:
        return read_scan(data, options.password, numbers)
    except TesseractMissing as missing:
        if options.ocr == "force":
            raise InputError(path, f"--ocr force needs OCR: {missing}", ExitCode.NEEDS_EXTRA) from None
        if not clean.lines:
            raise InputError(path, _no_text(clean.page_count, f": {missing}"),
                             ExitCode.NO_TEXT_LAYER) from None
        return Scan(diagnostics=[dx.PAGES_WITHOUT_TEXT.at(
            f"{len(numbers)} of {clean.page_count} pages have no text layer and were not read by OCR: "
            f"{missing}")])


def _unread_why(options: ReadOptions, scan: Scan) -> str:
    if options.ocr == "never":
        return " (not read by OCR: --ocr never)"
    return " and are blank when drawn" if scan.blank else ""


def _merge(text: list[CleanLine], scanned: list[CleanLine]) -> list[CleanLine]:
    """The text layer's lines and the OCR lines in page order (both are in page order)."""
    out: list[CleanLine] = []
    at = 0
    for line in text:
        while at < len(scanned) and scanned[at].page_start < line.page_start:
            out.append(scanned[at])
            at += 1
        out.append(line)
    return out + scanned[at:]
