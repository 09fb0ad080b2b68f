"""Fact rows -> knowledge graph: nodes, edges, evidence, dates, current prices, decisions."""

from __future__ import annotations

import random

import networkx as nx
import pytest
from graph_support import A1, A2, A3, HOSTILE_MODEL, row, sample_rows

from extractor.graph import EDGE_KINDS, NODE_KINDS, build_graph, fact_text


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return build_graph(sample_rows())


def test_graph_spellings_are_one_node_and_variants_stay_apart(G):
    models = {d["label"]: n for n, d in G.nodes(data=True) if d["kind"] == "model"}
    assert "GPT-4o mini" in models and "GPT-4o" in models
    assert models["GPT-4o mini"] != models["GPT-4o"]
    for spelling in ("GPT-4o Mini", "gpt-4o-mini", "le GPT\u20114o\u00a0mini"):
        assert spelling not in models
        assert spelling in G.nodes["model/gpt-4o-mini"]["aliases"]
    assert G.graph["model_names"] > G.graph["models"] == len(models)


def test_graph_every_node_has_kind_label_and_evidence(G):
    for n, d in G.nodes(data=True):
        assert d["kind"] in NODE_KINDS, n
        assert isinstance(d["label"], str) and d["label"], n
        assert isinstance(d["evidence"], int) and isinstance(d["articles"], int), n
    kinds = {d["kind"] for _, d in G.nodes(data=True)}
    assert kinds == set(NODE_KINDS)


def test_graph_every_edge_has_kind_evidence_and_dates(G):
    for u, v, k, d in G.edges(keys=True, data=True):
        assert d["kind"] in EDGE_KINDS and k.startswith(d["kind"]), (u, v, k)
        assert isinstance(d["evidence"], int) and d["weight"] >= 1.0
        assert d["first_seen"] <= d["last_seen"], (u, v, k)
    assert {d["kind"] for _, _, d in G.edges(data=True)} == set(EDGE_KINDS)


def test_graph_developed_by_from_text_and_from_gazetteer(G):
    text = G.edges["model/gpt-4o-mini", "org/openai", "developed-by"]
    assert (text["origin"], text["evidence"], text["articles"]) == ("text", 2, 2)
    assert text["first_seen"] == "2024-07-18" and text["last_seen"] == "2024-07-19"
    gaz = G.edges["model/claude-3-haiku", "org/anthropic", "developed-by"]
    assert (gaz["origin"], gaz["evidence"]) == ("gazetteer", 0)


def test_graph_competitor_weight_counts_articles(G):
    edge = G.get_edge_data("model/claude-3-haiku", "model/gpt-4o-mini")["competitor-of"]
    assert edge["weight"] == 2.0 and edge["articles"] == 2
    assert edge["sources"] == sorted([A1[0], A2[0]])
    # one edge per pair, whichever side the text named first
    assert not G.has_edge("model/gpt-4o-mini", "model/claude-3-haiku")


def test_graph_successor_chain_and_variant_edges(G):
    assert G.has_edge("model/gpt-4o-mini", "model/gpt-3-5-turbo", "successor-of")
    assert G.edges["model/gpt-4o-mini", "model/gpt-3-5-turbo", "successor-of"]["evidence"] == 2
    assert G.has_edge("model/gpt-3-5-turbo", "model/gpt-3", "successor-of")
    assert G.has_edge("model/gpt-4o-mini", "model/gpt-4o", "variant-of")
    assert G.has_edge("model/gemini-1-5-8b-flash", "model/gemini-1-5-flash", "variant-of")
    assert not G.has_edge("model/gpt-4o-mini", "model/gpt-3-5-turbo", "variant-of")


def test_graph_scores_one_edge_per_value_with_source(G):
    scores = {(u, d["score"]) for u, v, d in G.in_edges("benchmark/mmlu", data=True)}
    assert scores == {("model/gpt-4o-mini", 82.0), ("model/gpt-4o", 88.7),
                      ("model/gemini-1-5-flash", 78.9), ("model/gemini-1-5-8b-flash", 71.0)}
    edge = G.edges["model/gpt-4o", "benchmark/mmlu", "scored-on:88.7"]
    assert edge["date"] == "2024-07-18" and edge["sources"] == [A1[0]]


def test_graph_availability_edges_carry_the_stated_date(G):
    plus = G.edges["model/gpt-4o-mini", "channel/chatgpt-plus", "available-on"]
    assert plus["date"] == "2024-07-18"
    assert G.nodes["channel/chatgpt-plus"]["platform"] == "channel/chatgpt"
    assert G.has_edge("model/gpt-4o-mini", "channel/openai-api")  # "API" of the developer


def test_graph_current_price_on_the_model_node(G):
    d = G.nodes["model/gpt-4o-mini"]
    assert (d["price_input"], d["price_output"], d["price_currency"]) == (0.15, 0.6, "USD")
    assert d["price_date"] == "2024-07-19"
    assert not any(k == "priced" for _, _, k in G.edges(keys=True))  # history stays in SQL


def test_graph_latest_price_wins_and_is_per_million():
    rows = [row(A1, "price", "Zeta-1", direction="input", amount=2.0, currency="USD",
                per_tokens=1_000_000),
            row(A3, "price", "Zeta-1", direction="input", amount=0.001, currency="USD",
                per_tokens=1000),
            row(A3, "price", "Zeta-1", direction="input", amount=0.5, currency="USD",
                per_tokens=1_000_000)]  # a batch discount in the same article
    d = build_graph(rows).nodes["model/zeta-1"]
    assert d["price_input"] == 1.0 and d["price_date"] == A3[1]


