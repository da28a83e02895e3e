"""The tree stays ruff-clean: CI fails on a lint error like on a failing test."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_ruff_clean() -> None:
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "src", "tests", "bench", "tools"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
