"""Read minutes from a path or stdin into a record; the only module here that touches files."""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path

from . import diagnostics as dx
from .decode import DecodedText, decode_bytes
from .errors import ExitCode, InputError
from .models import MinutesRecord
from .parser import parse_text

STDIN = "-"


def read_bytes(path: str | Path) -> bytes:
    """Read a file (or stdin for ``-``), turning OS errors into InputError."""
    name = str(path)
    if name == STDIN:
        return sys.stdin.buffer.read()
    p = Path(path)
    try:
        if p.is_dir():
            raise InputError(name, "is a directory, not a file", ExitCode.NOT_READABLE)
        return p.read_bytes()
    except FileNotFoundError:
        raise InputError(name, "no such file", ExitCode.NOT_READABLE) from None
    except PermissionError:
        raise InputError(name, "permission denied", ExitCode.NOT_READABLE) from None
    except IsADirectoryError:
        raise InputError(name, "is a directory, not a file", ExitCode.NOT_READABLE) from None
    except OSError as exc:
        raise InputError(name, f"cannot be read ({exc.strerror or exc})", ExitCode.NOT_READABLE) from None


def parse_bytes(
    data: bytes,
    path: str = "<bytes>",
    encoding: str | None = None,
    pdf_engine: str = "pdfium",
    password: str | None = None,
    profile: str = "auto",
) -> MinutesRecord:
    """Parse the bytes of a minutes file: a PDF (recognised by content) or text."""
    from .pdf import Engine, is_pdf, parse_pdf

    if is_pdf(data):
        return parse_pdf(data, path, Engine(pdf_engine), password, profile)
    return _parse_decoded(decode_bytes(data, path, encoding), data, path, profile)


def _parse_decoded(decoded: DecodedText, data: bytes, path: str, profile: str) -> MinutesRecord:
    extra = []
    if decoded.encoding not in ("utf-8", "ascii"):
        extra.append(dx.ENCODING_NOT_UTF8.at(f"input decoded as {decoded.encoding}"))
    if decoded.bom:
        extra.append(dx.BYTE_ORDER_MARK.at(f"{decoded.encoding} byte-order mark removed", line=1))
    return parse_text(
        decoded.text,
        path=path,
        encoding=decoded.encoding,
        bom=decoded.bom,
        sha256=hashlib.sha256(data).hexdigest(),
        extra_diagnostics=extra,
        profile=profile,
    )


@dataclass(frozen=True)
class ParsedSource:
    """A record with the lines its line numbers count: the decoded input as written, or a
    PDF's clean text. Shown beside findings by `check`."""

    record: MinutesRecord
    lines: list[str]


def parse_source(path: str | Path, pdf_engine: str = "pdfium", profile: str = "auto") -> ParsedSource:
    """Parse one file and keep its lines (one read, one extraction)."""
    from .pdf import Engine, clean_pdf_text, is_pdf, record_from_clean
    from .textlines import split_lines

    name = str(path)
    data = read_bytes(path)
    if is_pdf(data):
        engine = Engine(pdf_engine)
        clean = clean_pdf_text(data, name, engine)
        return ParsedSource(record_from_clean(clean, data, name, engine, profile), clean.render().split("\n"))
    decoded = decode_bytes(data, name)  # once: the record and the lines shown come from it
    return ParsedSource(_parse_decoded(decoded, data, name, profile), split_lines(decoded.text))


def parse_file(
    path: str | Path,
    encoding: str | None = None,
    pdf_engine: str = "pdfium",
    password: str | None = None,
    profile: str = "auto",
) -> MinutesRecord:
    """Read and parse one minutes file (``-`` reads stdin). Raises InputError on bad input."""
    return parse_bytes(read_bytes(path), str(path), encoding, pdf_engine, password, profile)


def clean_text(
    path: str | Path,
    encoding: str | None = None,
    pdf_engine: str = "pdfium",
    password: str | None = None,
    page_markers: bool = False,
) -> str:
    """The text the parser reads, as `minutes-extract text` prints it."""
    from .furniture import strip_furniture
    from .pdf import Engine, clean_pdf_text, is_pdf
    from .segment import classify
    from .textlines import normalise

    name = str(path)
    data = read_bytes(path)
    if is_pdf(data):
        return clean_pdf_text(data, name, Engine(pdf_engine), password).render(page_markers)
    norm = normalise(decode_bytes(data, name, encoding).text)
    strip_furniture(norm.lines, [classify(line) for line in norm.lines], norm.page_starts)
    return "\n".join(norm.lines) + "\n"
