"""HWP speed and fidelity: our readers (inputs/hwp) beside python-hwpx, one run.

    PYTHONPATH=src python bench/bench_hwp.py [--runs N] [--mb 5]

For each HWP 5 / HWPX fixture of tests/fixtures/hwp (our samples and the object document)
and a large document built from them (their paragraphs repeated to about --mb MB of text),
prints MB of file per CPU-second (median of N runs) for our reader (bytes → Document text)
and for python-hwpx (open → `doc.text.plain()`), and whether each one's text agrees with
the preview text stored in the file (whitespace and cell marks removed, prefix compared).
Needs python-hwpx (the test extra) for its column; ours runs without it.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "hwp"
sys.path.insert(0, str(ROOT / "tools"))

from minutes_extract.inputs.hwp.preview import comparable, preview_text  # noqa: E402


def ours(data: bytes) -> str:
    from minutes_extract.inputs.document import ReadOptions
    from minutes_extract.inputs.hwp import is_hwpx, read_hwp5, read_hwpx

    read = read_hwpx if is_hwpx(data) else read_hwp5
    return read(data, "bench", ReadOptions()).text


def python_hwpx(data: bytes) -> str:
    from hwpx import HwpxDocument

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        document = HwpxDocument.open(io.BytesIO(data))
        return document.text.plain()


preview = preview_text
squeeze = comparable


def cpu_rate(read: Callable[[bytes], str], data: bytes, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.process_time()
        read(data)
        times.append(time.process_time() - start)
    return len(data) / 1e6 / max(statistics.median(times), 1e-9)


def large(mb: float) -> dict[str, bytes]:
    """The samples' and the object document's paragraphs repeated to about `mb` MB of text."""
    from hwpx.hwp5.writer import write_hwp5

    import make_hwp_fixtures as make

    lines = [line for p in sorted((ROOT / "samples").iterdir())
             for line in p.read_text(encoding="utf-8").split("\n")]
    unit = sum(len(line.encode()) + 1 for line in lines)
    doc, preview_lines = make.features_document()
    for line in lines:
        doc.add_paragraph(line)
    files = make.package_files(doc, preview_lines + lines)
    section = files["Contents/section0.xml"].decode("utf-8")
    head, _, rest = section.partition("<hp:p ")
    body, _, _ = ("<hp:p " + rest).rpartition("</hs:sec>")
    files["Contents/section0.xml"] = (head + body * max(1, round(mb * 1e6 / unit)) + "</hs:sec>").encode()
    return {"large.hwpx": make.hwpx_bytes(files), "large.hwp": write_hwp5(files)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--mb", type=float, default=5.0)
    args = parser.parse_args()
    cases = {p.name: p.read_bytes() for p in sorted(FIXTURES.glob("*.hwp*"))
             if not p.stem.startswith(("distribution", "password", "viewtext", "hwpx-named"))}
    cases.update(large(args.mb))
    print(f"{'file':28} {'KB':>7}  {'ours MB/s':>9} {'agrees':>6}  {'python-hwpx MB/s':>16} {'agrees':>6}")
    for name, data in cases.items():
        truth = squeeze(preview(data))
        row = [f"{name:28} {len(data) / 1e3:7.1f}"]
        for read, width in ((ours, 9), (python_hwpx, 16)):
            agrees = squeeze(read(data)).startswith(truth)
            row.append(f"{cpu_rate(read, data, args.runs):{width}.2f} {'yes' if agrees else 'NO':>6}")
        print("  ".join(row))


if __name__ == "__main__":
    main()
