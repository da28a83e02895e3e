"""The whole review page: head, counts, legend, diagnostics, the two panes, inline CSS and
script. One self-contained file: a Content-Security-Policy forbids every fetch, so the page
cannot reach the network even by mistake."""

from __future__ import annotations

from collections import Counter
from functools import cache
from html import escape
from importlib.resources import files

from .._version import __version__
from ..models import MinutesRecord, Severity
from .lines import KINDS, LineRole
from .record import meeting_card, record_body, remark_count, speaker_options

CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"


@cache
def asset(name: str) -> str:
    """page.css / page.js, shipped as package data."""
    return files(__package__).joinpath(name).read_text(encoding="utf-8")


def counts(record: MinutesRecord, roles: list[LineRole]) -> dict[str, int]:
    """The figures at the top of the page (and in the batch index)."""
    severities = Counter(d.severity for d in record.diagnostics)
    return {"turns": len(record.turns), "remarks": remark_count(record),
            "speakers": len(record.speakers) or len(speaker_options(record)),
            "errors": severities[Severity.ERROR], "warnings": severities[Severity.WARNING],
            "info": severities[Severity.INFO], "lines": len(roles),
            "unused": sum(1 for role in roles if role.kind == "unused"),
            "furniture": len(record.source.furniture)}


def _counts_bar(figures: dict[str, int], record: MinutesRecord) -> str:
    pages = f"<li><b>{record.source.pages}</b> pages</li>" if record.source.pages else ""
    items = "".join(f'<li class="c-{name}"><b>{value}</b> {name}</li>' for name, value in figures.items())
    return f'<ul class="counts">{items}{pages}</ul>'


def _legend(roles: list[LineRole], record: MinutesRecord) -> str:
    found = Counter(role.kind for role in roles)
    found["furniture"] = len(record.source.furniture)  # a PDF's have no line of their own
    return '<ul class="legend">' + "".join(
        f'<li class="k-{kind}"><span class="sw"></span>{label} <b>{found[kind]}</b></li>'
        for kind, label in KINDS.items()) + "</ul>"


def diagnostics_panel(record: MinutesRecord) -> str:
    """Diagnostics grouped by severity, each with its code, message and a link to its line."""
    groups = []
    for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        rows = [(n, d) for n, d in enumerate(record.diagnostics, start=1) if d.severity is severity]
        if not rows:
            continue
        items = "".join(
            f'<li class="item diag" id="d{n}"'
            + (f' data-s="{d.line}" data-e="{d.end_line or d.line}"><a class="src" href="#L{d.line}">'
               f"line {d.line}</a> " if d.line else "> ")
            + f'<code title="{escape(d.name)}">{escape(d.code)}</code> {escape(d.message)}</li>'
            for n, d in rows)
        opened = " open" if severity is not Severity.INFO or len(rows) <= 20 else ""
        groups.append(f'<details class="sev-{severity.value}"{opened}><summary>{severity.value} '
                      f"({len(rows)})</summary><ul>{items}</ul></details>")
    return (f'<section class="diagnostics" id="diagnostics"><h2>Diagnostics</h2>'
            f"{''.join(groups) or '<p>none</p>'}</section>")


def _controls(record: MinutesRecord) -> str:
    options = "".join(f'<option value="{escape(key)}">{escape(shown)} ({turns})</option>'
                      for key, shown, turns in speaker_options(record))
    return ('<form class="controls" id="controls" hidden onsubmit="return false">'
            '<label>speaker <select id="speaker"><option value="">all speakers</option>'
            f'{options}</select></label> <label>search <input id="search" type="search" '
            'placeholder="text in remarks"></label> <output id="shown"></output></form>')


def render(record: MinutesRecord, roles: list[LineRole], source_rows: str) -> str:
    """The page's HTML: every value from the record or the source is escaped."""
    title = record.meeting.title or record.source.path
    figures = counts(record, roles)
    return (
        '<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="minutes-extract {escape(__version__)}">'
        f"<title>Review: {escape(title)}</title><style>{asset('page.css')}</style></head><body>"
        f'<header><h1>{escape(title)}</h1><p class="path">{escape(record.source.path)} · '
        f"{escape(record.source.format)} · {escape(record.source.profile)}</p>"
        f"{_counts_bar(figures, record)}{_legend(roles, record)}{_controls(record)}</header>"
        f'<main><section class="pane source" id="source" aria-label="source text">{source_rows}</section>'
        f'<section class="pane record" id="record" aria-label="record">{diagnostics_panel(record)}'
        f"{meeting_card(record.meeting, record)}{record_body(record)}</section></main>"
        f"<script>{asset('page.js')}</script></body></html>\n"
    )
