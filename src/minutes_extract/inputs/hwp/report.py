"""What both HWP readers share at the end: the Document of the laid-out lines, and the
error for a missing optional extra."""

from __future__ import annotations

import hashlib

from ...errors import ExitCode, InputError
from ..document import Document

INSTALL = "pip install 'minutes-extract[hwp]'"


def needs_extra(path: str, kind: str) -> InputError:
    return InputError(path, f"reading {kind} needs the optional extra: {INSTALL}",
                      ExitCode.NEEDS_EXTRA)


def document_of(lines: list[str], data: bytes, path: str, kind: str) -> Document:
    """The Document of an HWP's lines, trailing blank lines dropped; no text at all is EMPTY."""
    lines = list(lines)
    while lines and not lines[-1]:
        lines.pop()
    if not any(lines):
        raise InputError(path, f"an {kind.upper()} document without text", ExitCode.EMPTY)
    return Document(text="\n".join(lines) + "\n", path=path,
                    sha256=hashlib.sha256(data).hexdigest(), source_format=kind)
