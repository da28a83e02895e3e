"""PDF speed: the default pipeline beside raw pypdfium2, cold and warm, on a Distiller and a
Hancom PDF; then the engines alone, pdfplumber, line-end spacing, and memory.

    python bench/bench_pdf.py [PDF ...] [--runs N] [--quick]

Default PDFs: from MINUTES_CORPUS, the largest National Assembly PDF of each generator
(Producer `Acrobat Distiller` and `Hancom PDF`). For each PDF:

- cold: the first call in a fresh process, N processes (median). The import is timed apart
  and excluded: `import pypdfium2` for raw, `import minutes_extract` (+ its JSON exporter) for
  the pipeline; what the first call itself imports or loads (the engines, layout, a spacing
  model) counts as its work;
- warm: the median of N runs in one process, rows taking turns so drift falls on all alike;
- raw = pypdfium2 `get_text_range` on every page, measured in the same run; the default
  pipeline is `parse_file` + `to_json` (what `extract` does: read in a guarded child process,
  engine, layout, parse, validate, JSON), as installed without the optional `spacing` extra.
  Target: pipeline ≥ 50% of raw pages/s, cold and warm. Where kiwipiepy is installed the
  pipeline with it is shown too: a PDF without space glyphs loads its model in each read;
- where the time goes, ms per page: raw, engine, layout, the read in this process and in the
  guarded child (their difference: the guard's cost), parsing, the rest of `parse_file`.

Without --quick, on the first PDF also: each engine alone, pdfplumber's pipeline and raw
`extract_text` (target ≥ 10× raw pdfplumber), the pipeline as if the PDF drew no space glyphs
(the spacing model's cost, target ≤ 20%), the split extraction/parsing, and peak memory.
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
GENERATORS = {"Distiller": "Acrobat Distiller", "Hancom": "Hancom PDF"}  # label: Producer prefix
TARGET = 0.5  # the default pipeline against raw pypdfium2, pages/s


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


def pipeline(engine: str, kiwi: bool = True) -> Callable[[Path], int]:
    """`extract`'s work on a PDF; `kiwi=False`: as installed without the `spacing` extra
    (kiwipiepy, which a PDF without space glyphs loads in each read, so on every call)."""
    def run(path: Path) -> int:
        from minutes_extract import parse_file
        from minutes_extract.export import to_json
        from minutes_extract.inputs.pdf import linebreaks

        installed = linebreaks.kiwi_installed
        if not kiwi:
            linebreaks.kiwi_installed = lambda: False
        try:
            record = parse_file(path, pdf_engine=engine)
        finally:
            linebreaks.kiwi_installed = installed
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


def stages(path: Path, runs: int) -> None:
    """Where the default pipeline's time goes beyond raw pypdfium2, ms per page (warm, medians,
    stages taking turns): the engine (its text pages are raw's work plus the glyphs and
    lines), layout, the read in this process (engine, layout, the Document) and guarded (the
    same in a forked child, its result pickled back: inputs/guard.py), parsing the Document
    (validate, JSON), and whatever else `parse_file` does (reading the file, sniffing it)."""
    from minutes_extract.api import parse
    from minutes_extract.export import to_json
    from minutes_extract.inputs import ReadOptions, read_document
    from minutes_extract.inputs.pdf import linebreaks, read_pdf
    from minutes_extract.inputs.pdf.engines import pages
    from minutes_extract.inputs.pdf.layout import layout

    data, found, options = path.read_bytes(), {}, ReadOptions()
    here, guarded = "read in this process (engine+layout)", "guarded read (the same in a child)"
    parsing, whole = "parse + validate + JSON", "whole pipeline (parse_file + to_json)"
    steps: dict[str, Callable[[], object]] = {
        "raw pypdfium2 get_text_range": lambda: raw_pdfium(path),
        "engine (pdfium)": lambda: found.update(pages=list(pages(data))),
        "layout": lambda: layout(iter(found["pages"])),
        here: lambda: read_pdf(data, str(path), options),
        guarded: lambda: found.update(document=read_document(data, str(path))),
        parsing: lambda: to_json(parse(found["document"])),
        whole: lambda: pipeline("pdfium", False)(path),
    }
    times: dict[str, list[float]] = {label: [] for label in steps}
    installed, linebreaks.kiwi_installed = linebreaks.kiwi_installed, lambda: False  # as without the extra
    try:
        for _ in range(runs):
            for label, step in steps.items():
                start = time.perf_counter()
                step()
                times[label].append(time.perf_counter() - start)
    finally:
        linebreaks.kiwi_installed = installed
    count = len(found["pages"])
    per_page = {label: statistics.median(t) / count * 1000 for label, t in times.items()}
    print(f"where the time goes (warm, median of {runs}, ms per page):")
    for label, value in per_page.items():
        print(f"  {label:<40}{value:>8.2f}")
    print(f"  {'of which the guard (fork, child, pickle)':<40}{per_page[guarded] - per_page[here]:>8.2f}")
    rest = per_page[whole] - per_page[guarded] - per_page[parsing]
    print(f"  {'rest of parse_file (the file, sniffing)':<40}{rest:>8.2f}")


@contextmanager
def evidence_hidden(method: str | None) -> Iterator[None]:
    """The pipeline reads the PDF as if it drew no space glyphs (every line end to decide);
    `method` decides them, or None: joined, no model asked."""
    from minutes_extract.inputs.pdf import engines, linebreaks

    # The reader imports `pages` from engines when it reads, so the stand-in is found there.
    read_pages, installed = engines.pages, linebreaks.kiwi_installed
    decide = linebreaks.Vocabulary.space_between

    def without_evidence(*args: object, **kwargs: object) -> Iterator[object]:
        for page in read_pages(*args, **kwargs):  # type: ignore[arg-type]
            for line in page.lines:
                line.trailing_space = None
            yield page

    engines.pages = without_evidence  # type: ignore[assignment]
    linebreaks.kiwi_installed = lambda: method == linebreaks.PAIRS_AND_KIWI
    if method is None:
        linebreaks.Vocabulary.space_between = lambda self, left, right: False  # type: ignore[method-assign]
    try:
        yield
    finally:
        engines.pages, linebreaks.kiwi_installed = read_pages, installed
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


def generator(path: Path) -> str:
    """Which program made the PDF: its Producer (then Creator) metadata."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    try:
        metadata = document.get_metadata_dict()
    finally:
        document.close()
    return metadata.get("Producer") or metadata.get("Creator") or "?"


