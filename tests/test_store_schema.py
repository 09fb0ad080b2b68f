"""schemas/db.schema.json describes the tables exactly, and real rows validate against it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from jsonschema import Draft202012Validator
from store_support import kb_extractions

from extractor import store
from extractor.store.schema import metadata

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "schemas" / "db.schema.json").read_text("utf-8"))


def _validator(name: str) -> Draft202012Validator:
    return Draft202012Validator({**SCHEMA, "$ref": f"#/$defs/{name}"})


def _json_type(column: sa.Column[Any]) -> str | None:
    if isinstance(column.type, sa.JSON):
        return None
    if isinstance(column.type, sa.Boolean):
        return "boolean"
    if isinstance(column.type, sa.Integer):
        return "integer"
    if isinstance(column.type, sa.Float):
        return "number"
    return "string"


def test_store_json_schema_is_valid() -> None:
    Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("table", metadata.sorted_tables, ids=lambda t: t.name)
def test_store_json_schema_matches_the_table(table: sa.Table) -> None:
    definition = SCHEMA["$defs"][table.name]
    assert list(definition["properties"]) == [c.name for c in table.columns]
    assert set(definition["required"]) == {c.name for c in table.columns
                                           if not c.nullable or c.primary_key}
    for column in table.columns:
        declared = definition["properties"][column.name].get("type")
        expected = _json_type(column)
        if expected is None:
            assert declared is None, column.name
        else:
            assert declared == ([expected, "null"] if column.nullable else expected), column.name
    assert f"| `{table.name}` |" in (ROOT / "docs" / "schema.md").read_text("utf-8")


def test_store_rows_validate_against_the_json_schema(tmp_path: Path) -> None:
    engine = store.connect(f"sqlite:///{tmp_path}/kb.db")
    run_id = store.start_run(engine, feeds=[{"url": "https://news.example/feed", "lang": "en"}])
    store.save_extractions(engine, kb_extractions(), run_id=run_id, extractor_version="t")
    store.save_fetch(engine, run_id, "https://news.example/feed", 200, kind="feed", etag='"e"')
    store.save_fetch(engine, run_id, "https://news.example/x", 503, error="HTTP 503")
    store.record_failure(engine, run_id, "https://news.example/x", "HTTP 503")
    store.finish_run(engine, run_id, {"new": 7})
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            rows = conn.execute(sa.select(table)).mappings().all()
            assert rows, f"no {table.name} rows to check"
            validator = _validator(table.name)
            for row in rows:
                errors = [e.message for e in validator.iter_errors(dict(row))]
                assert not errors, (table.name, errors)
    validator = _validator("loaded_fact")
    facts = list(store.load_facts(engine))
    assert len(facts) > 50
    for fact in facts:
        errors = [e.message for e in validator.iter_errors(fact)]
        assert not errors, (fact["type"], errors)
    engine.dispose()


@pytest.mark.parametrize("url", ["postgres://kb:secret@db.example:5433/kb", "postgresql://kb:secret@db.example:5433/kb"])
def test_store_postgres_urls_as_users_write_them_use_psycopg(url):
    from extractor.store.engine import parse_url

    parsed = parse_url(url)
    assert parsed.drivername == "postgresql+psycopg"
    assert (parsed.host, parsed.port, parsed.database, parsed.username) == ("db.example", 5433, "kb", "kb")
