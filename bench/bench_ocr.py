"""OCR of the corpus scan against a transcription made by eye (bench/ocr/<name>.truth.txt).

    MINUTES_CORPUS=../shared/corpus PYTHONPATH=src python bench/bench_ocr.py [--workers N]

Prints the character error rate (edit distance / truth length, over the transcribed lines)
without and with the ○ marker repair, the turns found, seconds per page (median), and pages
per second with 1 worker and with N (the scan's page read several times over to have work
for N). Lines are aligned in order: each truth line is matched with the OCR line (at or after
the previous match) nearest to it; OCR lines matching no truth line (running header) do not
count. Spaces are compared too, runs of them as one.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import time
from pathlib import Path

import pypdfium2 as pdfium

from minutes_extract import parse_bytes
from minutes_extract.inputs.ocr import default_workers, read_pages, repair_marker

HERE = Path(__file__).resolve().parent / "ocr"


def distance(a: str, b: str) -> int:
    """Levenshtein distance (characters)."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def align(truth: list[str], read: list[str]) -> list[tuple[str, str]]:
    """Each truth line with its nearest OCR line, in order (a missing line pairs with "")."""
    pairs, start = [], 0
    for line in truth:
        window = range(start, min(len(read), start + 8))
        best = min(window, key=lambda k: distance(line, read[k]) / max(1, len(line)), default=None)
        if best is None or distance(line, read[best]) > 0.6 * len(line):
            pairs.append((line, ""))
            continue
        pairs.append((line, read[best]))
        start = best + 1
    return pairs


def cer(truth: list[str], read: list[str]) -> float:
    pairs = align(truth, read)
    return sum(distance(t, r) for t, r in pairs) / sum(len(t) for t, _ in pairs)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _norm(line: str) -> str:
    return " ".join(line.split())


def main() -> None:
    ask = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ask.add_argument("--workers", type=int, default=default_workers())
    ask.add_argument("--repeat", type=int, default=2 * default_workers(),
                     help="copies of the page for the throughput runs")
    args = ask.parse_args()
    corpus = Path(os.environ.get("MINUTES_CORPUS", "../shared/corpus"))
    for truth_path in sorted(HERE.glob("*.truth.txt")):
        name = truth_path.name.removesuffix(".truth.txt")
        pdf = corpus / "scanned" / name / "minutes.pdf"
        truth = [_norm(line) for line in truth_path.read_text(encoding="utf-8").splitlines()
                 if line.strip() and not line.startswith("#")]
        document = pdfium.PdfDocument(str(pdf))
        pages = list(range(1, len(document) + 1))
        seconds, cpu = [], []
        for _ in range(3):
            began, used = time.perf_counter(), _children_cpu()
            readings = read_pages(document, pages, workers=1)
            seconds.append((time.perf_counter() - began) / len(pages))
            cpu.append((_children_cpu() - used) / len(pages))
        raw = [_norm(line.text) for reading in readings for line in reading.text.lines]
        repaired = [repair_marker(line) for line in raw]
        record = parse_bytes(pdf.read_bytes(), str(pdf))
        print(f"{name}: {len(truth)} transcribed lines, {len(pages)} page(s), psm "
              f"{[r.psm for r in readings]}, confidence {[r.text.confidence for r in readings]}")
        print(f"  CER without marker repair {cer(truth, raw):.2%}, with {cer(truth, repaired):.2%}; "
              f"markers repaired {sum(a != b for a, b in zip(raw, repaired, strict=True))}, "
              f"truth has {sum(line.startswith('○') for line in truth)}")
        print(f"  turns found {len(record.turns)}; seconds per page (median of 3, 1 worker) "
              f"{statistics.median(seconds):.2f} wall, {statistics.median(cpu):.2f} CPU in tesseract "
              f"(the wall time grows when other work shares the cores)")
        many = pages * args.repeat
        for workers in (1, args.workers):
            began = time.perf_counter()
            read_pages(document, many, workers=workers)
            print(f"  {len(many)} pages with {workers} worker(s): "
                  f"{len(many) / (time.perf_counter() - began):.2f} pages/s")


if __name__ == "__main__":
    main()
