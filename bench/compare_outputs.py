"""Snapshot what `extract` writes for every sample and corpus file, to prove a change kept the
output byte-identical.

    python bench/compare_outputs.py snapshot DIR   # extract, text and check each file
    python bench/compare_outputs.py diff OLD NEW   # name every output that differs

Each file is extracted by the CLI (one process per file and format, the path users take: JSON,
JSON Lines, CSV, TEI), by the library (`parse_file` + `to_json`), printed by `text`, and checked
by `check -f json --severity info` (every lint diagnostic), so every path is compared. The Excel
workbook is left out (a zip with its own timestamps); so is the scanned PDF unless --ocr is
given (OCR takes minutes).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ("json", "jsonl", "csv", "tei")
_OTHERS = {"text": ["text"], "check": ["check", "-f", "json", "--severity", "info", "--fail-on", "never"]}


def inputs(with_ocr: bool) -> list[Path]:
    """Every sample and every corpus file that `extract` reads (not the SOURCE.txt notes)."""
    corpus = Path(os.environ.get("MINUTES_CORPUS", str(ROOT.parent / "shared" / "corpus")))
    found = sorted(p for p in (ROOT / "samples").iterdir() if p.is_file())
    if corpus.is_dir():
        found += sorted(p for p in corpus.rglob("*") if p.is_file() and p.name != "SOURCE.txt"
                        and (with_ocr or "scanned" not in p.parts))
    return found


def snapshot(target: Path, with_ocr: bool) -> None:
    from minutes_extract import parse_file
    from minutes_extract.export import to_json

    target.mkdir(parents=True, exist_ok=True)
    for path in inputs(with_ocr):
        stem = f"{path.parent.name}--{path.name}"
        for fmt in FORMATS:
            cmd = [sys.executable, "-m", "minutes_extract", "extract", "-f", fmt, "--allow-empty", str(path)]
            done = subprocess.run(cmd, capture_output=True, check=False)
            (target / f"{stem}.cli.{fmt}").write_bytes(done.stdout + b"\nrc=%d\n" % done.returncode)
        for name, args in _OTHERS.items():
            cmd = [sys.executable, "-m", "minutes_extract", *args, str(path)]
            done = subprocess.run(cmd, capture_output=True, check=False)
            (target / f"{stem}.{name}").write_bytes(done.stdout + b"\nrc=%d\n" % done.returncode)
        (target / f"{stem}.api.json").write_bytes(to_json(parse_file(path)))
        print(stem, flush=True)


def diff(old: Path, new: Path) -> int:
    names = sorted({p.name for p in old.iterdir()} | {p.name for p in new.iterdir()})
    bad = [n for n in names if not (old / n).is_file() or not (new / n).is_file()
           or (old / n).read_bytes() != (new / n).read_bytes()]
    for name in bad:
        print(f"DIFFERS: {name}")
    print(f"{len(names) - len(bad)} of {len(names)} outputs identical")
    return 1 if bad else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    snap = sub.add_parser("snapshot")
    snap.add_argument("dir", type=Path)
    snap.add_argument("--ocr", action="store_true", help="include the scanned PDF (slow)")
    cmp_ = sub.add_parser("diff")
    cmp_.add_argument("old", type=Path)
    cmp_.add_argument("new", type=Path)
    args = parser.parse_args()
    if args.command == "snapshot":
        snapshot(args.dir, args.ocr)
        return 0
    return diff(args.old, args.new)


if __name__ == "__main__":
    sys.exit(main())
