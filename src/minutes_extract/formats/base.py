"""What every format reads, how it makes its record, and what makes a module a format."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from ..models import Diagnostic, MinutesRecord, Source
from ..text.furniture import Roles


@dataclass(frozen=True, slots=True)
class Prepared:
    """The text a format reads: normalised lines (line N at index N - 1) with page furniture
    blanked out; the source it came from; what reading and preparing it found; and texts
    found outside the body (a PDF's running headers) that may name the session or sitting."""

    lines: list[str]
    source: Source
    diagnostics: tuple[Diagnostic, ...] = ()
    hints: tuple[str, ...] = ()

    def record(self, diagnostics: list[Diagnostic], **parts: Any) -> MinutesRecord:
        """The validated record of a format's parts (`meeting`, `turns`, `notes` …, as in
        MinutesRecord), with the source and every diagnostic, in line order."""
        found = [*self.diagnostics, *diagnostics]
        found.sort(key=lambda d: (d.line or 0, d.code))
        return MinutesRecord.model_validate({"source": self.source, **parts, "diagnostics": found})


class Format(Protocol):
    """A module of `formats/`: a name (the record's `source.profile`), how much a text looks
    like it, which of its lines it recognises (never taken as page furniture), and the parse."""

    NAME: str

    def score(self, lines: list[str]) -> int: ...

    def line_roles(self, lines: list[str]) -> Roles: ...

    def parse(self, document: Prepared) -> MinutesRecord: ...
