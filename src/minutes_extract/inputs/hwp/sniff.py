"""Is it HWP? Told from the content alone, without the optional extra (so that a missing
extra is reported as such, not as 'binary data')."""

from __future__ import annotations

import io
import zipfile

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_FILE_HEADER = "FileHeader".encode("utf-16-le")  # the stream's name in the OLE2 directory
_HWPX_MIME = b"application/hwp+zip"


def is_hwp5(data: bytes) -> bool:
    """An OLE2 compound file with a FileHeader stream starting 'HWP Document File'."""
    return data.startswith(OLE2) and b"HWP Document File" in data and _FILE_HEADER in data


def looks_like_hwp(head: bytes) -> bool:
    """From a file's first few kilobytes only (a folder walk's guess for a file of another
    name): an OLE2 file naming HWP, or a ZIP whose first entry declares the HWPX mimetype."""
    return (head.startswith(OLE2) and b"HWP Document File" in head) or (
        head.startswith(b"PK\x03\x04") and _HWPX_MIME in head[:200])


def is_hwpx(data: bytes) -> bool:
    """A ZIP whose `mimetype` entry says application/hwp+zip (or, without one, that holds
    Contents/header.xml and Contents/section0.xml, as OWPML packages do)."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                small = archive.getinfo("mimetype").file_size < 100
                return small and archive.read("mimetype").strip() == _HWPX_MIME
            return {"Contents/header.xml", "Contents/section0.xml"} <= names
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        return False
