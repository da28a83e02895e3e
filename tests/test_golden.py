"""Golden files: each sample's full extract output, byte for byte.

Set UPDATE_GOLDEN=1 to rewrite them after a deliberate change, then review `git diff`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import GOLDEN, ROOT, SAMPLES
from minutes_extract import parse_bytes
from minutes_extract.export import to_json

CASES = sorted(p for p in SAMPLES.rglob("*") if p.is_file() and p.suffix in (".txt", ".md", ".html"))


def golden_path(sample: Path) -> Path:
    relative = sample.relative_to(SAMPLES)
    return GOLDEN / relative.with_name(relative.name + ".json")


@pytest.mark.parametrize("sample", CASES, ids=[str(p.relative_to(SAMPLES)) for p in CASES])
def test_golden(sample: Path) -> None:
    name = sample.relative_to(ROOT).as_posix()
    produced = to_json(parse_bytes(sample.read_bytes(), name)).decode("utf-8")
    expected_path = golden_path(sample)
    if os.environ.get("UPDATE_GOLDEN"):
        expected_path.parent.mkdir(parents=True, exist_ok=True)
        expected_path.write_text(produced, encoding="utf-8")
    assert expected_path.is_file(), f"no golden file for {name}; run with UPDATE_GOLDEN=1"
    expected = expected_path.read_text(encoding="utf-8")
    assert json.loads(produced) == json.loads(expected)
    assert produced == expected


def test_every_golden_has_a_sample() -> None:
    orphans = [g for g in GOLDEN.rglob("*.json") if not any(golden_path(s) == g for s in CASES)]
    assert orphans == []
