"""Crawler state in the store: runs, feeds, fetches, conditional GET and retries."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
import store_support

from extractor import store
from extractor.store.schema import feeds, runs

db_url = store_support.db_url  # a shared fixture
engine = store_support.engine  # a shared fixture

URL = "https://news.example/2024/07/18/gpt-4o-mini"
FEED = "https://news.example/feed.xml"


def test_store_runs_record_counts_and_errors(engine: sa.Engine) -> None:
    run_id = store.start_run(engine, feeds=[{"url": FEED, "lang": "en", "title": "News"},
                                            "https://other.example/atom"],
                             extractor_version="0.1.0+abc")
    store.record_failure(engine, run_id, "https://news.example/broken", "HTTP 404")
    store.finish_run(engine, run_id, {"feeds": 2, "new": 3, "unchanged": 9, "failed": 1,
                                      "facts": {"price": 4, "launch": 2}})
    with engine.connect() as conn:
        run = conn.execute(sa.select(runs)).mappings().one()
        errors = conn.execute(sa.text("SELECT source, reason FROM run_errors")).all()
        feed_rows = conn.execute(sa.select(feeds.c.url, feeds.c.lang, feeds.c.enabled)
                                 .order_by(feeds.c.url)).all()
    assert run["status"] == "ok" and run["finished_at"] >= run["started_at"]
    assert (run["feeds"], run["articles_new"], run["articles_unchanged"],
            run["articles_failed"], run["facts"]) == (2, 3, 9, 1, 6)
    assert run["report"]["facts"] == {"price": 4, "launch": 2}
    assert run["extractor_version"] == "0.1.0+abc"
    assert [tuple(e) for e in errors] == [("https://news.example/broken", "HTTP 404")]
    assert [tuple(f) for f in feed_rows] == [("https://news.example/feed.xml", "en", True),
                                             ("https://other.example/atom", None, True)]


def test_store_finish_run_takes_a_dataclass(engine: sa.Engine) -> None:
    from dataclasses import dataclass, field

    @dataclass
    class Report:
        articles_new: int = 1
        articles_failed: int = 0
        facts_by_type: dict[str, int] = field(default_factory=lambda: {"price": 2})

    run_id = store.start_run(engine)
    store.finish_run(engine, run_id, Report(), status="failed")
    with engine.connect() as conn:
        run = conn.execute(sa.select(runs)).mappings().one()
    assert (run["status"], run["articles_new"], run["facts"]) == ("failed", 1, 2)


def test_store_http_cache_after_success_and_304(engine: sa.Engine) -> None:
    assert store.http_cache(engine, URL) is None
    run_id = store.start_run(engine)
    store.save_fetch(engine, run_id, URL, 200, etag='"v1"',
                     last_modified="Thu, 18 Jul 2024 10:00:00 GMT", content_hash="h1",
                     archive_path="archive/ab/cd.html.gz")
    assert store.http_cache(engine, URL) == ('"v1"', "Thu, 18 Jul 2024 10:00:00 GMT")
    row = store.save_fetch(engine, run_id, URL, 304)  # not modified: validators are kept
    assert (row["etag"], row["content_hash"], row["archive_path"]) == (
        '"v1"', "h1", "archive/ab/cd.html.gz")
    store.save_fetch(engine, run_id, URL, 200, etag=None, last_modified=None)  # none given
    assert store.http_cache(engine, URL) is None


def test_store_failures_back_off_and_come_due(engine: sa.Engine) -> None:
    t0 = dt.datetime(2024, 7, 18, 10, 0, tzinfo=dt.UTC)
    store.save_fetch(engine, None, URL, 200, etag='"v1"', fetched_at=t0)
    first = store.save_fetch(engine, None, URL, 503, error="HTTP 503", fetched_at=t0)
    assert (first["attempts"], first["next_retry_at"]) == (1, "2024-07-18T11:00:00Z")
    assert first["etag"] == '"v1"'  # a failure keeps the validators of the last success
    second = store.save_fetch(engine, None, URL, None, error="timed out",
                              fetched_at=t0 + dt.timedelta(hours=1))
    assert (second["attempts"], second["next_retry_at"]) == (2, "2024-07-18T13:00:00Z")
    assert second["error"] == "timed out" and second["status"] is None
    assert store.failed_urls_due(engine, t0 + dt.timedelta(hours=2)) == []
    assert store.failed_urls_due(engine, t0 + dt.timedelta(hours=3)) == [URL]
    assert store.failed_urls_due(engine, t0 + dt.timedelta(hours=3), max_attempts=2) == []
    store.save_fetch(engine, None, URL, 200, fetched_at=t0 + dt.timedelta(hours=3))
    assert store.failed_urls_due(engine, t0 + dt.timedelta(days=30)) == []
    with engine.connect() as conn:
        row = conn.execute(sa.text("SELECT attempts, error, next_retry_at, first_fetched_at "
                                   "FROM fetches")).one()
    assert tuple(row) == (0, None, None, "2024-07-18T10:00:00Z")


def test_store_retry_delay_doubles_up_to_a_week() -> None:
    assert [store.retry_delay(n).total_seconds() / 3600 for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert store.retry_delay(50) == dt.timedelta(days=7)


def test_store_feed_fetch_updates_the_feed(engine: sa.Engine) -> None:
    store.sync_feeds(engine, [{"url": FEED, "lang": "en"}])
    store.save_fetch(engine, None, FEED, 200, kind="feed", etag='"f1"')
    assert store.http_cache(engine, FEED) == ('"f1"', None)
    store.save_fetch(engine, None, FEED, 500, kind="feed", error="HTTP 500")
    with engine.connect() as conn:
        feed = conn.execute(sa.select(feeds)).mappings().one()
    assert (feed["etag"], feed["last_status"], feed["last_error"]) == ('"f1"', 500, "HTTP 500")
    assert store.failed_urls_due(engine, dt.datetime(2100, 1, 1), kind="feed") == [FEED]
    assert store.failed_urls_due(engine, dt.datetime(2100, 1, 1)) == []  # articles only
    # a feed disabled in the feeds file stays known, with its state
    store.sync_feeds(engine, [{"url": FEED, "lang": "en", "enabled": False}])
    with engine.connect() as conn:
        feed = conn.execute(sa.select(feeds)).mappings().one()
    assert (feed["enabled"], feed["etag"]) == (False, '"f1"')


def test_store_long_and_odd_urls(engine: sa.Engine) -> None:
    url = "https://news.example/" + "a" * 5000 + "?q=\u00e9\u4e2d"
    store.save_fetch(engine, None, url, 200, etag='"x"')
    assert store.http_cache(engine, url) == ('"x"', None)
