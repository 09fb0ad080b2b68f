"""The polite crawler against a real HTTP server on loopback, with injected faults."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.crawl import Archive, CrawlOptions, Crawler, FetchError
from extractor.fetch import get
from tests.crawl_support import Route, Site, serve

UA = "extractor-test/1.0 (+https://example.org/contact)"
PAGE = b"<html><body><article><p>" + b"GPT-4o is out. " * 40 + b"</p></article></body></html>"


def _crawler(tmp_path: Path, **kw: object) -> Crawler:
    opts = dict(user_agent=UA, timeout=2.0, per_host_delay=0.0, retry_delay=0.01,
                max_retries=2, max_bytes=100_000, max_retry_after=5.0)
    opts.update(kw)
    return Crawler(CrawlOptions(**opts), Archive(tmp_path / "archive"))  # type: ignore[arg-type]


@pytest.fixture
def site():
    s = Site()
    s.add("/a.html", Route(PAGE))
    with serve(s):
        yield s


def test_fetch_robots_first_and_honest_user_agent(site: Site, tmp_path: Path) -> None:
    with _crawler(tmp_path) as crawler:
        got = crawler.fetch(site.url("/a.html"))
    assert got.page.content == PAGE
    assert site.paths() == ["/robots.txt", "/a.html"]
    assert all(r.headers["user-agent"] == UA for r in site.requests)


def test_fetch_robots_disallow_is_obeyed(tmp_path: Path) -> None:
    s = Site(robots="User-agent: *\nDisallow: /private/\n")
    s.add("/private/x.html", Route(PAGE))
    with serve(s), _crawler(tmp_path) as crawler:
        with pytest.raises(FetchError, match="disallowed by robots.txt"):
            crawler.fetch(s.url("/private/x.html"))
        assert s.paths() == ["/robots.txt"]


def test_fetch_robots_missing_allows_and_is_asked_once(tmp_path: Path) -> None:
    s = Site(robots=None)  # 404 for robots.txt
    s.add("/a.html", Route(PAGE))
    s.add("/b.html", Route(PAGE + b" "))
    with serve(s), _crawler(tmp_path) as crawler:
        crawler.fetch(s.url("/a.html"))
        crawler.fetch(s.url("/b.html"))
    assert s.paths() == ["/robots.txt", "/a.html", "/b.html"]


def test_fetch_robots_unreachable_forbids_the_host(tmp_path: Path) -> None:
    s = Site(robots=None)
    s.add("/robots.txt", Route(b"", status=500))
    s.add("/a.html", Route(PAGE))
    with serve(s), _crawler(tmp_path, max_retries=0) as crawler:
        with pytest.raises(FetchError, match="robots.txt unreadable"):
            crawler.fetch(s.url("/a.html"))
    assert "/a.html" not in s.paths()


def test_fetch_crawl_delay_spaces_requests(tmp_path: Path) -> None:
    s = Site(robots="User-agent: *\nCrawl-delay: 0.2\n")
    for name in "abc":
        s.add(f"/{name}.html", Route(PAGE + name.encode()))
    with serve(s), _crawler(tmp_path, per_host_delay=0.0) as crawler:
        for name in "abc":
            crawler.fetch(s.url(f"/{name}.html"))
    times = [r.at for r in s.requests]
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert len(gaps) == 3 and min(gaps) >= 0.19


def test_fetch_per_host_delay_spaces_requests(site: Site, tmp_path: Path) -> None:
    site.add("/b.html", Route(PAGE + b"b"))
    with _crawler(tmp_path, per_host_delay=0.15) as crawler:
        crawler.fetch(site.url("/a.html"))
        crawler.fetch(site.url("/b.html"))
    times = [r.at for r in site.requests]
    assert min(b - a for a, b in zip(times, times[1:], strict=False)) >= 0.14


def test_fetch_conditional_get_gives_304_and_the_archived_body(site: Site, tmp_path: Path) -> None:
    with _crawler(tmp_path) as crawler:
        first = crawler.fetch(site.url("/a.html"))
    with _crawler(tmp_path) as crawler:  # a new session: validators come from the archive
        second = crawler.fetch(site.url("/a.html"))
        assert crawler.stats["not_modified"] == 2  # robots.txt and the page
    assert not first.not_modified and second.not_modified
    assert second.page.content == PAGE and second.sha == first.sha
    hits = site.hits("/a.html")
    assert "if-none-match" not in hits[0].headers
    assert hits[1].headers["if-none-match"] == site.routes["/a.html"].etag
    assert "if-modified-since" in hits[1].headers
    assert site.hits("/robots.txt")[1].headers.get("if-none-match")  # robots.txt too


def test_fetch_500_then_200_is_retried(site: Site, tmp_path: Path) -> None:
    site.routes["/a.html"].statuses = [500, 503]
    with _crawler(tmp_path) as crawler:
        got = crawler.fetch(site.url("/a.html"))
        assert crawler.stats["retries"] == 2
    assert got.page.content == PAGE
    assert len(site.hits("/a.html")) == 3


def test_fetch_429_honours_retry_after(site: Site, tmp_path: Path) -> None:
    site.routes["/a.html"].statuses = [429]
    site.routes["/a.html"].retry_after = "1"
    with _crawler(tmp_path) as crawler:
        crawler.fetch(site.url("/a.html"))
    first, second = site.hits("/a.html")
    assert second.at - first.at >= 0.95


def test_fetch_long_retry_after_is_left_for_a_later_run(site: Site, tmp_path: Path) -> None:
    site.routes["/a.html"].status = 503
    site.routes["/a.html"].retry_after = "3600"
    with _crawler(tmp_path) as crawler, pytest.raises(FetchError) as err:
        crawler.fetch(site.url("/a.html"))
    assert "HTTP 503" in str(err.value) and "later run" in str(err.value)
    assert len(site.hits("/a.html")) == 1


def test_fetch_gives_up_after_the_retries(site: Site, tmp_path: Path) -> None:
    site.routes["/a.html"].status = 500
    with _crawler(tmp_path, max_retries=1) as crawler, pytest.raises(FetchError, match="HTTP 500"):
        crawler.fetch(site.url("/a.html"))
    assert len(site.hits("/a.html")) == 2


def test_fetch_404_is_not_retried(site: Site, tmp_path: Path) -> None:
    with _crawler(tmp_path) as crawler, pytest.raises(FetchError, match="HTTP 404") as err:
        crawler.fetch(site.url("/missing.html"))
    assert not err.value.transient
    assert len(site.hits("/missing.html")) == 1


def test_fetch_follows_redirects_and_detects_loops(site: Site, tmp_path: Path) -> None:
    site.add("/old.html", Route(redirect="/a.html"))
    site.add("/loop1", Route(redirect="/loop2"))
    site.add("/loop2", Route(redirect="/loop1"))
    with _crawler(tmp_path) as crawler:
        got = crawler.fetch(site.url("/old.html"))
        assert got.page.url == site.url("/a.html") and got.page.content == PAGE
        with pytest.raises(FetchError, match="redirect loop"):
            crawler.fetch(site.url("/loop1"))


def test_fetch_too_many_redirects(site: Site, tmp_path: Path) -> None:
    for i in range(5):
        site.add(f"/r{i}", Route(redirect=f"/r{i + 1}"))
    with _crawler(tmp_path, max_redirects=3) as crawler, pytest.raises(FetchError,
                                                                      match="more than 3"):
        crawler.fetch(site.url("/r0"))


def test_fetch_refuses_oversized_bodies(site: Site, tmp_path: Path) -> None:
    site.add("/big.html", Route(b"<p>" + b"x" * 5000 + b"</p>"))
    site.add("/big-chunked.html", Route(b"<p>" + b"x" * 5000 + b"</p>", length=None))
    with _crawler(tmp_path, max_bytes=1000) as crawler:
        with pytest.raises(FetchError, match="1000-byte cap"):
            crawler.fetch(site.url("/big.html"))


def test_fetch_refuses_binary_pages(site: Site, tmp_path: Path) -> None:
    site.add("/logo.png", Route(b"\x89PNG\r\n\x1a\n" + bytes(100), "image/png"))
    with _crawler(tmp_path) as crawler, pytest.raises(FetchError, match=r"not an HTML page \(image/png\)"):
        crawler.fetch(site.url("/logo.png"))


def test_fetch_truncated_body_is_a_failure(site: Site, tmp_path: Path) -> None:
    site.add("/cut.html", Route(PAGE, truncate=True))
    with _crawler(tmp_path, max_retries=0) as crawler, pytest.raises(FetchError, match="truncated"):
        crawler.fetch(site.url("/cut.html"))


def test_fetch_timeout_is_a_failure(site: Site, tmp_path: Path) -> None:
    site.add("/slow.html", Route(PAGE, delay=1.0))
    with _crawler(tmp_path, timeout=0.2, max_retries=0) as crawler, \
            pytest.raises(FetchError, match="timed out") as err:
        crawler.fetch(site.url("/slow.html"))
    assert err.value.transient


def test_fetch_connection_reset_is_a_failure(site: Site, tmp_path: Path) -> None:
    site.add("/reset.html", Route(PAGE, reset=True))
    with _crawler(tmp_path, max_retries=1) as crawler, pytest.raises(FetchError) as err:
        crawler.fetch(site.url("/reset.html"))
    assert "connection" in str(err.value) or "protocol" in str(err.value)
    assert len(site.hits("/reset.html")) == 2  # retried once


def test_fetch_archives_every_response(site: Site, tmp_path: Path) -> None:
    site.routes["/a.html"].statuses = [500]
    with _crawler(tmp_path) as crawler:
        crawler.fetch(site.url("/a.html"))
        crawler.fetch(site.url("/a.html"))  # 304
    lines = list(Archive(tmp_path / "archive").lines())
    got = [(line["url"].removeprefix(site.base), line["status"]) for line in lines]
    assert got == [("/robots.txt", 200), ("/a.html", 200), ("/a.html", 304)]
    body = Archive(tmp_path / "archive")
    assert body.body(lines[1]["sha"]) == PAGE
    assert lines[1]["headers"]["etag"] == site.routes["/a.html"].etag


def test_fetch_archives_failures_with_reason(site: Site, tmp_path: Path) -> None:
    with _crawler(tmp_path) as crawler, pytest.raises(FetchError):
        crawler.fetch(site.url("/missing.html"))
    last = list(Archive(tmp_path / "archive").lines())[-1]
    assert last["status"] == 404 and "HTTP 404" in last["error"]


def test_fetch_local_file_unchanged_is_not_modified(tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    page.write_bytes(PAGE)
    with _crawler(tmp_path) as crawler:
        assert not crawler.fetch(str(page)).not_modified
        again = crawler.fetch(str(page))
    assert again.not_modified and again.page.content == PAGE
    page.write_bytes(PAGE + b"<p>more</p>")
    with _crawler(tmp_path) as crawler:
        assert not crawler.fetch(str(page)).not_modified


def test_fetch_get_reads_files_and_urls(site: Site, tmp_path: Path) -> None:
    assert get(site.url("/a.html")).content == PAGE
    assert site.paths() == ["/a.html"]  # one-off reads do not ask robots.txt
    with pytest.raises(FetchError, match="no such file"):
        get(str(tmp_path / "nope.html"))
    with pytest.raises(FetchError, match="is a directory"):
        get(str(tmp_path))
