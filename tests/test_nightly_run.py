"""The nightly job end to end against a real HTTP server on loopback.

The site serves the bundled corpus (``/feeds/*.xml``, ``/articles/*.html``) and, per
scenario, faulty feeds and pages. Each test asserts what the server received and the rows
in the SQLite database after the run.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, fields, replace
from pathlib import Path

import pytest

from extractor import nightly
from extractor.cli import main
from extractor.crawl import Archive
from extractor.settings import Settings, load_settings
from tests.crawl_support import ALLOW_LOOPBACK, CORPUS, ROOT, Route, Site, serve

ARTICLES = sorted((CORPUS / "articles").glob("*.html"))


@dataclass(frozen=True, slots=True)
class _Settings(Settings):
    """The crawler's settings with tiny waits (the nightly job reads them by name)."""

    max_connections: int = 4
    max_retries: int = 2
    retry_delay: float = 0.01
    max_retry_after: float = 5.0
    retry_backoff: float = 3600.0


def _settings(tmp: Path, feeds: Path, **kw: object) -> Settings:
    base = load_settings(None, db=f"sqlite:///{tmp / 'kb.db'}", feeds=str(feeds),
                         archive=str(tmp / "archive"), out=str(tmp / "out"), progress=False,
                         per_host_delay=0.0, timeout=5.0, allow_hosts=ALLOW_LOOPBACK)
    values = {f.name: getattr(base, f.name) for f in fields(Settings)}
    return _Settings(**(values | kw))  # type: ignore[arg-type]


def _rows(tmp: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(tmp / "kb.db") as conn:
        return conn.execute(sql).fetchall()


def _feed_list(tmp: Path, site: Site, paths: list[str], name: str = "feeds.toml") -> Path:
    path = tmp / name
    path.write_text("".join(f'[[feed]]\nurl = "{site.url(p)}"\n' for p in paths), encoding="utf-8")
    return path


def _rss(links: list[str]) -> bytes:
    items = "".join(f"<item><title>{i}</title><link>{link}</link></item>"
                    for i, link in enumerate(links))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}'
            "</channel></rss>").encode()


@pytest.fixture
def corpus_site():
    site = Site()
    site.add_corpus()
    with serve(site):
        yield site


def test_nightly_two_runs_on_the_loopback_corpus(corpus_site: Site, tmp_path: Path) -> None:
    feeds = _feed_list(tmp_path, corpus_site, [f"/feeds/{p.name}" for p in
                                               sorted((CORPUS / "feeds").glob("*.xml"))])
    settings = _settings(tmp_path, feeds)

    first = nightly.run(settings)
    assert corpus_site.paths()[0] == "/robots.txt"
    assert first.failures == [] and first.failed == 0
    assert first.new == len(ARTICLES)
    assert first.facts_written > 100
    assert first.requests == len(corpus_site.requests) == 1 + 3 + len(ARTICLES)
    articles = _rows(tmp_path, "SELECT COUNT(*) FROM articles")[0][0]
    facts = _rows(tmp_path, "SELECT COUNT(*) FROM facts")[0][0]
    assert articles == len(ARTICLES) and facts > 100

    corpus_site.clear()
    second = nightly.run(settings)
    sent = corpus_site.requests
    assert second.requests == len(sent) == 4  # robots.txt and the three feeds, nothing else
    assert all("if-none-match" in r.headers for r in sent)
    assert second.not_modified == 4
    assert (second.new, second.updated, second.failed) == (0, 0, 0)
    assert second.unchanged == len(ARTICLES)
    assert second.facts_written == 0
    assert _rows(tmp_path, "SELECT COUNT(*) FROM articles")[0][0] == articles
    assert _rows(tmp_path, "SELECT COUNT(*) FROM facts")[0][0] == facts
    runs = _rows(tmp_path, "SELECT id, status FROM runs ORDER BY id")
    assert [r[0] for r in runs] == [first.run_id, second.run_id]


