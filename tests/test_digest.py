"""The nightly digest: two nights over a loopback site whose feed adds articles the second
night; the second night's digest lists exactly what those articles added, in Markdown, as an
HTML page (read in a headless Chromium) and as an Atom feed (read back with feedparser)."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import feedparser
import pytest

from extractor import nightly, store
from extractor.cli import main
from extractor.digest import render_html, render_markdown
from extractor.store.digest import Change, DigestData
from tests.crawl_support import CORPUS, Route, Site, serve
from tests.test_nightly_run import _settings

ARTICLES = sorted((CORPUS / "articles").glob("*.html"))
# the first night's feed: the Mistral NeMo, Gemini 1.5 and GPT-4o launch articles, among others;
# the second night adds the Mistral price cut, the Nova launch and the o1 articles
SECOND = [p for p in ARTICLES if any(k in p.name for k in (
    "mistral-baisse-prix", "amazon-nova", "o1-preview", "openai-o1", "ministral"))]
FIRST = [p for p in ARTICLES if p not in SECOND]


def _rss(site: Site, pages: list[Path]) -> bytes:
    items = "".join(f"<item><title>{p.stem}</title><link>{site.url('/articles/' + p.name)}</link></item>"
                    for p in pages)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}'
            "</channel></rss>").encode()


@pytest.fixture(scope="module")
def two_nights(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("nights")
    site = Site()
    site.add_corpus()
    with serve(site):
        feed = site.add("/feed.xml", Route(_rss(site, FIRST), "application/xml"))
        feeds = tmp / "feeds.toml"
        feeds.write_text(f'[[feed]]\nurl = "{site.url("/feed.xml")}"\n', encoding="utf-8")
        settings = _settings(tmp, feeds)
        first = nightly.run(settings)
        first_md = (tmp / "out" / "digest.md").read_text("utf-8")
        feed.body = _rss(site, FIRST + SECOND)  # the second night, the feed has more
        second = nightly.run(settings)
    return tmp, first, second, first_md


def _rows(tmp: Path, sql: str, *args) -> list[tuple]:
    with sqlite3.connect(tmp / "kb.db") as conn:
        return conn.execute(sql, args).fetchall()


def test_digest_second_night_lists_exactly_what_it_added(two_nights) -> None:
    tmp, first, second, first_md = two_nights
    assert first.new == len(FIRST) and second.new == len(SECOND)
    assert SECOND and "Nothing new" not in first_md
    data = store.digest_data(store.connect(f"sqlite:///{tmp / 'kb.db'}"), run=second.run_id)
    # launches: the models the second night's articles launch that no first-night article did
    night = lambda run: {m for (m,) in _rows(  # noqa: E731
        tmp, "SELECT DISTINCT m.name FROM facts f JOIN entities m ON m.id = f.model_id "
             "WHERE f.type = 'launch' AND f.run_id = ?", run)}
    assert {c.model for c in data.of("launch")} == night(second.run_id) - night(first.run_id)
    assert "Amazon Nova Pro" in {c.model for c in data.of("launch")}
    # every line comes from an article of the second night
    urls = {u for (u,) in _rows(tmp, "SELECT url FROM articles WHERE first_run_id = ?", second.run_id)}
    assert len(urls) == len(SECOND)
    for change in data.changes:
        if change.kind != "conflict":
            assert {u for u, _ in change.sources} <= urls, change
        else:  # a conflict pairs a new article with any other
            assert {u for u, _ in change.sources} & urls, change
    # the Mistral cuts, with their percentage
    cuts = {(c.model, c.fields["direction"]): c.fields["percent"] for c in data.of("price")}
    assert cuts[("Codestral", "input")] == -80.0 and cuts[("Mistral Large 2", "output")] == -33.3
    # what the first night already knew is not news again
    assert not any(c.model == "Mistral NeMo" for c in data.of("launch"))


def test_digest_files_written_by_the_run_say_the_same(two_nights) -> None:
    tmp, _, second, _ = two_nights
    out = tmp / "out"
    md = (out / "digest.md").read_text("utf-8")
    assert md.startswith(f"# Knowledge base digest, run {second.run_id}")
    assert "## New models" in md and "## Price changes" in md
    assert "Codestral input: $1.00 → $0.20 per million tokens (-80.0 %)" in md
    parsed = feedparser.parse((out / "digest.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.title == f"Knowledge base digest, run {second.run_id}"
    titles = [e.title for e in parsed.entries]
    assert any(t.startswith("Codestral input: $1.00") for t in titles)
    ids = [e.id for e in parsed.entries]
    assert len(ids) == len(set(ids))
    for entry in parsed.entries:
        links = [link.href for link in entry.get("links", []) if link.get("rel") == "related"]
        assert links and all(h.startswith("https://") for h in links), entry.title
    assert second.digest_changes == len(parsed.entries)


def test_digest_nothing_new_on_an_unchanged_night(two_nights, capsys) -> None:
    tmp, *_ = two_nights
    third = tmp / "third.md"
    # a run that stored nothing: the digest says so (the CLI reads the database the run wrote)
    with sqlite3.connect(tmp / "kb.db") as conn:
        conn.execute("INSERT INTO runs (started_at, finished_at, status, feeds, articles_new, "
                     "facts) VALUES ('2099-01-01T00:00:00Z', '2099-01-01T00:01:00Z', 'ok', 1, 0, 0)")
        (run,) = conn.execute("SELECT MAX(id) FROM runs").fetchone()
    db = f"sqlite:///{tmp / 'kb.db'}"
    assert main(["digest", "--db", db, "--output", str(third)]) == 0
    assert "Nothing new." in third.read_text("utf-8")
    assert main(["digest", "--db", db, "--run", str(run), "--format", "atom"]) == 0
    parsed = feedparser.parse(capsys.readouterr().out)
    assert [e.title for e in parsed.entries] == ["Nothing new."]
    assert main(["digest", "--db", db, "--run", "999"]) == 1
    assert "no run 999" in capsys.readouterr().err
    assert main(["digest", "--db", db, "--since", "July 4th"]) == 1
    assert "not a day" in capsys.readouterr().err
    # --since: every run since the first night, the two nights together
    assert main(["digest", "--db", db, "--since", "2000-01-01"]) == 0
    assert "Amazon Nova Pro" in capsys.readouterr().out


def test_digest_markdown_and_html_escape_what_articles_wrote() -> None:
    hostile = Change("launch", "launch|model/x", "Evil <script>alert(1)</script> *9*",
                     {"developer": "[x](javascript:alert(1))", "date": None},
                     (("https://a.example/(x)", "<b>title</b>"), ("javascript:alert(1)", "js")))
    data = DigestData(runs=(1,), since=None, started="2024-01-01T00:00:00Z",
                      finished="2024-01-01T00:01:00Z", changes=(hostile,))
    md = render_markdown(data)
    assert "\\<script\\>" in md and not re.search(r"(?<!\\)<script>", md)
    assert not re.search(r"(?<!\\)\]\(javascript", md)  # no link to anything but the web
    page = render_html(data)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert 'href="javascript' not in page  # a link that is no web address is not linked


def test_digest_html_page_reads_in_a_browser(two_nights, browser) -> None:
    tmp, _, second, _ = two_nights
    browser.get((tmp / "out" / "digest.html").as_uri())
    assert browser.title == f"Knowledge base digest, run {second.run_id}"
    sections = browser.execute_script(
        "return [...document.querySelectorAll('section')].map(s => "
        "[s.dataset.kind, s.querySelectorAll('li').length, s.querySelector('h2').innerText])")
    kinds = {k: (n, h) for k, n, h in sections}
    assert {"launch", "price"} <= set(kinds)
    assert all(h.endswith(f"({n})") for n, h in kinds.values())
    items = browser.execute_script("return document.querySelectorAll('li').length")
    assert items == second.digest_changes
    links = browser.execute_script(
        "return [...document.querySelectorAll('li a')].map(a => a.href)")
    assert links and all(h.startswith("https://") for h in links)
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
