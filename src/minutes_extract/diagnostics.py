"""The diagnostic catalogue: stable codes, names and default severities.

Codes never change meaning once released; the README table is checked against this
catalogue by a test so the two cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Diagnostic, Severity


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    name: str
    severity: Severity
    summary: str

    def at(
        self,
        message: str,
        line: int | None = None,
        end_line: int | None = None,
        page: int | None = None,
        lines: list[int] | None = None,
        facts: dict[str, int] | None = None,
    ) -> Diagnostic:
        """Make a diagnostic of this code at a location (`facts`: see Diagnostic.facts)."""
        diagnostic = Diagnostic(
            code=self.code,
            name=self.name,
            severity=self.severity,
            message=message,
            line=line,
            end_line=end_line if end_line != line else None,
            page=page,
            lines=lines if lines and len(lines) > 1 else [],
        )
        if facts:
            diagnostic.facts.update(facts)
        return diagnostic


E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

# Input and encoding (IN)
ENCODING_NOT_UTF8 = Code("IN001", "encoding-not-utf8", INFO, "The input was not UTF-8 and was decoded as another encoding.")
BYTE_ORDER_MARK = Code("IN002", "byte-order-mark", INFO, "The input starts with a byte-order mark, which was removed.")
LINE_ENDINGS = Code("IN003", "line-endings", INFO, "The input uses CRLF, CR or mixed line endings.")
TRAILING_WHITESPACE = Code("IN004", "trailing-whitespace", INFO, "A line ends in spaces or tabs (removed).")
UNUSUAL_WHITESPACE = Code("IN005", "unusual-whitespace", INFO, "Tabs, no-break or full-width spaces were read as plain spaces.")
LOOKALIKE_BRACKET = Code("IN006", "lookalike-bracket", INFO, "A speaker header uses a look-alike bracket (\u2329\u232a U+2329/232A, <> or ＜＞) instead of 〈〉.")
CONTROL_CHARACTER = Code("IN007", "control-character", W, "Invisible control or zero-width characters were removed.")
LOOKALIKE_SPEAKER_MARK = Code("IN008", "lookalike-speaker-mark", W, "A ◯-format speaker line uses another circle (○ U+25CB, ◯ U+25EF, 〇 U+3007) than the rest of the document.")
PAGE_FURNITURE = Code("IN010", "page-furniture", INFO, "A page number, running header or footer was removed.")
FURNITURE_SUSPECT = Code("IN011", "furniture-suspect", W, "Running headers or footers took a large share of the text, or a line that looks like minutes (a speaker line, heading or note): check `source.furniture`.")
REPLACED_BYTES = Code("IN012", "replaced-bytes", W, "Bytes that are not valid in the input's encoding were replaced by U+FFFD (read with --encoding-errors replace): the text there is lost.")

# Structure (ST)
NO_TURNS = Code("ST001", "no-speaker-turns", E, "No speaker header was found: the text has no recognisable minutes structure.")
STRAY_TEXT = Code("ST002", "text-before-first-speaker", W, "Text outside any speaker turn that is neither cover, overview nor heading.")
EMPTY_TURN = Code("ST003", "speaker-without-remarks", W, "A speaker header is followed by no remarks.")
REPEATED_HEADER = Code("ST004", "repeated-speaker-header", W, "The same named (not masked) speaker header twice in a row.")
CONTINUATION = Code("ST005", "continuation-after-blank", INFO, "A paragraph without a bullet after a blank line was joined to the remark before it (page-break artefact).")
UNBALANCED_BRACKET = Code("ST006", "unbalanced-header-bracket", W, "A speaker header opens a bracket it does not close (or the reverse).")
REMARK_WITHOUT_BULLET = Code("ST007", "remark-without-bullet", W, "Text in a turn that starts without a bullet became a remark of its own.")
ORPHAN_NESTED = Code("ST008", "nested-without-parent", W, "A nested bullet has no top-level remark above it in its turn.")
OVERVIEW_LINE = Code("ST009", "overview-line-not-a-field", W, "A line in the overview is not written as `- ◆ key : value`.")
EMPTY_HEADER = Code("ST010", "empty-speaker-header", W, "A speaker header has no text between its brackets.")
ENUMERATOR_SEQUENCE = Code("ST012", "enumerator-out-of-sequence", W, "Enumerators under one remark skip or repeat a number (〔1〕〔2〕〔4〕).")
BULLET_MARKER_MISMATCH = Code("ST013", "bullet-marker-mismatch", W, "A bullet uses another marker than the rest of the document at its level (`•` among `-`).")
INDENTATION_MISMATCH = Code("ST014", "indentation-mismatch", W, "A nested bullet is indented differently from the document's other nested bullets.")
UNSPLITTABLE_SPEAKER = Code("ST015", "speaker-designation-unsplittable", W, "A ◯ speaker line names neither a known role nor a person's name, so role and name cannot be told apart.")
STAGE_DIRECTION_IN_SPEECH = Code("ST016", "stage-direction-in-speech", W, "A stage direction in parentheses (`(의사봉 3타)`, `(「예」 하는 위원 있음)`) sits inside a speech instead of on its own line.")
NESTING_TOO_DEEP = Code("ST017", "nesting-too-deep", W, "Nested bullets go deeper than 32 levels; the deeper ones are kept at the 32nd level.")
REPEATED_OVERVIEW = Code("ST011", "repeated-overview-header", W, "A second 〈회의개요〉 header; its fields join the first overview.")

# Metadata and overview (MD)
ATTENDEE_COUNT = Code("MD001", "attendee-count-mismatch", W, "The stated number of attendees differs from the names listed.")
OBSERVER_COUNT = Code("MD002", "observer-count-mismatch", W, "More observers are listed than the stated `등 N명`, or a count without 등 disagrees.")
WEEKDAY_MISMATCH = Code("MD003", "weekday-mismatch", W, "The weekday written beside the date is not that date's weekday.")
END_BEFORE_START = Code("MD004", "end-before-start", W, "The meeting's end time is before its start time.")
UNPARSED_DATETIME = Code("MD005", "unparsed-date-time", W, "The date/time field could not be read as a date and times.")
MISSING_OVERVIEW = Code("MD006", "missing-overview", INFO, "The document has no 〈회의개요〉 overview.")
MISSING_TITLE = Code("MD007", "missing-title", INFO, "No title line (…회의록) was found before the overview.")
ITEM_COUNT = Code("MD009", "item-count-mismatch", W, "A remark states a number of items (`(4건)`) that differs from the nested items under it.")
MISSING_FIELD = Code("MD010", "missing-overview-field", W, "The overview lacks a required field: date (일시), place (장소) or attendees (참석위원).")
TITLE_YEAR = Code("MD011", "title-year-mismatch", W, "The year in the title differs from the year of the overview's date.")
DUPLICATE_FIELD = Code("MD008", "duplicate-overview-field", W, "An overview field appears twice; the first value is used.")

# PDF (PD)
PAGE_NUMBER_MISMATCH = Code("PD001", "page-number-mismatch", W, "A page number printed in a running header or footer differs from the page's position.")
INFERRED_LINE_ENDS = Code("PD002", "inferred-line-ends", INFO, "Where lines break, the PDF draws no space glyph to say whether a space falls there: that many line ends were decided from the layout and the language (the message says how many, and how).")
GARBLED_TEXT_LAYER = Code("PD004", "garbled-text-layer", W, "Much of the PDF's text layer decodes to unreadable characters (fonts without a usable Unicode map).")
PAGES_WITHOUT_TEXT = Code("PD003", "pages-without-text", W, "Some pages have no text layer (scanned images); their content is missing.")
OCR_TEXT = Code("PD005", "ocr-text", INFO, "Pages without a text layer (or every page, with --ocr force) were read by OCR (tesseract): the text may hold misread characters; check it.")
OCR_LOW_CONFIDENCE = Code("PD006", "ocr-low-confidence", W, "A page was read by OCR with a low mean word confidence: its text is likely wrong in many places.")

AREAS = {"IN": "input and encoding", "ST": "structure", "MD": "metadata and overview", "PD": "PDF"}
CATALOGUE: tuple[Code, ...] = tuple(sorted(
    (v for v in list(globals().values()) if isinstance(v, Code)),
    key=lambda c: (list(AREAS).index(c.code[:2]), c.code),
))
BY_CODE: dict[str, Code] = {c.code: c for c in CATALOGUE}
