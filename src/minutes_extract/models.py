"""The records minutes-extract produces: the single source of truth for output and schema.

Every exporter and the JSON Schema in ``schemas/`` derive from these models, so a field
added here appears everywhere at once.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

SCHEMA_VERSION = "2.0"


class Record(BaseModel):
    """Base for every output record: no silent extra keys, stable field order."""

    model_config = ConfigDict(extra="forbid", defer_build=True)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Span(Record):
    """Where a node came from: 1-based inclusive line numbers of the decoded input."""

    start_line: int = Field(ge=1)
    end_line: int = Field(ge=1)
    page_start: int | None = Field(default=None, ge=1, description="First page (PDF input).")
    page_end: int | None = Field(default=None, ge=1, description="Last page (PDF input).")


class Diagnostic(Record):
    """A finding about the input: stable code, severity, message and location."""

    code: str = Field(description="Stable code, e.g. ST005; see README.")
    name: str = Field(description="Stable short name of the code, e.g. continuation-after-blank.")
    severity: Severity
    message: str
    line: int | None = Field(default=None, ge=1, description="1-based input line, if any.")
    end_line: int | None = Field(default=None, ge=1)
    page: int | None = Field(default=None, ge=1)
    lines: list[int] = Field(
        default_factory=list,
        description="Every line it applies to when one diagnostic stands for many (a normalisation "
        "repeated on several lines); `line` is the first of them.",
    )
    _facts: dict[str, int] = PrivateAttr(default_factory=dict)

    @property
    def facts(self) -> dict[str, int]:
        """What the message says, as data for tools such as the fixer (not part of the output):
        ST005 `continues`, the line whose text the paragraph continues."""
        return self._facts


class FurnitureLine(Record):
    """A page-furniture line that was removed before parsing (page number, running header)."""

    kind: str = Field(description="page-number | running-header | running-footer")
    text: str
    line: int | None = Field(default=None, ge=1, description="Input line (text input).")
    page: int | None = Field(default=None, ge=1, description="Page (PDF input).")


class OcrPage(Record):
    page: int = Field(ge=1)
    confidence: float = Field(ge=0, le=100, description="Mean word confidence (0-100) the engine gives.")
    psm: int | None = Field(default=None, description="Tesseract page-segmentation mode that gave the text.")


class OcrSource(Record):
    engine: str = Field(description="The OCR engine and its version, e.g. tesseract 5.3.0.")
    language: str = Field(description="The engine's language model(s), e.g. kor.")
    pages: list[OcrPage] = Field(default_factory=list, description="The pages read by OCR.")


class Source(Record):
    path: str
    sha256: str
    format: str = Field(description="Input kind, told by content: text, pdf, hwp, hwpx or html.")
    profile: str = Field(
        default="seoul-committee",
        description="Minutes format: seoul-committee (〈…〉 headers) or assembly (◯/○ lines).",
    )
    encoding: str | None = Field(
        description="Detected or forced encoding, e.g. utf-8, utf-16, cp949 (null for PDF)."
    )
    bom: bool = False
    line_endings: str = Field(description="LF, CRLF, CR, mixed or none.")
    line_count: int = Field(ge=0)
    page_breaks: int = Field(default=0, ge=0, description="Form feeds seen in the text.")
    pages: int | None = Field(default=None, ge=0, description="Page count (PDF input).")
    pdf_engine: str | None = Field(default=None, description="pdfium or pdfplumber (PDF input).")
    ocr: OcrSource | None = Field(default=None, description="Set when some text was read from page "
                                  "images by OCR (a scanned PDF): what read it and how sure it was.")
    furniture: list[FurnitureLine] = Field(default_factory=list)


class Person(Record):
    name: str | None
    role: str | None


class OverviewField(Record):
    """One overview line (``- ◆ key : value``) as written, with any nested items."""

    text: str = Field(description="The field as written, after its bullet.")
    key: str | None = Field(description="Key with letter-spacing removed, e.g. 일시.")
    raw_key: str | None
    marker: str | None = Field(description="◆, ※ or another marker, if any.")
    value: str | None
    items: list[str] = Field(default_factory=list)
    span: Span


class Meeting(Record):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, defer_build=True)

    title: str | None = None
    organization: str | None = None
    department: str | None = None
    committee: str | None = None
    session: int | None = Field(default=None, description="제N회 number, where the format has one.")
    sitting: int | None = Field(default=None, description="제N차 number.")
    date: str | None = Field(default=None, description="YYYY-MM-DD")
    weekday: str | None = None
    start_time: str | None = Field(default=None, description="HH:MM")
    end_time: str | None = Field(default=None, description="HH:MM")
    place: str | None = None
    attendee_count: int | None = None
    attendees: list[Person] = Field(default_factory=list)
    observer_count: int | None = None
    observers: list[Person] = Field(default_factory=list)
    order_of_business: list[str] = Field(default_factory=list)
    agenda: list[str] = Field(default_factory=list)
    result: str | None = None
    extra: dict[str, str | list[str] | None] = Field(
        default_factory=dict, description="Overview fields the parser does not know, kept as written."
    )
    overview: list[OverviewField] = Field(default_factory=list)
    overview_span: Span | None = Field(
        default=None, description="Lines of the overview, from its 〈회의개요〉 header to its last field."
    )


class TextLine(Record):
    text: str
    span: Span


class Section(Record):
    title: str
    marker: str
    span: Span


class Speaker(Record):
    label: str = Field(description="Header text as written, without brackets.")
    role: str | None
    name: str | None
    anonymized: bool = False
    name_inferred: bool = Field(
        default=False, description="Name filled from the attendee roster, not written in the header."
    )


class Remark(Record):
    text: str
    label: str | None = Field(default=None, description="Enumerator such as 〔1〕, taken out of text.")
    children: list[Remark] = Field(default_factory=list)
    span: Span


class Turn(Record):
    speaker: Speaker
    speaker_id: int | None = Field(default=None, ge=1, description="Number of its entry in `speakers`, "
                                   "from 1 (one entry per person), as in the CSV and SQLite tables.")
    section: str | None = Field(default=None, description="The agenda heading above the turn; items "
                                   "taken up together are one section, their titles joined by ` / `.")
    agenda_items: list[str] = Field(default_factory=list, description="The numbers of the agenda items "
                                    "its section lists (`1`, `2`, `가`), in order.")
    remarks: list[Remark] = Field(default_factory=list)
    span: Span


class Note(Record):
    """A stage direction on its own line: time, opening, vote, chair change … never speech."""

    kind: str = Field(description="open | close | recess | resume | time | vote | chair-change | "
                      "report | closed-session | other")
    text: str = Field(description="The note without its parentheses.")
    turn: int | None = Field(default=None, ge=1, description="Number of the turn it falls in, from 1 (as "
                             "in the CSV and SQLite tables), if any.")
    span: Span


class SpeakerEntry(Record):
    """One person (or one unnamed role) across all their turns, labels and roles."""

    name: str | None
    roles: list[str] = Field(default_factory=list, description="Roles in order of first use.")
    labels: list[str] = Field(default_factory=list)
    turns: int = Field(ge=0)
    member_id: str | None = Field(default=None, description="The publisher's id of the person where the "
                                  "source gives one (the Assembly's HTML viewer: data-mem_id).")


class AppendixSection(Record):
    """Material after the proceedings: attendance lists, submitted documents, reports."""

    title: str
    lines: list[str] = Field(default_factory=list)
    people: list[Person] = Field(default_factory=list)
    stated_count: int | None = None
    span: Span


class MinutesRecord(Record):
    """One minutes document: meeting metadata, speaker turns and diagnostics."""

    schema_version: str = SCHEMA_VERSION
    source: Source
    meeting: Meeting
    front_matter: list[TextLine] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    turns: list[Turn] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)
    speakers: list[SpeakerEntry] = Field(default_factory=list)
    appendix: list[AppendixSection] = Field(default_factory=list)
    diagnostics: list[Diagnostic] = Field(default_factory=list)

    def turn_of(self, note: Note) -> int | None:
        """The index in `turns` of the turn a note falls in (its 1-based `turn` made 0-based)."""
        return note.turn - 1 if note.turn is not None and note.turn <= len(self.turns) else None

    def speaker_of(self, turn: Turn) -> int | None:
        """The index in `speakers` of a turn's entry (its 1-based `speaker_id` made 0-based)."""
        sid = turn.speaker_id
        return sid - 1 if sid is not None and sid <= len(self.speakers) else None

