"""Text input (plain text, Markdown re-renderings): bytes decoded to a Document."""

from __future__ import annotations

import hashlib

from .. import diagnostics as dx
from .decode import decode_bytes
from .document import Document, ReadOptions


def read_text(data: bytes, path: str, options: ReadOptions) -> Document:
    """Decode (encoding detected or as given); the encoding and a byte-order mark are noted."""
    decoded = decode_bytes(data, path, options.encoding)
    found = []
    if decoded.encoding not in ("utf-8", "ascii"):
        found.append(dx.ENCODING_NOT_UTF8.at(f"input decoded as {decoded.encoding}"))
    if decoded.bom:
        found.append(dx.BYTE_ORDER_MARK.at(f"{decoded.encoding} byte-order mark removed", line=1))
    return Document(text=decoded.text, path=path, sha256=hashlib.sha256(data).hexdigest(),
                    source_format="text", encoding=decoded.encoding, bom=decoded.bom,
                    diagnostics=tuple(found))
