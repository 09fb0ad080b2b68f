"""Where articles come from: feed lists, RSS/Atom feeds, XML sitemaps, feed discovery.

The parsers are pure over bytes or strings (``parse_feed``, ``parse_sitemap``,
``parse_source``, ``find_feed_links``, ``parse_feed_list``); only ``load_feed_list`` reads a
file and only ``discover`` fetches.

Feed list (TOML)::

    [[feed]]
    url = "feeds/en-news.rss.xml"     # a path (relative to this file's folder) or a URL
    lang = "en"                       # optional: the language of its articles
    enabled = true                    # optional (default true)
    schedule = "daily"                # optional: hourly | daily | weekly | "<N>h" | "<N>d"
    name = "Example news"             # optional

Entry links are resolved against the feed's own URL or path, so a feed file may say
``../articles/ID.html``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
import tomllib
import xml.sax
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlparse

import feedparser
from lxml import etree
from lxml import html as lxml_html

from . import fetch
from .records import Page
from .settings import Settings

__all__ = [
    "Entry",
    "FeedError",
    "FeedListError",
    "FeedSpec",
    "ParsedSource",
    "discover",
    "find_feed_links",
    "load_feed_list",
    "parse_feed",
    "parse_feed_list",
    "parse_schedule",
    "parse_sitemap",
    "parse_source",
    "resolve_link",
]


class FeedListError(ValueError):
    """The feed list cannot be used; the message names the file and the problem."""


class FeedError(ValueError):
    """A feed or sitemap cannot be read as one (malformed, not a feed)."""


@dataclass(frozen=True, slots=True)
class FeedSpec:
    """One ``[[feed]]`` of the feed list."""

    url: str  # a URL, or a path already resolved against the feed list's folder
    lang: str | None = None
    enabled: bool = True
    schedule: dt.timedelta | None = None  # read at most this often (None: every run)
    name: str | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    """One article link found in a feed or sitemap."""

    url: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD, when the feed gives one
    lang: str | None = None
    feed: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedSource:
    """What a feed or sitemap lists: article entries, and (for indexes) more sitemaps."""

    kind: str  # rss, atom, rdf, urlset, sitemapindex, empty
    entries: tuple[Entry, ...] = ()
    sitemaps: tuple[str, ...] = ()
    duplicates: int = 0  # entries dropped because an earlier one had the same link
    problem: str | None = None  # a malformed document read as far as it goes


_SCHEDULES = {"hourly": dt.timedelta(hours=1), "daily": dt.timedelta(days=1),
              "nightly": dt.timedelta(days=1), "weekly": dt.timedelta(weeks=1),
              "always": None}
_SCHEDULE_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([hdw])\s*$", re.I)


def parse_schedule(value: str | None) -> dt.timedelta | None:
    """A schedule hint -> the least time between two reads (None: every run).

    >>> parse_schedule("weekly")
    datetime.timedelta(days=7)
    >>> parse_schedule("6h")
    datetime.timedelta(seconds=21600)
    """
    if value is None:
        return None
    key = value.strip().lower()
    if key in _SCHEDULES:
        return _SCHEDULES[key]
    match = _SCHEDULE_RE.match(key)
    if not match:
        raise ValueError(f"unknown schedule {value!r} (hourly, daily, weekly, 6h, 2d, 1w)")
    amount, unit = float(match.group(1)), match.group(2).lower()
    return {"h": dt.timedelta(hours=amount), "d": dt.timedelta(days=amount),
            "w": dt.timedelta(weeks=amount)}[unit]


def _is_remote(ref: str) -> bool:
    return urlparse(ref).scheme in ("http", "https", "file")


def resolve_link(link: str, base: str) -> str:
    """Resolve an entry link against the feed's URL or path.

    >>> resolve_link("../articles/a.html", "corpus/feeds/en.xml")
    'corpus/articles/a.html'
    >>> resolve_link("/a.html", "https://news.example/feeds/rss.xml")
    'https://news.example/a.html'

    Raises ``ValueError`` for a link or base that is no URL at all (``http://[::1``).
    """
    link = link.strip()
    if _is_remote(link) or not base:
        return link
    if _is_remote(base):
        return urljoin(base, link)
    if os.path.isabs(link):
        return os.path.normpath(link)
    return os.path.normpath(os.path.join(os.path.dirname(base), link))


def _resolved(link: str, base: str) -> str | None:
    """``resolve_link``, or None for a link that is no URL: the parsers drop its entry."""
    try:
        return resolve_link(link, base)
    except ValueError:  # urllib: "Invalid IPv6 URL" for an unbalanced bracket in the host
        return None


def parse_feed_list(text: str, base_dir: str | Path = ".", origin: str = "feed list",
                    ) -> list[FeedSpec]:
    """Parse a feed list; relative paths are resolved against ``base_dir``.

    >>> [f.url for f in parse_feed_list('[[feed]]\\nurl = "feeds/a.xml"', "corpus")]
    ['corpus/feeds/a.xml']
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FeedListError(f"{origin}: not valid TOML ({exc})") from exc
    feeds = data.get("feed", [])
    if not isinstance(feeds, list):
        raise FeedListError(f"{origin}: 'feed' must be an array of tables ([[feed]])")
    specs: list[FeedSpec] = []
    for number, item in enumerate(feeds, 1):
        where = f"{origin}: feed #{number}"
        if not isinstance(item, dict):
            raise FeedListError(f"{where}: not a table")
        unknown = set(item) - {"url", "lang", "enabled", "schedule", "name"}
        if unknown:
            raise FeedListError(f"{where}: unknown keys: {', '.join(sorted(unknown))}")
        url = item.get("url")
        if not isinstance(url, str) or not url.strip():
            raise FeedListError(f"{where}: 'url' is missing or not a string")
        lang, enabled, name = item.get("lang"), item.get("enabled", True), item.get("name")
        if lang is not None and not (isinstance(lang, str) and re.fullmatch(r"[a-z]{2}", lang)):
            raise FeedListError(f"{where}: 'lang' must be a two-letter code like \"en\"")
        if not isinstance(enabled, bool):
            raise FeedListError(f"{where}: 'enabled' must be true or false")
        try:
            schedule = parse_schedule(item.get("schedule"))
        except (ValueError, AttributeError) as exc:
            raise FeedListError(f"{where}: {exc}") from exc
        url = url.strip()
        if not _is_remote(url) and not os.path.isabs(url):
            url = os.path.normpath(os.path.join(str(base_dir), url))
        specs.append(FeedSpec(url=url, lang=lang, enabled=enabled, schedule=schedule,
                              name=name if isinstance(name, str) else None))
    return specs


def load_feed_list(path: str | Path) -> list[FeedSpec]:
    """Read a feed list file; raise ``FeedListError`` with a reason if it cannot be used."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise FeedListError(f"{path}: no such file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise FeedListError(f"{path}: cannot be read ({exc})") from exc
    base = path.parent
    return parse_feed_list(text, base if str(base) else ".", origin=str(path))


def _struct_date(value: Any) -> str | None:
    if not isinstance(value, time.struct_time):
        return None
    try:
        day = dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    except ValueError:
        return None
    latest = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=14)).date()
    return day.isoformat() if dt.date(1990, 1, 1) <= day <= latest else None


def _iso_day(value: str | None) -> str | None:
    """The date at the start of a W3C datetime (sitemaps), if sane."""
    match = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value or "")
    if not match:
        return None
    try:
        day = dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None
    return _struct_date(day.timetuple())


def _entry_link(entry: Any) -> str | None:
    link = entry.get("link")
    if isinstance(link, str) and link.strip():
        return link
    for item in entry.get("links") or []:
        if item.get("rel", "alternate") == "alternate" and item.get("href"):
            return str(item["href"])
    guid = entry.get("id")
    if isinstance(guid, str) and guid.startswith(("http://", "https://")):
        return guid
    return None


_CHARREF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")


def _charref(match: re.Match[bytes]) -> bytes:
    hexa, dec = match.groups()
    digits = hexa or dec
    if len(digits) > 8:
        return b"&#xFFFD;"
    code = int(digits, 16 if hexa else 10)
    return b"&#xFFFD;" if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF else match.group(0)


def parse_feed(content: bytes | str, base: str = "", lang: str | None = None) -> ParsedSource:
    """RSS 0.9x/1.0/2.0 or Atom -> entries, links resolved against ``base``, duplicates dropped.

    Raises ``FeedError`` for a document that is not a feed; a well-formed feed with no
    entries gives ``kind="empty"``.
    """
    if isinstance(content, str):
        content = content.encode("utf-8")
    if not content.strip():
        raise FeedError("empty document")
    # feedparser's lenient parser turns '&#xD800;' or '&#x110000;' into chr(...).encode():
    # a surrogate or a code point past U+10FFFF raises there, so they become U+FFFD first
    content = _CHARREF.sub(_charref, content)
    try:
        parsed = feedparser.parse(content)
    except (UnicodeError, ValueError, OverflowError) as exc:  # the same, in an encoding not ASCII-based
        raise FeedError(f"malformed feed ({exc})") from exc
    version = str(parsed.get("version") or "")
    entries = parsed.get("entries") or []
    if not version and not entries:
        problem = parsed.get("bozo_exception")
        raise FeedError(f"not an RSS or Atom feed ({problem})" if problem else
                        "not an RSS or Atom feed")
    feed_lang = lang
    if feed_lang is None:
        declared = str(parsed.get("feed", {}).get("language") or "")[:2].lower()
        feed_lang = declared if re.fullmatch(r"[a-z]{2}", declared) else None
    seen: set[str] = set()
    out: list[Entry] = []
    dups = 0
    for entry in entries:
        link = _entry_link(entry)
        if not link:
            continue
        url = _resolved(link, base)
        if url is None:
            continue
        if url in seen:
            dups += 1
            continue
        seen.add(url)
        published = (_struct_date(entry.get("published_parsed"))
                     or _struct_date(entry.get("updated_parsed")))
        title = entry.get("title")
        out.append(Entry(url=url, title=title.strip() if isinstance(title, str) else None,
                         published=published, lang=feed_lang, feed=base or None))
    problem = parsed.get("bozo_exception")
    if not isinstance(problem, xml.sax.SAXException):
        problem = None  # feedparser also flags harmless things (an encoding override)
    if problem is not None and not out:
        raise FeedError(f"malformed feed ({problem})")
    kind = "atom" if version.startswith("atom") else "rdf" if version.startswith("rss09") or \
        version == "rss10" else "rss"
    return ParsedSource(kind="empty" if not out else kind, entries=tuple(out),
                        duplicates=dups,
                        problem=f"malformed feed, read up to the error ({problem})"
                        if problem is not None else None)


_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, recover=True,
                            huge_tree=False, remove_comments=True)


def _local(tag: object) -> str:
    # not etree.QName(tag).localname: it raises on the names the recovering parser keeps ('urlset:')
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _text(element: Any) -> str | None:
    try:
        return element.text
    except UnicodeDecodeError:  # '&#xD800;' in a UTF-16 document, where the bytes were not rewritten
        return None


def parse_sitemap(content: bytes | str, base: str = "", lang: str | None = None,
                  ) -> ParsedSource:
    """An XML sitemap (``urlset``, with or without Google News tags) or sitemap index.

    >>> xml = b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url>' \\
    ...       b'<loc>https://a.example/x</loc><lastmod>2024-07-18</lastmod></url></urlset>'
    >>> parse_sitemap(xml).entries[0].published
    '2024-07-18'
    """
    if isinstance(content, str):
        content = content.encode("utf-8")
    content = _CHARREF.sub(_charref, content)  # lxml keeps '&#xD800;' as bytes .text cannot decode
    try:
        root = etree.fromstring(content, _SAFE_XML)
    except etree.XMLSyntaxError as exc:
        raise FeedError(f"not XML ({exc})") from exc
    if root is None:
        raise FeedError("not XML")
    name = _local(root.tag)
    if name not in ("urlset", "sitemapindex"):
        raise FeedError(f"not a sitemap (root element <{name}>)")
    seen: set[str] = set()
    entries: list[Entry] = []
    sitemaps: list[str] = []
    dups = 0
    for item in root:
        if _local(item.tag) not in ("url", "sitemap"):
            continue
        fields: dict[str, str] = {}
        for child in item.iter():
            key = _local(child.tag)
            text = _text(child)
            if key and text and text.strip() and key not in fields:
                fields[key] = text.strip()
        loc = fields.get("loc")
        if not loc:
            continue
        url = _resolved(loc, base)
        if url is None:
            continue
        if url in seen:
            dups += 1
            continue
        seen.add(url)
        if name == "sitemapindex":
            sitemaps.append(url)
            continue
        published = _iso_day(fields.get("publication_date")) or _iso_day(fields.get("lastmod"))
        news_lang = fields.get("language", "")[:2].lower() or None
        entries.append(Entry(url=url, title=fields.get("title"), published=published,
                             lang=lang or news_lang, feed=base or None))
    kind = name if (entries or sitemaps) else "empty"
    return ParsedSource(kind=kind, entries=tuple(entries), sitemaps=tuple(sitemaps),
                        duplicates=dups)


def parse_source(content: bytes | str, base: str = "", lang: str | None = None) -> ParsedSource:
    """A feed or a sitemap, whichever ``content`` is."""
    head = content[:2000] if isinstance(content, bytes) else content[:2000].encode("utf-8")
    if re.search(rb"<(\w+:)?(urlset|sitemapindex)\b", head):
        return parse_sitemap(content, base, lang)
    return parse_feed(content, base, lang)


_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml",
               "application/feed+json", "application/xml", "text/xml")


def find_feed_links(html: str | bytes, base: str = "") -> list[str]:
    """Feed URLs a home page announces with ``<link rel="alternate" type="...rss+xml">``.

    >>> find_feed_links('<link rel="alternate" type="application/rss+xml" href="/feed">',
    ...                 "https://news.example/")
    ['https://news.example/feed']
    """
    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    if not html.strip():
        return []
    try:
        doc = lxml_html.fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    found: list[str] = []
    for link in doc.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        ctype = (link.get("type") or "").lower().split(";")[0].strip()
        href = (link.get("href") or "").strip()
        if "alternate" in rel and ctype in _FEED_TYPES and href:
            url = _resolved(href, base)
            if url is not None and url not in found:
                found.append(url)
    return found


def discover(url: str, settings: Settings | None = None) -> list[str]:
    """Fetch a home page and return the feeds it announces (empty when it announces none)."""
    page: Page = fetch.get(url, settings)
    return find_feed_links(page.content, page.url if _is_remote(page.url) else url)
