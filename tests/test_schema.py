"""The checked-in JSON Schema is generated from the models and must never go stale."""

from __future__ import annotations

import json
import re

from conftest import ROOT
from minutes_extract import parse_text
from minutes_extract.diagnostics import CATALOGUE
from minutes_extract.errors import ExitCode
from minutes_extract.schema import SCHEMA_FILE, schema_json

SCHEMA_PATH = ROOT / "schemas" / SCHEMA_FILE
README = ROOT / "README.md"


def test_checked_in_schema_is_current() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_json(), (
        "schemas/ is stale: run `minutes-extract schema -o schemas/minutes-record.schema.json`"
    )


def test_output_contract_names() -> None:
    schema = json.loads(schema_json())
    defs = schema["$defs"]
    assert set(schema["properties"]) >= {"schema_version", "source", "meeting", "turns", "diagnostics"}
    assert set(defs["Source"]["properties"]) >= {"path", "sha256", "format", "encoding"}
    assert set(defs["Meeting"]["properties"]) >= {
        "title", "organization", "committee", "session", "sitting", "date", "weekday", "start_time",
        "end_time", "place", "attendee_count", "attendees", "observer_count", "observers",
        "order_of_business", "agenda", "result",
    }
    assert set(defs["Speaker"]["properties"]) >= {"label", "role", "name", "anonymized"}
    assert set(defs["Remark"]["properties"]) >= {"text", "label", "children", "span"}
    assert set(defs["Span"]["properties"]) >= {"start_line", "end_line"}
    assert set(defs["Diagnostic"]["properties"]) >= {"code", "severity", "message", "line"}


def test_codes_unique_and_documented() -> None:
    codes = [c.code for c in CATALOGUE]
    assert len(codes) == len(set(codes))
    assert len({c.name for c in CATALOGUE}) == len(codes)
    readme = README.read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([A-Z]{2}\d{3})` ", readme, flags=re.MULTILINE))
    assert documented == set(codes), "README diagnostics table and catalogue differ"
    for code in ExitCode:
        assert re.search(rf"^\| {int(code)} \|", readme, flags=re.MULTILINE), f"exit code {code} undocumented"


def test_record_round_trips_through_json() -> None:
    record = parse_text("〈위원장〉\n\n- 개회\n - 〔1〕 안건\n")
    from minutes_extract import MinutesRecord

    assert MinutesRecord.model_validate_json(record.model_dump_json()) == record
