"""Line-end spaces: each method against the truth, on PDFs that draw it, with the truth hidden.

    python bench/eval_linebreaks.py [--runs N]   (the corpus from MINUTES_CORPUS)

PDFs that draw space glyphs say at every line end whether the line broke at a space: the
corpus's Acrobat Distiller PDFs and the glyph-spaces-* fixtures. For every wrapped pair of
lines (linebreaks.wrapped_lines) each method of linebreaks.METHODS decides with that truth
hidden, as it must for PDFs that draw no space glyphs. Printed per PDF and method: decisions,
share right, decisions/s and the time to learn from the document (both the median of N runs
in this one process), beside always joining; then the totals over the corpus PDFs, and what
kiwipiepy costs to load. Methods that need kiwipiepy are left out where it is not installed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from minutes_extract.inputs.pdf.engines import Engine, pages
from minutes_extract.inputs.pdf.linebreaks import (
    METHODS,
    Vocabulary,
    kiwi_installed,
    load_kiwi,
    wrapped_lines,
)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "pdf"
ALWAYS_JOIN = "always join"


@dataclass
class Sample:
    name: str
    lines: list[str]
    pairs: list[tuple[str, str, bool]]
    in_corpus: bool


@dataclass
class Score:
    decisions: int = 0
    right: int = 0
    deciding: float = 0.0  # seconds (the median run's)
    learning: float = 0.0

    def add(self, other: Score) -> None:
        self.decisions += other.decisions
        self.right += other.right
        self.deciding += other.deciding
        self.learning += other.learning


def producer(path: Path) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    try:
        return str(document.get_metadata_dict().get("Producer", ""))
    finally:
        document.close()


def samples(corpus: Path) -> list[Sample]:
    """The corpus's Distiller PDFs, then the fixtures drawn with space glyphs."""
    paths = [path for path in sorted((corpus / "national-assembly").glob("*/minutes.pdf"))
             if producer(path).startswith("Acrobat Distiller")]
    found = []
    for path in paths + sorted(FIXTURES.glob("*.glyph-spaces-*.pdf")):
        lines, pairs = wrapped_lines(pages(path, Engine.pdfium))
        name = path.parent.name if path.name == "minutes.pdf" else path.stem
        found.append(Sample(name, lines, pairs, path.name == "minutes.pdf"))
    return found


def run_once(method: str, sample: Sample) -> Score:
    """One run: right decisions, seconds deciding, and seconds learning from the document
    (building the model and its first decision, which builds what it builds lazily)."""
    start = time.perf_counter()
    if method == ALWAYS_JOIN:
        right = sum(not truth for _, _, truth in sample.pairs)
        return Score(len(sample.pairs), right, time.perf_counter() - start)
    model = Vocabulary(sample.lines, method)
    model.learn_break_style((left, right) for left, right, _ in sample.pairs)
    model.space_between(*sample.pairs[0][:2])
    learned = time.perf_counter()
    right = sum(model.space_between(left, below) == truth for left, below, truth in sample.pairs)
    return Score(len(sample.pairs), right, time.perf_counter() - learned, learned - start)


def score(method: str, sample: Sample, runs: int) -> Score:
    """The median run by deciding time (every run decides the same)."""
    results = sorted((run_once(method, sample) for _ in range(runs)), key=lambda result: result.deciding)
    middle = results[len(results) // 2]
    middle.learning = statistics.median(result.learning for result in results)
    return middle


def row(label: str, result: Score) -> str:
    share = result.right / max(result.decisions, 1)
    rate = f"{result.decisions / max(result.deciding, 1e-9):,.0f}" if label != ALWAYS_JOIN else "-"
    return f"  {label:<38}{result.decisions:>7}{share:>9.1%}{rate:>13}{result.learning * 1000:>10.0f}"


_KIWI_PROBE = """
import time
def memory():
    status = open("/proc/self/status").read()
    return [int(status.split(key + ":")[1].split()[0]) / 1024 for key in ("VmRSS", "VmHWM")]
from minutes_extract.inputs.pdf.linebreaks import load_kiwi
before = memory()[0]
start = time.perf_counter()
kiwi = load_kiwi()
loaded = time.perf_counter()
kiwi.space("회의를시작하겠습니다")
first = time.perf_counter()
print(loaded - start, first - loaded, before, *memory())
"""


def kiwi_cost() -> None:
    """Load time and memory of kiwipiepy, in a fresh process (Linux: /proc/self/status)."""
    done = subprocess.run([sys.executable, "-c", _KIWI_PROBE], capture_output=True, text=True, check=True)
    load, first, before, after, peak = (float(value) for value in done.stdout.split())
    print(f"kiwipiepy, once a process: import and load {load:.2f} s, its first space() {first:.2f} s more; "
          f"memory {after - before:.0f} MB more (RSS {before:.0f} -> {after:.0f} MB, peak {peak:.0f} MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per method and PDF (the median is printed)")
    runs = parser.parse_args().runs
    corpus = Path(os.environ.get("MINUTES_CORPUS", ROOT.parent / "shared" / "corpus"))
    methods = [ALWAYS_JOIN] + [m for m in METHODS if "kiwi" not in m or kiwi_installed()]
    if kiwi_installed():
        load_kiwi().space("회의를시작하겠습니다")  # once a process: not part of any document's cost
    else:
        print("kiwipiepy is not installed (pip install '.[spacing]'): its methods are left out\n")
    totals = {method: Score() for method in methods}
    print(f"  {'method':<38}{'lines':>7}{'right':>9}{'decisions/s':>13}{'learn ms':>10}")
    for sample in samples(corpus):
        if not sample.pairs:
            continue
        print(f"{sample.name}")
        for method in methods:
            result = score(method, sample, runs)
            print(row(method, result))
            if sample.in_corpus:
                totals[method].add(result)
    print("all corpus Distiller PDFs:")
    for method, total in totals.items():
        print(row(method, total))
    if kiwi_installed():
        kiwi_cost()


if __name__ == "__main__":
    main()
