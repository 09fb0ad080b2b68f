"""Fuzzing the feed and sitemap parsers (``extractor/sources.py``) with hostile documents.

Feeds and sitemaps are written by strangers. Whatever they hold (malformed XML, entity
tricks, billion laughs, impossible dates, relative or hostile links, odd encodings), the
parsers either return well-typed records or raise ``FeedError`` with a reason; they never
expand entities, never read a local file, and give the same answer twice.
"""

from __future__ import annotations

import datetime as dt
import re
from datetime import timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from extractor.sources import (
    Entry,
    FeedError,
    ParsedSource,
    find_feed_links,
    parse_feed,
    parse_sitemap,
    parse_source,
    resolve_link,
)

# feedparser warns about its own updated_parsed fallback on every feed without a date
pytestmark = pytest.mark.filterwarnings("ignore:To avoid breaking existing software:DeprecationWarning")

FAST = settings(max_examples=120, deadline=timedelta(seconds=3))

KINDS = {"rss", "atom", "rdf", "urlset", "sitemapindex", "empty"}
BASES = ["", "https://news.example/feeds/rss.xml", "corpus/feeds/en.xml", "file:///srv/feeds/a.xml",
         "https://[::1]:8080/feed", "feeds/ä ö/€.xml"]

# links of every shape a hostile or sloppy feed carries
LINKS = st.one_of(
    st.sampled_from([
        "https://news.example/2024/07/18/gpt-4o-mini.html", "/a.html", "../articles/a.html", "a.html",
        "//evil.example/x", "file:///etc/passwd", "file://localhost/etc/hostname", "javascript:alert(1)",
        "data:text/html,<script>x</script>", "mailto:x@example.com", "http://[::1]/", "http://[::1",
        "http://[", "https://a.example:99999/", "https://a.example:-1/", "http://169.254.169.254/latest/",
        "https://user:pass@a.example/", "  https://a.example/spaced  ", "https://a.example/%zz",
        "https://a.example/\u202e/evil", "https://xn--80ak6aa92e.example/", "http://0x7f.1/",
        "\\\\server\\share\\a.html", "C:\\Windows\\a.html", "?q=1", "#frag", ".", "..", "~", "",
    ]),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40),
    st.builds(lambda scheme, host, path: f"{scheme}{host}{path}",
              st.sampled_from(["http://", "https://", "file://", "ftp://", "HTTP://", ""]),
              st.sampled_from(["a.example", "[::1]", "127.0.0.1", "localhost", "[", "a.example:0", ""]),
              st.text(st.sampled_from("/.%?#&=a~:[]@ \t"), max_size=12)),
)
DATES = st.one_of(
    st.sampled_from([
        "Thu, 18 Jul 2024 10:00:00 GMT", "Thu, 31 Feb 2024 10:00:00 GMT", "2024-07-18", "2024-02-30",
        "0000-00-00", "9999-12-31T23:59:59Z", "1969-12-31T23:59:60+25:00", "2024-13-45", "yesterday",
        "18/07/2024", "20240718", "Mon, 99 Foo 99999 99:99:99 +9999", "-2024-07-18", "2024-07-18T25:61",
        "1e999", "", " ", "\x00",
    ]),
    st.dates().map(str),
    st.datetimes(timezones=st.none() | st.timezones()).map(lambda d: d.isoformat()),
)
# text content: entities defined and undefined, character references to forbidden points
TEXTS = st.one_of(
    st.sampled_from([
        "GPT-4o mini", "&amp;", "&lt;b&gt;", "&foo;", "&#0;", "&#xD800;", "&#x10FFFF;", "&#99999999;",
        "&lol9;", "&xxe;", "<![CDATA[</title><evil>]]>", "]]>", "<!-- c -->", "\x00", "\x0b", "\ufeff",
        "\u202e", "A" * 3000,
    ]),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30),
)
ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def _field(value: str, raw: bool) -> str:
    return value if raw else value.translate(ESCAPE)


