"""JSON and JSON Lines: pydantic's own serialiser, Korean text kept as UTF-8 (not escaped)."""

from __future__ import annotations

import pydantic_core

from ..models import MinutesRecord


def to_json(record: MinutesRecord, indent: int | None = 2) -> bytes:
    # Straight to UTF-8 bytes: no intermediate str of the whole document.
    return pydantic_core.to_json(record, indent=indent) + b"\n"


def to_jsonl(record: MinutesRecord) -> bytes:
    """One meeting per line, so many files can be concatenated into one stream."""
    return pydantic_core.to_json(record) + b"\n"
