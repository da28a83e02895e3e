"""The public API: read minutes from a file, bytes or a string into a validated record.

Each function is a reader (inputs/) followed by the parser; the CLI is a thin layer over
these.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .files import read_bytes
from .formats import AUTO
from .inputs import Document, ReadOptions, read_document
from .models import Diagnostic, MinutesRecord
from .parser import parse, prepare


def parse_text(
    text: str,
    *,
    path: str = "<string>",
    encoding: str | None = "utf-8",
    bom: bool = False,
    sha256: str | None = None,
    source_format: str = "text",
    extra_diagnostics: list[Diagnostic] | None = None,
    profile: str = AUTO,
    hints: list[str] | None = None,
) -> MinutesRecord:
    """Parse the text of one minutes document (pure: no I/O).

    ``path``, ``encoding``, ``bom`` and ``sha256`` describe where the text came from, so the
    record can name its source. ``profile`` forces a format (``seoul-committee`` or
    ``assembly``) instead of detecting it; ``hints`` are texts found outside the body (a
    PDF's running headers) that may name the session or sitting.
    """
    document = Document(
        text=text, path=path, sha256=sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest(),
        source_format=source_format, encoding=encoding, bom=bom, hints=tuple(hints or ()),
        diagnostics=tuple(extra_diagnostics or ()),
    )
    return parse(document, profile)


def parse_bytes(
    data: bytes,
    path: str = "<bytes>",
    encoding: str | None = None,
    pdf_engine: str = "pdfium",
    password: str | None = None,
    profile: str = AUTO,
    *,
    options: ReadOptions | None = None,
) -> MinutesRecord:
    """Parse the bytes of a minutes file: a PDF (recognised by content) or text. `options`
    (limits of time, memory and size among them) replaces encoding, pdf_engine and password."""
    options = options or ReadOptions(encoding, pdf_engine, password)
    return parse(read_document(data, path, options), profile)


def parse_file(
    path: str | Path,
    encoding: str | None = None,
    pdf_engine: str = "pdfium",
    password: str | None = None,
    profile: str = AUTO,
    *,
    options: ReadOptions | None = None,
) -> MinutesRecord:
    """Read and parse one minutes file (``-`` reads stdin). Raises InputError on bad input."""
    options = options or ReadOptions(encoding, pdf_engine, password)
    return parse_bytes(read_bytes(path, options.max_size), str(path), profile=profile, options=options)


def no_turns_reason(record: MinutesRecord) -> str | None:
    """Why a record has no speaker turn (its ST001 message), or None when it has turns."""
    if record.turns:
        return None
    return next((d.message for d in record.diagnostics if d.code == "ST001"), "no speaker turn found")


def read_file(path: str | Path, options: ReadOptions | None = None) -> Document:
    """The Document of one file (``-``: stdin), before parsing. Raises InputError on bad input."""
    options = options or ReadOptions()
    return read_document(read_bytes(path, options.max_size), str(path), options)


def clean_text(path: str | Path, options: ReadOptions | None = None, page_markers: bool = False) -> str:
    """The text whose line numbers the record counts, as `minutes-extract text` prints it: a
    PDF's laid-out text (with page markers if asked), or a text's normalised lines with page
    furniture removed."""
    document = read_file(path, options)
    if document.line_pages:
        return document.render(page_markers)
    return "\n".join(prepare(document).normalised.lines) + "\n"
