"""Small ElementTree helpers for the TEI writer: namespaced elements, text an XML document
can hold, and indentation that never touches mixed content (a remark's own text)."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Characters XML 1.0 cannot carry at all (C0 controls but tab, LF and CR; surrogates; FFFE, FFFF).
# CR is valid but a parser reads it as LF: it is replaced too, so what is read is what was meant.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

ET.register_namespace("", TEI_NS)


def xml_text(text: str) -> str:
    """`text` as an XML document can hold it: a character XML forbids becomes U+FFFD (the
    parser's own normalisation keeps such characters out of records; this is the last guard)."""
    return _NOT_XML.sub("\ufffd", text)


def element(tag: str, text: str | None = None, **attributes: str | None) -> ET.Element:
    """A TEI element; attributes whose value is None are left out."""
    node = ET.Element(f"{{{TEI_NS}}}{tag}", {_name(k): xml_text(v) for k, v in attributes.items()
                                              if v is not None})
    if text is not None:
        node.text = xml_text(text)
    return node


def sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str | None) -> ET.Element:
    node = element(tag, text, **attributes)
    parent.append(node)
    return node


def _name(key: str) -> str:
    """Python keyword names for attributes: xml_id → xml:id, type_ → type."""
    if key == "xml_id":
        return XML_ID
    if key == "xml_lang":
        return XML_LANG
    return key.rstrip("_")


def indent(node: ET.Element, level: int = 0) -> None:
    """Two spaces per level, only in element-only content: an element with text of its own or
    text after a child (a remark and its label, a nested remark) is left exactly as it is."""
    children = list(node)
    if not children or (node.text or "").strip() or any((c.tail or "").strip() for c in children):
        return
    inner = "\n" + "  " * (level + 1)
    node.text = inner
    for child in children:
        indent(child, level + 1)
        child.tail = inner
    children[-1].tail = "\n" + "  " * level


def serialise(root: ET.Element) -> bytes:
    indent(root)
    buffer = io.BytesIO()
    ET.ElementTree(root).write(buffer, encoding="utf-8", xml_declaration=True)
    return buffer.getvalue() + b"\n"
