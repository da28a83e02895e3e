"""Safe fixes for `check --fix` / `--diff`: changes that never alter what the minutes say.

- line endings to LF, text to UTF-8 without a byte-order mark (IN001–IN003);
- trailing whitespace removed (IN004); tabs, no-break and full-width spaces in indentation
  and after a bullet read as plain spaces (IN005); invisible characters removed (IN007);
- look-alike speaker-header brackets to 〈〉 (IN006), look-alike ◯ marks to the usual one (IN008);
- bullet markers to the document's own marker for their level (ST013). Indentation (ST014) is
  not fixed: it decides the nesting, so changing it would change the tree.
- a paragraph cut off by a page break joined back to its remark (ST005).

Each kind of fix is applied only when the fixed text parses to the same tree as before (the
same turns, remarks, meeting fields …: spans and whitespace aside); otherwise it is left
undone and the reason is given. A join of a paragraph cut by a page break is made only when
nothing but blank lines stands between the two parts.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .. import diagnostics as dx
from ..api import parse_bytes, parse_text
from ..files import read_bytes, write_output
from ..formats.assembly.lines import speaker_mark, speaker_rest, usual_mark
from ..formats.seoul.lines import BULLET_MARKERS, CLOSE_BRACKETS, OPEN_BRACKETS, classify
from ..formats.seoul.style import bullet_style
from ..inputs import kind_of
from ..inputs.decode import decode_bytes
from ..models import Diagnostic, MinutesRecord
from ..text.join import join_text
from ..text.normalise import INVISIBLE, ODD_SPACE, SPACE_TABLE, split_lines

FIXED_CODES = ("IN001", "IN002", "IN003", "IN004", "IN005", "IN006", "IN007", "IN008",
               "ST005", "ST013")
# The same characters the parser normalises (text/normalise), so a fixed file checks clean.
_INVISIBLE = re.compile(f"[{re.escape(INVISIBLE)}]")
_BLANKS = " " + ODD_SPACE
_LEADING = re.compile(f"^[{re.escape(_BLANKS)}]+")


@dataclass(frozen=True)
class Fixes:
    """The fixed text, the codes whose fixes were applied, and those left undone with why."""

    text: str
    applied: tuple[str, ...] = ()
    refused: tuple[tuple[str, str], ...] = ()


Skipped = list[tuple[str, str]]  # (code, why) of the findings a step leaves alone
Step = Callable[[list[str], MinutesRecord, Skipped], list[str]]


def fix(text: str) -> Fixes:
    """Apply each kind of safe fix in turn, keeping it only if the tree stays the same."""
    lines = split_lines(text)
    record = parse_text(text)
    before = tree_of(record)
    # encoding, byte-order mark and line endings are set right by writing the text back
    applied = [d.code for d in record.diagnostics if d.code in ("IN001", "IN002", "IN003")]
    refused: list[tuple[str, str]] = []
    for codes, step in _STEPS:
        found = [code for code in codes if any(d.code == code for d in record.diagnostics)]
        if not found:
            continue
        candidate = step(lines, record, refused)
        if candidate == lines:
            continue
        checked = parse_text("\n".join(candidate) + "\n")
        changes = _differences(before, tree_of(checked))
        if changes:
            refused.append((", ".join(found), f"fixing it would change the {changes}"))
            continue
        lines, record = candidate, checked
        applied.extend(found)
    return Fixes("\n".join(lines) + "\n", tuple(dict.fromkeys(applied)), tuple(refused))


def fix_text(text: str) -> str:
    return fix(text).text


def tree_of(record: MinutesRecord) -> Any:
    """What the minutes say: the record without its source, diagnostics and spans, with runs
    of whitespace in text read as one space."""
    return _plain(record.model_dump(exclude={"source", "diagnostics"}))


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if k not in ("span", "overview_span")}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return " ".join(value.split())
    return value


def _differences(before: Any, after: Any) -> str:
    """The parts of the record that differ: `turns`, `meeting` …"""
    return ", ".join(key for key in before if before[key] != after.get(key))


# -- the kinds of fix ----------------------------------------------------------------------------
def _whitespace(lines: list[str], record: MinutesRecord, skipped: Skipped) -> list[str]:
    """Trailing blanks and invisible characters removed, odd spaces of the indentation and after
    a bullet read as the parser reads them (one space each: the nesting stays as it is)."""
    return [_blanks(line) for line in lines]


def _blanks(line: str) -> str:
    line = _INVISIBLE.sub("", line).rstrip(_BLANKS)
    lead = _LEADING.match(line)
    if lead:
        line = lead.group(0).translate(SPACE_TABLE) + line[lead.end():]
    body = line.lstrip(" ")
    if body[:1] in BULLET_MARKERS and len(body) > 2 and body[1] in ODD_SPACE:
        line = line[: len(line) - len(body)] + body[0] + " " + body[2:].lstrip(_BLANKS)
    return line


def _lines_of(record: MinutesRecord, code: str) -> list[int]:
    return [d.line for d in record.diagnostics if d.code == code and d.line]


def _brackets(lines: list[str], record: MinutesRecord, skipped: Skipped) -> list[str]:
    """The speaker headers that use look-alike brackets (IN006) written with 〈〉."""
    out = list(lines)
    for number in _lines_of(record, "IN006"):
        indent, body = _split_indent(out[number - 1])
        if len(body) > 2 and body[0] in OPEN_BRACKETS and body[-1] in CLOSE_BRACKETS:
            out[number - 1] = indent + "〈" + body[1:-1] + "〉"
    return out


def _split_indent(line: str) -> tuple[str, str]:
    body = line.lstrip(" ")
    return line[: len(line) - len(body)], body


def _speaker_marks(lines: list[str], record: MinutesRecord, skipped: Skipped) -> list[str]:
    """Look-alike circles (IN008) made the document's usual one."""
    out = list(lines)
    usual = usual_mark([speaker_mark(line) for line in lines if speaker_rest(line) is not None])
    for number in _lines_of(record, "IN008"):
        mark = speaker_mark(out[number - 1])
        out[number - 1] = out[number - 1].replace(mark, usual or mark, 1)
    return out


