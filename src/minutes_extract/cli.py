"""The `minutes-extract` command: a thin typer layer over the public API."""

from __future__ import annotations

import gc
import logging
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar

import typer

from . import formats
from ._version import __version__
from .errors import ExitCode, InputError
from .export import OutputFormat
from .inputs.document import DEFAULT_MAX_SIZE, DEFAULT_MEMORY, DEFAULT_TIMEOUT, ReadOptions
from .inputs.pdf.engines import Engine
from .lint.formatters import FORMATS as CHECK_FORMATS

T = TypeVar("T")
MB = 1024 * 1024
app = typer.Typer(
    name="minutes-extract",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


_ENGINE_HELP = "PDF engine: pdfium (fast, default) or pdfplumber; both give the same text."


def _fail(path: str, problem: str, code: ExitCode) -> NoReturn:
    sys.stderr.write(f"minutes-extract: error: {path}: {problem}\n")
    raise typer.Exit(int(code))


def _say_skipped(dangling: list[str], other_files: list[Path]) -> None:
    """Name on stderr what the folders held that was not read: dead links, files of other kinds."""
    from .files import passed_over

    for link in dangling:
        sys.stderr.write(f"minutes-extract: skipped: {link}: a link to nothing\n")
    line = passed_over(other_files)
    if line:
        sys.stderr.write(f"minutes-extract: {line}\n")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"minutes-extract {__version__}")
        raise typer.Exit()


_MAIN_HELP = (
    "Turn Korean meeting minutes (회의록) into structured, validated records.\n\n"
    "Example: minutes-extract extract minutes.txt -o minutes.json\n\n"
    "Exit codes: 0 ok, 1 internal error (a bug), 2 usage error, 3 file not readable or output "
    "not writable, 4 not readable as minutes (binary, protected HWP, undecodable), 5 empty input, "
    "6 PDF cannot be opened (encrypted, corrupt, truncated), 7 PDF without a text layer (scanned) "
    "and no OCR (tesseract not installed, or --ocr never), 8 batch: some files failed, 9 no "
    "speaker turn found (not minutes, or a format not known), 10 the file is larger, or needs "
    "more time or memory to read, than allowed (--max-size, --timeout, --max-memory), 11 batch: "
    "another run writes to the same folder, 12 an optional part is needed for this input "
    "(minutes-extract[hwp], tesseract), 130 interrupted."
)
_EXTRACT_HELP = (
    "Parse one minutes file into meeting → speaker turns → remarks, with diagnostics.\n\n"
    "Prints JSON on standard output unless --output names a file. Text input may be UTF-8 (with "
    "or without BOM), UTF-16 with BOM, or CP949/EUC-KR, with any line endings; page furniture is "
    "removed and reported. A PDF (recognised by content) is read page by page, its running "
    "headers and footers removed, and every span records its pages; pages without a text layer "
    "are read by OCR (--ocr). HWP 5, HWPX and HTML files (told by content) are read too.\n\n"
    "A file in which no speaker turn is found is still written, with a warning on standard error, "
    "and the exit code is 9 (0 with --allow-empty)."
)


OutputOption = Annotated[
    str | None, typer.Option("--output", "-o", help="Write to this file instead of standard output.")
]
EncodingOption = Annotated[
    str | None, typer.Option("--encoding", "-e", help="Read a text input in this encoding instead of "
                             "detecting it (utf-8, utf-16, cp949, euc-kr, …).")
]
EngineOption = Annotated[Engine, typer.Option("--pdf-engine", help=_ENGINE_HELP)]

class OcrMode(StrEnum):
    auto = "auto"
    never = "never"
    force = "force"


OcrOption = Annotated[OcrMode, typer.Option("--ocr", help=(
    "PDF pages read by OCR (tesseract with its Korean model, installed apart: apt install "
    "tesseract-ocr tesseract-ocr-kor): auto, the pages without a text layer (default); never; "
    "force, every page."))]
PasswordOption = Annotated[str | None, typer.Option("--password", help="Password of an encrypted PDF.")]
TimeoutOption = Annotated[float, typer.Option(
    "--timeout", min=0.1, help="Seconds a PDF may take to read before it is given up (exit 10).")]
MemoryOption = Annotated[int, typer.Option(
    "--max-memory", min=64, help="Megabytes of memory a PDF may take to read (exit 10 beyond).")]
SizeOption = Annotated[int, typer.Option(
    "--max-size", min=1, help="Megabytes of input read at most (exit 10 beyond).")]
AllowEmptyOption = Annotated[bool, typer.Option(
    "--allow-empty", help="Exit 0 also for a file in which no speaker turn is found (default: exit 9).")]


