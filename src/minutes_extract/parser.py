"""The pure parsing core: text in, a validated MinutesRecord out. No I/O happens here."""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from . import assembly, assembly_record, consistency, style
from . import diagnostics as dx
from .furniture import strip_furniture
from .models import Diagnostic, MinutesRecord, Person, Source, Speaker, Turn
from .overview import meeting_from
from .people import infer_names, parse_speaker
from .segment import classify
from .textlines import normalise
from .tree import TreeBuilder, TurnDraft

SEOUL = "seoul-committee"
ASSEMBLY = assembly_record.PROFILE
PROFILES = ("auto", SEOUL, ASSEMBLY)


def parse_text(
    text: str,
    *,
    path: str = "<string>",
    encoding: str | None = "utf-8",
    bom: bool = False,
    sha256: str | None = None,
    source_format: str = "text",
    extra_diagnostics: list[Diagnostic] | None = None,
    profile: str = "auto",
    hints: list[str] | None = None,
) -> MinutesRecord:
    """Parse the text of one minutes document.

    ``path``, ``encoding``, ``bom`` and ``sha256`` describe where the text came from; readers
    pass them through so the record can name its source. ``profile`` forces a format
    (``seoul-committee`` or ``assembly``) instead of detecting it; ``hints`` are texts found
    outside the body (a PDF's running headers) that may name the session or sitting.
    """
    if profile not in PROFILES:
        raise ValueError(f"unknown format profile {profile!r}; use one of {', '.join(PROFILES)}")
    source = SourceInfo(path, encoding, bom, sha256, source_format)
    with _collector_paused():
        return _parse(text, source, extra_diagnostics or [], profile, hints or [])


@dataclass(frozen=True, slots=True)
class SourceInfo:
    path: str
    encoding: str | None
    bom: bool
    sha256: str | None
    source_format: str


def _parse(
    text: str, info: SourceInfo, extra_diagnostics: list[Diagnostic], profile: str, hints: list[str]
) -> MinutesRecord:
    norm = normalise(text)
    segments = [classify(line) for line in norm.lines]
    furniture, furniture_diagnostics = strip_furniture(norm.lines, segments, norm.page_starts)
    if profile == "auto":
        profile = ASSEMBLY if assembly_record.detect(norm.lines) else SEOUL
    source = Source(
        path=info.path,
        sha256=info.sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest(),
        format=info.source_format,
        profile=profile,
        encoding=info.encoding,
        bom=info.bom,
        line_endings=norm.line_endings,
        line_count=len(norm.lines),
        page_breaks=norm.page_breaks,
        furniture=furniture,
    )
    diagnostics = [*extra_diagnostics, *norm.diagnostics, *furniture_diagnostics]
    if profile == ASSEMBLY:
        return _parse_assembly(norm.lines, source, diagnostics, hints)
    builder = TreeBuilder()
    feed = builder.feed
    for number, segment in enumerate(segments, start=1):
        feed(number, segment)
    builder.finish()

    diagnostics.extend(builder.diagnostics)
    diagnostics.extend(style.style_diagnostics(segments))
    fields = builder.overview_fields()
    meeting = meeting_from(builder.front, fields, diagnostics)
    meeting.overview_span = builder.overview_span(fields)
    if not fields:
        diagnostics.append(dx.MISSING_OVERVIEW.at("no 〈회의개요〉 overview fields found"))
    turns = _turns(builder.turns, meeting.attendees, diagnostics)
    diagnostics.extend(consistency.check(meeting, builder.front, turns))
    if not turns:
        diagnostics.append(dx.NO_TURNS.at(
            "no speaker header such as 〈위원장〉 found: no minutes structure recognised"))
    diagnostics.sort(key=lambda d: (d.line or 0, d.code))
    return MinutesRecord.model_validate({
        "source": source,
        "meeting": meeting,
        "front_matter": builder.front,
        "sections": builder.sections,
        "turns": turns,
        "diagnostics": diagnostics,
    })


def _parse_assembly(
    lines: list[str], source: Source, diagnostics: list[Diagnostic], hints: list[str]
) -> MinutesRecord:
    fields = assembly_record.front_matter_fields(lines)
    tree = assembly.build(lines)
    diagnostics.extend(tree.diagnostics)
    meeting, front, turns, notes, speakers, appendix = assembly_record.assemble(
        tree, fields, hints, diagnostics)
    if not turns:
        diagnostics.append(dx.NO_TURNS.at("no ◯ speaker line found: no minutes structure recognised"))
    diagnostics.sort(key=lambda d: (d.line or 0, d.code))
    return MinutesRecord.model_validate({
        "source": source,
        "meeting": meeting,
        "front_matter": front,
        "sections": tree.sections,
        "turns": turns,
        "notes": notes,
        "speakers": speakers,
        "appendix": appendix,
        "diagnostics": diagnostics,
    })


def _turns(drafts: list[TurnDraft], roster: list[Person], diagnostics: list[Diagnostic]) -> list[Turn]:
    parsed: dict[str, Speaker] = {}
    for draft in drafts:
        if draft.label not in parsed:
            parsed[draft.label] = parse_speaker(draft.label)
    named = dict(zip(parsed, infer_names(list(parsed.values()), roster), strict=True))
    as_data = {label: speaker.model_dump() for label, speaker in named.items()}
    speakers = [named[d.label] for d in drafts]
    turns = []
    previous: Speaker | None = None
    for index, (draft, speaker) in enumerate(zip(drafts, speakers, strict=True)):
        following = drafts[index + 1].label if index + 1 < len(drafts) else None
        if not draft.remarks and following != draft.label:  # a doubled header is ST004's
            diagnostics.append(dx.EMPTY_TURN.at(f"〈{draft.label}〉 has no remarks", draft.start))
        if previous is not None and previous.label == speaker.label and not speaker.anonymized:
            diagnostics.append(dx.REPEATED_HEADER.at(
                f"〈{draft.label}〉 follows a turn with the same header", draft.start))
        previous = speaker
        # Validated turn by turn so the plain data of only one turn is alive at a time.
        turns.append(Turn.model_validate({
            "speaker": as_data[draft.label],
            "section": draft.section,
            "remarks": [remark.build() for remark in draft.remarks],
            "span": {"start_line": draft.start, "end_line": draft.end()},
        }))
    return turns


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The tree holds no reference cycles; pausing the cyclic GC while building it saves
    about a third of the parse time on large inputs."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
