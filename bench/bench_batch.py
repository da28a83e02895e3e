"""How `batch` scales with workers, and what stops it: the phases of each run.

Builds an archive of --size MB (default 100): text minutes made from samples/ (and, with
--corpus, the corpus's Seoul text and council Markdown), each made distinct, for --text-share of
the bytes; the rest copies of PDFs (the corpus's National Assembly PDFs with --corpus, else the
test fixtures). Then runs `minutes-extract batch` as a real process for each --workers count,
--repeat times, alternating, and prints medians: the machine's noise (other tenants of a shared
host) moves single runs by ±15 %.

Per run, the phases the batch reports (its summary's `time:` line):
- start-up: the process's start, imports, planning, warm-up, until the first chunk is out
  (wall time minus the two below, so the interpreter's start counts too);
- parse: until the last file is committed; `commits` is the part of it the database was held
  (writers take it in turn, so the parse phase cannot be shorter than their total);
- end: the exports and counts after the last commit.
From the one-worker run's phases it predicts the time for n workers as
start-up + end + max(parse / n, commits) (Amdahl, with the database's turn as a floor) and
prints that beside what was measured. Targets: serial (start-up + end) ≤ 3 % of the one-worker
run; 2 workers ≥ 1.8x one.

With --scheduler local:N it runs instead `batch --scheduler local:N` beside the local pool of N
workers (`-j N`), alternating, on the same archive and outputs (default --to jsonl,parquet), and
prints Dask's overhead: the median of the paired runs' time ratios, less one. Target <= 15%.

Usage: python bench/bench_batch.py [--size 100] [--workers 1,2] [--repeat 3] [--corpus DIR]
       [--to jsonl,sqlite] [--archive DIR (kept, and reused when it exists)] [--memory]
       [--scheduler local:N]
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
FIXTURE_PDFS = ROOT / "tests" / "fixtures" / "pdf"
TEXT_SAMPLES = ("seoul-short.txt", "seoul-full.txt", "assembly-committee.txt", "assembly-multi-item.txt",
                "council-committee.md", "council-plenary.md")
PREDICT = (4, 8, 16, 64)
_MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(done.returncode, seconds, usage.ru_maxrss, usage.ru_utime + usage.ru_stime)
sys.stdout.write(done.stdout)
sys.stderr.write(done.stderr[-600:] if done.returncode else "")
"""
_PHASES = re.compile(r"start-up ([\d.]+) s, parse ([\d.]+) s of which commits ([\d.]+) s, end ([\d.]+) s")


@dataclass
class Run:
    seconds: float
    start_up: float
    parse: float
    commits: float
    end: float
    peak_mb: int
    cpu: float = 0.0  # user + system seconds of every process the run waited for (workers too)

    @property
    def serial(self) -> float:
        return self.start_up + self.end


def _texts(corpus: Path | None) -> list[str]:
    bodies = [(SAMPLES / name).read_text(encoding="utf-8") for name in TEXT_SAMPLES]
    if corpus is not None:
        bodies += [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]
        bodies += [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("local-council/*/minutes.md"))]
    return bodies


def _pdfs(corpus: Path | None) -> list[Path]:
    if corpus is not None:
        found = sorted(corpus.glob("national-assembly/*/minutes.pdf"))
        if found:
            return found
    return [p for p in sorted(FIXTURE_PDFS.glob("*.pdf")) if "encrypted" not in p.name]


def build(folder: Path, size_mb: float, text_share: float, corpus: Path | None) -> tuple[int, int, int]:
    """The archive; returns (text files, PDF files, bytes)."""
    target_bytes = int(size_mb * 1e6)
    bodies, pdfs = _texts(corpus), _pdfs(corpus)
    texts = size = 0
    while size < target_bytes * text_share:
        body = bodies[texts % len(bodies)].replace("제1차", f"제{texts + 1}차", 1)
        data = (body + f"\n〈위원장〉\n\n- 문서 번호 {texts}\n").encode()
        suffix = "md" if body.lstrip().startswith("#") else "txt"
        target = folder / f"text/{texts // 1000:03d}/{texts:06d}.{suffix}"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        texts, size = texts + 1, size + len(data)
    copies = 0
    while size < target_bytes:
        for pdf in pdfs:
            target = folder / f"pdf/{copies:04d}/{pdf.parent.name if corpus else pdf.stem}.pdf"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(pdf, target)
            size += pdf.stat().st_size
        copies += 1
    return texts, copies * len(pdfs), size


