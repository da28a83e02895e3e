"""Throughput, memory and start-up of the text pipeline, each beside a baseline from the same run.

    python bench/bench_pipeline.py [--mb 12] [--repeat 3]

1. Full pipeline (read → decode → parse → validated models → JSON written) in MB/s, beside a
   baseline that only decodes the bytes and splits and classifies lines with one regex.
   Target: pipeline ≥ 20% of the baseline.
2. Peak memory (tracemalloc) of the pipeline as a multiple of the input size.
3. Wall time of `minutes-extract extract` on the reference file beside
   `python -c "import pydantic, typer"`: the command's own work should be a small part.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
REFERENCE = "seoul-smart-city-committee-2022-4.txt"

_CLASSIFY = re.compile(
    r"^(?:(?P<header>[〈<＜\u2329].*[〉>＞\u232a])|(?P<nested>\s+[-·]\s)|(?P<bullet>[-·]\s)"
    r"|(?P<section>□\s)|(?P<text>\S))"
)


def build_input(source: Path, target_mb: float) -> bytes:
    """One long meeting: the source's cover and overview, then its turns repeated, each copy
    marked so that no line repeats verbatim (as in a real long session)."""
    lines = source.read_text(encoding="utf-8").split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith("〈") and "회의개요" not in line)
    head, body = "\n".join(lines[:first]) + "\n", lines[first:]
    parts = [head]
    size, copy = len(head.encode()), 0
    while size < target_mb * 1_000_000:
        copy += 1
        chunk = "\n".join(f"{line} ({copy})" if line and not line.startswith("〈") else line
                          for line in body) + "\n"
        parts.append(chunk)
        size += len(chunk.encode())
    return "".join(parts).encode("utf-8")


def baseline(path: Path) -> int:
    text = path.read_bytes().decode("utf-8")
    counts = 0
    match = _CLASSIFY.match
    for line in text.split("\n"):
        if match(line):
            counts += 1
    return counts


def pipeline(path: Path, out: Path) -> int:
    from minutes_extract import parse_file
    from minutes_extract.export import to_json

    record = parse_file(path)
    out.write_bytes(to_json(record))
    return len(record.turns)


def timed(fn, *args, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(*args)
        times.append(time.perf_counter() - start)
    return min(times)


def wall(cmd: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def reference_file() -> Path:
    corpus = os.environ.get("MINUTES_CORPUS", str(ROOT.parent / "shared" / "corpus"))
    path = Path(corpus) / REFERENCE
    return path if path.is_file() else SAMPLES / "seoul-full.txt"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mb", type=float, default=12.0, help="input size in MB (default 12)")
    parser.add_argument("--source", type=Path, default=SAMPLES / "seoul-full.txt",
                        help="minutes file whose turns are repeated (default: the full sample)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best is kept")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "large.txt", Path(tmp) / "large.json"
        src.write_bytes(build_input(args.source, args.mb))
        mb = src.stat().st_size / 1_000_000
        pipeline(src, out)  # warm imports and caches
        turns = pipeline(src, out)
        t_base = timed(baseline, src, repeat=args.repeat)
        t_full = timed(pipeline, src, out, repeat=args.repeat)
        print(f"input: {mb:.1f} MB, {turns} turns, JSON output {out.stat().st_size / 1e6:.1f} MB")
        print(f"{'measure':<44}{'seconds':>10}{'MB/s':>10}")
        print(f"{'baseline: decode + split + 1 regex/line':<44}{t_base:>10.3f}{mb / t_base:>10.1f}")
        print(f"{'pipeline: read→parse→validate→JSON written':<44}{t_full:>10.3f}{mb / t_full:>10.1f}")
        ratio = t_base / t_full
        verdict = "OK" if ratio >= 0.2 else "MISSED"
        print(f"pipeline speed = {ratio:.0%} of baseline (target ≥ 20%): {verdict}")

        tracemalloc.start()
        pipeline(src, out)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"peak memory (tracemalloc): {peak / 1e6:.0f} MB = {peak / (mb * 1e6):.1f}× the input")

    ref = reference_file()
    runs = {
        "python -c pass": [sys.executable, "-c", "pass"],
        'python -c "import pydantic, typer"': [sys.executable, "-c", "import pydantic, typer"],
        "… + build our pydantic models and the CLI": [
            sys.executable, "-c", "import minutes_extract.models, minutes_extract.cli"],
        "minutes-extract extract <reference>": [sys.executable, "-m", "minutes_extract", "extract", str(ref)],
    }
    times = {label: wall(cmd, 7) for label, cmd in runs.items()}
    print(f"\nstart-up, median of 7 runs ({ref.name}):")
    for label, seconds in times.items():
        print(f"{label:<44}{seconds:>10.3f} s")
    t_cmd = times["minutes-extract extract <reference>"]
    t_imp = times['python -c "import pydantic, typer"']
    t_models = times["… + build our pydantic models and the CLI"]
    beyond = t_cmd - t_imp
    print(f"beyond importing pydantic and typer: {beyond:.3f} s ({beyond / t_cmd:.0%} of the run)")
    print(f"the command's own work (read, parse, validate, write): {t_cmd - t_models:.3f} s "
          f"({(t_cmd - t_models) / t_cmd:.0%} of the run)")

if __name__ == "__main__":
    main()
