"""An HTML page as a small element tree, built with the standard library's tolerant tokenizer.

`html.parser` never raises on broken markup, but it builds no tree: this module closes what
browsers close implicitly (a `<p>` before a block, a `<li>` before the next, cells and rows),
ignores end tags nothing opened, and flattens nesting deeper than `MAX_DEPTH` so that the
walkers' recursion is bounded whatever the input. Text in script, style and the like is not
page text and never enters the tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
# Elements whose content is not text a reader of the page sees.
HIDDEN = frozenset("script style noscript template head title svg math object iframe nav button "
                   "select option textarea".split())
BLOCK = frozenset("address article aside blockquote body center dd details dialog dir div dl dt "
                  "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html "
                  "legend li main menu ol p pre section summary table tbody thead tfoot tr td th "
                  "caption ul".split())
_CLOSES_P = BLOCK - {"html", "body", "td", "th", "tr", "tbody", "thead", "tfoot", "caption"}
# Start tag -> open elements it closes when one of them is the nearest (browsers' implied ends).
_IMPLIED: dict[str, frozenset[str]] = {
    "li": frozenset({"li"}), "dt": frozenset({"dt", "dd"}), "dd": frozenset({"dt", "dd"}),
    "tr": frozenset({"tr", "td", "th"}), "td": frozenset({"td", "th"}), "th": frozenset({"td", "th"}),
    "option": frozenset({"option"}),
}
_SCOPE = frozenset({"table", "ul", "ol", "dl", "div", "body", "html", "td", "th"})
_HEAD_CONTENT = frozenset("title meta link script style base noscript template".split())
MAX_DEPTH = 200


@dataclass(slots=True)
class Node:
    """An element: its tag, attributes, and children (elements and text, in order)."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    @property
    def classes(self) -> frozenset[str]:
        return frozenset(self.attrs.get("class", "").split())

    def elements(self) -> list[Node]:
        return [child for child in self.children if isinstance(child, Node)]

    def iter(self) -> list[Node]:
        """This element and every element under it, in document order (no recursion)."""
        out: list[Node] = []
        stack: list[Node] = [self]
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(reversed(node.elements()))
        return out


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document")
        self.stack: list[Node] = [self.root]
        self.hidden = 0  # depth inside elements whose text is not page text
        self.hidden_tags: list[str] = []
        self.dropped = 0  # characters of text set aside (script, style, …)
        self.title: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.hidden and self.hidden_tags[0] == "head" and tag not in _HEAD_CONTENT:
            self.hidden_tags.clear()  # `<body>` or page content ends an unclosed `<head>`
            self.hidden = 0
        if self.hidden:
            if tag in HIDDEN and tag not in VOID:
                self.hidden_tags.append(tag)
            return
        if tag in HIDDEN:
            self.hidden_tags.append(tag)
            self.hidden = len(self.hidden_tags)
            return
        self._close_implied(tag)
        node = Node(tag, {name: value or "" for name, value in attrs})
        if len(self.stack) > MAX_DEPTH:  # too deep: keep the text, flatten the element
            if tag in BLOCK or tag == "br":
                self.stack[-1].children.append(Node("br"))
            return
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack[-1].tag == tag and len(self.stack) > 1:
            self.stack.pop()  # `<div/>`: opened and closed at once

    def handle_endtag(self, tag: str) -> None:
        if self.hidden:
            if tag in self.hidden_tags:
                del self.hidden_tags[len(self.hidden_tags) - 1 - self.hidden_tags[::-1].index(tag):]
                self.hidden = len(self.hidden_tags)
            return
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return
            if tag not in ("p", "li") and self.stack[depth].tag in _SCOPE and tag not in _SCOPE:
                return  # `</span>` does not close a table or list that it is outside of
        if tag == "br":  # `</br>` is read as `<br>` by browsers
            self.stack[-1].children.append(Node("br"))

    def handle_data(self, data: str) -> None:
        if self.hidden:
            if self.hidden_tags[-1] == "title":
                self.title.append(data)
            else:
                self.dropped += len(data.strip())
        elif data:
            self.stack[-1].children.append(data)

    def _close_implied(self, tag: str) -> None:
        closes = _IMPLIED.get(tag, frozenset())
        if tag in _CLOSES_P:
            closes = closes | {"p"}
        if not closes:
            return
        for depth in range(len(self.stack) - 1, 0, -1):
            current = self.stack[depth].tag
            if current in closes:
                del self.stack[depth:]
                return
            if current in _SCOPE or current in BLOCK:
                return


@dataclass(frozen=True, slots=True)
class Page:
    """The element tree of a page, and how much text was set aside as not page text."""

    root: Node
    title: str  # the `<title>`: not shown on the page, but it may name the meeting
    dropped_chars: int


def parse_html(text: str) -> Page:
    """The tree of any text: broken markup gives a tree, never an exception."""
    builder = _Builder()
    builder.feed(text)
    builder.close()
    return Page(builder.root, " ".join("".join(builder.title).split()), builder.dropped)
