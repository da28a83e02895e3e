"""Shared fixtures: the project root, the samples and the real-minutes corpus.

The corpus is read from MINUTES_CORPUS. Without the variable the corpus tests are skipped
(a developer without ../shared); with it set, a missing corpus is a failure, not a skip.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
GOLDEN = Path(__file__).resolve().parent / "golden"
REFERENCE_NAME = "seoul-smart-city-committee-2022-4.txt"


@pytest.fixture(scope="session")
def corpus() -> Path:
    value = os.environ.get("MINUTES_CORPUS")
    if not value:
        pytest.skip("MINUTES_CORPUS is not set; corpus tests skipped")
    path = Path(value)
    if not path.is_dir():
        pytest.fail(f"MINUTES_CORPUS={value} is set but is not a directory")
    return path


@pytest.fixture(scope="session")
def reference_path(corpus: Path) -> Path:
    path = corpus / REFERENCE_NAME
    if not path.is_file():
        pytest.fail(f"reference document missing from the corpus: {path}")
    return path


@pytest.fixture(scope="session")
def reference_text(reference_path: Path) -> str:
    return reference_path.read_text(encoding="utf-8")
