"""HTML parsers side by side: the standard library's html.parser (what the reader uses), lxml
and selectolax, on a large generated viewer page (samples/assembly-viewer.html with its body
repeated), and on broken markup.

    PYTHONPATH=src python bench/bench_html.py [--repeat 200] [--runs 7]

Speed: median seconds to build a tree (and, for the standard library, the reader's whole job:
decode, tree, lines). Robustness: for each broken snippet, whether the parser raised and
whether every word of the snippet's visible text came out. lxml and selectolax are optional
here: a parser not installed is reported as such.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from minutes_extract.inputs.document import ReadOptions
from minutes_extract.inputs.html import read_html
from minutes_extract.inputs.html.lines import page_lines
from minutes_extract.inputs.html.tree import parse_html

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "assembly-viewer.html"
BROKEN = {
    "unclosed p and div": "<div><p>의장 김병국 <p>둘째 문단 <div>셋째",
    "stray end tags": "</div></span><p>가결 되었음을</b></td> 선포합니다</p></table>",
    "unclosed comment": "<p>앞 문장</p><!-- 주석이 닫히지 않음 <p>뒤 문장</p>",
    "bad attribute quotes": "<p class=\"a>속기 <span id='x>발언</span> 내용</p>",
    "deep nesting": "<div>" * 5000 + "깊은 곳의 말" + "</div>" * 10,
    "table without rows": "<table><td>일시</td><td>2025년</td></table> 이후",
    "lone lt and amp": "<p>1억 원 < 필요액 & 위생 <3 점검</p>",
    "script never closed": "<p>보이는 글</p><script>var a = '<p>';",
}
_VISIBLE = {  # the words a reader of each broken snippet sees (script and comment text is not seen)
    "unclosed comment": "앞 문장",
    "script never closed": "보이는 글",
}


def large_page(repeat: int) -> bytes:
    text = SAMPLE.read_text(encoding="utf-8")
    head, rest = text.split('<div class="minutes_body">', 1)
    body, tail = rest.split('<div class="minutes_footer">', 1)
    body = body.rsplit("</div>", 1)[0]
    return (head + '<div class="minutes_body">' + body * repeat + '</div>\n<div class="minutes_footer">'
            + tail).encode("utf-8")


def _parsers() -> dict[str, tuple[Callable[[str], object], Callable[[str], str]] | str]:
    """name -> (build a tree, visible text) or why it is missing."""
    out: dict[str, tuple[Callable[[str], object], Callable[[str], str]] | str] = {
        "html.parser (stdlib)": (parse_html, lambda t: "\n".join(page_lines(parse_html(t).root))),
    }
    try:
        import lxml.html as lxml_html

        out["lxml"] = (lxml_html.document_fromstring,
                       lambda t: lxml_html.document_fromstring(t).text_content())
    except ImportError:
        out["lxml"] = "not installed"
    try:
        from selectolax.lexbor import LexborHTMLParser  # 1.0 dropped the old Modest backend

        out["selectolax (lexbor)"] = (LexborHTMLParser,
                                      lambda t: LexborHTMLParser(t).text(separator=" ") or "")
    except ImportError:
        out["selectolax"] = "not installed"
    return out


def _median(call: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _words(text: str) -> set[str]:
    return set(re.findall(r"[가-힣0-9]+", text))


def robustness(build: Callable[[str], object], visible: Callable[[str], str]) -> tuple[int, int]:
    """(snippets it raised on, snippets where a visible word went missing)."""
    raised = lost = 0
    for name, snippet in BROKEN.items():
        try:
            build(snippet)
            seen = _words(visible(snippet))
        except Exception:
            raised += 1
            continue
        wanted = _words(_VISIBLE.get(name, re.sub(r"<[^>]*>", " ", snippet)))
        lost += bool(wanted - seen)
    return raised, lost


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    data = large_page(args.repeat)
    text = data.decode("utf-8")
    print(f"page: {len(data) / 1e6:.1f} MB ({args.repeat} x the sample's body), median of {args.runs} runs")
    print(f"{'parser':24} {'tree s':>8} {'MB/s':>7} {'raised':>7} {'lost words':>11}")
    for name, entry in _parsers().items():
        if isinstance(entry, str):
            print(f"{name:24} {entry}")
            continue
        build, visible = entry
        seconds = _median(lambda build=build: build(text), args.runs)
        raised, lost = robustness(build, visible)
        print(f"{name:24} {seconds:8.3f} {len(data) / 1e6 / seconds:7.1f} {raised:4}/{len(BROKEN)} "
              f"{lost:7}/{len(BROKEN)}")
    whole = _median(lambda: read_html(data, "bench.html", ReadOptions()), args.runs)
    print(f"{'stdlib reader, whole':24} {whole:8.3f} {len(data) / 1e6 / whole:7.1f}   "
          "(decode + tree + viewer lines)")


if __name__ == "__main__":
    main()
