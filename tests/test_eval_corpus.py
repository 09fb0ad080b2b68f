"""Quality is pinned: the corpus and the seed article score at least the floors in corpus/baseline.json."""

from __future__ import annotations

import json

import pytest

from eval_gate import BASELINE, CORPUS, SCORER, compare, gold_sha, measure

pytestmark = pytest.mark.skipif(not SCORER.exists(), reason="../shared/eval/score.py is not beside the checkout")


@pytest.fixture(scope="module")
def figures():
    return measure()


def test_eval_corpus_meets_pinned_floors(figures):
    baseline = json.loads(BASELINE.read_text())
    assert compare(figures, baseline["floors"]) == []


def test_eval_gold_unchanged_since_floors_were_pinned():
    # a gold edit must come with `python tests/eval_gate.py --update` in the same commit
    assert json.loads(BASELINE.read_text())["gold_sha256"] == gold_sha()


def test_eval_seed_article_targets(figures):
    assert figures["dev"]["all"] >= 0.95


def test_eval_corpus_size_and_languages():
    golds = [json.loads(p.read_text()) for p in CORPUS.glob("*.gold.json")]
    assert len(golds) >= 40
    assert sum(g["lang"] == "fr" for g in golds) >= 15
    for g in golds:
        assert (CORPUS / f"{g['id']}.html").exists()
