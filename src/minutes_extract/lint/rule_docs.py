"""What each rule checks, why it matters, a failing example and its fix.

The examples are real inputs: the tests parse every failing example and expect its code at
its line, and parse the fixed one and expect no such code. `minutes-extract rules --format
markdown` renders this module as docs/rules.md, so the documentation cannot drift from the
parser.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from ..diagnostics import AREAS, BY_CODE, CATALOGUE

# A small, clean document of each format; the examples below edit them.
SEOUL = """2024년 제1차 예시위원회 회의록

〈회의개요〉

- ◆ 일 시 : 2024. 3. 4.(월) 10:00~11:00
- ◆ 장 소 : 시청 본관 회의실
- ◆ 참석위원 : 2명
 - 홍길동 위원장, 김철수 위원

〈위원장〉

- 회의를 시작하겠습니다.
- 안건은 다음과 같습니다.
 - 〔1〕 예산 보고
 - 〔2〕 조례 검토
 - 〔3〕 기타 안건

〈김철수 위원〉

- 보고를 잘 들었습니다.
"""

ASSEMBLY = """제400회국회
(임시회)
예시위원회회의록
제1호
일 시 2024년3월4일(월)
장 소 예시위원회회의실
(10시00분 개의)
◯위원장 홍길동 성원이 되었으므로 회의를 개의하겠습니다.
◯김철수 위원 질의하겠습니다.
◯위원장 홍길동 수고하셨습니다.
(10시30분 산회)
"""


@dataclass(frozen=True)
class RuleDoc:
    code: str
    why: str
    fix: str
    bad: str  # a failing example (for PDF rules: a description)
    good: str  # the same example fixed
    line: int | None = None  # where the failing example is reported
    encoding: str = "utf-8"  # how the examples are stored as bytes
    newline: str = "\n"
    pdf: bool = False  # the examples describe PDFs instead of being text
    encoding_errors: str = "strict"  # how the failing example is read (--encoding-errors)

    def bad_bytes(self) -> bytes:
        """The failing example as stored (its encoding and line endings may be the point; a
        lone surrogate U+DC80–U+DCFF stands for a byte that is not valid in that encoding)."""
        return self.bad.replace("\n", self.newline).encode(self.encoding, "surrogateescape")

    def good_bytes(self) -> bytes:
        return self.good.encode("utf-8")


def _seoul(old: str, new: str) -> str:
    assert old in SEOUL, old
    return SEOUL.replace(old, new, 1)


def _assembly(old: str, new: str) -> str:
    assert old in ASSEMBLY, old
    return ASSEMBLY.replace(old, new, 1)


_OVERVIEW = SEOUL[SEOUL.index("〈회의개요〉"):SEOUL.index("〈위원장〉")]
_NOTE_TEXT = "이번 회의는 시민에게 공개로 진행하였으며 녹화 중계함"
_PASSED = "이의 없으므로 가결되었음을 선포합니다."
_FIX_COMMAND = "`minutes-extract check --fix` does this."

DOCS: tuple[RuleDoc, ...] = (
    RuleDoc("IN001", "Legacy encodings (CP949/EUC-KR) are guessed, and a guess can be wrong for short "
            "or mixed files; UTF-8 is what every tool reads the same way.",
            f"Save the file as UTF-8. {_FIX_COMMAND}", SEOUL, SEOUL, None, encoding="cp949"),
    RuleDoc("IN002", "A byte-order mark is invisible and breaks tools that compare the first line.",
            f"Save as UTF-8 without BOM. {_FIX_COMMAND}", SEOUL, SEOUL, 1, encoding="utf-8-sig"),
    RuleDoc("IN003", "CRLF or mixed line endings make diffs noisy and can hide a stray CR in a line.",
            f"Use LF line endings. {_FIX_COMMAND}", SEOUL, SEOUL, None, newline="\r\n"),
    RuleDoc("IN004", "Invisible trailing blanks make two copies of the same minutes differ.",
            f"Delete the spaces at the end of the line. {_FIX_COMMAND}",
            _seoul("- 회의를 시작하겠습니다.\n", "- 회의를 시작하겠습니다.   \n"), SEOUL, 12),
    RuleDoc("IN005", "Full-width spaces, tabs and no-break spaces look like spaces but compare "
            "differently, so indentation and search break.",
            f"Use plain spaces. {_FIX_COMMAND}",
            _seoul(" - 〔1〕 예산 보고", "\u3000- 〔1〕 예산 보고"), SEOUL, 14),
    RuleDoc("IN006", "〈 U+2329, `<` and `＜` look like 〈 U+3008 but are other characters: a search "
            "for 〈위원장〉 misses them.",
            f"Write speaker headers with 〈 U+3008 and 〉 U+3009. {_FIX_COMMAND}",
            _seoul("〈위원장〉", "<위원장>"), SEOUL, 10),
    RuleDoc("IN007", "Zero-width and control characters are invisible yet split words for search "
            "and comparison.",
            f"Delete them. {_FIX_COMMAND}",
            _seoul("- 회의를 시작", "- 회의를\u200b 시작"), SEOUL, 12),
    RuleDoc("IN008", "○ U+25CB, ◯ U+25EF and 〇 U+3007 look alike; a document that mixes them "
            "defeats a search for its speaker lines.",
            f"Use the document's usual circle on every speaker line. {_FIX_COMMAND}",
            _assembly("◯김철수 위원", "○김철수 위원"), ASSEMBLY, 9),
    RuleDoc("IN010", "Page numbers and running headers left by PDF-to-text conversion are not "
            "minutes; they are removed and listed in `source.furniture`.",
            "Nothing needed; or remove the page furniture before publishing the text.",
            _seoul(" - 〔3〕 기타 안건\n", " - 〔3〕 기타 안건\n\n- 2 -\n"), SEOUL, 18),
    RuleDoc("IN011", "A running header repeats a short line on every page; when such removals take a "
            "large share of the text, or a line that reads as minutes, real content may have gone.",
            "Look at `source.furniture`: remove the repeated lines from the text if they are page "
            "furniture, or write them so that they are not the same short line many times.",
            SEOUL.replace("\n- ", "\n\n예시위원회 회의록\n\n- "), SEOUL, 6),
    RuleDoc("IN012", "A byte that is valid in no encoding (a damaged download, a file stitched "
            "together from two encodings) loses the character it was part of; the record shows "
            "U+FFFD there.",
            "Find the damaged spot at the line named and type the text again, or name the file's "
            "real encoding with --encoding.",
            _seoul("- 보고를 잘 들었습니다.", "- 보고를 잘 \udcff\udcfe었습니다."), SEOUL, 20,
            encoding_errors="replace"),
    RuleDoc("ST001", "Without speaker headers there is no speaker turn to extract: the file is "
            "probably not minutes, or uses a format the parser does not know.",
            "Write each speaker as a header line `〈위원장〉` (or `◯위원장 홍길동` in the ◯ format).",
            "예시위원회 메모\n\n오늘 회의는 취소되었습니다.\n", SEOUL, None),
    RuleDoc("ST002", "Text between the overview and the first speaker belongs to nobody, so it "
            "would be lost from the turns.",
            "Move it into a speaker's remarks, or into the overview as a field.",
            _seoul("〈위원장〉\n", "□ 위원 발언 내용\n\n참고 자료는 별도로 배포함\n\n〈위원장〉\n"),
            _seoul("〈위원장〉\n", "□ 위원 발언 내용\n\n〈위원장〉\n"), 12),
    RuleDoc("ST003", "A speaker header without remarks is usually a remark lost in copying.",
            "Add the speaker's remarks under the header, or delete the header.",
            _seoul("- 보고를 잘 들었습니다.\n", ""), SEOUL, 18),
    RuleDoc("ST004", "The same speaker twice in a row is one turn split in two, often by a page "
            "break that repeated the header.",
            "Delete the second header so the remarks join the first turn.",
            _seoul("〈김철수 위원〉", "〈위원장〉"), SEOUL, 18),
    RuleDoc("ST005", "A paragraph after a blank line without a bullet is a remark cut by a page "
            "break; it is joined back, but the text should say so itself.",
            f"Join the paragraph to the line it continues. {_FIX_COMMAND}",
            _seoul("- 보고를 잘 들었습니다.", "- 보고를 잘\n\n들었습니다."), SEOUL, 22),
    RuleDoc("ST006", "A header without its closing bracket may be read as text, and the turn "
            "merges with the one before.",
            "Close the bracket: `〈김철수 위원〉`.",
            _seoul("〈김철수 위원〉", "〈김철수 위원"), SEOUL, 18),
    RuleDoc("ST007", "Every remark starts with a bullet; text without one is a remark whose "
            "bullet was lost.",
            "Start the line with `- `.",
            _seoul("- 보고를 잘 들었습니다.", "보고를 잘 들었습니다."), SEOUL, 20),
    RuleDoc("ST008", "A nested item needs a remark to belong to.",
            "Add the parent remark above it, or un-indent the item.",
            _seoul("- 보고를 잘 들었습니다.", " - 〔1〕 예산 질의"), SEOUL, 20),
    RuleDoc("ST009", "Overview lines are read as `key : value` fields; a line in another shape "
            "cannot be a field.",
            "Write it as `- ◆ 비 고 : …`.",
            _seoul("- ◆ 장 소", f"- {_NOTE_TEXT}\n- ◆ 장 소"),
            _seoul("- ◆ 장 소", f"- ◆ 비 고 : {_NOTE_TEXT}\n- ◆ 장 소"), 6),
    RuleDoc("ST010", "An empty header names nobody, so its remarks have no speaker.",
            "Write the speaker between the brackets.",
            _seoul("〈김철수 위원〉", "〈〉"), SEOUL, 18),
    RuleDoc("ST011", "A second overview header usually comes from pasting two documents together.",
            "Keep one 〈회의개요〉 block with all fields.",
            _seoul("〈위원장〉", "〈회의개요〉\n\n- ◆ 비 고 : 공개\n\n〈위원장〉"), SEOUL, 10),
    RuleDoc("ST012", "A skipped or repeated number means an item was lost or doubled.",
            "Renumber the items, or restore the missing one.",
            _seoul("〔3〕 기타", "〔4〕 기타"), SEOUL, 16),
    RuleDoc("ST013", "Bullets of one level share one marker; a different one is usually pasted "
            "from elsewhere and may hide a different structure.",
            "Use the document's marker (`- `).",
            _seoul("- 회의를 시작", "• 회의를 시작"), SEOUL, 12),
    RuleDoc("ST014", "Nested items share one indentation; a different one suggests a lost level "
            "or pasted text.",
            "Indent like the other nested items.",
            _seoul(" - 〔2〕", "   - 〔2〕"), SEOUL, 15),
    RuleDoc("ST015", "A speaker line whose designation is neither a known role nor a name cannot "
            "be attributed to a person.",
            "Write role and name: `◯위원장 홍길동`, `◯김철수 위원`.",
            _assembly("◯김철수 위원 질의", "◯질의자 질의"), ASSEMBLY, 9),
    RuleDoc("ST016", "Stage directions are not speech; inside a speech they end up in the speaker's "
            "words.",
            "Put the direction on a line of its own: `(의사봉 3타)`.",
            _assembly("수고하셨습니다.", f"{_PASSED} (의사봉 3타) 수고하셨습니다."),
            _assembly("수고하셨습니다.", f"{_PASSED}\n(의사봉 3타)\n수고하셨습니다."),
            10),
    RuleDoc("ST017", "Nesting deeper than 32 levels is no outline a reader can follow; it usually "
            "comes from indentation that grows by accident (pasted or generated text).",
            "Indent nested items by their level, not by their position in the list.",
            _seoul(" - 〔3〕 기타 안건\n", " - 〔3〕 기타 안건\n" + "".join(
                " " * depth + "- 세부 내용\n" for depth in range(2, 36))),
            _seoul(" - 〔3〕 기타 안건\n", " - 〔3〕 기타 안건\n" + "  - 세부 내용\n" * 34), 48),
    RuleDoc("MD001", "The stated number of attendees is the record of the quorum; it must agree "
            "with the names listed.",
            "Correct the count or the list.",
            _seoul("참석위원 : 2명", "참석위원 : 3명"), SEOUL, 7),
    RuleDoc("MD002", "A stated observer count that the list contradicts is a typo in one of them.",
            "Correct the count or the list.",
            _seoul("김철수 위원\n", "김철수 위원\n- ※ 배석 : 기획관, 정책관, 담당관 등 2명\n"),
            _seoul("김철수 위원\n", "김철수 위원\n- ※ 배석 : 기획관, 정책관, 담당관 등 5명\n"),
            9),
    RuleDoc("MD003", "A weekday that does not match the date means one of them is wrong.",
            "Correct the date or the weekday.",
            _seoul("(월)", "(화)"), SEOUL, 5),
    RuleDoc("MD004", "A meeting cannot end before it starts: the times are swapped or mistyped.",
            "Correct the times.",
            _seoul("10:00~11:00", "11:00~10:00"), SEOUL, 5),
    RuleDoc("MD005", "The date and times are what the record is indexed by.",
            "Write `YYYY. M. D.(요일) HH:MM~HH:MM`.",
            _seoul("2024. 3. 4.(월) 10:00~11:00", "다음 주 월요일 오전"), SEOUL, 5),
    RuleDoc("MD006", "Without an overview the record has no date, place or attendees.",
            "Add a 〈회의개요〉 block.",
            SEOUL.replace(_OVERVIEW, ""), SEOUL, None),
    RuleDoc("MD007", "The title names the meeting.",
            "Add the title line (…회의록) before the overview.",
            _seoul("2024년 제1차 예시위원회 회의록\n\n", ""), SEOUL, 3),
    RuleDoc("MD008", "Two values for one field: only the first is used.",
            "Keep one.",
            _seoul("- ◆ 참석위원", "- ◆ 장 소 : 별관 회의실\n- ◆ 참석위원"), SEOUL, 7),
    RuleDoc("MD009", "A stated number of items that the list contradicts means an item was lost "
            "or added.",
            "Correct the number or the items.",
            _seoul("다음과 같습니다.", "다음과 같습니다. (4건)"),
            _seoul("다음과 같습니다.", "다음과 같습니다. (3건)"), 13),
    RuleDoc("MD010", "Date, place and attendees are the minimum a published record must state.",
            "Add the missing field to the overview.",
            _seoul("- ◆ 장 소 : 시청 본관 회의실\n", ""), SEOUL, 3),
    RuleDoc("MD011", "A title year that differs from the date is usually a copied template.",
            "Correct the title or the date.",
            _seoul("2024년 제1차", "2023년 제1차"), SEOUL, 1),
    RuleDoc("PD001", "A printed page number out of step with the page means pages are missing, "
            "doubled or out of order.",
            "Regenerate the PDF from the source, or restore the page order.",
            "A PDF whose third page prints page number 7 in its running header.",
            "The same PDF with the page numbered 3.", pdf=True),
    RuleDoc("PD002", "Without space glyphs the PDF does not say whether a line break falls between "
            "words; the parser decides from the document's own words, which can be wrong.",
            "Export the PDF with real space characters (most generators' default), or use the text.",
            "A PDF drawn without space glyphs.", "The same PDF exported with space glyphs.", pdf=True),
    RuleDoc("PD003", "Pages without text are scanned images: their content is missing from the record.",
            "Install tesseract (apt install tesseract-ocr tesseract-ocr-kor) so that such pages are "
            "read by OCR (--ocr auto, the default), or run OCR on the PDF (e.g. ocrmypdf) first.",
            "A PDF with one scanned page among text pages.", "The same PDF after OCR.", pdf=True),
    RuleDoc("PD004", "Fonts without a Unicode map give unreadable text, so the record would hold "
            "garbage.",
            "Regenerate the PDF with embedded Unicode (ToUnicode) maps, or OCR it.",
            "A PDF whose text layer extracts as private-use characters and (cid:NN).",
            "The same PDF with proper font maps.", pdf=True),
    RuleDoc("PD005", "OCR misreads some characters (about 2% on a clean 300 dpi scan), names "
            "among them, so the record says which pages it read and how sure the engine was.",
            "Check the text (`minutes-extract text`) against the page images; a PDF with a text "
            "layer from its source is better still.",
            "A scanned PDF (pages that are images only).", "The same minutes as a PDF with a text layer.",
            pdf=True),
    RuleDoc("PD006", "A low mean word confidence means a poor scan (blur, skew, low resolution) "
            "or a page that is not Korean text; its text is likely wrong in many places.",
            "Rescan the page at 300 dpi or more, straight, or read it by hand.",
            "A scanned page the engine reads with mean confidence 40.",
            "The same page scanned sharply at 300 dpi.", pdf=True),
)

BY_RULE: dict[str, RuleDoc] = {doc.code: doc for doc in DOCS}


def rule_markdown(code: str, heading: str = "##") -> str:
    """One rule's documentation as Markdown."""
    rule, doc = BY_CODE[code], BY_RULE[code]
    lines = [f"{heading} {code} {rule.name}", "", f"Severity: {rule.severity.value}.", "",
             f"**What:** {rule.summary}", "", f"**Why:** {doc.why}", "", f"**Fix:** {doc.fix}", ""]
    if doc.pdf:
        lines += [f"Fails: {doc.bad}", "", f"Passes: {doc.good}", ""]
        return "\n".join(lines)
    stored = []
    if doc.encoding != "utf-8":
        stored.append(f"stored as {doc.encoding}")
    if doc.newline != "\n":
        stored.append("with CRLF line endings")
    if doc.encoding_errors != "strict":
        stored.append(f"read with --encoding-errors {doc.encoding_errors}")
    where = f" (reported at line {doc.line})" if doc.line else ""
    note = f", {', '.join(stored)}" if stored else ""
    lines += [f"Fails{where}{note}:", "", "```text", _visible(doc.bad).rstrip("\n"), "```", ""]
    change = list(difflib.unified_diff(_visible(doc.bad).splitlines(), _visible(doc.good).splitlines(),
                                       "fails", "passes", n=1, lineterm=""))
    if change:
        lines += ["Passes once changed so:", "", "```diff", *change, "```", ""]
    else:
        lines += ["Passes: the same text stored as UTF-8 with LF line endings.", ""]
    return "\n".join(lines)


