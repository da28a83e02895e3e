"""The right pane: the record as a document a clerk reads. Every item carries its lines
(`data-s`, `data-e`) and a link to the first of them, so the page reads without scripts."""

from __future__ import annotations

from html import escape

from ..models import AppendixSection, Meeting, MinutesRecord, Note, Person, Remark, Span, Turn
from .lines import remark_walk


def span_attrs(span: Span | None) -> str:
    return f' data-s="{span.start_line}" data-e="{span.end_line}"' if span else ""


def src_link(span: Span | None) -> str:
    """The link from an item to its source lines ("12" or "12–15", and the page)."""
    if span is None:
        return ""
    lines = str(span.start_line) if span.end_line == span.start_line else f"{span.start_line}–{span.end_line}"
    page = f" p.{span.page_start}" if span.page_start else ""
    return f'<a class="src" href="#L{span.start_line}" title="source lines {lines}">{lines}{page}</a>'


def speaker_key(record: MinutesRecord, turn: Turn) -> str:
    """What the speaker filter tells people by: the registry entry, else the header label."""
    return f"id{turn.speaker_id}" if turn.speaker_id is not None else f"l:{turn.speaker.label}"


def speaker_options(record: MinutesRecord) -> list[tuple[str, str, int]]:
    """(key, shown name, turns) for the speaker filter, in order of first turn."""
    seen: dict[str, tuple[str, str, int]] = {}
    for turn in record.turns:
        key = speaker_key(record, turn)
        key_, shown, count = seen.get(key, (key, _who(turn), 0))
        seen[key] = (key_, shown, count + 1)
    return list(seen.values())


def _who(turn: Turn) -> str:
    s = turn.speaker
    return " ".join(part for part in (s.role, s.name) if part) or s.label


def _people(people: list[Person]) -> str:
    return ", ".join(escape(" ".join(p for p in (person.name, person.role) if p)) for person in people)


def meeting_card(meeting: Meeting, record: MinutesRecord) -> str:
    """Title, committee, sitting, date, times, place, attendees: the meeting at a glance."""
    when = " ".join(x for x in (meeting.date, f"({meeting.weekday})" if meeting.weekday else None) if x)
    times = "–".join(x for x in (meeting.start_time, meeting.end_time) if x)
    sitting = " ".join(x for x in (f"제{meeting.session}회" if meeting.session else None,
                                   f"제{meeting.sitting}차" if meeting.sitting else None) if x)
    rows = [("committee", meeting.committee), ("organization", meeting.organization),
            ("department", meeting.department), ("session / sitting", sitting), ("date", when),
            ("time", times), ("place", meeting.place), ("result", meeting.result)]
    cells = [f"<dt>{name}</dt><dd>{escape(value)}</dd>" for name, value in rows if value]
    for name, count, people in (("attendees", meeting.attendee_count, meeting.attendees),
                                ("observers", meeting.observer_count, meeting.observers)):
        if count is not None or people:
            stated = f"{count} stated, " if count is not None else ""
            cells.append(f"<dt>{name}</dt><dd><b>{stated}{len(people)} named</b> {_people(people)}</dd>")
    for name, items in (("order of business", meeting.order_of_business), ("agenda", meeting.agenda)):
        if items:
            listed = "".join(f"<li>{escape(item)}</li>" for item in items)
            cells.append(f"<dt>{name}</dt><dd><ol>{listed}</ol></dd>")
    for key, value in meeting.extra.items():
        shown = "; ".join(value) if isinstance(value, list) else value or ""
        cells.append(f"<dt>{escape(key)}</dt><dd>{escape(shown)}</dd>")
    cover = "".join(f'<li class="item" id="f{n}"{span_attrs(line.span)}>{src_link(line.span)} '
                    f"{escape(line.text)}</li>" for n, line in enumerate(record.front_matter, start=1))
    fields = "".join(f'<li class="item" id="o{n}"{span_attrs(o.span)}>{src_link(o.span)} {escape(o.text)}'
                     + "".join(f"<br>· {escape(i)}" for i in o.items) + "</li>"
                     for n, o in enumerate(meeting.overview, start=1))
    extra = "".join(f"<details><summary>{title}</summary><ul>{items}</ul></details>"
                    for title, items in (("cover lines", cover), ("overview fields as written", fields))
                    if items)
    return (f'<section class="card item" id="meeting"{span_attrs(meeting.overview_span)}>'
            f"<h2>{escape(meeting.title or '(no title found)')} {src_link(meeting.overview_span)}</h2>"
            f"<dl>{''.join(cells)}</dl>{extra}</section>")


