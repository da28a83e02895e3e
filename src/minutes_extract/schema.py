"""The JSON Schema of the output, generated from the pydantic models (never edited by hand)."""

from __future__ import annotations

import json

from .models import SCHEMA_VERSION, MinutesRecord

SCHEMA_FILE = "minutes-record.schema.json"


def schema_json() -> str:
    schema = MinutesRecord.model_json_schema()
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://minutes-extract.invalid/schemas/{SCHEMA_FILE}",
        "x-schema-version": SCHEMA_VERSION,
        **schema,
    }
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
