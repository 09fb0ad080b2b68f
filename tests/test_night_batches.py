"""The nightly writer stores a batch of articles in one transaction and refreshes the
history (the ``series`` rows) once, at the end of the run; an article that cannot be stored
costs only itself, and a run that died before its refresh is made good by the next one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from extractor import nightly, store
from tests.crawl_support import CORPUS, Route, Site, serve
from tests.test_nightly_run import _feed_list, _rows, _rss, _settings

ARTICLES = sorted((CORPUS / "articles").glob("*.html"))[:3]

# every series as its facts say it should be: how many reports, and which is current
_STALE_SERIES = """
SELECT COUNT(*) FROM series s
WHERE s.reports <> (SELECT COUNT(*) FROM facts f WHERE f.series_id = s.id)
   OR s.current_fact_id IS NULL"""


def _site() -> Site:
    site = Site()
    for path in ARTICLES:
        site.add(f"/a/{path.name}", Route(path.read_bytes()))
    site.add("/feed.xml", Route(b"", "application/rss+xml"))
    return site


def _night(tmp: Path, site: Site) -> nightly.RunReport:
    site.routes["/feed.xml"].body = _rss([site.url(f"/a/{p.name}") for p in ARTICLES])
    return nightly.run(_settings(tmp, _feed_list(tmp, site, ["/feed.xml"])))


def test_night_batch_with_an_unstorable_article_stores_the_others(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = store.save_batch
    bad = ARTICLES[1].name

    def refuses_one(engine, extractions, **kw):  # type: ignore[no-untyped-def]
        if any(bad in ex.article.source for ex in extractions):
            raise RuntimeError("the database refused this article")
        return real(engine, extractions, **kw)

    monkeypatch.setattr(store, "save_batch", refuses_one)
    site = _site()
    with serve(site):
        report = _night(tmp_path, site)
    # the three articles came in one batch; the two good ones are stored all the same
    assert report.new == 2 and report.failed == 1
    assert [bad in source and "not stored: " in reason for source, reason in report.failures] == [True]
    stored = {url for (url,) in _rows(tmp_path, "SELECT url FROM articles")}
    assert len(stored) == 2 and not any(bad in url for url in stored)
    assert _rows(tmp_path, _STALE_SERIES) == [(0,)]
    assert report.facts_stored == _rows(tmp_path, "SELECT COUNT(*) FROM facts")[0][0] > 0


def test_night_after_a_killed_run_every_series_is_refreshed(tmp_path: Path) -> None:
    site = _site()
    with serve(site):
        assert _night(tmp_path, site).new == 3
        assert _rows(tmp_path, _STALE_SERIES) == [(0,)]

        def spoil(last_status: str | None) -> None:
            # what a run killed between storing its articles and refreshing them leaves
            with sqlite3.connect(tmp_path / "kb.db") as conn:
                conn.execute("UPDATE series SET reports = 0, current_fact_id = NULL")
                if last_status:
                    conn.execute("INSERT INTO runs (started_at, status) VALUES "
                                 "('2026-01-01T00:00:00Z', ?)", (last_status,))

        # a quiet night after a complete one refreshes nothing: it has stored nothing
        spoil(None)
        assert _night(tmp_path, site).new == 0
        spoilt = _rows(tmp_path, "SELECT COUNT(*) FROM series")[0][0]
        assert _rows(tmp_path, _STALE_SERIES) == [(spoilt,)] and spoilt > 0
        # after a run that never finished (its row still says running), or one that failed,
        # the next night refreshes every series
        for status in ("running", "failed"):
            spoil(status)
            assert _night(tmp_path, site).new == 0
            assert _rows(tmp_path, _STALE_SERIES) == [(0,)], status
