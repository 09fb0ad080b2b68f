"""Every fact found in the bundled corpus carries exact evidence and validates against its schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from extractor.pipeline import extract_sources
from extractor.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "corpus" / "articles").glob("*.html"))


@pytest.fixture(scope="module")
def extractions():
    found, failures = extract_sources([str(p) for p in PAGES], Settings())
    assert failures == []
    return found


def test_extract_corpus_evidence_offsets_are_exact(extractions):
    checked = 0
    for ex in extractions:
        for fact in ex.facts:
            ev = fact.evidence
            assert ex.article.text[ev.start:ev.end] == ev.sentence, (ex.article.source, fact)
            checked += 1
    assert checked > 500


def test_extract_corpus_facts_validate_and_name_their_rule(extractions):
    schema = json.loads((ROOT / "schemas" / "fact.schema.json").read_text())
    for ex in extractions:
        for fact in ex.facts:
            record = fact.to_dict(ex.article.source)
            jsonschema.validate(record, schema)
            assert record["rule"]
            assert 0 < record["confidence"] <= 1


def test_extract_corpus_articles_without_facts_stay_quiet(extractions):
    quiet = [ex for ex in extractions
             if not json.loads(Path(ex.article.source).with_suffix("").with_suffix(".gold.json").read_text())["facts"]]
    assert quiet, "the corpus keeps articles that give no fact"
    for ex in quiet:
        loud = [f for f in ex.facts if f.type in ("launch", "price", "benchmark", "competitor")]
        assert len(loud) <= 1, (ex.article.source, loud)


def test_extract_corpus_nothing_from_page_chrome(extractions):
    # sidebars, teasers and comments are not in the main text, so no evidence can quote them
    for ex in extractions:
        for fact in ex.facts:
            assert "comment" not in fact.evidence.sentence.casefold()[:20]
            assert not fact.evidence.sentence.casefold().startswith(("related", "most read", "à lire aussi"))
