"""Write command output to stdout or to a file atomically (never a half-written file)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from .errors import ExitCode, InputError

UTF8_BOM = b"\xef\xbb\xbf"


def write_output(data: bytes, destination: str | None, bom: bool = False) -> None:
    if bom:
        data = UTF8_BOM + data
    if destination in (None, "-"):
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    target = Path(destination)
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent or ".", prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise InputError(str(destination), f"cannot write output ({exc.strerror or exc})",
                         ExitCode.NOT_READABLE) from None