def _visible(text: str) -> str:
    """Show invisible characters and trailing blanks, which are what some examples are about."""
    shown = text.replace("\u200b", "\u2423ZWSP\u2423").replace("\u3000", "\u2423IDEOGRAPHIC SPACE\u2423")
    shown = re.sub("[\udc80-\udcff]", lambda m: f"\u2423byte {ord(m.group()) - 0xDC00:#04x}\u2423", shown)
    return "\n".join(line[: len(line.rstrip(" "))] + "\u2423" * (len(line) - len(line.rstrip(" ")))
                     for line in shown.split("\n"))


def rules_markdown() -> str:
    """docs/rules.md: every rule, in catalogue order."""
    head = ["# Rules", "",
            "Generated by `minutes-extract rules --format markdown`; do not edit by hand. "
            "Each failing example is parsed by the test suite and must give its code at its line; "
            "each fixed example must not. `␣` marks a blank or invisible character.", ""]
    for prefix, area in AREAS.items():
        head += [f"## {area[0].upper()}{area[1:]} ({prefix})", ""]
        head += [rule_markdown(code.code, "###") for code in CATALOGUE if code.code.startswith(prefix)]
    return "\n".join(head).rstrip("\n") + "\n"


def rules_table() -> list[tuple[str, str, str, str]]:
    """Code, name, severity and summary of every rule, in catalogue order."""
    return [(c.code, c.name, c.severity.value, c.summary) for c in CATALOGUE]