def _remark(rid: str, remark: Remark) -> str:
    """One remark and, nested in it, its children (ids t3-r2, t3-r2-r1, …)."""
    label = f'<span class="lbl">{escape(remark.label)}</span> ' if remark.label else ""
    children = "".join(_remark(f"{rid}-r{n}", child) for n, child in enumerate(remark.children, start=1))
    nested = f"<ol>{children}</ol>" if children else ""
    return (f'<li class="item remark" id="{rid}"{span_attrs(remark.span)}>{src_link(remark.span)} '
            f'{label}<span class="rt">{escape(remark.text)}</span>{nested}</li>')


def note_html(n: int, note: Note, tag: str = "div") -> str:
    return (f'<{tag} class="item note" id="n{n}"{span_attrs(note.span)}>{src_link(note.span)} '
            f'<span class="nk">{escape(note.kind)}</span> ({escape(note.text)})</{tag}>')


def turn_html(t: int, turn: Turn, record: MinutesRecord, notes: list[tuple[int, Note]]) -> str:
    """One turn: who, section, remarks and nested remarks, its notes where they fall."""
    s = turn.speaker
    flags = "".join(f' <span class="flag">{flag}</span>' for flag, on in (
        ("anonymized", s.anonymized), ("name from roster", s.name_inferred)) if on)
    label = f' <span class="label">〈{escape(s.label)}〉</span>' if s.label != _who(turn) else ""
    items: list[tuple[int, str]] = []
    for n, remark in enumerate(turn.remarks, start=1):
        items.append((remark.span.start_line, _remark(f"t{t}-r{n}", remark)))
    items += [(note.span.start_line, note_html(n, note, "li")) for n, note in notes]
    items.sort(key=lambda pair: pair[0])
    return (f'<article class="turn item" id="t{t}" data-sp="{escape(speaker_key(record, turn))}"'
            f'{span_attrs(turn.span)}><h3>{src_link(turn.span)} <span class="who">{escape(_who(turn))}</span>'
            f"{label}{flags}</h3><ol class=\"remarks\">{''.join(html for _, html in items)}</ol></article>")


def appendix_html(n: int, section: AppendixSection) -> str:
    people = f"<p>{_people(section.people)}</p>" if section.people else ""
    stated = f" ({section.stated_count} stated)" if section.stated_count is not None else ""
    lines = "".join(f"<li>{escape(line)}</li>" for line in section.lines)
    return (f'<section class="item appendix" id="a{n}"{span_attrs(section.span)}>'
            f"<h3>{src_link(section.span)} {escape(section.title)}{stated}</h3>{people}"
            f"<details><summary>{len(section.lines)} lines</summary><ul>{lines}</ul></details></section>")


def record_body(record: MinutesRecord) -> str:
    """Sections, turns and the notes outside turns, in the order of their lines."""
    in_turn: dict[int, list[tuple[int, Note]]] = {}
    flow: list[tuple[int, int, str]] = []
    for n, note in enumerate(record.notes, start=1):
        index = record.turn_of(note)
        if index is not None:
            in_turn.setdefault(index, []).append((n, note))
        else:
            flow.append((note.span.start_line, 1, note_html(n, note)))
    for n, section in enumerate(record.sections, start=1):
        marker = "" if section.title.startswith(section.marker) else f"{escape(section.marker)} "
        heading = f"{src_link(section.span)} {marker}{escape(section.title)}"
        flow.append((section.span.start_line, 0,
                     f'<h2 class="item section" id="s{n}"{span_attrs(section.span)}>{heading}</h2>'))
    for t, turn in enumerate(record.turns, start=1):
        flow.append((turn.span.start_line, 2, turn_html(t, turn, record, in_turn.get(t - 1, []))))
    flow.sort(key=lambda item: (item[0], item[1]))
    appendix = "".join(appendix_html(n, a) for n, a in enumerate(record.appendix, start=1))
    return "".join(html for _, _, html in flow) + (f"<h2>Appendix</h2>{appendix}" if appendix else "")


def remark_count(record: MinutesRecord) -> int:
    return sum(1 for t, turn in enumerate(record.turns, start=1) for _ in remark_walk(turn.remarks, f"t{t}"))
