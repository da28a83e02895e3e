"""Exporters: a MinutesRecord to JSON, JSON Lines or CSV, as UTF-8 bytes."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from ..models import MinutesRecord
from .csv import to_csv
from .json import to_json, to_jsonl


class OutputFormat(StrEnum):
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"


EXPORTERS: dict[OutputFormat, Callable[[MinutesRecord], bytes]] = {
    OutputFormat.JSON: to_json,
    OutputFormat.JSONL: to_jsonl,
    OutputFormat.CSV: to_csv,
}



def join_outputs(fmt: OutputFormat, parts: list[bytes]) -> bytes:
    """Several records' outputs as one: a JSON array, JSON Lines one after another, one CSV
    table under one header (the rows carry no file name: one file per table is clearer, and
    `batch` writes tables for many files)."""
    if len(parts) == 1:
        return parts[0]
    if fmt is OutputFormat.JSON:
        body = b",\n".join(part.rstrip(b"\n") for part in parts)
        return b"[\n" + body + b"\n]\n"
    if fmt is OutputFormat.CSV:
        return parts[0] + b"".join(part.split(b"\n", 1)[1] if b"\n" in part else b"" for part in parts[1:])
    return b"".join(parts)


__all__ = ["EXPORTERS", "OutputFormat", "join_outputs", "to_csv", "to_json", "to_jsonl"]
