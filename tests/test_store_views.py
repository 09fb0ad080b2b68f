"""The analyst views and every query of docs/analyst-queries.md, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
import store_support
from store_support import TODAY, kb_extractions

from extractor import store

db_url = store_support.db_url  # a shared fixture

DOCS = Path(__file__).resolve().parent.parent / "docs"
QUERIES = re.findall(r"```sql\n(.*?)```", (DOCS / "analyst-queries.md").read_text("utf-8"),
                     re.DOTALL)


def fill(url: str) -> None:
    """The test knowledge base, written by one run with one failure."""
    engine = store.connect(url)
    run_id = store.start_run(engine, feeds=["https://news.example/feed.xml"],
                             extractor_version="test")
    n = store.save_extractions(engine, kb_extractions(), run_id=run_id,
                               extractor_version="test")
    store.record_failure(engine, run_id, "https://news.example/broken", "HTTP 404")
    store.finish_run(engine, run_id, {"new": 7, "unchanged": 0, "failed": 1, "facts": n})
    engine.dispose()


@pytest.fixture(scope="module")
def kb_url(db_url: str) -> str:
    fill(db_url)
    return db_url


def ask(url: str, sql: str) -> list[tuple]:
    return store.query(url, sql)[1]


def test_store_analyst_questions_are_ten_or_more() -> None:
    assert len(QUERIES) >= 10


@pytest.mark.parametrize("sql", QUERIES, ids=[f"q{i + 1}" for i in range(len(QUERIES))])
def test_store_analyst_query_runs(kb_url: str, sql: str) -> None:
    cols, rows = store.query(kb_url, sql)
    assert cols and rows, "every question has an answer in the test knowledge base"


def test_store_analyst_answers(kb_url: str) -> None:
    q = dict(enumerate(QUERIES, start=1))
    assert ask(kb_url, q[1]) == [
        (TODAY, "Frobnicator 2", "Frobnico", "https://news.example/frobnicator-2")]
    assert [(*r[:5], *r[5:8]) for r in ask(kb_url, q[4])] == [
        ("GPT-4o", "input", "USD", "list", None, 5.0, 2.5, -50.0),
        ("GPT-4o", "output", "USD", "list", None, 15.0, 10.0, -33.3)]
    assert [r[:3] for r in ask(kb_url, q[5])] == [("GPT-4o mini", 82.0, 0.15),
                                                  ("Frobnicator 2", 79.5, 0.5)]
    assert [r[0] for r in ask(kb_url, q[7])] == ["ChatGPT Free", "ChatGPT Plus",
                                                 "ChatGPT Team"]
    assert ask(kb_url, q[10]) == [(1, "GPT-4o mini", "GPT-3.5 Turbo"),
                                  (2, "GPT-3.5 Turbo", "GPT-3")]
    assert ask(kb_url, q[11])[0][:3] == ("Claude 3.5 Sonnet", "GPT-4o", 2)
    assert ask(kb_url, q[14])[0][:2] == ("OpenAI", 2)
    assert [r[-1] for r in ask(kb_url, q[16])] == ["HTTP 404"]
    # two articles of one week disagree on Mistral Large 2's window
    assert [r[:5] for r in ask(kb_url, q[17])] == [
        ("Mistral Large 2", "context_window", None, "128000", "2024-07-24")]
    # GPT-4o, Claude 3.5 Sonnet and GPT-4o mini (2 each), Haiku output; Haiku input differs;
    # Mistral Large 2 and Frobnicator 2 are not in the list
    assert dict(ask(kb_url, q[18])) == {"agrees": 7, "differs": 1, "not listed": 4}
    assert [r[:4] for r in ask(kb_url, q[19])] == [("Claude 3 Haiku", "input", 0.3, 0.25)]
    assert [r[:2] for r in ask(kb_url, q[20])] == [("Mistral Large 2", "announced")]
    assert ("Mistral Large 2",) not in ask(
        kb_url, "SELECT model FROM availability_by_channel WHERE channel = 'Amazon Bedrock'")


def test_store_views_exist_and_are_documented(kb_url: str) -> None:
    engine = store.connect(kb_url)
    with engine.connect() as conn:
        views = set(sa.inspect(conn).get_view_names())
    engine.dispose()
    assert views == set(store.view_names())
    schema_doc = (DOCS / "schema.md").read_text("utf-8")
    for name in store.view_names():
        assert f"### `{name}`" in schema_doc, f"{name} is not documented in docs/schema.md"


def test_store_views_answer(kb_url: str) -> None:
    assert ask(kb_url, "SELECT model, direction, price_per_million, articles FROM "
               "current_prices WHERE model = 'GPT-4o' ORDER BY direction") == [
        ("GPT-4o", "input", 2.5, 2), ("GPT-4o", "output", 10.0, 2)]
    assert ask(kb_url, "SELECT model, context_window, max_output, knowledge_cutoff, "
               "parameters, input_usd_per_million, launched_on FROM model_specs "
               "WHERE model IN ('GPT-4o mini', 'Llama 3.1') ORDER BY model") == [
        ("GPT-4o mini", 128000, 16384, "2023-10", None, 0.15, "2024-07-18"),
        ("Llama 3.1", 128000, None, None, 405_000_000_000, None, "2024-07-23")]
    assert ask(kb_url, "SELECT launched_on, stated_date FROM launches_by_date "
               "WHERE model = 'Mistral Large 2'") == [("2024-07-24", None)]
    assert ask(kb_url, "SELECT model, predecessor FROM lineage ORDER BY model") == [
        ("Claude 3.5 Sonnet", "Claude 3 Sonnet"), ("Frobnicator 2", "Frobnicator 1"),
        ("GPT-3.5 Turbo", "GPT-3"), ("GPT-4o", "GPT-4 Turbo"),
        ("GPT-4o mini", "GPT-3.5 Turbo")]
    ((n_facts,),) = ask(kb_url, "SELECT COUNT(*) FROM facts")
    ((n_rows,),) = ask(kb_url, "SELECT COUNT(*) FROM facts_with_sources")
    assert n_rows == n_facts + 1  # one fact was read in two sentences
    ((latest,),) = ask(kb_url, "SELECT latest_report FROM calendar")
    assert latest == TODAY


def _dump(url: str) -> Iterator[tuple[str, list[tuple]]]:
    for view in store.view_names():
        cols, rows = store.query(url, f"SELECT * FROM {view}")
        keep = [i for i, c in enumerate(cols) if c != "first_seen"]
        yield view, sorted((tuple(r[i] for i in keep) for r in rows), key=repr)


def test_store_views_agree_on_sqlite_and_postgresql(pg_url: str, tmp_path: Path) -> None:
    import uuid

    from store_support import drop_pg_database, make_pg_database

    name = f"t_agree_{uuid.uuid4().hex[:8]}"
    pg = make_pg_database(pg_url, name)
    try:
        lite = f"sqlite:///{tmp_path}/kb.db"
        fill(lite)
        fill(pg)
        assert dict(_dump(pg)) == dict(_dump(lite))
        for sql in QUERIES:
            if "runs" not in sql:  # run times differ between the two loads
                assert ask(pg, sql) == ask(lite, sql), sql
    finally:
        drop_pg_database(pg_url, name)
