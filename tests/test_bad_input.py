"""Bad input: one clear error naming the file, the right exit code, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from minutes_extract import ExitCode, InputError, parse_bytes, parse_file, parse_text

BAD_BYTES = {
    "nul-bytes": (b"\xea\xb0\x80\x00\x00\x00abc\n", ExitCode.NOT_TEXT, "NUL"),
    "binary": (bytes(range(1, 32)) * 40, ExitCode.NOT_TEXT, "binary"),
    "undecodable": (b"\x80\x81\x82\x83\xfe\xff\x80\x80\x80abc", ExitCode.NOT_TEXT, "cannot be decoded"),
    "bad-utf16": (b"\xff\xfe\x00\xd8", ExitCode.NOT_TEXT, "utf-16"),
    "empty": (b"", ExitCode.EMPTY, "empty"),
    "whitespace-only": (b"  \n\r\n\t\n", ExitCode.EMPTY, "empty"),
    "bom-only": (b"\xef\xbb\xbf\n", ExitCode.EMPTY, "empty"),
    "pdf-header-only": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", ExitCode.PDF_UNREADABLE, "PDF"),
    "hwp": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ExitCode.NOT_TEXT, "HWP"),
}


@pytest.mark.parametrize("case", sorted(BAD_BYTES))
def test_bad_bytes(case: str) -> None:
    data, code, words = BAD_BYTES[case]
    with pytest.raises(InputError) as info:
        parse_bytes(data, "bad.txt")
    assert info.value.exit_code == code
    assert words in str(info.value)
    assert str(info.value).startswith("bad.txt: ")
    assert "\n" not in str(info.value)


def test_missing_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError) as missing:
        parse_file(tmp_path / "nope.txt")
    assert missing.value.exit_code == ExitCode.NOT_READABLE
    with pytest.raises(InputError) as directory:
        parse_file(tmp_path)
    assert directory.value.exit_code == ExitCode.NOT_READABLE
    assert "directory" in directory.value.problem


def test_forced_encoding(tmp_path: Path) -> None:
    path = tmp_path / "m.txt"
    path.write_bytes("〈위원장〉\n- 개회\n".encode("cp949"))
    assert parse_file(path, encoding="cp949").turns[0].remarks[0].text == "개회"
    with pytest.raises(InputError) as wrong:
        parse_file(path, encoding="utf-8")
    assert wrong.value.exit_code == ExitCode.NOT_TEXT
    with pytest.raises(InputError) as unknown:
        parse_file(path, encoding="no-such-codec")
    assert unknown.value.exit_code == ExitCode.USAGE


def test_no_structure_gives_empty_tree_and_diagnostics() -> None:
    record = parse_text("그냥 메모입니다.\n\n다른 줄.\n")
    assert record.turns == []
    codes = {d.code for d in record.diagnostics}
    assert "ST001" in codes
    assert [line.text for line in record.front_matter] == ["그냥 메모입니다.", "다른 줄."]
