"""HWP readers: HWP 5 (OLE2 compound file, needs the `hwp` extra: olefile) and HWPX (OWPML
in a ZIP, standard library only). Both lay out tables, text boxes and notes the same way
(layout.py), so an HWP and its HWPX copy give the same Document text."""

from typing import Any

from .sniff import is_hwp5, is_hwpx

__all__ = ["is_hwp5", "is_hwpx", "read_hwp5", "read_hwpx"]


def __getattr__(name: str) -> Any:
    """The readers, imported when first asked for: every input is sniffed, few are HWP."""
    if name == "read_hwp5":
        from .hwp5 import read_hwp5

        return read_hwp5
    if name == "read_hwpx":
        from .hwpx import read_hwpx

        return read_hwpx
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
