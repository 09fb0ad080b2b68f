"""Helpers for the store tests: record builders, a small knowledge base, database fixtures.

The knowledge base is written by hand in the shape the extractor produces, so the store is
tested without depending on the extraction rules. It covers every fact type, a price that
changes, a cached price beside a list price, a tie on a benchmark, a rival pair reported from
both sides, a lineage chain, and a launch dated today (for "this week" questions).
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from extractor.records import Article, Evidence, Extraction, Fact
from extractor.store.schema import metadata

__all__ = [
    "TODAY",
    "article",
    "clear",
    "db_url",
    "drop_pg_database",
    "engine",
    "fact",
    "kb_extractions",
    "make_pg_database",
]

TODAY = dt.datetime.now(dt.UTC).date().isoformat()


def fact(ftype: str, model: str, sentence: str = "", start: int = 0, *,
         confidence: float = 0.8, rule: str = "test", **data: Any) -> Fact:
    """A fact as the extractor gives it; the evidence defaults to a sentence naming the model."""
    sentence = sentence or f"{model} {ftype.replace('_', ' ')} sentence."
    return Fact(ftype, model, data, Evidence(sentence, start, start + len(sentence)),
                confidence=confidence, rule=rule)


def article(slug: str, published: str | None, title: str, text: str = "",
            language: str = "en") -> Article:
    url = f"https://news.example/{slug}"
    return Article(source=f"corpus/{slug}.html", url=url, text=text or f"{title}. " * 5,
                   title=title, published=published, published_from="meta", language=language)


def _price(model: str, direction: str, amount: float, per: int = 1_000_000,
           currency: str = "USD", **kw: Any) -> Fact:
    return fact("price", model, direction=direction, amount=amount, currency=currency,
                per_tokens=per, **kw)


def kb_extractions() -> list[Extraction]:
    """Seven articles about real launches of 2024, a roundup, and one made-up launch dated today."""
    return [
        Extraction(article("gpt-4o", "2024-05-13", "OpenAI launches GPT-4o"), (
            fact("launch", "GPT-4o", org="OpenAI", date="2024-05-13"),
            _price("GPT-4o", "input", 5.0),
            _price("GPT-4o", "output", 15.0),
            fact("benchmark", "GPT-4o", benchmark="MMLU", score=88.7),
            fact("context_window", "GPT-4o", tokens=128000),
            fact("availability", "GPT-4o", channel="ChatGPT Plus", date="2024-05-13"),
            fact("availability", "GPT-4o", channel="API", date=None),
            fact("successor", "GPT-4o", predecessor="GPT-4 Turbo"),
            fact("competitor", "GPT-4o", competitor="Claude 3 Opus"),
            fact("competitor", "GPT-4o", competitor="Gemini 1.5 Pro"),
        ), models=("GPT-4o", "GPT-4 Turbo", "Claude 3 Opus", "Gemini 1.5 Pro")),
        Extraction(article("claude-35-sonnet", "2024-06-20",
                           "Anthropic releases Claude 3.5 Sonnet"), (
            fact("launch", "Claude 3.5 Sonnet", org="Anthropic", date="2024-06-20"),
            _price("Claude 3.5 Sonnet", "input", 3.0),
            _price("Claude 3.5 Sonnet", "output", 15.0),
            fact("benchmark", "Claude 3.5 Sonnet", benchmark="MMLU", score=88.7),
            fact("benchmark", "Claude 3.5 Sonnet", benchmark="GPQA", score=59.4),
            fact("context_window", "Claude 3.5 Sonnet", tokens=200000),
            fact("max_output", "Claude 3.5 Sonnet", tokens=4096),
            fact("knowledge_cutoff", "Claude 3.5 Sonnet", date="2024-04"),
            fact("availability", "Claude 3.5 Sonnet", channel="Claude.ai", date="2024-06-20"),
            fact("availability", "Claude Sonnet 3.5", channel="Amazon Bedrock"),
            fact("successor", "Claude 3.5 Sonnet", predecessor="Claude 3 Sonnet"),
            fact("competitor", "Claude 3.5 Sonnet", competitor="GPT 4o"),
        ), models=("Claude 3.5 Sonnet", "Claude Sonnet 3.5", "Claude 3 Sonnet", "GPT 4o")),
        Extraction(article("gpt-4o-mini", "2024-07-18", "GPT-4o mini rejoint le catalogue",
                           language="fr"), (
            fact("launch", "GPT-4o mini", org="OpenAI", date="2024-07-18"),
            _price("GPT-4o mini", "input", 15.0, currency="USD", per=100_000_000),
            _price("GPT-4o mini", "input", 0.075),  # cached input: same direction, lower
            _price("GPT-4o mini", "output", 0.60),
            fact("benchmark", "GPT-4o mini", benchmark="MMLU", score=82.0),
            fact("benchmark", "GPT-4o mini", "Le « petit dernier » atteint 82 % sur ce "
                 "benchmark.", 770, benchmark="MMLU", score=82.0, confidence=0.9),
            fact("context_window", "GPT-4o mini", tokens=128000),
            fact("max_output", "GPT-4o mini", tokens=16384),
            fact("knowledge_cutoff", "GPT-4o mini", date="2023-10"),
            fact("availability", "GPT-4o mini", channel="ChatGPT Free"),
            fact("availability", "GPT-4o mini", channel="ChatGPT Plus"),
            fact("availability", "GPT-4o mini", channel="ChatGPT Team"),
            fact("successor", "GPT-4o mini", predecessor="GPT-3.5 Turbo"),
            fact("successor", "GPT-3.5 Turbo", predecessor="GPT-3"),
            fact("competitor", "GPT-4o mini", competitor="Claude 3 Haiku"),
            fact("competitor", "GPT-4o mini", competitor="Gemini Flash"),
        ), models=("GPT-4o mini", "GPT-3.5 Turbo", "GPT-3", "Claude 3 Haiku", "Gemini Flash")),
        Extraction(article("llama-31", "2024-07-23", "Meta releases Llama 3.1"), (
            fact("launch", "Llama 3.1", org="Meta", date="2024-07-23"),
            fact("parameters", "Llama 3.1", count=405_000_000_000),
            fact("parameters", "Llama 3.1", count=70_000_000_000),
            fact("parameters", "Llama 3.1", count=8_000_000_000),
            fact("context_window", "Llama 3.1", tokens=128000),
            fact("benchmark", "Llama 3.1 405B", benchmark="MMLU", score=88.6),
            fact("availability", "Llama 3.1", channel="Amazon Bedrock", date="2024-07-23"),
            fact("competitor", "Llama 3.1 405B", competitor="GPT-4o"),
        ), models=("Llama 3.1", "Llama 3.1 405B", "GPT-4o"), orgs={"Llama 3.1 405B": "Meta"}),
        Extraction(article("mistral-large-2", "2024-07-24", "Mistral Large 2 arrive",
                           language="fr"), (
            fact("launch", "Mistral Large 2", org="Mistral AI", date=None),
            _price("Mistral Large 2", "input", 3.0),
            _price("Mistral Large 2", "output", 9.0),
            fact("parameters", "Mistral Large 2", count=123_000_000_000),
            fact("benchmark", "Mistral Large 2", benchmark="MMLU", score=84.0),
            fact("context_window", "Mistral Large 2", tokens=128000),
            fact("availability", "Mistral Large 2", channel="La Plateforme"),
            fact("competitor", "Mistral Large 2", competitor="Llama 3.1 405B"),
        ), models=("Mistral Large 2", "Llama 3.1 405B")),
        Extraction(article("gpt-4o-price-cut", "2024-08-06", "GPT-4o gets cheaper"), (
            _price("GPT-4o", "input", 2.5),
            _price("GPT-4o", "output", 10.0),
            fact("competitor", "GPT-4o", competitor="Claude 3.5 Sonnet"),
        ), models=("GPT-4o", "Claude 3.5 Sonnet")),
        # a roundup that disagrees with the Mistral article of the same week on the window,
        # says Bedrock is only coming, and reads a Haiku price the curated list does not have
        Extraction(article("week-roundup", "2024-07-30", "The week in models"), (
            fact("context_window", "Mistral Large 2", tokens=32000),
            fact("availability", "Mistral Large 2", channel="Amazon Bedrock", status="announced"),
            _price("Claude 3 Haiku", "input", 0.30),
            _price("Claude 3 Haiku", "output", 1.25),
        ), models=("Mistral Large 2", "Claude 3 Haiku")),
        Extraction(article("frobnicator-2", TODAY, "Frobnicator 2 is out"), (
            fact("launch", "Frobnicator 2", org="Frobnico", date=TODAY),
            _price("Frobnicator 2", "input", 0.0005, per=1000),
            _price("Frobnicator 2", "output", 0.002, per=1000),
            fact("benchmark", "Frobnicator 2", benchmark="MMLU", score=79.5),
            fact("successor", "Frobnicator 2", predecessor="Frobnicator 1"),
            fact("competitor", "Frobnicator 2", competitor="GPT-4o mini"),
        ), models=("Frobnicator 2", "Frobnicator 1", "GPT-4o mini"),
            orgs={"Frobnicator 2": "Frobnico", "Frobnicator 1": "Frobnico"}),
    ]


def _drop(conn: sa.Connection, name: str) -> None:
    """DROP DATABASE ... WITH (FORCE). An autovacuum worker busy on the database just written
    runs as the server's superuser, which the test role may not terminate: wait for it (a
    few seconds at most) rather than fail the teardown."""
    for attempt in range(20):
        try:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            return
        except sa.exc.ProgrammingError as exc:
            if "InsufficientPrivilege" not in type(exc.orig).__name__ or attempt == 19:
                raise
            time.sleep(0.5)


def make_pg_database(base_url: str, name: str) -> str:
    """A fresh, empty database beside the one of ``base_url``; returns its URL."""
    admin = sa.create_engine(base_url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with admin.connect() as conn:
        _drop(conn, name)
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(base_url).set(database=name).render_as_string(hide_password=False)


def drop_pg_database(base_url: str, name: str) -> None:
    admin = sa.create_engine(base_url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with admin.connect() as conn:
        _drop(conn, name)
    admin.dispose()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An empty database for this test module: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db')}/kb.db"
        return
    base = request.getfixturevalue("pg_url")
    name = f"t_{request.module.__name__.rsplit('.', 1)[-1]}_{uuid.uuid4().hex[:8]}"
    url = make_pg_database(base, name)
    yield url
    drop_pg_database(base, name)


def clear(engine: sa.Engine) -> None:
    """Delete every row (the schema stays), children first."""
    with engine.begin() as conn:
        for table in reversed(metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture
def engine(db_url: str) -> Iterator[sa.Engine]:
    """The module's database at the newest schema, emptied for each test."""
    from extractor import store

    eng = store.connect(db_url)
    clear(eng)
    yield eng
    eng.dispose()
