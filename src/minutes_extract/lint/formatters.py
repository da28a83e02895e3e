"""How `check` prints its findings: grouped for people (rich, on a terminal), concise lines,
JSON, GitHub annotations, SARIF 2.1.0, JUnit XML."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from .._version import __version__
from ..diagnostics import BY_CODE
from ..models import Severity
from .run import CheckResult, Finding

if TYPE_CHECKING:  # rich is imported when people read the output, not for CI formats
    from rich.console import Console

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
    """Grouped by file, each finding with the line it is about; colour on a terminal only."""
    from rich.console import Console
    from rich.text import Text

    console = console or Console(highlight=False, soft_wrap=True)
    style = {"error": "bold red", "warning": "yellow", "info": "cyan"}
    by_file: dict[str, list[Finding]] = {}
    for finding in result.findings:
        by_file.setdefault(finding.path, []).append(finding)
    for path, findings in by_file.items():
        console.print(Text(path, style="bold underline"))
        for f in findings:
            console.print(Text.assemble((f"{f.path}:{f.line}:{f.column}:", "bold"), " ",
                                        (f.code, style[f.severity]), " ", f.message))
            if f.source_line is not None:
                gutter = f"{f.line:>6} │ "
                console.print(Text.assemble((gutter, "dim"), _shown(f.source_line)))
                console.print(Text.assemble(" " * len(gutter), " " * _width(f.source_line[: f.column - 1]),
                                            ("^", style[f.severity])))
        console.print()
    for err in result.unreadable:
        console.print(Text.assemble((f"{err.path}:", "bold"), " ", ("error:", "bold red"), " ", err.problem))
    console.print(Text(summary(result), style="bold"))


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


def as_github(result: CheckResult) -> str:
    """GitHub Actions workflow commands: one annotation per finding."""
    level = {"error": "error", "warning": "warning", "info": "notice"}
    out = [f"::{level[f.severity]} file={f.path},line={f.line},col={f.column},title={f.code} {f.name}::"
           f"{_escape(f.message)}" for f in result.findings]
    out.extend(f"::error file={e.path}::{_escape(e.problem)}" for e in result.unreadable)
    return "\n".join(out) + ("\n" if out else "")


def _escape(message: str) -> str:
    return message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def as_sarif(result: CheckResult) -> str:
    """SARIF 2.1.0, for code-scanning upload."""
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
        "results": [{
            "ruleId": f.code,
            "ruleIndex": used.index(f.code),
            "level": level[f.severity],
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": Path(f.path).as_posix()},
                "region": {"startLine": f.line, "startColumn": f.column},
            }}],
        } for f in result.findings],
    }
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [run],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def as_junit(result: CheckResult) -> str:
    """JUnit XML: one test case per checked file, failing with its findings."""
    from xml.etree import ElementTree as ET

    by_file: dict[str, list[Finding]] = {}
    for finding in result.findings:
        by_file.setdefault(finding.path, []).append(finding)
    suite = ET.Element("testsuite", name="minutes-extract check", tests=str(result.files),
                       failures=str(len(by_file)), errors=str(len(result.unreadable)))
    for path, findings in sorted(by_file.items()):
        case = ET.SubElement(suite, "testcase", classname="minutes-extract", name=path)
        failure = ET.SubElement(case, "failure", message=f"{len(findings)} finding(s)")
        failure.text = "\n".join(f"{f.line}:{f.column}: {f.code} {f.message}" for f in findings)
    for err in result.unreadable:
        case = ET.SubElement(suite, "testcase", classname="minutes-extract", name=err.path)
        ET.SubElement(case, "error", message=err.problem)
    return ET.tostring(ET.ElementTree(suite).getroot(), encoding="unicode", xml_declaration=True) + "\n"


FORMATS = {"concise": as_text, "json": as_json, "github": as_github, "sarif": as_sarif, "junit": as_junit}


