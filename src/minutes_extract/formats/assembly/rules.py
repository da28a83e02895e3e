"""The ◯-format tree, built line by line by an ordered list of small rules.

Each rule looks at one classified line and the state so far and either takes the line
(returns True) or leaves it to the next rule. The order is the precedence: a speaker line is
a speaker line wherever it stands; a note in parentheses is a note once the proceedings have
begun; inside the appendix every other line is a row of it; then agenda headings, speech, and
what remains is stray text (reported) or, before the proceedings, the cover.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from ... import diagnostics as dx
from ...models import Diagnostic, Note, Section, Span, TextLine
from ...text.dates import CLOCK
from ...text.join import WordJoiner
from .agenda import cover_lists, is_cover_item, number_of, reads_as_heading, split_glued
from .lines import (
    INLINE_NOTE,
    LEADING_NOTE,
    MARKDOWN_HEADING,
    Line,
    classify,
    is_stage_direction,
    looks_spoken,
    note_kind,
    split_speaker_line,
    usual_mark,
)
from .tree import AppendixBlock, AssemblyTree, AssemblyTurn


@dataclass(slots=True)
class State:
    joiner: WordJoiner
    tree: AssemblyTree = field(default_factory=AssemblyTree)
    number: int = 0  # the line being read
    started: bool = False  # the proceedings have begun (a speaker line or a timed note was seen)
    turn: AssemblyTurn | None = None
    block: AppendixBlock | None = None
    headings: list[str] = field(default_factory=list)  # the agenda items taken up together
    levels: list[int] = field(default_factory=list)  # each heading's Markdown level (0: not Markdown)
    heading_open: bool = False  # the line before was a heading (or its wrapped part)
    wrapped: list[str] = field(default_factory=list)  # the last heading's lines, joined when it closes
    listed: list[str] | None = None  # the cover's items, once the body needs them
    marks: list[tuple[str, int]] = field(default_factory=list)  # each speaker line's circle

    def span(self) -> Span:
        return Span(start_line=self.number, end_line=self.number)

    @property
    def section(self) -> str | None:
        return " / ".join(self.headings) or None

    def items(self) -> tuple[str, ...]:
        return _numbers(tuple(self.headings))

    def cover_items(self) -> list[str]:
        if self.listed is None:
            lists = cover_lists(self.tree.front, self.joiner.join_all)
            self.listed = [item for items in lists.values() for item in items]
        return self.listed

    def close_heading(self) -> None:
        """The last heading's wrapped lines joined into its title (once: linear in its lines)."""
        if len(self.wrapped) > 1:
            title = self.joiner.join_all(self.wrapped)
            self.tree.sections[-1].title = self.headings[-1] = title
        self.wrapped = []


@lru_cache(maxsize=256)
def _numbers(headings: tuple[str, ...]) -> tuple[str, ...]:
    """The agenda item numbers of the open headings: asked once per turn, the same headings
    for every turn of a section."""
    return tuple(number for number in map(number_of, headings) if number)


Rule = Callable[[Line, State], bool]


def speaker_line(line: Line, state: State) -> bool:
    """`◯위원장 홍길동 …` opens a turn; `◯출석 위원(4인)` (or, in the appendix, a ◯ line
    without speech) opens an appendix list."""
    if line.speaker is None:
        return False
    state.started = True
    if line.mark:  # a speaker heading without a circle has none to compare
        state.marks.append((line.mark, state.number))
    if line.appendix_heading or (state.block is not None and not looks_spoken(line.speaker)):
        state.block = AppendixBlock(title=line.speaker, start=state.number)
        state.tree.appendix.append(state.block)
        state.turn = None
        return True
    designation = split_speaker_line(line.speaker)
    state.close_heading()  # a heading wrapped up to this line: its title is whole now
    state.turn = AssemblyTurn(designation, state.number, state.section, state.items())
    state.tree.turns.append(state.turn)
    if designation.role is None and designation.name is None:
        state.tree.diagnostics.append(dx.UNSPLITTABLE_SPEAKER.at(
            f"speaker designation {designation.label!r} is neither a known role nor a name", state.number))
    speech = designation.speech
    leading = LEADING_NOTE.match(speech)
    if leading and is_stage_direction(leading.group(1)):
        # `◯권칠승 위원 (자료를 들어 보이며)`: the direction belongs to the speaker line
        state.tree.notes.append(Note(kind=note_kind(leading.group(1)), text=leading.group(1).strip(),
                                     span=state.span(), turn=len(state.tree.turns)))
        speech = speech[leading.end():].strip()
    if speech:
        _speech(state.turn, speech, state.number, state.tree.diagnostics)
    return True


def note_line(line: Line, state: State) -> bool:
    """`(14시06분 개의)`: a note of the turn it falls in; before the first speaker only with a
    time. Two in one line, `(14시18분 비공개회의개시) (16시21분 비공개회의종료)`, are two notes.
    In the appendix a line in parentheses is a row of its list (`(2024. 5. 31. 정부 제출)`)
    unless it is a stage direction."""
    if not line.notes:  # asked first: the clock is looked for only in a line of notes
        return False
    timed = CLOCK.search(line.text)
    if not (state.started or timed):
        return False
    direction = timed or any(map(is_stage_direction, line.notes))
    if (state.block is not None or state.heading_open) and not direction:
        return False  # `(의안번호 2201671)` under a heading goes on with it
    state.started = True
    turn = len(state.tree.turns) if state.turn is not None else None
    for text in line.notes:
        state.tree.notes.append(Note(kind=note_kind(text), text=text.strip(), span=state.span(), turn=turn))
    return True


def contents_line(line: Line, state: State) -> bool:
    """A table of contents' line (`1. 간사 선임의 건 ······ 3`) is cover matter wherever it
    stands: never speech, a note or a heading."""
    if not line.contents:
        return False
    return cover(line, state)


