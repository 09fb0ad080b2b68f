"""Alembic migrations: the schema they build is the store's, and upgrading loses nothing."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from store_support import drop_pg_database, kb_extractions, make_pg_database

from extractor import store
from extractor.records import QUALIFIERS
from extractor.cli import main
from extractor.store.engine import create_engine
from extractor.store.rows import Rows
from extractor.store.schema import metadata


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new, empty database for one test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/kb.db"
        return
    base = request.getfixturevalue("pg_url")
    name = f"t_migrations_{uuid.uuid4().hex[:8]}"
    yield make_pg_database(base, name)
    drop_pg_database(base, name)


def _kb_before_qualifiers() -> list:
    """The test knowledge base as revision 0001 could hold it: without qualifiers (a list
    price, an available model)."""
    return [dataclasses.replace(ex, facts=tuple(
        dataclasses.replace(f, data={k: v for k, v in f.data.items()
                                     if k not in QUALIFIERS.get(f.type, ())})
        for f in ex.facts)) for ex in kb_extractions()]


def _rows_for_kb() -> Rows:
    rows = Rows(now="2024-11-20T08:00:00Z")
    for ex in _kb_before_qualifiers():
        rows.add(ex, first_seen="2024-11-20T08:00:00Z", first_run_id=None, run_id=None,
                 extractor_version="0.1.0")
    return rows


def _dump(engine: sa.Engine, sql: str) -> list[tuple]:
    with engine.connect() as conn:
        return sorted(tuple(r) for r in conn.execute(sa.text(sql)))


def test_store_migrations_build_the_stores_schema(empty_url: str) -> None:
    engine = store.connect(empty_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
        views = set(sa.inspect(conn).get_view_names())
    engine.dispose()
    assert diff == []
    assert views == set(store.view_names())


def test_store_upgrade_from_the_first_revision_loses_nothing(empty_url: str,
                                                             tmp_path: Path) -> None:
    engine = create_engine(empty_url)
    store.upgrade(engine, "0001")
    assert store.current_revision(engine) == "0001"
    rows = _rows_for_kb()
    old = sa.MetaData()
    old.reflect(engine)
    facts_0001 = [{k: v for k, v in r.items() if k not in ("series_id", "valid_to")}
                  for r in rows.facts.values()]
    with engine.begin() as conn:
        conn.execute(old.tables["articles"].insert(), list(rows.articles.values()))
        conn.execute(old.tables["entities"].insert(), list(rows.entities.values()))
        conn.execute(old.tables["aliases"].insert(), list(rows.aliases.values()))
        conn.execute(old.tables["facts"].insert(), facts_0001)
        conn.execute(old.tables["evidence"].insert(), rows.evidence)
    cols = ", ".join(c.name for c in old.tables["facts"].columns if c.name not in ("extra",))
    before = {t: _dump(engine, f"SELECT * FROM {t}") for t in ("articles", "entities",
                                                                "aliases", "evidence")}
    facts_before = _dump(engine, f"SELECT {cols} FROM facts")
    view_before = _dump(engine, "SELECT * FROM facts_with_sources")

    engine.dispose()
    engine = store.connect(empty_url)  # connecting upgrades to the newest revision
    assert store.current_revision(engine) == store.head_revision()
    for table, dump in before.items():
        assert _dump(engine, f"SELECT * FROM {table}") == dump, table
    assert _dump(engine, f"SELECT {cols} FROM facts") == facts_before
    n_old = len(view_before[0])
    assert [r[:n_old] for r in _dump(engine, "SELECT fact_id, type, model, model_as_written, "
            "model_id, developer, org, date, direction, amount, currency, per_tokens, "
            "price_per_million, benchmark, score, tokens, count, channel, predecessor, "
            "competitor, reported_on, article_url, title, published, source, language, "
            "sentence, start_offset, end_offset, rule, confidence, first_seen "
            "FROM facts_with_sources")] == view_before
    # the migration put each fact in the series the store computes
    assert _dump(engine, "SELECT id, series_id FROM facts") == sorted(
        (r["id"], r["series_id"]) for r in rows.facts.values())

    # and the views answer exactly as on a database written by the store from the same facts
    fresh = store.connect(f"sqlite:///{tmp_path}/fresh.db")
    store.save_extractions(fresh, _kb_before_qualifiers())
    for view in store.view_names():
        if view in ("calendar", "facts_with_sources"):
            continue
        assert _dump(engine, f"SELECT * FROM {view}") == _dump(fresh, f"SELECT * FROM {view}"
                                                               ), view
    fresh.dispose()
    engine.dispose()


def test_store_downgrade_to_base_and_up_again(empty_url: str) -> None:
    engine = store.connect(empty_url)
    store.save_extractions(engine, kb_extractions()[:2])
    store.downgrade(engine, "0001")
    assert store.current_revision(engine) == "0001"
    assert _dump(engine, "SELECT COUNT(*) FROM facts") == [(22,)]
    store.downgrade(engine, "base")
    with engine.connect() as conn:
        assert set(sa.inspect(conn).get_table_names()) <= {"alembic_version"}
    store.upgrade(engine)
    assert store.current_revision(engine) == store.head_revision()
    engine.dispose()


def test_store_connect_creates_the_sqlite_folder(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "kb.db"
    engine = store.connect(f"sqlite:///{path}")
    engine.dispose()
    assert path.is_file()


def test_store_connect_reports_bad_urls() -> None:
    with pytest.raises(store.StoreError, match="not a database URL"):
        store.connect("not a url")
    with pytest.raises(store.StoreError, match="unsupported database 'mysql'"):
        store.connect("mysql://user@localhost/kb")


def test_store_cli_db_upgrade(empty_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "current", "--db", empty_url]) == 0
    assert "revision none" in capsys.readouterr().out  # and no file is made by asking
    assert main(["db", "upgrade", "--db", empty_url, "--revision", "0001"]) == 0
    assert "to revision 0001" in capsys.readouterr().out
    assert main(["db", "upgrade", "--db", empty_url]) == 0
    out = capsys.readouterr().out
    assert f"upgraded from 0001 to revision {store.head_revision()}" in out
    assert ":extractor@" not in out  # no password printed
    assert main(["db", "upgrade", "--db", empty_url]) == 0
    assert "already at revision" in capsys.readouterr().out
    assert main(["db"]) == 2


def test_store_cli_db_upgrade_reports_failures(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "upgrade", "--db", "postgresql+psycopg://u:secret@127.0.0.1:9/x"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("extractor db upgrade: error: cannot open") and "secret" not in err


def test_store_upgrade_gives_entities_the_graphs_ids(empty_url: str, tmp_path: Path) -> None:
    """A base written before revision 0004 named entities '<kind>:<normalized name>'
    (model:gpt4omini): the upgrade gives every entity the id the graph uses, merges the
    entities that become one, and the views answer as on a base written now."""
    from extractor.rules import norm_name

    engine = create_engine(empty_url)
    store.upgrade(engine, "0003")
    rows = _rows_for_kb()
    old = {e["id"]: f"{e['kind']}:{norm_name(e['name'])}" for e in rows.entities.values()}
    # a spelling the old scheme kept apart: the API id of a model, its own entity
    old_spelling = "model:mistrallarge2407"

    def was(value):
        return old.get(value, value)

    with engine.begin() as conn:
        meta = sa.MetaData()
        meta.reflect(conn)
        conn.execute(meta.tables["articles"].insert(), list(rows.articles.values()))
        conn.execute(meta.tables["entities"].insert(), [
            {**e, "id": was(e["id"]), "developer_id": was(e["developer_id"])}
            for e in rows.entities.values()] + [
            {"id": old_spelling, "kind": "model", "name": "mistral-large-2407", "developer": None,
             "developer_id": None, "family": None, "first_seen": "2024-11-20T08:00:00Z"}])
        conn.execute(meta.tables["aliases"].insert(), [
            {**a, "entity_id": was(a["entity_id"])} for a in rows.aliases.values()] + [
            {"entity_id": old_spelling, "alias_key": "mistrallarge2407", "alias": "mistral-large-2407"}])
        id_columns = ("model_id", "org_id", "benchmark_id", "channel_id", "predecessor_id",
                      "competitor_id")
        facts = [{**f, **{c: was(f[c]) for c in id_columns}, "series_id": "stale"}
                 for f in rows.facts.values()]
        mistral = next(f for f in facts if f["model_id"] == "model:mistrallarge2" and f["type"] == "price")
        facts.append({**mistral, "id": "fact:" + "0" * 40, "model": "mistral-large-2407",
                      "model_id": old_spelling})
        conn.execute(meta.tables["facts"].insert(), facts)
        conn.execute(meta.tables["evidence"].insert(), rows.evidence + [
            {**next(e for e in rows.evidence if e["fact_id"] == mistral["id"]),
             "fact_id": "fact:" + "0" * 40}])
    engine.dispose()

    engine = store.connect(empty_url)
    assert store.current_revision(engine) == store.head_revision()
    ids = {i for (i,) in _dump(engine, "SELECT id FROM entities")}
    assert not any(":" in i.split("/")[0] for i in ids)  # no old id is left
    assert {"model/gpt-4o-mini", "org/openai", "benchmark/mmlu", "model/mistral-large-2"} <= ids
    assert _dump(engine, "SELECT COUNT(*) FROM facts WHERE model_id = 'model/mistral-large-2'"
                 ) == [(len([f for f in facts if f["model_id"] in ("model:mistrallarge2", old_spelling)]),)]
    assert ("model/mistral-large-2", "mistrallarge2407") in _dump(
        engine, "SELECT entity_id, alias_key FROM aliases")
    # the views answer as on a base the store writes now (the API-id spelling's price is the
    # same report of the same article, so it adds nothing to them)
    fresh = store.connect(f"sqlite:///{tmp_path}/fresh.db")
    store.save_extractions(fresh, _kb_before_qualifiers())
    for view in ("current_prices", "benchmark_leaderboard", "launches_by_date", "lineage",
                 "rivals", "model_specs", "availability_by_channel"):
        got, want = _dump(engine, f"SELECT * FROM {view}"), _dump(fresh, f"SELECT * FROM {view}")
        if view == "current_prices":  # the extra spelling's fact: one more report, same price
            got, want = [r[:8] for r in got], [r[:8] for r in want]
        assert got == want, view
    fresh.dispose()
    engine.dispose()
