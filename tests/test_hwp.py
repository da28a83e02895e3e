"""HWP 5 and HWPX input: the fixtures of tools/make_hwp_fixtures.py (our samples and a
document with every object kind) read to the same text and records as the samples, their
stored preview text agrees with what is extracted, and protected or foreign files fail clearly."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES
from minutes_extract import ExitCode, InputError, parse_bytes
from minutes_extract.inputs import read_document
from minutes_extract.inputs.hwp.preview import comparable, preview_text

FIXTURES = ROOT / "tests" / "fixtures" / "hwp"
SAMPLE_FILES = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".txt", ".md"))
KINDS = ("hwp", "hwpx")
FEATURES_TEXT = """제1차 표본위원회 회의록
일시\t2025. 3. 4.(화)
장소\t본관 회의실
구분 | 성명
위원장 | 김가온
위원 |
이나래 | 출석
박다온 | 결석
◯위원장 김가온  회의를 시작하겠습니다.
이 회의는 공개로 진행되었음.
(참고 자료)
글상자 안의 안내문
◯위원 이나래  질의하겠습니다.
두 번째 줄입니다.
"""


def fixture(name: str) -> Path:
    path = FIXTURES / name
    assert path.is_file(), f"{path} missing: run tools/make_hwp_fixtures.py"
    return path


def preview(path: Path) -> str:
    """Hancom's preview text stored in the file: PrvText (UTF-16LE) or Preview/PrvText.txt."""
    return preview_text(path.read_bytes())


squeeze = comparable


def without_source(record: object) -> dict:
    return record.model_dump(mode="json", exclude={"source"})  # type: ignore[attr-defined]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=[p.name for p in SAMPLE_FILES])
def test_sample_gives_same_text_and_records(sample: Path, kind: str) -> None:
    path = fixture(f"{sample.stem}.{kind}")
    document = read_document(path.read_bytes(), str(path))
    assert document.source_format == kind
    assert document.text.rstrip("\n") == sample.read_text(encoding="utf-8").rstrip("\n")
    from_hwp = parse_bytes(path.read_bytes(), str(path))
    from_text = parse_bytes(sample.read_bytes(), str(sample))
    assert from_hwp.turns, sample.name
    assert without_source(from_hwp) == without_source(from_text)
    assert from_hwp.source.format == kind


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.hwp*")
                                        if p.stem in {s.stem for s in SAMPLE_FILES} | {"features"}))
def test_preview_agrees_with_extraction(name: str) -> None:
    path = fixture(name)
    shown = squeeze(preview(path))
    assert len(shown) > 50
    assert squeeze(read_document(path.read_bytes(), name).text).startswith(shown)


@pytest.mark.parametrize("kind", KINDS)
def test_objects_laid_out_as_specified(kind: str) -> None:
    """Tabs and line breaks kept; a table one row a line, cells ` | `, the nested table's rows
    after its row; the footnote and the text box after their paragraphs."""
    document = read_document(fixture(f"features.{kind}").read_bytes(), f"features.{kind}")
    assert document.text == FEATURES_TEXT
    assert document.diagnostics == ()


def test_hwpx_saved_as_hwp_is_read_as_hwpx() -> None:
    document = read_document(fixture("hwpx-named.hwp").read_bytes(), "hwpx-named.hwp")
    assert document.source_format == "hwpx"
    assert document.text == FEATURES_TEXT


@pytest.mark.parametrize(("name", "words"), [
    ("distribution.hwp", "배포용"),
    ("viewtext-only.hwp", "배포용"),
    ("password.hwp", "password"),
    ("not-hwp.doc", "not HWP 5"),
    ("not-hwpx.docx", "not HWPX"),
])
def test_refused_with_not_text(name: str, words: str) -> None:
    with pytest.raises(InputError) as info:
        parse_bytes(fixture(name).read_bytes(), name)
    assert info.value.exit_code == ExitCode.NOT_TEXT
    assert words in info.value.problem
    assert "이 문서는" not in info.value.problem


def test_encrypted_hwpx_refused() -> None:
    data = fixture("features.hwpx").read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item)
            if item.filename == "META-INF/manifest.xml":
                body = (b'<odf:manifest xmlns:odf="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
                        b'<odf:file-entry odf:full-path="Contents/section0.xml"><odf:encryption-data/>'
                        b"</odf:file-entry></odf:manifest>")
            elif item.filename == "Contents/section0.xml":
                body = bytes(range(256)) * 8  # what encrypted bytes look like
            dst.writestr(item, body)
    with pytest.raises(InputError) as info:
        parse_bytes(out.getvalue(), "locked.hwpx")
    assert info.value.exit_code == ExitCode.NOT_TEXT and "배포용" in info.value.problem


def test_hwpx_section_that_is_not_xml_refused() -> None:
    """Encrypted section bytes without a manifest saying so still give the clear error."""
    data = fixture("features.hwpx").read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item)
            dst.writestr(item, bytes(range(128, 256)) * 8 if item.filename.endswith("section0.xml") else body)
    with pytest.raises(InputError) as info:
        parse_bytes(out.getvalue(), "locked.hwpx")
    assert info.value.exit_code == ExitCode.NOT_TEXT and "배포용" in info.value.problem


def run(*args: str, prelude: str = "") -> subprocess.CompletedProcess[str]:
    code = f"{prelude}\nimport sys\nfrom minutes_extract.cli import main\nsys.exit(main({list(args)!r}))"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(("name", "code"), [
    ("distribution.hwp", 4), ("password.hwp", 4), ("not-hwp.doc", 4), ("not-hwpx.docx", 4),
    ("seoul-short.hwp", 0), ("seoul-short.hwpx", 0), ("hwpx-named.hwp", 0),
])
def test_cli_exit_codes(name: str, code: int) -> None:
    done = run("extract", str(fixture(name)))
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr
    if code:
        assert done.stderr.count("\n") == 1 and name in done.stderr
        assert done.stdout == ""
    else:
        assert '"format": "hwp' in done.stdout


def test_missing_extra_exits_12() -> None:
    """Without olefile an HWP 5 file says which extra to install; HWPX needs none."""
    block = "sys.modules['olefile'] = None"
    done = run("extract", str(fixture("seoul-short.hwp")), prelude=f"import sys\n{block}")
    assert done.returncode == ExitCode.NEEDS_EXTRA, done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "pip install 'minutes-extract[hwp]'" in done.stderr
    done = run("extract", str(fixture("seoul-short.hwpx")), prelude=f"import sys\n{block}")
    assert done.returncode == 0, done.stderr


def test_text_command_prints_the_document_text() -> None:
    """The clean text (tabs and runs of spaces read as one space, as for text input): the
    lines turns refer to."""
    done = run("text", str(fixture("features.hwp")))
    assert done.returncode == 0, done.stderr
    assert done.stdout == re.sub(r"[ \t]+", " ", FEATURES_TEXT)
