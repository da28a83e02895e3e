"""The left pane: the clean source text, one numbered row per line, coloured by what the line
became, with page boundaries and the page furniture removed there (struck through)."""

from __future__ import annotations

from collections import defaultdict
from html import escape

from ..inputs.document import Document
from ..models import FurnitureLine, MinutesRecord
from .lines import LineRole


def page_starts(document: Document, lines: list[str], text_breaks: set[int]) -> dict[int, int]:
    """{line number: page} for the first non-blank line of each page, as `minutes-extract text
    --page-markers` marks them (a PDF's pages; a text's form feeds)."""
    starts: dict[int, int] = {}
    if document.line_pages:
        page = 0
        for number, (line, (first, _)) in enumerate(zip(lines, document.line_pages, strict=False), start=1):
            if first != page and line:
                page = starts[number] = first
    elif text_breaks:
        starts = {1: 1} | {line: n for n, line in enumerate(sorted(text_breaks), start=2)}
    return starts


def source_pane(record: MinutesRecord, document: Document, lines: list[str], roles: list[LineRole],
                text_breaks: set[int]) -> str:
    """The rows of the source pane, as one HTML string."""
    starts = page_starts(document, lines, text_breaks)
    removed: dict[int, list[FurnitureLine]] = defaultdict(list)
    for item in record.source.furniture:
        if item.line is None and item.page is not None:
            removed[item.page].append(item)
    out: list[str] = []
    for number, (line, role) in enumerate(zip(lines, roles, strict=True), start=1):
        if number in starts:
            for page in sorted(p for p in removed if p < starts[number]):  # no line starts there
                out.append(_page_mark(page, removed.pop(page)))
            out.append(_page_mark(starts[number], removed.pop(starts[number], [])))
        out.append(_row(number, line, role))
    out += [_page_mark(page, items) for page, items in sorted(removed.items())]
    return "".join(out)


def _page_mark(page: int, furniture: list[FurnitureLine]) -> str:
    rows = "".join(f'<div class="ln k-furniture"><span class="no"></span><span class="tx">{escape(f.text)}'
                   f'</span><span class="why">{escape(f.kind)}</span></div>' for f in furniture)
    return f'<div class="page" id="p{page}">page {page}</div>{rows}'


def _row(number: int, line: str, role: LineRole) -> str:
    kind = f' class="ln k-{role.kind}"' if role.kind else ' class="ln"'
    href = f' href="#{role.target}"' if role.target else ""
    marks = "".join(f'<a class="dm" href="#{d}" title="diagnostic">!</a>' for d in role.diagnostics)
    why = '<span class="why">furniture</span>' if role.kind == "furniture" else ""
    return (f'<div{kind} id="L{number}"><a class="no"{href}>{number}</a>'
            f'<span class="tx">{escape(line)}</span>{why}{marks}</div>')
