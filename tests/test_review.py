"""The review page without a browser: built from the record `extract` gives, every value
escaped, every source line coloured and linked, nothing fetched; `review` on the command line
and `batch --to html` with its index."""

from __future__ import annotations

import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import SAMPLES
from minutes_extract.api import read_file
from minutes_extract.cli import main
from minutes_extract.inputs import Document
from minutes_extract.parser import parse
from minutes_extract.review import review_page

ROOT = Path(__file__).resolve().parent.parent
PDF = ROOT / "tests" / "fixtures" / "pdf" / "seoul-full.glyph-spaces-justified.pdf"


class Elements(HTMLParser):
    """Every element with an id, the classes of each line row, the page's text and its tags."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.by_id: dict[str, dict[str, str | None]] = {}
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append((tag, found))
        if found.get("id"):
            self.by_id[found["id"] or ""] = {"tag": tag, **found}

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def rows(self) -> dict[int, str]:
        """{line number: class} of the source rows."""
        return {int(i[1:]): str(a.get("class")) for i, a in self.by_id.items() if re.fullmatch(r"L\d+", i)}


def _document(text: str, path: str = "minutes.txt") -> Document:
    return Document(text=text, path=path, sha256=hashlib.sha256(text.encode()).hexdigest(),
                    source_format="text", encoding="utf-8")


def _page_of(text: str) -> tuple[str, Elements]:
    document = _document(text)
    page = review_page(parse(document), document)
    return page, Elements(page)


def _extract(path: Path, tmp_path: Path) -> dict:
    target = tmp_path / "record.json"
    assert main(["extract", str(path), "-o", str(target)]) in (0, 9)
    return json.loads(target.read_text(encoding="utf-8"))


def test_markup_in_minutes_shows_as_text() -> None:
    text = (SAMPLES / "seoul-short.txt").read_text(encoding="utf-8")
    text = text.replace("개회 선언 및 참석위원 소개", "개회 <script>alert('x')</script> & 소개 <b>굵게</b>")
    text = text.replace("〈○○○ 위원〉", '〈김&박 "위원"〉')
    page, elements = _page_of(text)
    assert "<script>alert" not in page and "<b>굵게" not in page and "<i>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; 소개 &lt;b&gt;굵게&lt;/b&gt;" in page
    assert [tag for tag, _ in elements.tags].count("script") == 1  # the page's own
    assert "i" not in [tag for tag, _ in elements.tags]  # the page itself has no <i>
    shown = "".join(elements.text)
    assert "개회 <script>alert('x')</script> & 소개 <b>굵게</b>" in shown  # as text, in both panes
    assert shown.count("<script>alert") == 2
    assert any(a.get("data-sp") == 'l:김&박 "위원"' for _, a in elements.tags)  # attribute values round-trip


@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.iterdir()))
def test_every_item_links_to_its_lines_and_back(sample: str, tmp_path: Path) -> None:
    """Built from the record extract gives: each turn and remark of that record has its
    element with its lines, and each line links to an element that exists."""
    record = _extract(SAMPLES / sample, tmp_path)
    document = read_file(SAMPLES / sample)
    elements = Elements(review_page(parse(document), document))
    rows = elements.rows()
    assert sorted(rows) == list(range(1, record["source"]["line_count"] + 1))
    for t, turn in enumerate(record["turns"], start=1):
        item = elements.by_id[f"t{t}"]
        assert (item["data-s"], item["data-e"]) == (str(turn["span"]["start_line"]), str(turn["span"]["end_line"]))
        assert "k-speaker" in rows[turn["span"]["start_line"]]
        for r, remark in enumerate(turn["remarks"], start=1):
            assert elements.by_id[f"t{t}-r{r}"]["data-s"] == str(remark["span"]["start_line"])
    links = [a["href"] for tag, a in elements.tags if tag == "a" and a.get("class") == "no" and a.get("href")]
    assert links and all((href or "")[1:] in elements.by_id for href in links)
    assert all((href or "")[1:] in elements.by_id for tag, a in elements.tags if tag == "a"
               for href in [a.get("href")] if href and href.startswith("#"))
    filled = {n for n, line in enumerate(document.text.split("\n"), start=1) if line.strip()}
    assert all(rows[n] != "ln" for n in filled)  # every non-blank line has a kind


def test_furniture_struck_and_pages_marked() -> None:
    lines = (SAMPLES / "seoul-short.txt").read_text(encoding="utf-8").split("\n")
    at = lines.index("〈데이터정책과장〉")
    lines[at:at] = ["- 1 -", "\f"]
    _page, elements = _page_of("\n".join(lines))
    assert elements.rows()[at + 1] == "ln k-furniture"
    assert {"p1", "p2"} <= set(elements.by_id)
    assert "unused" not in " ".join(elements.rows().values())


def test_pdf_pages_and_furniture_as_text_gives(tmp_path: Path) -> None:
    document = read_file(PDF)
    record = parse(document)
    elements = Elements(review_page(record, document))
    marked = set(map(int, re.findall(r"\f\[page (\d+)\]", document.render(page_markers=True))))
    shown = {int(i[1:]) for i in elements.by_id if re.fullmatch(r"p\d+", i)}
    furnished = {f.page for f in record.source.furniture}
    assert len(marked) > 1 and marked <= shown and shown - marked <= furnished  # a page no line starts on
    struck = [a for tag, a in elements.tags if a.get("class") == "ln k-furniture" and "id" not in a]
    assert len(struck) == len(record.source.furniture) > 0
    assert elements.by_id["t1"]["data-s"] is not None


def test_diagnostics_grouped_and_linked_both_ways() -> None:
    page, elements = _page_of((SAMPLES / "seoul-short.txt").read_text(encoding="utf-8"))
    diagnostic = elements.by_id["d1"]  # ST005 on line 42
    assert diagnostic["data-s"] == "42"
    assert re.search(r'<details class="sev-info" open><summary>info \(1\)</summary><ul><li class="item diag" '
                     r'id="d1" data-s="42" data-e="42"><a class="src" href="#L42">line 42</a> <code', page)
    assert re.search(r'id="L42">.*?<a class="dm" href="#d1"', page)


def test_nothing_is_fetched() -> None:
    page, elements = _page_of((SAMPLES / "seoul-full.txt").read_text(encoding="utf-8"))
    assert not re.search(r"https?:|//[a-z]|url\(|@import|<link|<iframe|<img", page, re.IGNORECASE)
    assert all("src" not in a for _, a in elements.tags)
    csp = next(a["content"] for tag, a in elements.tags if a.get("http-equiv") == "Content-Security-Policy")
    assert (csp or "").startswith("default-src 'none'")


def test_cli_review(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "review.html"
    assert main(["review", str(SAMPLES / "assembly-committee.txt"), "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    binary = tmp_path / "x.bin"
    binary.write_bytes(bytes(range(256)) * 4)
    assert main(["review", str(binary), "-o", str(tmp_path / "x.html")]) == 4
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "error" in err and "Traceback" not in err
    notes = tmp_path / "notes.txt"
    notes.write_text("회의와 무관한 메모입니다.\n둘째 줄\n셋째 줄\n넷째 줄\n", encoding="utf-8")
    assert main(["review", str(notes), "-o", str(tmp_path / "notes.html")]) == 0  # written, with a warning
    assert "warning" in capsys.readouterr().err
    assert "k-unused" in (tmp_path / "notes.html").read_text(encoding="utf-8")


def test_batch_html_pages_and_index(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("seoul-short.txt", "assembly-committee.txt"):
        (inputs / name).write_bytes((SAMPLES / name).read_bytes())
    (inputs / "broken.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    out = tmp_path / "out"
    assert main(["batch", "-o", str(out), "--to", "html", "-q", "-j", "1", str(inputs)]) == 8
    index = Elements((out / "html" / "index.html").read_text(encoding="utf-8"))
    links = {a["href"] for tag, a in index.tags if tag == "a"}
    assert len(links) == 2 and all((out / "html" / (href or "")).is_file() for href in links)
    text = "".join(index.text)
    assert "in/broken.pdf" in text and "failed" in text
    for name in ("seoul-short.txt", "assembly-committee.txt"):
        record = _extract(inputs / name, tmp_path)
        remarks = sum(1 for turn in record["turns"] for _ in _walk(turn["remarks"]))
        assert f"{len(record['turns'])}</td><td class=\"num\">{remarks}</td>" in (
            out / "html" / "index.html").read_text(encoding="utf-8")
    page = next((out / "html").rglob("seoul-short.txt.html"))
    assert 'id="t1"' in page.read_text(encoding="utf-8")


def _walk(remarks: list[dict]):
    for remark in remarks:
        yield remark
        yield from _walk(remark["children"])