def _bullets(lines: list[str], record: MinutesRecord, skipped: Skipped) -> list[str]:
    """The flagged bullets (ST013) given the document's marker for their level."""
    out = list(lines)
    style = bullet_style([classify(line) for line in lines])
    for number in _lines_of(record, "ST013"):
        segment = classify(out[number - 1])
        marker = style.expected_marker(segment) or segment.marker
        out[number - 1] = " " * segment.indent + marker + " " + segment.content
    return out


def _joins(lines: list[str], record: MinutesRecord, skipped: Skipped) -> list[str]:
    """A paragraph cut by a page break (ST005) joined back to the line it continues, where only
    blank lines stand between them (never across a heading, a remark or a page number)."""
    out = list(lines)
    gone: set[int] = set()  # indexes of the lines joined away, and the blanks between
    for diagnostic in sorted(_continuations(record), key=lambda d: d.line or 0, reverse=True):
        paragraph, target = diagnostic.line, diagnostic.facts.get("continues")
        if paragraph is None or target is None or not 0 < target < paragraph <= len(out):
            continue
        between = range(target, paragraph - 1)
        if not out[target - 1].strip() or any(out[i].strip() for i in between) or target - 1 in gone:
            skipped.append((f"ST005 at line {paragraph}", f"other text stands between it and line {target}, "
                            "which it continues"))
            continue
        out[target - 1] = join_text(out[target - 1].rstrip(), out[paragraph - 1].strip())
        gone.update(range(target, paragraph))
    return [line for index, line in enumerate(out) if index not in gone]


def _continuations(record: MinutesRecord) -> list[Diagnostic]:
    return [d for d in record.diagnostics if d.code == dx.CONTINUATION.code]


_STEPS: tuple[tuple[tuple[str, ...], Step], ...] = (
    (("IN004", "IN005", "IN007"), _whitespace),
    (("IN006",), _brackets),
    (("IN008",), _speaker_marks),
    (("ST013",), _bullets),
    (("ST005",), _joins),
)


def diff(original: str, fixed: str, path: str) -> str:
    return "".join(difflib.unified_diff(
        [line + "\n" for line in split_lines(original)],
        [line + "\n" for line in split_lines(fixed)],
        fromfile=path, tofile=f"{path} (fixed)",
    ))


@dataclass(frozen=True)
class FileFixes:
    patch: str  # the unified diff of what is (or would be) changed
    changed: bool
    fixes: Fixes
    fixed: tuple[tuple[str, int], ...] = ()  # (code, findings it fixed), one per line a diagnostic stands for

    @property
    def count(self) -> int:
        return sum(n for _, n in self.fixed)


def fix_file(path: str, write: bool) -> FileFixes:
    """The safe fixes of one text file (PDF, HWP, HTML … are left alone: the fixes rewrite text);
    with `write`, applied atomically
    (through a link to its target, the file's mode kept). Encoding and line endings become
    UTF-8 and LF (IN001–IN003) whenever the file is written."""
    data = read_bytes(path)
    if kind_of(data) != "text":
        return FileFixes("", False, Fixes(""))
    decoded = decode_bytes(data, path)
    fixes = fix(decoded.text)
    changed = fixes.text.encode("utf-8") != data
    if write and changed:
        write_output(fixes.text.encode("utf-8"), path)
    fixed = _fixed(parse_bytes(data, path).diagnostics, parse_text(fixes.text).diagnostics) if changed else ()
    return FileFixes(diff(decoded.text, fixes.text, path), changed, fixes, fixed)


def _fixed(before: list[Diagnostic], after: list[Diagnostic]) -> tuple[tuple[str, int], ...]:
    """The findings of the fixed codes that are gone, counted as `check` counts findings."""
    def count(diagnostics: list[Diagnostic]) -> Counter[str]:
        return Counter(d.code for d in diagnostics if d.code in FIXED_CODES
                       for _ in (d.lines or [d.line]))

    gone = count(before) - count(after)
    return tuple(sorted(gone.items()))
