"""The conventions of the tools people already use (ruff, sqlfluff, sqlite-utils), through a
real process: one name for the output format, several files to extract, one-line usage
errors, help that shows flags as flags and placeholders, --version everywhere, completion."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main

from conftest import SAMPLES
from minutes_extract import __version__
from minutes_extract.cli import app

SHORT = SAMPLES / "seoul-short.txt"
ASSEMBLY = SAMPLES / "assembly-committee.txt"
COMMANDS = ("extract", "text", "check", "batch", "rules", "schema")


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "minutes_extract", *map(str, args)], capture_output=True,
                          text=True, timeout=120, cwd=cwd, env={"COLUMNS": "100", "PATH": "/usr/bin:/bin"})


def test_extract_takes_several_files_as_json_lines() -> None:
    done = run("extract", SHORT, ASSEMBLY, "-f", "jsonl")
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["source"]["path"] for r in records] == [str(SHORT), str(ASSEMBLY)]


def test_several_files_as_one_json_array_and_one_csv_table() -> None:
    array = json.loads(run("extract", SHORT, ASSEMBLY).stdout)
    assert [len(r["turns"]) for r in array] == [len(json.loads(run("extract", p).stdout)["turns"])
                                                for p in (SHORT, ASSEMBLY)]
    rows = list(csv.reader(io.StringIO(run("extract", SHORT, ASSEMBLY, "-f", "csv").stdout)))
    alone = [list(csv.reader(io.StringIO(run("extract", p, "-f", "csv").stdout))) for p in (SHORT, ASSEMBLY)]
    assert rows[0] == alone[0][0] and rows.count(rows[0]) == 1  # one header
    assert rows[1:] == alone[0][1:] + alone[1][1:]


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    done = run("extract", SHORT, tmp_path / "missing.txt", ASSEMBLY, "-f", "jsonl")
    assert done.returncode == 3
    assert len(done.stdout.splitlines()) == 2
    assert done.stderr == f"minutes-extract: error: {tmp_path / 'missing.txt'}: no such file\n"


def test_a_directory_points_to_batch_and_check(tmp_path: Path) -> None:
    for command in ("extract", "text"):
        done = run(command, tmp_path)
        assert done.returncode == 3
        assert "is a directory: use `minutes-extract batch DIR -o OUT`" in done.stderr
        assert "`minutes-extract check DIR`" in done.stderr and done.stderr.count("\n") == 1


@pytest.mark.parametrize("args, said", [
    (("extract", SHORT, "-f", "yaml"), "Invalid value for '--format' / '-f': 'yaml' is not one of json"),
    (("extract", SHORT, "--pdf-engine", "mupdf"), "'mupdf' is not one of pdfium, pdfplumber"),
    (("text", SHORT, "--ocr", "sometimes"), "'sometimes' is not one of auto, never, force"),
    (("extract", SHORT, "--bogus"), "No such option: --bogus"),
    (("extract",), "Missing argument 'FILE'"),
    (("rules", "-f", "html"), "'html' is not one of text, markdown"),
])
def test_usage_errors_are_one_line_without_library_noise(args: tuple[str, ...], said: str) -> None:
    done = run(*args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("minutes-extract: error: ") and done.stderr.count("\n") == 1, done.stderr
    assert said in done.stderr and "--help`)" in done.stderr
    assert "Value error" not in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_flags_as_flags_placeholders_and_version(command: str) -> None:
    done = run(command, "--help")
    assert done.returncode == 0
    assert "<bool>" not in done.stdout and "<str>" not in done.stdout.split("Options:")[1]
    assert "--version" in done.stdout and "--help" in done.stdout
    version = run(command, "--version")
    assert version.returncode == 0 and version.stdout == f"minutes-extract {__version__}\n"


def test_help_texts_keep_their_words() -> None:
    """Markup-looking text such as [tool.minutes-extract] is printed, not eaten."""
    assert "[tool.minutes-extract]" in " ".join(run("check", "--help").stdout.split())
    extract = run("extract", "--help").stdout
    assert "-o, --output PATH" in extract and "--bom " in extract and "FILE" in extract
    assert "-f, --format json|jsonl|csv" in extract
    top = run("--help").stdout
    assert "--install-completion" in top and "--show-completion" in top
    assert "-j, --workers N" in run("batch", "--help").stdout


def test_extract_reads_on_past_bad_bytes_when_asked(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(SHORT.read_bytes().replace("개회".encode(), b"\xff\xfe", 1))
    assert run("extract", bad).returncode == 4
    done = run("extract", bad, "--encoding-errors", "replace")
    assert done.returncode == 0, done.stderr
    found = [d for d in json.loads(done.stdout)["diagnostics"] if d["code"] == "IN012"]
    line = next(n for n, text in enumerate(bad.read_bytes().split(b"\n"), 1) if b"\xff" in text)
    assert [d["line"] for d in found] == [line]


def test_utf16_without_bom_is_text_not_binary(tmp_path: Path) -> None:
    for codec in ("utf-16-le", "utf-16-be"):
        path = tmp_path / f"{codec}.txt"
        path.write_bytes(SHORT.read_text(encoding="utf-8").encode(codec))
        done = run("extract", path)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["turns"] == json.loads(run("extract", SHORT).stdout)["turns"]


def _readme_reference() -> dict[str, str]:
    """The README's CLI reference block, cut into one text per command (and "" for the top)."""
    readme = (SAMPLES.parent / "README.md").read_text(encoding="utf-8")
    block = readme.split("## CLI reference", 1)[1].split("```", 2)[1]
    sections: dict[str, str] = {}
    current = ""
    for line in block.splitlines():
        head = re.match(r"^  ([a-z]+) ", line + " ")
        if head and not line.startswith("    "):
            current = head.group(1)
        sections[current] = sections.get(current, "") + line + "\n"
    return sections


def test_the_readme_cli_reference_matches_the_commands() -> None:
    """Every visible option of every command is in its README section, and the README names
    no option a command does not have (hidden aliases aside)."""
    group = typer.main.get_command(app)
    sections = _readme_reference()
    assert set(sections) - {""} == set(group.commands)
    for name, command in {"": group, **group.commands}.items():
        options = [p for p in command.params if p.param_type_name == "option"]
        visible = {o for p in options if not getattr(p, "hidden", False) for o in p.opts + p.secondary_opts
                   if o.startswith("--")}
        known = {o for p in options for o in p.opts + p.secondary_opts}
        written = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", sections[name])) - {"--help"}
        assert visible - {"--help", "--version"} <= written, (name, visible - written)  # both: said once
        assert written <= known, (name, written - known)


def test_formats_of_one_meeting_take_one_file(tmp_path: Path) -> None:
    done = run("extract", SHORT, ASSEMBLY, "-f", "tei")
    assert done.returncode == 2 and done.stdout == ""
    assert "holds one meeting" in done.stderr and "--to tei" in done.stderr
