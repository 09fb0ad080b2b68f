"""Writing extractions: idempotent upserts, replacement, entities, bad input, atomicity."""

from __future__ import annotations

import dataclasses

import pytest
import sqlalchemy as sa
import store_support
from store_support import article, fact, kb_extractions

from extractor import store
from extractor.records import Extraction
from extractor.store.schema import facts

db_url = store_support.db_url  # a shared fixture
engine = store_support.engine  # a shared fixture


def _count(engine: sa.Engine, sql: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.text(sql)).scalar_one())


def _counts(engine: sa.Engine) -> dict[str, int]:
    return {t: _count(engine, f"SELECT COUNT(*) FROM {t}")
            for t in ("articles", "entities", "aliases", "facts", "evidence", "series")}


def test_store_save_extraction_is_idempotent(engine: sa.Engine) -> None:
    run_id = store.start_run(engine)
    for ex in kb_extractions():
        store.save_extraction(engine, ex, run_id=run_id, extractor_version="1")
    first = _counts(engine)
    facts_before = {f["id"]: f for f in store.load_facts(engine)}
    for ex in kb_extractions():
        store.save_extraction(engine, ex, run_id=run_id, extractor_version="1")
    assert _counts(engine) == first
    assert {f["id"]: f for f in store.load_facts(engine)} == facts_before
    assert first["articles"] == len(kb_extractions())


def test_store_save_extraction_returns_distinct_facts(engine: sa.Engine) -> None:
    ex = kb_extractions()[2]  # the MMLU score is read twice, in two sentences
    n = store.save_extraction(engine, ex)
    assert n == len(ex.facts) - 1
    assert _count(engine, "SELECT COUNT(*) FROM evidence") == len(ex.facts)
    mmlu = [f for f in store.load_facts(engine, types=["benchmark"])]
    assert len(mmlu) == 1 and mmlu[0]["evidence_count"] == 2
    assert mmlu[0]["confidence"] == pytest.approx(0.9)  # the more confident reading wins


def test_store_reextraction_replaces_the_articles_facts(engine: sa.Engine) -> None:
    ex = kb_extractions()[0]
    store.save_extraction(engine, ex, extractor_version="1")
    newer = dataclasses.replace(ex, facts=ex.facts[:2])
    store.save_extraction(engine, newer, extractor_version="2")
    assert _count(engine, "SELECT COUNT(*) FROM facts") == 2
    assert _count(engine, "SELECT COUNT(*) FROM evidence") == 2
    assert store.article_state(engine, ex.article.url).extractor_version == "2"
    # series of the facts that disappeared are gone too
    assert _count(engine, "SELECT COUNT(*) FROM series") == 2
    # other articles are untouched
    other = kb_extractions()[1]
    store.save_extraction(engine, other)
    store.save_extraction(engine, dataclasses.replace(ex, facts=()))
    assert _count(engine, "SELECT COUNT(*) FROM facts") == len(other.facts)


def test_store_article_state_and_first_seen(engine: sa.Engine) -> None:
    ex = kb_extractions()[0]
    assert store.article_state(engine, ex.article.url) is None
    run1 = store.start_run(engine)
    store.save_extraction(engine, ex, run_id=run1, extractor_version="1")
    state = store.article_state(engine, ex.article.url)
    assert state == store.ArticleState(ex.article.content_hash, "1", ex.article.id)
    with engine.connect() as conn:
        before = conn.execute(sa.text("SELECT first_seen, first_run_id FROM articles")).one()
    run2 = store.start_run(engine)
    store.save_extraction(engine, ex, run_id=run2, extractor_version="2")
    with engine.connect() as conn:
        after = conn.execute(sa.text(
            "SELECT first_seen, first_run_id, last_run_id FROM articles")).one()
    assert (after.first_seen, after.first_run_id) == tuple(before)
    assert after.last_run_id == run2


