"""JSON and JSON Lines: pydantic's own serialiser, Korean text kept as UTF-8 (not escaped)."""

from __future__ import annotations

from ..models import MinutesRecord


def to_json(record: MinutesRecord, indent: int | None = 2) -> str:
    return record.model_dump_json(indent=indent) + "\n"


def to_jsonl(record: MinutesRecord) -> str:
    """One meeting per line, so many files can be concatenated into one stream."""
    return record.model_dump_json() + "\n"
