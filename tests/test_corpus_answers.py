"""What an analyst gets from the bundled corpus: prices qualified, cuts found, announced
availability kept apart, disagreements shown, reported prices checked against the curated
list. The corpus is our own writing; these are the answers its articles state."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from extractor import store
from extractor.pipeline import extract_sources
from extractor.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "corpus" / "articles").glob("*.html"))
QUERIES = re.findall(r"```sql\n(.*?)```", (ROOT / "docs" / "analyst-queries.md").read_text("utf-8"),
                     re.S)


@pytest.fixture(scope="module")
def kb(tmp_path_factory) -> str:
    found, failures = extract_sources([str(p) for p in PAGES], Settings())
    assert failures == []
    url = f"sqlite:///{tmp_path_factory.mktemp('corpus') / 'kb.db'}"
    engine = store.connect(url)
    store.start_run(engine)  # loads the curated price list, as every run does
    store.save_extractions(engine, found)
    engine.dispose()
    return url


def ask(url: str, sql: str) -> list[tuple]:
    return [tuple(r) for r in store.query(url, sql)[1]]


def prices(url: str, model: str) -> dict[str, tuple]:
    return {r[0]: r[1:] for r in ask(url, "SELECT direction, price_per_million, "
                                          "upper_tier_per_million, upper_tier FROM current_prices "
                                          f"WHERE model = '{model}' AND currency = 'USD'")}


def test_corpus_current_prices_are_the_standard_list_prices(kb: str) -> None:
    # "against $2.50/$10 ... for OpenAI's GPT-4o": GPT-4o's prices, not Nova Pro's
    assert prices(kb, "Amazon Nova Pro") == {"input": (0.8, None, None), "output": (3.2, None, None)}
    # the base tier is the list price; the over-128K tier has its own column
    assert prices(kb, "Gemini 1.5 Pro") == {"input": (3.5, 7.0, "> 128K"),
                                            "output": (10.5, 21.0, "> 128K")}
    # the new prices of the before/after table, not the old ones
    assert prices(kb, "Mistral Large 2") == {"input": (2.0, None, None), "output": (6.0, None, None)}
    assert prices(kb, "Codestral") == {"input": (0.2, None, None), "output": (0.6, None, None)}
    nemo = prices(kb, "Mistral NeMo")
    assert nemo["input"][0] == nemo["output"][0] == 0.15


def test_corpus_the_price_change_question_finds_the_cuts(kb: str) -> None:
    changes = {(r[0], r[1], r[5], r[6]) for r in ask(kb, QUERIES[3])}
    cuts = {("Mistral NeMo", "input", 0.3, 0.15), ("Mistral NeMo", "output", 0.3, 0.15),
            ("Mistral Small", "input", 1.0, 0.2), ("Mistral Small", "output", 3.0, 0.6),
            ("Codestral", "input", 1.0, 0.2), ("Codestral", "output", 3.0, 0.6),
            ("Mistral Large 2", "input", 3.0, 2.0), ("Mistral Large 2", "output", 9.0, 6.0),
            ("Gemini 1.5 Flash", "input", 0.35, 0.075), ("Gemini 1.5 Flash", "output", 1.05, 0.3),
            ("GPT-4o", "input", 5.0, 2.5)}
    assert cuts <= changes
    assert all(before > now for _, _, before, now in changes)  # the corpus reports no rise


def test_corpus_bedrock_lists_no_model_that_is_only_announced(kb: str) -> None:
    on_bedrock = {r[0]: r[1] for r in ask(kb, "SELECT model, status FROM availability_by_channel "
                                              "WHERE channel = 'Amazon Bedrock'")}
    coming = {r[0] for r in ask(kb, "SELECT model FROM announced_availability "
                                    "WHERE channel = 'Amazon Bedrock'")}
    assert {"Jamba 1.5", "Claude 3 Haiku"} <= coming
    assert not coming & set(on_bedrock)
    assert on_bedrock["Claude 3 Sonnet"] == "available"  # "from launch"; the preview is Vertex AI's
    assert on_bedrock["Amazon Nova Pro"] == "available"


def test_corpus_disagreeing_articles_show_in_conflicts(kb: str) -> None:
    rows = ask(kb, "SELECT model, type, about, value, other_value, source_url, other_source_url "
                   "FROM conflicts")
    aime = [r for r in rows if r[:3] == ("o1", "benchmark", "AIME")]
    assert aime and {aime[0][3], aime[0][4]} == {"83.0", "74.4"}
    assert all(r[5] != r[6] for r in rows)  # two articles, never one with itself
    # "8K" and 8,192 tokens are one window, not a disagreement
    assert not [r for r in rows if r[:2] == ("Llama 3", "context_window")]
    ((n,),) = ask(kb, "SELECT disagreeing_sources FROM current_prices WHERE model = 'Amazon Nova Pro' "
                      "AND direction = 'input'")
    assert n == 0


def test_corpus_reported_prices_are_checked_against_the_curated_list(kb: str) -> None:
    counts = dict(ask(kb, "SELECT status, COUNT(*) FROM price_checks GROUP BY status"))
    assert set(counts) == {"agrees", "differs", "not listed"}
    assert counts["agrees"] > counts["differs"] + counts["not listed"]
    check = {(r[0], r[1]): r[2:] for r in ask(kb, "SELECT model, direction, status, "
                                                  "listed_per_million FROM price_checks")}
    assert check[("GPT-4o mini", "input")] == ("agrees", 0.15)
    assert check[("Amazon Nova Pro", "output")] == ("agrees", 3.2)  # listed by AWS as "Nova Pro"
    # Gemini 1.5 Pro was cut after the article: the list is newer than the news
    assert check[("Gemini 1.5 Pro", "input")][0] == "differs"
