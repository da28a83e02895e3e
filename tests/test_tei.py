"""TEI (Parla-CLARIN): every sample, corpus file and fixture converts to TEI that jing accepts
against ../shared/schemas/parla-clarin.rng with 0 errors; the utterances and segments give back
the record's turns and remarks exactly; markup in remarks is escaped; person ids are NCNames."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import deque
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES
from minutes_extract.api import parse_bytes, parse_file
from minutes_extract.errors import InputError
from minutes_extract.export.tei import to_tei
from minutes_extract.export.tei.people import ncname
from minutes_extract.models import MinutesRecord, Remark

NS = {"tei": "http://www.tei-c.org/ns/1.0"}
T = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
FIXTURES = ROOT / "tests" / "fixtures"
JING = shutil.which("jing")

TRICKY = """\
제1회 나래군의회 회의록
일시 2025년 3월 4일(화)
◯위원장 홍길동  의석을 정돈하여 <b>주시기</b> 바랍니다 & "감사" 'ok' ]]> --> <!-- 끝 -->
◯○○○ 위원  =SUM(A1) 1 < 2 > 0 &amp; 그대로 둡니다.
(10시05분 산회)
"""


def _inputs(corpus: Path | None) -> list[Path]:
    files = sorted(p for p in SAMPLES.iterdir() if p.is_file())
    files += sorted((FIXTURES / "pdf").glob("*.pdf")) + sorted((FIXTURES / "hwp").iterdir())
    if corpus is not None:
        files += sorted(corpus.glob("*.txt")) + sorted(corpus.glob("*/*/minutes.*"))
    return files


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[MinutesRecord, Path]]:
    """Every input that reads as minutes, with its TEI file; an input that cannot be read at all
    (password, distribution-protected, not HWP, scanned without tesseract) is left out."""
    corpus = os.environ.get("MINUTES_CORPUS")
    folder = tmp_path_factory.mktemp("tei")
    done: dict[str, tuple[MinutesRecord, Path]] = {}
    for number, path in enumerate(_inputs(Path(corpus) if corpus else None)):
        try:
            record = parse_file(str(path))
        except InputError as err:
            assert path.parent.name in ("pdf", "hwp", "na-welfare-subcomm-2020-02-19"), err
            continue  # no record to convert (why: the error; see test_unreadable_inputs_are_few)
        target = folder / f"{number:03d}.xml"
        target.write_bytes(to_tei(record))
        done[str(path)] = (record, target)
    for name, text in (("tricky", TRICKY), ("empty", "아무 발언도 없는 문서\n")):
        record = parse_bytes(text.encode(), f"{name}.txt")
        target = folder / f"{name}.xml"
        target.write_bytes(to_tei(record))
        done[name] = (record, target)
    return done


def test_unreadable_inputs_are_few(converted: dict[str, tuple[MinutesRecord, Path]]) -> None:
    """Only the inputs made to be refused are missing (and the scan where tesseract is absent)."""
    missing = {Path(p).name for p in map(str, _inputs(None)) if p not in converted}
    refused = {"seoul-short.encrypted.pdf", "distribution.hwp", "not-hwp.doc", "not-hwpx.docx",
               "password.hwp", "viewtext-only.hwp"}
    assert missing == refused
    assert len(converted) >= 60 if os.environ.get("MINUTES_CORPUS") else len(converted) >= 50


@pytest.mark.skipif(JING is None, reason="jing is not installed (apt install jing; .ci/run installs it)")
def test_every_tei_is_valid_parla_clarin(converted: dict[str, tuple[MinutesRecord, Path]]) -> None:
    corpus = os.environ.get("MINUTES_CORPUS")
    if not corpus:
        pytest.skip("MINUTES_CORPUS is not set: the schema is found beside the corpus")
    schema = Path(corpus).resolve().parent / "schemas" / "parla-clarin.rng"
    assert schema.is_file(), f"the Parla-CLARIN schema is missing: {schema}"
    files = [str(target) for _, target in converted.values()]
    result = subprocess.run([JING, str(schema), *files], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout[:3000]


def _seg_remark(seg: ET.Element) -> tuple[str | None, str, list]:
    label = seg.find("tei:label", NS)
    text = (label.tail if label is not None else seg.text) or ""
    children = [_seg_remark(child) for child in seg.findall("tei:seg", NS)]
    return (label.text if label is not None else None, text, children)


def _remark(remark: Remark) -> tuple[str | None, str, list]:
    return (remark.label, remark.text, [_remark(child) for child in remark.children])


def test_utterances_give_back_turns_and_remarks(converted: dict[str, tuple[MinutesRecord, Path]]) -> None:
    for name, (record, target) in converted.items():
        root = ET.parse(target).getroot()
        persons = {p.get(XML_ID): p for p in root.iter(f"{T}person")}
        utterances = list(root.iter(f"{T}u"))
        assert len(utterances) == len(record.turns), name
        for number, (u, turn) in enumerate(zip(utterances, record.turns, strict=True), start=1):
            assert u.get("n") == str(number)
            person = persons[u.get("who", "")[1:]]
            if turn.speaker.role:
                assert turn.speaker.role in [a.text for a in person.findall("tei:affiliation", NS)], name
            if turn.speaker.name and not turn.speaker.anonymized:
                assert person.findtext("tei:persName", namespaces=NS) == turn.speaker.name, name
            got = [_seg_remark(seg) for seg in u.findall("tei:seg", NS)]
            assert got == [_remark(r) for r in turn.remarks], f"{name} turn {number}"


def test_sections_notes_and_header(converted: dict[str, tuple[MinutesRecord, Path]]) -> None:
    for name, (record, target) in converted.items():
        root = ET.parse(target).getroot()
        heads = [d.findtext("tei:head", namespaces=NS) for d in root.iter(f"{T}div")
                 if d.get("type") == "debateSection"]
        sections = [turn.section for turn in record.turns]
        assert heads == [s for i, s in enumerate(sections) if i == 0 or s != sections[i - 1]], name
        notes = [(n.get("type"), n.text) for n in root.find("tei:text/tei:body", NS).iter(f"{T}note")]
        in_order = sorted(record.notes, key=lambda note: note.span.start_line)
        assert notes == [(n.kind, n.text) for n in in_order], name  # every note, once, in line order
        bibl = root.find("tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:bibl", NS)
        assert bibl.findtext("tei:idno[@type='sha256']", namespaces=NS) == record.source.sha256
        if record.meeting.date:
            assert root.find(".//tei:settingDesc/tei:setting/tei:date", NS).get("when") == record.meeting.date


def test_notes_stand_in_line_order(converted: dict[str, tuple[MinutesRecord, Path]]) -> None:
    """Within the body, segs and notes come in the order of their source lines."""
    for name, (record, target) in converted.items():
        lines: dict[tuple[str | None, str | None], deque[int]] = {}
        for note in sorted(record.notes, key=lambda note: note.span.start_line):
            lines.setdefault((note.kind, note.text), deque()).append(note.span.start_line)
        firsts = [r.span.start_line for t in record.turns for r in t.remarks]
        body = ET.parse(target).getroot().find("tei:text/tei:body", NS)
        order, remark_index = [], 0
        for node in body.iter():
            if node.tag == f"{T}note":
                order.append(lines[(node.get("type"), node.text)].popleft())
            elif node.tag == f"{T}seg" and "." not in node.get("n", ""):
                order.append(firsts[remark_index])
                remark_index += 1
        assert order == sorted(order), name


def test_page_breaks_where_pages_start(converted: dict[str, tuple[MinutesRecord, Path]]) -> None:
    paged = [(r, t) for r, t in converted.values() if r.source.pages]
    assert paged
    for record, target in paged:
        numbers = [int(pb.get("n")) for pb in ET.parse(target).getroot().iter(f"{T}pb")]
        assert numbers == list(range(1, len(numbers) + 1))
        last = max([r.span.page_end or 0 for t in record.turns for r in t.remarks] or [0])
        assert len(numbers) >= last  # also a page that starts inside the last remark
    unpaged = [t for r, t in converted.values() if not r.source.pages]
    assert all(ET.parse(t).getroot().find(f".//{T}pb") is None for t in unpaged)


def test_markup_in_remarks_is_escaped(converted: dict[str, tuple[MinutesRecord, Path]]) -> None:
    record, target = converted["tricky"]
    data = target.read_bytes()
    assert b"<b>" not in data and b"<!--" not in data.split(b"<text>")[1]
    assert "&lt;b&gt;주시기&lt;/b&gt;".encode() in data and b"&amp;amp;" in data
    segs = [s.text for s in ET.parse(target).getroot().iter(f"{T}seg")]
    assert segs == [r.text for t in record.turns for r in t.remarks]
    assert any("]]>" in s and "<!-- 끝 -->" in s for s in segs)


def test_anonymised_speaker_is_a_marked_person(converted: dict[str, tuple[MinutesRecord, Path]]) -> None:
    _, target = converted["tricky"]
    root = ET.parse(target).getroot()
    marked = root.findall(".//tei:person/tei:persName[@type='anonymised']", NS)
    assert [m.text for m in marked] == ["○○○ 위원"]
    ids = [p.get(XML_ID) for p in root.iter(f"{T}person")]
    assert ids == ["홍길동", "anon.위원"]
    assert [u.get("who") for u in root.iter(f"{T}u")] == ["#홍길동", "#anon.위원"]


def test_person_ids_are_unique_ncnames(converted: dict[str, tuple[MinutesRecord, Path]]) -> None:
    ncname_re = re.compile(r"^[A-Za-z_\uac00-\ud7a3\u4e00-\u9fa5][A-Za-z_\uac00-\ud7a3\u4e00-\u9fa50-9.\-]*$")
    for name, (_, target) in converted.items():
        ids = [p.get(XML_ID) for p in ET.parse(target).getroot().iter(f"{T}person")]
        assert len(ids) == len(set(ids)) and all(ncname_re.match(i) for i in ids), (name, ids)
    assert ncname("○○○ 위원") == "_위원"
    assert ncname("2024 예산 담당") == "p.2024_예산_담당"
    assert ncname("국토교통부 차관") == "국토교통부_차관"


def test_same_name_twice_gets_two_ids() -> None:
    text = ("◯위원장 김민수  개의하겠습니다.\n◯김민수 위원  질의하겠습니다.\n◯국무위원 김민수  답변드리겠습니다.\n")
    record = parse_bytes(text.encode(), "same.txt")
    root = ET.fromstring(to_tei(record))
    ids = [p.get(XML_ID) for p in root.iter(f"{T}person")]
    assert len(ids) == len(set(ids)) == len(record.speakers)
    assert [u.get("who")[1:] for u in root.iter(f"{T}u")] == [ids[t.speaker_id - 1] for t in record.turns]


def test_extract_writes_tei(tmp_path: Path) -> None:
    target = tmp_path / "out.xml"
    result = subprocess.run(
        [sys.executable, "-m", "minutes_extract", "extract", str(SAMPLES / "seoul-full.txt"), "-f", "tei",
         "-o", str(target)], capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert result.returncode == 0, result.stderr
    root = ET.parse(target).getroot()
    assert root.tag == f"{T}TEI" and root.find("tei:teiHeader", NS) is not None
