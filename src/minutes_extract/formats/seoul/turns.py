"""Speaker turns of the 〈…〉 format: headers split into role and name (names filled from the
attendee roster), remarks validated turn by turn, empty and doubled headers reported."""

from __future__ import annotations

from ... import diagnostics as dx
from ...models import Diagnostic, Person, Speaker, Turn
from ...text.people import infer_names, parse_speaker
from .builder import TurnDraft


def build_turns(drafts: list[TurnDraft], roster: list[Person], diagnostics: list[Diagnostic]) -> list[Turn]:
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
