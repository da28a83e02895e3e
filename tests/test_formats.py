"""Formats are a list: the example format of DEVELOPERS.md, registered with one line, parses
a sample of its own shape, and the formats already there read their samples as before."""

from __future__ import annotations

import ast
import re
import sys
import types
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES
from minutes_extract import formats, parse_bytes, parse_text
from minutes_extract.export import to_json
from minutes_extract.formats.base import Format

EXAMPLE = """위원장 홍길동: 회의를 시작하겠습니다.
김철수 위원: 질의하겠습니다.

(참고 자료 배포)
위원장 홍길동: 산회를 선포합니다.
"""


def _example_format() -> types.ModuleType:
    """The module whose code DEVELOPERS.md shows, as if it were `formats/colon/__init__.py`."""
    text = (ROOT / "DEVELOPERS.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- example-format -->\n```python\n(.*?)```", text, re.S)
    assert block, "DEVELOPERS.md has no example format"
    code = block.group(1)
    assert len(code.splitlines()) <= 40, "the example should stay short"
    module = types.ModuleType("minutes_extract.formats.colon")
    module.__package__ = module.__name__
    exec(compile(code, "DEVELOPERS.md", "exec"), module.__dict__)
    return module


@pytest.fixture
def with_colon(monkeypatch: pytest.MonkeyPatch) -> Format:
    colon = _example_format()
    monkeypatch.setitem(sys.modules, colon.__name__, colon)
    monkeypatch.setattr(formats, "FORMATS", (*formats.FORMATS, colon))  # the one line
    return colon  # type: ignore[return-value]


def test_a_registered_format_is_detected_and_parses(with_colon: Format) -> None:
    record = parse_text(EXAMPLE)
    assert record.source.profile == "colon"
    assert [(t.speaker.role, t.speaker.name, t.remarks[0].text) for t in record.turns] == [
        ("위원장", "홍길동", "회의를 시작하겠습니다."),
        ("위원", "김철수", "질의하겠습니다."),
        ("위원장", "홍길동", "산회를 선포합니다."),
    ]
    assert [t.span.start_line for t in record.turns] == [1, 2, 5]
    # nothing is lost: the line it does not read is a diagnostic at its line
    assert [(d.code, d.line) for d in record.diagnostics] == [("ST002", 4)]
    assert parse_text(EXAMPLE, profile="colon").turns == record.turns


def test_a_registered_format_leaves_the_others_alone(with_colon: Format) -> None:
    for sample in sorted(SAMPLES.glob("*")):
        expected = (ROOT / "tests" / "golden" / f"{sample.name}.json").read_text(encoding="utf-8")
        produced = to_json(parse_bytes(sample.read_bytes(), f"samples/{sample.name}"))  # HTML too
        assert produced.decode("utf-8") == expected, sample.name


def test_unknown_profile_names_every_format(with_colon: Format) -> None:
    with pytest.raises(ValueError, match="auto, seoul-committee, assembly, colon"):
        parse_text(EXAMPLE, profile="nope")


def test_formats_import_no_other_format() -> None:
    """A format never imports another; text/ imports no format; inputs/ no parser or format."""
    assert [fmt.NAME for fmt in formats.FORMATS] == ["seoul-committee", "assembly"]
    package = ROOT / "src" / "minutes_extract"
    folders = [p.name for p in (package / "formats").iterdir() if (p / "__init__.py").is_file()]
    for folder in folders:
        for path in (package / "formats" / folder).rglob("*.py"):
            others = {f"minutes_extract.formats.{other}" for other in folders if other != folder}
            assert not {name for name in _imports(path) if name.startswith(tuple(others))}, path
    for path in (package / "text").rglob("*.py"):
        assert not [name for name in _imports(path) if name.startswith("minutes_extract.formats")], path
    for path in (package / "inputs").rglob("*.py"):
        banned = ("minutes_extract.formats", "minutes_extract.parser", "minutes_extract.api")
        assert not [name for name in _imports(path) if name.startswith(banned)], path


def _imports(path: Path) -> set[str]:
    """The modules a source file imports, relative imports made absolute."""
    package = path.relative_to(ROOT / "src").with_suffix("").parts[:-1]  # a module's, or __init__'s
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = list(package[: len(package) - node.level + 1]) if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found
