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

__all__ = ["EXPORTERS", "OutputFormat", "to_csv", "to_json", "to_jsonl"]
