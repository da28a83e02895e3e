"""The `check` command's work, apart from its options: check, say what was fixed, write the
report. Kept out of cli.py so that the command line stays a thin layer."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import ExitCode, InputError
from ..files import STDIN, expand, refuse_overwriting, say_skipped, write_output
from ..inputs.document import ReadOptions
from .config import CheckConfig, ConfigError, with_overrides
from .formatters import fix_report, print_human, render
from .run import CheckResult, check_paths


@dataclass(frozen=True)
class CheckRequest:
    paths: list[str]
    overrides: Mapping[str, object]
    fix: str | None  # "write", "diff" or None
    output_format: str  # text, concise, json, github, sarif, junit
    output: str | None  # the report's file; None: standard output
    stdin_filename: str | None
    workers: int
    read: ReadOptions


def run_check(request: CheckRequest) -> int:
    """Check, report, and return the exit code. A bad option or configuration, --fix on
    standard input, or a report that would replace an input is an InputError (exit 2)."""
    try:
        with_overrides(CheckConfig(), **request.overrides)  # a bad option fails even with no file
        _refuse(request)
        result = check_paths(request.paths, overrides=request.overrides, read=request.read,
                             workers=request.workers, fix=request.fix, stdin_filename=request.stdin_filename)
    except ConfigError as err:
        raise InputError("configuration", str(err), ExitCode.USAGE) from None
    _say_what_was_fixed(result, request.fix)
    say_skipped(result.skipped, result.other_files)
    if request.output is None and request.output_format == "text":
        print_human(result)
    else:  # a file, or a machine-readable format: no colour
        write_output(render(result, request.output_format, colour=False).encode("utf-8"), request.output)
    return result.exit_code()


def _refuse(request: CheckRequest) -> None:
    if request.fix is not None and STDIN in request.paths:
        raise InputError(STDIN, "--fix and --diff rewrite files, not standard input", ExitCode.USAGE)
    if request.stdin_filename is not None and STDIN not in request.paths:
        raise InputError("--stdin-filename", "names standard input, which is read only with '-'",
                         ExitCode.USAGE)
    if request.output not in (None, STDIN):
        named = [p for p in request.paths if p != STDIN]
        refuse_overwriting(request.output, [*named, *map(str, expand(named).files)])


def _say_what_was_fixed(result: CheckResult, fix: str | None) -> None:
    """Patches (--diff) on standard output, as before; the fix report and the fixes left undone
    on standard error, so that a machine-readable report stays clean."""
    if fix is None:
        return
    for path, done, _ in result.fixes:
        if fix == "diff" and done.patch:
            sys.stdout.write(done.patch)
        for codes, why in done.fixes.refused:
            sys.stderr.write(f"minutes-extract: {path}: {codes} not fixed: {why}\n")
    sys.stderr.write(fix_report(result, write=fix == "write"))


