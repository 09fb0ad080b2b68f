"""Queries over the graph: lineage, rivals, find_model, describe."""

from __future__ import annotations

import pytest
from graph_support import A1, A2, A3, row, sample_rows

from extractor.graph import build_graph, describe, find_model, lineage, rivals


@pytest.fixture(scope="module")
def G():
    return build_graph(sample_rows())


def _labels(G, nodes):
    return [G.nodes[n]["label"] for n in nodes]


def test_graph_lineage_in_order_both_ways(G):
    assert _labels(G, lineage(G, "model/gpt-4o-mini").chain) == [
        "GPT-3", "GPT-3.5 Turbo", "GPT-4o mini"]
    mid = lineage(G, "model/gpt-3-5-turbo")
    assert _labels(G, mid.before) == ["GPT-3"] and _labels(G, mid.after) == ["GPT-4o mini"]
    alone = lineage(G, "model/o1-mini")
    assert alone.chain == ("model/o1-mini",)


def test_graph_lineage_orders_a_branching_chain_by_dates():
    rows = [row(A1, "successor", "Zeta-2", predecessor="Zeta-1"),
            row(A2, "successor", "Zeta-3", predecessor="Zeta-2"),
            row(A2, "successor", "Zeta-2 mini", predecessor="Zeta-1"),
            row(A3, "launch", "Zeta-2 mini", date="2024-01-01"),
            row(A3, "launch", "Zeta-2", date="2023-06-01")]
    G = build_graph(rows)
    assert _labels(G, lineage(G, "model/zeta-3").chain) == ["Zeta-1", "Zeta-2", "Zeta-3"]
    assert _labels(G, lineage(G, "model/zeta-1").after) == ["Zeta-2", "Zeta-2 mini", "Zeta-3"]


def test_graph_lineage_survives_contradictory_facts():
    G = build_graph([row(A1, "successor", "Zeta-2", predecessor="Zeta-1"),
                     row(A2, "successor", "Zeta-1", predecessor="Zeta-2")])
    chain = lineage(G, "model/zeta-1").chain
    assert sorted(chain) == ["model/zeta-1", "model/zeta-2"]


def test_graph_rivals_most_articles_first(G):
    found = rivals(G, "model/gpt-4o-mini")
    assert found[0].label == "Claude 3 Haiku" and found[0].articles == 2
    assert {r.label for r in found[1:]} >= {"Gemini 1.5 Flash"}
    assert [r.label for r in rivals(G, "model/claude-3-haiku")] == ["GPT-4o mini"]
    assert rivals(G, "model/gpt-3") == []


@pytest.mark.parametrize("name", ["GPT-4o mini", "gpt-4o-mini", "le GPT\u20114o Mini",
                                  "model/gpt-4o-mini", "GPT 4o mini"])
def test_graph_find_model_by_any_spelling(G, name):
    assert find_model(G, name) == ["model/gpt-4o-mini"]


def test_graph_find_model_short_name_and_unknown(G):
    assert find_model(G, "Gemini Flash") == ["model/gemini-1-5-flash"]
    assert find_model(G, "Frobnicator 9") == []
    assert find_model(G, "OpenAI") == []  # not a model


def test_graph_describe_has_everything_with_sources(G):
    d = describe(G, "model/gpt-4o-mini")
    assert d["label"] == "GPT-4o mini" and d["kind"] == "model"
    assert d["attributes"]["developer"] == "OpenAI"
    assert d["attributes"]["price_input"] == 0.15
    assert d["lineage"] == {"before": ["GPT-3", "GPT-3.5 Turbo"], "after": [],
                            "ids": ["model/gpt-3", "model/gpt-3-5-turbo", "model/gpt-4o-mini"]}
    assert d["rivals"][0] == {"label": "Claude 3 Haiku", "articles": 2}
    scores = d["links"]["scored-on"]
    assert scores == [dict(scores[0], label="MMLU", score=82.0)]
    assert scores[0]["sources"] == [A1[0]]
    assert len(d["facts"]) == 14 and all(f.get("article_url") for f in d["facts"])
    org = describe(G, "org/openai")
    assert {i["label"] for i in org["links"]["developed-by (in)"]} >= {"GPT-4o mini", "GPT-4o"}