def test_nightly_changed_feed_confirms_pages_with_conditional_requests(
        corpus_site: Site, tmp_path: Path) -> None:
    feeds = _feed_list(tmp_path, corpus_site, ["/feeds/en-news.rss.xml"])
    settings = _settings(tmp_path, feeds)
    first = nightly.run(settings)
    route = corpus_site.routes["/feeds/en-news.rss.xml"]
    route.body = route.body.replace(b"</channel>", b"<!-- rebuilt --></channel>")
    corpus_site.clear()
    second = nightly.run(settings)
    pages = [r for r in corpus_site.requests if r.path.startswith("/articles/")]
    assert len(pages) == first.new and all("if-none-match" in r.headers for r in pages)
    assert second.unchanged == first.new and second.new == 0 and second.facts_written == 0


def test_nightly_faults_are_reported_and_do_not_stop_the_run(tmp_path: Path) -> None:
    site = Site()
    site.add_corpus()
    good = [f"/articles/{p.name}" for p in ARTICLES[:2]]
    faults = {
        "/bad/404.html": Route(status=404),
        "/bad/gone.html": Route(status=410),
        "/bad/loop": Route(redirect="/bad/loop"),
        "/bad/logo.png": Route(b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png"),
        "/bad/huge.html": Route(b"<p>" + b"x" * 300_000 + b"</p>"),
        "/bad/paywall.html": Route(b"<html><body><article><p>A short teaser about a model.</p>"
                                   b"<p>Subscribe to continue reading.</p></article></body></html>"),
        "/bad/js.html": Route(b'<html><body><div id="app"></div><noscript>Please enable '
                              b"JavaScript.</noscript><script>render()</script></body></html>"),
        "/bad/cut.html": Route(ARTICLES[2].read_bytes(), truncate=True),
        "/bad/slow.html": Route(ARTICLES[3].read_bytes(), delay=0.6),
    }
    for path, route in faults.items():
        site.add(path, route)
    flaky = site.add("/flaky.html", Route(ARTICLES[4].read_bytes(), statuses=[500]))
    site.add("/latin1.html", Route(ARTICLES[5].read_bytes().decode("utf-8").encode("cp1252", "replace"),
                                   "text/html"))  # no charset in the header
    links = [site_path for site_path in good + list(faults) + ["/flaky.html", "/latin1.html"]]
    site.add("/feeds/faults.xml", Route(_rss(links + links[:2]), "application/rss+xml"))
    site.add("/feeds/broken.xml", Route(b"<rss><channel><item><title>x</ti", "application/xml"))
    site.add("/feeds/empty.xml", Route(_rss([]), "application/rss+xml"))
    with serve(site):
        links_abs = [site.url(p) for p in links]
        site.routes["/feeds/faults.xml"].body = _rss(links_abs + links_abs[:2])
        feeds = _feed_list(tmp_path, site, ["/feeds/faults.xml", "/feeds/broken.xml",
                                            "/feeds/empty.xml", "/feeds/missing.xml"])
        settings = _settings(tmp_path, feeds, max_bytes=200_000, timeout=0.3, max_retries=1)
        report = nightly.run(settings)

    reasons = dict(report.failures)
    expect = {
        "/bad/404.html": "HTTP 404", "/bad/gone.html": "HTTP 410", "/bad/loop": "redirect loop",
        "/bad/logo.png": "not an HTML page", "/bad/huge.html": "byte cap",
        "/bad/paywall.html": "paywalled", "/bad/js.html": "JavaScript-only",
        "/bad/cut.html": "truncated", "/bad/slow.html": "timed out",
    }
    for path, words in expect.items():
        assert words in reasons.get(site.url(path), ""), (path, reasons.get(site.url(path)))
    assert report.failed == len(expect)
    assert report.new == 4  # two corpus pages, the flaky one (500 then 200), the Latin-1 one
    assert len(flaky.statuses) == 0 and len(site.hits("/flaky.html")) == 2
    by_feed = {f.url.rsplit("/", 1)[-1]: f for f in report.feeds}
    assert by_feed["faults.xml"].duplicates == 2
    assert by_feed["broken.xml"].status == "failed"
    assert by_feed["missing.xml"].status == "failed" and "HTTP 404" in by_feed["missing.xml"].reason
    assert by_feed["empty.xml"].status == "read" and by_feed["empty.xml"].entries == 0
    stored = {r[0] for r in _rows(tmp_path, "SELECT text FROM articles")}
    assert any("’" in text or "é" in text for text in stored)  # the Latin-1 page decoded
    errors = _rows(tmp_path, f"SELECT source, reason FROM run_errors WHERE run_id = {report.run_id}")
    assert {s for s, _ in errors} >= {site.url(p) for p in expect}
    assert len(site.hits("/bad/404.html")) == 1  # each page fetched once despite duplicates


def test_nightly_failed_page_waits_then_is_retried(tmp_path: Path) -> None:
    site = Site()
    site.add_corpus()
    page = site.add("/p.html", Route(ARTICLES[0].read_bytes(), status=503))
    site.add("/feed.xml", Route(b"", "application/rss+xml"))
    with serve(site):
        site.routes["/feed.xml"].body = _rss([site.url("/p.html")])
        settings = _settings(tmp_path, _feed_list(tmp_path, site, ["/feed.xml"]), max_retries=0)
        first = nightly.run(settings)
        assert first.failed == 1 and "HTTP 503" in first.failures[0][1]
        second = nightly.run(settings)  # too soon: not asked again
        assert second.deferred == 1 and len(site.hits("/p.html")) == 1 + 0
        _age_index(Path(settings.archive), hours=3)  # three hours later, the backoff has passed
        page.status = 200
        third = nightly.run(settings)
    assert third.new == 1 and third.failed == 0
    assert len(site.hits("/p.html")) == 2


def _age_index(archive: Path, hours: float) -> None:
    """Move every time in the archive index ``hours`` into the past."""
    import datetime as dt

    index = archive / "index.jsonl"
    lines = []
    for raw in index.read_text(encoding="utf-8").splitlines():
        line = json.loads(raw)
        at = dt.datetime.fromisoformat(line["at"]) - dt.timedelta(hours=hours)
        line["at"] = at.isoformat(timespec="seconds")
        lines.append(json.dumps(line))
    index.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_nightly_max_articles_and_since(corpus_site: Site, tmp_path: Path) -> None:
    feeds = _feed_list(tmp_path, corpus_site, ["/feeds/en-news.rss.xml"])
    limited = nightly.run(replace(_settings(tmp_path, feeds), max_articles=3))
    assert limited.new == 3 and limited.skipped >= 1
    recent = nightly.run(replace(_settings(tmp_path, feeds), since="2024-08-01"))
    published = [r[0] for r in _rows(tmp_path, "SELECT published FROM articles")]
    assert recent.new >= 1 and recent.skipped >= 1
    assert sum(p is not None and p < "2024-08-01" for p in published) <= 3  # only the first three
    rest = nightly.run(_settings(tmp_path, feeds))
    total = _rows(tmp_path, "SELECT COUNT(*) FROM articles")[0][0]
    assert total == limited.new + recent.new + rest.new and rest.failed == 0


def test_nightly_lock_keeps_two_runs_apart(tmp_path: Path) -> None:
    feeds = tmp_path / "feeds.toml"
    feeds.write_text("", encoding="utf-8")
    settings = _settings(tmp_path, feeds)
    lock = Path(settings.archive) / "run.lock"
    lock.parent.mkdir(parents=True)
    with open(lock, "w") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        with pytest.raises(nightly.RunLocked):
            nightly.run(settings)
        code = main(["run", "--feeds", str(feeds), "--db", settings.db, "--archive",
                     settings.archive, "--out", settings.out])
    assert code == 75
    assert not (tmp_path / "kb.db").exists() or not _rows(tmp_path, "SELECT * FROM runs")


def test_nightly_cannot_run_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[[feed]]\nlang = 'en'\n", encoding="utf-8")
    assert main(["run", "--feeds", str(bad), "--db", f"sqlite:///{tmp_path / 'kb.db'}"]) == 1
    assert "'url' is missing" in capsys.readouterr().err
    assert main(["run", "--feeds", str(tmp_path / "none.toml")]) == 1
    assert "no such file" in capsys.readouterr().err
    blocker = tmp_path / "file"
    blocker.write_text("x")
    good = tmp_path / "good.toml"
    good.write_text("", encoding="utf-8")
    code = main(["run", "--feeds", str(good), "--db", f"sqlite:///{blocker / 'kb.db'}",
                 "--archive", str(tmp_path / "archive"), "--out", str(tmp_path / "out")])
    assert code == 1 and str(blocker) in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        main(["run", "--since", "yesterday"])
    assert exit_.value.code == 2


def test_nightly_reprocess_needs_no_network(tmp_path: Path) -> None:
    site = Site()
    site.add_corpus()
    with serve(site):
        feeds = _feed_list(tmp_path, site, ["/feeds/fr-actu.atom.xml"])
        settings = _settings(tmp_path, feeds)
        first = nightly.run(settings)
    facts = _rows(tmp_path, "SELECT COUNT(*) FROM facts")[0][0]
    (tmp_path / "kb.db").unlink()  # the server is gone too
    with pytest.raises(nightly.RunError, match="--whole-archive"):
        nightly.reprocess(settings)  # a database that fetched nothing is rebuilt only on purpose
    settings = replace(settings, whole_archive=True)
    again = nightly.reprocess(settings)
    assert again.new == first.new and again.failed == 0
    assert again.requests == 0
    assert _rows(tmp_path, "SELECT COUNT(*) FROM facts")[0][0] == facts
    unchanged = nightly.reprocess(settings)
    assert unchanged.unchanged == first.new and unchanged.new == unchanged.updated == 0


def _entries(site: Site, path: str) -> int:
    return site.routes[path].body.count(b"<item>")


def test_nightly_kill_9_mid_run_then_rerun_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    site = Site()
    site.add_corpus()
    for route in site.routes.values():
        route.delay = 0.03  # slow enough to be caught in the middle
    with serve(site):
        feeds = _feed_list(tmp_path, site, ["/feeds/mixed.rss.xml"])
        listed = _entries(site, "/feeds/mixed.rss.xml")
        config = tmp_path / "settings.toml"
        config.write_text("[extractor]\nper_host_delay = 0.0\nallow_hosts = [\"127.0.0.1\"]\n",
                          encoding="utf-8")
        argv = [sys.executable, "-m", "extractor", "--config", str(config), "run",
                "--feeds", str(feeds), "--db", f"sqlite:///{tmp_path / 'kb.db'}",
                "--archive", str(tmp_path / "archive"), "--out", str(tmp_path / "out"),
                "--no-progress"]
        env = os.environ | {"PYTHONPATH": str(ROOT)}
        proc = subprocess.Popen(argv, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        index = tmp_path / "archive" / "index.jsonl"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # wait until a third of the pages are fetched
            if index.exists() and index.read_text(encoding="utf-8").count('"kind":"page"') >= 5:
                break
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert proc.returncode == -signal.SIGKILL
        killed = _rows(tmp_path, "SELECT COUNT(*) FROM articles")[0][0]
        assert killed < listed  # the kill came mid-run
        assert _rows(tmp_path, "SELECT status, finished_at FROM runs") == [("running", None)]
        done = subprocess.run(argv, cwd=tmp_path, env=env, capture_output=True, text=True,
                              timeout=300)
        assert done.returncode == 0, done.stderr
    assert "0 failed" in done.stdout
    urls = [r[0] for r in _rows(tmp_path, "SELECT url FROM articles")]
    assert len(urls) == len(set(urls)) == listed
    assert _rows(tmp_path, "SELECT COUNT(*) FROM articles a WHERE NOT EXISTS "
                           "(SELECT 1 FROM facts f WHERE f.article_id = a.id)")[0][0] <= 2
    runs = _rows(tmp_path, "SELECT status, finished_at FROM runs ORDER BY id")
    # the killed run never finished: the rerun, holding the lock, closed it, then finished
    assert [r[0] for r in runs] == ["abandoned", "ok"] and all(r[1] for r in runs)
    assert "marked abandoned" in done.stdout
    # the same articles, with the same text, as one clean pass over the archive
    clean = tmp_path / "clean"
    clean.mkdir()
    nightly.reprocess(replace(_settings(clean, feeds), archive=str(tmp_path / "archive"), whole_archive=True))
    query = "SELECT url, content_hash FROM articles ORDER BY url"
    assert _rows(tmp_path, query) == _rows(clean, query)
    repeated = ("SELECT COUNT(*) - COUNT(DISTINCT fact_id || ':' || start_offset || ':' || "
                "end_offset) FROM evidence")
    assert _rows(tmp_path, repeated) == _rows(clean, repeated)  # nothing stored twice
    per_article = ("SELECT a.url, COUNT(f.id) FROM articles a LEFT JOIN facts f "
                   "ON f.article_id = a.id GROUP BY a.url ORDER BY a.url")
    # the same facts however the pages were split between runs (issue 11, item 4)
    assert _rows(tmp_path, per_article) == _rows(clean, per_article)
    history = Archive(tmp_path / "archive").history()  # the index reads back after the kill
    assert sum(h.last_outcome is not None and h.last_outcome.ok for h in history.values()) == listed


def test_nightly_sitemap_index_and_request_spacing(tmp_path: Path) -> None:
    site = Site()
    site.add_corpus()
    with serve(site):
        pages = [site.url(f"/articles/{p.name}") for p in ARTICLES[:2]]
        urls = "".join(f"<url><loc>{u}</loc><lastmod>2024-07-18</lastmod></url>" for u in pages)
        site.add("/sitemap-1.xml", Route(
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode(),
            "application/xml"))
        site.add("/sitemap.xml", Route(
            b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap>'
            b"<loc>/sitemap-1.xml</loc></sitemap></sitemapindex>", "application/xml"))
        settings = _settings(tmp_path, _feed_list(tmp_path, site, ["/sitemap.xml"]),
                             per_host_delay=0.05)
        report = nightly.run(settings)
    sent = site.paths()
    assert sent[:3] == ["/robots.txt", "/sitemap.xml", "/sitemap-1.xml"]
    assert sorted(sent[3:]) == sorted(p.removeprefix(site.base) for p in pages)
    assert report.new == 2 and report.failed == 0
    times = [r.at for r in site.requests]
    assert min(b - a for a, b in zip(times, times[1:], strict=False)) >= 0.045


def test_nightly_report_says_what_to_try_next() -> None:
    report = nightly.RunReport(command="run", db="sqlite:///kb.db", facts_stored=3,
                               exports={"html view": "out/graph.html"})
    text = report.render()
    assert "next" in text and "current_prices" in text and "--db 'sqlite:///kb.db'" in text
    assert "out/graph.html in a browser" in text
    assert "next" not in nightly.RunReport(command="run", facts_stored=0).render()


def test_nightly_two_workers_store_what_one_stores(corpus_site: Site, tmp_path: Path) -> None:
    """--workers 2: two processes parse and extract while this one fetches and alone
    writes; the database ends up with the same facts as with one, and a page that is no
    article fails the same way."""
    corpus_site.add("/not-an-article.html", Route(b"<html><body><p>Menu</p></body></html>"))
    corpus_site.add("/extra.xml", Route(_rss([corpus_site.url("/not-an-article.html")]),
                                        "application/rss+xml"))
    feeds = _feed_list(tmp_path, corpus_site, [f"/feeds/{p.name}" for p in
                                               sorted((CORPUS / "feeds").glob("*.xml"))]
                       + ["/extra.xml"])
    dumps, failures = [], []
    for workers in (1, 2):
        folder = tmp_path / f"w{workers}"
        folder.mkdir()
        report = nightly.run(_settings(folder, feeds, workers=workers, batch_size=4))
        assert report.new == len(ARTICLES)
        failures.append(report.failures)
        dumps.append(_rows(folder, "SELECT id, model_id, series_id, valid_to FROM facts ORDER BY id"))
    assert dumps[0] == dumps[1] and len(dumps[0]) > 100
    assert failures[0] == failures[1] and len(failures[0]) == 1
    assert failures[0][0][0].endswith("/not-an-article.html")


def test_nightly_quiet_night_keeps_the_exports_and_skips_the_rebuild(corpus_site: Site,
                                                                      tmp_path: Path) -> None:
    feeds = _feed_list(tmp_path, corpus_site, [f"/feeds/{p.name}" for p in
                                               sorted((CORPUS / "feeds").glob("*.xml"))])
    settings = _settings(tmp_path, feeds)
    first = nightly.run(settings)
    graph = tmp_path / "out" / "graph.json"
    built = graph.stat().st_mtime_ns
    assert not any(p.endswith("(unchanged)") for p in first.exports.values())
    second = nightly.run(settings)  # nothing new: no graph rebuild, the files stay
    assert second.facts_written == 0
    assert second.exports["json"] == f"{graph} (unchanged)"
    assert graph.stat().st_mtime_ns == built
    assert "nothing new" in second.render()
    (tmp_path / "out" / "graph.html").unlink()  # an export gone: the next night writes all again
    third = nightly.run(settings)
    assert third.exports["html view"] == str(tmp_path / "out" / "graph.html")
    assert (tmp_path / "out" / "graph.html").is_file()
