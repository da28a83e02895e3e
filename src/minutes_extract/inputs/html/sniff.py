"""Is it HTML, and what charset does it declare? Both told from the first bytes.

A page is HTML when, after a byte-order mark, whitespace, comments and an XML declaration, it
starts with a doctype or an HTML element's tag. A text that merely mentions `<p>` mid-line is
text: only the start counts, as browsers and `file` sniff.
"""

from __future__ import annotations

import codecs
import re

from ...text.lazy import LazyPattern

_SNIFF_BYTES = 4096
_LEAD = re.compile(r"(?:\s|<!--.*?-->|<\?xml[^>]*\?>)*", re.DOTALL)
_TAGS = ("html|head|body|meta|title|link|script|style|base|div|p|table|section|article|main|"
         "header|nav|h[1-6]|ul|ol|span|center|font|form|frameset|iframe")
_START = re.compile(rf"<(?:!doctype\s+html\b|(?:{_TAGS})[\s>/])", re.IGNORECASE)
_CHARSET = LazyPattern(rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_UTF16 = ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
# Browsers read a page labelled EUC-KR as Windows-949 (WHATWG Encoding): its superset.
_ALIASES = {"euc-kr": "cp949", "euckr": "cp949", "ks_c_5601-1987": "cp949", "ksc5601": "cp949",
            "x-windows-949": "cp949", "windows-949": "cp949", "ms949": "cp949"}


def _head(data: bytes) -> str:
    """The first bytes as text, well enough to see tags (markup is ASCII in every charset we meet)."""
    start = data[:_SNIFF_BYTES]
    for bom, codec in _UTF16:
        if start.startswith(bom):
            return start[len(bom):].decode(codec, "ignore")
    if start.startswith(codecs.BOM_UTF8):
        start = start[len(codecs.BOM_UTF8):]
    return start.decode("latin-1")


def is_html(data: bytes) -> bool:
    """A doctype or an HTML tag first, after a BOM, whitespace and comments."""
    head = _head(data)
    lead = _LEAD.match(head)
    return bool(_START.match(head, lead.end() if lead else 0))


def declared_charset(data: bytes) -> str | None:
    """The charset a `<meta charset>` or `http-equiv` Content-Type names near the start, as a
    Python codec name (EUC-KR read as CP949); None when none or unknown."""
    found = _CHARSET.search(data[:_SNIFF_BYTES * 4])
    if not found:
        return None
    label = found.group(1).decode("ascii", "ignore").lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None
