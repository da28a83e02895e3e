"""HWP 5 (.hwp, an OLE2 compound file) to a Document: FileHeader flags checked, then each
BodyText/SectionN stream inflated and its paragraph records laid out as lines."""

from __future__ import annotations

import io
import re
import zlib

from ...errors import ExitCode, InputError
from ..document import Document, ReadOptions
from .layout import Paragraph, Paragraphs, Table, paragraph_lines
from .records import (
    CTRL_HEADER,
    LIST_HEADER,
    PARA_HEADER,
    PARA_TEXT,
    TABLE,
    Record,
    cell_address,
    ctrl_id,
    para_text,
    record_tree,
)
from .report import document_of, needs_extra

_COMPRESSED, _PASSWORD, _DISTRIBUTION = 1, 2, 4
_SECTION = re.compile(r"^Section(\d+)$")
PROTECTED = ("a distribution-protected HWP document (배포용 문서): its text is encrypted; "
             "open it in Hangul and save it as an ordinary document first")


def read_hwp5(data: bytes, path: str, options: ReadOptions) -> Document:
    """The Document of an HWP 5 file; InputError for protected, encrypted or broken ones."""
    try:
        import olefile
    except ImportError:
        raise needs_extra(path, "HWP 5") from None
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception as exc:  # olefile raises plain OSError/ValueError subclasses on damage
        raise InputError(path, f"damaged HWP 5 file ({exc})", ExitCode.NOT_TEXT) from None
    with ole:
        flags = _flags(ole, path)
        sections = _sections(ole, "BodyText")
        if flags & _DISTRIBUTION or (not sections and _sections(ole, "ViewText")):
            raise InputError(path, PROTECTED, ExitCode.NOT_TEXT)
        if flags & _PASSWORD:
            raise InputError(path, "a password-encrypted HWP document: open it in Hangul and "
                             "save it without a password first", ExitCode.NOT_TEXT)
        if not sections:
            raise InputError(path, "an HWP 5 file without BodyText sections", ExitCode.NOT_TEXT)
        limit = options.max_size or 1 << 40
        paragraphs = []
        for name in sections:
            raw = ole.openstream(name).read()
            body = _inflate(raw, limit, path) if flags & _COMPRESSED else raw
            paragraphs.extend(_paragraphs(record_tree(body)))
    return document_of(paragraph_lines(paragraphs), data, path, "hwp")


def _flags(ole: object, path: str) -> int:
    if not ole.exists("FileHeader"):  # type: ignore[attr-defined]
        raise InputError(path, "an OLE2 file without an HWP FileHeader", ExitCode.NOT_TEXT)
    header = ole.openstream("FileHeader").read()  # type: ignore[attr-defined]
    if not header.startswith(b"HWP Document File") or len(header) < 40:
        raise InputError(path, "an OLE2 file whose FileHeader is not HWP's", ExitCode.NOT_TEXT)
    return int.from_bytes(header[36:40], "little")


def _sections(ole: object, storage: str) -> list[str]:
    """The section streams of a storage in number order (Section10 after Section9)."""
    found = []
    for entry in ole.listdir(streams=True, storages=False):  # type: ignore[attr-defined]
        if len(entry) == 2 and entry[0] == storage and (m := _SECTION.match(entry[1])):
            found.append((int(m[1]), f"{storage}/{entry[1]}"))
    return [name for _, name in sorted(found)]


def _inflate(raw: bytes, limit: int, path: str) -> bytes:
    inflater = zlib.decompressobj(-15)
    try:
        body = inflater.decompress(raw, limit)
    except zlib.error as exc:
        raise InputError(path, f"damaged HWP 5 section ({exc})", ExitCode.NOT_TEXT) from None
    if inflater.unconsumed_tail:
        raise InputError(path, f"an HWP section inflates to more than {limit} bytes",
                         ExitCode.LIMIT)
    return body


def _paragraphs(records: list[Record]) -> list[Paragraph]:
    """The paragraphs among some sibling records, each with the objects anchored in it."""
    out: list[Paragraph] = []
    for record in records:
        if record.tag == PARA_HEADER:
            out.append(_paragraph(record))
        elif record.tag != CTRL_HEADER:
            out.extend(_paragraphs(record.children))
    return out


def _paragraph(record: Record) -> Paragraph:
    text, objects = "", []
    for child in record.children:
        if child.tag == PARA_TEXT:
            text += para_text(child.payload)
        elif child.tag == CTRL_HEADER:
            thing = _table(child) if ctrl_id(child) == "tbl " else _listed(child)
            if thing is not None:
                objects.append(thing)
    return Paragraph(text, objects)


def _listed(control: Record) -> Paragraphs | None:
    paragraphs = _paragraphs(control.children)
    return Paragraphs(ctrl_id(control).strip(), paragraphs) if paragraphs else None


def _table(control: Record) -> Table | Paragraphs | None:
    """A table's cells by row (each cell a LIST_HEADER, its paragraphs the records after it);
    a caption (a list before the TABLE record) comes out as its own paragraphs."""
    caption: list[Paragraph] = []
    cells: dict[tuple[int, int], list[Paragraph]] = {}
    current: list[Paragraph] | None = None
    seen_table = False
    for child in control.children:
        if child.tag == TABLE:
            seen_table = True
        elif child.tag == LIST_HEADER:
            current = cells.setdefault(cell_address(child), []) if seen_table else caption
        elif child.tag == PARA_HEADER and current is not None:
            current.append(_paragraph(child))
    rows: dict[int, list[tuple[int, list[Paragraph]]]] = {}
    for (row, col), paragraphs in cells.items():
        rows.setdefault(row, []).append((col, paragraphs))
    table = Table([[cell for _, cell in sorted(rows[r], key=lambda c: c[0])] for r in sorted(rows)])
    if caption:
        return Paragraphs("caption", [*caption, Paragraph("", [table])])
    return table
