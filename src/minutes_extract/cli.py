"""The `minutes-extract` command: a thin typer layer over the public API.

No `from __future__ import annotations` here: typer reads every command's annotations on each
run, and strings would be compiled and evaluated each time (~14 ms of every start-up).
"""

import gc
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar

import typer

from . import formats
from ._version import __version__
from .errors import ExitCode, InputError
from .export import OutputFormat
from .inputs.document import DEFAULT_MAX_SIZE, DEFAULT_MEMORY, DEFAULT_TIMEOUT, ReadOptions
from .inputs.pdf import ENGINE_NAMES
from .lint import REPORT_FORMATS as CHECK_FORMATS

T = TypeVar("T")
MB = 1024 * 1024
# Plain help, as ruff and git print it: flags as flags (`--bom`, not `--bom <bool>`), choices
# and placeholders (FILE, PATH, N) as written here; shell completion as typer gives it.
app = typer.Typer(
    name="minutes-extract",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _one_of(*allowed: str) -> Callable[[str], str]:
    """A choice checked by us: typer's own conversion words its errors as pydantic does
    ("Value error, …"); ours says what is allowed, in one line."""

    def check(value: str | None) -> str | None:
        if value is not None and value not in allowed:
            raise typer.BadParameter(f"{value!r} is not one of {', '.join(allowed)}")
        return value

    return check


def _choice(*names: str, allowed: tuple[str, ...], help: str,
            hidden: bool = False) -> typer.models.OptionInfo:
    return typer.Option(*names, metavar="|".join(allowed), callback=_one_of(*allowed), help=help,
                        hidden=hidden)


_ENGINE_HELP = "PDF engine: pdfium (fast, default) or pdfplumber; both give the same text."


def _fail(path: str, problem: str, code: ExitCode) -> NoReturn:
    sys.stderr.write(f"minutes-extract: error: {path}: {problem}\n")
    raise typer.Exit(int(code))


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
    "Parse minutes files into meeting → speaker turns → remarks, with diagnostics.\n\n"
    "Prints JSON on standard output unless --output names a file. Text input may be UTF-8 (with "
    "or without BOM), UTF-16 with BOM, or CP949/EUC-KR, with any line endings; page furniture is "
    "removed and reported. A PDF (recognised by content) is read page by page, its running "
    "headers and footers removed, and every span records its pages; pages without a text layer "
    "are read by OCR (--ocr). HWP 5, HWPX and HTML files (told by content) are read too.\n\n"
    "A file in which no speaker turn is found is still written, with a warning on standard error, "
    "and the exit code is 9 (0 with --allow-empty)."
)


OutputOption = Annotated[str | None, typer.Option(
    "--output", "-o", metavar="PATH", help="Write to this file instead of standard output (atomically).")]
EncodingOption = Annotated[
    str | None, typer.Option("--encoding", "-e", metavar="NAME", help="Read a text input in this encoding "
                             "instead of detecting it (utf-8, utf-16, cp949, euc-kr, …).")
]
ENGINES = ENGINE_NAMES
EngineOption = Annotated[str, _choice("--pdf-engine", allowed=ENGINES, help=_ENGINE_HELP)]
EncodingErrorsOption = Annotated[str, _choice(
    "--encoding-errors", allowed=("strict", "replace"), help="Text input with bytes that do not decode: "
    "strict (an error, exit 4) or replace (read on, each bad byte as U+FFFD, one IN012 warning per run "
    "naming its line).")]
VersionOption = Annotated[bool, typer.Option(
    "--version", callback=_version, is_eager=True, help="Show the version and exit.")]

OCR_MODES = ("auto", "never", "force")
OcrOption = Annotated[str, _choice("--ocr", allowed=OCR_MODES, help=(
    "PDF pages read by OCR (tesseract with its Korean model, installed apart: apt install "
    "tesseract-ocr tesseract-ocr-kor): auto, the pages without a text layer (default); never; "
    "force, every page."))]
PasswordOption = Annotated[str | None, typer.Option(
    "--password", metavar="TEXT", help="Password of an encrypted PDF.")]
TimeoutOption = Annotated[float, typer.Option(
    "--timeout", min=0.1, metavar="SECONDS", help="Seconds a file (PDF, HWP, HTML) may take to read "
    "before it is given up (exit 10).")]
