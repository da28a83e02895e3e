"""A record as rows of relational tables, for SQLite and CSV alike (one layout, two outputs).

Keys join: every table carries `meeting_id`; turns are `(meeting_id, turn_id)`, remarks
`(meeting_id, remark_no)` with `turn_id` and `parent_no`, and so on. Ids count from 1 in
document order, so the same file always gives the same rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..models import MinutesRecord, Remark, Span


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    key: tuple[str, ...]
    sql_types: dict[str, str]  # columns that are not TEXT
    references: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = ()  # (cols, table, cols)
    rowid: str | None = None  # SQLite only: a stable integer id (what a full-text index points at)

    def create_sql(self) -> str:
        cols = [f"{c} {self.sql_types.get(c, 'TEXT')}" for c in self.columns]
        if self.rowid:
            cols.insert(0, f"{self.rowid} INTEGER PRIMARY KEY")
            cols.append(f"UNIQUE ({', '.join(self.key)})")
        else:
            cols.append(f"PRIMARY KEY ({', '.join(self.key)})")
        for own, table, theirs in self.references:
            cols.append(f"FOREIGN KEY ({', '.join(own)}) REFERENCES {table} ({', '.join(theirs)}) "
                        "ON DELETE CASCADE")
        return f"CREATE TABLE IF NOT EXISTS {self.name} (\n  " + ",\n  ".join(cols) + "\n)"


INT = "INTEGER"
_SPAN = ("start_line", "end_line", "page_start", "page_end")
_SPAN_TYPES = dict.fromkeys(_SPAN, INT)
_MEETING = ((("meeting_id",), "meetings", ("meeting_id",)),)

MEETINGS = Table("meetings", (
    "meeting_id", "path", "format", "profile", "pages", "title", "organization", "committee",
    "session", "sitting", "date", "weekday", "start_time", "end_time", "place", "attendee_count",
    "observer_count", "turn_count", "remark_count", "diagnostic_count",
), ("meeting_id",), {
    "meeting_id": INT, "pages": INT, "session": INT, "sitting": INT, "attendee_count": INT,
    "observer_count": INT, "turn_count": INT, "remark_count": INT, "diagnostic_count": INT,
}, ((("meeting_id",), "files", ("file_id",)),))
SPEAKERS = Table("speakers", ("meeting_id", "speaker_id", "name", "roles", "labels", "turns"),
                 ("meeting_id", "speaker_id"), {"meeting_id": INT, "speaker_id": INT, "turns": INT}, _MEETING)
TURNS = Table("turns", (
    "meeting_id", "turn_id", "speaker_id", "label", "role", "name", "section", "agenda_items", *_SPAN,
), ("meeting_id", "turn_id"), {"meeting_id": INT, "turn_id": INT, "speaker_id": INT, **_SPAN_TYPES}, (
    *_MEETING, (("meeting_id", "speaker_id"), "speakers", ("meeting_id", "speaker_id")),
))
REMARKS = Table("remarks", (
    "meeting_id", "remark_no", "turn_id", "parent_no", "depth", "label", "text", *_SPAN,
), ("meeting_id", "remark_no"), {
    "meeting_id": INT, "remark_no": INT, "turn_id": INT, "parent_no": INT, "depth": INT, **_SPAN_TYPES,
}, ((("meeting_id", "turn_id"), "turns", ("meeting_id", "turn_id")),), rowid="remark_id")
NOTES = Table("notes", ("meeting_id", "note_no", "turn_id", "kind", "text", *_SPAN),
              ("meeting_id", "note_no"), {"meeting_id": INT, "note_no": INT, "turn_id": INT, **_SPAN_TYPES},
              _MEETING)
# A remark row that reads alone: its meeting (id, file, date, committee), turn, speaker and
# section beside it. SQLite has it as the view `remarks_wide`; CSV as `remarks_wide.csv`; the
# Excel remarks sheet has these columns. `_WIDE_SOURCES` says where each column comes from.
_WIDE_SOURCES = {
    "meeting_id": "r.meeting_id", "file": "m.path", "date": "m.date", "committee": "m.committee",
    "remark_no": "r.remark_no", "turn_id": "r.turn_id", "speaker_name": "t.name",
    "speaker_role": "t.role", "speaker_label": "t.label", "section": "t.section",
    "parent_no": "r.parent_no", "depth": "r.depth", "label": "r.label", "text": "r.text",
    **{column: f"r.{column}" for column in _SPAN},
}
REMARKS_WIDE_COLUMNS = tuple(_WIDE_SOURCES)
REMARKS_WIDE_VIEW = (
    "CREATE VIEW IF NOT EXISTS remarks_wide AS SELECT "
    + ", ".join(f"{source} AS {column}" for column, source in _WIDE_SOURCES.items())
    + " FROM remarks r JOIN turns t ON t.meeting_id = r.meeting_id AND t.turn_id = r.turn_id"
    " JOIN meetings m ON m.meeting_id = r.meeting_id")


def wide_remarks(rows: dict[str, list[tuple[object, ...]]]) -> Iterator[tuple[object, ...]]:
    """One record's remark rows in the wide layout, from its table rows (`record_rows`): the
    same rows the view gives for that meeting."""
    meeting = dict(zip(MEETINGS.columns, rows["meetings"][0], strict=True))
    turns = {row[1]: dict(zip(TURNS.columns, row, strict=True)) for row in rows["turns"]}
    for row in rows["remarks"]:
        remark = dict(zip(REMARKS.columns, row, strict=True))
        turn = turns[remark["turn_id"]]
        named = {"file": meeting["path"], "date": meeting["date"], "committee": meeting["committee"],
                 "speaker_name": turn["name"], "speaker_role": turn["role"], "speaker_label": turn["label"],
                 "section": turn["section"]}
        yield tuple(named[c] if c in named else remark[c] for c in REMARKS_WIDE_COLUMNS)


ATTENDEES = Table("attendees", ("meeting_id", "attendee_no", "kind", "name", "role"),
                  ("meeting_id", "attendee_no"), {"meeting_id": INT, "attendee_no": INT}, _MEETING)
DIAGNOSTICS = Table("diagnostics", (
    "meeting_id", "diagnostic_no", "code", "name", "severity", "message", "line", "end_line", "page",
), ("meeting_id", "diagnostic_no"), {
    "meeting_id": INT, "diagnostic_no": INT, "line": INT, "end_line": INT, "page": INT,
}, _MEETING)

TABLES: tuple[Table, ...] = (MEETINGS, SPEAKERS, TURNS, REMARKS, NOTES, ATTENDEES, DIAGNOSTICS)
Rows = dict[str, list[tuple[object, ...]]]


def _span(span: Span | None) -> tuple[object, ...]:
    if span is None:
        return (None, None, None, None)
    return (span.start_line, span.end_line, span.page_start, span.page_end)


def record_rows(record: MinutesRecord, meeting_id: int) -> Rows:
    """Every table's rows for one record."""
    m = record.meeting
    speaker_rows, speaker_of_turn = _speakers(record, meeting_id)
    turn_rows, remark_rows = [], []
    for turn_id, turn in enumerate(record.turns, start=1):
        s = turn.speaker
        turn_rows.append((meeting_id, turn_id, speaker_of_turn[turn_id - 1], s.label, s.role, s.name,
                          turn.section, ";".join(turn.agenda_items), *_span(turn.span)))
        base = len(remark_rows)  # the walk numbers remarks within the turn; remark_no is per meeting
        for remark, parent, depth in _walk(turn.remarks, None, 1):
            remark_rows.append((meeting_id, len(remark_rows) + 1, turn_id,
                                None if parent is None else base + parent, depth, remark.label,
                                remark.text, *_span(remark.span)))
    notes = [(meeting_id, n, note.turn, note.kind, note.text,
              *_span(note.span)) for n, note in enumerate(record.notes, start=1)]
    people = [("attendee", p) for p in m.attendees] + [("observer", p) for p in m.observers]
    attendees = [(meeting_id, n, kind, p.name, p.role) for n, (kind, p) in enumerate(people, start=1)]
    diagnostics = [(meeting_id, n, d.code, d.name, d.severity.value, d.message, d.line, d.end_line, d.page)
                   for n, d in enumerate(record.diagnostics, start=1)]
    meeting = (meeting_id, record.source.path, record.source.format, record.source.profile,
               record.source.pages, m.title, m.organization, m.committee, m.session, m.sitting, m.date,
               m.weekday, m.start_time, m.end_time, m.place, m.attendee_count, m.observer_count,
               len(turn_rows), len(remark_rows), len(diagnostics))
    return {"meetings": [meeting], "speakers": speaker_rows, "turns": turn_rows, "remarks": remark_rows,
            "notes": notes, "attendees": attendees, "diagnostics": diagnostics}


