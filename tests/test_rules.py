"""Every rule file loads, validates against its schema, has unique ids and no duplicate aliases."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from extractor.rules import LANGUAGES, load_rules, norm_name

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
ENTITIES = resources.files("extractor").joinpath("rules", "entities")


def _lines(name: str) -> list[dict]:
    text = ENTITIES.joinpath(name).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("name", ["orgs.jsonl", "models.jsonl", "benchmarks.jsonl", "channels.jsonl", "aliases.jsonl"])
def test_rules_gazetteers_validate_and_have_unique_ids(name):
    schema = json.loads((SCHEMAS / "gazetteer.schema.json").read_text())
    records = _lines(name)
    assert records
    for rec in records:
        jsonschema.validate(rec, schema)
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids)), f"duplicate ids in {name}"


def test_rules_families_validate():
    schema = json.loads((SCHEMAS / "family.schema.json").read_text())
    for rec in _lines("families.jsonl"):
        jsonschema.validate(rec, schema)


def test_rules_no_alias_names_two_entities_of_one_kind():
    rules = load_rules()
    for group in (rules.orgs, rules.benchmarks, rules.channels):
        seen: dict[str, str] = {}
        for ent in group:
            for name in (ent.name, *ent.aliases):
                key = norm_name(name)
                assert seen.setdefault(key, ent.id) == ent.id, f"{name!r} names {seen[key]} and {ent.id}"


def test_rules_every_entity_points_to_a_known_org():
    rules = load_rules()
    orgs = {o.id for o in rules.orgs}
    for ent in rules.models:
        assert ent.org is None or ent.org in orgs, ent.id
    for fam in rules.families:
        assert fam.org in orgs, fam.id


@pytest.mark.parametrize("lang", LANGUAGES)
def test_rules_lexicons_have_every_category(lang):
    en = set(load_rules().lexicons["en"].words)
    assert set(load_rules().lexicons[lang].words) >= en - {"lang"}
