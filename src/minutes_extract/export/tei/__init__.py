"""TEI following Parla-CLARIN (the TEI customisation for parliamentary proceedings): one
`TEI` document per meeting, written with ElementTree (every text escaped by the writer),
valid against Schema/parla-clarin.rng of clarin-eric/parla-clarin."""

from __future__ import annotations

from ...models import MinutesRecord
from .body import Pages, back, body, front
from .header import tei_header
from .people import people
from .xml import element, serialise, sub


def to_tei(record: MinutesRecord) -> bytes:
    """The record as a UTF-8 TEI document."""
    speakers = people(record)
    root = element("TEI", xml_lang="ko")
    root.append(tei_header(record, speakers.persons))
    text = sub(root, "text")
    pages = Pages(record.source.pages is not None)
    for part in (front(record, pages), body(record, speakers.of_turn, pages), back(record, pages)):
        if part is not None:
            text.append(part)
    return serialise(root)


__all__ = ["to_tei"]
