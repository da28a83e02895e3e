"""Transformations that change how minutes arrive but not what they say.

Each takes the text of a minutes document and returns bytes or text in the form real
archives deliver: other encodings and line endings, hard-wrapped lines, PDF-to-text page
furniture, odd whitespace, look-alike brackets.
"""

from __future__ import annotations

import re
from typing import Any

from minutes_extract import MinutesRecord
from minutes_extract.formats.seoul.lines import BULLET_MARKERS, CLOSE_BRACKETS, OPEN_BRACKETS, SECTION_MARKERS
from minutes_extract.text.join import GLUE_AFTER, GLUE_BEFORE

_STRUCTURAL_START = set(OPEN_BRACKETS) | set(BULLET_MARKERS) | set(SECTION_MARKERS)


def content(record: MinutesRecord) -> dict[str, Any]:
    """What a document says, without where it said it (spans, line numbers, source)."""
    data = record.model_dump(exclude={"source", "diagnostics"})
    return _drop_spans(data)


def _drop_spans(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_spans(v) for k, v in value.items() if k not in ("span", "overview_span")}
    if isinstance(value, list):
        return [_drop_spans(v) for v in value]
    return value


def with_line_endings(text: str, ending: str) -> str:
    return text.replace("\n", ending)


def _safe_break(words: list[str], i: int) -> bool:
    """May a line break go between words[i-1] and words[i] without changing the join?"""
    left, right = words[i - 1], words[i]
    if not left or not right or not right.strip():
        return False
    if left[-1] in GLUE_AFTER or right[0] in GLUE_BEFORE:
        return False
    if right[0] in _STRUCTURAL_START or right.isdigit():
        return False
    return not (right[-1] in CLOSE_BRACKETS and len(right) < 30)


def hard_wrap(text: str, width: int = 38, indent: str = "") -> str:
    """Wrap long lines at spaces, as PDF-to-text output does; continuations may be indented."""
    out = []
    for line in text.split("\n"):
        if len(line) <= width:
            out.append(line)
            continue
        body = line.lstrip()
        lead = line[: len(line) - len(body)]
        words = body.split(" ")
        current = lead + words[0]
        for i in range(1, len(words)):
            if len(current) + 1 + len(words[i]) > width and _safe_break(words, i):
                out.append(current)
                current = indent + words[i]
            else:
                current += " " + words[i]
        out.append(current)
    return "\n".join(out)


def paginate(text: str, lines_per_page: int = 23, header: str = "서울특별시 회의록 {n}쪽",
             form_feed: bool = True) -> str:
    """Insert page furniture every N lines: footer `- n -`, a form feed, a running header."""
    lines = text.split("\n")
    out: list[str] = []
    page = 1
    out.append(header.format(n=page))
    out.append("")
    for index, line in enumerate(lines, start=1):
        out.append(line)
        if index % lines_per_page == 0 and index < len(lines):
            out.extend(["", f"- {page} -"])
            page += 1
            feed = "\f" if form_feed else ""
            out.extend([feed + header.format(n=page), ""])
    out.extend(["", f"- {page} -"])
    return "\n".join(out)


def odd_whitespace(text: str) -> str:
    """Tabs and no-break spaces in indentation and after bullets, trailing blanks."""
    out = []
    for n, line in enumerate(text.split("\n")):
        if line.startswith(" - "):
            line = ("\t" if n % 2 else "\u00a0") + "-" + ("\u00a0" if n % 3 else "\t") + line[3:]
        elif line.startswith("- "):
            line = "-" + ("\t" if n % 2 else "\u3000") + line[2:]
        if line and n % 4 == 0:
            line += "  \t"
        out.append(line)
    return "\n".join(out)


_HEADER = re.compile(r"^〈([^〈〉]+)〉$", re.MULTILINE)


def other_brackets(text: str) -> str:
    pairs = [("\u2329", "\u232a"), ("<", ">"), ("＜", "＞")]
    counter = iter(range(10**6))
    return _HEADER.sub(lambda m: "{0}{2}{1}".format(*pairs[next(counter) % 3], m.group(1)), text)
