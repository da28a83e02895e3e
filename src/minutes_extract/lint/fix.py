"""Safe fixes for `check --fix` / `--diff`: changes that never alter what the minutes say.

- line endings to LF, text to UTF-8 without a byte-order mark (IN001–IN003);
- trailing whitespace removed (IN004); tabs, no-break and full-width spaces in indentation
  and after a bullet read as plain spaces (IN005); invisible characters removed (IN007);
- look-alike speaker-header brackets to 〈〉 (IN006), look-alike ◯ marks to the usual one (IN008);
- bullet markers to the document's own marker for their level (ST013). Indentation (ST014) is
  not fixed: it decides the nesting, so changing it would change the tree.
- a paragraph cut off by a page break joined back to its remark (ST005).

The fixed text parses to the same tree as the original.
"""

from __future__ import annotations

import difflib
import re

from .. import diagnostics as dx
from ..api import parse_text
from ..files import read_bytes, write_output
from ..formats.assembly.lines import speaker_mark, speaker_rest, usual_mark
from ..formats.seoul.lines import BULLET_MARKERS, CLOSE_BRACKETS, OPEN_BRACKETS, Kind, classify
from ..formats.seoul.style import bullet_style
from ..inputs.decode import decode_bytes
from ..inputs.pdf import is_pdf
from ..text.join import join_text
from ..text.normalise import INVISIBLE, ODD_SPACE, split_lines

FIXED_CODES = ("IN001", "IN002", "IN003", "IN004", "IN005", "IN006", "IN007", "IN008",
               "ST005", "ST013")
# The same characters the parser normalises (textlines), so a fixed file checks clean.
_INVISIBLE = re.compile(f"[{re.escape(INVISIBLE)}]")
_BLANKS = " " + ODD_SPACE
_LEADING = re.compile(f"^[{re.escape(_BLANKS)}]+")


def fix_text(text: str) -> str:
    lines = [_fix_line(line) for line in split_lines(text)]
    record = parse_text("\n".join(lines))
    at = {code: [d.line for d in record.diagnostics if d.code == code and d.line]
          for code in ("IN008", "ST013")}
    if at["ST013"]:
        lines = _remark_bullets(lines, set(at["ST013"]))
    if at["IN008"]:
        usual = usual_mark([speaker_mark(line) for line in lines if speaker_rest(line) is not None])
        for number in at["IN008"]:
            mark = speaker_mark(lines[number - 1])
            lines[number - 1] = lines[number - 1].replace(mark, usual or mark, 1)
    joins = [(d.line, d.facts.get("continues"))
             for d in record.diagnostics if d.code == dx.CONTINUATION.code]
    for paragraph, target in sorted(joins, reverse=True):
        if paragraph is None or target is None or not lines[target - 1].strip():
            continue
        lines[target - 1] = join_text(lines[target - 1].rstrip(), lines[paragraph - 1].strip())
        del lines[target:paragraph]  # the blank line(s) and the paragraph itself
    return "\n".join(lines) + "\n"


def _remark_bullets(lines: list[str], numbers: set[int]) -> list[str]:
    """The lines with the flagged bullets given the document's marker for their level."""
    lines = list(lines)
    segments = [classify(line) for line in lines]
    style = bullet_style(segments)
    for number in numbers:
        segment = segments[number - 1]
        marker = (style.nested_marker if segment.kind is Kind.NESTED else style.marker) or segment.marker
        lines[number - 1] = " " * segment.indent + marker + " " + segment.content
    return lines


def _fix_line(line: str) -> str:
    line = _INVISIBLE.sub("", line).rstrip(_BLANKS)
    lead = _LEADING.match(line)
    if lead:
        line = " " * min(len(lead.group(0)), 4) + line[lead.end():] if line[lead.end():] else ""
    body = line.lstrip(" ")
    indent = line[: len(line) - len(body)]
    if body[:1] in BULLET_MARKERS and len(body) > 2 and body[1] in ODD_SPACE:
        body = body[0] + " " + body[2:].lstrip(_BLANKS)
    if len(body) > 2 and body[0] in OPEN_BRACKETS and body[-1] in CLOSE_BRACKETS:
        body = "〈" + body[1:-1] + "〉"
    return indent + body


def diff(original: str, fixed: str, path: str) -> str:
    return "".join(difflib.unified_diff(
        [line + "\n" for line in split_lines(original)],
        [line + "\n" for line in split_lines(fixed)],
        fromfile=path, tofile=f"{path} (fixed)",
    ))


def fix_file(path: str, write: bool) -> tuple[str, bool]:
    """The diff of the safe fixes for one text file (PDFs are left alone); with `write`,
    apply them atomically."""
    data = read_bytes(path)
    if is_pdf(data):
        return "", False
    decoded = decode_bytes(data, path)
    fixed = fix_text(decoded.text)
    changed = fixed.encode("utf-8") != data
    if write and changed:
        write_output(fixed.encode("utf-8"), path)
    return diff(decoded.text, fixed, path), changed
