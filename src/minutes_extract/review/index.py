"""The index page of a batch's review pages: every file with its counts and diagnostics,
linking to its page (a file that failed shows why, and has no page)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from .._version import __version__
from .page import CSP, asset


@dataclass(frozen=True)
class IndexRow:
    path: str  # as shown (the record's source.path)
    status: str  # ok | empty | failed
    page: str | None = None  # the review page, relative to the index
    title: str | None = None
    date: str | None = None
    pages: int | None = None
    turns: int = 0
    remarks: int = 0
    errors: int = 0
    warnings: int = 0
    info: int = 0
    problem: str | None = None  # why it failed, or why no turn was found


def _row(row: IndexRow) -> str:
    name = escape(row.path)
    link = f'<a href="{escape(row.page)}">{name}</a>' if row.page else name
    about = escape(row.problem or " · ".join(x for x in (row.title, row.date) if x))
    pages = row.pages if row.pages is not None else ""
    figures = "".join(f'<td class="num">{value}</td>' for value in (
        pages, row.turns, row.remarks, row.errors, row.warnings, row.info))
    status = escape(row.status)
    return f'<tr class="st-{status}"><td>{link}</td><td>{status}</td>{figures}<td>{about}</td></tr>'


def render_index(rows: list[IndexRow], title: str = "Review pages") -> str:
    """The index page, rows in the order given."""
    failed = sum(1 for row in rows if row.status == "failed")
    empty = sum(1 for row in rows if row.status == "empty")
    head = "".join(f"<th>{name}</th>" for name in (
        "file", "status", "pages", "turns", "remarks", "errors", "warnings", "info", "meeting / problem"))
    return (
        '<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        f'<meta name="generator" content="minutes-extract {escape(__version__)}">'
        f"<title>{escape(title)}</title><style>{asset('page.css')}</style></head><body class=\"index\">"
        f"<header><h1>{escape(title)}</h1><ul class=\"counts\"><li><b>{len(rows)}</b> files</li>"
        f"<li><b>{empty}</b> without turns</li><li><b>{failed}</b> failed</li></ul></header>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(map(_row, rows))}</tbody></table>"
        "</body></html>\n"
    )
