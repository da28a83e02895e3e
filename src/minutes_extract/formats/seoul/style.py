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
    """The majority marker of top-level and of nested bullets, and the nested indentation;
    None where the document has no clear majority."""

    marker: str | None
    nested_marker: str | None
    nested_indent: int | None


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
    return BulletStyle(
        marker=_majority(top),
        nested_marker=_majority([s.marker for s in nested]),
        nested_indent=_majority([s.indent for s in nested]),
    )


def style_diagnostics(segments: list[Segment], style: BulletStyle | None = None) -> list[Diagnostic]:
    style = style or bullet_style(segments)
    out: list[Diagnostic] = []
    for number, segment in enumerate(segments, start=1):
        if segment.kind is Kind.BULLET:
            expected = style.marker
        elif segment.kind is Kind.NESTED:
            expected = style.nested_marker
            indent = style.nested_indent
            if indent is not None and segment.indent != indent:
                out.append(dx.INDENTATION_MISMATCH.at(
                    f"nested bullet indented {segment.indent} space(s) where the document uses {indent}",
                    number))
        else:
            continue
        if expected is not None and segment.marker != expected:
            level = "nested" if segment.kind is Kind.NESTED else "top-level"
            out.append(dx.BULLET_MARKER_MISMATCH.at(
                f"{level} bullet marker {segment.marker!r} where the document uses {expected!r}", number))
    return out
