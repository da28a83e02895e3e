"""Find and remove page furniture left by PDF-to-text conversion.

Page numbers are recognised by shape next to a page boundary or blank line; running
headers and footers by repetition: at the top or bottom of most pages when form feeds
mark the pages, otherwise as the same stand-alone line (digits aside) three times or more.
Removed lines become blank, so a paragraph cut by a page break is rejoined as usual. A line
that a format recognises (the caller says which, line by line) is never furniture.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from enum import IntEnum

from .. import diagnostics as dx
from ..models import Diagnostic, FurnitureLine

# Up to three digits: a four-digit number standing alone is more likely a year than a page.
_PAGE_NUMBER = re.compile(
    r"(?:[-–—]\s*\d{1,3}\s*[-–—]|\d{1,3}|[-–—]?\s*\d{1,3}\s*/\s*\d{1,3}\s*[-–—]?"
    r"|(?:페이지|쪽|p\.?|page)\s*\d{1,3}|\d{1,3}\s*(?:쪽|페이지))",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
_TITLE_WORD = "회의록"
_MIN_REPEATS = 3
_MAX_FURNITURE_LEN = 80  # running headers and footers are one short line
# A repeated sentence (`감사합니다.`) or stage direction (`(마이크 중단 이후 계속 발언한 부분)`)
# is part of the minutes, not a running header.
_SENTENCE_ENDS = (".", "?", "!", "…", "다", "요", "!)")


class LineRole(IntEnum):
    """What the formats make of a line, as far as furniture goes (the highest role wins)."""

    PLAIN = 0  # may be furniture
    STRUCTURE = 1  # a line a format recognises (bullet, heading …): never furniture
    HEADER = 2  # also closes the cover: a title above the first header is the title page's


Roles = Callable[[str], LineRole]


def strip_furniture(
    lines: list[str], page_starts: set[int], role: Roles
) -> tuple[list[FurnitureLine], list[Diagnostic]]:
    """Blank out furniture lines in place; return what was removed and summary diagnostics."""
    found: dict[int, FurnitureLine] = {}
    n = len(lines)

    def boundary_before(i: int) -> bool:
        return i == 0 or not lines[i - 1] or (i + 1) in page_starts

    def boundary_after(i: int) -> bool:
        return i == n - 1 or not lines[i + 1] or (i + 2) in page_starts

    for i, line in enumerate(lines):
        if (line and len(line) <= 24 and line[-1] != "." and _PAGE_NUMBER.fullmatch(line.strip())
                and (boundary_before(i) or boundary_after(i))):
                found[i] = FurnitureLine(kind="page-number", text=line.strip(), line=i + 1)
    for i in found:
        lines[i] = ""
    if page_starts:
        _paged_repeats(lines, page_starts, role, found)
    else:
        _unpaged_repeats(lines, role, found)
    removed = sorted(found.values(), key=lambda f: f.line)
    return removed, _summary(removed)


def _paged_repeats(
    lines: list[str], page_starts: set[int], role: Roles, found: dict[int, FurnitureLine]
) -> None:
    starts = sorted({0, *(p - 1 for p in page_starts if 0 < p <= len(lines))})
    bounds = list(zip(starts, [*starts[1:], len(lines)], strict=True))
    tops: dict[str, list[int]] = defaultdict(list)
    bottoms: dict[str, list[int]] = defaultdict(list)
    for begin, end in bounds:
        filled = [i for i in range(begin, end) if lines[i]]
        if not filled:
            continue
        first, last = filled[0], filled[-1]
        if len(lines[first]) <= _MAX_FURNITURE_LEN and role(lines[first]) is LineRole.PLAIN:
            tops[_DIGITS.sub("#", lines[first].strip())].append(first)
        if last != first and len(lines[last]) <= _MAX_FURNITURE_LEN and role(lines[last]) is LineRole.PLAIN:
            bottoms[_DIGITS.sub("#", lines[last].strip())].append(last)
    needed = max(2, (len(bounds) + 1) // 2)
    for kind, table in (("running-header", tops), ("running-footer", bottoms)):
        for indices in table.values():
            if len(indices) >= needed:
                for i in indices:
                    found[i] = FurnitureLine(kind=kind, text=lines[i].strip(), line=i + 1)
                    lines[i] = ""


def _unpaged_repeats(lines: list[str], role: Roles, found: dict[int, FurnitureLine]) -> None:
    seen: dict[str, list[int]] = defaultdict(list)
    for i, line in enumerate(lines):
        if (line and len(line) <= _MAX_FURNITURE_LEN and (i == 0 or not lines[i - 1])
                and line[0] != " " and not line.endswith(_SENTENCE_ENDS)
                and not (line[0] == "(" and line[-1] == ")") and role(line) is LineRole.PLAIN):
            seen[_DIGITS.sub("#", line)].append(i)
    first_header: int | None = None
    for indices in seen.values():
        if len(indices) < _MIN_REPEATS:
            continue
        first = indices[0]
        if _TITLE_WORD in lines[first]:
            if first_header is None:
                first_header = next((i for i, line in enumerate(lines) if role(line) is LineRole.HEADER),
                                    len(lines))
            if first < first_header:
                indices = indices[1:]  # the title page keeps its title
        for i in indices:
            found[i] = FurnitureLine(kind="running-header", text=lines[i], line=i + 1)
            lines[i] = ""


def _summary(removed: list[FurnitureLine]) -> list[Diagnostic]:
    by_kind: dict[str, list[FurnitureLine]] = defaultdict(list)
    for item in removed:
        by_kind[item.kind].append(item)
    out = []
    for kind, items in by_kind.items():
        texts = sorted({item.text for item in items})
        sample = ", ".join(repr(t) for t in texts[:3]) + (", …" if len(texts) > 3 else "")
        out.append(dx.PAGE_FURNITURE.at(
            f"{len(items)} {kind} line{'s' if len(items) > 1 else ''} removed ({sample})",
            line=items[0].line,
            lines=[item.line for item in items if item.line is not None],
        ))
    return out
