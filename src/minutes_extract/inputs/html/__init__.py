"""HTML input (minutes viewers, saved pages): told by content, read by structure.

The National Assembly's viewer is read by its parts into the text the ◯ format reads, with the
ids it gives speakers; any other page becomes the lines a browser shows, for the ordinary
formats. Parsing uses only the standard library (`html.parser`): see bench/bench_html.py.
"""

from __future__ import annotations

import codecs
import hashlib

from ... import diagnostics as dx
from ...errors import ExitCode, InputError
from ..decode import DecodedText, decode_bytes
from ..document import Document, ReadOptions
from .sniff import declared_charset, is_html

__all__ = ["decode_html", "is_html", "read_html"]

_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def decode_html(data: bytes, path: str, encoding: str | None = None) -> DecodedText:
    """A byte-order mark first, then the charset the page declares, then UTF-8, then CP949
    (decode.py's order); `encoding` given by the user overrides all."""
    if encoding is None and not data.startswith(_BOMS):
        declared = declared_charset(data)
        if declared is not None:
            try:
                return decode_bytes(data, path, declared)
            except InputError as err:
                if err.exit_code != ExitCode.NOT_TEXT:
                    raise  # empty stays empty; a wrong label falls back to detection
    return decode_bytes(data, path, encoding)


def read_html(data: bytes, path: str, options: ReadOptions) -> Document:
    """The Document of an HTML page: its text as lines, the speakers' ids where given."""
    from .lines import page_lines  # imported here: every input is sniffed, few are HTML
    from .tree import parse_html
    from .viewer import is_viewer, viewer_lines

    decoded = decode_html(data, path, options.encoding)
    page = parse_html(decoded.text)
    member_ids: tuple[tuple[str, str | None, str], ...] = ()
    if is_viewer(page.root):
        lines, member_ids = viewer_lines(page.root)
    else:
        lines = page_lines(page.root)
    if not lines:
        raise InputError(path, "an HTML page with no text (only markup, scripts or styles)",
                         ExitCode.EMPTY)
    found = []
    if decoded.encoding not in ("utf-8", "ascii"):
        found.append(dx.ENCODING_NOT_UTF8.at(f"input decoded as {decoded.encoding}"))
    if decoded.bom:
        found.append(dx.BYTE_ORDER_MARK.at(f"{decoded.encoding} byte-order mark removed", line=1))
    return Document(text="\n".join(lines) + "\n", path=path, sha256=hashlib.sha256(data).hexdigest(),
                    source_format="html", encoding=decoded.encoding, bom=decoded.bom,
                    hints=(page.title,) if page.title else (), diagnostics=tuple(found),
                    member_ids=member_ids)
