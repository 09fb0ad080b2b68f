"""Remote input never reads local files nor reaches private hosts (issue 11, items 1 and 2).

Against a real server on loopback: a feed or sitemap served over HTTP whose links say
``file:``, links and redirects to loopback, private or metadata addresses, redirects to
``javascript:`` / ``data:`` / ``mailto:``. Each is refused with a reason recorded for that
URL, and the run goes on.
"""

from __future__ import annotations

import doctest
import ipaddress
import socket
import sqlite3
from pathlib import Path

import httpx
import pytest

from extractor import nightly
from extractor.crawl import Archive, CrawlOptions, Crawler, FetchError, client, guard
from extractor.crawl.guard import Refused, UrlGuard, address_refusal
from extractor.crawl.transport import guarded_transport, scope
from extractor.settings import load_settings
from tests.crawl_support import ALLOW_LOOPBACK, Route, Site, serve

UA = "extractor-test/1.0 (+https://example.org/contact)"
PAGE = b"<html><body><article><p>" + b"GPT-4o is out. " * 40 + b"</p></article></body></html>"
SECRET = "<html><body><article><p>" + "The launch code of Claude 9 is 0000. " * 30 + \
         "</p></article></body></html>"


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """A net under the guard: should it let an address through, no packet leaves loopback."""
    connect = socket.socket.connect

    def only_loopback(sock: socket.socket, address: object) -> None:
        host = str(address[0]) if isinstance(address, tuple) else ""
        if sock.family in (socket.AF_INET, socket.AF_INET6) and \
                not ipaddress.ip_address(host.split("%")[0]).is_loopback:
            raise AssertionError(f"the test tried to connect to {host}")
        connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", only_loopback)


def _crawler(tmp_path: Path, **kw: object) -> Crawler:
    opts = dict(user_agent=UA, timeout=2.0, per_host_delay=0.0, retry_delay=0.01, max_retries=0)
    opts.update(kw)
    return Crawler(CrawlOptions(**opts), Archive(tmp_path / "archive"))  # type: ignore[arg-type]


def _rss(links: list[str]) -> bytes:
    items = "".join(f"<item><title>{i}</title><link>{link}</link></item>"
                    for i, link in enumerate(links))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}'
            "</channel></rss>").encode()


