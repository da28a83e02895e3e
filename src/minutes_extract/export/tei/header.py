"""The teiHeader: what the meeting was (title, date, place, committee), where the text came
from (file, sha256, pages), which tool made the TEI, and who spoke (listPerson)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from pathlib import PurePath

from ..._version import __version__
from ...models import MinutesRecord
from .people import TeiPerson
from .xml import element, sub

TOOL = "minutes-extract"


def tei_header(record: MinutesRecord, persons: list[TeiPerson]) -> ET.Element:
    header = element("teiHeader")
    file_desc = sub(header, "fileDesc")
    file_desc.append(_title_stmt(record))
    publication = sub(file_desc, "publicationStmt")
    sub(publication, "p", f"Converted by {TOOL} {__version__} from the source below; not an official "
        "publication of the minutes.")
    file_desc.append(_source_desc(record))
    encoding = sub(header, "encodingDesc")
    application = sub(sub(encoding, "appInfo"), "application", ident=TOOL, version=_version())
    sub(application, "label", TOOL)
    profile = sub(header, "profileDesc")
    lang = sub(profile, "langUsage")
    sub(lang, "language", "한국어", ident="ko")
    profile.append(_setting_desc(record))
    if persons:  # a listPerson may not be empty
        profile.append(_partic_desc(persons))
    return header


def _title(record: MinutesRecord) -> str:
    return record.meeting.title or record.meeting.committee or PurePath(record.source.path).name


def _title_stmt(record: MinutesRecord) -> ET.Element:
    m = record.meeting
    stmt = element("titleStmt")
    sub(stmt, "title", _title(record), type="main")
    if m.session is not None:
        sub(stmt, "meeting", f"제{m.session}회", n=str(m.session))
    if m.sitting is not None:
        sub(stmt, "meeting", f"제{m.sitting}차", n=str(m.sitting))
    return stmt


def _source_desc(record: MinutesRecord) -> ET.Element:
    source = record.source
    desc = element("sourceDesc")
    bibl = sub(desc, "bibl")
    sub(bibl, "title", _title(record))
    sub(bibl, "idno", source.path, type="file")
    sub(bibl, "idno", source.sha256, type="sha256")
    sub(bibl, "idno", source.format, type="format")
    if source.pages is not None:
        extent = sub(bibl, "extent")
        sub(extent, "measure", f"{source.pages} pages", unit="pages", quantity=str(source.pages))
    return desc


def _setting_desc(record: MinutesRecord) -> ET.Element:
    m = record.meeting
    desc = element("settingDesc")
    setting = sub(desc, "setting")
    for kind, value in (("organisation", m.organization), ("committee", m.committee), ("place", m.place)):
        if value:
            sub(setting, "name", value, type=kind)
    if m.date:
        sub(setting, "date", _date_text(record), when=m.date if _is_date(m.date) else None)
    return desc


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def _date_text(record: MinutesRecord) -> str:
    m = record.meeting
    times = "–".join(t for t in (m.start_time, m.end_time) if t)
    return " ".join(part for part in (m.date, f"({m.weekday})" if m.weekday else "", times) if part)


def _partic_desc(persons: list[TeiPerson]) -> ET.Element:
    desc = element("particDesc")
    people = sub(desc, "listPerson")
    for person in persons:
        node = sub(people, "person", xml_id=person.xml_id)
        if person.anonymised:
            sub(node, "persName", person.label, type="anonymised")
        elif person.name:
            sub(node, "persName", person.name)
        for role in person.roles:
            sub(node, "affiliation", role)
        if person.member_id:
            sub(node, "idno", person.member_id, type="member")
    return desc


def _version() -> str:
    """The version as teidata.versionNumber has it: digits and up to two dots."""
    digits = __version__.split("+")[0].split(".")[:3]
    return ".".join(d for d in digits if d.isdigit()) or "0"
