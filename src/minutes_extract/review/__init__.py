"""Review pages: the source and the extracted record side by side, in one static HTML file.

A clerk opens the page to see whether the tool understood a file before publishing its
record: which lines became which speaker and remark, what was dropped as page furniture,
what each diagnostic points at. The page is built from the record `extract` gives and the
text its line numbers count; it needs no server, network or script to be read.
"""

from __future__ import annotations

from pathlib import Path

from ..api import read_file
from ..formats import AUTO
from ..inputs import Document, ReadOptions
from ..models import MinutesRecord
from ..parser import parse
from ..text.normalise import normalise
from .index import IndexRow, render_index
from .lines import line_roles
from .page import render
from .source import source_pane

__all__ = ["IndexRow", "render_index", "review_file", "review_page"]


def review_page(record: MinutesRecord, document: Document) -> str:
    """The review page of `record`, parsed from `document` (whose lines its spans count)."""
    norm = normalise(document.text)
    roles = line_roles(record, norm.lines)
    return render(record, roles, source_pane(record, document, norm.lines, roles, norm.page_starts))


def review_file(path: str | Path, options: ReadOptions | None = None,
                profile: str = AUTO) -> tuple[str, MinutesRecord]:
    """Read and parse one file as `extract` does; its review page and its record. Raises
    InputError on bad input."""
    document = read_file(path, options)
    record = parse(document, profile)
    return review_page(record, document), record
