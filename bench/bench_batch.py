"""Batch throughput and memory on a generated archive, beside baselines from the same run.

Builds an archive from samples/ (≥ 2,000 text minutes, each made distinct) plus the PDF
fixtures copied to a few hundred pages, then runs `minutes-extract batch` as a real process:
- baseline: reading and hashing every file (the I/O floor of any batch);
- 1 worker and 2 workers: files/s, MB/s and the speed-up (target: 2 workers ≥ 1.7× one);
- peak memory (largest process: the parent or a worker) for the archive at two sizes
  (target: it does not grow with the archive).

Each configuration runs --repeat times, alternating, and the median is printed: the machine's
noise (other tenants of a shared host) moves single runs by ±15 %. The package is
byte-compiled first, as an installed package is, so start-up is not spent compiling.

Usage: python bench/bench_batch.py [--texts 2000] [--pdf-copies 5] [--repeat 3]
"""

from __future__ import annotations

import argparse
import compileall
import hashlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
PDFS = ROOT / "tests" / "fixtures" / "pdf"
TEXT_SAMPLES = ("seoul-short.txt", "seoul-full.txt", "assembly-committee.txt", "council-committee.md")
_MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(done.returncode, seconds, peak)
sys.stderr.write(done.stdout[-600:] if done.returncode else "")
"""


def build(folder: Path, texts: int, pdf_copies: int) -> tuple[int, int]:
    """The archive; returns (files, bytes)."""
    count = size = 0
    bodies = {name: (SAMPLES / name).read_text(encoding="utf-8") for name in TEXT_SAMPLES}
    for n in range(texts):
        name = TEXT_SAMPLES[n % len(TEXT_SAMPLES)]
        target = folder / f"text/{n // 500:02d}/{n:05d}-{name}"
        target.parent.mkdir(parents=True, exist_ok=True)
        body = bodies[name].replace("제1차", f"제{n + 1}차", 1)
        data = (body + f"\n〈위원장〉\n\n- 문서 번호 {n}\n").encode()
        target.write_bytes(data)
        count, size = count + 1, size + len(data)
    for copy in range(pdf_copies):
        for pdf in sorted(PDFS.glob("*.pdf")):
            if "encrypted" in pdf.name:
                continue
            target = folder / f"pdf/{copy}/{pdf.name}"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(pdf, target)
            count, size = count + 1, size + pdf.stat().st_size
    return count, size


def pdf_pages(folder: Path) -> int:
    import pypdfium2 as pdfium

    return sum(len(pdfium.PdfDocument(str(p))) for p in folder.rglob("*.pdf"))


def read_and_hash(folder: Path) -> float:
    start = time.perf_counter()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            hashlib.sha256(path.read_bytes()).hexdigest()
    return time.perf_counter() - start


def batch(folder: Path, out: Path, workers: int) -> tuple[float, int]:
    """(seconds, peak RSS in MB of the largest process) of one real batch run."""
    command = [sys.executable, "-c", _MEASURE, sys.executable, "-m", "minutes_extract", "batch",
               str(folder), "-o", str(out), "--to", "jsonl,sqlite", "--workers", str(workers), "--quiet"]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    code, seconds, peak = done.stdout.split()
    if code != "0":
        raise SystemExit(f"batch failed ({code}): {done.stderr}")
    return float(seconds), int(peak) // 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--texts", type=int, default=2000)
    parser.add_argument("--pdf-copies", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    compileall.compile_dir(ROOT / "src", quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        archive = work / "archive"
        files, size = build(archive, args.texts, args.pdf_copies)
        pages = pdf_pages(archive)
        print(f"archive: {files} files ({args.texts} text, {files - args.texts} PDF with {pages} pages), "
              f"{size / 1e6:.1f} MB")
        base = read_and_hash(archive)
        print(f"baseline read+sha256:  {base:7.2f} s  {files / base:8.1f} files/s  "
              f"{size / 1e6 / base:7.1f} MB/s")
        runs: dict[int, list[tuple[float, int]]] = {1: [], 2: []}
        for n in range(args.repeat):
            for workers in (1, 2):
                runs[workers].append(batch(archive, work / f"out{workers}-{n}", workers))
        timings = {}
        for workers, measured in runs.items():
            seconds = timings[workers] = statistics.median(s for s, _ in measured)
            peak = max(p for _, p in measured)
            print(f"batch, {workers} worker(s):   {seconds:7.2f} s  {files / seconds:8.1f} files/s  "
                  f"{size / 1e6 / seconds:7.1f} MB/s  peak {peak} MB  "
                  f"(median of {len(measured)}: {', '.join(f'{s:.2f}' for s, _ in sorted(measured))})")
        speedup = timings[1] / timings[2]
        verdict = "met" if speedup >= 1.7 else "MISSED"
        print(f"2 workers / 1 worker: {speedup:.2f}x (target >= 1.7x: {verdict})")
        again, _ = batch(archive, work / "out2-0", 2)
        print(f"re-run, nothing changed: {again:.2f} s (all {files} skipped)")

        peaks = []
        for scale in (1, 4):
            folder = work / f"scaled{scale}"
            build(folder, args.texts * scale // 4, max(1, args.pdf_copies * scale // 4))
            count = sum(1 for p in folder.rglob("*") if p.is_file())
            _, peak = batch(folder, work / f"mem{scale}", 2)
            peaks.append(peak)
            print(f"peak memory, {count:5d} files: {peak} MB")
        grown = peaks[1] / peaks[0]
        print(f"peak at 4x the files / peak at 1x: {grown:.2f} (target: flat, <= 1.1: "
              f"{'met' if grown <= 1.1 else 'MISSED'})")


if __name__ == "__main__":
    main()
