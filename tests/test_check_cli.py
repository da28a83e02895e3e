"""`check` as a CI job runs it, through a real process: report file, standard input, exclude,
workers, the fix report, JUnit, GitHub and SARIF locations for a PDF; and the encodings
(UTF-16 without BOM, --encoding-errors replace)."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

from conftest import ROOT, SAMPLES

DOUBLED = "〈위원장〉\n\n- 개회\n\n〈위원장〉\n\n- 산회\n"  # ST004 at line 5
PDF = ROOT / "tests" / "fixtures" / "pdf" / "seoul-short.glyph-spaces-words.pdf"


def run(*args: str, cwd: Path | None = None, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, "-m", "minutes_extract", "check", *args], capture_output=True,
                          timeout=120, cwd=cwd, input=stdin, env=env)


def findings(done: subprocess.CompletedProcess[bytes]) -> list[tuple[str, int, str]]:
    return [(f["path"], f["line"], f["code"]) for f in json.loads(done.stdout)["findings"]]


def test_report_file_is_written_and_never_onto_an_input(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text(DOUBLED, encoding="utf-8")
    report = tmp_path / "report.json"
    done = run("-f", "json", "-o", str(report), str(bad))
    assert done.returncode == 1 and done.stdout == b""
    assert findings_of_file(report) == [(str(bad), 5, "ST004")]
    grouped = run("-o", str(tmp_path / "report.txt"), str(bad))  # the people's format, without colour
    assert f"{bad}:5:1: ST004" in (tmp_path / "report.txt").read_text(encoding="utf-8")
    assert "\x1b[" not in (tmp_path / "report.txt").read_text(encoding="utf-8") and grouped.returncode == 1
    refused = run("-o", str(bad), str(tmp_path))  # an input found in the folder
    assert refused.returncode == 2 and b"is the input" in refused.stderr
    assert bad.read_text(encoding="utf-8") == DOUBLED
    old = run("--output-format", "json", str(bad))  # the old spelling still works, hidden from help
    assert findings(old) == [(str(bad), 5, "ST004")]
    assert b"--output-format" not in run("--help").stdout


def findings_of_file(report: Path) -> list[tuple[str, int, str]]:
    return [(f["path"], f["line"], f["code"]) for f in json.loads(report.read_text(encoding="utf-8"))["findings"]]


def test_standard_input_named_and_configured_by_stdin_filename(tmp_path: Path) -> None:
    folder = tmp_path / "quiet"
    folder.mkdir()
    (folder / "minutes-extract.toml").write_text('ignore = ["ST004"]\n', encoding="utf-8")
    data = DOUBLED.encode("utf-8")
    named = run("-f", "json", "-", "--stdin-filename", "minutes/a.txt", cwd=tmp_path, stdin=data)
    assert named.returncode == 1 and findings(named) == [("minutes/a.txt", 5, "ST004")]
    quiet = run("-f", "json", "-", "--stdin-filename", "quiet/a.txt", cwd=tmp_path, stdin=data)
    assert quiet.returncode == 0 and findings(quiet) == []
    assert findings(run("-f", "json", "-", cwd=tmp_path, stdin=data)) == [("-", 5, "ST004")]
    assert run("--fix", "-", cwd=tmp_path, stdin=data).returncode == 2


def test_exclude_from_option_and_configuration(tmp_path: Path) -> None:
    for name in ("keep/a.txt", "drafts/b.txt", "keep/c.draft.txt"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(DOUBLED, encoding="utf-8")
    every = run("-f", "json", ".", cwd=tmp_path)
    assert sorted(p for p, _, _ in findings(every)) == ["drafts/b.txt", "keep/a.txt", "keep/c.draft.txt"]
    # by folder name, and by file name
    left = run("-f", "json", "--exclude", "drafts", "--exclude", "*.draft.txt", ".", cwd=tmp_path)
    assert [p for p, _, _ in findings(left)] == ["keep/a.txt"]
    # by path from the current directory
    assert [p for p, _, _ in findings(run("-f", "json", "--exclude", "keep/*", ".", cwd=tmp_path))] == [
        "drafts/b.txt"]
    (tmp_path / "pyproject.toml").write_text('[tool.minutes-extract]\nexclude = ["drafts"]\n', encoding="utf-8")
    configured = run("-f", "json", ".", cwd=tmp_path)
    assert sorted(p for p, _, _ in findings(configured)) == ["keep/a.txt", "keep/c.draft.txt"]
    # a file named on the command line is checked all the same (as in ruff)
    assert findings(run("-f", "json", "drafts/b.txt", cwd=tmp_path)) == [("drafts/b.txt", 5, "ST004")]


def test_two_workers_give_the_findings_of_one(tmp_path: Path) -> None:
    for index in range(6):
        text = DOUBLED if index % 2 else (SAMPLES / "seoul-short.txt").read_text(encoding="utf-8") + "  \n"
        (tmp_path / f"m{index}.txt").write_text(text, encoding="utf-8")
    one = run("-f", "json", "--severity", "info", "-j", "1", str(tmp_path), str(PDF))
    two = run("-f", "json", "--severity", "info", "-j", "2", str(tmp_path), str(PDF))
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout and len(findings(one)) > 10


def test_fix_reports_what_it_changed_per_file(tmp_path: Path) -> None:
    messy = tmp_path / "messy.txt"
    messy.write_text("〈위원장〉\n\n- 개회합니다.  \n- 안건을 상정합니다.\t\n\n〈김철수 위원〉\n\n- 질문합니다.\n",
                     encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text(DOUBLED.replace("- 개회", "- 개회 "), encoding="utf-8")
    clean = tmp_path / "clean.txt"
    clean.write_text("〈위원장〉\n\n- 개회합니다.\n", encoding="utf-8")
    done = run("--fix", "-f", "json", "--severity", "info", str(messy), str(bad), str(clean))
    report = json.loads(done.stdout)  # standard output stays machine-readable
    remaining = {path: sum(1 for f in report["findings"] if f["path"] == str(path)) for path in (messy, bad)}
    assert remaining[bad] >= 1 and not any(f["code"] == "IN004" for f in report["findings"])
    err = done.stderr.decode("utf-8").splitlines()
    assert err == [f"{messy}: 3 fixed (IN004 ×2, IN005), {remaining[messy]} remaining",
                   f"{bad}: 1 fixed (IN004), {remaining[bad]} remaining",
                   f"Fixed 4 findings in 2 files, {len(report['findings'])} remaining."]
    assert clean.read_text(encoding="utf-8") == "〈위원장〉\n\n- 개회합니다.\n"
    bad.write_text(DOUBLED + "- 폐회  \n", encoding="utf-8")
    preview = run("--diff", str(bad))
    assert preview.stderr.decode("utf-8").splitlines() == [f"{bad}: 1 fixable (IN004)",
                                                           "Would fix 1 finding in 1 file."]
    assert preview.stdout.startswith(f"--- {bad}".encode()) and b"  \n" in bad.read_bytes()


def test_junit_has_one_testcase_per_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text(DOUBLED, encoding="utf-8")
    done = run("-f", "junit", "--severity", "info", str(bad), str(SAMPLES / "seoul-short.txt"),
               str(SAMPLES / "seoul-full.txt"))
    root = ET.fromstring(done.stdout)
    assert root.tag == "testsuites"
    suite = root.find("testsuite")
    cases = suite.findall("testcase")
    assert suite.get("tests") == "3" and len(cases) == 3 and suite.get("failures") == "1"
    by_name = {case.get("name"): case for case in cases}
    failing = by_name[str(bad)]
    assert "ST004" in failing.find("failure").text and "MD006" in failing.find("system-out").text
    assert by_name[str(SAMPLES / "seoul-full.txt")].find("failure") is None  # info below fail-on only


def test_pdf_findings_point_at_the_page_on_github_and_in_sarif() -> None:
    lines = subprocess.run([sys.executable, "-m", "minutes_extract", "text", str(PDF)], capture_output=True,
                           timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT / "src")}).stdout
    clean = lines.decode("utf-8").split("\n")
    github = run("-f", "github", "--severity", "info", str(PDF)).stdout.decode("utf-8").splitlines()
    assert github and all(",line=" not in a and ",col=" not in a for a in github)
    first = next(a for a in github if "(page " in a)
    assert "title=" in first and "line " in first and "of the clean text" in first
    sarif = json.loads(run("-f", "sarif", "--severity", "info", str(PDF)).stdout)
    results = sarif["runs"][0]["results"]
    for result in results:
        location = result["locations"][0]
        assert location["physicalLocation"]["region"] == {"startLine": 1}
        page, line = result["properties"]["page"], result["properties"]["cleanTextLine"]
        assert page >= 1 and location["logicalLocations"] == [{"name": f"page {page}", "kind": "page"}]
        assert result["message"]["text"].startswith(f"page {page}, line {line} of the clean text")
        if clean[line - 1].strip():
            assert f"«{clean[line - 1].strip()}»" in result["message"]["text"]
    text = run("-f", "sarif", "--severity", "info", str(SAMPLES / "seoul-short.txt")).stdout
    region = json.loads(text)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] > 1 and "startColumn" in region  # text keeps line and column


def extract(*args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, "-m", "minutes_extract", *args], capture_output=True, timeout=120,
                          env=env)


def test_utf16_without_bom_is_read_in_both_byte_orders(tmp_path: Path) -> None:
    from minutes_extract import parse_file

    for sample in ("seoul-short.txt", "assembly-committee.txt", "council-plenary.md"):
        text = (SAMPLES / sample).read_text(encoding="utf-8")
        expected = parse_file(SAMPLES / sample)
        for codec in ("utf-16-le", "utf-16-be"):
            path = tmp_path / f"{codec}-{sample}"
            path.write_bytes(text.encode(codec))
            record = parse_file(path)
            assert record.source.encoding == codec
            assert [t.speaker for t in record.turns] == [t.speaker for t in expected.turns]
            done = run("-f", "json", "--select", "IN001", "--severity", "info", str(path))
            assert done.returncode == 0 and findings(done) == [(str(path), 1, "IN001")]


def test_utf16_sniff_refuses_binary_and_odd_data() -> None:
    from minutes_extract.inputs.utf16 import utf16_codec

    assert utf16_codec(bytes(range(256)) * 64) is None  # NULs on both sides, controls
    assert utf16_codec(b"\x01\x00\x02\x00\x03\x00" * 500) is None  # one side, but controls
    assert utf16_codec("회의록\n".encode("utf-16-le") + b"\x00") is None  # odd length
    assert utf16_codec("가나다라".encode("utf-16-le")) is None  # no NUL: nothing to tell it by
    assert utf16_codec("〈위원장〉\n- 회의를 시작하겠습니다.\n".encode("utf-16-be") * 20) == "utf-16-be"
    # the wrong byte order: NULs on the other side, line breaks read as unassigned U+0A00
    assert utf16_codec("〈위원장〉\n- 회의를 시작하겠습니다.\n".encode("utf-16-le")[1:-1] + b"\x00\x00") is None


def test_encoding_errors_replace_names_each_replaced_run_by_line(tmp_path: Path) -> None:
    text = (SAMPLES / "seoul-short.txt").read_text(encoding="utf-8")
    data = text.encode("utf-8")
    lines = data.split(b"\n")
    lines[9] = lines[9][:6] + b"\xff\xfe" + lines[9][6:]  # line 10
    lines[14] = lines[14] + b"\x80"  # line 15
    path = tmp_path / "damaged.txt"
    path.write_bytes(b"\n".join(lines))
    strict = run(str(path))
    assert strict.returncode == 2 and b"--encoding-errors replace" in strict.stdout
    assert extract("extract", str(path)).returncode == 4
    done = run("-f", "json", "--encoding-errors", "replace", "--select", "IN012", str(path))
    assert done.returncode == 1 and findings(done) == [(str(path), 10, "IN012"), (str(path), 15, "IN012")]
    messages = [f["message"] for f in json.loads(done.stdout)["findings"]]
    assert messages[0].startswith("2 byte(s) not valid utf-8 (ff fe)") and "(80)" in messages[1]
    from minutes_extract.api import read_file
    from minutes_extract.inputs.document import ReadOptions

    document = read_file(path, ReadOptions(encoding_errors="replace"))
    shown = document.text.split("\n")
    assert "\ufffd\ufffd" in shown[9] and shown[14].endswith("\ufffd") and document.text.count("\ufffd") == 3
    # a file mostly not in any encoding is not "a few bad bytes"
    noise = tmp_path / "noise.txt"
    noise.write_bytes(random.Random(16).randbytes(4000).replace(b"\x00", b""))
    assert run("--encoding-errors", "replace", str(noise)).returncode == 2
