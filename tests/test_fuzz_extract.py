"""Fuzzing the extractor (text in, facts out) with news-shaped hostile text.

The strategies compose what real articles and broken pages hold: model names (real, made up,
repeated, glued to punctuation), prices, percentages, token counts, dates, table rows and
pipes, French and English, unicode oddities, NULs and lone surrogates. Properties: extraction
never raises, facts are well-typed records in the shape of ``schemas/fact.schema.json``, each
fact's evidence is the text at its offsets, and extraction is deterministic.
"""

from __future__ import annotations

import json
import sys
from datetime import timedelta
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.extract import extract
from extractor.pipeline import extract_articles
from extractor.records import (
    CHANGES,
    FACT_FIELDS,
    FACT_TYPES,
    PRICE_KINDS,
    QUALIFIERS,
    STATUSES,
    Article,
    Extraction,
    Fact,
)

SCHEMA = json.loads((Path(__file__).resolve().parent.parent / "schemas" / "fact.schema.json").read_text())
TEXTS = settings(max_examples=40, deadline=timedelta(seconds=5))

KNOWN_MODELS = ["GPT-4o", "GPT-4o mini", "Claude 3.5 Sonnet", "Llama 3.1 405B", "Qwen2.5-72B", "o1-preview",
                "Mistral Large 2", "Gemini 1.5 Pro", "DeepSeek-V3", "Phi-3.5-mini", "Grok-1", "Falcon 2"]
MADE_UP = st.builds(lambda head, ver, tail: f"{head}{ver}{tail}",
                    st.sampled_from(["Zeta", "Nova", "Orca", "Kite", "Lumen", "X"]),
                    st.sampled_from(["-1", " 2", "-3.5", " 4o", "2.5-", "-7B", " 0.1", "-v2", ""]),
                    st.sampled_from(["", " mini", " Pro", " Large", "-Instruct", " Turbo", "-A22B"]))
MODELS = st.one_of(st.sampled_from(KNOWN_MODELS), MADE_UP)
ORGS = st.sampled_from(["OpenAI", "Anthropic", "Meta", "Mistral AI", "Google DeepMind", "Alibaba", "xAI", "TII"])
FIGURES = st.one_of(
    st.builds("${:.2f}".format, st.floats(0, 1000, allow_nan=False)),
    st.builds("{:.1f}%".format, st.floats(0, 100, allow_nan=False)),
    st.builds("{},{:03d}".format, st.integers(1, 999), st.integers(0, 999)),
    st.builds("{}k".format, st.integers(1, 2000)),
    st.builds("{}B".format, st.integers(1, 2000)),
    st.sampled_from(["0,25 €", "1.5 trillion", "405 milliards de paramètres", "10^100", "1e309", "-5%", "$-3",
                     "NaN%", "99999999999999999999 tokens", "0 tokens", "€0", "£1.20 per 1M"]),
)
DATES = st.sampled_from(["today", "on Monday", "July 18, 2024", "18 juillet 2024", "lundi", "2024-02-30",
                         "in April 2023", "October 2023", "Q3 2024", "31/02/2024", "yesterday", "in 1850"])
PHRASES = st.sampled_from([
    "launched", "released", "announced", "unveiled", "a dévoilé", "est disponible sur", "scores", "on MMLU",
    "on GSM8K", "on HumanEval", "per million input tokens", "per million output tokens", "context window of",
    "tokens", "jetons", "a knowledge cutoff of", "parameters", "is available on ChatGPT Plus, Team and",
    "the API", "succeeds", "replaces", "against", "compared with", "vs", "contre", "respectively",
    "respectivement", "both models", "les deux modèles", "it", "the new model", "ce dernier", "up from",
    "down from", "outperforms", "up to", "at most", "for prompts up to", "The obvious rivals are",
])
ODDITIES = st.sampled_from(["\u00a0", "\u202f", "\u200b", "\u202e", "\ufeff", "\u0301", "Ⅻ", "😀", "ﬁ", "𝟒",
                            "\x00", "\ud800", "\udfff", "\r\n", "\t", "\x0b", "…", "«", "»", "—", "’"])
PUNCT = st.sampled_from([".", ",", ";", ":", "(", ")", "!", "?", " -", "'s", "", "", ""])


@st.composite
def table_rows(draw: st.DrawFn) -> str:
    width = draw(st.integers(1, 5))
    header = "| " + " | ".join(draw(st.lists(st.one_of(MODELS, st.sampled_from(["Model", "MMLU", "Price"])),
                                             min_size=width, max_size=width))) + " |"
    rows = [header]
    if draw(st.booleans()):
        rows.append("|" + "---|" * width)
    for _ in range(draw(st.integers(0, 5))):
        cells = draw(st.lists(st.one_of(FIGURES, MODELS, st.just(""), st.just("|")), min_size=0, max_size=width + 2))
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