# The choices come from the library: the formats, the output formats, the check formats.
Profile = StrEnum("Profile", [(name, name) for name in (formats.AUTO, *formats.names())])  # type: ignore[misc]
CheckFormat = StrEnum("CheckFormat", [(name, name) for name in ("text", *CHECK_FORMATS)])  # type: ignore[misc]
DETECT, GROUPED = Profile(formats.AUTO), CheckFormat("text")


ProfileOption = Annotated[Profile, typer.Option(
    "--format-profile", help="Minutes format: auto (detect), seoul-committee (〈…〉 headers) or "
    "assembly (◯/○ speaker lines of the National Assembly and local councils).")]


def _guarded(file: str, work: Callable[[], T]) -> T:
    """Run a command's work; any failure becomes one line on stderr and an exit code."""
    try:
        return work()
    except InputError as err:
        _fail(err.path, err.problem, err.exit_code)
    except Exception as exc:  # a bug: still one line, never a traceback
        _fail(file, f"internal error: {type(exc).__name__}: {exc} (please report this)", ExitCode.INTERNAL)


@app.callback(help=_MAIN_HELP)
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Global options; the commands do the work."""


@app.command(help=_EXTRACT_HELP)
def extract(
    file: Annotated[str, typer.Argument(help="Minutes file (text or PDF); '-' reads standard input.")],
    output: OutputOption = None,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="json: the full tree; jsonl: one line per meeting; "
                             "csv: one row per remark.")
    ] = OutputFormat.JSON,
    bom: Annotated[
        bool, typer.Option("--bom", help="Start the output with a UTF-8 byte-order mark (for Excel and CSV).")
    ] = False,
    encoding: EncodingOption = None,
    pdf_engine: EngineOption = Engine.pdfium,
    ocr: OcrOption = OcrMode.auto,
    password: PasswordOption = None,
    profile: ProfileOption = DETECT,
    allow_empty: AllowEmptyOption = False,
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
    max_memory: MemoryOption = DEFAULT_MEMORY,
    max_size: SizeOption = DEFAULT_MAX_SIZE // MB,
) -> None:
    """Parse one file and write its record (help text: _EXTRACT_HELP)."""
    from .api import no_turns_reason, parse_file
    from .export import EXPORTERS
    from .files import refuse_overwriting, write_output

    # One file per process and a tree without reference cycles: the cyclic collector would
    # only rescan the whole tree (a third of the run on large files) for nothing to free.
    gc.disable()

    def work() -> str | None:
        refuse_overwriting(output, [file])
        options = ReadOptions(encoding, pdf_engine.value, password, timeout, max_memory, max_size * MB,
                              ocr=ocr.value)
        record = parse_file(file, profile=profile.value, options=options)
        write_output(EXPORTERS[fmt](record), output, bom=bom)
        return no_turns_reason(record)

    empty = _guarded(file, work)
    if empty is not None and not allow_empty:
        sys.stderr.write(f"minutes-extract: warning: {file}: {empty}\n")
        raise typer.Exit(int(ExitCode.NO_MINUTES))


@app.command(help=(
    "Print the clean text the parser sees: for a PDF, running headers and footers removed and "
    "wrapped lines joined into paragraphs; for text, normalised with page furniture removed."
))
def text(
    file: Annotated[str, typer.Argument(help="Minutes file (PDF or text); '-' reads standard input.")],
    output: OutputOption = None,
    page_markers: Annotated[
        bool, typer.Option("--page-markers", help="Put a line '\\f\\[page N]' before the first paragraph "
                           "that starts on each PDF page.")
    ] = False,
    encoding: EncodingOption = None,
    pdf_engine: EngineOption = Engine.pdfium,
    ocr: OcrOption = OcrMode.auto,
    password: PasswordOption = None,
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
    max_memory: MemoryOption = DEFAULT_MEMORY,
    max_size: SizeOption = DEFAULT_MAX_SIZE // MB,
) -> None:
    """Print the clean text of one file (help text above)."""
    from .api import clean_text
    from .files import refuse_overwriting, write_output

    def work() -> None:
        refuse_overwriting(output, [file])
        options = ReadOptions(encoding, pdf_engine.value, password, timeout, max_memory, max_size * MB,
                              ocr=ocr.value)
        cleaned = clean_text(file, options, page_markers)
        write_output(cleaned.encode("utf-8"), output)

    _guarded(file, work)


def _codes(values: list[str] | None) -> tuple[str, ...]:
    return tuple(code.strip() for value in values or [] for code in value.split(",") if code.strip())


@app.command(help=(
    "Check minutes files (text, Markdown or PDF; directories are searched) and print findings "
    "as `path:line:col: CODE message`. Exit 0: nothing at or above --fail-on; 1: findings; "
    "2: usage error or unreadable input. Options override [tool.minutes-extract] in a "
    "pyproject.toml or a minutes-extract.toml found upward from each file."
))
def check(
    paths: Annotated[list[str], typer.Argument(help="Files or directories to check.")],
    select: Annotated[list[str] | None, typer.Option(
        "--select", help="Only these rule codes or prefixes (ST, MD001, …); repeat or comma-separate.",
    )] = None,
    ignore: Annotated[list[str] | None, typer.Option(
        "--ignore", help="Skip these rule codes or prefixes.")] = None,
    severity: Annotated[str | None, typer.Option(
        "--severity", help="Show findings at or above: info, warning (default) or error.")] = None,
    fail_on: Annotated[str | None, typer.Option(
        "--fail-on", help="Fail on findings at or above: info, warning (default), error or never.")] = None,
    fix: Annotated[bool, typer.Option(
        "--fix", help="Apply the safe fixes (line endings, encoding, whitespace, look-alike "
        "brackets and bullets, page-break continuations) in place, atomically.")] = False,
    show_diff: Annotated[bool, typer.Option(
        "--diff", help="Print what --fix would change, without writing.")] = False,
    output_format: Annotated[CheckFormat, typer.Option(
        "--output-format", help="text (default: grouped by file, each line shown), concise (one "
        "`path:line:col: CODE message` line each), json, github (workflow annotations), sarif "
        "(SARIF 2.1.0 for code scanning) or junit.",
    )] = GROUPED,
    ocr: OcrOption = OcrMode.auto,
) -> None:
    """Check files (help text above)."""
    from .lint.config import CheckConfig, ConfigError, with_overrides
    from .lint.run import check_paths

    overrides = {"select": _codes(select), "ignore": _codes(ignore), "severity": severity, "fail_on": fail_on}
    try:
        with_overrides(CheckConfig(), **overrides)  # a bad option fails even with no file to check
        if fix or show_diff:
            _apply_fixes(paths, write=fix, show=show_diff)
        result = check_paths(paths, overrides=overrides, read=ReadOptions(ocr=ocr.value))
    except ConfigError as err:
        _fail("configuration", str(err), ExitCode.USAGE)
    _say_skipped(result.skipped, result.other_files)
    if output_format is GROUPED:
        from .lint.formatters import print_human

        print_human(result)
    else:
        sys.stdout.write(CHECK_FORMATS[output_format.value](result))
    raise typer.Exit(result.exit_code())


def _apply_fixes(paths: list[str], write: bool, show: bool) -> None:
    from .files import expand
    from .lint.fix import fix_file

    for path in expand(paths).files:
        try:
            done = fix_file(str(path), write)
        except InputError:
            continue  # reported by the check that follows
        if show and done.patch:
            sys.stdout.write(done.patch)
        for codes, why in done.fixes.refused:
            sys.stderr.write(f"minutes-extract: {path}: {codes} not fixed: {why}\n")


@app.command(help=(
    "Process a whole archive: files, directories (recursive), glob patterns and --from-list, "
    "in worker processes, into OUT. Resumable: a re-run skips unchanged files and redoes "
    "changed ones; an interrupted run keeps what it finished. One run at a time writes to OUT. "
    "Exit 0: every file ok; 8: some files failed (listed in OUT/errors.jsonl); 9: some files had "
    "no speaker turn (status 'empty'; 0 with --allow-empty); 2: usage error, or no minutes files "
    "among the inputs; 3: OUT cannot be written (or its minutes.sqlite is damaged); 11: another "
    "batch run is writing to OUT (see --wait); 130: interrupted. A file larger than --max-size, or "
    "that needs more than --timeout or --max-memory to read, fails (error code 'limit')."
))
def batch(
    out: Annotated[Path, typer.Option("--output", "-o", help="Output folder (created).")],
    inputs: Annotated[list[str] | None, typer.Argument(help="Files, directories or glob patterns.")] = None,
    to: Annotated[list[str] | None, typer.Option(
        "--to", help="jsonl (default), json, csv, sqlite, parquet (extra [parquet]); repeat or "
        "comma-separate for several.")] = None,
    from_list: Annotated[str | None, typer.Option(
        "--from-list", help="A file of input paths, one per line.")] = None,
    workers: Annotated[int, typer.Option(
        "--workers", "-j", min=0, help="Worker processes (default 0: one per core).")] = 0,
    fail_fast: Annotated[bool, typer.Option("--fail-fast", help="Stop at the first failed file.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress; only the summary.")] = False,
    checksum: Annotated[bool, typer.Option(
        "--checksum", help="Decide what changed by sha256 (default: size and modification time).")] = False,
    retry_failed: Annotated[bool, typer.Option(
        "--retry-failed", help="Redo files that failed before even if unchanged.")] = False,
    prune: Annotated[bool, typer.Option(
        "--prune", help="Remove from OUT the files recorded by an earlier run that are not inputs now.",
    )] = False,
    wait: Annotated[bool, typer.Option(
        "--wait", help="When another batch run is writing to OUT, wait for it (default: exit 11).")] = False,
    csv_escape: Annotated[bool, typer.Option(
        "--csv-escape/--no-csv-escape", help="In CSV tables, put ' before a cell that starts with =, +, -, "
        "@, tab or CR (after any '), so that spreadsheets show it as text, not run it (default: on).",
    )] = True,
    pdf_engine: EngineOption = Engine.pdfium,
    ocr: OcrOption = OcrMode.auto,
    allow_empty: AllowEmptyOption = False,
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
    max_memory: MemoryOption = DEFAULT_MEMORY,
    max_size: SizeOption = DEFAULT_MAX_SIZE // MB,
) -> None:
    """Process an archive (help text above)."""
    from .batch import OUTPUTS, BatchOptions, run_batch
    from .batch.problems import BatchStop
    from .batch.progress import BarProgress, LogProgress, QuietProgress
    from .batch.report import summary_text

    outputs = _codes(to) or ("jsonl",)
    unknown = [name for name in outputs if name not in OUTPUTS]
    if unknown:
        _fail("batch", f"unknown output {', '.join(unknown)}: use {', '.join(OUTPUTS)}", ExitCode.USAGE)
    if not inputs and from_list is None:
        _fail("batch", "no input: give files, directories, patterns or --from-list", ExitCode.USAGE)
    options = BatchOptions(inputs=tuple(inputs or ()), out=out, to=tuple(dict.fromkeys(outputs)),
                           from_list=from_list, workers=workers, fail_fast=fail_fast, checksum=checksum,
                           retry_failed=retry_failed, prune=prune, wait=wait,
                           read=ReadOptions(pdf_engine=pdf_engine.value, timeout=timeout,
                                            max_memory=max_memory, max_size=max_size * MB,
                                            ocr=ocr.value),
                           csv_escape=csv_escape)
    progress = QuietProgress() if quiet else BarProgress() if sys.stderr.isatty() else LogProgress()
    try:
        summary = run_batch(options, progress)
    except InputError as err:
        _fail(err.path, err.problem, err.exit_code)
    except BatchStop as stop:  # OUT not writable, held by another run, or its database damaged
        _fail(stop.path, stop.problem, stop.exit_code)
    for missing in summary.missing:
        sys.stderr.write(f"minutes-extract: error: {missing.path}: {missing.problem}\n")
    _say_skipped(summary.dangling, summary.other_files)
    sys.stdout.write(summary_text(summary, options))
    raise typer.Exit(summary.exit_code(allow_empty))


class RulesFormat(StrEnum):
    text = "text"
    markdown = "markdown"


@app.command()
def rules(
    code: Annotated[str | None, typer.Argument(help="Show one rule's documentation (e.g. ST004).")] = None,
    output_format: Annotated[RulesFormat, typer.Option(
        "--format", help="text (a table, default) or markdown (the documentation, as docs/rules.md).",
    )] = RulesFormat.text,
) -> None:
    """List the rule codes that `check` and `extract` report; with a CODE, explain that rule."""
    from .diagnostics import BY_CODE
    from .lint.rule_docs import rule_markdown, rules_markdown, rules_table

    if code is not None:
        if code.upper() not in BY_CODE:
            _fail("rules", f"unknown rule code {code!r} (see `minutes-extract rules`)", ExitCode.USAGE)
        sys.stdout.write(rule_markdown(code.upper()))
    elif output_format is RulesFormat.markdown:
        sys.stdout.write(rules_markdown())
    else:
        for row_code, name, level, summary in rules_table():
            sys.stdout.write(f"{row_code}  {name:<33} {level:<8} {summary}\n")


@app.command()
def schema(output: OutputOption = None) -> None:
    """Print the JSON Schema of the extract output (generated from the pydantic models)."""
    from .files import write_output
    from .schema import schema_json

    _guarded("schema", lambda: write_output(schema_json().encode("utf-8"), output))


def main(argv: list[str] | None = None) -> int:
    """Run the command line (`argv`, or the process's arguments) and return its exit code, so
    tests and programs that embed the tool need no subprocess."""
    # pdfminer (under pdfplumber) logs its complaints about broken PDFs; the error that
    # matters reaches the user as one line of ours.
    logging.getLogger("pdfminer").setLevel(logging.CRITICAL)
    try:
        app(args=argv, prog_name="minutes-extract")
    except SystemExit as exit_:
        code = exit_.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except KeyboardInterrupt:
        sys.stderr.write("minutes-extract: interrupted\n")
        return 130
    return 0