def default_pdfs(corpus: Path) -> list[Path]:
    """The largest corpus PDF of each generator in GENERATORS (by page count, then size)."""
    import pypdfium2 as pdfium

    chosen: dict[str, tuple[int, int, Path]] = {}
    for path in sorted((corpus / "national-assembly").glob("*/minutes.pdf")):
        label = next((k for k, v in GENERATORS.items() if generator(path).startswith(v)), None)
        if label is None:
            continue
        document = pdfium.PdfDocument(path)
        key = (len(document), path.stat().st_size, path)
        document.close()
        chosen[label] = max(chosen.get(label, key), key)
    return [chosen[label][2] for label in GENERATORS if label in chosen]


# A fresh process per cold run: the import is timed apart from the first call.
_COLD = (
    "import sys, time; sys.path.insert(0, sys.argv[3]); import bench_pdf\n"
    "start = time.perf_counter()\n"
    "if sys.argv[1] == 'raw':\n    import pypdfium2\n"
    "else:\n    import minutes_extract, minutes_extract.export\n"
    "imported = time.perf_counter()\n"
    "kind = sys.argv[1]\n"
    "run = bench_pdf.raw_pdfium if kind == 'raw' else bench_pdf.pipeline('pdfium', kind == 'kiwi')\n"
    "pages = run(bench_pdf.Path(sys.argv[2]))\n"
    "print(pages, imported - start, time.perf_counter() - imported)\n"
)


def cold(path: Path, runs: int, kinds: list[str]) -> dict[str, tuple[float, float]]:
    """(import seconds, first-call pages/s) of each kind ("raw" pypdfium2, the default
    "pipeline", the pipeline with "kiwi"), the median of `runs` fresh processes, taking turns."""
    import subprocess

    found: dict[str, list[tuple[float, float]]] = {kind: [] for kind in kinds}
    for _ in range(runs):
        for kind, times in found.items():
            done = subprocess.run([sys.executable, "-c", _COLD, kind, str(path), str(ROOT / "bench")],
                                  capture_output=True, text=True, check=True)
            pages, imported, work = done.stdout.split()
            times.append((float(imported), int(pages) / float(work)))
    return {kind: (statistics.median(t[0] for t in times), statistics.median(t[1] for t in times))
            for kind, times in found.items()}


def verdict(label: str, ratio: float) -> str:
    return f"{label}: default pipeline = {ratio:.0%} of raw pypdfium2 (target ≥ {TARGET:.0%}): " + (
        "met" if ratio >= TARGET else "MISSED")