MemoryOption = Annotated[int, typer.Option(
    "--max-memory", min=64, metavar="MB",
    help="Megabytes of memory a file may take to read (exit 10 beyond).")]
SizeOption = Annotated[int, typer.Option(
    "--max-size", min=1, metavar="MB", help="Megabytes of input read at most (exit 10 beyond).")]
AllowEmptyOption = Annotated[bool, typer.Option(
    "--allow-empty", help="Exit 0 also for a file in which no speaker turn is found (default: exit 9).")]


# The choices come from the library: the formats, the output formats, the check formats.
PROFILES = (formats.AUTO, *formats.names())
CHECK_FORMAT_NAMES = ("text", *CHECK_FORMATS)
DETECT, GROUPED = formats.AUTO, "text"


ProfileOption = Annotated[str, _choice(
    "--format-profile", allowed=PROFILES, help="Minutes format: auto (detect), seoul-committee (〈…〉 "
    "headers) or assembly (◯/○ speaker lines of the National Assembly and local councils).")]


def _guarded(file: str, work: Callable[[], T]) -> T:
    """Run a command's work; any failure becomes one line on stderr and an exit code."""
    try:
        return work()
    except BrokenPipeError:
        raise  # the reader of our output went away (`| head`): the parser says so quietly
    except InputError as err:
        _fail(err.path, err.problem, err.exit_code)
    except Exception as exc:  # a bug: still one line, never a traceback
        _fail(file, f"internal error: {type(exc).__name__}: {exc} (please report this)", ExitCode.INTERNAL)


@app.callback(help=_MAIN_HELP)
def main_options(version: VersionOption = False) -> None:
    """Global options; the commands do the work."""


FORMAT_NAMES = tuple(f.value for f in OutputFormat)


@app.command(help=_EXTRACT_HELP)
def extract(
    files: Annotated[list[str], typer.Argument(
        metavar="FILE", help="Minutes files (text, Markdown, PDF, HWP, HWPX, HTML); '-' reads standard "
        "input. Several files give one JSON array, JSON Lines or one CSV table.")],
    output: OutputOption = None,
    fmt: Annotated[str, _choice("--format", "-f", allowed=FORMAT_NAMES, help=(
        "json: the full tree; jsonl: one line per meeting; csv: one row per remark; tei: TEI XML "
        "(Parla-CLARIN); xlsx: an Excel workbook (needs -o FILE and the extra minutes-extract[xlsx])."
    ))] = "json",
    bom: Annotated[
        bool, typer.Option("--bom", help="Start the output with a UTF-8 byte-order mark (for Excel and CSV).")
    ] = False,
    encoding: EncodingOption = None,
    encoding_errors: EncodingErrorsOption = "strict",
    pdf_engine: EngineOption = "pdfium",
    ocr: OcrOption = "auto",
    password: PasswordOption = None,
    profile: ProfileOption = DETECT,
    allow_empty: AllowEmptyOption = False,
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
    max_memory: MemoryOption = DEFAULT_MEMORY,
    max_size: SizeOption = DEFAULT_MAX_SIZE // MB,
    version: VersionOption = False,
) -> None:
    """Parse files and write their records (help text: _EXTRACT_HELP)."""
    from .api import no_turns_reason, parse_file
    from .export import EXPORTERS, check_destination, join_outputs
    from .export.stream import STREAMERS
    from .files import refuse_overwriting, write_output

    # One file per process and a tree without reference cycles: the cyclic collector would
    # only rescan the whole tree (a third of the run on large files) for nothing to free.
    gc.disable()
    _refuse_folders(files)
    fmt_ = OutputFormat(fmt)
    _guarded(files[0], lambda: refuse_overwriting(output, files))
    _guarded(files[0], lambda: check_destination(fmt_, output, bom, len(files)))
    options = _read_options(encoding, encoding_errors, pdf_engine, ocr, password, timeout, max_memory,
                            max_size)
    parts: list[bytes] = []
    failed: list[int] = []
    for file in files:
        def work(file: str = file) -> bytes:
            record = parse_file(file, profile=profile, options=options)
            empty = no_turns_reason(record)
            if empty is not None and not allow_empty:
                sys.stderr.write(f"minutes-extract: warning: {file}: {empty}\n")
                failed.append(ExitCode.NO_MINUTES)
            if len(files) == 1 and fmt_ in STREAMERS:  # written turn by turn, never whole in memory
                return STREAMERS[fmt_](record)  # type: ignore[return-value]
            return EXPORTERS[fmt_](record)

        code = _attempt(file, lambda work=work: parts.append(work()))
        if code:
            failed.append(code)
    if parts:
        _guarded(files[0], lambda: write_output(join_outputs(fmt_, parts), output, bom=bom))
    if failed:
        raise typer.Exit(int(next((c for c in failed if c != ExitCode.NO_MINUTES), failed[0])))


