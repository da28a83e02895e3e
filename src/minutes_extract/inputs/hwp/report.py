"""What both HWP readers share at the end: the Document of the laid-out lines, and the
error for a missing optional extra."""

from __future__ import annotations

import hashlib

from ... import diagnostics as dx
from ...errors import ExitCode, InputError
from ..document import Document
from .layout import CELL_SEPARATOR, Counts

INSTALL = "pip install 'minutes-extract[hwp]'"


def needs_extra(path: str, kind: str) -> InputError:
    return InputError(path, f"reading {kind} needs the optional extra: {INSTALL}",
                      ExitCode.NEEDS_EXTRA)


def document_of(lines: list[str], counts: Counts, data: bytes, path: str, kind: str) -> Document:
    """The Document of an HWP's lines; tables and other objects read are said in one note."""
    lines = list(lines)
    while lines and not lines[-1]:
        lines.pop()
    if not any(lines):
        raise InputError(path, f"an {kind.upper()} document without text", ExitCode.EMPTY)
    found = []
    if counts.tables or counts.lists:
        found.append(dx.HWP_OBJECTS.at(
            f"{counts.tables} table(s), one row a line, cells joined by {CELL_SEPARATOR!r}; "
            f"{counts.lists} text box(es), note(s) or header(s), after their paragraph"))
    return Document(text="\n".join(lines) + "\n", path=path,
                    sha256=hashlib.sha256(data).hexdigest(), source_format=kind,
                    diagnostics=tuple(found))
