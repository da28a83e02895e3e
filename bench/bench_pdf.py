"""PDF speed: the full pipeline with each engine beside the raw extraction calls, one run.

    python bench/bench_pdf.py [PDF] [--runs N]   (default: the 82-page corpus PDF in MINUTES_CORPUS)

Prints pages/s (the median of N runs) for `extract` (read → engine → layout → parse →
validate → JSON) with pdfium and with pdfplumber, each engine alone (PDF → positioned lines),
beside pdfplumber's `extract_text` and pypdfium2's `get_text_range`; then the default
pipeline as if the PDF drew no space glyphs, its line ends joined without a model, decided by
the character pairs, and (where the extra `spacing` is installed) by kiwipiepy, loaded anew
for each run as for each file read.
Targets: the default engine's pipeline ≥ 50% of raw pypdfium2, and ≥ 10× raw pdfplumber;
the default spacing model costs at most 20% of the pages/s.
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = "national-assembly/na-foreign-2024-07-17-full/minutes.pdf"


def raw_pdfium(path: Path) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    for index in range(len(document)):
        page = document[index]
        textpage = page.get_textpage()
        textpage.get_text_range()
        textpage.close()
        page.close()
    count = len(document)
    document.close()
    return count


def raw_pdfplumber(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as document:
        for page in document.pages:
            page.extract_text()
            page.close()
        return len(document.pages)


def engine_only(engine: str) -> Callable[[Path], int]:
    """PDF to positioned lines, no layout or parsing: where the engines differ. (Imported
    here, so the import is not timed.)"""
    from minutes_extract.inputs.pdf.engines import Engine, pages

    def run(path: Path) -> int:
        return sum(1 for _ in pages(path, Engine(engine)))

    return run


def pipeline(engine: str) -> Callable[[Path], int]:
    def run(path: Path) -> int:
        from minutes_extract import parse_file
        from minutes_extract.export import to_json

        record = parse_file(path, pdf_engine=engine)
        to_json(record)
        return record.source.pages or 0

    return run


# The PDF is read in a child process (inputs/guard.py): the peak is the larger of the two.
_RSS_PROBE = (
    "import resource, sys; from minutes_extract import parse_file; "
    "r = parse_file(sys.argv[1]); "
    "print(r.source.pages, max(resource.getrusage(who).ru_maxrss "
    "for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)))"
)


def memory_by_size(corpus: Path) -> None:
    """Peak RSS of `extract` on each corpus PDF: flat in the page count means pages are
    processed and released one at a time."""
    import subprocess

    print("\npeak memory (RSS) of a whole extract, by PDF size:")
    for path in sorted((corpus / "national-assembly").glob("*/minutes.pdf")):
        done = subprocess.run([sys.executable, "-c", _RSS_PROBE, str(path)],
                              capture_output=True, text=True, check=True)
        pages, kilobytes = done.stdout.split()
        print(f"{path.parent.name:<36}{int(pages):>5} pages{int(kilobytes) / 1024:>8.0f} MB")


def parse_share(path: Path) -> None:
    """How the default pipeline's time splits: extraction (engine + layout) against parsing
    the clean text into the tree and writing JSON. Parsing must stay a small fraction."""
    from minutes_extract.api import parse_text
    from minutes_extract.export import to_json
    from minutes_extract.inputs.pdf import clean_pdf_text

    data = path.read_bytes()
    start = time.perf_counter()
    clean = clean_pdf_text(data, str(path))
    extracted = time.perf_counter()
    record = parse_text(clean.render(), hints=[f.text for f in clean.furniture])
    to_json(record)
    parsed = time.perf_counter()
    extraction, parsing = extracted - start, parsed - extracted
    print(f"\nsplit of the default pipeline ({len(record.turns)} turns, {len(record.notes)} notes):")
    print(f"{'extraction (pdfium engine + layout)':<40}{extraction:>10.3f} s")
    print(f"{'parse + validate + JSON':<40}{parsing:>10.3f} s = {parsing / extraction:.0%} of extraction")


@contextmanager
def evidence_hidden(method: str | None) -> Iterator[None]:
    """The pipeline reads the PDF as if it drew no space glyphs (every line end to decide);
    `method` decides them, or None: joined, no model asked."""
    import minutes_extract.inputs.pdf as pdf
    from minutes_extract.inputs.pdf import linebreaks

    read_pages, installed, decide = pdf.pages, linebreaks.kiwi_installed, linebreaks.Vocabulary.space_between

    def without_evidence(*args: object, **kwargs: object) -> Iterator[object]:
        for page in read_pages(*args, **kwargs):  # type: ignore[arg-type]
            for line in page.lines:
                line.trailing_space = None
            yield page

    pdf.pages = without_evidence  # type: ignore[assignment]
    linebreaks.kiwi_installed = lambda: method == linebreaks.PAIRS_AND_KIWI
    if method is None:
        linebreaks.Vocabulary.space_between = lambda self, left, right: False  # type: ignore[method-assign]
    try:
        yield
    finally:
        pdf.pages, linebreaks.kiwi_installed = read_pages, installed
        linebreaks.Vocabulary.space_between = decide  # type: ignore[method-assign]


def pages_per_second(rows: dict[str, Callable[[], int]], runs: int) -> dict[str, float]:
    """Each row's pages/s, the median of `runs`; runs take turns, so drift in the machine's
    speed falls on every row alike."""
    times: dict[str, list[float]] = {label: [] for label in rows}
    pages = dict.fromkeys(rows, 0)
    for _ in range(runs):
        for label, fn in rows.items():
            start = time.perf_counter()
            pages[label] = fn()
            times[label].append(time.perf_counter() - start)
    return {label: pages[label] / statistics.median(times[label]) for label in rows}


def hidden(method: str | None, path: Path) -> Callable[[], int]:
    def run() -> int:
        with evidence_hidden(method):
            return pipeline("pdfium")(path)

    return run


def spacing_cost(path: Path, runs: int) -> None:
    """What deciding every line end costs the default pipeline, by spacing model."""
    from minutes_extract.inputs.pdf import linebreaks

    models = {"joined, no model": None, "character pairs (default)": linebreaks.PAIRS}
    if linebreaks.kiwi_installed():
        models["character pairs + kiwipiepy (extra)"] = linebreaks.PAIRS_AND_KIWI
    print("\nthe default pipeline as if the PDF drew no space glyphs, line ends:")
    speed = pages_per_second({label: hidden(method, path) for label, method in models.items()}, runs)
    for label, value in speed.items():
        print(f"{label:<40}{value:>10.1f} pages/s")
    base = speed["joined, no model"]
    for label, method in list(models.items())[1:]:
        cost = 1 - speed[label] / base
        target = f"(target ≤ 20%): {'OK' if cost <= 0.2 else 'MISSED'}"
        if method != linebreaks.PAIRS:
            target = "(an optional extra: no target)"
        print(f"{label} costs {cost:.0%} of the pages/s {target}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pdf", nargs="?", type=Path, help="a PDF (default: the 82-page corpus PDF)")
    parser.add_argument("--runs", type=int, default=3, help="runs per row (the median is printed)")
    arguments = parser.parse_args()
    corpus = Path(os.environ.get("MINUTES_CORPUS", ROOT.parent / "shared" / "corpus"))
    path = arguments.pdf or corpus / DEFAULT
    if not path.is_file():
        sys.exit(f"bench_pdf: no PDF at {path}; pass one or set MINUTES_CORPUS")
    runs = {
        "raw pypdfium2 get_text_range": raw_pdfium,
        "raw pdfplumber extract_text": raw_pdfplumber,
        "engine only, pdfium": engine_only("pdfium"),
        "engine only, pdfplumber": engine_only("pdfplumber"),
        "pipeline, pdfium engine (default)": pipeline("pdfium"),
        "pipeline, pdfplumber engine": pipeline("pdfplumber"),
    }
    print(f"{path.name}: {raw_pdfium(path)} pages")
    rows = {label: functools.partial(fn, path) for label, fn in runs.items()}
    speed = pages_per_second(rows, arguments.runs)
    for label, value in speed.items():
        print(f"{label:<40}{value:>10.1f} pages/s")
    default = speed["pipeline, pdfium engine (default)"]
    vs_pdfium = default / speed["raw pypdfium2 get_text_range"]
    vs_plumber = default / speed["raw pdfplumber extract_text"]
    print(f"default pipeline = {vs_pdfium:.0%} of raw pypdfium2 (target ≥ 50%): "
          f"{'OK' if vs_pdfium >= 0.5 else 'MISSED'}")
    print(f"default pipeline = {vs_plumber:.1f}× raw pdfplumber (target ≥ 10×): "
          f"{'OK' if vs_plumber >= 10 else 'MISSED'}")
    spacing_cost(path, arguments.runs)
    parse_share(path)
    if (corpus / "national-assembly").is_dir():
        memory_by_size(corpus)


if __name__ == "__main__":
    main()
