"""The Document: what every reader hands to the parser, whatever the input was."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Diagnostic, FurnitureLine, OcrSource


@dataclass(frozen=True, slots=True)
class Document:
    """One input as text, with what is known about where it came from.

    Line N of `text` is line N of the record. A reader that lays out pages (PDF) gives each
    line's first and last page in `line_pages`, the texts it removed as running headers and
    footers in `furniture` (and, as `hints`, the texts that may name the session or sitting),
    and what it found in `diagnostics`. Nothing here is changed by the parser.
    """

    text: str
    path: str
    sha256: str
    source_format: str  # text | pdf | hwp | hwpx | html
    encoding: str | None = None
    bom: bool = False
    pages: int | None = None
    pdf_engine: str | None = None
    line_pages: tuple[tuple[int, int], ...] = ()
    hints: tuple[str, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    furniture: tuple[FurnitureLine, ...] = ()
    ocr: OcrSource | None = None  # set when some pages were read from images
    # (name, role, id) of people the source identifies (HTML viewer's data-name/-pos/-mem_id)
    member_ids: tuple[tuple[str, str | None, str], ...] = ()

    def render(self, page_markers: bool = False) -> str:
        """The text, with a line `\\f[page N]` before the first non-blank line of each page
        when asked (and the reader knows pages)."""
        if not (page_markers and self.line_pages):
            return self.text
        out: list[str] = []
        page = 0
        for line, (first, _) in zip(self.text.split("\n"), self.line_pages, strict=False):
            if first != page and line:
                page = first
                out.append(f"\f[page {page}]")
            out.append(line)
        return "\n".join(out) + "\n"


DEFAULT_TIMEOUT = 300.0  # seconds: a 1,000-page PDF reads in well under a minute
DEFAULT_MEMORY = 4096  # megabytes: ten times what the largest real PDFs here need
DEFAULT_MAX_SIZE = 512 * 1024 * 1024  # bytes of input


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """What the user may say about how to read an input; each reader takes what concerns it."""

    encoding: str | None = None  # text: instead of detecting it
    pdf_engine: str = "pdfium"
    password: str | None = None  # an encrypted PDF's
    timeout: float | None = DEFAULT_TIMEOUT  # seconds a guarded reader (PDF) may take
    max_memory: int | None = DEFAULT_MEMORY  # megabytes it may take beyond what the process holds
    max_size: int | None = DEFAULT_MAX_SIZE  # bytes of input read at most
    ocr: str = "auto"  # scanned PDF pages: auto (pages without text) | never | force (every page)
    encoding_errors: str = "strict"  # text: strict (undecodable is an error) | replace (U+FFFD, IN012)