def _read_options(encoding: str | None, encoding_errors: str, pdf_engine: str, ocr: str,
                  password: str | None, timeout: float, max_memory: int, max_size_mb: int) -> ReadOptions:
    """The reading options of the commands that read one file at a time, from their flags."""
    return ReadOptions(encoding, pdf_engine, password, timeout, max_memory, max_size_mb * MB, ocr=ocr,
                       encoding_errors=encoding_errors)


def _refuse_folders(files: list[str]) -> None:
    """A folder is for the commands made for many files: say which, before reading anything."""
    for name in files:
        if name != "-" and Path(name).is_dir():
            _fail(name, "is a directory: use `minutes-extract batch DIR -o OUT` to process a folder, or "
                  "`minutes-extract check DIR` to check one", ExitCode.NOT_READABLE)


def _attempt(file: str, work: Callable[[], object]) -> int:
    """Run one file's work; a failure is one line on stderr and its exit code, and the next
    file is still done (one bad file never stops the others)."""
    try:
        work()
    except BrokenPipeError:
        raise  # the reader of our output went away (`| head`): the parser says so quietly
    except InputError as err:
        sys.stderr.write(f"minutes-extract: error: {err.path}: {err.problem}\n")
        return int(err.exit_code)
    except Exception as exc:  # a bug: still one line, never a traceback
        sys.stderr.write(f"minutes-extract: error: {file}: internal error: {type(exc).__name__}: {exc} "
                         "(please report this)\n")
        return int(ExitCode.INTERNAL)
    return 0


@app.command(help=(
    "Print the clean text the parser sees: for a PDF, running headers and footers removed and "
    "wrapped lines joined into paragraphs; for text, normalised with page furniture removed."
))
def text(
    file: Annotated[str, typer.Argument(
        metavar="FILE", help="Minutes file (any kind extract reads); '-' reads standard input.")],
    output: OutputOption = None,
    page_markers: Annotated[
        bool, typer.Option("--page-markers", help="Put a line '\\f\\[page N]' before the first paragraph "
                           "that starts on each PDF page.")
    ] = False,
    encoding: EncodingOption = None,
    encoding_errors: EncodingErrorsOption = "strict",
    pdf_engine: EngineOption = "pdfium",
    ocr: OcrOption = "auto",
    password: PasswordOption = None,
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
    max_memory: MemoryOption = DEFAULT_MEMORY,
    max_size: SizeOption = DEFAULT_MAX_SIZE // MB,
    version: VersionOption = False,
) -> None:
    """Print the clean text of one file (help text above)."""
    from .api import clean_text
    from .files import refuse_overwriting, write_output

    _refuse_folders([file])

    def work() -> None:
        refuse_overwriting(output, [file])
        options = _read_options(encoding, encoding_errors, pdf_engine, ocr, password, timeout, max_memory,
                                max_size)
        cleaned = clean_text(file, options, page_markers)
        write_output(cleaned.encode("utf-8"), output)

    _guarded(file, work)


