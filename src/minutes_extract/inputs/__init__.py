"""Readers: the bytes of one input to a Document, the kind of input told by its content
(never by its name). A reader never parses minutes; the formats do that, from the Document.

Adding an input kind is one module with a `sniff(data) -> bool` and a
`read(data, path, options) -> Document`, and one row in `READERS` (tried in order; text,
which takes anything decodable, comes last).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from importlib import import_module

from .document import Document, ReadOptions
from .guard import bounded
from .html import is_html, read_html
from .hwp import is_hwp5, is_hwpx
from .pdf import is_pdf, read_pdf
from .text import read_text

Reader = Callable[[bytes, str, ReadOptions], Document]


def _anything(data: bytes) -> bool:
    return True


def read_hwp5(data: bytes, path: str, options: ReadOptions) -> Document:
    from .hwp import read_hwp5  # imported when an HWP comes: every input is sniffed, few are HWP

    return read_hwp5(data, path, options)


def read_hwpx(data: bytes, path: str, options: ReadOptions) -> Document:
    from .hwp import read_hwpx

    return read_hwpx(data, path, options)


# (name, sniff, read, guarded: read in a child process with bounded time and memory)
READERS: tuple[tuple[str, Callable[[bytes], bool], Reader, bool], ...] = (
    ("pdf", is_pdf, read_pdf, True),
    ("hwp", is_hwp5, read_hwp5, True),
    ("hwpx", is_hwpx, read_hwpx, True),
    ("html", is_html, read_html, True),  # html.parser is quadratic on some input (CVE-2025-6069)
    ("text", _anything, read_text, False),
)


# What a guarded reader needs, imported in this process before its child is forked: the child
# inherits it, and a process that reads many such files (a batch worker) imports it once. Never
# at start-up: a run on text needs none of it.
_PRELOAD = {
    "pdf": (".pdf.engines", ".pdf.layout", "pypdfium2"),
    "hwp": (".hwp.hwp5",),
    "hwpx": (".hwp.hwpx",),
    "html": (".html.lines", ".html.tree", ".html.viewer"),
}


def preload(kind: str) -> None:
    """Import what reading this kind of input needs (`kind_of`'s names), once per process."""
    for module in _PRELOAD.get(kind, ()):
        import_module(module, __name__)


_READS: Counter[str] = Counter()  # guarded reads in this process, by kind


def _share_kiwi() -> None:
    """From a process's second PDF on, kiwipiepy (the `spacing` extra) is loaded here, once,
    before the fork: each guarded child then inherits it instead of loading it again for every
    PDF without space glyphs (about a second each). A single read never pays for it here; batch
    does the same before its workers fork."""
    from .pdf.linebreaks import preload_kiwi

    preload_kiwi()


# What a process loads itself before forking, once it reads a second input of a kind: the
# children then inherit it instead of each loading it again.
_FROM_THE_SECOND_READ: dict[str, Callable[[], None]] = {"pdf": _share_kiwi}


def kind_of(data: bytes) -> str:
    """The name of the reader that takes these bytes (`text` for anything no other takes)."""
    return next(name for name, sniff, _, _ in READERS if sniff(data))


def read_document(data: bytes, path: str, options: ReadOptions | None = None) -> Document:
    """The Document of an input's bytes, or InputError when they cannot be minutes at all."""
    options = options or ReadOptions()
    for name, sniff, read, guarded in READERS:
        if not sniff(data):
            continue
        if guarded:
            preload(name)
            _READS[name] += 1
            if _READS[name] > 1 and name in _FROM_THE_SECOND_READ:
                _FROM_THE_SECOND_READ[name]()
            return bounded(lambda: read(data, path, options), path, options.timeout,  # noqa: B023
                           options.max_memory)
        return read(data, path, options)
    raise AssertionError("the text reader takes anything")


__all__ = ["READERS", "Document", "ReadOptions", "kind_of", "preload", "read_document"]
