"""Text input (plain text, Markdown re-renderings): bytes decoded to a Document."""

from __future__ import annotations

import hashlib

from .. import diagnostics as dx
from ..models import Diagnostic
from .decode import DecodedText, decode_bytes
from .document import Document, ReadOptions


def read_text(data: bytes, path: str, options: ReadOptions) -> Document:
    """Decode (encoding detected or as given); the encoding, a byte-order mark and any bytes
    replaced (--encoding-errors replace) are noted."""
    decoded = decode_bytes(data, path, options.encoding, options.encoding_errors)
    found = []
    if decoded.encoding not in ("utf-8", "ascii"):
        found.append(dx.ENCODING_NOT_UTF8.at(f"input decoded as {decoded.encoding}"))
    if decoded.bom:
        found.append(dx.BYTE_ORDER_MARK.at(f"{decoded.encoding} byte-order mark removed", line=1))
    found.extend(replaced_bytes(decoded))
    return Document(text=decoded.text, path=path, sha256=hashlib.sha256(data).hexdigest(),
                    source_format="text", encoding=decoded.encoding, bom=decoded.bom,
                    diagnostics=tuple(found))


def replaced_bytes(decoded: DecodedText) -> list[Diagnostic]:
    """One IN012 per run of bytes replaced by U+FFFD, naming the bytes and their line."""
    return [dx.REPLACED_BYTES.at(
        f"{len(run.data)} byte(s) not valid {decoded.encoding} ({run.data[:8].hex(' ')}"
        f"{' …' if len(run.data) > 8 else ''}) replaced by U+FFFD", line=run.line)
        for run in decoded.replaced]
