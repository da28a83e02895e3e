"""`minutes-extract check`: the parser's diagnostics as lint findings, for CI gates.

One code path with `extract`: a finding is a diagnostic of the same parse, filtered by the
configuration (select/ignore by code or code prefix, a severity to show, a severity that
fails). Configuration comes from options or from `[tool.minutes-extract]` in a
pyproject.toml, or a minutes-extract.toml, found upward from the checked file.
"""

from __future__ import annotations

import json
import tomllib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from .diagnostics import BY_CODE, CATALOGUE
from .errors import ExitCode, InputError
from .models import Diagnostic, Severity
from .sources import expand
from .textlines import first_unusual

RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}
NEVER = "never"
CONFIG_KEYS = {"select", "ignore", "severity", "fail-on"}


class ConfigError(Exception):
    """A configuration that cannot be honoured: unknown rule code, key or severity."""


@dataclass(frozen=True)
class CheckConfig:
    select: tuple[str, ...] = ()  # codes or prefixes; empty = every rule
    ignore: tuple[str, ...] = ()
    severity: str = Severity.WARNING.value  # the least severe finding shown
    fail_on: str = Severity.WARNING.value  # the least severe finding that fails, or "never"

    def validated(self) -> CheckConfig:
        for code in (*self.select, *self.ignore):
            if not any(known.startswith(code.upper()) for known in BY_CODE) or not code:
                raise ConfigError(f"unknown rule code {code!r} (see `minutes-extract rules`)")
        for name, value in (("severity", self.severity), ("fail-on", self.fail_on)):
            allowed = [s.value for s in Severity] + ([NEVER] if name == "fail-on" else [])
            if value not in allowed:
                raise ConfigError(f"{name} must be one of {', '.join(allowed)}, not {value!r}")
        return self

    def applies(self, code: str) -> bool:
        selected = not self.select or any(code.startswith(s.upper()) for s in self.select)
        return selected and not any(code.startswith(i.upper()) for i in self.ignore)


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

    def exit_code(self) -> int:
        if self.unreadable:
            return int(ExitCode.USAGE)
        return 1 if self.failed else 0


def fails(findings: Iterable[Finding], config: CheckConfig) -> bool:
    if config.fail_on == NEVER:
        return False
    threshold = RANK[Severity(config.fail_on)]
    return any(RANK[Severity(f.severity)] >= threshold for f in findings)


def find_config(start: Path) -> tuple[Path, dict] | None:
    """The nearest configuration above `start`: pyproject.toml with [tool.minutes-extract],
    or minutes-extract.toml."""
    for folder in [start if start.is_dir() else start.parent, *start.resolve().parents]:
        own = folder / "minutes-extract.toml"
        if own.is_file():
            return own, _read_toml(own)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            table = _read_toml(pyproject).get("tool", {}).get("minutes-extract")
            if table is not None:
                return pyproject, table
    return None


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration ({exc})") from None


def config_from(table: dict, origin: str) -> CheckConfig:
    unknown = set(table) - CONFIG_KEYS
    if unknown:
        raise ConfigError(f"{origin}: unknown configuration key(s) {', '.join(sorted(unknown))}")

    def codes(key: str) -> tuple[str, ...]:
        value = table.get(key, [])
        return tuple([value] if isinstance(value, str) else value)

    return CheckConfig(
        select=codes("select"),
        ignore=codes("ignore"),
        severity=str(table.get("severity", Severity.WARNING.value)),
        fail_on=str(table.get("fail-on", Severity.WARNING.value)),
    ).validated()


def check_paths(paths: Iterable[str], config: CheckConfig | None = None,
                overrides: Mapping[str, object] | None = None) -> CheckResult:
    """Check files and directories. With `config`, every file under it; without, each file
    under the configuration found upward from that file, with `overrides` (the command
    line's options) on top: the findings of a file never depend on the other arguments."""
    from .reader import parse_source

    files, missing = expand(paths)
    result = CheckResult(unreadable=list(missing))
    settings_of = _ConfigFinder(overrides or {})
    for path in files:
        settings = config if config is not None else settings_of(path)
        result.files += 1
        try:
            parsed = parse_source(path)
        except InputError as err:
            result.unreadable.append(err)
            continue
        found = findings_of(str(path), parsed.record.diagnostics, parsed.lines, settings)
        result.findings.extend(found)
        result.failed = result.failed or fails(found, settings)
    return result


class _ConfigFinder:
    """The configuration of each file: found upward from it, read once per configuration file."""

    def __init__(self, overrides: Mapping[str, object]) -> None:
        self.overrides = overrides
        self.read: dict[Path | None, CheckConfig] = {}

    def __call__(self, path: Path) -> CheckConfig:
        located = find_config(path)
        origin = located[0] if located else None
        if origin not in self.read:
            base = config_from(located[1], str(origin)) if located else CheckConfig()
            self.read[origin] = with_overrides(base, **self.overrides)
        return self.read[origin]


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


def with_overrides(base: CheckConfig, **changes: object) -> CheckConfig:
    given = {key: value for key, value in changes.items() if value not in (None, ())}
    return replace(base, **given).validated()


# -- output formats ---------------------------------------------------------------------------
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


def print_human(result: CheckResult, console: Console) -> None:
    """Grouped by file, each finding with the line it is about; colour on a terminal only."""
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
    from . import __version__

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


def rules_table() -> list[tuple[str, str, str, str]]:
    return [(c.code, c.name, c.severity.value, c.summary) for c in CATALOGUE]