def batch(folder: Path, out: Path, workers: int, to: str, scheduler: str | None = None) -> Run:
    """One real batch run into a fresh OUT, and its phases."""
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-c", _MEASURE, sys.executable, "-m", "minutes_extract", "batch",
               str(folder), "-o", str(out), "--to", to, "--workers", str(workers), "--quiet",
               *(["--scheduler", scheduler] if scheduler else [])]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
    head, _, summary = done.stdout.partition("\n")
    code, seconds, peak, cpu = head.split()
    found = _PHASES.search(summary)
    if code not in ("0", "9") or found is None:  # 9: some files without turns (fixtures), not a failure
        raise SystemExit(f"batch failed ({code}): {done.stderr}{summary}")
    parse, commits, end = float(found[2]), float(found[3]), float(found[4])
    wall = float(seconds)
    shutil.rmtree(out, ignore_errors=True)
    return Run(wall, wall - parse - end, parse, commits, end, int(peak) // 1024, float(cpu))


def _seconds(run: Run) -> float:
    return run.seconds


def _median_run(runs: list[Run]) -> Run:
    """The run of median wall time (its phases belong together)."""
    return sorted(runs, key=_seconds)[len(runs) // 2]


def predict(one: Run, workers: int) -> float:
    return one.start_up + one.end + max(one.parse / workers, one.commits)


def report(runs: dict[int, list[Run]]) -> None:
    one = _median_run(runs[1]) if 1 in runs else None
    print(f"{'workers':>7} {'seconds':>8} {'start-up':>9} {'parse':>8} {'commits':>8} {'end':>7} "
          f"{'serial%':>8} {'speed-up':>9} {'peak MB':>8}  runs (s)")
    for workers, measured in sorted(runs.items()):
        run = _median_run(measured)
        speedup = f"{one.seconds / run.seconds:.2f}x" if one else "-"
        print(f"{workers:>7} {run.seconds:8.2f} {run.start_up:9.2f} {run.parse:8.2f} {run.commits:8.2f} "
              f"{run.end:7.2f} {100 * run.serial / run.seconds:7.1f}% {speedup:>9} {run.peak_mb:8d}  "
              + ", ".join(f"{r.seconds:.2f}" for r in sorted(measured, key=lambda r: r.seconds)))
    if one is None:
        return
    serial = one.serial / one.seconds
    print(f"\nserial part of the one-worker run (start-up + end): {100 * serial:.1f}% "
          f"(target <= 3%: {'met' if serial <= 0.03 else 'MISSED'}); "
          f"commits {100 * one.commits / one.seconds:.1f}%")
    print("predicted from the one-worker phases (start-up + end + max(parse/n, commits)):")
    for workers in sorted({*PREDICT, *runs}):
        measured = (f", measured {one.seconds / _median_run(runs[workers]).seconds:.2f}x"
                    if workers in runs else "")
        print(f"  {workers:>3} workers: {one.seconds / predict(one, workers):5.2f}x{measured}")
    if 2 in runs:
        two = one.seconds / _median_run(runs[2]).seconds
        print(f"2 workers / 1 worker: {two:.2f}x (target >= 1.8x: {'met' if two >= 1.8 else 'MISSED'})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=float, default=100.0, help="archive size in MB (default 100)")
    parser.add_argument("--text-share", type=float, default=0.5, help="share of the bytes in text minutes")
    parser.add_argument("--workers", default="1,2", help="worker counts, e.g. 1,2,4,8,16")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--to", default="jsonl,sqlite")
    parser.add_argument("--corpus", type=Path, default=None, help="the corpus (else samples and fixtures)")
    parser.add_argument("--archive", type=Path, default=None, help="build the archive here, or reuse it")
    parser.add_argument("--memory", action="store_true", help="also: peak memory at 1/4 and all of --size")
    parser.add_argument("--scheduler", default=None, help="local:N: the Dask run beside the local pool "
                        "of N workers, instead of the worker counts (--to jsonl,parquet unless given)")
    args = parser.parse_args()
    counts = [int(n) for n in args.workers.split(",")]
    compileall.compile_dir(ROOT / "src", quiet=1)  # as an installed package is: no compiling at start-up
    with tempfile.TemporaryDirectory() as tmp:
        archive = args.archive or Path(tmp) / "archive"
        if not archive.exists():
            texts, pdfs, size = build(archive, args.size, args.text_share, args.corpus)
            print(f"archive {archive}: {texts} text + {pdfs} PDF files, {size / 1e6:.1f} MB")
        else:
            size = sum(p.stat().st_size for p in archive.rglob("*") if p.is_file())
            print(f"archive {archive} (reused): {size / 1e6:.1f} MB")
        if args.scheduler and args.to == "jsonl,sqlite":
            args.to = "jsonl,parquet"  # what a Dask run writes
        print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} before; "
              f"--to {args.to}")
        if args.scheduler:
            _dask_beside_pool(archive, Path(tmp) / "out", args)
            return
        runs: dict[int, list[Run]] = {n: [] for n in counts}
        for _ in range(args.repeat):  # alternating: the load moves every count alike
            for workers in counts:
                runs[workers].append(batch(archive, Path(tmp) / "out", workers, args.to))
        print(f"load average after: {os.getloadavg()[0]:.2f}\n")
        report(runs)
        if args.memory:
            _memory(Path(tmp), args, max(counts))


def _dask_beside_pool(archive: Path, out: Path, args: argparse.Namespace) -> None:
    """`--scheduler local:N` against `-j N`, alternating, the same outputs: Dask's overhead."""
    workers = int(args.scheduler.removeprefix("local:"))
    to = args.to
    pool: list[Run] = []
    dask: list[Run] = []
    for _ in range(args.repeat):
        pool.append(batch(archive, out, workers, to))
        dask.append(batch(archive, out, workers, to, args.scheduler))
    print(f"load average after: {os.getloadavg()[0]:.2f}; --to {to}\n")
    print(f"{'run':>22} {'seconds':>8} {'start-up':>9} {'parse':>8} {'end':>7} {'CPU s':>7} {'peak MB':>8}  "
          "runs (s)")
    for label, measured in ((f"local pool, {workers} workers", pool), (f"dask {args.scheduler}", dask)):
        run = _median_run(measured)
        print(f"{label:>22} {run.seconds:8.2f} {run.start_up:9.2f} {run.parse:8.2f} {run.end:7.2f} "
              f"{statistics.median(r.cpu for r in measured):7.2f} {run.peak_mb:8d}  "
              + ", ".join(f"{r.seconds:.2f}" for r in sorted(measured, key=_seconds)))
    overhead = statistics.median(d.seconds / p.seconds for p, d in zip(pool, dask, strict=True)) - 1
    cpu = statistics.median(d.cpu / p.cpu for p, d in zip(pool, dask, strict=True)) - 1
    print(f"\nDask overhead at {workers} workers (median of the paired runs' ratios): wall "
          f"{100 * overhead:+.1f}% (target <= 15%: {'met' if overhead <= 0.15 else 'MISSED'}); "
          f"CPU time {100 * cpu:+.1f}% (less moved by other tenants of the machine)")


def _memory(work: Path, args: argparse.Namespace, workers: int) -> None:
    """Peak memory (the largest process) does not grow with the archive."""
    peaks = []
    for share in (0.25, 1.0):
        folder = work / f"memory{share}"
        build(folder, args.size * share, args.text_share, args.corpus)
        peaks.append(batch(folder, work / "out", workers, args.to).peak_mb)
        shutil.rmtree(folder)
    grown = peaks[1] / peaks[0]
    print(f"peak memory, {workers} workers: {peaks[0]} MB at 1/4 of the archive, {peaks[1]} MB at all "
          f"({grown:.2f}; target flat, <= 1.1: {'met' if grown <= 1.1 else 'MISSED'})")


if __name__ == "__main__":
    main()
