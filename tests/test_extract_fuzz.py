"""Hostile and broken text never crashes extraction, and evidence offsets stay exact."""

from __future__ import annotations

import random

import pytest

from extractor.pipeline import extract_articles
from extractor.records import Article

PIECES = ["GPT-4o mini", "Claude 3.5 Sonnet", "$0.15", "per million", "input", "output", "82%", "MMLU", "|",
          "| a | b |", "\n", "\n\n", "128k", "contre", "vs", "—", "«", "»", "respectively", "ce dernier",
          "the 405B model", "R1", "available on ChatGPT Plus, Team and", "launched", "today", "lundi", "0,25 €",
          "405 milliards de paramètres", "x" * 60, "Ⅻ", "\u202f", "\u00a0", "😀", "\x00", "\ud800", "1,000,000",
          "Qwen3-235B-A22B", ":", ";", "(", ")", "Meta's", "l'API", "Opus", "both", "all three models",
          "respectivement", "%", "€", "$", "tokens", "jetons", "| Model | MMLU |", "|---|---|", "| GPT-4o | 88.7 |",
          "- Input: $3", "| MMLU | 1 | 2 |", "8, 70 and 405 billion parameters", "<script>alert(1)</script>"]


@pytest.mark.parametrize("seed", range(6))
def test_extract_fuzz_random_news_shaped_text(seed):
    rng = random.Random(seed)
    articles = [Article(source=f"f{i}", url=f"f{i}", language=rng.choice(["en", "fr"]),
                        published=rng.choice([None, "2024-07-18", "not a date", "2024-02-30"]),
                        text=" ".join(rng.choice(PIECES) for _ in range(rng.randint(0, 150))) or " ")
                for i in range(25)]
    extractions = list(extract_articles(articles))
    assert len(extractions) == len(articles)
    for ex in extractions:
        assert "\ud800" not in ex.article.text and "\x00" not in ex.article.text
        for fact in ex.facts:
            assert ex.article.text[fact.evidence.start:fact.evidence.end] == fact.evidence.sentence