PROLOGS = st.sampled_from([
    "", '<?xml version="1.0" encoding="utf-8"?>', '<?xml version="1.0" encoding="iso-8859-1"?>',
    '<?xml version="1.0" encoding="utf-16"?>', '<?xml version="1.0" encoding="x-no-such-charset"?>',
    '<?xml version="1.1"?>', "\ufeff",
    # billion laughs: ten levels of ten
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + "]>",
    # quadratic blowup: one big entity used many times
    '<!DOCTYPE q [<!ENTITY big "' + "B" * 20000 + '">]>',
    # external entities: a local file and a network URL
    '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE x [<!ENTITY xxe SYSTEM "http://127.0.0.1:1/x">]>',
    '<!DOCTYPE x [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>',
])


@st.composite
def rss_documents(draw: st.DrawFn) -> bytes:
    items = []
    for _ in range(draw(st.integers(0, 6))):
        raw = draw(st.booleans())
        parts = []
        if draw(st.booleans()):
            parts.append(f"<title>{_field(draw(TEXTS), raw)}</title>")
        if draw(st.integers(0, 9)):
            parts.append(f"<link>{_field(draw(LINKS), raw)}</link>")
        if draw(st.booleans()):
            parts.append(f"<guid>{_field(draw(LINKS), raw)}</guid>")
        if draw(st.booleans()):
            parts.append(f"<pubDate>{_field(draw(DATES), raw)}</pubDate>")
        if draw(st.booleans()):
            parts.append(f"<description>{_field(draw(TEXTS), raw)}</description>")
        items.append("<item>" + "".join(draw(st.permutations(parts))) + "</item>")
    lang = draw(st.sampled_from(["", "<language>en-us</language>", "<language>x</language>",
                                 "<language>&lol9;</language>", "<language>ФР</language>"]))
    doc = (draw(PROLOGS) + '<rss version="2.0"><channel><title>t &xxe;</title>' + lang
           + "".join(items) + "</channel></rss>")
    return _finish(draw, doc)


@st.composite
def atom_documents(draw: st.DrawFn) -> bytes:
    entries = []
    for _ in range(draw(st.integers(0, 5))):
        raw = draw(st.booleans())
        link = draw(LINKS).replace('"', "&quot;")
        rel = draw(st.sampled_from(["", ' rel="alternate"', ' rel="self"', ' rel="enclosure"']))
        entries.append(
            f"<entry><title>{_field(draw(TEXTS), raw)}</title><link{rel} href=\"{_field(link, raw)}\"/>"
            f"<id>{_field(draw(LINKS), raw)}</id><updated>{_field(draw(DATES), raw)}</updated></entry>")
    doc = (draw(PROLOGS) + '<feed xmlns="http://www.w3.org/2005/Atom"><title>&lol9;</title>'
           + "".join(entries) + "</feed>")
    return _finish(draw, doc)


@st.composite
def sitemap_documents(draw: st.DrawFn) -> bytes:
    index = draw(st.booleans())
    outer, inner = ("sitemapindex", "sitemap") if index else ("urlset", "url")
    prefix = draw(st.sampled_from(["", "ns:"]))
    items = []
    for _ in range(draw(st.integers(0, 6))):
        raw = draw(st.booleans())
        fields = [f"<{prefix}loc>{_field(draw(LINKS), raw)}</{prefix}loc>"] if draw(st.integers(0, 9)) else []
        if draw(st.booleans()):
            fields.append(f"<lastmod>{_field(draw(DATES), raw)}</lastmod>")
        if draw(st.booleans()):
            fields.append(
                "<news:news><news:publication><news:language>"
                + _field(draw(st.sampled_from(["en", "fr-FR", "", "ＥＮ", "&lol9;"])), raw)
                + "</news:language></news:publication><news:publication_date>"
                + _field(draw(DATES), raw) + "</news:publication_date><news:title>"
                + _field(draw(TEXTS), raw) + "</news:title></news:news>")
        items.append(f"<{prefix}{inner}>" + "".join(fields) + f"</{prefix}{inner}>")
    ns = ' xmlns:ns="http://www.sitemaps.org/schemas/sitemap/0.9"' if prefix else \
        ' xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    doc = (draw(PROLOGS) + f'<{prefix}{outer}{ns} xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
           + "&xxe;" * draw(st.integers(0, 1)) + "".join(items) + f"</{prefix}{outer}>")
    return _finish(draw, doc)


