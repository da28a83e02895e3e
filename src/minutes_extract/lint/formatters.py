"""How `check` prints its findings: grouped for people (rich, on a terminal), concise lines,
JSON, GitHub annotations, SARIF 2.1.0, JUnit XML."""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from .._version import __version__
from ..diagnostics import BY_CODE
from ..models import Severity
from .run import CheckResult, Finding, at_or_above

if TYPE_CHECKING:  # rich is imported when people read the output, not for CI formats
    from rich.console import Console

_LINES_PER_PRINT = 1000  # lines of the grouped output printed per rich call


def as_text(result: CheckResult) -> str:
    """Concise: one `path:line:col: CODE message` line per finding, then the summary."""
    lines = [f"{f.path}:{f.line}:{f.column}: {f.code} {f.message}" for f in result.findings]
    lines.extend(f"{err.path}: error: {err.problem}" for err in result.unreadable)
    lines.append(summary(result))
    return "\n".join(lines) + "\n"


def summary(result: CheckResult) -> str:
    counts = Counter(f.severity for f in result.findings)
    by_level = ", ".join(f"{counts[s.value]} {s.value}" for s in Severity if counts[s.value])
    return (f"{len(result.findings)} finding(s) in {result.files} file(s)"
            + (f" ({by_level})" if by_level else "")
            + (f", {len(result.unreadable)} unreadable" if result.unreadable else ""))


def print_human(result: CheckResult, console: Console | None = None) -> None:
    """Grouped by file, each finding with the line it is about; colour on a terminal only.
    Printed a thousand lines per call: rich's work per call, not per character, was most of
    the time of a `check` with thousands of findings (one call a line)."""
    if console is None and not result.findings and not result.unreadable and not _styled_stdout():
        if sys.stdout is not None:  # (None: closed when the program started; rich writes nowhere)
            sys.stdout.write(summary(result) + "\n")  # what rich prints here, without importing it
            sys.stdout.flush()  # as rich does after each print
        return
    from rich.console import Console
    from rich.text import Text

    console = console or Console(highlight=False, soft_wrap=True)
    style = {"error": "bold red", "warning": "yellow", "info": "cyan"}
    by_file: dict[str, list[Finding]] = {}
    for finding in result.findings:
        by_file.setdefault(finding.path, []).append(finding)
    lines: list[Text] = []

    def flush(at_least: int) -> None:
        if lines and len(lines) >= at_least:
            console.print(Text("\n").join(lines))
            lines.clear()

    for path, findings in by_file.items():
        lines.append(Text(path, style="bold underline"))
        for f in findings:
            lines.append(Text.assemble((f"{f.path}:{f.line}:{f.column}:", "bold"), " ",
                                       (f.code, style[f.severity]), " ", f.message))
            if f.source_line is not None:
                gutter = f"{f.line:>6} │ "
                lines.append(Text.assemble((gutter, "dim"), _shown(f.source_line)))
                lines.append(Text.assemble(" " * len(gutter), " " * _width(f.source_line[: f.column - 1]),
                                           ("^", style[f.severity])))
        lines.append(Text())
        flush(_LINES_PER_PRINT)
    for err in result.unreadable:
        lines.append(Text.assemble((f"{err.path}:", "bold"), " ", ("error:", "bold red"), " ", err.problem))
    lines.append(Text(summary(result), style="bold"))
    flush(1)


