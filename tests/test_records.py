"""Records and their JSON Schemas cannot drift apart."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import jsonschema

from extractor.records import FACT_FIELDS, FACT_TYPES, Article, Evidence, Fact

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"


def test_records_fact_schema_knows_every_type_and_field():
    schema = json.loads((SCHEMAS / "fact.schema.json").read_text())
    assert schema["properties"]["type"]["enum"] == list(FACT_TYPES)
    for fields in FACT_FIELDS.values():
        for name in fields:
            assert name in schema["properties"], name
    evidence = schema["properties"]["evidence"]["properties"]
    assert set(evidence) == {f.name for f in dataclasses.fields(Evidence)}


def test_records_fact_to_dict_validates():
    schema = json.loads((SCHEMAS / "fact.schema.json").read_text())
    fact = Fact("price", "GPT-4o mini", {"direction": "input", "amount": 0.15, "currency": "USD",
                                          "per_tokens": 1_000_000}, Evidence("s", 0, 1), 0.8, "rule")
    jsonschema.validate(fact.to_dict("a.txt"), schema)


def test_records_article_schema_matches_to_dict():
    schema = json.loads((SCHEMAS / "article.schema.json").read_text())
    article = Article(source="a", url="u", text="t", published="2024-07-18", published_from="meta")
    record = article.to_dict()
    jsonschema.validate(record, schema)
    assert set(record) == set(schema["properties"])
