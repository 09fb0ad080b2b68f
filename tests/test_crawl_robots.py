"""robots.txt as RFC 9309 reads it (issue 11, item 12), served by a real server on loopback.

The standard library's parser took the first matching line and read ``*`` and ``$`` as
plain characters; the crawler must apply the longest match and the wildcards.
"""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

from extractor.crawl import Archive, CrawlOptions, Crawler, FetchError, RobotsRules, robots
from tests.crawl_support import Route, Site, serve

UA = "extractor-test/1.0 (+https://example.org/contact)"
PAGE = b"<html><body><p>page</p></body></html>"


def _crawl(tmp_path: Path, robots_txt: str, paths: list[str]) -> tuple[dict[str, bool], Site]:
    """Which of ``paths`` the crawler fetched (True) or refused by robots.txt (False)."""
    site = Site(robots=robots_txt)
    for path in paths:
        site.add(path.split("?")[0], Route(PAGE + path.encode()))
    result: dict[str, bool] = {}
    options = CrawlOptions(user_agent=UA, per_host_delay=0.0, max_retries=0)
    with serve(site), Crawler(options, Archive(tmp_path / "archive")) as crawler:
        for path in paths:
            try:
                crawler.fetch(site.url(path))
                result[path] = True
            except FetchError as exc:
                assert "disallowed by robots.txt" in str(exc)
                result[path] = False
    return result, site


def test_crawl_robots_wildcards(tmp_path: Path) -> None:
    got, site = _crawl(tmp_path, "User-agent: *\nDisallow: /*.pdf$\nDisallow: /*?session=\n",
                       ["/report.pdf", "/report.pdf.html", "/docs/a.pdf", "/list?session=1",
                        "/list?page=2"])
    assert got == {"/report.pdf": False, "/report.pdf.html": True, "/docs/a.pdf": False,
                   "/list?session=1": False, "/list?page=2": True}
    assert "/report.pdf" not in site.paths() and "/report.pdf.html" in site.paths()


def test_crawl_robots_longest_match_wins_whatever_the_order(tmp_path: Path) -> None:
    text = ("User-agent: *\nAllow: /p\nDisallow: /private\n"  # the first line is the shorter
            "Disallow: /news\nAllow: /news/today\n")  # the first line is the shorter again
    got, _ = _crawl(tmp_path, text, ["/private/x.html", "/public.html", "/news/old.html",
                                     "/news/today/a.html"])
    assert got == {"/private/x.html": False, "/public.html": True, "/news/old.html": False,
                   "/news/today/a.html": True}


def test_crawl_robots_allow_wins_a_tie_and_wildcards_count_in_the_length(tmp_path: Path) -> None:
    text = "User-agent: *\nDisallow: /a/\nAllow: /a/\nDisallow: /*/drafts\nAllow: /blog/\n"
    got, _ = _crawl(tmp_path, text, ["/a/x.html", "/blog/drafts/x.html", "/blog/ok.html"])
    assert got == {"/a/x.html": True, "/blog/drafts/x.html": False, "/blog/ok.html": True}


def test_crawl_robots_our_group_and_not_a_word_of_the_contact_url(tmp_path: Path) -> None:
    text = ("User-agent: example\nDisallow: /\n\n"  # 'example' is in our contact URL only
            "User-agent: extractor-test\nDisallow: /mine/\nCrawl-delay: 0.05\n\n"
            "User-agent: *\nDisallow: /all/\n")
    got, _ = _crawl(tmp_path, text, ["/mine/a.html", "/all/a.html", "/other.html"])
    assert got == {"/mine/a.html": False, "/all/a.html": True, "/other.html": True}
    rules = RobotsRules.parse(text, UA)
    assert rules.crawl_delay == 0.05


def test_crawl_robots_deny_and_allow_all() -> None:
    assert RobotsRules.allow_all(UA).allowed("https://a.example/x")
    denied = RobotsRules.deny_all(UA, "robots.txt unreadable")
    assert not denied.allowed("https://a.example/x") and denied.crawl_delay is None


@pytest.mark.parametrize("module", [robots])
def test_crawl_robots_doctests(module: object) -> None:
    assert doctest.testmod(module).failed == 0  # type: ignore[arg-type]
