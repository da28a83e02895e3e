"""Tesseract as a subprocess: is it installed (with the Korean model), which version, and
one page image to TSV (words with boxes and confidences) through stdin and stdout.

Tesseract is run with OMP_THREAD_LIMIT=1: its OpenMP threads fight over the cores when
several pages run at once, and one page then took 10–108 s instead of about 5 s. Pages are
spread over threads instead (see pages.py), each running one tesseract process.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from functools import cache

LANGUAGE = "kor"
INSTALL_HINT = "apt install tesseract-ocr tesseract-ocr-kor"
PAGE_SECONDS = 600  # one page never takes this long; a hung tesseract is stopped
DPI = 300  # pages are rendered at this resolution (a PNM image does not say its own)


class TesseractMissing(Exception):
    """Tesseract, or its Korean model, is not installed: the message says what to install."""


@cache
def engine() -> str:
    """`tesseract 5.x.y` when tesseract with the Korean model can run, else TesseractMissing."""
    program = shutil.which("tesseract")
    if program is None:
        raise TesseractMissing(f"tesseract is not installed ({INSTALL_HINT})")
    version = _output([program, "--version"]).splitlines()
    if not version or not version[0].startswith("tesseract "):
        raise TesseractMissing(f"{program} does not run as tesseract ({INSTALL_HINT})")
    languages = _output([program, "--list-langs"]).split()
    if LANGUAGE not in languages:
        raise TesseractMissing(f"tesseract has no Korean model ({INSTALL_HINT})")
    return version[0].strip()


def _output(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        raise TesseractMissing(f"{command[0]} cannot run: {exc} ({INSTALL_HINT})") from None
    return done.stdout + done.stderr  # tesseract 4 printed its version on stderr


def read(image: bytes, psm: int) -> tuple[str, str]:
    """Tesseract's plain text and TSV of one page image (PNM or PNG bytes) from one run in
    page-segmentation mode `psm`. Both are needed: the TSV gives boxes and confidences but
    splits Korean words into pieces; the text says where the spaces are."""
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    with tempfile.TemporaryDirectory(prefix="minutes-ocr-") as folder:
        base = os.path.join(folder, "page")
        command = [shutil.which("tesseract") or "tesseract", "stdin", base, "-l", LANGUAGE,
                   "--psm", str(psm), "--dpi", str(DPI), "txt", "tsv"]
        done = subprocess.run(command, input=image, capture_output=True, env=environment,
                              timeout=PAGE_SECONDS, check=False)
        if done.returncode != 0:
            problem = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
            raise RuntimeError(f"tesseract failed with exit {done.returncode}: {problem[0]}")
        with open(base + ".txt", encoding="utf-8", errors="replace") as text, \
                open(base + ".tsv", encoding="utf-8", errors="replace") as table:
            return text.read(), table.read()