def appendix_heading(line: Line, state: State) -> bool:
    """`## 출석 의원`, `## 보고사항`: a Markdown heading without a circle that names an appendix
    list opens one, once the proceedings have begun (on the cover it is the cover's)."""
    if not (line.appendix_heading and line.speaker is None and state.started):
        return False
    state.block = AppendixBlock(title=line.text, start=state.number)
    state.tree.appendix.append(state.block)
    state.turn = None
    return True


def appendix_row(line: Line, state: State) -> bool:
    if state.block is None:
        return False
    state.block.lines.append((line.text, state.number))
    return True


def agenda_heading(line: Line, state: State) -> bool:
    """`1. 안건조정위원장 선출의 건`: the section of the turns that follow. Headings one under
    the other are items taken up together, one section; a heading that comes back later
    switches back to its item. A numbered line is a heading when the cover lists its item
    (without a cover list: when it does not read as a sentence), so clauses read out in a
    speech (`1. 우리는 … 다짐한다.`) stay speech. A Markdown heading (`## 1. …`) says it is
    one: it is taken as it stands, and begins the proceedings."""
    if not (line.agenda and (state.started or line.heading)):
        return False
    parts = split_glued(line.text)
    if not line.heading:
        listed = state.cover_items() if number_of(parts[0]) and not state.heading_open else []
        if not (is_cover_item(parts[0], listed) if listed else reads_as_heading(line.text)):
            return False  # (in a list of headings, one the cover does not list is a heading too)
    state.started = True
    _open_sections(state, [(part, part.split()[0]) for part in parts], line.heading)
    return True


def section_heading(line: Line, state: State) -> bool:
    """A Markdown heading that names neither a speaker nor an agenda item (`## 교섭단체대표연설`)
    is a section of its own once the proceedings have begun; its marker is its #s."""
    if not (line.heading and state.started):
        return False
    _open_sections(state, [(line.text, "#" * line.heading)], line.heading)
    return True


def _open_sections(state: State, titles: list[tuple[str, str]], level: int) -> None:
    """Sections (title, marker) for the turns that follow; under a heading just read, they join
    its items. A Markdown heading (`level` 1–6) also stays under the open Markdown headings of
    higher levels (`## 1. …` then `### 가. …`: both), as its #s say. A heading wrapped over
    lines (a PDF's) goes on over the next lines; a Markdown heading is one line."""
    if not state.heading_open:
        kept = [(title, above) for title, above in zip(state.headings, state.levels, strict=True)
                if 0 < above < level]
        state.headings, state.levels = [title for title, _ in kept], [above for _, above in kept]
    state.close_heading()
    for title, marker in titles:
        state.tree.sections.append(Section(title=title, marker=marker, span=state.span()))
        state.headings.append(title)
        state.levels.append(level)
    state.wrapped = [] if level else [titles[-1][0]]
    state.turn = None


def wrapped_heading(line: Line, state: State) -> bool:
    """An agenda heading wrapped over lines in the PDF: the lines right under it go on."""
    if not (state.heading_open and state.wrapped):
        return False
    state.wrapped.append(line.text)
    state.tree.sections[-1].span.end_line = state.number
    return True


def speech(line: Line, state: State) -> bool:
    if state.turn is None:
        return False
    _speech(state.turn, line.text, state.number, state.tree.diagnostics)
    return True


def stray_text(line: Line, state: State) -> bool:
    if not state.started:
        return False
    state.tree.diagnostics.append(dx.STRAY_TEXT.at(
        f"text outside any speaker turn: {line.text[:60]!r}", state.number))
    return True


def cover(line: Line, state: State) -> bool:
    state.tree.front.append(TextLine(text=MARKDOWN_HEADING.sub("", line.text), span=state.span()))
    return True


RULES: tuple[Rule, ...] = (
    speaker_line, note_line, appendix_heading, appendix_row, contents_line, agenda_heading, section_heading,
    wrapped_heading, speech, stray_text, cover,
)


_HEADINGS = (agenda_heading, section_heading, wrapped_heading)


def build(lines: list[str], joiner: WordJoiner, skip: int = 0) -> AssemblyTree:
    """Lines (normalised, furniture blanked) to the ◯-format tree; the first `skip` lines
    (front matter) are not read. Wrapped headings are joined by `joiner`."""
    state = State(joiner)
    for number, raw in enumerate(lines, start=1):
        line = classify(raw) if number > skip else None
        if line is None:
            continue
        state.number = number
        for rule in RULES:
            if rule(line, state):
                state.heading_open = rule in _HEADINGS
                break
        if not state.heading_open:
            state.close_heading()
    state.close_heading()
    state.tree.diagnostics.extend(_lookalike_marks(state.marks))
    return state.tree


def _speech(turn: AssemblyTurn, text: str, number: int, out: list[Diagnostic]) -> None:
    turn.paragraphs.append((text, number, number))
    for match in INLINE_NOTE.finditer(text):
        if is_stage_direction(match.group(1)):
            out.append(dx.STAGE_DIRECTION_IN_SPEECH.at(
                f"stage direction {match.group(0)!r} inside a speech: put it on a line of its own", number))


def _lookalike_marks(marks: list[tuple[str, int]]) -> list[Diagnostic]:
    """Speaker lines whose circle differs from the document's usual one (○ among ◯)."""
    expected = usual_mark([mark for mark, _ in marks])
    return [dx.LOOKALIKE_SPEAKER_MARK.at(
        f"speaker mark {mark} (U+{ord(mark):04X}) where the document uses {expected} (U+{ord(expected):04X})",
        number) for mark, number in marks if mark != expected]
