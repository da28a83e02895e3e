"""The CLI through typer's runner (output) and through a real subprocess (exit codes, stderr)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import SAMPLES
from minutes_extract import __version__
from minutes_extract.cli import app
from minutes_extract.export.csv import COLUMNS

runner = CliRunner()
SHORT = SAMPLES / "seoul-short.txt"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "minutes_extract", *args], input=stdin, capture_output=True, timeout=60
    )


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_help_on_every_command() -> None:
    for args in ([], ["extract"], ["schema"]):
        result = runner.invoke(app, [*args, "--help"])
        assert result.exit_code == 0, args
        assert "Usage" in result.output


def test_extract_json_to_stdout() -> None:
    result = runner.invoke(app, ["extract", str(SHORT)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= {"schema_version", "source", "meeting", "turns", "diagnostics"}
    assert data["source"]["format"] == "text"
    assert data["turns"]


def test_extract_output_file_and_jsonl(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(SHORT), "-f", "jsonl", "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0])["meeting"]["title"]


def test_extract_csv_with_bom(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["extract", str(SHORT), "--format", "csv", "--bom", "-o", str(out)])
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert tuple(rows[0]) == COLUMNS
    assert rows[0]["turn"] == "1" and rows[0]["remark"] == "1" and rows[0]["depth"] == "1"
    nested = [r for r in rows if r["depth"] == "2"]
    assert nested and all("." in r["remark"] for r in nested)


def test_schema_command() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["title"] == "MinutesRecord"


def test_subprocess_ok_and_stdin() -> None:
    done = run("extract", "-", stdin=SHORT.read_bytes())
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["source"]["path"] == "-"


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("missing", None, 3),
        ("empty.txt", b"", 5),
        ("nul.txt", b"abc\x00def", 4),
        ("bad.txt", b"\x80\x81\x82\x83\xfe\xff\x80\x80\x80", 4),
        ("broken.pdf", b"%PDF-1.4\n", 6),
    ],
)
def test_subprocess_bad_input(tmp_path: Path, name: str, content: bytes | None, code: int) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    done = run("extract", str(path))
    assert done.returncode == code
    err = done.stderr.decode("utf-8")
    assert err.count("\n") == 1, err
    assert str(path) in err
    assert "Traceback" not in err
    assert done.stdout == b""


def test_subprocess_directory_and_usage(tmp_path: Path) -> None:
    done = run("extract", str(tmp_path))
    assert done.returncode == 3
    assert "directory" in done.stderr.decode()
    usage = run("extract", "--format", "xml", str(SHORT))
    assert usage.returncode == 2
    assert b"Traceback" not in usage.stderr


def test_unwritable_output(tmp_path: Path) -> None:
    done = run("extract", str(SHORT), "-o", str(tmp_path / "no" / "such" / "dir.json"))
    assert done.returncode == 3
    assert "cannot write" in done.stderr.decode()
    assert "Traceback" not in done.stderr.decode()


def test_main_returns_the_exit_code_without_a_subprocess(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from minutes_extract.cli import main

    assert main(["--version"]) == 0
    assert __version__ in capsys.readouterr().out
    assert main(["extract", str(tmp_path / "missing.txt")]) == 3
    assert "no such file" in capsys.readouterr().err
    assert main(["no-such-command"]) == 2
    out = tmp_path / "short.json"
    assert main(["extract", str(SHORT), "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["turns"]


@pytest.mark.parametrize(("content", "why"), [
    # an HTML page is read as HTML: its one line of text (회의록) is judged, not its markup
    (b"<!DOCTYPE html>\n<html><body><p>\xed\x9a\x8c\xec\x9d\x98\xeb\xa1\x9d</p></body></html>\n", "only 1 line"),
    (b"Minutes of the meeting.\nNothing was decided.\n", "no Korean"),
    ("2024년 예시위원회 회의록\n".encode(), "only 1 line"),
])
def test_a_file_without_minutes_warns_and_exits_9(tmp_path: Path, content: bytes, why: str) -> None:
    path = tmp_path / "not-minutes.txt"
    path.write_bytes(content)
    done = run(*["extract", str(path), "-o", str(tmp_path / "out.json")])
    assert done.returncode == 9
    warning = done.stderr.decode()
    assert warning.count("\n") == 1 and warning.startswith(f"minutes-extract: warning: {path}: ")
    assert why in warning
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["turns"] == []  # still written
    allowed = run("extract", str(path), "--allow-empty")
    assert allowed.returncode == 0 and allowed.stderr == b""
