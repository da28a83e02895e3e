"""Find and remove page furniture left by PDF-to-text conversion in a text.

- Page numbers by shape (`- 3 -`, `3`, `3 / 12`, `3쪽`) next to a page boundary or blank line.
- With form feeds: running headers and footers by position, the first or last line of most
  pages, repeated (digits aside).
- Without them, repetition alone is weak evidence: a stand-alone line repeated three times or
  more (digits aside) is removed only if it stands next to a page number or is shaped like a
  running title (회의록, 제N회, a date, 쪽 …).

A line that the document's format recognises (speaker line, heading, bullet, note, agenda
item, appendix row: the caller says which) and a Markdown heading are never furniture.
Removed lines become blank, so a paragraph cut by a page break is rejoined as usual. (A
PDF's furniture is found by its reader, by position on the page.)
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from enum import IntEnum

from .. import diagnostics as dx
from ..models import Diagnostic, FurnitureLine
from .lazy import LazyPattern

# Up to three digits: a four-digit number standing alone is more likely a year than a page.
_PAGE_NUMBER = re.compile(
    r"(?:[-–—]\s*\d{1,3}\s*[-–—]|\d{1,3}|[-–—]?\s*\d{1,3}\s*/\s*\d{1,3}\s*[-–—]?"
    r"|(?:페이지|쪽|p\.?|page)\s*\d{1,3}|\d{1,3}\s*(?:쪽|페이지))",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
_TITLE_WORD = "회의록"
# What a running title names: the minutes, the session or sitting, the date, the page.
_RUNNING_TITLE = LazyPattern(
    r"회의록|제\s*\d+\s*[회차호]|\d{4}\s*년|\d{4}\s*\.\s*\d{1,2}\s*\.|\d\s*쪽|페이지|page\s*\d",
    re.IGNORECASE,
)
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s")
# More removed than this share of the text's lines is suspect (a real running header costs one
# line a page: 2–5 %).
_SUSPECT_SHARE = 0.10
_SUSPECT_MIN_LINES = 5
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


Roles = Callable[[int], LineRole]  # the role of the line at an index


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
        if _may_be_furniture(lines, first, role):
            tops[_DIGITS.sub("#", lines[first].strip())].append(first)
        if last != first and _may_be_furniture(lines, last, role):
            bottoms[_DIGITS.sub("#", lines[last].strip())].append(last)
    needed = max(2, (len(bounds) + 1) // 2)
    for kind, table in (("running-header", tops), ("running-footer", bottoms)):
        for indices in table.values():
            if len(indices) >= needed:
                for i in indices:
                    found[i] = FurnitureLine(kind=kind, text=lines[i].strip(), line=i + 1)
                    lines[i] = ""


def _may_be_furniture(lines: list[str], i: int, role: Roles) -> bool:
    line = lines[i]
    return (len(line) <= _MAX_FURNITURE_LEN and not _MARKDOWN_HEADING.match(line)
            and role(i) is LineRole.PLAIN)


def _unpaged_repeats(lines: list[str], role: Roles, found: dict[int, FurnitureLine]) -> None:
    page_numbers = set(found)
    seen: dict[str, list[int]] = defaultdict(list)
    for i, line in enumerate(lines):
        if (line and (i == 0 or not lines[i - 1]) and line[0] != " " and not line.endswith(_SENTENCE_ENDS)
                and not (line[0] == "(" and line[-1] == ")") and len(line) <= _MAX_FURNITURE_LEN):
            seen[_DIGITS.sub("#", line)].append(i)
    first_header: int | None = None
    for repeated in seen.values():
        # The formats are asked only about lines that repeat (most lines do not), and a group
        # whose first line a format recognises is kept whole: its lines have that line's shape.
        if len(repeated) < _MIN_REPEATS or not _may_be_furniture(lines, repeated[0], role):
            continue
        # A line that is no running title must stand beside a page boundary: asked first, as it
        # is cheap (the formats' view of a line is not), and it leaves the same lines.
        titled = _RUNNING_TITLE.search(lines[repeated[0]]) is not None
        indices = [i for i in repeated if titled or _beside_page_number(lines, i, page_numbers)]
        indices = [i for i in indices if i == repeated[0] or _may_be_furniture(lines, i, role)]
        if len(indices) < _MIN_REPEATS:
            continue
        first = indices[0]
        if _TITLE_WORD in lines[first]:
            if first_header is None:
                first_header = next((i for i in range(len(lines)) if role(i) is LineRole.HEADER), len(lines))
            if first < first_header:
                indices = indices[1:]  # the title page keeps its title
        for i in indices:
            found[i] = FurnitureLine(kind="running-header", text=lines[i], line=i + 1)
            lines[i] = ""


def _beside_page_number(lines: list[str], i: int, page_numbers: set[int]) -> bool:
    """Does the line stand at a page boundary: the nearest line above or below it (blank lines
    between) a removed page number, or the start or end of the text?"""
    for step in (-1, 1):
        k = i + step
        while 0 <= k < len(lines) and not lines[k]:
            if k in page_numbers:
                return True
            k += step
        if not 0 <= k < len(lines):
            return True
    return False


def suspect(removed: list[FurnitureLine], lines: int, structural: Callable[[str], bool]) -> list[Diagnostic]:
    """IN011 when running headers and footers took much of a text, or a line a format
    recognises (page numbers aside: they are furniture by shape)."""
    repeated = [item for item in removed if item.kind != "page-number"]
    out = []
    recognised = [item for item in repeated if structural(item.text)]
    if recognised:
        out.append(dx.FURNITURE_SUSPECT.at(
            f"{len(recognised)} line(s) removed as page furniture look like minutes "
            f"({recognised[0].text[:40]!r}): check source.furniture",
            line=recognised[0].line, page=recognised[0].page))
    text_level = [item for item in repeated if item.line is not None]
    if len(text_level) >= _SUSPECT_MIN_LINES and len(text_level) > _SUSPECT_SHARE * max(lines, 1):
        out.append(dx.FURNITURE_SUSPECT.at(
            f"{len(text_level)} of {lines} lines removed as running headers or footers: "
            "check source.furniture", line=text_level[0].line, lines=[i.line for i in text_level if i.line]))
    return out


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
