"""Backfills on Dask: `--executor dask` extracts on the workers of a cluster (here a local one
of two worker processes) while this process alone writes to the shared PostgreSQL database.
The facts are those of a local run; a worker that dies mid-task has its task retried on
another, and what the batch gives is written once."""

from __future__ import annotations

import os
import uuid
from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy as sa
from store_support import drop_pg_database, make_pg_database

from extractor import nightly, store
from extractor.pipeline import _extract_part, read_articles, stop_workers
from extractor.settings import Settings
from tests.crawl_support import CORPUS, Site, serve
from tests.test_nightly_run import _feed_list, _settings

distributed = pytest.importorskip("distributed")


def _facts(url: str) -> list[tuple]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return sorted(tuple(r) for r in conn.execute(sa.text(
                "SELECT id, model_id, series_id, valid_to FROM facts")))
    finally:
        engine.dispose()


def test_dask_run_on_a_local_cluster_writes_the_local_facts_to_postgresql(
        pg_url: str, tmp_path: Path) -> None:
    name = f"t_dask_{uuid.uuid4().hex[:8]}"
    pg = make_pg_database(pg_url, name)
    site = Site()
    site.add_corpus()
    try:
        with serve(site):
            feeds = _feed_list(tmp_path, site, [f"/feeds/{p.name}" for p in
                                                sorted((CORPUS / "feeds").glob("*.xml"))])
            local = tmp_path / "local"
            local.mkdir()
            nightly.run(_settings(local, feeds))
            on_dask = tmp_path / "dask"
            on_dask.mkdir()
            report = nightly.run(_settings(on_dask, feeds, db=pg, executor="dask", workers=2,
                                           batch_size=4))
        assert report.failures == [] and report.facts_stored > 100
        assert _facts(pg) == _facts(f"sqlite:///{local / 'kb.db'}")
        # the cluster is gone with the run: nothing is left running
        assert nightly.pipeline._POOL is None
    finally:
        stop_workers()
        drop_pg_database(pg_url, name)


def die_once_then_extract(marker: str, batch, known, settings):
    """A task whose first attempt kills the worker process running it (as an out-of-memory
    kill would); the scheduler retries it on another worker."""
    if not os.path.exists(marker):
        Path(marker).write_text(str(os.getpid()), encoding="utf-8")
        os._exit(1)
    return _extract_part(batch, known, settings)


def test_dask_task_of_a_dead_worker_is_retried_and_written_once(tmp_path: Path) -> None:
    pages = sorted((CORPUS / "articles").glob("*.html"))[:4]
    settings = Settings(progress=False)
    articles = list(read_articles([str(p) for p in pages], settings))
    expected, _ = _extract_part(articles, (), settings)
    marker = str(tmp_path / "died")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        future = client.submit(die_once_then_extract, marker, articles, (), settings, pure=False)
        extractions, failures = future.result(timeout=300)
    assert Path(marker).exists()  # a worker did die
    assert failures == [] and [ex.facts for ex in extractions] == [ex.facts for ex in expected]
    # writing the retried batch, even twice, stores each fact once
    url = f"sqlite:///{tmp_path / 'kb.db'}"
    engine = store.connect(url)
    n = store.save_extractions(engine, extractions)
    store.save_extractions(engine, [replace(ex) for ex in extractions])
    engine.dispose()
    assert len(_facts(url)) == n > 10


def test_dask_unreachable_scheduler_stops_the_night_with_the_reason(tmp_path: Path) -> None:
    feeds = tmp_path / "feeds.toml"
    feeds.write_text('[[feed]]\nurl = "http://127.0.0.1:9/feed.xml"\n', encoding="utf-8")
    settings = _settings(tmp_path, feeds, executor="dask", scheduler="tcp://127.0.0.1:9")
    with pytest.raises(nightly.RunError, match="dask scheduler tcp://127.0.0.1:9"):
        nightly.run(replace(settings))
    assert not (tmp_path / "kb.db").exists()  # it stopped before touching the database
