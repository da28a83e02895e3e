"""The same minutes in every form real archives deliver must give the same tree."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import variants
from conftest import SAMPLES
from minutes_extract import MinutesRecord, parse_bytes

SAMPLE_FILES = sorted(SAMPLES.glob("*.txt"))
# Wrapping and furniture variants are written for the 〈…〉 format; the ◯ format's text
# samples get the encoding and line-ending variants.
SEOUL_FILES = sorted(SAMPLES.glob("seoul-*.txt"))

TextVariant = Callable[[str], str]

TEXT_VARIANTS: dict[str, TextVariant] = {
    "crlf": lambda t: variants.with_line_endings(t, "\r\n"),
    "cr": lambda t: variants.with_line_endings(t, "\r"),
    "hard-wrapped": variants.hard_wrap,
    "hard-wrapped-indented": lambda t: variants.hard_wrap(t, width=30, indent="  "),
    "paged-form-feeds": variants.paginate,
    "paged-no-form-feeds": lambda t: variants.paginate(t, 17, "스마트도시위원회 - {n}", form_feed=False),
    "wrapped-and-paged": lambda t: variants.paginate(variants.hard_wrap(t, 45), 29),
    "odd-whitespace": variants.odd_whitespace,
    "other-brackets": variants.other_brackets,
    "everything": lambda t: variants.with_line_endings(
        variants.other_brackets(variants.paginate(variants.hard_wrap(variants.odd_whitespace(t), 50))),
        "\r\n",
    ),
}

ENCODINGS = {
    "utf-8-sig": "utf-8",
    "utf-16": "utf-16",
    "utf-16-be": None,
    "cp949": "cp949",
}


def _documents(reference: str | None, files: list[Path] = SEOUL_FILES) -> list[tuple[str, str]]:
    docs = [(p.name, p.read_text(encoding="utf-8")) for p in files]
    if reference is not None:
        docs.append(("reference", reference))
    return docs


@pytest.fixture(scope="module")
def documents(request: pytest.FixtureRequest) -> list[tuple[str, str]]:
    try:
        reference = request.getfixturevalue("reference_text")
    except pytest.skip.Exception:
        reference = None
    return _documents(reference)


def _parse(data: bytes) -> MinutesRecord:
    return parse_bytes(data, "variant")


@pytest.mark.parametrize("variant", sorted(TEXT_VARIANTS))
def test_text_variant_gives_same_tree(variant: str, documents: list[tuple[str, str]]) -> None:
    assert documents, "no documents to vary"
    for name, text in documents:
        expected = variants.content(_parse(text.encode("utf-8")))
        changed = TEXT_VARIANTS[variant](text)
        assert changed != text
        got = _parse(changed.encode("utf-8"))
        assert variants.content(got) == expected, f"{name} as {variant}"
        if "paged" in variant:
            assert got.source.furniture, f"{name}: furniture not reported"
            assert all(f.text and f.line for f in got.source.furniture)
            assert any(d.code == "IN010" for d in got.diagnostics)


@pytest.mark.parametrize("codec", sorted(ENCODINGS))
def test_encoding_gives_same_tree(codec: str, documents: list[tuple[str, str]]) -> None:
    others = [(p.name, p.read_text(encoding="utf-8")) for p in SAMPLE_FILES if p not in SEOUL_FILES]
    for name, text in [*documents, *others]:
        expected = variants.content(_parse(text.encode("utf-8")))
        if codec == "cp949" and "◯" in text:
            text = text.replace("◯", "○")  # U+25EF has no CP949 code: legacy files use ○
            expected = variants.content(_parse(text.encode("utf-8")))
        data = text.encode(codec)
        if codec == "utf-16-be":
            data = b"\xfe\xff" + data
        got = _parse(data)
        assert variants.content(got) == expected, f"{name} as {codec}"
        expected_encoding = ENCODINGS[codec] or "utf-16"
        if codec == "cp949" and _fits_euc_kr(text):
            expected_encoding = "euc-kr"  # the narrower name when the bytes fit it
        assert got.source.encoding == expected_encoding
        assert got.source.bom == codec.startswith("utf-")


def _fits_euc_kr(text: str) -> bool:
    try:
        text.encode("cp949").decode("euc-kr")
    except UnicodeDecodeError:
        return False
    return True


def test_cp949_only_syllables_detected() -> None:
    text = "〈위원장〉\n\n- 챗봇과 똠방각하를 논의함.\n"
    assert not _fits_euc_kr(text)
    got = _parse(text.encode("cp949"))
    assert got.source.encoding == "cp949"
    assert got.turns[0].remarks[0].text == "챗봇과 똠방각하를 논의함."


def test_euc_kr_detected() -> None:
    text = "〈위원장〉\n\n- 회의를 시작하겠음.\n"
    got = _parse(text.encode("euc-kr"))
    assert got.source.encoding == "euc-kr"
    assert got.turns[0].remarks[0].text == "회의를 시작하겠음."
    assert any(d.code == "IN001" for d in got.diagnostics)


def test_line_endings_reported() -> None:
    for ending, name in (("\n", "LF"), ("\r\n", "CRLF"), ("\r", "CR")):
        got = _parse(f"〈위원장〉{ending}- 개회{ending}".encode())
        assert got.source.line_endings == name
    mixed = _parse("〈위원장〉\r\n- 개회\n".encode())
    assert mixed.source.line_endings == "mixed"
    assert any(d.code == "IN003" for d in mixed.diagnostics)


def test_form_feed_pages_counted() -> None:
    text = variants.paginate("〈위원장〉\n\n" + "\n".join(f"- 발언 {i}" for i in range(60)), 20)
    got = _parse(text.encode())
    assert got.source.page_breaks == 3
    kinds = {f.kind for f in got.source.furniture}
    assert kinds == {"page-number", "running-header"}
    assert len(got.turns[0].remarks) == 60


def test_sample_files_exist() -> None:
    assert len(SAMPLE_FILES) >= 2
    assert all(isinstance(p, Path) for p in SAMPLE_FILES)


@pytest.mark.parametrize("ending", ["\r\n", "\r"])
def test_assembly_sample_line_endings(ending: str) -> None:
    text = (SAMPLES / "assembly-committee.txt").read_text(encoding="utf-8")
    expected = variants.content(_parse(text.encode("utf-8")))
    assert variants.content(_parse(text.replace("\n", ending).encode("utf-8"))) == expected
