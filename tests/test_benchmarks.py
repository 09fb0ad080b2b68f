"""The extract benchmark (benchmarks/extract.py) runs and reports what it measured.

Not a timed test: the figures depend on the machine, so only their shape is checked. The
baseline (fr_core_news_sm, the ``bench`` extra) is not needed: a missing one is skipped
with a reason, which is what is checked here.
"""

from __future__ import annotations

import json

import pytest

from extractor.records import Article

extract_bench = pytest.importorskip("benchmarks.extract")

TEXTS = [
    Article(source="fr.txt", url="file:///fr.txt", language="fr", published="2024-05-14",
            text="OpenAI a lancé GPT-4o le 13 mai 2024. Le modèle coûte 5 dollars par "
                 "million de tokens en entrée."),
    Article(source="en.txt", url="file:///en.txt", language="en", published="2024-07-18",
            text="Mistral AI released Mistral NeMo, a 12B model with a 128k context window."),
]


def test_extract_bench_without_baseline():
    result = extract_bench.bench(TEXTS, repeat=1, baseline="no_such_pipeline_package")
    assert "no_such_pipeline_package is not installed" in result["skipped"]
    assert result["ratios"] == {}
    runs = {(r["pipeline"], r["texts"]): r for r in result["runs"]}
    assert set(runs) == {("extractor", "fr"), ("extractor", "all")}
    fr, both = runs["extractor", "fr"], runs["extractor", "all"]
    assert (fr["articles"], both["articles"]) == (1, 2)
    assert fr["words"] == len(TEXTS[0].text.split())
    assert both["words"] == sum(len(a.text.split()) for a in TEXTS)
    for r in runs.values():
        assert len(r["times"]) == 1 and r["seconds"] > 0
        assert r["articles_per_s"] == pytest.approx(r["articles"] / r["seconds"])
        assert r["words_per_s"] == pytest.approx(r["words"] / r["seconds"])
        assert r["facts"] >= 1  # the stage read facts, not just tokens
    json.dumps(result)  # what run() writes to data/bench/extract.json
    table = extract_bench.report(result)
    assert "baseline skipped" in table and "extractor" in table


def test_extract_bench_baseline_disabled():
    result = extract_bench.bench(TEXTS[1:], repeat=1, baseline=None)
    assert result["skipped"] == "baseline disabled"
    assert [(r["pipeline"], r["texts"]) for r in result["runs"]] == [("extractor", "all")]


def test_time_runs_excludes_the_warm_up_and_interleaves():
    calls = []
    stages = {k: (lambda k=k: calls.append(k) or len(calls)) for k in ("a", "b")}
    timed = extract_bench.time_runs(stages, 3)
    assert calls == ["a", "b"] * 4  # one warm-up round, then three timed rounds, in turn
    for key, (median, times, last) in timed.items():
        assert len(times) == 3 and median == sorted(times)[1]
    assert timed["a"][2] == 7 and timed["b"][2] == 8


def test_workers_bench_reports_both_sides_and_the_same_facts():
    workers_bench = pytest.importorskip("benchmarks.workers")
    result = workers_bench.bench(TEXTS, copies=3, repeat=1, batch_size=2)
    rows = {r["workers"]: r for r in result["rows"]}
    assert set(rows) == {1, 2}
    assert rows[1]["articles"] == rows[2]["articles"] == 6
    assert result["same_facts"] and rows[1]["facts"] >= 3
    assert result["ratio"] == pytest.approx(rows[1]["seconds"] / rows[2]["seconds"], rel=0.02)
    json.dumps(result)


def test_night_bench_runs_twice_on_a_loopback_site_and_reports_stages():
    night_bench = pytest.importorskip("benchmarks.night")
    result = night_bench.measure(3, 1, baseline=False)
    first, unchanged = result["runs"]
    assert (first["run"], unchanged["run"]) == ("first", "unchanged")
    assert first["new"] == 3 and unchanged["new"] == 0 and first["facts"] > 3
    assert {"parse", "extract", "store", "exports", "digest", "fetch and the rest"} <= set(first["stages"])
    assert "exports" not in unchanged["stages"]  # a quiet night rebuilds nothing
    assert first["peak_rss_mb"] > 0 and result["words_per_s"] > 0
    json.dumps(result)