@app.command(help=(
    "Write a review page: one self-contained HTML file (no network) with the clean source text, "
    "each line coloured by what it became, beside the record extract gives, linked both ways; "
    "diagnostics, a speaker filter and a search box. Standard output unless --output names a file."
))
def review(
    file: Annotated[str, typer.Argument(metavar="FILE", help="Minutes file; '-' reads standard input.")],
    output: OutputOption = None,
    encoding: EncodingOption = None,
    encoding_errors: EncodingErrorsOption = "strict",
    pdf_engine: EngineOption = "pdfium",
    ocr: OcrOption = "auto",
    password: PasswordOption = None,
    profile: ProfileOption = DETECT,
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
    max_memory: MemoryOption = DEFAULT_MEMORY,
    max_size: SizeOption = DEFAULT_MAX_SIZE // MB,
    version: VersionOption = False,
) -> None:
    """Write the review page of one file (help text above)."""
    from .api import no_turns_reason
    from .files import refuse_overwriting, write_output
    from .review import review_file

    _refuse_folders([file])

    def work() -> str | None:
        refuse_overwriting(output, [file])
        options = _read_options(encoding, encoding_errors, pdf_engine, ocr, password, timeout, max_memory,
                                max_size)
        page, record = review_file(file, options, profile)
        write_output(page.encode("utf-8"), output)
        return no_turns_reason(record)

    empty = _guarded(file, work)
    if empty is not None:  # the page is written: it shows the clerk why
        sys.stderr.write(f"minutes-extract: warning: {file}: {empty}\n")


def _codes(values: list[str] | None) -> tuple[str, ...]:
    return tuple(code.strip() for value in values or [] for code in value.split(",") if code.strip())


