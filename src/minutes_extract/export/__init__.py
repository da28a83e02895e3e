"""Exporters: a MinutesRecord to JSON, JSON Lines, CSV, TEI or Excel, as bytes."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from ..errors import ExitCode, InputError
from ..models import MinutesRecord
from .csv import to_csv
from .json import to_json, to_jsonl


class OutputFormat(StrEnum):
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    TEI = "tei"
    XLSX = "xlsx"


def to_tei(record: MinutesRecord) -> bytes:
    """TEI XML (export/tei), imported when asked for: most runs write JSON."""
    from .tei import to_tei as tei

    return tei(record)


def _to_xlsx(record: MinutesRecord) -> bytes:
    from .xlsx import to_xlsx  # imported when asked for: it reads the batch's table layout

    return to_xlsx(record)


EXPORTERS: dict[OutputFormat, Callable[[MinutesRecord], bytes]] = {
    OutputFormat.JSON: to_json,
    OutputFormat.JSONL: to_jsonl,
    OutputFormat.CSV: to_csv,
    OutputFormat.TEI: to_tei,
    OutputFormat.XLSX: _to_xlsx,
}
BINARY = frozenset({OutputFormat.XLSX})  # never written to a terminal or a pipe, nor given a BOM
JOINABLE = frozenset({OutputFormat.JSON, OutputFormat.JSONL, OutputFormat.CSV})  # several files in one


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


def check_destination(fmt: OutputFormat, output: str | None, bom: bool, files: int = 1) -> None:
    """Refuse, before any work, what cannot be done: a binary format without a file (or with a
    BOM, which would break it), several files in a format that holds one meeting (TEI, Excel:
    `batch` writes those), or Excel without its extra (exit 12)."""
    if files > 1 and fmt not in JOINABLE:
        raise InputError(f"-f {fmt}", f"holds one meeting: give one file, or use `minutes-extract batch "
                         f"FILES -o OUT --to {fmt}` for several", ExitCode.USAGE)
    if fmt in BINARY and output in (None, "-"):
        raise InputError(f"-f {fmt}", "a binary format: give a file to write it to (-o FILE.xlsx)",
                         ExitCode.USAGE)
    if fmt in BINARY and bom:
        raise InputError(f"-f {fmt}", "--bom is for text output (csv, json), not for a workbook",
                         ExitCode.USAGE)
    if fmt is OutputFormat.XLSX:
        from .xlsx import require_writer

        require_writer(f"-f {fmt}")


__all__ = ["BINARY", "EXPORTERS", "OutputFormat", "check_destination", "join_outputs", "to_csv", "to_json",
           "to_jsonl", "to_tei"]
