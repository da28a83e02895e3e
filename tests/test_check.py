"""`minutes-extract check`: mutations of the reference give exactly the expected code at the
expected line; the unmodified reference passes; configuration and output formats."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import SAMPLES
from minutes_extract.cli import app
from minutes_extract.lint.config import CheckConfig, ConfigError, config_from
from minutes_extract.lint.run import check_paths

runner = CliRunner()


def mutate(text: str, line: int, new: str | None) -> str:
    """Replace (or with None, delete) 1-based line `line`."""
    lines = text.split("\n")
    if new is None:
        del lines[line - 1]
    else:
        lines[line - 1] = new
    return "\n".join(lines)


MUTATIONS = {
    # name: (line to change, new text or None to delete, expected code, expected line)
    "attendee removed": (16, " - 임규건 위원장, 김규호 위원, 김병준 위원, 김승주 위원, 김태진 위원, 박석 위원, "
                         "신희철 위원, 오영현 위원, 이경순 위원, 이정훈 위원, 이지은 위원, 인호 위원, 장병탁 위원, "
                         "조영임 위원, 이해경 디지털정책관, 이수연 복지기획관, 강요식 서울디지털재단 이사장", "MD001", 15),
    "wrong weekday": (13, "- ◆ 일 시 : 2022. 12. 20.(수) 10:00~12:10", "MD003", 13),
    "nested item deleted under (4건)": (48, None, "MD009", 44),  # the last, so 〔1〕〔2〕〔3〕 stays in order
    "header bracket left open": (36, "〈위원장", "ST006", 36),
    "duplicated header": (37, "〈위원장〉", "ST004", 37),
    "stray text before the first speaker": (26, "참고 자료는 별도로 배포함", "ST002", 26),
    "enumerator skipped": (48, " - 〔5〕 모바일 전자증명서 활성화", "ST012", 48),
}


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_mutation_gives_exactly_its_code(tmp_path: Path, reference_text: str, name: str) -> None:
    line, new, code, at = MUTATIONS[name]
    path = tmp_path / "minutes.txt"
    path.write_text(mutate(reference_text, line, new), encoding="utf-8")
    result = check_paths([str(path)], CheckConfig())
    assert [(f.code, f.line) for f in result.findings] == [(code, at)], name
    assert result.exit_code() == 1


def test_reference_passes(reference_path: Path) -> None:
    result = check_paths([str(reference_path)], CheckConfig())
    assert result.findings == [] and result.exit_code() == 0
    every = check_paths([str(reference_path)], CheckConfig(severity="info"))
    assert {f.code for f in every.findings} >= {"ST005"}


def test_cli_formats_and_exit_codes(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("〈위원장〉\n\n- 개회\n\n〈위원장〉\n\n- 산회\n", encoding="utf-8")
    text = runner.invoke(app, ["check", str(bad)])
    assert text.exit_code == 1
    assert f"{bad}:5:1: ST004" in text.stdout
    data = json.loads(runner.invoke(app, ["check", "--output-format", "json", str(bad)]).stdout)
    assert data["findings"][0]["code"] == "ST004" and data["files"] == 1
    github = runner.invoke(app, ["check", "--output-format", "github", str(bad)]).stdout
    assert github.startswith(f"::warning file={bad},line=5,col=1,title=ST004")
    sarif = json.loads(runner.invoke(app, ["check", "--output-format", "sarif", str(bad)]).stdout)
    assert sarif["version"] == "2.1.0"
    result = sarif["runs"][0]["results"][0]
    assert result["ruleId"] == "ST004"
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 5
    assert sarif["runs"][0]["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "ST004"
    from xml.etree import ElementTree as ET

    junit = ET.fromstring(runner.invoke(app, ["check", "--output-format", "junit", str(bad)]).stdout)
    assert junit.get("failures") == "1" and "ST004" in junit.find("testsuite/testcase/failure").text
    assert runner.invoke(app, ["check", "--ignore", "ST004", str(bad)]).exit_code == 0
    assert runner.invoke(app, ["check", "--fail-on", "error", str(bad)]).exit_code == 0
    assert runner.invoke(app, ["check", "--select", "MD", str(bad)]).exit_code == 0
    assert runner.invoke(app, ["check", "--select", "NOPE1", str(bad)]).exit_code == 2
    assert runner.invoke(app, ["check", str(tmp_path / "missing.txt")]).exit_code == 2
    assert runner.invoke(app, ["check", str(SAMPLES)]).exit_code == 0
    assert "ST004" in runner.invoke(app, ["rules"]).stdout


def test_configuration_files(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.minutes-extract]\nignore = ["ST004"]\n', encoding="utf-8")
    folder = tmp_path / "minutes"
    folder.mkdir()
    bad = folder / "bad.txt"
    bad.write_text("〈위원장〉\n\n- 개회\n\n〈위원장〉\n\n- 산회\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "minutes_extract", "check", str(bad)], capture_output=True, timeout=60)
    assert done.returncode == 0, done.stdout
    (folder / "minutes-extract.toml").write_text('select = ["ST004", "XX123"]\n', encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "minutes_extract", "check", str(bad)], capture_output=True, timeout=60)
    assert done.returncode == 2 and b"XX123" in done.stderr
    with pytest.raises(ConfigError):
        config_from({"colour": "red"}, "test")


def test_fix_round_trips(tmp_path: Path, reference_text: str) -> None:
    import variants
    from minutes_extract import parse_file

    messy = variants.with_line_endings(variants.other_brackets(variants.odd_whitespace(reference_text)), "\r\n")
    path = tmp_path / "messy.txt"
    # U+2329 has no CP949 code (nor has the NBSP): such files come as UTF-16 with BOM
    path.write_bytes(messy.encode("utf-16"))
    before = variants.content(parse_file(path))
    fixed_codes = ["IN001", "IN002", "IN003", "IN004", "IN005", "IN006", "IN007", "ST005"]
    found = check_paths([str(path)], CheckConfig(select=tuple(fixed_codes), severity="info"))
    assert {f.code for f in found.findings} >= {"IN001", "IN002", "IN003", "IN004", "IN005", "IN006", "ST005"}
    preview = runner.invoke(app, ["check", "--diff", str(path)])
    assert preview.stdout.startswith(f"--- {path}") and path.read_bytes() == messy.encode("utf-16")
    done = runner.invoke(app, ["check", "--fix", "--severity", "info", "--select", ",".join(fixed_codes), str(path)])
    assert done.exit_code == 0, done.stdout
    assert done.stdout.strip().endswith("0 finding(s) in 1 file(s)")
    assert path.read_bytes().decode("utf-8")  # re-encoded to UTF-8
    assert variants.content(parse_file(path)) == before
    again = runner.invoke(app, ["check", "--diff", str(path)])
    assert "---" not in again.stdout  # nothing left to fix


def test_human_output_groups_by_file_and_shows_the_line(tmp_path: Path) -> None:
    from minutes_extract.lint.rule_docs import BY_RULE

    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_bytes(BY_RULE["ST013"].bad_bytes())
    second.write_text(BY_RULE["IN004"].bad.replace("- 안건은 다음과 같습니다.", "- 안건은 다음과 같습니다.  "),
                      encoding="utf-8")
    done = runner.invoke(app, ["check", "--severity", "info", str(first), str(second)])
    assert done.exit_code == 1
    out = done.stdout.splitlines()
    assert out[0] == str(first) and out[1].startswith(f"{first}:12:1: ST013 ")
    assert out[2].split("│")[1].strip() == "• 회의를 시작하겠습니다."  # the offending line
    assert out[3].strip() == "^"
    # one finding per line a normalisation stands for, with the column where it starts
    assert f"{second}:12:15: IN004" in done.stdout and f"{second}:13:16: IN004" in done.stdout
    assert out.index(str(second)) > 1 and out[-1] == "3 finding(s) in 2 file(s) (1 warning, 2 info)"
    concise = runner.invoke(app, ["check", "--output-format", "concise", str(first)]).stdout
    assert concise.splitlines()[0].startswith(f"{first}:12:1: ST013 ") and "│" not in concise
    data = json.loads(runner.invoke(app, ["check", "--output-format", "json", str(first)]).stdout)
    assert data["findings"][0]["source_line"] == "• 회의를 시작하겠습니다."


def test_pdf_findings_show_the_clean_text_line(tmp_path: Path) -> None:
    """PDF line numbers count lines of the clean text, and that line is what is shown."""
    import pypdfium2 as pdfium

    from conftest import ROOT
    from minutes_extract.api import clean_text

    source = ROOT / "tests" / "fixtures" / "pdf" / "seoul-short.glyph-spaces-words.pdf"
    result = check_paths([str(source)], CheckConfig(severity="info"))
    lines = clean_text(source).split("\n")
    assert result.findings and all(f.source_line == lines[f.line - 1] for f in result.findings)
    assert pdfium  # the fixture opens with the default engine


def test_each_file_is_checked_under_its_own_configuration(tmp_path: Path) -> None:
    """`check a b` and `check b a` give the same findings when b/ has its own configuration."""
    doubled = "〈위원장〉\n\n- 개회\n\n〈위원장〉\n\n- 산회\n"
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "minutes.txt").write_text(doubled, encoding="utf-8")
    (tmp_path / "b" / "minutes-extract.toml").write_text('ignore = ["ST004"]\n', encoding="utf-8")
    outputs = []
    for order in (["a", "b"], ["b", "a"]):
        done = subprocess.run([sys.executable, "-m", "minutes_extract", "check", "--output-format", "json",
                               *(str(tmp_path / name) for name in order)], capture_output=True, timeout=60)
        assert done.returncode == 1, done.stderr  # a/ still fails on ST004
        outputs.append(sorted((f["path"], f["code"]) for f in json.loads(done.stdout)["findings"]))
    assert outputs[0] == outputs[1] == [(str(tmp_path / "a" / "minutes.txt"), "ST004")]
    # fail-on is per file too: b/ alone passes, whatever is given beside it on the command line
    alone = subprocess.run([sys.executable, "-m", "minutes_extract", "check", str(tmp_path / "b")],
                           capture_output=True, timeout=60)
    assert alone.returncode == 0, alone.stdout
    # command-line options override every file's configuration
    selected = runner.invoke(app, ["check", "--output-format", "json", "--select", "ST004",
                                   str(tmp_path / "b"), str(tmp_path / "a")])
    assert json.loads(selected.stdout)["findings"] == json.loads(runner.invoke(
        app, ["check", "--output-format", "json", str(tmp_path / "a")]).stdout)["findings"]


def test_human_output_of_many_files_prints_every_finding_once_in_order() -> None:
    """Printed in batches of lines (one rich call each): a batch boundary neither drops,
    repeats nor reorders a line — the same text as the files printed one rich call a line."""
    import io

    from rich.console import Console
    from rich.text import Text

    from minutes_extract.lint.formatters import _LINES_PER_PRINT, print_human, summary
    from minutes_extract.lint.run import CheckResult, Finding

    files = _LINES_PER_PRINT // 4 + 7  # a file's group is 1 + 3 a finding + 1 blank lines
    findings = [Finding(f"f{n}.txt", 3, 2, "IN004", "trailing-whitespace", "info",
                        f"trailing whitespace removed {n}", f"- 말 {n} ") for n in range(files)]
    result = CheckResult(findings=findings, files=files)
    batched = io.StringIO()
    print_human(result, Console(file=batched, highlight=False, soft_wrap=True, width=100))
    one_by_one = io.StringIO()
    console = Console(file=one_by_one, highlight=False, soft_wrap=True, width=100)
    for f in findings:
        console.print(Text(f.path))
        console.print(f"{f.path}:3:2: IN004 {f.message}", markup=False)
        console.print(f"     3 │ - 말 {f.message.split()[-1]} ", markup=False)
        console.print(" " * 10 + "^")
        console.print()
    console.print(summary(result))
    assert batched.getvalue() == one_by_one.getvalue()


@pytest.mark.parametrize("files", [0, 1, 3])
def test_a_clean_check_prints_what_rich_prints_without_it(files: int, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """No finding: the one summary line is written without importing rich (a tenth of a
    clean `check`'s run), the same text rich prints when it does not style."""
    import io

    from rich.console import Console

    from minutes_extract.lint.formatters import print_human, render
    from minutes_extract.lint.run import CheckResult

    for name in ("TTY_COMPATIBLE", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    result = CheckResult(files=files)
    by_rich = io.StringIO()
    print_human(result, Console(file=by_rich, highlight=False, soft_wrap=True))
    print_human(result)  # standard output is captured: not a terminal
    assert capsys.readouterr().out == by_rich.getvalue() == render(result, "text", colour=False)
    assert by_rich.getvalue() == f"0 finding(s) in {files} file(s)\n"


@pytest.mark.parametrize("compatible", [None, "0", "1", "yes"])
@pytest.mark.parametrize("force", [None, "", "1"])
@pytest.mark.parametrize("terminal", [False, True])
def test_styling_is_decided_as_rich_decides(compatible: str | None, force: str | None, terminal: bool,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from rich.console import Console

    from minutes_extract.lint.formatters import _styled_stdout

    for name, value in (("TTY_COMPATIBLE", compatible), ("FORCE_COLOR", force)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    leader, follower = os.openpty()
    with open(follower, "w") if terminal else open(os.devnull, "w") as stream:
        monkeypatch.setattr(sys, "stdout", stream)
        assert _styled_stdout() == Console().is_terminal
    os.close(leader)
    if not terminal:
        os.close(follower)


def test_a_clean_check_imports_no_rich(tmp_path: Path) -> None:
    code = ("import sys\nfrom minutes_extract.cli import main\n"
            f"code = main(['check', {str(SAMPLES / 'seoul-short.txt')!r}])\n"
            "print('rich' in sys.modules, code)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == ["0 finding(s) in 1 file(s)", "False 0"]


def test_a_clean_check_with_its_output_closed_still_succeeds() -> None:
    """Started with standard output closed (Python then has no sys.stdout), as rich does: the
    summary goes nowhere, the exit code is the check's."""
    import os

    done = subprocess.run([sys.executable, "-m", "minutes_extract", "check", str(SAMPLES / "seoul-short.txt")],
                          capture_output=True, text=True, check=False, preexec_fn=lambda: os.close(1))
    assert (done.returncode, done.stderr) == (0, "")
