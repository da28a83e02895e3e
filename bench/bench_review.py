"""How large a review page is and how soon a browser shows it: builds the page of one file,
opens it in headless Chromium (tests/browser.py) and prints its size, the time to build it,
the browser's navigation and paint timings, and how long a click and a speaker filter take.

    PYTHONPATH=src python bench/bench_review.py FILE [FILE ...] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from browser import browser_missing, chromium
from minutes_extract.review import review_file

_LOADED = "return performance.getEntriesByType('navigation')[0].loadEventEnd > 0"
TIMINGS = """const nav = performance.getEntriesByType('navigation')[0];
const paint = Object.fromEntries(performance.getEntriesByType('paint').map(p => [p.name, p.startTime]));
return {dom: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, fcp: paint['first-contentful-paint'],
        turns: document.querySelectorAll('#record .turn').length,
        rows: document.querySelectorAll('#source .ln').length};"""
CLICK = """const items = document.querySelectorAll('#record .remark a.src');
const t0 = performance.now(); items[Math.floor(items.length * 2 / 3)].click();
return performance.now() - t0;"""
FILTER = """const select = document.getElementById('speaker'); select.selectedIndex = 2;
const t0 = performance.now(); select.dispatchEvent(new Event('change'));
document.body.offsetHeight; return performance.now() - t0;"""


def _median(values: list[float | None]) -> float:
    """The median of the timings the browser gave (a headless browser may give no paint
    timing: nan then)."""
    given = [value for value in values if value is not None]
    return statistics.median(given) if given else float("nan")


def measure(path: Path, runs: int) -> None:
    from selenium.webdriver.support.ui import WebDriverWait  # the browser is checked for first

    started = time.perf_counter()
    page, record = review_file(path)
    built = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "review.html"
        target.write_text(page, encoding="utf-8")
        found = []
        with chromium() as driver:
            for _ in range(runs):
                driver.get(target.as_uri())
                # `get` may return before the load event's handlers end (loadEventEnd still 0)
                WebDriverWait(driver, 60).until(lambda d: d.execute_script(_LOADED))
                found.append({**driver.execute_script(TIMINGS), "click": driver.execute_script(CLICK),
                              "filter": driver.execute_script(FILTER)})
    median = {key: _median([run[key] for run in found]) for key in ("dom", "load", "fcp", "click", "filter")}
    print(f"{path}: {record.source.pages or '-'} pages, {len(record.turns)} turns, {found[0]['rows']} lines; "
          f"page {len(page.encode('utf-8')) / 1e6:.2f} MB, built in {built:.2f} s; "
          f"browser (median of {runs}): "
          f"first paint {median['fcp']:.0f} ms, DOMContentLoaded {median['dom']:.0f} ms, "
          f"load {median['load']:.0f} ms, click→lines lit {median['click']:.1f} ms, "
          f"speaker filter {median['filter']:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    missing = browser_missing()
    if missing:
        sys.exit(f"bench_review: {missing}")
    for path in args.files:
        measure(path, args.runs)


if __name__ == "__main__":
    main()
