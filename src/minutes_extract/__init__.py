"""minutes-extract: Korean meeting minutes (회의록) to structured, validated records.

Public API::

    from minutes_extract import parse_file, parse_text
    record = parse_file("minutes.txt")
    record.meeting.title, len(record.turns)
"""

from __future__ import annotations

from ._version import __version__
from .api import parse_bytes, parse_file, parse_text
from .errors import ExitCode, InputError
from .models import (
    SCHEMA_VERSION,
    Diagnostic,
    Meeting,
    MinutesRecord,
    Person,
    Remark,
    Severity,
    Source,
    Span,
    Speaker,
    Turn,
)

__all__ = [
    "SCHEMA_VERSION",
    "Diagnostic",
    "ExitCode",
    "InputError",
    "Meeting",
    "MinutesRecord",
    "Person",
    "Remark",
    "Severity",
    "Source",
    "Span",
    "Speaker",
    "Turn",
    "__version__",
    "parse_bytes",
    "parse_file",
    "parse_text",
]
