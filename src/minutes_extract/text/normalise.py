"""Decoded text to normalised physical lines, keeping 1-based line numbers intact.

Everything that differs between copies of the same minutes — line endings, tabs and
no-break spaces, trailing blanks, zero-width characters, form feeds — is settled here, so
the parser downstream sees one canonical form. Each change is counted for diagnostics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import diagnostics as dx
from ..models import Diagnostic
from .lazy import LazyPattern

# Spaces that are not U+0020: tab, no-break, ideographic (full-width), the U+2000 block.
ODD_SPACE = "\t\v\u00a0\u1680\u202f\u205f\u3000" + "".join(chr(c) for c in range(0x2000, 0x200B))
# Invisible characters dropped outright (zero-width, BOM inside text, C0/C1 controls).
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad" + "".join(
    chr(c) for c in [*range(0x00, 0x09), *range(0x0E, 0x20), *range(0x7F, 0xA0)] if chr(c) != "\x1b"
) + "\x1b"

SPACE_TABLE = str.maketrans(dict.fromkeys(ODD_SPACE, " "))
_INVISIBLE_TABLE = str.maketrans(dict.fromkeys(INVISIBLE))
_ODD_RE = LazyPattern(f"[{re.escape(ODD_SPACE + INVISIBLE)}\f]")
_MULTI_SPACE = LazyPattern(r"(?<=\S) {2,}")
_NEWLINE = LazyPattern(r"\r\n|\r|\n")


@dataclass(slots=True)
class NormalisedText:
    """Lines indexed by line number - 1; page_starts holds lines that begin a new page."""

    lines: list[str]
    line_endings: str
    page_starts: set[int] = field(default_factory=set)
    page_breaks: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)


def first_unusual(line: str) -> int | None:
    """Index of the first odd space or invisible character of a line, if any."""
    match = _ODD_RE.search(line)
    return match.start() if match else None


def line_endings_of(text: str) -> str:
    if "\r" not in text:  # the common case: one scan, not three counts
        return "LF" if "\n" in text else "none"
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    kinds = [name for name, n in (("CRLF", crlf), ("CR", cr), ("LF", lf)) if n]
    if not kinds:
        return "none"
    return kinds[0] if len(kinds) == 1 else "mixed"


def split_lines(text: str) -> list[str]:
    """Split on LF, CRLF or CR only: str.splitlines would also split on form feeds."""
    lines = text.split("\n") if "\r" not in text else _NEWLINE.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def normalise(text: str) -> NormalisedText:
    endings = line_endings_of(text)
    lines = split_lines(text)
    result = NormalisedText(lines=lines, line_endings=endings)
    if endings not in ("LF", "none"):
        result.diagnostics.append(
            dx.LINE_ENDINGS.at(f"line endings are {endings}; read as plain line breaks")
        )
    odd_lines: list[int] = []
    invisible_lines: list[int] = []
    trailing_lines: list[int] = []
    check_odd = _has_odd_characters(text, lines)
    trailing = " \n" in text or text.endswith(" ") or (endings not in ("LF", "none") and " \r" in text)
    if not (check_odd or trailing or "  " in text):
        return result  # clean text, the common case: nothing for the per-line pass to change
    for index, line in enumerate(lines):
        if check_odd and _ODD_RE.search(line):
            if "\f" in line:
                result.page_breaks += line.count("\f")
                result.page_starts.add(index + 1)
                # A page starts at this line; a form feed inside a line reads as a space.
                line = line.lstrip("\f").replace("\f", " ")
            stripped = line.translate(_INVISIBLE_TABLE)
            if stripped != line:
                invisible_lines.append(index + 1)
            spaced = stripped.translate(SPACE_TABLE)
            if spaced != stripped:
                odd_lines.append(index + 1)
            line = spaced
        if line and line[-1] == " ":
            trailing_lines.append(index + 1)
            line = line.rstrip(" ")
        if "  " in line:
            line = _MULTI_SPACE.sub(" ", line)
        lines[index] = line
    _summarise(result.diagnostics, dx.UNUSUAL_WHITESPACE, odd_lines,
               "tabs, no-break or full-width spaces read as plain spaces")
    _summarise(result.diagnostics, dx.CONTROL_CHARACTER, invisible_lines,
               "invisible or control characters removed")
    _summarise(result.diagnostics, dx.TRAILING_WHITESPACE, trailing_lines,
               "trailing whitespace removed")
    return result


def _has_odd_characters(text: str, lines: list[str]) -> bool:
    """Whether any odd space or invisible character is in the text. Every one of them is a
    character Python does not print (a control, format or separator character), so lines that
    are all printable — nearly always all of them — need no search: asking that of each line is
    twice as fast as searching the whole text for the odd ones."""
    return not all(map(str.isprintable, lines)) and _ODD_RE.search(text) is not None


def _summarise(out: list[Diagnostic], code: dx.Code, lines: list[int], what: str) -> None:
    """One diagnostic per kind of normalisation, listing every line: `extract` output stays
    small, and `check` reports each line."""
    if not lines:
        return
    shown = ", ".join(str(n) for n in lines[:10]) + (", …" if len(lines) > 10 else "")
    plural = "s" if len(lines) > 1 else ""
    out.append(code.at(f"{what} on {len(lines)} line{plural} ({shown})", line=lines[0], lines=lines))