def _walk(remarks: list[Remark], parent: int | None, depth: int,
          counter: list[int] | None = None) -> Iterator[tuple[Remark, int | None, int]]:
    """Remarks depth-first with their parent's number (numbers within this walk, from 1)."""
    counter = counter if counter is not None else [0]
    for remark in remarks:
        counter[0] += 1
        number = counter[0]
        yield remark, parent, depth
        yield from _walk(remark.children, number, depth + 1, counter)


def _speakers(record: MinutesRecord, meeting_id: int) -> tuple[list[tuple[object, ...]], list[int]]:
    """The record's speaker registry where it has one (◯ format); else one speaker per
    header label, in order of first appearance."""
    if record.speakers:
        rows = [(meeting_id, n, s.name, ";".join(s.roles), ";".join(s.labels), s.turns)
                for n, s in enumerate(record.speakers, start=1)]
        return rows, [t.speaker_id for t in record.turns]
    ids: dict[str, int] = {}
    rows: list[list[object]] = []
    of_turn = []
    for turn in record.turns:
        s = turn.speaker
        if s.label not in ids:
            ids[s.label] = len(ids) + 1
            rows.append([meeting_id, ids[s.label], s.name, s.role or "", s.label, 0])
        rows[ids[s.label] - 1][5] += 1  # type: ignore[operator]
        of_turn.append(ids[s.label])
    return [tuple(r) for r in rows], of_turn