@app.command(help=(
    "Check minutes files (text, Markdown, PDF, HWP, HTML; directories are searched; '-' reads "
    "standard input) and print findings as `path:line:col: CODE message`. Exit 0: nothing at "
    "or above --fail-on; 1: findings; 2: usage error or unreadable input. Options override "
    "[tool.minutes-extract] in a pyproject.toml or a minutes-extract.toml found upward from each "
    "file. --fix reports on standard error what it changed: `FILE: 3 fixed (IN004 ×2, IN008), "
    "1 remaining` per file, then `Fixed 3 findings in 1 file, 1 remaining.`"
))
def check(
    paths: Annotated[list[str], typer.Argument(
        metavar="PATH", help="Files or directories to check; '-' reads standard input.")],
    select: Annotated[list[str] | None, typer.Option(
        "--select", metavar="CODES",
        help="Only these rule codes or prefixes (ST, MD001, …); repeat or comma-separate.",
    )] = None,
    ignore: Annotated[list[str] | None, typer.Option(
        "--ignore", metavar="CODES", help="Skip these rule codes or prefixes.")] = None,
    exclude: Annotated[list[str] | None, typer.Option(
        "--exclude", metavar="GLOB", help="Leave out the files a folder or pattern yields that match "
        "this glob (by path from the current directory, by name, or by a folder above); repeat. "
        "Replaces `exclude` of the configuration. A file named on the command line is still checked.",
    )] = None,
    severity: Annotated[str | None, _choice(
        "--severity", allowed=("info", "warning", "error"),
        help="Show findings at or above: info, warning (default) or error.")] = None,
    fail_on: Annotated[str | None, _choice(
        "--fail-on", allowed=("info", "warning", "error", "never"),
        help="Fail on findings at or above: info, warning (default), error or never.")] = None,
    fix: Annotated[bool, typer.Option(
        "--fix", help="Apply the safe fixes (line endings, encoding, whitespace, look-alike "
        "brackets and bullets, page-break continuations) in place, atomically.")] = False,
    show_diff: Annotated[bool, typer.Option(
        "--diff", help="Print what --fix would change, without writing.")] = False,
    fmt: Annotated[str | None, _choice(
        "--format", "-f", allowed=CHECK_FORMAT_NAMES, help="text (default: grouped by file, each line "
        "shown), concise (one `path:line:col: CODE message` line each), json, github (workflow "
        "annotations), sarif (SARIF 2.1.0 for code scanning) or junit (one test case per file).",
    )] = None,
    output_format: Annotated[str | None, _choice(
        "--output-format", allowed=CHECK_FORMAT_NAMES, hidden=True, help="")] = None,
    output: Annotated[str | None, typer.Option(
        "--output", "-o", metavar="FILE", help="Write the report to this file (atomically) instead of "
        "standard output.")] = None,
    stdin_filename: Annotated[str | None, typer.Option(
        "--stdin-filename", metavar="NAME", help="The name standard input ('-') goes by in findings; "
        "its configuration is found upward from it.")] = None,
    workers: Annotated[int, typer.Option(
        "--workers", "-j", min=0, metavar="N", help="Files checked at once in worker processes (0: one "
        "per core; default 1). The report is the same.")] = 1,
    ocr: OcrOption = "auto",
    encoding_errors: EncodingErrorsOption = "strict",
    version: VersionOption = False,
) -> None:
    """Check files (help text above)."""
    from .lint.command import CheckRequest, run_check

    request = CheckRequest(
        paths=paths, overrides={"select": _codes(select), "ignore": _codes(ignore), "severity": severity,
                                "fail_on": fail_on, "exclude": tuple(exclude or ())},
        fix="write" if fix else "diff" if show_diff else None,
        output_format=fmt or output_format or GROUPED, output=output, stdin_filename=stdin_filename,
        workers=workers, read=ReadOptions(ocr=ocr, encoding_errors=encoding_errors))
    raise typer.Exit(_guarded("check", lambda: run_check(request)))


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
    out: Annotated[str, typer.Option("--output", "-o", metavar="DIR", help=(
        "Output folder (created); with --scheduler also an fsspec URL (s3://bucket/out, file:///data/out)."
    ))],
    inputs: Annotated[list[str] | None, typer.Argument(
        metavar="INPUT", help="Files, directories or glob patterns.")] = None,
    to: Annotated[list[str] | None, typer.Option(
        "--to", metavar="LIST", help="The outputs to write, several at once (hence not -f): jsonl "
        "(default), json, csv, sqlite, parquet (a folder per table; extra [parquet]), tei (a TEI file "
        "per input), xlsx (one workbook), html (review pages and an index); repeat or "
        "comma-separate.")] = None,
    from_list: Annotated[str | None, typer.Option(
        "--from-list", metavar="FILE", help="A file of input paths, one per line.")] = None,
    workers: Annotated[int, typer.Option(
        "--workers", "-j", min=0, metavar="N", help="Worker processes (default 0: one per core).")] = 0,
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
    encoding_errors: EncodingErrorsOption = "strict",
    bom: Annotated[bool, typer.Option(
        "--bom/--no-bom", help="Start each CSV file with a UTF-8 byte-order mark, so that spreadsheets "
        "read its Korean right (default: on).")] = True,
    pdf_engine: EngineOption = "pdfium",
    ocr: OcrOption = "auto",
    allow_empty: AllowEmptyOption = False,
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
    max_memory: MemoryOption = DEFAULT_MEMORY,
    max_size: SizeOption = DEFAULT_MAX_SIZE // MB,
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", metavar="ADDRESS", help="Run the chunks on a Dask cluster: tcp://HOST:PORT, or "
        "local:N for N local worker processes (extra [dask]; writes jsonl, parquet and json parts).")] = None,
    version: VersionOption = False,
) -> None:
    """Process an archive (help text above)."""
    from .batch import OUTPUTS, BatchOptions, run_batch
    from .batch.problems import BatchStop
    from .batch.progress import BarProgress, LogProgress, QuietProgress
    from .batch.remote import is_url
    from .batch.report import summary_text
    from .files import say_skipped

    outputs = _codes(to) or ("jsonl",)
    unknown = [name for name in outputs if name not in OUTPUTS]
    if unknown:
        _fail("batch", f"unknown output {', '.join(unknown)}: use {', '.join(OUTPUTS)}", ExitCode.USAGE)
    if not inputs and from_list is None:
        _fail("batch", "no input: give files, directories, patterns or --from-list", ExitCode.USAGE)
    out_url = out if is_url(out) else None
    if out_url and not scheduler:
        _fail("--output", f"{out}: a URL needs --scheduler (a local run writes to a folder)", ExitCode.USAGE)
    options = BatchOptions(inputs=tuple(inputs or ()), out=Path(out), to=tuple(dict.fromkeys(outputs)),
                           from_list=from_list, workers=workers, fail_fast=fail_fast, checksum=checksum,
                           retry_failed=retry_failed, prune=prune, wait=wait,
                           read=ReadOptions(pdf_engine=pdf_engine, timeout=timeout,
                                            max_memory=max_memory, max_size=max_size * MB, ocr=ocr,
                                            encoding_errors=encoding_errors),
                           csv_escape=csv_escape, csv_bom=bom, scheduler=scheduler, out_url=out_url)
    progress = QuietProgress() if quiet else BarProgress() if sys.stderr.isatty() else LogProgress()
    try:
        summary = run_batch(options, progress)
    except InputError as err:
        _fail(err.path, err.problem, err.exit_code)
    except BatchStop as stop:  # OUT not writable, held by another run, or its database damaged
        _fail(stop.path, stop.problem, stop.exit_code)
    for missing in summary.missing:
        sys.stderr.write(f"minutes-extract: error: {missing.path}: {missing.problem}\n")
    say_skipped(summary.dangling, summary.other_files)
    sys.stdout.write(summary_text(summary, options))
    raise typer.Exit(summary.exit_code(allow_empty))