_KINDS = {"raw": "raw pypdfium2 get_text_range", "pipeline": "pipeline, pdfium (default)",
          "kiwi": "pipeline + kiwipiepy (extra)"}


def against_raw(path: Path, runs: int, kiwi: bool) -> None:
    """Cold and warm pages/s of the default pipeline against raw pypdfium2, on one PDF; with
    `kiwi`, also the pipeline with the optional spacing extra (no target: it loads a model)."""
    print(f"\n{path.parent.name}/{path.name}: {raw_pdfium(path)} pages, {generator(path)}")
    kinds = ["raw", "pipeline", "kiwi"] if kiwi else ["raw", "pipeline"]
    first = cold(path, runs, kinds)
    print(f"cold (fresh process, median of {runs}):  import s   first call pages/s")
    for kind in kinds:
        imported, speed = first[kind]
        print(f"  {_KINDS[kind]:<34}{imported:>8.3f}{speed:>12.1f}")
    functions = {"raw": raw_pdfium, "engine": engine_only("pdfium"), "pipeline": pipeline("pdfium", False),
                 "kiwi": pipeline("pdfium")}
    rows = {kind: functools.partial(functions[kind], path) for kind in ["engine", *kinds]}
    functions["pipeline"](path)  # the first call's loading stays out of the warm figures
    speed = pages_per_second(rows, runs)
    print(f"warm (one process, median of {runs}):     pages/s")
    for kind, value in speed.items():
        print(f"  {_KINDS.get(kind, 'engine only, pdfium'):<34}{value:>20.1f}")
    name = path.parent.name
    print(verdict(f"{name} cold", first["pipeline"][1] / first["raw"][1]))
    print(verdict(f"{name} warm", speed["pipeline"] / speed["raw"]))
    if kiwi:
        print(f"{name} with kiwipiepy: {first['kiwi'][1] / first['raw'][1]:.0%} cold, "
              f"{speed['kiwi'] / speed['raw']:.0%} warm of raw (an optional extra: no target)")
    stages(path, runs)


def engines_and_pdfplumber(path: Path, runs: int) -> None:
    """Each engine alone and pdfplumber's pipeline beside the raw extraction calls (warm)."""
    runs_by_label = {
        "raw pypdfium2 get_text_range": raw_pdfium,
        "raw pdfplumber extract_text": raw_pdfplumber,
        "engine only, pdfium": engine_only("pdfium"),
        "engine only, pdfplumber": engine_only("pdfplumber"),
        "pipeline, pdfium engine (default)": pipeline("pdfium"),
        "pipeline, pdfplumber engine": pipeline("pdfplumber"),
    }
    print(f"\n{path.parent.name}: engines and pdfplumber (warm, median of {runs}):")
    rows = {label: functools.partial(fn, path) for label, fn in runs_by_label.items()}
    speed = pages_per_second(rows, runs)
    for label, value in speed.items():
        print(f"{label:<40}{value:>10.1f} pages/s")
    vs_plumber = speed["pipeline, pdfium engine (default)"] / speed["raw pdfplumber extract_text"]
    print(f"default pipeline = {vs_plumber:.1f}× raw pdfplumber (target ≥ 10×): "
          f"{'met' if vs_plumber >= 10 else 'MISSED'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pdf", nargs="*", type=Path, help="PDFs (default: a Distiller and a Hancom one)")
    parser.add_argument("--runs", type=int, default=5, help="runs per row, cold and warm (medians)")
    parser.add_argument("--quick", action="store_true", help="only the cold and warm figures against raw")
    arguments = parser.parse_args()
    corpus = Path(os.environ.get("MINUTES_CORPUS", ROOT.parent / "shared" / "corpus"))
    paths = arguments.pdf or default_pdfs(corpus)
    missing = [path for path in paths if not path.is_file()]
    if not paths or missing:
        sys.exit(f"bench_pdf: no PDF at {missing or corpus}; pass some or set MINUTES_CORPUS")
    from minutes_extract.inputs.pdf import linebreaks

    kiwi = linebreaks.kiwi_installed()
    print(f"kiwipiepy (the `spacing` extra) installed: {kiwi}; the default pipeline is timed "
          "as installed without it")
    for path in paths:
        against_raw(path, arguments.runs, kiwi)
    if arguments.quick:
        return
    engines_and_pdfplumber(paths[0], arguments.runs)
    spacing_cost(paths[0], arguments.runs)
    parse_share(paths[0])
    if (corpus / "national-assembly").is_dir():
        memory_by_size(corpus)


if __name__ == "__main__":
    main()
