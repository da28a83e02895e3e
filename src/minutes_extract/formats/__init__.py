"""The formats of minutes, each a module of rules: `FORMATS` lists them, and a text is read by
the one that scores it highest (the first listed on a tie).

Adding a format is one folder here and one line in `FORMATS`. A format never imports another
format; what formats share lives in `text/`.
"""

from __future__ import annotations

from ..text.furniture import LineRole, Roles
from . import assembly, seoul
from .base import Format, Prepared

FORMATS: tuple[Format, ...] = (seoul, assembly)  # type: ignore[assignment]
AUTO = "auto"


def names() -> tuple[str, ...]:
    return tuple(fmt.NAME for fmt in FORMATS)


def by_name(name: str) -> Format:
    for fmt in FORMATS:
        if name == fmt.NAME:
            return fmt
    raise ValueError(f"unknown format profile {name!r}; use one of {', '.join((AUTO, *names()))}")


def detect(lines: list[str]) -> Format:
    """The format that scores the text highest; the first listed when none scores more."""
    best = FORMATS[0]
    best_score = best.score(lines)
    for fmt in FORMATS[1:]:
        score = fmt.score(lines)
        if score > best_score:
            best, best_score = fmt, score
    return best


def line_roles(lines: list[str]) -> Roles:
    """The highest role any format gives each line: a line that one format recognises is never
    taken for page furniture, whatever the document turns out to be."""
    roles = [fmt.line_roles(lines) for fmt in FORMATS]

    def role(i: int) -> LineRole:
        found = LineRole.PLAIN
        for of_format in roles:
            found = max(found, of_format(i))
            if found is LineRole.HEADER:
                break
        return found

    return role


__all__ = ["AUTO", "FORMATS", "Format", "Prepared", "by_name", "detect", "line_roles", "names"]
