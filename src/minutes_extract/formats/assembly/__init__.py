"""The stenographic ◯/○ format of the National Assembly and local councils.

A speaker line starts with ◯ (U+25EF) or ○ (U+25CB), then the designation, then the speech
on the same line: `◯위원장 최민희 의석을 정돈하여…`. Lines until the next speaker line are
the turn's further paragraphs. Parenthesised lines on their own are typed notes (times,
votes, chair changes), numbered agenda lines are sections, and ◯ lines such as
`◯출석 위원(4인)` open the appendix rather than a turn.

lines (one line, read alone) → rules (the tree, line by line) → meeting (cover, front
matter) → record (turns, speakers registry, appendix and attendance).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...text.furniture import LineRole, Roles
from .lines import SPEAKER_MARKS, classify, opens_appendix

if TYPE_CHECKING:
    from ...models import MinutesRecord
    from ..base import Prepared

NAME = "assembly"
_MIN_SPEAKER_LINES = 2
_APPENDIX_FIRST = SPEAKER_MARKS + "#"  # how an appendix heading line starts
_SPEAKER_FIRST = frozenset(_APPENDIX_FIRST)  # a line starting otherwise (no space) names no speaker


def line_roles(lines: list[str]) -> Roles:
    """Speaker lines (which close the cover), notes, agenda-shaped lines, and every line of
    the appendix (its lists repeat cells: 통일부훈령, 통일부훈령 …) are this format's own."""
    appendix: list[int] = []  # where the appendix starts, found when first asked

    def appendix_start() -> int:
        if not appendix:
            appendix.append(next((i for i, line in enumerate(lines) if (first := line.lstrip()[:1])
                                  and first in _APPENDIX_FIRST  # ("" is in every string: a blank line)
                                  and opens_appendix(line)), len(lines)))
        return appendix[0]

    def role(i: int) -> LineRole:
        line = classify(lines[i])
        if line is not None and line.speaker is not None:
            return LineRole.HEADER
        if (line is not None and (line.notes or line.agenda or line.heading)) or i > appendix_start():
            return LineRole.STRUCTURE
        return LineRole.PLAIN

    return role


def score(lines: list[str]) -> int:
    """Speaker lines (`◯…`, and Markdown headings that name a speaker: `### 의장 조정식`), when
    there are at least two."""
    first = _SPEAKER_FIRST
    speakers = sum(1 for line in lines  # the first character rules out most lines, with no call
                   if line and (line[0] in first or line[0].isspace()) and _names_speaker(line))
    return speakers if speakers >= _MIN_SPEAKER_LINES else 0


def _names_speaker(line: str) -> bool:
    """Cheap for the common line: its first character decides (what `speaker_rest` asks of a
    line that is no heading), and only a heading is read as one."""
    body = line.strip()
    if body[:1] != "#":
        return len(body) > 1 and body[0] in SPEAKER_MARKS
    found = classify(line)
    return found is not None and found.speaker is not None


def parse(document: Prepared) -> MinutesRecord:
    # The rules are imported here, when a text is read as this format: every run scores a
    # text by both formats, but only the chosen one needs its tree, meeting and record.
    from ... import diagnostics as dx
    from ...text.join import WordJoiner
    from .meeting import front_matter, meeting_of
    from .record import appendix_sections, turns_and_speakers
    from .rules import build

    front = front_matter(document.lines)
    joiner = WordJoiner(document.lines)
    tree = build(document.lines, joiner, skip=front.end)
    diagnostics = list(tree.diagnostics)
    meeting = meeting_of(tree, front.fields, document.hints, joiner, diagnostics)
    turns, speakers = turns_and_speakers(tree, diagnostics)
    appendix = appendix_sections(tree, meeting, diagnostics)
    if not turns:
        diagnostics.append(dx.NO_TURNS.at("no ◯ speaker line found: no minutes structure recognised"))
    return document.record(diagnostics, meeting=meeting, front_matter=tree.front, sections=tree.sections,
                           turns=turns, notes=tree.notes, speakers=speakers, appendix=appendix)
