"""The pure parsing core: a Document in, a validated MinutesRecord out. No I/O happens here.

normalise → page furniture → detect the format → the format's parse → source facts, pages
and diagnostics → validation.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from . import diagnostics as dx
from . import formats
from .formats import AUTO, Prepared
from .inputs.document import Document
from .models import Diagnostic, FurnitureLine, MinutesRecord, Remark, Source, Span
from .text.furniture import LineRole, strip_furniture, suspect
from .text.lazy import LazyPattern
from .text.normalise import NormalisedText, normalise


@dataclass(frozen=True, slots=True)
class PreparedText:
    """A document's text as the formats read it, with what preparing it found."""

    normalised: NormalisedText  # lines with page furniture blanked out
    furniture: list[FurnitureLine]
    diagnostics: list[Diagnostic]  # of normalising and of the furniture removed


def prepare(document: Document) -> PreparedText:
    """Normalise the text and blank out page furniture, sparing every line a format recognises.
    A reader that lays out pages (PDF) has removed its furniture by position on the page; the
    text rules would only have repetition to go by."""
    norm = normalise(document.text)
    removed: list[FurnitureLine] = []
    found: list[Diagnostic] = []
    if not document.line_pages:
        removed, found = strip_furniture(norm.lines, norm.page_starts, formats.line_roles(norm.lines))
    found.extend(suspect([*document.furniture, *removed], sum(1 for line in norm.lines if line),
                         lambda text: formats.line_roles([text])(0) > LineRole.PLAIN))
    return PreparedText(norm, removed, [*norm.diagnostics, *found])


def parse(document: Document, profile: str = AUTO) -> MinutesRecord:
    """The record of a document; `profile` names a format instead of detecting it."""
    fmt = None if profile == AUTO else formats.by_name(profile)
    with _collector_paused():
        prepared = prepare(document)
        lines = prepared.normalised.lines
        fmt = fmt or formats.detect(lines)
        found = (*(d.model_copy() for d in document.diagnostics), *prepared.diagnostics)
        record = fmt.parse(Prepared(lines, _source(document, prepared, fmt.NAME), found, document.hints))
        if not record.turns:
            _explain_no_turns(record, document.text)
        if document.line_pages:
            _add_pages(record, document.line_pages)
        if document.member_ids:
            _add_member_ids(record, document.member_ids)
        return record


_HTML = LazyPattern(r"^\s*<(?:!doctype\s+html|html|head|body|div|p|table)\b", re.IGNORECASE)
_HANGUL = LazyPattern(r"[가-힣]")
_FEW_LINES = 3


def _explain_no_turns(record: MinutesRecord, text: str) -> None:
    """Say in ST001 what the text looks like instead of minutes, where its shape tells."""
    filled = [line for line in text.splitlines() if line.strip()]
    if _HTML.match(text):
        hint = "the text is an HTML page: markup, not minutes text"
    elif not _HANGUL.search(text):
        hint = "the text has no Korean in it"
    elif len(filled) <= _FEW_LINES:
        hint = f"the text has only {len(filled)} line{'s' if len(filled) != 1 else ''}"
    else:
        return
    for diagnostic in record.diagnostics:
        if diagnostic.code == dx.NO_TURNS.code:
            diagnostic.message = f"{diagnostic.message} ({hint})"


def _source(document: Document, prepared: PreparedText, profile: str) -> Source:
    norm = prepared.normalised
    return Source(
        path=document.path,
        sha256=document.sha256,
        format=document.source_format,
        profile=profile,
        encoding=document.encoding,
        bom=document.bom,
        line_endings=norm.line_endings,
        line_count=len(norm.lines),
        page_breaks=norm.page_breaks,
        pages=document.pages,
        pdf_engine=document.pdf_engine,
        ocr=document.ocr.model_copy(deep=True) if document.ocr else None,
        furniture=[*document.furniture, *prepared.furniture],
    )


def _add_member_ids(record: MinutesRecord, ids: tuple[tuple[str, str | None, str], ...]) -> None:
    """Give each registry entry the publisher's id of the person, matched by name (and by role
    where two people share a name)."""
    by_name: dict[str, set[str]] = {}
    by_name_role: dict[tuple[str, str | None], str] = {}
    for name, role, member_id in ids:
        by_name.setdefault(name, set()).add(member_id)
        by_name_role[(name, role)] = member_id
    for entry in record.speakers:
        if entry.name is None:
            continue
        found = by_name.get(entry.name, set())
        if len(found) == 1:
            entry.member_id = next(iter(found))
            continue
        for role in entry.roles:
            if (entry.name, role) in by_name_role:
                entry.member_id = by_name_role[(entry.name, role)]
                break


def _add_pages(record: MinutesRecord, line_pages: tuple[tuple[int, int], ...]) -> None:
    """Give every span the pages of its lines, and every diagnostic and removed line the page
    of its line."""

    def fill(span: Span | None) -> None:
        if span is not None:
            span.page_start = line_pages[min(span.start_line, len(line_pages)) - 1][0]
            span.page_end = line_pages[min(span.end_line, len(line_pages)) - 1][1]

    def walk(remarks: list[Remark]) -> Iterator[Remark]:
        for remark in remarks:
            yield remark
            yield from walk(remark.children)

    for item in (*record.front_matter, *record.sections, *record.meeting.overview, *record.notes,
                 *record.appendix):
        fill(item.span)
    fill(record.meeting.overview_span)
    for turn in record.turns:
        fill(turn.span)
        for remark in walk(turn.remarks):
            fill(remark.span)
    for item in (*record.diagnostics, *record.source.furniture):
        if item.line is not None and item.page is None and item.line <= len(line_pages):
            item.page = line_pages[item.line - 1][0]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The tree holds no reference cycles; pausing the cyclic GC while building it saves
    about a third of the parse time on large inputs. Before the collector is re-enabled, the
    objects alive are frozen (moved to its permanent generation): else its next pass would
    scan the whole new tree, a sixth of the run, to free nothing. Frozen objects are still
    freed by reference counting when the record is dropped."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.enable()