@app.command()
def rules(
    code: Annotated[str | None, typer.Argument(
        metavar="[CODE]", help="Show one rule's documentation (e.g. ST004).")] = None,
    output_format: Annotated[str, _choice(
        "--format", "-f", allowed=("text", "markdown"),
        help="text (a table, default) or markdown (the documentation, as docs/rules.md).")] = "text",
    version: VersionOption = False,
) -> None:
    """List the rule codes that `check` and `extract` report; with a CODE, explain that rule."""
    from .diagnostics import BY_CODE
    from .lint.rule_docs import rule_markdown, rules_markdown, rules_table

    if code is not None:
        if code.upper() not in BY_CODE:
            _fail("rules", f"unknown rule code {code!r} (see `minutes-extract rules`)", ExitCode.USAGE)
        sys.stdout.write(rule_markdown(code.upper()))
    elif output_format == "markdown":
        sys.stdout.write(rules_markdown())
    else:
        for row_code, name, level, summary in rules_table():
            sys.stdout.write(f"{row_code}  {name:<33} {level:<8} {summary}\n")


@app.command()
def schema(output: OutputOption = None, version: VersionOption = False) -> None:
    """Print the JSON Schema of the extract output (generated from the pydantic models)."""
    from .files import write_output
    from .schema import schema_json

    _guarded("schema", lambda: write_output(schema_json().encode("utf-8"), output))


def command() -> int:
    """The entry of the `minutes-extract` program and of `python -m minutes_extract`: main() in
    a process of its own. pydantic looks for plugins (observability hooks) through every
    installed package's entry points when it builds its first validator: 20–30 ms of each run,
    for hooks a command-line run has no use for, so they are off unless the user sets
    PYDANTIC_DISABLE_PLUGINS (even empty). Programs that call main() keep their own setting."""
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    return main()


def main(argv: list[str] | None = None) -> int:
    """Run the command line (`argv`, or the process's arguments) and return its exit code, so
    tests and programs that embed the tool need no subprocess."""
    # pdfminer (under pdfplumber) logs its complaints about broken PDFs; the error that
    # matters reaches the user as one line of ours.
    logging.getLogger("pdfminer").setLevel(logging.CRITICAL)
    try:
        code = app(args=argv, prog_name="minutes-extract", standalone_mode=False)
    except (KeyboardInterrupt, typer.Abort):
        sys.stderr.write("minutes-extract: interrupted\n")
        return 130
    except typer.Exit as exit_:
        return int(exit_.exit_code)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    except Exception as exc:
        usage = _usage_error(exc)
        if usage is None:
            raise
        sys.stderr.write(f"minutes-extract: error: {usage}\n")
        return int(ExitCode.USAGE)
    return code if isinstance(code, int) else 0


def _usage_error(exc: Exception) -> str | None:
    """A command-line mistake (unknown option, bad value, missing argument) as one line naming
    the help to read, or None for any other exception. Told by shape (typer's parser errors
    carry `format_message` and exit code 2), whichever parser typer uses underneath."""
    if getattr(exc, "exit_code", None) != ExitCode.USAGE or not hasattr(exc, "format_message"):
        return None
    message = " ".join(str(exc.format_message()).split())
    context = getattr(exc, "ctx", None)
    where = getattr(context, "command_path", None) or "minutes-extract"
    return f"{message} (see `{where} --help`)"