def test_store_entities_are_deterministic_and_aliased(engine: sa.Engine) -> None:
    for ex in kb_extractions():
        store.save_extraction(engine, ex)
    with engine.connect() as conn:
        ids = set(conn.execute(sa.text("SELECT id FROM entities WHERE kind = 'model'")).scalars())
        sonnet = conn.execute(sa.text(
            "SELECT alias FROM aliases WHERE entity_id = 'model/claude-3-5-sonnet' ORDER BY alias"
        )).scalars().all()
        frob = conn.execute(sa.text(
            "SELECT name, developer, developer_id FROM entities WHERE id = :id"),
            {"id": "model/frobnicator-2"}).one()
        gpt4o = conn.execute(sa.text(
            "SELECT name, developer, family FROM entities WHERE id = 'model/gpt-4o'")).one()
    # the ids are the graph's (one scheme): spellings of one model are one entity
    assert "model/claude-3-5-sonnet" in ids and not any("sonnet-3-5" in i for i in ids)
    assert sonnet == ["Claude 3.5 Sonnet", "Claude Sonnet 3.5"]
    assert tuple(frob) == ("Frobnicator 2", "Frobnico", "org/frobnico")
    assert tuple(gpt4o) == ("GPT-4o", "OpenAI", "GPT")
    known = store.known_models(engine)  # every spelling once (one per normalized form)
    assert "Claude Sonnet 3.5" in known and "Frobnicator 1" in known
    assert "GPT-4o" in known and "GPT 4o" not in known


def test_store_bad_facts_are_skipped_with_a_reason(engine: sa.Engine) -> None:
    run_id = store.start_run(engine)
    ex = Extraction(article("bad", "2024-07-01", "Bad facts"), (
        fact("price", "GPT-4o", direction="input", amount="cheap", currency="USD",
             per_tokens=1_000_000),
        fact("benchmark", "GPT-4o", benchmark="MMLU"),
        fact("nonsense", "GPT-4o"),
        fact("parameters", "GPT-4o", count=10**30),
        fact("successor", "GPT-4o", predecessor="gpt-4o"),
        fact("launch", "x" * 5000),
        fact("launch", "GPT-4o", org="OpenAI", date="18 July"),  # kept; bad date set aside
    ))
    assert store.save_extraction(engine, ex, run_id=run_id) == 1
    with engine.connect() as conn:
        reasons = list(conn.execute(sa.text("SELECT reason FROM run_errors ORDER BY id"))
                       .scalars())
        extra = conn.execute(sa.select(facts.c.extra, facts.c.date)).one()
    assert len(reasons) == 6
    assert "amount 'cheap' is not a number" in reasons[0]
    assert "benchmark fact without score" in reasons[1]
    assert "unknown fact type 'nonsense'" in reasons[2]
    assert "pairs 'GPT-4o' with itself" in reasons[4]
    assert len(reasons[5]) < 200  # a 5000-character "name" is cut in the message
    assert extra.date is None and extra.extra == {"invalid": {"date": "18 July"}}


def test_store_article_without_url_is_skipped(engine: sa.Engine) -> None:
    run_id = store.start_run(engine)
    bad = Extraction(dataclasses.replace(article("x", None, "No URL"), url=""),
                     (fact("launch", "GPT-4o"),))
    assert store.save_extractions(engine, [bad, kb_extractions()[5]], run_id=run_id) == 3
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT reason FROM run_errors")).scalars().all() == [
            "article skipped: it has no canonical URL"]
        assert conn.execute(sa.text("SELECT COUNT(*) FROM articles")).scalar_one() == 1


def test_store_hostile_strings_are_stored_cleanly(engine: sa.Engine) -> None:
    text = "GPT-4o\x00 costs \udc80 nothing."
    art = dataclasses.replace(article("hostile", "2024-13-45", "A\x00title"), text=text)
    ex = Extraction(art, (
        fact("launch", "GPT-4o\x00", "GPT-4o\x00 costs \udc80 nothing.", org="Open\x00AI"),
        fact("competitor", "GPT-4o", competitor="Robert'); DROP TABLE facts;--"),
    ), models=("GPT-4o",))
    assert store.save_extraction(engine, ex) == 2
    arts = list(store.load_articles(engine))
    assert len(arts[0].text) == len(text) and "\x00" not in arts[0].text
    assert arts[0].published is None  # not a date: dropped, reported_on is first seen
    rows = list(store.load_facts(engine))
    assert {r["type"] for r in rows} == {"launch", "competitor"}
    assert any(r.get("competitor") == "Robert'); DROP TABLE facts;--" for r in rows)


