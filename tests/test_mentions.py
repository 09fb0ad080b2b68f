"""Mentions found in strings: model shapes, numbers in both locales, money, tokens, sizes, dates."""

from __future__ import annotations

import pytest

from extractor.mentions import find_mentions, parse_number


def _first(text: str, label: str, lang: str = "en"):
    found = [m for m in find_mentions(text, lang) if m.label == label]
    assert found, f"no {label} in {text!r}"
    return found[0]


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("87,2", "fr", 87.2),
        ("1,000,000", "en", 1_000_000),
        ("1\u202f000\u202f000", "fr", 1_000_000),
        ("128 000", "fr", 128_000),
        ("0.15", "en", 0.15),
        ("0,25", "fr", 0.25),
        ("1.234,5", "fr", 1234.5),
    ],
)
def test_mentions_parse_number_both_locales(text, lang, value):
    assert parse_number(text, lang) == pytest.approx(value)


@pytest.mark.parametrize(
    "name",
    ["GPT-4o mini", "Claude 3.5 Sonnet", "Qwen2.5-72B-Instruct", "Phi-3.5-mini", "Mistral Large 2",
     "Llama 3.1 405B", "Mixtral 8x22B", "Command R+", "Gemini 1.5 Flash-8B", "DeepSeek-V2.5",
     "o1-preview", "Grok 2", "Falcon 2 11B", "Nemotron-4 340B", "gpt-4o-mini"],
)
def test_mentions_model_shapes(name):
    m = _first(f"Yesterday {name} was in the news.", "MODEL")
    assert m.text == name


@pytest.mark.parametrize("text", ["Mistral AI raised money.", "The GPT architecture is old.", "Phi is a letter."])
def test_mentions_family_needing_a_version_is_not_a_model(text):
    assert not [m for m in find_mentions(text, "en") if m.label == "MODEL"]


@pytest.mark.parametrize(
    ("text", "lang", "name"),
    [("Acme unveiled Zeta-1, its first reasoning model.", "en", "Zeta-1"),
     ("Le modèle, baptisé Lucie-7B, est ouvert.", "fr", "Lucie-7B")],
)
def test_mentions_unknown_model_from_context(text, lang, name):
    assert _first(text, "MODEL", lang).text == name


@pytest.mark.parametrize(
    ("text", "lang", "amount", "currency"),
    [("$0.25/M input tokens", "en", 0.25, "USD"),
     ("25 cents per million", "en", 0.25, "USD"),
     ("0,25 € le million de jetons", "fr", 0.25, "EUR"),
     ("2 dollars par million", "fr", 2.0, "USD"),
     ("US$ 1.10 per 1K tokens", "en", 1.10, "USD")],
)
def test_mentions_money(text, lang, amount, currency):
    m = _first(text, "MONEY", lang)
    assert m.value["amount"] == pytest.approx(amount)
    assert m.value["currency"] == currency


@pytest.mark.parametrize(
    ("text", "lang", "tokens"),
    [("a 128K context", "en", 128_000), ("128,000-token window", "en", 128_000),
     ("8\u202f192 tokens", "fr", 8192), ("1 million tokens", "en", 1_000_000),
     ("1.5M tokens", "en", 1_500_000), ("2 millions de jetons", "fr", 2_000_000)],
)
def test_mentions_token_counts(text, lang, tokens):
    assert _first(text, "TOKENS", lang).value == tokens


@pytest.mark.parametrize(
    ("text", "lang", "counts"),
    [("405 billion parameters", "en", [405_000_000_000]),
     ("a 70B-parameter model", "en", [70_000_000_000]),
     ("8 et 70 milliards de paramètres", "fr", [8_000_000_000, 70_000_000_000]),
     ("405 milliards de paramètres", "fr", [405_000_000_000]),
     ("a family of 0.5B to 72B models", "en", [500_000_000, 72_000_000_000])],
)
def test_mentions_parameter_counts(text, lang, counts):
    assert _first(text, "PARAMS", lang).value == counts


def test_mentions_dates_absolute_and_relative():
    found = [m.value for m in find_mentions("Released on July 18, 2024, not next week.", "en") if m.label == "DATE"]
    assert {"kind": "abs", "year": 2024, "month": 7, "day": 18} in found
    assert any(v["kind"] == "rel" and v["offset"] is None for v in found)
    fr = [m.value for m in find_mentions("Annoncé ce 12 septembre, disponible hier.", "fr") if m.label == "DATE"]
    assert {"kind": "abs", "year": None, "month": 9, "day": 12} in fr
    assert {"kind": "rel", "offset": -1} in fr


def test_mentions_may_the_verb_is_not_a_month():
    assert not [m for m in find_mentions("It may 2 times faster.", "en") if m.label == "DATE"]
