"""The document's own bullet style, and the lines that break it (ST013, ST014).

A clerk's copy keeps one marker per level and one indentation for nested items; a bullet
that differs usually came from pasting. The convention is what most bullets of the
document do, so no house style is imposed from outside.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TypeVar

from ... import diagnostics as dx
from ...models import Diagnostic
from .lines import Kind, Segment

T = TypeVar("T")
_MIN_EVIDENCE = 3  # bullets needed before the majority counts as the document's convention


@dataclass(frozen=True, slots=True)
class BulletStyle:
    """The document's own style: the majority marker of top-level bullets, and the columns its
    nested bullets use (an indentation that three or more of them share: a list may have
    several levels) with each column's majority marker; None where there is no clear majority."""

    marker: str | None
    columns: dict[int, str | None]
    nested_marker: str | None  # over all nested bullets: for one that is in no column

    def expected_marker(self, segment: Segment) -> str | None:
        if segment.kind is Kind.BULLET:
            return self.marker
        return self.columns.get(segment.indent, self.nested_marker)


def _majority(values: list[T]) -> T | None:
    counts = Counter(values).most_common(2)
    if not counts or counts[0][1] < _MIN_EVIDENCE:
        return None
    if len(counts) > 1 and counts[1][1] == counts[0][1]:
        return None
    return counts[0][0]


def bullet_style(segments: list[Segment]) -> BulletStyle:
    top = [s.marker for s in segments if s.kind is Kind.BULLET]
    nested = [s for s in segments if s.kind is Kind.NESTED]
    by_indent: dict[int, list[str]] = {}
    for segment in nested:
        by_indent.setdefault(segment.indent, []).append(segment.marker)
    columns = {indent: _majority(markers) for indent, markers in by_indent.items()
               if len(markers) >= _MIN_EVIDENCE}
    return BulletStyle(_majority(top), columns, _majority([s.marker for s in nested]))


def style_diagnostics(segments: list[Segment], style: BulletStyle | None = None) -> list[Diagnostic]:
    style = style or bullet_style(segments)
    out: list[Diagnostic] = []
    bullets = (Kind.BULLET, Kind.NESTED)
    for number, segment in enumerate(segments, start=1):
        if segment.kind not in bullets:  # most lines: one test, no attribute look-ups
            continue
        if segment.kind is Kind.NESTED and style.columns and segment.indent not in style.columns:
            used = " or ".join(str(indent) for indent in sorted(style.columns))
            out.append(dx.INDENTATION_MISMATCH.at(
                f"nested bullet indented {segment.indent} space(s) where the document uses {used}", number))
        expected = style.expected_marker(segment)
        if expected is not None and segment.marker != expected:
            level = "nested" if segment.kind is Kind.NESTED else "top-level"
            out.append(dx.BULLET_MARKER_MISMATCH.at(
                f"{level} bullet marker {segment.marker!r} where the document uses {expected!r}", number))
    return out
