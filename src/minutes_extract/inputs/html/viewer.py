"""The National Assembly's minutes viewer (record site, `type=view`), read by its structure.

The page has three parts: `div.minutes_header` (session, title, 제N호, 일시/장소),
`div.minutes_body` (agenda anchors `a#itemN` in `p.tit_sm.angun`, time notes `p.tit_sm.taR`,
and one `div.speaker` per speech: `data-name`, `data-pos`, `data-mem_id`, one `span.spk_sub`
per paragraph) and `div.minutes_footer` (attendance lists, votes). They are written as the
text the ◯ format reads from the printed minutes: cover lines, `1. …` agenda headings,
`◯위원장 홍길동  speech` with the speech's further paragraphs as following lines, `(10시05분
개의)` notes, and `◯출석 위원(N인)` lists. Any other text of the page stays as plain lines.

The speaker's card (`div.man`: photo, position, name, constituency) is viewer chrome that
repeats `data-pos`/`data-name`: the speaker line stands for it.
"""

from __future__ import annotations

import re

from ...text.join import without_spaces
from .lines import LineWriter
from .tree import Node

SPEAKER_MARK = "◯"
_ITEM_ID = re.compile(r"^item(\d+)$")
_NUMBERED = re.compile(r"^\s*(?:\d{1,3}\s*\.|[가-하]\.)")
# A footer line that heads a list of people (`출석 위원(4인)`, `정부측 및 기타 참석자`).
_LIST_HEADING = re.compile(
    r"^(?:출석|청가|결석|불출석|배석|참석|정부측|위원\s*아닌|보고사항)|\(\d+\s*[인명]\)$")
_NO_ID = frozenset({"", "0"})  # the viewer gives non-members `data-mem_id="0"`
# Members are printed name first (`◯허태윤 위원`), everyone else role first (`◯위원장 배수진`).
_NAME_FIRST = frozenset({"위원", "의원"})

MemberIds = tuple[tuple[str, str | None, str], ...]


def is_viewer(root: Node) -> bool:
    """The viewer's body, or at least its speaker divs, are there."""
    for node in root.iter():
        classes = node.classes
        if "minutes_body" in classes or ("speaker" in classes and "data-name" in node.attrs):
            return True
    return False


class ViewerWriter(LineWriter):
    """Writes the viewer's parts as ◯-format text and notes the speakers' ids."""

    def __init__(self) -> None:
        super().__init__()
        self.member_ids: list[tuple[str, str | None, str]] = []

    def fresh(self) -> LineWriter:
        return ViewerWriter()

    def is_block(self, node: Node) -> bool:
        return super().is_block(node) or "spk_sub" in node.classes

    def element(self, node: Node) -> bool:
        classes = node.classes
        if "speaker" in classes and node.tag == "div":
            self.flush()
            self.speech(node)
            return True
        if node.tag == "li" and any("sbj" in child.classes for child in node.elements()):
            self.flush()  # a cover field, `일 시` and its value in two blocks: one line, as printed
            item = ViewerWriter()
            item.walk(node)
            item.flush()
            if item.lines:
                self.lines.append(" ".join(item.lines))
            return True
        if "man" in classes:  # a speaker's card outside the speech: the speaker line stands for it
            return True
        if "minutes_footer" in classes:
            self.flush()
            start = len(self.lines)
            self.walk(node)
            self.flush()
            self.lines[start:] = [_list_heading(line) for line in self.lines[start:]]
            return True
        anchor = _agenda_anchor(node) if node.tag == "p" else None
        if anchor is not None:
            self.flush()
            self.walk(node)
            self.flush()
            self._number_agenda(anchor)
            return True
        return False

    def speech(self, div: Node) -> None:
        """`◯pos name  first paragraph`, then the other paragraphs, one a line."""
        card = next((n for n in div.iter() if "man" in n.classes), None)
        name = _clean(div.attrs.get("data-name", "")) or _card_text(card, "name")
        role = without_spaces(div.attrs.get("data-pos", "")) or _card_text(card, "position")
        body = ViewerWriter()
        body.walk(div)
        body.flush()
        self.member_ids.extend(body.member_ids)
        if not name and not role:
            self.lines.extend(body.lines)  # no one to name: the text as it stands
            return
        member_id = _clean(div.attrs.get("data-mem_id", ""))
        if name and member_id not in _NO_ID:
            self.member_ids.append((name, role or None, member_id))
        parts = [name, role] if role in _NAME_FIRST else [role, name]
        designation = SPEAKER_MARK + " ".join(part for part in parts if part)
        first, rest = (body.lines[0], body.lines[1:]) if body.lines else ("", [])
        self.lines.append(f"{designation}  {first}".rstrip())
        self.lines.extend(rest)

    def _number_agenda(self, anchor: Node) -> None:
        """An agenda heading the page writes without its number gets the anchor's (`item2`)."""
        number = _ITEM_ID.match(anchor.attrs.get("id", ""))
        if number and self.lines and not _NUMBERED.match(self.lines[-1]):
            self.lines[-1] = f"{int(number.group(1))}. {self.lines[-1]}"


def viewer_lines(root: Node) -> tuple[list[str], MemberIds]:
    """The page's lines in the ◯ format's shape, and (name, position, id) of its speakers."""
    writer = ViewerWriter()
    writer.walk(root)
    writer.flush()
    return writer.lines, tuple(dict.fromkeys(writer.member_ids))


def _agenda_anchor(node: Node) -> Node | None:
    return next((n for n in node.iter() if n.tag == "a" and _ITEM_ID.match(n.attrs.get("id", ""))), None)


def _card_text(card: Node | None, cls: str) -> str:
    if card is None:
        return ""
    found = next((n for n in card.iter() if cls in n.classes), None)
    if found is None:
        return ""
    writer = LineWriter()
    writer.walk(found)
    writer.flush()
    return without_spaces("".join(writer.lines)) if cls == "position" else " ".join(writer.lines)


def _list_heading(line: str) -> str:
    if line[:1] in "◯○\u3007" or not _LIST_HEADING.search(line):
        return line
    return SPEAKER_MARK + line


def _clean(value: str) -> str:
    return " ".join(value.split())
