"""Feeds, sitemaps, feed lists and feed discovery."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from extractor.sources import (
    FeedError,
    FeedListError,
    discover,
    find_feed_links,
    load_feed_list,
    parse_feed,
    parse_feed_list,
    parse_sitemap,
    parse_source,
)
from tests.crawl_support import CORPUS, Route, Site, serve

RSS20 = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<language>en-us</language>
<item><title>One</title><link>../articles/one.html</link><pubDate>Thu, 18 Jul 2024 10:00:00 GMT</pubDate></item>
<item><title>Two</title><link>https://news.example/two</link></item>
<item><title>One again</title><link>../articles/one.html</link></item>
<item><title>No link</title></item>
</channel></rss>"""

RSS091 = b"""<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
"http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel><title>t</title>
<link>https://news.example/</link><description>d</description><language>fr</language>
<item><title>Un</title><link>https://news.example/un</link></item></channel></rss>"""

RSS10 = b"""<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://news.example/"><title>t</title><link>https://news.example/</link></channel>
<item rdf:about="https://news.example/a"><title>A</title><link>https://news.example/a</link>
<dc:date>2024-07-18T10:00:00Z</dc:date></item></rdf:RDF>"""

ATOM = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr"><title>t</title>
<id>x</id><updated>2024-07-18T10:00:00Z</updated>
<entry><title>A</title><id>a</id><link rel="alternate" href="articles/a.html"/>
<published>2024-07-18T23:30:00-05:00</published><updated>2024-07-18T10:00:00Z</updated></entry>
<entry><title>B</title><id>https://news.example/b</id><updated>2099-01-01T00:00:00Z</updated></entry>
</feed>"""


def test_sources_rss20_links_resolved_against_the_feed_path() -> None:
    parsed = parse_feed(RSS20, "corpus/feeds/en.xml")
    assert parsed.kind == "rss"
    assert [e.url for e in parsed.entries] == ["corpus/articles/one.html", "https://news.example/two"]
    assert parsed.duplicates == 1
    assert parsed.entries[0].published == "2024-07-18" and parsed.entries[0].lang == "en"


def test_sources_rss20_links_resolved_against_the_feed_url() -> None:
    parsed = parse_feed(RSS20, "https://news.example/feeds/rss.xml")
    assert parsed.entries[0].url == "https://news.example/articles/one.html"


def test_sources_rss091_and_rss10() -> None:
    old = parse_feed(RSS091, "https://news.example/rss")
    assert [e.url for e in old.entries] == ["https://news.example/un"] and old.entries[0].lang == "fr"
    rdf = parse_feed(RSS10)
    assert rdf.kind == "rdf" and rdf.entries[0].published == "2024-07-18"


def test_sources_atom_dates_are_utc_and_never_future() -> None:
    parsed = parse_feed(ATOM, "https://news.example/feed.atom", lang=None)
    assert parsed.kind == "atom"
    a, b = parsed.entries
    assert a.url == "https://news.example/articles/a.html" and a.lang == "fr"
    assert a.published == "2024-07-19"  # 23:30 at UTC-5 is the next day in UTC
    assert b.url == "https://news.example/b" and b.published is None  # 2099: not sane


def test_sources_feed_language_from_the_feed_list_wins() -> None:
    assert parse_feed(ATOM, "", lang="en").entries[0].lang == "en"


@pytest.mark.parametrize("content", [b"", b"   ", b"<html><body>not a feed</body></html>",
                                     b"\x89PNG\r\n\x1a\n\x00\x00",
                                     b"<rss><channel><item><title>x</ti"])
def test_sources_malformed_feeds_raise_feed_error(content: bytes) -> None:
    with pytest.raises(FeedError):
        parse_feed(content)


def test_sources_truncated_feed_keeps_the_complete_entries() -> None:
    cut = RSS20[: RSS20.index(b"<item><title>Two")] + b"<item><title>Tw"
    parsed = parse_feed(cut, "https://news.example/feeds/rss.xml")
    assert [e.url for e in parsed.entries] == ["https://news.example/articles/one.html"]
    assert parsed.problem and "malformed" in parsed.problem


def test_sources_empty_feed_is_empty_not_an_error() -> None:
    parsed = parse_feed(b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
                        b"</channel></rss>")
    assert parsed.kind == "empty" and parsed.entries == ()


SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://news.example/a</loc>
    <news:news><news:publication><news:name>N</news:name><news:language>fr</news:language>
    </news:publication><news:publication_date>2024-07-18T10:00:00+02:00</news:publication_date>
    <news:title>Titre</news:title></news:news></url>
  <url><loc>https://news.example/b</loc><lastmod>2024-06-01</lastmod></url>
  <url><loc>https://news.example/b</loc></url>
</urlset>"""

