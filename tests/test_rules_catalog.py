"""The seeded model catalog (rules/entities/catalog.jsonl, from genai-prices via scripts/seed_models.py):
the file is well formed, and its names are found in one pass as MODEL mentions."""

from __future__ import annotations

import json
import re
import tomllib
from fnmatch import fnmatch
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from extractor import mentions
from extractor.mentions import find_mentions
from extractor.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent
ENTITIES = resources.files("extractor").joinpath("rules", "entities")


def _lines(name: str) -> list[dict]:
    return [json.loads(line) for line in ENTITIES.joinpath(name).read_text(encoding="utf-8").splitlines() if line.strip()]


def _models(text: str) -> list[str]:
    return [m.text for m in find_mentions(text, "en") if m.label == "MODEL"]


def test_catalog_loads_sorted_unique_and_valid():
    schema = json.loads((ROOT / "schemas" / "catalog.schema.json").read_text())
    records = _lines("catalog.jsonl")
    assert len(records) > 500
    for rec in records:
        jsonschema.validate(rec, schema)
    ids = [r["id"] for r in records]
    assert ids == sorted(ids), "catalog.jsonl is sorted by id"
    assert len(ids) == len(set(ids)), "duplicate ids in catalog.jsonl"
    assert len(load_rules().catalog) == len(records)


def test_catalog_orgs_exist_and_spellings_name_one_model():
    orgs = {r["id"] for r in _lines("orgs.jsonl")}
    seen: dict[str, str] = {}
    for rec in _lines("catalog.jsonl"):
        assert rec.get("org") is None or rec["org"] in orgs, rec["id"]
        for spelling in rec["match"]:
            key = spelling.casefold()
            assert seen.setdefault(key, rec["id"]) == rec["id"], f"{spelling!r} in {seen[key]} and {rec['id']}"


def test_catalog_spellings_follow_the_filtering_rule():
    # every spelling has a digit (no plain words, no version-less pointer such as deepseek-reasoner)
    # and no -latest pointer
    for model in load_rules().catalog:
        for spelling in model.match:
            assert re.search(r"\d", spelling), spelling
            assert not re.search(r"[-_ ]latest$", spelling, re.I), spelling
            assert spelling[0].isalpha() and len(spelling) >= 5, spelling


def test_catalog_ships_as_package_data():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    globs = data["tool"]["setuptools"]["package-data"]["extractor"]
    assert any(fnmatch("rules/entities/catalog.jsonl", g.replace("**/", "*/")) for g in globs)
    assert "genai-prices" not in " ".join(data["project"]["dependencies"]), "seed data only, no runtime dependency"


def test_catalog_api_id_is_one_model_mention():
    text = "The lab put its open-weight gpt-oss-120b on every big cloud this week."
    found = [m for m in find_mentions(text, "en") if m.label == "MODEL"]
    assert [m.text for m in found] == ["gpt-oss-120b"]
    assert text[found[0].start:found[0].end] == "gpt-oss-120b"
    assert found[0].value["id"].startswith("catalog/")
    assert found[0].value["bare"] is False


def test_catalog_names_of_no_known_family_are_found():
    # no family of families.jsonl starts these: the shapes find nothing, the catalog the whole id
    assert _models("We moved the team's editor to composer-2.5 on Tuesday.") == ["composer-2.5"]
    assert _models("muse-spark-1.2 is new.") == ["muse-spark-1.2"]


def test_catalog_keeps_variants_apart():
    assert _models("gpt-4o-mini costs less than gpt-4o.") == ["gpt-4o-mini", "gpt-4o"]
    # a longer version the catalog does not list is not cut to one it lists
    assert "Claude Haiku 3" not in _models("Claude Haiku 3.9 is a name we made up.")


@pytest.mark.parametrize("text", [
    "A voyage across the sea, with a command of the language and a seed of doubt.",
    "Flash 3 times, then step 5 and extract the sonar readings.",
    "The davinci code and the curie point were discussed at length.",
])
def test_catalog_plain_words_are_not_models(text):
    assert _models(text) == []


def test_catalog_is_matched_in_one_pass(monkeypatch):
    rules = load_rules()
    rx, by_key = mentions._catalog_pattern(rules)
    assert isinstance(rx, re.Pattern)
    assert mentions._catalog_pattern(rules)[0] is rx, "built once per rule set"
    assert len(by_key) >= sum(1 for _ in rules.catalog)  # every spelling, one regex
    # the curated gazetteer is a few trie regexes of its own; the catalog adds nothing to it
    buckets = mentions._gazetteer_patterns(rules)
    assert len(buckets) <= 4
    assert all(not ent.id.startswith("catalog/") for _, by_key, _ in buckets
               for entries in by_key.values() for ent, _ in entries)
    calls = []
    real = rx.finditer

    class Spy:
        def finditer(self, text):
            calls.append(text)
            return real(text)

    monkeypatch.setattr(mentions, "_catalog_pattern", lambda _rules: (Spy(), by_key))
    find_mentions("gpt-oss-120b and gpt-oss-20b and deepseek-r1-0528", "en", rules=rules)
    assert len(calls) == 1, "the catalog reads the text once"