def test_store_save_is_atomic(db_url: str, engine: sa.Engine) -> None:
    ex = kb_extractions()[0]
    store.save_extraction(engine, ex, extractor_version="1")
    before = _counts(engine)
    with engine.begin() as conn:  # make the last insert of the next save fail
        conn.execute(sa.text("ALTER TABLE evidence RENAME TO evidence_away"))
    try:
        with pytest.raises(sa.exc.DBAPIError):
            store.save_extraction(engine, dataclasses.replace(ex, facts=ex.facts[:3]),
                                  extractor_version="2")
    finally:
        with engine.begin() as conn:
            conn.execute(sa.text("ALTER TABLE evidence_away RENAME TO evidence"))
    assert _counts(engine) == before
    assert store.article_state(engine, ex.article.url).extractor_version == "1"


def test_store_save_extractions_in_bulk_equals_one_by_one(engine: sa.Engine) -> None:
    store.save_extractions(engine, kb_extractions(), batch_size=3, refresh=False)
    store.rebuild_history(engine)
    bulk = sorted((f["id"], f["valid_to"], f["is_current"]) for f in store.load_facts(engine))
    from store_support import clear

    clear(engine)
    for ex in kb_extractions():
        store.save_extraction(engine, ex)
    single = sorted((f["id"], f["valid_to"], f["is_current"]) for f in store.load_facts(engine))
    assert bulk == single


def test_store_load_facts_has_the_contract_fields(engine: sa.Engine) -> None:
    ex = kb_extractions()[0]
    store.save_extraction(engine, ex)
    rows = list(store.load_facts(engine, types=["price"]))
    assert len(rows) == 2
    row = next(r for r in rows if r["direction"] == "input")
    contract = ex.facts[1].to_dict(ex.article.source)
    for key, value in contract.items():
        assert row[key] == value, key
    assert row["article_url"] == ex.article.url and row["published"] == "2024-05-13"
    assert (row["sentence"], row["start"], row["end"]) == tuple(contract["evidence"].values())
    assert row["title"] == ex.article.title and row["first_seen"]


def test_store_roundtrips_articles(engine: sa.Engine) -> None:
    from extractor.records import Table

    art = dataclasses.replace(article("tables", "2024-07-01", "Prices"), tables=(
        Table(("model", "input"), (("GPT-4o", "$5"),), caption="Prices"),), flags=("paywall",))
    store.save_extraction(engine, Extraction(art))
    (back,) = store.load_articles(engine)
    assert back == art
    assert list(store.load_articles(engine, not_version="x")) == [art]


def test_store_keeps_every_fact_the_extractor_finds(engine: sa.Engine) -> None:
    """Real extractor output (the seed article) goes in and comes back fact for fact."""
    import json
    from pathlib import Path

    from extractor.pipeline import extract_sources
    from extractor.records import FACT_FIELDS
    from extractor.settings import Settings

    dev = sorted((Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev").glob("*.txt"))
    if not dev:
        pytest.skip("no seed article in ../shared/eval/dev")
    (ex,), failures = extract_sources([str(dev[0])], Settings())
    assert not failures and ex.facts

    def shape(d: dict) -> str:  # the contract, without confidence and rule
        keys = ["source", "type", "model", *FACT_FIELDS[d["type"]], "evidence"]
        return json.dumps({k: d[k] for k in keys}, sort_keys=True, ensure_ascii=False)

    n = store.save_extraction(engine, ex)
    assert n == len({f.key() for f in ex.facts})
    given = {shape(f.to_dict(ex.article.source)) for f in ex.facts}
    loaded = [shape(row) for row in store.load_facts(engine)]
    assert len(loaded) == n and set(loaded) <= given
