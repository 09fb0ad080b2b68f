"""A model nobody listed, discovered in one article, is known to the next run."""

from __future__ import annotations

from extractor import store
from extractor.pipeline import extract_articles
from extractor.records import Article

FIRST = Article(source="a.txt", url="https://news.example/a", published="2025-03-04", language="en",
                text="Acme AI today unveiled Zeta-1, its first reasoning model. It scores 71.2% on MMLU.")
LATER = Article(source="b.txt", url="https://news.example/b", published="2025-04-01", language="en",
                text="In our tests Zeta-1 reached 74.0% on GPQA, ahead of the rest of the pack.")


def _facts(ex):
    return {(f.type, f.model, f.data.get("benchmark"), f.data.get("score")) for f in ex.facts}


def test_discovery_name_from_context_then_known_to_the_next_run(tmp_path):
    engine = store.connect(f"sqlite:///{tmp_path / 'kb.db'}")
    first = next(extract_articles([FIRST]))
    assert ("benchmark", "Zeta-1", "MMLU", 71.2) in _facts(first)
    assert ("launch", "Zeta-1", None, None) in {(t, m, None, None) for t, m, *_ in _facts(first)}

    # without what the first run learnt, the later article has no model to hang its score on
    assert ("benchmark", "Zeta-1", "GPQA", 74.0) not in _facts(next(extract_articles([LATER])))

    run = store.start_run(engine)
    store.save_extraction(engine, first, run_id=run, extractor_version="test")
    known = store.known_models(engine)
    assert "Zeta-1" in known
    later = next(extract_articles([LATER], known_models=tuple(known)))
    assert ("benchmark", "Zeta-1", "GPQA", 74.0) in _facts(later)