def _styled_stdout() -> bool:
    """Whether rich would style what it prints on standard output: its own test (TTY_COMPATIBLE,
    then FORCE_COLOR, then whether the output is a terminal), so that a clean `check` in CI,
    one summary line, need not import rich (a tenth of its run)."""
    compatible = os.environ.get("TTY_COMPATIBLE", "")
    if compatible in ("0", "1"):
        return compatible == "1"
    force = os.environ.get("FORCE_COLOR")
    if force is not None:
        return force != ""
    isatty = getattr(sys.stdout, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def _shown(line: str) -> str:
    """Tabs and odd spaces as one column each, so the caret lines up."""
    return "".join(" " if ch == "\t" else ch for ch in line)


def _width(text: str) -> int:
    """Display width: Hangul and other wide characters take two columns."""
    from rich.cells import cell_len

    return cell_len(_shown(text))


def as_json(result: CheckResult) -> str:
    return json.dumps({
        "files": result.files,
        "findings": [asdict(f) for f in result.findings],
        "unreadable": [{"path": e.path, "problem": e.problem} for e in result.unreadable],
    }, ensure_ascii=False, indent=2) + "\n"


def where(f: Finding) -> str | None:
    """For an input that is not its own text (PDF, HWP, HTML …): the page and the line of the
    clean text (`minutes-extract text`) with that line quoted, since a line number of the
    file itself means nothing there. None for text files, whose line and column are exact."""
    if f.source_format == "text":
        return None
    page = f"page {f.page}, " if f.page else ""
    quoted = f": «{f.source_line.strip()}»" if f.source_line and f.source_line.strip() else ""
    return f"{page}line {f.line} of the clean text{quoted}"


def as_github(result: CheckResult) -> str:
    """GitHub Actions workflow commands: one annotation per finding. A text file's at its line
    and column; for a PDF (HWP, HTML …) a file annotation with no line, the page in the title
    and the clean text's line quoted in the message."""
    level = {"error": "error", "warning": "warning", "info": "notice"}
    out = []
    for f in result.findings:
        place = where(f)
        if place is None:
            out.append(f"::{level[f.severity]} file={f.path},line={f.line},col={f.column},"
                       f"title={_property(f'{f.code} {f.name}')}::{_escape(f.message)}")
            continue
        title = f"{f.code} {f.name}" + (f" (page {f.page})" if f.page else "")
        out.append(f"::{level[f.severity]} file={f.path},title={_property(title)}::"
                   f"{_escape(f'{place}: {f.message}')}")
    out.extend(f"::error file={e.path}::{_escape(e.problem)}" for e in result.unreadable)
    return "\n".join(out) + ("\n" if out else "")


def _escape(message: str) -> str:
    return message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    """A workflow-command property: `,` and `:` end it unless escaped."""
    return _escape(value).replace(":", "%3A").replace(",", "%2C")


def as_sarif(result: CheckResult) -> str:
    """SARIF 2.1.0, for code-scanning upload (see _sarif_result for PDF locations)."""
    level = {"error": "error", "warning": "warning", "info": "note"}
    used = sorted({f.code for f in result.findings})
    run = {
        "tool": {"driver": {
            "name": "minutes-extract",
            "version": __version__,
            "informationUri": "https://minutes-extract.invalid/README",
            "rules": [{
                "id": code,
                "name": BY_CODE[code].name,
                "shortDescription": {"text": BY_CODE[code].summary},
                "defaultConfiguration": {"level": level[BY_CODE[code].severity.value]},
            } for code in used],
        }},
        "results": [_sarif_result(f, used.index(f.code), level[f.severity]) for f in result.findings],
    }
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [run],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _sarif_result(f: Finding, index: int, level: str) -> dict:
    """A text file's result at its line and column. A PDF's (HWP, HTML …) at the file, region
    startLine 1 (GitHub code scanning needs a start line to show a result, and a binary file
    has no lines to show), the page as a logical location and in `properties`, and the clean
    text's line quoted in the message, where GitHub shows it."""
    place = where(f)
    physical: dict = {"artifactLocation": {"uri": Path(f.path).as_posix()}}
    if place is None:
        physical["region"] = {"startLine": f.line, "startColumn": f.column}
        return {"ruleId": f.code, "ruleIndex": index, "level": level, "message": {"text": f.message},
                "locations": [{"physicalLocation": physical}]}
    physical["region"] = {"startLine": 1}
    location: dict = {"physicalLocation": physical}
    if f.page:
        location["logicalLocations"] = [{"name": f"page {f.page}", "kind": "page"}]
    return {"ruleId": f.code, "ruleIndex": index, "level": level,
            "message": {"text": f"{place}: {f.message}"}, "locations": [location],
            "properties": {"page": f.page, "cleanTextLine": f.line, "sourceFormat": f.source_format}}


def as_junit(result: CheckResult) -> str:
    """JUnit XML (testsuites > testsuite > testcase): one test case per file checked. A file
    with findings at or above its fail-on fails, its <failure> listing them; findings below go
    to the case's <system-out>; a file without findings passes; an unreadable one is an <error>."""
    from xml.etree import ElementTree as ET

    by_file: dict[str, list[Finding]] = {}
    for finding in result.findings:
        by_file.setdefault(finding.path, []).append(finding)
    failing = {path for path, fail_on in result.checked.items()
               if any(at_or_above(f, fail_on) for f in by_file.get(path, []))}
    unreadable = {e.path: e for e in result.unreadable}
    cases = list(dict.fromkeys([*result.checked, *unreadable]))
    suites = ET.Element("testsuites", name="minutes-extract check", tests=str(len(cases)),
                        failures=str(len(failing)), errors=str(len(unreadable)))
    suite = ET.SubElement(suites, "testsuite", name="minutes-extract check", tests=str(len(cases)),
                          failures=str(len(failing)), errors=str(len(unreadable)), skipped="0")
    for path in cases:
        case = ET.SubElement(suite, "testcase", classname="minutes-extract.check", name=path, file=path)
        if path in unreadable:
            ET.SubElement(case, "error", message=unreadable[path].problem, type="unreadable")
            continue
        fail_on = result.checked[path]
        over = [f for f in by_file.get(path, []) if at_or_above(f, fail_on)]
        under = [f for f in by_file.get(path, []) if not at_or_above(f, fail_on)]
        if over:
            failure = ET.SubElement(case, "failure", message=f"{len(over)} finding(s) at or above "
                                    f"{fail_on}", type="findings")
            failure.text = "\n".join(map(_junit_line, over))
        if under:
            ET.SubElement(case, "system-out").text = "\n".join(map(_junit_line, under))
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def _junit_line(f: Finding) -> str:
    place = where(f)
    return f"{f.line}:{f.column}: {f.code} {f.message}" if place is None else f"{place}: {f.code} {f.message}"


FORMATS = {"concise": as_text, "json": as_json, "github": as_github, "sarif": as_sarif, "junit": as_junit}


def fix_report(result: CheckResult, write: bool) -> str:
    """What --fix changed (or --diff would change), per file, ruff-style, then a total:

        minutes.txt: 3 fixed (IN004 ×2, IN008), 1 remaining
        Fixed 3 findings in 1 file, 1 remaining.

    `fixed` counts the findings of the fixed rules that are gone (any severity, one per line);
    `remaining` the findings `check` still shows for the file. Only files that change are
    listed. With --diff: `3 fixable (…)` and `Would fix 3 findings in 1 file.`"""
    lines = []
    total = files = 0
    for path, done, remaining in result.fixes:
        if not done.fixed:
            continue
        files += 1
        total += done.count
        codes = ", ".join(code + (f" ×{n}" if n > 1 else "") for code, n in done.fixed)
        lines.append(f"{path}: {done.count} {'fixed' if write else 'fixable'} ({codes})"
                     + (f", {remaining} remaining" if write else ""))
    where = f" in {files} file{'s' if files != 1 else ''}"
    if write:
        lines.append(f"Fixed {total} finding{'s' if total != 1 else ''}{where}, "
                     f"{len(result.findings)} remaining.")
    else:
        lines.append(f"Would fix {total} finding{'s' if total != 1 else ''}{where}.")
    return "\n".join(lines) + "\n"


def render(result: CheckResult, name: str, colour: bool) -> str:
    """The report in format `name` (`text`: grouped for people, in colour on a terminal)."""
    if name != "text":
        return FORMATS[name](result)
    if not colour and not result.findings and not result.unreadable:
        return summary(result) + "\n"  # rich's plain output of the summary alone
    import io

    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, highlight=False, soft_wrap=True, force_terminal=colour,
                      color_system="auto" if colour else None)
    print_human(result, console)
    return buffer.getvalue()
