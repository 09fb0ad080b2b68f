"""Page -> Article: main text and metadata (title, published date, language). Pure.

Main text comes from trafilatura (tables kept, rendered as ``| a | b |`` rows,
comments dropped). Metadata is read from the page itself, most reliable source
first, and the article records where its date came from.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import PurePosixPath
from urllib.parse import urlparse

import trafilatura
from bs4 import BeautifulSoup, UnicodeDammit

from .records import Article, Page

__all__ = ["ArticleError", "decode", "detect_language", "parse_page", "sane_date"]


class ArticleError(Exception):
    """The page holds no article text; the message says why."""


_FR_WORDS = frozenset(
    "le la les des du de un une et est en pour sur dans avec par pas qui que plus sont cette "
    "ces son sa ses au aux nous vous ils elle ont été être mais où".split()
)
_EN_WORDS = frozenset(
    "the a an and is are of to in for on with by not which that more this these its it "
    "was were be been but from has have at as".split()
)
_WORD = re.compile(r"[a-zàâçéèêëîïôûùüÿœ']+", re.I)
_JS_ONLY = re.compile(r"enable javascript|activez javascript|requires javascript", re.I)
_PAYWALL = re.compile(r"subscribe to (continue|read)|réservé aux abonnés|article réservé", re.I)


def detect_language(text: str, hint: str | None = None) -> str | None:
    """``en`` or ``fr`` by function-word counts; ``hint`` (a lang attribute) wins when it names one.

    >>> detect_language("Le modèle est disponible sur la plateforme et dans les applications.")
    'fr'
    """
    if hint:
        code = hint.strip().lower()[:2]
        if code.isalpha():
            return code
    words = [w.lower() for w in _WORD.findall(text[:20000])]
    fr = sum(w in _FR_WORDS for w in words)
    en = sum(w in _EN_WORDS for w in words)
    if fr == en == 0:
        return None
    return "fr" if fr > en else "en"


def decode(content: bytes, declared: str | None = None) -> str:
    """Bytes to text: the declared charset, a BOM or meta charset, else a guess; never raises."""
    candidates = [declared] if declared else []
    dammit = UnicodeDammit(content, candidates, is_html=True)
    if dammit.unicode_markup is not None:
        return dammit.unicode_markup
    return content.decode("utf-8", errors="replace")


def sane_date(value: str | None, today: dt.date | None = None) -> str | None:
    """``YYYY-MM-DD`` if ``value`` starts with a real date between 1990 and today, else None.

    >>> sane_date("2024-07-18T10:00:00Z")
    '2024-07-18'
    >>> sane_date("1970-01-01") is None
    True
    """
    if not value:
        return None
    match = re.match(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})", value)
    if not match:
        return None
    try:
        day = dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None
    today = today or dt.datetime.now(dt.UTC).date()
    if day.year < 1990 or day > today + dt.timedelta(days=1):
        return None
    return day.isoformat()


_DATE_METAS = (
    ("property", "article:published_time"),
    ("name", "article:published_time"),
    ("itemprop", "datePublished"),
    ("name", "date"),
    ("name", "pubdate"),
    ("name", "publish-date"),
    ("name", "dc.date"),
    ("name", "DC.date.issued"),
    ("property", "og:published_time"),
)
_URL_DATE = re.compile(r"/(20\d\d|199\d)[/-](\d\d)[/-](\d\d)(?:/|-|$)")


def _json_ld_dates(soup: BeautifulSoup) -> list[str]:
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key in ("datePublished", "dateCreated"):
                if isinstance(node.get(key), str):
                    found.append(node[key])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for script in soup.find_all("script", type="application/ld+json"):
        try:
            walk(json.loads(script.string or ""))
        except (json.JSONDecodeError, TypeError):
            continue
    return found


def _published(soup: BeautifulSoup, url: str, html: str) -> tuple[str | None, str | None]:
    for attr, name in _DATE_METAS:
        tag = soup.find("meta", attrs={attr: name})
        if tag and (day := sane_date(str(tag.get("content") or ""))):
            return day, "meta"
    for value in _json_ld_dates(soup):
        if day := sane_date(value):
            return day, "json-ld"
    time_tag = soup.find("time", attrs={"datetime": True})
    if time_tag and (day := sane_date(str(time_tag["datetime"]))):
        return day, "byline"
    match = _URL_DATE.search(urlparse(url).path)
    if match and (day := sane_date("-".join(match.groups()))):
        return day, "url"
    try:
        meta = trafilatura.extract_metadata(html)
    except Exception:  # noqa: BLE001 - a metadata failure must not lose the article
        meta = None
    if meta is not None and (day := sane_date(meta.date)):
        return day, "heuristic"
    return None, None


def _canonical(soup: BeautifulSoup, url: str) -> str:
    link = soup.find("link", rel="canonical")
    href = str(link.get("href") or "") if link else ""
    if href.startswith(("http://", "https://")):
        return href.strip()
    return url


def _title(soup: BeautifulSoup) -> str | None:
    for attrs in ({"property": "og:title"}, {"name": "twitter:title"}):
        tag = soup.find("meta", attrs=attrs)
        if tag and tag.get("content"):
            return str(tag["content"]).strip()
    if soup.title and soup.title.string:
        return soup.title.string.strip()
    h1 = soup.find("h1")
    return h1.get_text(" ", strip=True) if h1 else None


def _is_html(page: Page, text: str) -> bool:
    if page.content_type:
        return "html" in page.content_type or "xml" in page.content_type
    suffix = PurePosixPath(urlparse(page.url).path).suffix.lower()
    if suffix == ".txt":
        return False
    return bool(re.search(r"<(html|body|p|div|article)\b", text[:5000], re.I))


def parse_page(page: Page, lang: str | None = None) -> Article:
    """Turn a fetched page into an ``Article``; raise ``ArticleError`` when there is no text."""
    raw = decode(page.content, page.encoding)
    if not _is_html(page, raw):
        text = raw.replace("\r\n", "\n")
        if not text.strip():
            raise ArticleError(f"{page.source}: empty text")
        return Article(source=page.source, url=page.url, text=text,
                       language=lang or detect_language(text))
    soup = BeautifulSoup(raw, "lxml")
    html_tag = soup.find("html")
    hint = str(html_tag.get("lang") or "") if html_tag else ""
    text = trafilatura.extract(
        raw, include_tables=True, include_comments=False, include_links=False,
        include_images=False, deduplicate=False,
    ) or ""
    flags: list[str] = []
    page_text = soup.get_text(" ", strip=True)
    if len(text) < 200 and _JS_ONLY.search(page_text):
        flags.append("javascript-only")
    if _PAYWALL.search(page_text[-3000:] if len(text) < 1500 else ""):
        flags.append("paywall")
    if not text.strip():
        reason = f" ({', '.join(flags)})" if flags else ""
        raise ArticleError(f"{page.source}: no main text found{reason}")
    published, published_from = _published(soup, page.url, raw)
    return Article(
        source=page.source,
        url=_canonical(soup, page.url),
        text=text,
        title=_title(soup),
        published=published,
        published_from=published_from,
        language=lang or detect_language(text, hint or None),
        flags=tuple(flags),
    )
