"""Bytes to text: byte-order marks, UTF-8, then the Korean legacy encodings.

Detection is a fixed, explainable order rather than statistical guessing: public-sector
Korean files are UTF-8, UTF-16 with BOM (Windows "Unicode"), or CP949/EUC-KR.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from ..errors import ExitCode, InputError

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)

# Signatures of binary formats people feed us by mistake, named in the error message.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
     "an OLE2 binary document that is not HWP 5 (old Office .doc/.xls/.ppt, …), not text"),
    (b"PK\x03\x04", "a ZIP container that is not HWPX (DOCX, XLSX, ODT, …), not text"),
    (b"\x89PNG", "a PNG image, not text"),
    (b"\xff\xd8\xff", "a JPEG image, not text"),
)

_BINARY_CONTROLS = re.compile(r"[\x01-\x08\x0e-\x1a\x1c-\x1f]")


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str
    encoding: str
    bom: bool


def decode_bytes(data: bytes, path: str, encoding: str | None = None) -> DecodedText:
    """Decode minutes bytes, raising InputError with a one-line reason when impossible."""
    if not data.strip():
        raise InputError(path, "empty file", ExitCode.EMPTY)
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(path, f"this is {what}", ExitCode.NOT_TEXT)
    if encoding is not None:
        return _decode_forced(data, path, encoding)
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(
                    path, f"starts with a {name} byte-order mark but is not valid {name} "
                    f"(byte {exc.start + len(bom)})", ExitCode.NOT_TEXT
                ) from None
            return _checked(DecodedText(text, name, True), path)
    if b"\x00" in data:
        raise InputError(path, "contains NUL bytes: binary data, not text", ExitCode.NOT_TEXT)
    for codec in ("utf-8", "euc-kr", "cp949"):
        try:
            return _checked(DecodedText(data.decode(codec), codec, False), path)
        except UnicodeDecodeError:
            continue
    raise InputError(
        path, "cannot be decoded as UTF-8, UTF-16 (with BOM), EUC-KR or CP949; "
        "use --encoding to name the encoding", ExitCode.NOT_TEXT
    )


def _decode_forced(data: bytes, path: str, encoding: str) -> DecodedText:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(path, f"unknown encoding {encoding!r}", ExitCode.USAGE) from None
    bom = False
    for mark, _codec, name in _BOMS:
        if data.startswith(mark) and encoding.lower().replace("_", "-").startswith(name):
            data, bom = data[len(mark) :], True
            break
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            path, f"not valid {encoding} (byte {exc.start})", ExitCode.NOT_TEXT
        ) from None
    return _checked(DecodedText(text, encoding.lower(), bom), path)


def _checked(decoded: DecodedText, path: str) -> DecodedText:
    """Reject text that decoded but is really binary: NULs or many control characters."""
    text = decoded.text
    if "\x00" in text:
        raise InputError(path, "contains NUL characters: binary data, not text", ExitCode.NOT_TEXT)
    sample = text[:65536]
    controls = len(_BINARY_CONTROLS.findall(sample))
    if controls > max(8, len(sample) // 100):
        raise InputError(
            path, f"{controls} control characters in the first {len(sample)} characters: "
            "binary data, not text", ExitCode.NOT_TEXT
        )
    if not text.strip():
        raise InputError(path, "empty file (only whitespace)", ExitCode.EMPTY)
    return decoded
