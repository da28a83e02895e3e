"""`minutes-extract check`: the parser's diagnostics as lint findings, for CI gates.

One code path with `extract`: a finding is a diagnostic of the same parse, filtered by the
configuration of the file (lint/config.py). Each file is one job (fixed if asked, read,
parsed, its findings taken), done here or in worker processes; the results come back in the
order of the files, so the report is the same whatever the number of workers.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..api import read_file
from ..errors import ExitCode, InputError
from ..files import STDIN, expand, read_bytes
from ..inputs import read_document
from ..inputs.document import Document, ReadOptions
from ..models import Diagnostic, Severity
from ..parser import parse
from ..text.normalise import first_unusual, split_lines
from .config import NEVER, RANK, CheckConfig, ConfigFinder, is_excluded
from .fix import FileFixes, fix_file


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
    page: int | None = None  # the page the line starts on, for inputs laid out in pages (PDF)
    # "text" when line and column count the file's own lines; else the kind of input (pdf, hwp,
    # html …), whose lines are those of its clean text (`minutes-extract text`)
    source_format: str = "text"


@dataclass
class CheckResult:
    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    unreadable: list[InputError] = field(default_factory=list)
    failed: bool = False  # some file has a finding at or above its configuration's fail-on
    skipped: list[str] = field(default_factory=list)  # links in the folders that lead nowhere
    other_files: list[Path] = field(default_factory=list)  # files there that are not minutes
    fixes: list[tuple[str, FileFixes, int]] = field(default_factory=list)  # (path, fixes, remaining)
    checked: dict[str, str] = field(default_factory=dict)  # every file checked, in order: its fail-on

    def exit_code(self) -> int:
        if self.unreadable:
            return int(ExitCode.USAGE)
        return 1 if self.failed else 0


def fails(findings: Iterable[Finding], config: CheckConfig) -> bool:
    return any(at_or_above(f, config.fail_on) for f in findings)


def at_or_above(finding: Finding, fail_on: str) -> bool:
    """Whether the finding fails a file whose fail-on is `fail_on`."""
    return fail_on != NEVER and RANK[Severity(finding.severity)] >= RANK[Severity(fail_on)]


@dataclass(frozen=True)
class Job:
    """One file to check, with everything a worker needs to do it alone."""

    path: str  # as named in findings
    settings: CheckConfig
    read: ReadOptions
    fix: str | None = None  # "write" (--fix), "diff" (--diff) or None
    data: bytes | None = None  # standard input, read by the parent


@dataclass
class Outcome:
    findings: list[Finding]
    failed: bool = False
    error: InputError | None = None
    fixes: FileFixes | None = None


def check_paths(paths: Iterable[str], config: CheckConfig | None = None,
                overrides: Mapping[str, object] | None = None,
                read: ReadOptions | None = None, *, workers: int = 1, fix: str | None = None,
                stdin_filename: str | None = None) -> CheckResult:
    """Check files and directories (`-`: standard input, named `stdin_filename`). With
    `config`, every file under it; without, each file under the configuration found upward
    from that file, with `overrides` (the command line's options) on top: the findings of a
    file never depend on the other arguments. `read`: how inputs are read; `workers`:
    processes (0: one per core); `fix`: "write" or "diff" to apply or show the safe fixes first."""
    paths = list(paths)
    named = [p for p in paths if p != STDIN]
    inputs = expand(named)
    nothing = inputs.nothing_to_read(named) if named else None
    result = CheckResult(unreadable=[*inputs.missing, *([nothing] if nothing and not inputs.missing else [])],
                         skipped=[str(link) for link in inputs.dangling], other_files=inputs.skipped)
    jobs = list(_jobs(paths, inputs.files, config, ConfigFinder(overrides or {}), read or ReadOptions(),
                      fix, stdin_filename))
    for job, outcome in zip(jobs, _run(jobs, workers), strict=True):
        result.files += 1
        result.checked[job.path] = job.settings.fail_on
        if outcome.fixes is not None:
            result.fixes.append((job.path, outcome.fixes, len(outcome.findings)))
        if outcome.error is not None:
            result.unreadable.append(outcome.error)
            continue
        result.findings.extend(outcome.findings)
        result.failed = result.failed or outcome.failed
    return result


def _jobs(paths: list[str], files: list[Path], config: CheckConfig | None, settings_of: ConfigFinder,
          read: ReadOptions, fix: str | None, stdin_filename: str | None) -> Iterator[Job]:
    """The files to check in order: standard input where `-` stands, then the files found.
    A file named on the command line is checked even if `exclude` matches it (as in ruff);
    the files a folder or pattern yields are left out when it does."""
    given = {Path(p) for p in paths if p != STDIN and os.path.isfile(p)}
    if STDIN in paths:
        name = stdin_filename or STDIN
        settings = config or settings_of(Path(stdin_filename) if stdin_filename else Path.cwd() / STDIN)
        yield Job(name, settings, read, None, read_bytes(STDIN, read.max_size))
    for path in files:
        settings = config if config is not None else settings_of(path)
        if path not in given and is_excluded(path, settings.exclude):
            continue
        yield Job(str(path), settings, read, fix)


def _run(jobs: list[Job], workers: int) -> Iterator[Outcome]:
    """The outcome of each job, in the order of the jobs: here, or in `workers` processes
    (the platform's default start method: fork on Linux, spawn elsewhere)."""
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(jobs) < 2:
        yield from map(check_one, jobs)
        return
    with ProcessPoolExecutor(min(workers, len(jobs))) as pool:
        yield from pool.map(check_one, jobs, chunksize=max(1, len(jobs) // (4 * workers)))


def check_one(job: Job) -> Outcome:
    """Fix (if asked), read and parse one file; its findings under its own configuration."""
    fixes = None
    if job.fix is not None:
        # a file that cannot be read strictly as text is not rewritten (its reading error, if
        # any, is the check's); one read with bad bytes replaced would lose them
        with contextlib.suppress(InputError):
            fixes = fix_file(job.path, write=job.fix == "write")
    try:
        document = _document(job)
    except InputError as err:
        return Outcome([], error=err, fixes=fixes)
    # line numbers count the lines of the Document: the text as written, a PDF's clean text
    found = findings_of(job.path, parse(document).diagnostics, split_lines(document.text), job.settings,
                        document)
    return Outcome(found, fails(found, job.settings), fixes=fixes)


def _document(job: Job) -> Document:
    if job.data is not None:
        return read_document(job.data, job.path, job.read)
    return read_file(job.path, job.read)


def findings_of(path: str, diagnostics: Iterable[Diagnostic], lines: list[str],
                settings: CheckConfig, document: Document | None = None) -> list[Finding]:
    """One finding per line a shown diagnostic stands for, with that line's text (and page)."""
    pages = document.line_pages if document is not None else ()
    kind = "text" if document is None else document.source_format
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
                source_line=text, page=pages[line - 1][0] if 0 < line <= len(pages) else diagnostic.page,
                source_format=kind,
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


