"""Write the HWP 5 and HWPX fixtures of tests/fixtures/hwp/ from our own samples and a few
built documents (tables, a nested table, a text box, a footnote, tabs and line breaks).

python-hwpx (Apache-2.0, test-only) writes the HWPX; its HWP 5 writer turns the same package
into an .hwp. Each file gets a preview text (PrvText in HWP 5, Preview/PrvText.txt in HWPX)
made here from the document model, not by any reader: cells as `<cell>`, one table row a line,
a nested table's rows after the row holding it, notes and text boxes after their paragraph.
The tests compare it with what the reader extracts. Run from the repository root:

    PYTHONPATH=src .venv/bin/python tools/make_hwp_fixtures.py
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from hwpx import HwpxDocument
from hwpx.hwp5.cfb import build_compound_file
from hwpx.hwp5.writer import write_hwp5

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "hwp"
# A table is a list of rows; a cell is a string or (text, nested table).
Cell = str | tuple[str, list]


def sample_document(lines: list[str]) -> tuple[HwpxDocument, list[str]]:
    """One paragraph per line of a text sample; the first goes into the template's own."""
    doc = HwpxDocument.new()
    doc.paragraphs[0].text = lines[0]
    for line in lines[1:]:
        doc.add_paragraph(line)
    return doc, list(lines)


def features_document() -> tuple[HwpxDocument, list[str]]:
    """Every object kind the readers lay out, and the preview lines of it."""
    doc = HwpxDocument.new()
    preview: list[str] = []
    doc.paragraphs[0].text = "제1차 표본위원회 회의록"
    preview.append("제1차 표본위원회 회의록")
    doc.add_paragraph("일시\t2025. 3. 4.(화)\n장소\t본관 회의실")
    preview += ["일시\t2025. 3. 4.(화)", "장소\t본관 회의실"]
    rows: list[list[Cell]] = [["구분", "성명"], ["위원장", "김가온"],
                              ["위원", ("", [["이나래", "출석"], ["박다온", "결석"]])]]
    _table(doc, rows, preview)
    note = doc.add_paragraph("◯위원장 김가온  회의를 시작하겠습니다.")
    preview.append(note.text)
    doc.notes.add_footnote("이 회의는 공개로 진행되었음.", note)
    preview.append("이 회의는 공개로 진행되었음.")
    box = doc.add_paragraph("(참고 자료)")
    preview.append("(참고 자료)")
    doc.shapes.add_rectangle(paragraph=box).set_draw_text("글상자 안의 안내문")
    preview.append("글상자 안의 안내문")
    doc.add_paragraph("◯위원 이나래  질의하겠습니다.\n두 번째 줄입니다.")
    preview += ["◯위원 이나래  질의하겠습니다.", "두 번째 줄입니다."]
    return doc, preview


def _table(doc: HwpxDocument, rows: list[list[Cell]], preview: list[str], cell=None) -> None:
    table = (cell or doc).add_table(len(rows), len(rows[0]))
    nested = []
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            text, inner = (value, None) if isinstance(value, str) else value
            table.cell(r, c).set_text(text)
            if inner:
                nested.append((table.cell(r, c), inner))
        preview.append("".join(f"<{v if isinstance(v, str) else v[0]}>" for v in row))
        for holder, inner in nested:
            _table(doc, inner, preview, holder)
        nested.clear()


def package_files(doc: HwpxDocument, preview: list[str]) -> dict[str, bytes]:
    """The HWPX parts with our preview text and without the preview image (size)."""
    with zipfile.ZipFile(io.BytesIO(doc.to_bytes())) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    files.pop("Preview/PrvImage.png", None)
    files["Preview/PrvText.txt"] = "\r\n".join(preview).encode("utf-8")
    return files


def hwpx_bytes(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), files["mimetype"])  # first, stored
        for name, data in files.items():
            if name != "mimetype":
                archive.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def with_flags(hwp: bytes, flags: int) -> bytes:
    """The same compound file with FileHeader's property bits set in place (same sizes)."""
    at = hwp.index(b"HWP Document File") + 36
    value = int.from_bytes(hwp[at:at + 4], "little") | flags
    return hwp[:at] + value.to_bytes(4, "little") + hwp[at + 4:]


def write_all() -> list[Path]:
    OUT.mkdir(parents=True, exist_ok=True)
    written = []
    built = {p.stem: sample_document(p.read_text(encoding="utf-8").rstrip("\n").split("\n"))
             for p in sorted([*ROOT.glob("samples/*.txt"), *ROOT.glob("samples/*.md")])}
    built["features"] = features_document()
    for stem, (doc, preview) in built.items():
        files = package_files(doc, preview)
        for name, data in ((f"{stem}.hwpx", hwpx_bytes(files)), (f"{stem}.hwp", write_hwp5(files))):
            (OUT / name).write_bytes(data)
            written.append(OUT / name)
    hwp = (OUT / "features.hwp").read_bytes()
    extra = {
        "hwpx-named.hwp": (OUT / "features.hwpx").read_bytes(),
        "distribution.hwp": with_flags(hwp, 4),
        "password.hwp": with_flags(hwp, 2),
        "viewtext-only.hwp": build_compound_file([
            ("FileHeader", b"HWP Document File".ljust(32, b"\0") + bytes(224)),
            ("ViewText/Section0", b"\x01" * 64)]),
        "not-hwp.doc": build_compound_file([("WordDocument", b"\0" * 600)]),
        "not-hwpx.docx": _docx(),
    }
    for name, data in extra.items():
        (OUT / name).write_bytes(data)
        written.append(OUT / name)
    return written


def _docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
    return out.getvalue()


if __name__ == "__main__":
    for path in write_all():
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size} bytes")
