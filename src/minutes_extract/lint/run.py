"""`minutes-extract check`: the parser's diagnostics as lint findings, for CI gates.

One code path with `extract`: a finding is a diagnostic of the same parse, filtered by the
configuration of the file (lint/config.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..api import read_file
from ..errors import ExitCode, InputError
from ..files import expand
from ..inputs.document import ReadOptions
from ..models import Diagnostic, Severity
from ..parser import parse
from ..text.normalise import first_unusual, split_lines
from .config import NEVER, RANK, CheckConfig, ConfigFinder


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    column: int
    code: str
    name: str
    severity: str
    message: str
    source_line: str | None = None  # the line as written (PDF: as in `minutes-extract text`)


@dataclass
class CheckResult:
    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    unreadable: list[InputError] = field(default_factory=list)
    failed: bool = False  # some file has a finding at or above its configuration's fail-on
    skipped: list[str] = field(default_factory=list)  # links in the folders that lead nowhere
    other_files: list[Path] = field(default_factory=list)  # files there that are not minutes

    def exit_code(self) -> int:
        if self.unreadable:
            return int(ExitCode.USAGE)
        return 1 if self.failed else 0


def fails(findings: Iterable[Finding], config: CheckConfig) -> bool:
    if config.fail_on == NEVER:
        return False
    threshold = RANK[Severity(config.fail_on)]
    return any(RANK[Severity(f.severity)] >= threshold for f in findings)


def check_paths(paths: Iterable[str], config: CheckConfig | None = None,
                overrides: Mapping[str, object] | None = None,
                read: ReadOptions | None = None) -> CheckResult:
    """Check files and directories. With `config`, every file under it; without, each file
    under the configuration found upward from that file, with `overrides` (the command
    line's options) on top: the findings of a file never depend on the other arguments.
    `read`: how inputs are read (OCR of scanned PDF pages)."""
    paths = list(paths)
    inputs = expand(paths)
    files = inputs.files
    nothing = inputs.nothing_to_read(paths)
    result = CheckResult(unreadable=[*inputs.missing, *([nothing] if nothing and not inputs.missing else [])],
                         skipped=[str(link) for link in inputs.dangling], other_files=inputs.skipped)
    settings_of = ConfigFinder(overrides or {})
    for path in files:
        settings = config if config is not None else settings_of(path)
        result.files += 1
        try:
            document = read_file(path, read)
        except InputError as err:
            result.unreadable.append(err)
            continue
        # line numbers count the lines of the Document: the text as written, a PDF's clean text
        lines = split_lines(document.text)
        found = findings_of(str(path), parse(document).diagnostics, lines, settings)
        result.findings.extend(found)
        result.failed = result.failed or fails(found, settings)
    return result


def findings_of(path: str, diagnostics: Iterable[Diagnostic], lines: list[str],
                settings: CheckConfig) -> list[Finding]:
    """One finding per line a shown diagnostic stands for, with that line's text."""
    shown = RANK[Severity(settings.severity)]
    out: list[Finding] = []
    for diagnostic in diagnostics:
        if not settings.applies(diagnostic.code) or RANK[diagnostic.severity] < shown:
            continue
        for line in diagnostic.lines or [diagnostic.line or 1]:
            text = lines[line - 1] if 0 < line <= len(lines) else None
            out.append(Finding(
                path=path, line=line, column=_column(diagnostic.code, text), code=diagnostic.code,
                name=diagnostic.name, severity=diagnostic.severity.value, message=diagnostic.message,
                source_line=text,
            ))
    out.sort(key=lambda f: (f.line, f.column, f.code))
    return out


def _column(code: str, text: str | None) -> int:
    """Where on the line the problem starts: the trailing blanks, the odd character, or the text."""
    if not text:
        return 1
    if code == "IN004":
        return len(text.rstrip(" \t\u00a0\u3000")) + 1
    if code in ("IN005", "IN007"):
        odd = first_unusual(text)
        return odd + 1 if odd is not None else 1
    return len(text) - len(text.lstrip()) + 1