@st.composite
def sentences(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.one_of(MODELS, MODELS, ORGS, FIGURES, DATES, PHRASES, PHRASES, ODDITIES, PUNCT),
                          min_size=1, max_size=25))
    return " ".join(parts).strip() + draw(st.sampled_from([".", ".", "", "!", " |", ":"]))


@st.composite
def articles_text(draw: st.DrawFn) -> str:
    blocks = []
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["para", "para", "para", "table", "list", "repeat"]))
        if kind == "para":
            blocks.append(" ".join(draw(st.lists(sentences(), min_size=1, max_size=4))))
        elif kind == "table":
            blocks.append(draw(table_rows()))
        elif kind == "list":
            blocks.append("\n".join("- " + s for s in draw(st.lists(sentences(), min_size=1, max_size=4))))
        else:
            blocks.append((draw(MODELS) + draw(st.sampled_from([" ", ", ", " | ", "\n"]))) * draw(st.integers(2, 60)))
    return draw(st.sampled_from(["\n\n", "\n", " "])).join(blocks)


@st.composite
def articles(draw: st.DrawFn) -> Article:
    return Article(source="fuzz", url="https://news.example/a.html", text=draw(articles_text()),
                   title=draw(st.one_of(st.none(), sentences())),
                   published=draw(st.sampled_from([None, "2024-07-18", "2024-02-30", "not a date", "1999-01-01"])),
                   language=draw(st.sampled_from(["en", "fr", None, "de"])))


def _check(ex: Extraction, article: Article) -> None:
    assert isinstance(ex, Extraction)
    assert ex.article.source == article.source
    assert all(isinstance(m, str) and m for m in ex.models)
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in ex.orgs.items())
    text = ex.article.text
    for fact in ex.facts:
        assert isinstance(fact, Fact)
        assert fact.type in FACT_TYPES
        # the contract's fields, and the qualifiers of prices and availability
        assert set(fact.data) <= set(FACT_FIELDS[fact.type]) | set(QUALIFIERS.get(fact.type, ())), fact
        allowed = {"kind": PRICE_KINDS, "change": CHANGES, "status": STATUSES}
        for name, values in allowed.items():
            assert fact.data.get(name, values[0]) in values, fact
        assert isinstance(fact.data.get("tier", ""), str), fact
        ev = fact.evidence
        assert 0 <= ev.start <= ev.end <= len(text)
        assert text[ev.start:ev.end] == ev.sentence, fact
        record = fact.to_dict(source=article.source)
        jsonschema.validate(record, SCHEMA)
        json.dumps(record, allow_nan=False)


def test_fuzz_extract_pipeline_never_raises_and_evidence_is_exact():
    """Through the pipeline (which cleans NULs and lone surrogates), batch by batch."""
    def body(batch):
        extractions = list(extract_articles(batch))
        assert len(extractions) == len(batch)
        for ex, article in zip(extractions, batch, strict=True):
            assert "\x00" not in ex.article.text and not any("\ud800" <= c <= "\udfff" for c in ex.article.text)
            assert len(ex.article.text) == len(article.text), "cleaning keeps offsets"
            _check(ex, article)

    TEXTS(given(st.lists(articles(), min_size=1, max_size=3))(body))()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_fuzz_extract_is_deterministic_and_well_typed(lang, nlp_en, nlp_fr):
    """``extract`` on clean text: well-typed facts, exact evidence, the same facts twice."""
    nlp = nlp_en if lang == "en" else nlp_fr

    def body(article):
        first = extract(article, nlp)
        _check(first, article)
        assert extract(article, nlp).facts == first.facts

    clean = articles().map(lambda a: Article(
        source=a.source, url=a.url, title=a.title, published=a.published, language=lang,
        text="".join(c for c in a.text if c != "\x00" and not "\ud800" <= c <= "\udfff") or "x"))
    TEXTS(given(clean)(body))()


def _calls(function, *args) -> int:
    """How many Python and builtin functions ``function(*args)`` calls: a count of its work."""
    count = 0

    def profile(frame, event, arg):
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        function(*args)
    finally:
        sys.setprofile(None)
    return count


def test_fuzz_extract_work_is_linear_in_repeated_names(nlp_en):
    """4,000 repetitions of a model name took 120 s: twice the repetitions must cost about twice
    the work (a count of function calls, not a clock), not four times."""
    def work(n: int) -> int:
        article = Article(source="fuzz", url="fuzz", language="en",
                          text=" ".join(["GPT-4o scores 88% on MMLU."] * n))
        extract(article, nlp_en)  # warm caches: the count is of the text's work only
        return _calls(extract, article, nlp_en)

    small, large = work(200), work(400)
    assert small > 200 * 10, "the count sees the work per sentence"
    assert large <= 2.3 * small, (small, large)