def _finish(draw: st.DrawFn, doc: str) -> bytes:
    """Encode the document one way or another, and maybe break it."""
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-16", "latin-1", "cp1252"]))
    data = doc.encode(encoding, errors="replace") if encoding != "utf-8" else doc.encode("utf-8", "surrogatepass")
    damage = draw(st.sampled_from(["none", "none", "truncate", "nul", "garbage"]))
    if damage == "truncate" and data:
        data = data[:draw(st.integers(0, len(data) - 1))]
    elif damage == "nul":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + b"\x00" + data[at:]
    elif damage == "garbage":
        data = data + draw(st.binary(max_size=40))
    return data


DOCUMENTS = st.one_of(rss_documents(), atom_documents(), sitemap_documents(), st.binary(max_size=200),
                      st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")))


def _latest() -> dt.date:
    return (dt.datetime.now(dt.UTC) + dt.timedelta(hours=14)).date()


def _check(parsed: ParsedSource, content: bytes) -> None:
    assert isinstance(parsed, ParsedSource)
    assert parsed.kind in KINDS
    assert parsed.duplicates >= 0
    assert parsed.problem is None or isinstance(parsed.problem, str)
    assert (parsed.kind == "empty") == (not parsed.entries and not parsed.sitemaps)
    urls = [e.url for e in parsed.entries]
    assert len(urls) == len(set(urls)), "duplicate links must be dropped"
    assert len(parsed.sitemaps) == len(set(parsed.sitemaps))
    for e in parsed.entries:
        assert isinstance(e, Entry)
        assert isinstance(e.url, str) and e.url
        assert e.title is None or isinstance(e.title, str)
        assert e.lang is None or isinstance(e.lang, str)
        if e.published is not None:
            day = dt.date.fromisoformat(e.published)
            assert dt.date(1990, 1, 1) <= day <= _latest()
        # no entity is expanded: neither a local file nor a billion laughs reaches a record
        for value in (e.url, e.title or ""):
            assert "root:" not in value
            assert "lollollol" not in value
            assert len(value) <= len(content) + 100
    for url in parsed.sitemaps:
        assert isinstance(url, str) and url


def _parse_or_refuse(parse, content: bytes, base: str) -> ParsedSource | None:
    try:
        return parse(content, base=base)
    except FeedError as exc:
        assert str(exc), "a refusal says why"
        return None


@FAST
@given(content=DOCUMENTS, base=st.sampled_from(BASES))
@example(content=b'<rss version="2.0"><channel><item><link>http://[::1</link></item></channel></rss>',
         base="https://news.example/feeds/rss.xml")
@example(content=b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://[</loc>'
                 b"</url></urlset>", base="")
@example(content=b'<rss version="2.0"><channel><item><title>&#xD800;</title><link>/a</link></item>'
                 b"</channel></rss>", base="")
@example(content=b'<rss version="2.0"><channel><item><title>&#x110000; &#99999999999999;</title>'
                 b"<link>/a</link></item></channel></rss>", base="")
@example(content='<rss version="2.0"><channel><item><title>&#xD800;</title><link>/a</link></item>'
                 "</channel></rss>".encode("utf-16"), base="")
@example(content=b"<urlset:", base="")
@example(content=b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url:><loc>/a</loc></url:>'
                 b"<url><loc:>/b</loc:><loc>/c</loc></url></urlset>", base="https://a.example/")
@example(content=b'<urlset><url><loc>/a&#xD800;</loc><news:title>&#xDFFF;</news:title></url></urlset>', base="")
@example(content="<urlset><url><loc>/a&#xD800;</loc></url><url><loc>/b</loc></url></urlset>".encode("utf-16"),
         base="")
def test_fuzz_sources_parse_source_returns_records_or_refuses(content, base):
    first = _parse_or_refuse(parse_source, content, base)
    if first is not None:
        _check(first, content)
    # the same document gives the same answer
    assert _parse_or_refuse(parse_source, content, base) == first


@FAST
@given(content=st.one_of(rss_documents(), atom_documents()), base=st.sampled_from(BASES))
def test_fuzz_sources_parse_feed_returns_records_or_refuses(content, base):
    parsed = _parse_or_refuse(parse_feed, content, base)
    if parsed is not None:
        _check(parsed, content)
        assert not parsed.sitemaps
        assert parsed.kind in {"rss", "atom", "rdf", "empty"}


@FAST
@given(content=sitemap_documents(), base=st.sampled_from(BASES))
def test_fuzz_sources_parse_sitemap_returns_records_or_refuses(content, base):
    parsed = _parse_or_refuse(parse_sitemap, content, base)
    if parsed is not None:
        _check(parsed, content)
        assert parsed.kind in {"urlset", "sitemapindex", "empty"}
        assert not (parsed.entries and parsed.sitemaps), "an index lists sitemaps, a urlset pages"


@FAST
@given(content=sitemap_documents())
def test_fuzz_sources_str_and_bytes_agree(content):
    """A sitemap given as text parses as its UTF-8 bytes do."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return
    if re.match(r"\s*<\?xml[^>]*encoding=", text) and "utf-8" not in text[:60]:
        return  # the declaration names another encoding than the one the text was given in
    assert _parse_or_refuse(parse_sitemap, text, "") == _parse_or_refuse(parse_sitemap, content, "")


@FAST
@given(link=LINKS, base=st.sampled_from(BASES))
@example(link="http://[::1", base="https://news.example/")
@example(link="a.html", base="http://[::1")
def test_fuzz_sources_resolve_link_resolves_or_says_no_url(link, base):
    try:
        resolved = resolve_link(link, base)
    except ValueError:
        with pytest.raises(ValueError):
            resolve_link(link, base)
        return
    assert isinstance(resolved, str)
    assert resolve_link(link, base) == resolved


HREFS = LINKS.map(lambda s: s.replace('"', "&quot;"))


@FAST
@given(
    links=st.lists(st.tuples(st.sampled_from(["alternate", "ALTERNATE feed", "stylesheet", "", "alternate\x00"]),
                             st.sampled_from(["application/rss+xml", "application/atom+xml; charset=utf-8",
                                              "text/html", "", "APPLICATION/RSS+XML"]),
                             HREFS), max_size=8),
    junk=st.text(max_size=60),
    base=st.sampled_from(BASES),
    as_bytes=st.booleans(),
)
def test_fuzz_sources_find_feed_links_never_raises(links, junk, base, as_bytes):
    html = "<html><head>" + "".join(
        f'<link rel="{rel}" type="{ctype}" href="{href}">' for rel, ctype, href in links) + junk + "</head></html>"
    found = find_feed_links(html.encode("utf-8", "surrogatepass") if as_bytes else html, base)
    assert isinstance(found, list)
    assert all(isinstance(u, str) and u for u in found)
    assert len(found) == len(set(found))
    announced = sum(1 for rel, ctype, href in links if "alternate" in rel.lower().split()
                    and ctype.lower().split(";")[0].strip() in ("application/rss+xml", "application/atom+xml")
                    and href.strip())
    assert len(found) <= announced