def _urlset(locs: list[str]) -> bytes:
    urls = "".join(f"<url><loc>{loc}</loc></url>" for loc in locs)
    return (f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{urls}</urlset>").encode()


def _run(tmp_path: Path, site: Site, feed_paths: list[str], **kw: object) -> nightly.RunReport:
    tmp_path.mkdir(parents=True, exist_ok=True)
    feeds = tmp_path / "feeds.toml"
    feeds.write_text("".join(f'[[feed]]\nurl = "{site.url(p)}"\n' for p in feed_paths),
                     encoding="utf-8")
    settings = load_settings(None, db=f"sqlite:///{tmp_path / 'kb.db'}", feeds=str(feeds),
                             archive=str(tmp_path / "archive"), out=str(tmp_path / "out"),
                             progress=False, per_host_delay=0.0, timeout=5.0, **kw)
    return nightly.run(settings)


def _rows(tmp_path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(tmp_path / "kb.db") as conn:
        return conn.execute(sql).fetchall()


# -- addresses ------------------------------------------------------------------------------

@pytest.mark.parametrize(("address", "kind"), [
    ("127.0.0.1", "loopback"), ("127.8.9.10", "loopback"), ("::1", "loopback"),
    ("10.1.2.3", "private"), ("172.16.0.1", "private"), ("192.168.1.1", "private"),
    ("100.64.0.1", "private"), ("fc00::1", "private"), ("fd12:3456::1", "private"),
    ("169.254.1.1", "link-local"), ("fe80::1", "link-local"),
    ("169.254.169.254", "metadata"), ("fd00:ec2::254", "metadata"),
    ("224.0.0.1", "multicast"), ("ff02::1", "multicast"),
    ("0.0.0.0", "unspecified"), ("::", "unspecified"),
    ("240.0.0.1", "reserved"), ("192.0.2.1", "private"),
    ("::ffff:127.0.0.1", "loopback"), ("::ffff:169.254.169.254", "metadata"),
    ("64:ff9b::a00:1", "private"),  # NAT64 of 10.0.0.1
])
def test_crawl_guard_refuses_non_public_addresses(address: str, kind: str) -> None:
    reason = address_refusal(address)
    assert reason is not None and kind in reason


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111"])
def test_crawl_guard_lets_public_addresses_through(address: str) -> None:
    assert address_refusal(address) is None


def test_crawl_guard_allow_setting_names_hosts_and_ranges() -> None:
    resolved = {"intranet.example": ["10.9.8.7"], "mixed.example": ["93.184.215.14", "10.0.0.1"],
                "news.example": ["93.184.215.14"]}
    allow = UrlGuard.build(["Intranet.Example.", "192.168.0.0/16", "::1", "169.254.0.0/16"],
                           resolver=lambda host, port: resolved[host])
    assert allow.refusal("http://intranet.example/feed") is None  # by name
    assert allow.refusal("http://192.168.7.7:8080/x") is None  # by range
    assert allow.refusal("http://[::1]/x") is None
    assert allow.refusal("https://news.example/a") is None
    # one private address among the answers is enough to refuse
    assert "mixed.example resolves to a private address (10.0.0.1)" in \
        str(allow.refusal("http://mixed.example/"))
    # a range never lets a metadata endpoint through; naming it exactly does
    assert "metadata" in str(allow.refusal("http://169.254.169.254/latest/meta-data/"))
    assert allow.refusal("http://169.254.10.10/") is None
    exact = UrlGuard.build(["169.254.169.254"])
    assert exact.refusal("http://169.254.169.254/") is None
    for url in ("file:///etc/passwd", "javascript:alert(1)", "ftp://a.example/x", "/etc/passwd"):
        assert "only http and https" in str(allow.refusal(url))
    assert "malformed" in str(allow.refusal("http://a.example:99999/"))


def test_crawl_guard_setting_reaches_the_crawler() -> None:
    settings = load_settings(allow_hosts=["10.0.0.0/8", "intranet.example"])
    options = CrawlOptions.from_settings(settings)
    assert options.allow_hosts == ("10.0.0.0/8", "intranet.example")
    with Crawler(options) as crawler:
        assert crawler.guard.address_refusal("10.1.1.1") is None
        assert crawler.guard.host_allowed("intranet.example")
    assert load_settings().allow_hosts == ()


@pytest.mark.parametrize("module", [guard, client])
def test_crawl_guard_doctests(module: object) -> None:
    assert doctest.testmod(module).failed == 0  # type: ignore[arg-type]


# -- the connection goes to the checked address ----------------------------------------------

def test_crawl_guard_checks_the_address_it_connects_to() -> None:
    """A name that resolves to loopback when connecting is refused, whatever an earlier
    check saw; allowed, the connection goes to the address the guard resolved."""
    site = Site()
    site.add("/a.html", Route(PAGE))
    with serve(site), httpx.Client(transport=guarded_transport()) as client:
        port = site.base.rsplit(":", 1)[1]
        rebinding = UrlGuard.build([], resolver=lambda host, p: ["93.184.215.14", "127.0.0.1"])
        with scope(None, rebinding), pytest.raises(Refused, match="loopback"):
            client.get(f"http://rebind.example:{port}/a.html")
        assert site.paths() == []  # refused before any byte was sent
        allowed = UrlGuard.build(["127.0.0.0/8"], resolver=lambda host, p: ["127.0.0.1"])
        with scope(None, allowed):  # rebind.example exists only in this resolver
            assert client.get(f"http://rebind.example:{port}/a.html").content == PAGE


# -- no local file from fetched content ---------------------------------------------------------

def test_crawl_guard_file_links_in_fetched_content_are_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.html"
    secret.write_text(SECRET, encoding="utf-8")
    site = Site()
    with serve(site), _crawler(tmp_path) as crawler:
        feed = site.url("/feed.xml")
        for link in (secret.as_uri(), f"file:{secret}", f"file://localhost{secret}", str(secret),
                     "c:/windows/win.ini"):
            with pytest.raises(FetchError, match="refused: a .* link in fetched content"):
                crawler.fetch(link, found_in=feed)
        # a link in a document on the operator's disk may be a path (the bundled corpus)
        local = crawler.fetch(str(secret), found_in=str(tmp_path / "feed.xml"))
        assert local.page.content == SECRET.encode()
        # the operator's own word (the feed list, the command line) may be a file
        assert crawler.fetch(secret.as_uri()).page.content == SECRET.encode()
    errors = [line for line in Archive(tmp_path / "archive").lines() if line.get("error")]
    assert len(errors) == 5 and all("refused" in line["error"] for line in errors)


def test_crawl_guard_nightly_never_stores_a_local_file_from_a_remote_feed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.html"
    secret.write_text(SECRET, encoding="utf-8")
    site = Site()
    site.add("/a.html", Route(PAGE))
    site.add("/feed.xml", Route(_rss([secret.as_uri(), f"file://localhost{secret}",
                                      site.url("/a.html")]), "application/xml"))
    site.add("/sitemap.xml", Route(_urlset([f"file://{secret}"]), "application/xml"))
    index = ('<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
             f'sitemap/0.9"><sitemap><loc>file://{secret}</loc></sitemap></sitemapindex>')
    site.add("/index.xml", Route(index.encode(), "application/xml"))
    with serve(site):
        report = _run(tmp_path, site, ["/feed.xml", "/sitemap.xml", "/index.xml"],
                      allow_hosts=ALLOW_LOOPBACK)
    assert report.new == 1 and report.failed == 3
    assert _rows(tmp_path, "SELECT url FROM articles") == [(site.url("/a.html"),)]
    assert not _rows(tmp_path, "SELECT id FROM articles WHERE url LIKE 'file:%'")
    reasons = dict(_rows(tmp_path, "SELECT source, reason FROM run_errors"))
    assert "refused: a file: link in fetched content" in reasons[secret.as_uri()]
    assert "refused" in reasons[f"file://localhost{secret}"]
    assert "refused" in reasons[f"file://{secret}"]  # the sitemap's <loc> and the index's
    archived = Archive(tmp_path / "archive")
    assert not any(line.get("status") == 200 and line["url"].startswith("file:")
                   for line in archived.lines())


# -- no private host from fetched content, nor through a redirect --------------------------------

def test_crawl_guard_nightly_links_to_loopback_need_the_allow_setting(tmp_path: Path) -> None:
    site = Site()
    site.add("/a.html", Route(PAGE))
    site.add("/feed.xml", Route(_rss([site.url("/a.html"), "http://169.254.169.254/latest/"]),
                                "application/xml"))
    with serve(site):
        refused = _run(tmp_path / "off", site, ["/feed.xml"])
        assert site.paths() == ["/robots.txt", "/feed.xml"]  # the operator's feed, nothing else
        allowed = _run(tmp_path / "on", site, ["/feed.xml"], allow_hosts=ALLOW_LOOPBACK)
    assert refused.new == 0 and refused.failed == 2
    reasons = dict(_rows(tmp_path / "off", "SELECT source, reason FROM run_errors"))
    assert "refused: the host is a loopback address (127.0.0.1)" in reasons[site.url("/a.html")]
    assert "metadata" in reasons["http://169.254.169.254/latest/"]
    assert allowed.new == 1 and allowed.failed == 1  # the metadata endpoint stays refused
    assert "/a.html" in site.paths()


@pytest.mark.parametrize(("target", "reason"), [
    ("http://localhost:{port}/a.html", "localhost resolves to a loopback address"),
    ("http://169.254.169.254/latest/meta-data/", "cloud metadata address (169.254.169.254)"),
    ("http://[fd00:ec2::254]/latest/", "cloud metadata address (fd00:ec2::254)"),
    ("http://10.0.0.1/admin", "private address (10.0.0.1)"),
])
def test_crawl_guard_redirects_to_other_hosts_are_checked(tmp_path: Path, target: str,
                                                         reason: str) -> None:
    site = Site()
    site.add("/a.html", Route(PAGE))
    with serve(site), _crawler(tmp_path) as crawler:
        location = target.format(port=site.base.rsplit(":", 1)[1])
        site.add("/go", Route(redirect=location))
        site.add("/same", Route(redirect="/a.html"))
        # the operator chose this loopback host: its own redirects are followed
        assert crawler.fetch(site.url("/same")).page.content == PAGE
        with pytest.raises(FetchError, match="redirected to") as err:
            crawler.fetch(site.url("/go"))
        assert reason in str(err.value) and not err.value.transient
        assert site.paths().count("/a.html") == 1
    last = list(Archive(tmp_path / "archive").lines())[-1]
    assert last["url"] == site.url("/go") and reason in last["error"]


@pytest.mark.parametrize("location", ["javascript:alert(1)", "data:text/html,<p>hi</p>",
                                      "mailto:editor@news.example", "file:///etc/passwd",
                                      "ftp://news.example/a"])
def test_crawl_guard_redirect_to_another_scheme_is_a_failure(tmp_path: Path,
                                                             location: str) -> None:
    site = Site()
    site.add("/go", Route(redirect=location))
    with serve(site), _crawler(tmp_path) as crawler:
        with pytest.raises(FetchError, match="refused: a redirect to a") as err:
            crawler.fetch(site.url("/go"))
    assert location.split(":")[0] + ":" in str(err.value) and err.value.status == 301


def test_crawl_guard_nightly_redirect_to_javascript_costs_that_page_only(tmp_path: Path) -> None:
    site = Site()
    site.add("/a.html", Route(PAGE))
    site.add("/js", Route(redirect="javascript:alert(document.cookie)"))
    site.add("/data", Route(redirect="data:text/html;base64,PHA+aGk8L3A+"))
    site.add("/feed.xml", Route(_rss([site.url("/js"), site.url("/data"), site.url("/a.html")]),
                                "application/xml"))
    with serve(site):
        report = _run(tmp_path, site, ["/feed.xml"], allow_hosts=ALLOW_LOOPBACK)
    assert report.new == 1 and report.failed == 2
    reasons = dict(_rows(tmp_path, "SELECT source, reason FROM run_errors"))
    assert "refused: a redirect to a javascript: URL" in reasons[site.url("/js")]
    assert "refused: a redirect to a data: URL" in reasons[site.url("/data")]
    errors = dict(_rows(tmp_path, "SELECT url, error FROM fetches WHERE error IS NOT NULL"))
    assert set(errors) == {site.url("/js"), site.url("/data")}
