"""Quality on real text is pinned: the real development set (../shared/eval/real, read where
it lies) scores at least the floors of corpus/real_baseline.json, overall, per language, per
fold and per type. The floors only go up (`python tests/real_folds.py --update`)."""

from __future__ import annotations

import json

import pytest

from real_folds import BASELINE, REAL, SCORER, below, floors_of, measure

pytestmark = pytest.mark.skipif(not (SCORER.exists() and (REAL / "folds.json").exists()),
                                reason="../shared/eval/real is not beside the checkout")


def test_eval_real_meets_pinned_floors():
    assert below(floors_of(measure()), json.loads(BASELINE.read_text())) == []


def test_eval_real_floors_cover_every_fold_and_language():
    floors = json.loads(BASELINE.read_text())
    folds = json.loads((REAL / "folds.json").read_text())["folds"]
    assert set(floors["folds"]) == set(folds)
    assert {"all", "en", "fr", "types"} <= set(floors)
