"""What the client of `batch --scheduler` spends before the first task: planning --paths
input paths (default 1,000,000): expanding a --from-list, stat-ing each file against the
manifest, and cutting the chunks. Prints seconds and peak memory (tracemalloc, and the
process's maxrss) for a first run (every file new) and a re-run (every file unchanged).

The paths are hard links to one sample in a temporary folder (a directory entry each, no
copies), so that stat and the manifest see real files. Nothing is parsed: no cluster starts.

Usage: python bench/bench_dask_plan.py [--paths 1000000] [--folder DIR (kept)]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import tempfile
import time
import tracemalloc
from pathlib import Path

from minutes_extract.batch.distributed import CHUNK_BYTES, CHUNK_FILES, plan
from minutes_extract.batch.manifest import Manifest
from minutes_extract.batch.remote import Target
from minutes_extract.batch.runner import BatchOptions, _chunks
from minutes_extract.files import expand

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "seoul-short.txt"
_PER_FOLDER = 10_000


def make_links(folder: Path, count: int) -> Path:
    """`count` links to the sample, 10,000 a folder (each with its own copy), and the list naming them."""
    listing = folder / "list.txt"
    if listing.exists() and sum(1 for _ in listing.open()) == count:
        return listing
    with listing.open("w", encoding="utf-8") as names:
        for n in range(count):
            target = folder / f"d{n // _PER_FOLDER:04d}" / f"{n:07d}.txt"
            if n % _PER_FOLDER == 0:
                target.parent.mkdir(parents=True, exist_ok=True)
                source = target.parent / "sample.txt"  # a copy a folder: links per file are limited
                shutil.copyfile(SAMPLE, source)
            if not target.exists():
                os.link(source, target)
            names.write(f"{target}\n")
    return listing


def measure(listing: Path, out: Path, label: str) -> None:
    tracemalloc.start()
    started = time.perf_counter()
    inputs = expand([], str(listing))
    expanded = time.perf_counter()
    manifest = Manifest(Target(str(out)))
    tasks, skipped, _ = plan(inputs.files, manifest, BatchOptions(inputs=(), out=out))
    planned = time.perf_counter()
    chunks = sum(1 for _ in _chunks(tasks, 8, CHUNK_FILES, CHUNK_BYTES))
    if tasks:  # what the run records: every file, as done (the chunks' answers, shortened)
        manifest.record([(t.file_id, t.path, t.relpath, t.size, t.mtime_ns, None, "ok", None, None, "{}")
                         for t in tasks], "bench")
    ended = time.perf_counter()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    manifest.close()
    print(f"{label}: {len(inputs.files):,} paths, {len(tasks):,} tasks in {chunks:,} chunks, {skipped:,} "
          f"unchanged; expand {expanded - started:.1f} s, plan {planned - expanded:.1f} s, chunks+manifest "
          f"{ended - planned:.1f} s; total {ended - started:.1f} s; peak traced {peak / 2**20:.0f} MiB, "
          f"maxrss {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--paths", type=int, default=1_000_000)
    parser.add_argument("--folder", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.folder or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        listing = make_links(folder, args.paths)
        print(f"{args.paths:,} links made in {time.perf_counter() - started:.1f} s")
        out = Path(scratch) / "out"
        measure(listing, out, "first run")
        measure(listing, out, "re-run  ")


if __name__ == "__main__":
    main()
