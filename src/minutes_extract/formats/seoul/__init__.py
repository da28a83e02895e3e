"""The Seoul committee format: `〈위원장〉` speaker headers, `- ` remarks, ` - 〔1〕` nested
remarks, a `〈회의개요〉` overview of `- ◆ key : value` fields.

lines (one line → a Segment) → builder (cover, overview, sections, turns) → overview (meeting
fields) → turns (speakers, validated turns) → checks and style (diagnostics across the tree).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...text.furniture import LineRole, Roles
from .lines import CLOSE_BRACKETS, OPEN_BRACKETS, Kind, classify

if TYPE_CHECKING:
    from ...models import MinutesRecord
    from ..base import Prepared

NAME = "seoul-committee"
_ROLES = {Kind.HEADER: LineRole.HEADER, Kind.BULLET: LineRole.STRUCTURE, Kind.NESTED: LineRole.STRUCTURE,
          Kind.SECTION: LineRole.STRUCTURE}


def line_roles(lines: list[str]) -> Roles:
    """Headers, bullets and □ sections are this format's own lines."""
    return lambda i: _ROLES.get(classify(lines[i]).kind, LineRole.PLAIN)


def score(lines: list[str]) -> int:
    """Lines that are a bracketed header, `〈…〉`, as a whole."""
    count = 0
    for line in lines:
        stripped = line.strip()
        if stripped and stripped[0] in OPEN_BRACKETS and stripped[-1] in CLOSE_BRACKETS:
            count += 1
    return count


def parse(document: Prepared) -> MinutesRecord:
    # The builder and checks are imported here, when a text is read as this format: every
    # run scores a text by both formats, but only the chosen one needs its tree.
    from ... import diagnostics as dx
    from . import checks
    from .builder import TreeBuilder
    from .overview import meeting_from
    from .style import style_diagnostics
    from .turns import build_turns

    segments = [classify(line) for line in document.lines]
    builder = TreeBuilder()
    builder.feed_all(segments)
    builder.finish()

    diagnostics = [*builder.diagnostics, *style_diagnostics(segments)]
    del segments  # one per line: not kept alive while the turns are validated
    fields = builder.overview_fields()
    meeting = meeting_from(builder.front, fields, diagnostics)
    meeting.overview_span = builder.overview_span(fields)
    if not fields:
        diagnostics.append(dx.MISSING_OVERVIEW.at("no 〈회의개요〉 overview fields found"))
    turns = build_turns(builder.turns, meeting.attendees, diagnostics)
    diagnostics.extend(checks.check(meeting, builder.front, turns))
    if not turns:
        diagnostics.append(dx.NO_TURNS.at(
            "no speaker header such as 〈위원장〉 found: no minutes structure recognised"))
    return document.record(diagnostics, meeting=meeting, front_matter=builder.front,
                           sections=builder.sections, turns=turns)
