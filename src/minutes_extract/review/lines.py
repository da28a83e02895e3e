"""What each source line became: the left pane's colours and its links into the record.

Every line gets one kind (the most specific claim wins: a nested remark over its turn, a
speaker line over the remark that starts on it) and the id of the record item it links to.
A non-blank line that nothing claims is "unused": the clerk should look at it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ..models import MinutesRecord, Remark, Span

# Kinds in the order of the legend; a later kind in PRIORITY overrides an earlier one.
KINDS = {
    "speaker": "speaker line / header",
    "remark": "remark",
    "nested": "nested remark",
    "note": "note",
    "section": "section heading",
    "cover": "overview / cover field",
    "appendix": "appendix",
    "furniture": "furniture removed",
    "unused": "not used",
}
PRIORITY = ("cover", "appendix", "section", "remark", "nested", "note", "speaker", "furniture")


@dataclass(slots=True)
class LineRole:
    kind: str | None = None  # None: blank, or not yet claimed
    target: str | None = None  # id of the record item the line became
    diagnostics: list[str] = field(default_factory=list)  # ids of the diagnostics on the line


def remark_walk(remarks: list[Remark], prefix: str, depth: int = 1) -> Iterator[tuple[str, Remark, int]]:
    """(id, remark, depth) depth-first; ids nest like the remarks: t3-r2-r1."""
    for n, remark in enumerate(remarks, start=1):
        rid = f"{prefix}-r{n}"
        yield rid, remark, depth
        yield from remark_walk(remark.children, rid, depth + 1)


def claims(record: MinutesRecord) -> Iterator[tuple[str, str, Span]]:
    """(kind, item id, span) of every record item that came from source lines."""
    meeting = record.meeting
    for n, line in enumerate(record.front_matter, start=1):
        yield "cover", f"f{n}", line.span
    if meeting.overview_span is not None:
        yield "cover", "meeting", meeting.overview_span
    for n, overview in enumerate(meeting.overview, start=1):
        yield "cover", f"o{n}", overview.span
    for n, appendix in enumerate(record.appendix, start=1):
        yield "appendix", f"a{n}", appendix.span
    for n, section in enumerate(record.sections, start=1):
        yield "section", f"s{n}", section.span
    for t, turn in enumerate(record.turns, start=1):
        for rid, remark, depth in remark_walk(turn.remarks, f"t{t}"):
            yield ("remark" if depth == 1 else "nested"), rid, remark.span
    for n, note in enumerate(record.notes, start=1):
        yield "note", f"n{n}", note.span
    for t, turn in enumerate(record.turns, start=1):
        yield "speaker", f"t{t}", Span(start_line=turn.span.start_line, end_line=turn.span.start_line)


def line_roles(record: MinutesRecord, lines: list[str]) -> list[LineRole]:
    """One role per line (index = line number - 1)."""
    roles = [LineRole() for _ in lines]
    rank = {kind: n for n, kind in enumerate(PRIORITY)}
    best = [-1] * len(lines)
    found = [*claims(record)]
    found += [("furniture", "", Span(start_line=f.line, end_line=f.line))
              for f in record.source.furniture if f.line is not None]
    for kind, target, span in found:
        for i in range(span.start_line - 1, min(span.end_line, len(lines))):
            if rank[kind] >= best[i] and (lines[i].strip() or kind == "furniture"):
                best[i] = rank[kind]
                roles[i].kind, roles[i].target = kind, target or None
    for n, diagnostic in enumerate(record.diagnostics, start=1):
        for line in diagnostic.lines or ([diagnostic.line] if diagnostic.line else []):
            if 0 < line <= len(lines):
                roles[line - 1].diagnostics.append(f"d{n}")
    for i, role in enumerate(roles):
        if role.kind is None and lines[i].strip():
            role.kind = "unused"
    return roles
