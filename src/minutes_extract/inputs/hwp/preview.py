"""Hancom's own preview text, stored in every HWP/HWPX file Hangul saves: the truth the
readers are measured against (tests, bench), never what they return (it is truncated, and a
protected document's preview is a placeholder)."""

from __future__ import annotations

import io
import re
import zipfile

# Compared without whitespace (the preview ends paragraphs with CRLF) and without cell marks
# (`<cell>` in the preview, ` | ` in our text).
_UNCOMPARED = re.compile(r"[\s<>|]")


def preview_text(data: bytes) -> str:
    """The preview of an HWPX (`Preview/PrvText.txt`, UTF-8) or HWP 5 (`PrvText`, UTF-16LE;
    needs olefile) file's bytes."""
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.read("Preview/PrvText.txt").decode("utf-8")
    import olefile

    with olefile.OleFileIO(io.BytesIO(data)) as ole:
        return ole.openstream("PrvText").read().decode("utf-16-le").split("\0", 1)[0]


def comparable(text: str) -> str:
    """Text as preview and extraction are compared."""
    return _UNCOMPARED.sub("", text)
