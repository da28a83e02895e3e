"""Excel writers side by side: openpyxl (write-only mode) and XlsxWriter (constant-memory
mode), each writing one sheet of 100,000 remark-like rows (integers, Korean text, empty cells)
with a frozen header row and column widths, as the xlsx exporter does.

    PYTHONPATH=src python bench/bench_xlsx.py [--rows 100000] [--runs 3]

Prints, per library, the median seconds of the runs, the peak memory Python allocated
(tracemalloc, in a separate untimed run) and the file size. A library not installed is
reported as such.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

COLUMNS = ("meeting_id", "remark_no", "turn_id", "speaker_name", "speaker_role", "section",
           "depth", "label", "text", "start_line", "end_line", "page_start")
_TEXT = "성원이 되었으므로 제421회 국회(임시회) 제3차 미래도시교통위원회를 개의하겠습니다. & <의사일정>"


def rows(count: int) -> Iterator[tuple[object, ...]]:
    for n in range(1, count + 1):
        yield (1 + n // 5000, n, 1 + n // 4, f"허태윤{n % 50}", "위원", "2. 도시철도 안전관리 현황 보고",
               1 + n % 2, None, f"{n} {_TEXT}", n * 2, n * 2 + 1, 1 + n // 40)


def with_openpyxl(target: Path, count: int) -> None:
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet("remarks")
    sheet.freeze_panes = "A2"
    for index in range(1, len(COLUMNS) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 14
    sheet.append(COLUMNS)
    for row in rows(count):
        sheet.append(row)
    book.save(target)


def with_xlsxwriter(target: Path, count: int) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(target), {"constant_memory": True, "strings_to_formulas": False,
                                             "strings_to_urls": False, "strings_to_numbers": False})
    sheet = book.add_worksheet("remarks")
    sheet.freeze_panes(1, 0)
    sheet.set_column(0, len(COLUMNS) - 1, 14)
    sheet.write_row(0, 0, COLUMNS)
    for number, row in enumerate(rows(count), start=1):
        sheet.write_row(number, 0, row)
    book.close()


WRITERS: dict[str, Callable[[Path, int], None]] = {"openpyxl": with_openpyxl, "XlsxWriter": with_xlsxwriter}


def measure(name: str, write: Callable[[Path, int], None], count: int, runs: int) -> str:
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / f"{name}.xlsx"
        try:
            write(target, 10)
        except ImportError:
            return f"{name:<11} not installed"
        seconds = []
        for _ in range(runs):
            started = time.perf_counter()
            write(target, count)
            seconds.append(time.perf_counter() - started)
        tracemalloc.start()
        write(target, count)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        size = target.stat().st_size
    return (f"{name:<11} {statistics.median(seconds):6.2f} s  (runs {', '.join(f'{s:.2f}' for s in seconds)})"
            f"  peak {peak / 1e6:6.1f} MB  file {size / 1e6:5.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"{args.rows} rows x {len(COLUMNS)} columns, median of {args.runs} runs")
    for name, write in WRITERS.items():
        print(measure(name, write, args.rows, args.runs), flush=True)


if __name__ == "__main__":
    main()
