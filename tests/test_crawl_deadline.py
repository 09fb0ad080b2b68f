"""The whole-request deadline (issue 11, item 3) against a real server on loopback that drips.

httpx's ``timeout`` bounds each read: a server that sends one byte every 0.1 s never trips
it, and before the deadline such a page held a worker (and the run) for as long as it liked.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from extractor import nightly
from extractor.crawl import Archive, CrawlOptions, Crawler, FetchError
from extractor.settings import load_settings
from tests.crawl_support import ALLOW_LOOPBACK, Route, Site, serve

UA = "extractor-test/1.0 (+https://example.org/contact)"
PAGE = b"<html><body><article><p>" + b"GPT-4o is out. " * 40 + b"</p></article></body></html>"


def _crawler(tmp_path: Path, **kw: object) -> Crawler:
    opts = dict(user_agent=UA, timeout=5.0, per_host_delay=0.0, retry_delay=0.01,
                max_retries=2, max_bytes=100_000, deadline=1.0)
    opts.update(kw)
    return Crawler(CrawlOptions(**opts), Archive(tmp_path / "archive"))  # type: ignore[arg-type]


def test_crawl_deadline_cuts_a_dripping_page(tmp_path: Path) -> None:
    site = Site()
    site.add("/drip.html", Route(PAGE, drip=0.05))  # ~40 s for the whole answer
    with serve(site), _crawler(tmp_path) as crawler:
        started = time.monotonic()
        with pytest.raises(FetchError, match="deadline of 1 s passed") as err:
            crawler.fetch(site.url("/drip.html"))
        took = time.monotonic() - started
    assert took < 3.0  # the deadline, not the 5 s read timeout, not the 40 s the body takes
    assert not err.value.transient  # dripping again would waste another deadline
    assert len(site.hits("/drip.html")) == 1  # not retried
    last = list(Archive(tmp_path / "archive").lines())[-1]
    assert last["url"] == site.url("/drip.html") and "deadline" in last["error"]


def test_crawl_deadline_covers_the_headers(tmp_path: Path) -> None:
    site = Site()
    site.add("/slow-head.html", Route(b"<p>x</p>", drip=0.3))  # the status line alone: 5 s
    with serve(site), _crawler(tmp_path, deadline=0.8) as crawler:
        started = time.monotonic()
        with pytest.raises(FetchError, match="deadline"):
            crawler.fetch(site.url("/slow-head.html"))
    assert time.monotonic() - started < 2.5


def test_crawl_deadline_covers_every_redirect(tmp_path: Path) -> None:
    site = Site()
    for i in range(4):  # each hop well under the read timeout, all of them over the deadline
        site.add(f"/r{i}", Route(redirect=f"/r{i + 1}", delay=0.4))
    site.add("/r4", Route(PAGE))
    with serve(site), _crawler(tmp_path, deadline=1.0) as crawler:
        with pytest.raises(FetchError, match="deadline"):
            crawler.fetch(site.url("/r0"))
        assert "/r4" not in site.paths()
        # the same chain with time to spare is followed to its end
        got = _crawler(tmp_path, deadline=10.0).fetch(site.url("/r0"), conditional=False)
        assert got.page.content == PAGE


def test_crawl_deadline_does_not_count_politeness(tmp_path: Path) -> None:
    site = Site(robots="User-agent: *\nCrawl-delay: 0.6\n")
    site.add("/a.html", Route(PAGE))
    site.add("/b.html", Route(PAGE + b"b"))
    with serve(site), _crawler(tmp_path, deadline=0.5) as crawler:
        crawler.fetch(site.url("/a.html"))
        got = crawler.fetch(site.url("/b.html"))  # waits 0.6 s for its turn, then is quick
    assert got.page.content == PAGE + b"b"


def test_crawl_deadline_is_a_setting_with_a_sane_default() -> None:
    assert load_settings().deadline == 60.0
    options = CrawlOptions.from_settings(load_settings(deadline=7.5))
    assert options.deadline == 7.5


def test_crawl_deadline_one_dripping_page_costs_that_page_only(tmp_path: Path) -> None:
    site = Site()
    site.add("/drip.html", Route(PAGE, drip=0.05))
    site.add("/a.html", Route(PAGE))
    items = "".join(f"<item><title>{p}</title><link>{site.url(p)}</link></item>"
                    for p in ("/drip.html", "/a.html"))
    site.add("/feed.xml", Route(f'<?xml version="1.0"?><rss version="2.0"><channel><title>t'
                                f"</title>{items}</channel></rss>".encode(), "application/xml"))
    feeds = tmp_path / "feeds.toml"
    settings = load_settings(None, db=f"sqlite:///{tmp_path / 'kb.db'}", feeds=str(feeds),
                             archive=str(tmp_path / "archive"), out=str(tmp_path / "out"),
                             progress=False, per_host_delay=0.0, deadline=1.0,
                             allow_hosts=ALLOW_LOOPBACK)
    with serve(site):
        feeds.write_text(f'[[feed]]\nurl = "{site.url("/feed.xml")}"\n', encoding="utf-8")
        started = time.monotonic()
        report = nightly.run(settings)
    assert time.monotonic() - started < 30
    assert report.new == 1 and report.failed == 1
    with sqlite3.connect(tmp_path / "kb.db") as conn:
        urls = [r[0] for r in conn.execute("SELECT url FROM articles")]
        assert urls == [site.url("/a.html")]
        errors = dict(conn.execute("SELECT source, reason FROM run_errors").fetchall())
        fetches = dict(conn.execute("SELECT url, error FROM fetches").fetchall())
    assert "deadline" in errors[site.url("/drip.html")]
    assert "deadline" in fetches[site.url("/drip.html")]
