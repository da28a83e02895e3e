"""Bytes to text: byte-order marks, UTF-8, then the Korean legacy encodings.

Detection is a fixed, explainable order rather than statistical guessing: public-sector
Korean files are UTF-8, UTF-16 with BOM (Windows "Unicode") or without (told by its NUL
bytes, utf16.py), or CP949/EUC-KR.

With errors="replace" (`--encoding-errors replace`) a file that no encoding decodes whole is
still read: each byte that does not decode becomes U+FFFD, and each run of such bytes is
reported with its line (`DecodedText.replaced`), so that nothing is lost silently.
"""

from __future__ import annotations

import codecs
import re
from bisect import bisect_right
from dataclasses import dataclass

from ..errors import ExitCode, InputError
from ..text.lazy import LazyPattern
from .utf16 import utf16_codec

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
ERRORS = ("strict", "replace")
_ESCAPED = LazyPattern("[\udc80-\udcff]+")  # bytes that did not decode, as surrogateescape keeps them
_LINE_BREAK = LazyPattern("\r\n|\r|\n")
# More bad bytes than this share of the input is not "a few bad bytes": binary, or the wrong encoding.
_MOST_REPLACED = 0.05


@dataclass(frozen=True, slots=True)
class Replaced:
    """A run of bytes that did not decode, each replaced by U+FFFD."""

    line: int
    data: bytes


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str
    encoding: str
    bom: bool
    replaced: tuple[Replaced, ...] = ()


def decode_bytes(data: bytes, path: str, encoding: str | None = None, errors: str = "strict") -> DecodedText:
    """Decode minutes bytes, raising InputError with a one-line reason when impossible.
    `errors`: strict, or replace (bytes that decode in no encoding become U+FFFD)."""
    if not data or data.isspace():  # as `not data.strip()`, without copying the bytes
        raise InputError(path, "empty file", ExitCode.EMPTY)
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(path, f"this is {what}", ExitCode.NOT_TEXT)
    if encoding is not None:
        return _decode_forced(data, path, encoding, errors)
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                if errors == "replace":
                    return _replacing(data[len(bom) :], path, codec, bom=True)
                raise InputError(
                    path, f"starts with a {name} byte-order mark but is not valid {name} "
                    f"(byte {exc.start + len(bom)})", ExitCode.NOT_TEXT
                ) from None
            return _checked(DecodedText(text, name, True), path)
    utf16 = utf16_codec(data)
    if utf16 is not None:
        return _checked(DecodedText(data.decode(utf16), utf16, False), path)
    if b"\x00" in data:
        raise InputError(path, "contains NUL bytes: binary data, not text", ExitCode.NOT_TEXT)
    for codec in ("utf-8", "euc-kr", "cp949"):
        try:
            return _checked(DecodedText(data.decode(codec), codec, False), path)
        except UnicodeDecodeError:
            continue
    if errors == "replace":
        return _replacing(data, path, min(("utf-8", "cp949"), key=lambda c: _bad_bytes(data, c)))
    raise InputError(
        path, "cannot be decoded as UTF-8, UTF-16, EUC-KR or CP949; use --encoding to name the "
        "encoding, or --encoding-errors replace to read it with its bad bytes replaced", ExitCode.NOT_TEXT
    )


def _bad_bytes(data: bytes, codec: str) -> int:
    """How many bytes do not decode in `codec` (the encoding with fewest is read)."""
    return sum(map(len, _ESCAPED.findall(data.decode(codec, "surrogateescape"))))


def _replacing(data: bytes, path: str, codec: str, bom: bool = False) -> DecodedText:
    """The text with each byte that does not decode as U+FFFD, and where those bytes were."""
    try:
        escaped = data.decode(codec, "surrogateescape")
    except UnicodeDecodeError as exc:  # UTF-16/32: bad units are not bytes that can be escaped
        raise InputError(path, f"not valid {codec} (byte {exc.start})", ExitCode.NOT_TEXT) from None
    runs = list(_ESCAPED.finditer(escaped))
    bad = sum(len(run.group()) for run in runs)
    if bad > _MOST_REPLACED * len(data):
        raise InputError(path, f"{bad} of {len(data)} bytes are not valid {codec}: binary data or "
                         "another encoding (name it with --encoding)", ExitCode.NOT_TEXT)
    breaks = [match.end() for match in _LINE_BREAK.finditer(escaped)]
    replaced = tuple(Replaced(bisect_right(breaks, run.start()) + 1,
                              run.group().encode(codec, "surrogateescape")) for run in runs)
    text = _ESCAPED.sub(lambda run: "\ufffd" * len(run.group()), escaped)
    return _checked(DecodedText(text, codec, bom, replaced), path)


def _decode_forced(data: bytes, path: str, encoding: str, errors: str = "strict") -> DecodedText:
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
        if errors == "replace":
            return _replacing(data, path, encoding.lower(), bom)
        raise InputError(
            path, f"not valid {encoding} (byte {exc.start}); --encoding-errors replace reads it "
            "with its bad bytes replaced", ExitCode.NOT_TEXT
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
    if not text or text.isspace():  # as `not text.strip()`, without copying the text
        raise InputError(path, "empty file (only whitespace)", ExitCode.EMPTY)
    return decoded
