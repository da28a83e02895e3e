"""HWP readers: HWP 5 (OLE2 compound file, needs the `hwp` extra: olefile) and HWPX (OWPML
in a ZIP, standard library only). Both lay out tables, text boxes and notes the same way
(layout.py), so an HWP and its HWPX copy give the same Document text."""

from .hwp5 import read_hwp5
from .hwpx import read_hwpx
from .sniff import is_hwp5, is_hwpx

__all__ = ["is_hwp5", "is_hwpx", "read_hwp5", "read_hwpx"]