def test_graph_model_attributes_from_facts(G):
    d = G.nodes["model/gpt-4o-mini"]
    assert d["context_window"] == 128000 and d["launch_date"] == "2024-07-18"
    assert (d["developer"], d["family_name"], d["version"], d["variant"]) == (
        "OpenAI", "GPT", "4o", "mini")
    assert d["evidence"] == 15 and d["articles"] == 3
    assert d["first_seen"] == "2024-07-18" and d["last_seen"] == "2024-08-02"
    facts = d["facts"]
    assert len(facts) == 14
    assert {"type", "text", "sentence", "article_url", "title", "published"} <= set(facts[0])


def test_graph_ambiguous_short_name_decision_is_recorded(G):
    (decision,) = G.graph["decisions"]
    assert decision["name"] == "Gemini Flash" and decision["article"] == A3[0]
    assert decision["chosen"] == "model/gemini-1-5-flash"
    assert "Gemini Flash" in G.nodes["model/gemini-1-5-flash"]["short_names"]
    assert G.has_edge("model/gemini-1-5-flash", "benchmark/mmlu", "scored-on:78.9")


def test_graph_hostile_strings_are_data(G):
    labels = {d["label"] for _, d in G.nodes(data=True)}
    assert HOSTILE_MODEL in labels


def test_graph_is_the_same_whatever_the_row_order():
    rows = sample_rows()
    shuffled = rows[:]
    random.Random(3).shuffle(shuffled)
    a, b = build_graph(rows), build_graph(shuffled)
    assert list(a.nodes) == list(b.nodes)
    assert nx.utils.graphs_equal(a, b)


def test_graph_tolerates_empty_and_partial_rows():
    assert build_graph([]).number_of_nodes() == 0
    G = build_graph([{"type": "benchmark", "model": "Zeta-1"},  # no benchmark, no score
                     {"type": "launch", "model": None},
                     {"type": "successor", "model": "Zeta-2", "predecessor": "Zeta-2"}])
    assert set(G) == {"model/zeta-1", "model/zeta-2"}
    assert G.number_of_edges() == 0
    assert "first_seen" not in G.nodes["model/zeta-1"]


@pytest.mark.parametrize(("fields", "text"), [
    ({"type": "launch", "org": "OpenAI", "date": "2024-07-18"}, "launched by OpenAI on 2024-07-18"),
    ({"type": "launch"}, "launched"),
    ({"type": "benchmark", "benchmark": "MMLU", "score": 82.0}, "MMLU: 82"),
    ({"type": "context_window", "tokens": 128000}, "context window: 128,000 tokens"),
    ({"type": "knowledge_cutoff", "date": "2023-10"}, "knowledge cutoff: 2023-10"),
    ({"type": "availability", "channel": "Batch API", "date": None}, "available on Batch API"),
    ({"type": "successor", "predecessor": "GPT-3.5 Turbo"}, "succeeds GPT-3.5 Turbo"),
    ({"type": "competitor", "competitor": "Claude 3 Haiku"}, "compared with Claude 3 Haiku"),
    ({"type": "price", "direction": "output", "amount": 2.5, "currency": "EUR",
      "per_tokens": 1000}, "output: 2.5 EUR per 1K tokens"),
])
def test_graph_fact_text(fields, text):
    assert fact_text(fields) == text


def test_graph_keeps_the_latest_facts_and_sources_and_counts_them_all(monkeypatch) -> None:
    # what the graph holds follows the models and links, not the number of articles
    from extractor import graph
    from extractor.resolve import fact_mentions, resolve_models

    monkeypatch.setattr(graph, "FACTS_KEPT", 3)
    monkeypatch.setattr(graph, "SOURCES_KEPT", 2)
    days = [f"2024-07-{d:02d}" for d in range(10, 20)]
    rows = []
    for i, day in enumerate(random.Random(7).sample(days, len(days))):
        art = (f"https://news.example/{i}", day, f"Story {i}")
        rows.append(row(art, "availability", "GPT-4o mini", channel="ChatGPT Plus"))
        rows.append(row(art, "price", "GPT-4o mini", direction="input", amount=0.15,
                        currency="USD", per_tokens=1_000_000))
    G = build_graph(rows)
    node = G.nodes["model/gpt-4o-mini"]
    assert node["facts_total"] == 20 and node["evidence"] == 20 and node["articles"] == 10
    assert [f["published"] for f in node["facts"]] == ["2024-07-18", "2024-07-19", "2024-07-19"]
    assert (node["first_seen"], node["last_seen"]) == ("2024-07-10", "2024-07-19")
    assert node["price_input"] == 0.15
    (_, ch, edge), = [(u, v, d) for u, v, d in G.out_edges("model/gpt-4o-mini", data=True)
                      if d["kind"] == "available-on"]
    assert edge["articles"] == 10 and edge["weight"] == 10.0
    latest = {r["article_url"] for r in rows if r["published"] >= "2024-07-18"}
    assert set(edge["sources"]) == latest and len(edge["sources"]) == 2
    # read once, as it comes, when the resolution is given: the same graph
    res = resolve_models(fact_mentions(rows))
    streamed = build_graph(iter(rows), res)
    assert nx.utils.graphs_equal(G, streamed) and streamed.graph == G.graph
