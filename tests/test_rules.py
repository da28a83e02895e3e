"""Every rule has a documented failing example that triggers it (at its line) and a fixed one
that does not; the safe fixes turn the one into the other; docs/rules.md is current."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from typer.testing import CliRunner

import variants
from conftest import ROOT
from minutes_extract import parse_bytes
from minutes_extract.cli import app
from minutes_extract.diagnostics import CATALOGUE
from minutes_extract.inputs.decode import decode_bytes
from minutes_extract.inputs.document import ReadOptions
from minutes_extract.lint.fix import FIXED_CODES, fix_text
from minutes_extract.lint.rule_docs import BY_RULE, DOCS, rules_markdown

runner = CliRunner()
TEXT_RULES = [doc.code for doc in DOCS if not doc.pdf]
# PDF rules need PDFs: the tests that trigger them and show they stay quiet on clean input.
PDF_RULE_TESTS = {
    "PD001": ("test_pdf_fidelity.py", ["test_page_number_mismatch_is_reported"]),
    "PD002": ("test_pdf_fidelity.py", ["test_inferred_line_ends_mostly_right", "test_pdf_gives_the_text_tree"]),
    "PD003": ("test_rules.py", ["test_pages_without_text"]),
    "PD004": ("test_pdf_fidelity.py", ["test_garbled_text_layer_is_reported"]),
    "PD005": ("test_ocr.py", ["test_a_scan_gives_the_turns_of_its_text"]),
    "PD006": ("test_ocr.py", ["test_low_confidence_pages_are_warned"]),
}


def codes_at(data: bytes, code: str) -> list[int | None]:
    options = ReadOptions(encoding_errors=BY_RULE[code].encoding_errors)
    return [d.line for d in parse_bytes(data, "example", options=options).diagnostics if d.code == code]


def test_every_rule_is_documented() -> None:
    assert [doc.code for doc in DOCS] == [code.code for code in CATALOGUE]
    assert {doc.code for doc in DOCS if doc.pdf} == set(PDF_RULE_TESTS)
    for file, names in PDF_RULE_TESTS.values():
        for name in names:
            assert f"def {name}(" in (ROOT / "tests" / file).read_text(encoding="utf-8"), name


@pytest.mark.parametrize("code", TEXT_RULES)
def test_failing_example_triggers_and_fixed_one_does_not(code: str) -> None:
    doc = BY_RULE[code]
    found = codes_at(doc.bad_bytes(), code)
    assert found and found[0] == doc.line, f"{code}: reported at {found}, documented at {doc.line}"
    assert codes_at(doc.good_bytes(), code) == []


@pytest.mark.parametrize("code", [c for c in TEXT_RULES if c in FIXED_CODES])
def test_safe_fix_clears_its_rule_and_keeps_the_tree(code: str) -> None:
    doc = BY_RULE[code]
    fixed = fix_text(decode_bytes(doc.bad_bytes(), "example").text)
    assert fixed == doc.good
    assert codes_at(fixed.encode("utf-8"), code) == []
    before = variants.content(parse_bytes(doc.bad_bytes(), "example"))
    assert variants.content(parse_bytes(fixed.encode("utf-8"), "example")) == before


def test_unsafe_changes_are_not_fixed() -> None:
    """Indentation decides nesting: `--fix` leaves it for a person."""
    doc = BY_RULE["ST014"]
    assert "ST014" not in FIXED_CODES
    assert fix_text(doc.bad) == doc.bad


def test_rules_documentation_is_current() -> None:
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == rules_markdown(), (
        "run: minutes-extract rules --format markdown > docs/rules.md")


def test_rules_command() -> None:
    table = runner.invoke(app, ["rules"])
    assert table.exit_code == 0 and all(code.code in table.stdout for code in CATALOGUE)
    one = runner.invoke(app, ["rules", "st013"])
    assert one.exit_code == 0 and one.stdout.startswith("## ST013 bullet-marker-mismatch")
    assert "**Why:**" in one.stdout and "```diff" in one.stdout
    assert runner.invoke(app, ["rules", "XX999"]).exit_code == 2
    assert runner.invoke(app, ["rules", "--format", "markdown"]).stdout == rules_markdown()


def test_pages_without_text(tmp_path: Path) -> None:
    """A blank page (as a scanned page looks to a text extractor) among text pages: PD003."""
    source = ROOT / "tests" / "fixtures" / "pdf" / "seoul-short.glyph-spaces-words.pdf"
    clean = parse_bytes(source.read_bytes(), "clean.pdf")
    assert not [d for d in clean.diagnostics if d.code == "PD003"]
    pdf = pdfium.PdfDocument(str(source))
    pdf.new_page(595, 842)
    buffer = io.BytesIO()
    pdf.save(buffer)
    pdf.close()
    record = parse_bytes(buffer.getvalue(), "scanned-page.pdf")
    found = [d for d in record.diagnostics if d.code == "PD003"]
    assert len(found) == 1 and "1 of" in found[0].message
    assert variants.content(record)["turns"] == variants.content(clean)["turns"]


def test_fix_removes_every_invisible_character_the_parser_reports() -> None:
    """Control characters too (BEL, ESC), not only zero-width ones: the fixed file checks clean."""
    doc = BY_RULE["IN007"]
    bad = doc.good.replace("회의를 시작", "회의를\x07 시작\x1b")
    assert codes_at(bad.encode("utf-8"), "IN007") == [12]
    assert fix_text(bad) == doc.good
