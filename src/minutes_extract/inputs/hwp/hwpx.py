"""HWPX (.hwpx, OWPML in a ZIP) to a Document: Contents/sectionN.xml in the order the package
lists them, paragraphs walked in document order with their tables, text boxes and notes.

Only the standard library: zipfile and ElementTree (whose expat refuses external entities;
a DOCTYPE, which OWPML never has, is refused before parsing so no entity can expand)."""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree as ET

from ...errors import ExitCode, InputError
from ..document import Document, ReadOptions
from .layout import Paragraph, Paragraphs, Table, paragraph_lines
from .report import document_of

_SECTION = re.compile(r"^Contents/section(\d+)\.xml$")
# Characters Hancom writes as elements inside <hp:t>.
_INLINE = {"tab": "\t", "lineBreak": "\n", "nbSpace": " ", "fwSpace": " ", "hyphen": "-"}
_ENCRYPTED = ("an encrypted HWPX document (distribution-protected 배포용 or password): open it "
              "in Hangul and save it as an ordinary document first")


def read_hwpx(data: bytes, path: str, options: ReadOptions) -> Document:
    """The Document of an HWPX package; InputError for encrypted or broken ones."""
    limit = options.max_size or 1 << 40
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _refuse_encrypted(archive, path)
            paragraphs: list[Paragraph] = []
            for name in _sections(archive):
                paragraphs.extend(_section(archive, name, limit, path))
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
        raise InputError(path, f"damaged HWPX package ({exc})", ExitCode.NOT_TEXT) from None
    return document_of(paragraph_lines(paragraphs), data, path, "hwpx")


def _refuse_encrypted(archive: zipfile.ZipFile, path: str) -> None:
    names = set(archive.namelist())
    manifest = "META-INF/manifest.xml"
    if manifest in names and archive.getinfo(manifest).file_size < 1 << 20 \
            and b"encryption-data" in archive.read(manifest):
        raise InputError(path, _ENCRYPTED, ExitCode.NOT_TEXT)
    if not any(_SECTION.match(name) for name in names):
        raise InputError(path, "an HWPX package without Contents/section*.xml", ExitCode.NOT_TEXT)


def _sections(archive: zipfile.ZipFile) -> list[str]:
    found = [(int(m[1]), name) for name in archive.namelist() if (m := _SECTION.match(name))]
    return [name for _, name in sorted(found)]


def _section(archive: zipfile.ZipFile, name: str, limit: int, path: str) -> list[Paragraph]:
    if archive.getinfo(name).file_size > limit:
        raise InputError(path, f"{name} is larger than {limit} bytes", ExitCode.LIMIT)
    xml = archive.read(name)
    if b"<!DOCTYPE" in xml[:4096] or b"<!ENTITY" in xml:
        raise InputError(path, f"{name} declares entities, which OWPML never does", ExitCode.NOT_TEXT)
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as exc:
        if b"<" not in xml[:64]:
            raise InputError(path, _ENCRYPTED, ExitCode.NOT_TEXT) from None
        raise InputError(path, f"{name} is not well-formed XML ({exc})", ExitCode.NOT_TEXT) from None
    return [_paragraph(p) for p in root if _local(p.tag) == "p"]


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _paragraph(element: ET.Element) -> Paragraph:
    """A <hp:p>: the text of its runs, and the objects anchored in them in order."""
    parts: list[str] = []
    objects: list[Table | Paragraphs] = []
    for run in element:
        if _local(run.tag) != "run":
            continue
        for child in run:
            name = _local(child.tag)
            if name == "t":
                _text(child, parts)
            elif name != "secPr":
                objects.extend(_objects(child))
    return Paragraph("".join(parts), objects)


def _text(element: ET.Element, parts: list[str]) -> None:
    if element.text:
        parts.append(element.text)
    for child in element:
        parts.append(_INLINE.get(_local(child.tag), ""))
        if child.text and _local(child.tag) not in _INLINE:
            parts.append(child.text)
        if child.tail:
            parts.append(child.tail)


def _objects(element: ET.Element) -> list[Table | Paragraphs]:
    """Tables and paragraph lists (text boxes, notes, captions, headers) in an anchored
    object, outermost first, in document order."""
    name = _local(element.tag)
    if name == "tbl":
        return [*_captions(element), _table(element)]
    if name == "subList":
        paragraphs = [_paragraph(p) for p in element if _local(p.tag) == "p"]
        return [Paragraphs(_local(element.tag), paragraphs)] if paragraphs else []
    found: list[Table | Paragraphs] = []
    for child in element:
        found.extend(_objects(child))
    return found


def _captions(table: ET.Element) -> list[Table | Paragraphs]:
    return [thing for child in table if _local(child.tag) == "caption" for thing in _objects(child)]


def _table(element: ET.Element) -> Table:
    rows = []
    for tr in element:
        if _local(tr.tag) != "tr":
            continue
        row = []
        for tc in tr:
            if _local(tc.tag) == "tc":
                row.append([_paragraph(p) for sub in tc if _local(sub.tag) == "subList"
                            for p in sub if _local(p.tag) == "p"])
        rows.append(row)
    return Table(rows)