INDEX = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://news.example/sitemap-1.xml</loc></sitemap>
<sitemap><loc>/sitemap-2.xml</loc></sitemap></sitemapindex>"""


def test_sources_news_sitemap() -> None:
    parsed = parse_sitemap(SITEMAP)
    assert parsed.kind == "urlset" and parsed.duplicates == 1
    a, b = parsed.entries
    assert (a.url, a.published, a.lang, a.title) == ("https://news.example/a", "2024-07-18", "fr",
                                                     "Titre")
    assert (b.url, b.published) == ("https://news.example/b", "2024-06-01")


def test_sources_sitemap_index_lists_sitemaps() -> None:
    parsed = parse_source(INDEX, "https://news.example/sitemap.xml")
    assert parsed.kind == "sitemapindex" and parsed.entries == ()
    assert parsed.sitemaps == ("https://news.example/sitemap-1.xml",
                               "https://news.example/sitemap-2.xml")


def test_sources_parse_source_tells_feeds_from_sitemaps() -> None:
    assert parse_source(SITEMAP).kind == "urlset"
    assert parse_source(RSS20).kind == "rss"


def test_sources_sitemap_entities_are_not_expanded() -> None:
    evil = b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
    <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://a.example/&e;</loc>
    </url></urlset>"""
    urls = [e.url for e in parse_sitemap(evil).entries]
    assert not any("root:" in u for u in urls)


def test_sources_find_feed_links() -> None:
    html = """<html><head>
    <link rel="alternate" type="application/rss+xml" title="RSS" href="/feed/">
    <link rel="alternate" type="application/atom+xml" href="https://news.example/atom.xml">
    <link rel="alternate" hreflang="fr" href="/fr/">
    <link rel="stylesheet" href="/s.css"></head><body></body></html>"""
    assert find_feed_links(html, "https://news.example/") == [
        "https://news.example/feed/", "https://news.example/atom.xml"]
    assert find_feed_links("", "https://news.example/") == []


def test_sources_discover_on_loopback() -> None:
    site = Site()
    site.add("/", Route(b'<html><head><link rel="alternate" type="application/rss+xml" '
                        b'href="/feeds/en-news.rss.xml"></head><body>home</body></html>'))
    with serve(site):
        assert discover(site.url("/")) == [site.url("/feeds/en-news.rss.xml")]


def test_sources_feed_list_resolves_paths_against_its_folder(tmp_path: Path) -> None:
    folder = tmp_path / "conf"
    folder.mkdir()
    (folder / "feeds.toml").write_text(
        '[[feed]]\nurl = "feeds/a.xml"\nlang = "fr"\nschedule = "weekly"\n'
        '[[feed]]\nurl = "https://news.example/rss"\nenabled = false\n', encoding="utf-8")
    a, b = load_feed_list(folder / "feeds.toml")
    assert a.url == str(folder / "feeds" / "a.xml") and a.lang == "fr"
    assert a.schedule == dt.timedelta(weeks=1) and a.enabled
    assert b.url == "https://news.example/rss" and not b.enabled and b.schedule is None


@pytest.mark.parametrize(("text", "message"), [
    ("[[feed]]\nlang = 'en'", "'url' is missing"),
    ("[[feed]]\nurl = 'a.xml'\nlang = 'english'", "two-letter"),
    ("[[feed]]\nurl = 'a.xml'\nenabled = 'yes'", "true or false"),
    ("[[feed]]\nurl = 'a.xml'\nschedule = 'sometimes'", "unknown schedule"),
    ("[[feed]]\nurl = 'a.xml'\ncolour = 'red'", "unknown keys: colour"),
    ("feed = 3", "array of tables"),
    ("[[feed]\nurl=", "not valid TOML"),
])
def test_sources_feed_list_errors_are_clear(text: str, message: str) -> None:
    with pytest.raises(FeedListError, match=message):
        parse_feed_list(text)


def test_sources_missing_feed_list(tmp_path: Path) -> None:
    with pytest.raises(FeedListError, match="no such file"):
        load_feed_list(tmp_path / "nope.toml")


def test_sources_default_feed_list_reads_the_bundled_feeds() -> None:
    specs = load_feed_list(CORPUS / "feeds.toml")
    assert len(specs) >= 3
    total = 0
    for spec in specs:
        parsed = parse_source(Path(spec.url).read_bytes(), spec.url, spec.lang)
        assert parsed.entries, spec.url
        for entry in parsed.entries:
            assert Path(entry.url).is_file(), entry.url
        total += len(parsed.entries)
    assert total >= 12
