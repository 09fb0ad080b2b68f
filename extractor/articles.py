"""Page -> Article: main text and metadata (title, published date, language). Pure.

Main text comes from trafilatura (tables kept, comments dropped), then two steps of
our own:

- when the page carries its body in JSON-LD (``articleBody``) and that body is clearly
  longer than what trafilatura found (pages rendered by JavaScript), the JSON-LD body wins;
- lines that are page furniture (``Read more: ...``, newsletter prompts, image credits)
  are dropped; the patterns are data, in ``extractor/rules/pages/boilerplate.json``.

Metadata is read from the page itself, most reliable source first, and the article
records where its date came from (``meta``, ``json-ld``, ``byline``, ``url``,
``heuristic``). Dates are sane: never before 1990, never after today.
Pages that hold no article (JavaScript-only shells, paywalls, binary content) raise
``ArticleError`` with the reason, so no fragment is ever passed on as an article.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import re
import warnings
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlparse

import trafilatura
from bs4 import BeautifulSoup, UnicodeDammit, XMLParsedAsHTMLWarning
from bs4.dammit import EncodingDetector

from .records import Article, Page

__all__ = [
    "ArticleError",
    "decode",
    "detect_language",
    "parse_date",
    "parse_page",
    "sane_date",
    "strip_boilerplate",
]


class ArticleError(Exception):
    """The page holds no article text; the message says why.

    ``flag`` names the kind of page when it is one we recognise
    (``javascript-only``, ``paywall``, ``not-html``, ``empty``).
    """

    def __init__(self, message: str, flag: str | None = None) -> None:
        super().__init__(message)
        self.flag = flag


_FR_WORDS = frozenset(
    "le la les des du de un une et est en pour sur dans avec par pas qui que plus sont cette "
    "ces son sa ses au aux nous vous ils elle ont été être mais où".split()
)
_EN_WORDS = frozenset(
    "the a an and is are of to in for on with by not which that more this these its it "
    "was were be been but from has have at as".split()
)
_WORD = re.compile(r"[a-zàâçéèêëîïôûùüÿœ']+", re.I)
_JS_ONLY = re.compile(
    r"enable javascript|javascript is (disabled|required)|requires javascript|"
    r"activez javascript|activer javascript|javascript (aktivieren|einschalten)", re.I)
_PAYWALL = re.compile(
    r"subscribe (now )?to (continue|keep) reading|subscribe to read (the|this) (full|rest|article)|"
    r"to continue reading,? (please )?(subscribe|log in|sign in)|this (article|story) is for "
    r"(paying )?subscribers( only)?|for subscribers only|réservé aux abonnés|article réservé|"
    r"il vous reste \d+ ?% de cet article|la suite est réservée|nur für abonnenten|"
    r"weiterlesen mit \w*\+|abonnieren sie,? um weiterzulesen", re.I)
_SHORT_TEXT = 1500  # below this, a paywall or JavaScript marker means the text is a fragment


def detect_language(text: str, hint: str | None = None) -> str | None:
    """The text's language as an ISO 639-1 code; ``hint`` (a lang attribute) wins when it
    names one. A maintained identifier (py3langid, which ships its model) names any of 97
    languages; where it is unsure (a short text full of model names), English and French are
    told apart by their function words.

    >>> detect_language("Le modèle est disponible sur la plateforme et dans les applications.")
    'fr'
    >>> detect_language("x", hint="de-DE")
    'de'
    >>> detect_language("Das neue Modell ist ab heute für alle Entwickler verfügbar und kostet weniger als "
    ...                 "sein Vorgänger, sagt das Unternehmen in seiner Mitteilung vom Dienstag.")
    'de'
    """
    if hint:
        code = hint.strip().lower()[:2]
        if len(code) == 2 and code.isalpha():
            return code
    sample = text[:20000]
    lang, confidence = _identifier().classify(sample)
    if lang in ("en", "fr") or (confidence >= 0.9 and len(sample.strip()) >= 80):
        return str(lang)
    words = [w.lower() for w in _WORD.findall(sample)]
    fr = sum(w in _FR_WORDS for w in words)
    en = sum(w in _EN_WORDS for w in words)
    if fr == en == 0:
        return None
    return "fr" if fr > en else "en"


@lru_cache(maxsize=1)
def _identifier() -> Any:
    """py3langid's identifier with its bundled model, loaded once (nothing is downloaded)."""
    from py3langid import langid

    return langid.LanguageIdentifier.from_modelpath(langid.MODEL_DIR / langid.MODEL_FILE, norm_probs=True)


def decode(content: bytes, declared: str | None = None) -> str:
    """Bytes to text; never raises.

    Valid UTF-8 is taken as UTF-8 whatever the transport says (a wrong charset header is
    common, and Latin-1 bytes are almost never valid UTF-8); otherwise the declared charset,
    a BOM or a meta charset, else Windows-1252 (the web's default).

    >>> decode("café".encode("utf-8"), "iso-8859-1")
    'café'
    >>> decode("café".encode("cp1252"))
    'café'
    """
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        declared = "utf-16"
    else:
        try:
            return content.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
    if not declared or declared.lower().replace("_", "-") in ("utf-8", "utf8"):
        # no usable transport charset: the page's own declaration, else the web's default
        declared = EncodingDetector.find_declared_encoding(content, is_html=True) or "windows-1252"
    dammit = UnicodeDammit(content, [declared], is_html=True)
    if dammit.unicode_markup is not None:
        return dammit.unicode_markup
    return content.decode("utf-8", errors="replace")


# the latest calendar date anywhere on Earth: a page dated "today" in UTC+14 is not in the future
_LATEST_OFFSET = dt.timedelta(hours=14)
_ISO = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?"
                  r"(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?")
_COMPACT = re.compile(r"\s*(\d{4})(\d{2})(\d{2})(?:\D|$)")


def parse_date(value: str | None) -> dt.date | None:
    """A calendar date from ISO 8601, ``YYYYMMDD`` or RFC 2822 text, else None.

    A date-time with an offset is read in UTC.

    >>> parse_date("Thu, 18 Jul 2024 10:00:00 GMT")
    datetime.date(2024, 7, 18)
    >>> parse_date("2024-07-18T01:00:00+09:00")
    datetime.date(2024, 7, 17)
    """
    if not value:
        return None
    try:
        match = _ISO.match(value)
        if match:
            y, m, d, hh, mm, ss, tz = match.groups()
            if hh is not None and tz is not None:
                tz = "+00:00" if tz == "Z" else tz
                if ":" not in tz:
                    tz = tz[:3] + ":" + tz[3:]
                stamp = dt.datetime.fromisoformat(
                    f"{int(y):04d}-{int(m):02d}-{int(d):02d}T{int(hh):02d}:{mm}:{ss or '00'}{tz}")
                return stamp.astimezone(dt.UTC).date()
            return dt.date(int(y), int(m), int(d))
        match = _COMPACT.match(value)
        if match:
            return dt.date(*(int(g) for g in match.groups()))
        stamp = email.utils.parsedate_to_datetime(value.strip())
        if stamp.tzinfo is not None:
            stamp = stamp.astimezone(dt.UTC)
        return stamp.date()
    except (ValueError, TypeError, IndexError, OverflowError):
        return None


def sane_date(value: str | None, today: dt.date | None = None) -> str | None:
    """``YYYY-MM-DD`` if ``value`` is a real date between 1990-01-01 and today, else None.

    >>> sane_date("2024-07-18T10:00:00Z")
    '2024-07-18'
    >>> sane_date("1970-01-01") is None
    True
    >>> sane_date("2999-01-01") is None
    True
    """
    day = parse_date(value)
    if day is None:
        return None
    latest = today or (dt.datetime.now(dt.UTC) + _LATEST_OFFSET).date()
    if day.year < 1990 or day > latest:
        return None
    return day.isoformat()


@lru_cache(maxsize=1)
def _boilerplate() -> tuple[int, tuple[re.Pattern[str], ...]]:
    path = resources.files("extractor").joinpath("rules/pages/boilerplate.json")
    data = json.loads(path.read_text("utf-8"))
    return int(data["max_line"]), tuple(re.compile(p["pattern"], re.I) for p in data["patterns"])


def strip_boilerplate(text: str) -> str:
    """Drop the lines of ``text`` that are page furniture (``rules/pages/boilerplate.json``).

    >>> strip_boilerplate("Body.\\nRead more: Another story\\nMore body.")
    'Body.\\nMore body.'
    """
    max_line, patterns = _boilerplate()
    kept = [
        line for line in text.split("\n")
        if len(line) > max_line or not any(p.search(line.strip()) for p in patterns)
    ]
    return "\n".join(kept)


_DATE_METAS = (
    ("property", "article:published_time"),
    ("name", "article:published_time"),
    ("itemprop", "datePublished"),
    ("name", "date"),
    ("name", "pubdate"),
    ("name", "publish-date"),
    ("name", "publication_date"),
    ("name", "dc.date"),
    ("name", "DC.date.issued"),
    ("name", "dcterms.date"),
    ("property", "og:published_time"),
    ("name", "sailthru.date"),
    ("name", "parsely-pub-date"),
)
_URL_DATE = re.compile(r"/(20\d\d|199\d)[/-](\d\d)[/-](\d\d)(?:/|-|\.|$)")
_ARTICLE_TYPES = re.compile(r"article|posting|report|blog", re.I)


def _json_ld(soup: BeautifulSoup) -> list[dict[str, Any]]:
    """Every JSON object found in the page's JSON-LD blocks, depth first."""
    found: list[dict[str, Any]] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for script in soup.find_all("script", type="application/ld+json"):
        try:
            walk(json.loads(script.string or "", strict=False))
        except (json.JSONDecodeError, TypeError, RecursionError):
            continue
    return found


def _ld_strings(nodes: list[dict[str, Any]], key: str) -> Iterator[str]:
    for node in nodes:
        value = node.get(key)
        if isinstance(value, str) and value.strip():
            yield value


def _url_path(url: str) -> str:
    """The path of ``url``; empty for a URL urllib refuses (``https://[::1/x``)."""
    try:
        return urlparse(url).path
    except ValueError:
        return ""


def _published(soup: BeautifulSoup, ld: list[dict[str, Any]], url: str,
               html: str) -> tuple[str | None, str | None]:
    for attr, name in _DATE_METAS:
        for tag in soup.find_all("meta", attrs={attr: re.compile(f"^{re.escape(name)}$", re.I)}):
            if day := sane_date(str(tag.get("content") or "")):
                return day, "meta"
    for key in ("datePublished", "dateCreated"):
        for value in _ld_strings(ld, key):
            if day := sane_date(value):
                return day, "json-ld"
    for time_tag in soup.find_all("time", attrs={"datetime": True}, limit=5):
        if day := sane_date(str(time_tag["datetime"])):
            return day, "byline"
    match = _URL_DATE.search(_url_path(url))
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


_TEXT_TYPES = ("text/plain", "text/markdown")


def _kind(page: Page, head: str) -> str:
    """``html``, ``text`` or ``binary``."""
    if "\x00" in head[:2048]:
        return "binary"
    ctype = (page.content_type or "").lower()
    if ctype:
        if "html" in ctype or "xml" in ctype:
            return "html"
        if ctype in _TEXT_TYPES:
            return "text"
        if not ctype.startswith("text/"):
            return "binary"
    suffix = PurePosixPath(_url_path(page.url)).suffix.lower()
    if suffix == ".txt":
        return "text"
    return "html" if re.search(r"<(html|body|p|div|article)\b", head[:5000], re.I) else "text"


def _ld_body(ld: list[dict[str, Any]]) -> str:
    bodies = [node["articleBody"] for node in ld
              if isinstance(node.get("articleBody"), str)
              and _ARTICLE_TYPES.search(str(node.get("@type", "article")))]
    if not bodies:
        return ""
    body = max(bodies, key=len)
    # the body is sometimes HTML-escaped or marked up
    if "<" in body and ">" in body:
        body = BeautifulSoup(body, "lxml").get_text("\n", strip=True)
    return body.strip()


def _free(ld: list[dict[str, Any]]) -> bool:
    return not any(str(node.get("isAccessibleForFree", "")).lower() == "false" for node in ld)


_OUTSIDE = re.compile(r"comment|sidebar|related|footer|\bnav|teaser|promo|newsletter|subscribe|share|widget|most-read|popular",
                      re.I)


def _render_table(table: Any) -> str | None:
    """A ``<table>`` as the ``| a | b |`` rows the main-text extractor writes, header rule included."""
    rows = []
    for tr in table.find_all("tr"):
        cells = [" ".join(c.get_text(" ", strip=True).split()) for c in tr.find_all(["th", "td"])]
        if any(cells):
            rows.append(cells)
    if len(rows) < 2 or max(len(r) for r in rows) < 2:
        return None
    width = max(len(r) for r in rows)
    lines = ["| " + " | ".join(r + [""] * (width - len(r))) + " | " for r in rows]
    lines.insert(1, "|" + "---|" * width)
    return "\n".join(lines)


def _render_list(lst: Any) -> str | None:
    """A ``<ul>``/``<ol>`` of sentences as '- item' lines; menus and link lists give None."""
    items = [" ".join(li.get_text(" ", strip=True).split()) for li in lst.find_all("li", recursive=False)]
    items = [t for t in items if t]
    if not items:
        return None
    words = sum(len(t.split()) for t in items)
    linked = sum(len(a.get_text(" ", strip=True).split()) for a in lst.find_all("a"))
    if words < 8 * len(items) or linked > 0.3 * words:
        return None  # navigation, tags, related links: short items or mostly links
    return "\n".join(f"- {t}" for t in items)


# how far (in elements and strings of the markup) a dropped block looks for the paragraph
# before or after it; the farthest anchor in the corpus pages sits 333 elements back. Without
# a bound, a page of hundreds of dropped blocks walked back to its start from each one.
_REACH = 1000


def _near(elements: Iterator[Any], names: tuple[str, ...], limit: int | None = None) -> Iterator[Any]:
    """The tags named ``names`` among the first ``_REACH`` of ``elements``, at most ``limit``."""
    found = 0
    for steps, element in enumerate(elements):
        if steps >= _REACH or (limit is not None and found >= limit):
            return
        if getattr(element, "name", None) in names:
            found += 1
            yield element


def _furniture(tag: Any) -> bool:
    """A container of page furniture: sidebar, comments, navigation, teasers, forms."""
    return bool(getattr(tag, "get", None) and (
        tag.name in ("nav", "footer", "aside", "header", "form")
        or _OUTSIDE.search(" ".join(tag.get("class") or []) + " " + str(tag.get("id") or ""))))


def _enclosed(tag: Any, memo: dict[int, bool]) -> bool:
    """``tag`` or one of its ancestors is a table, a list or page furniture.

    Each tag is looked at once per page (``memo``, keyed by ``id``): on a page of thousands
    of unclosed tags, walking all the way up from every block took minutes.
    """
    chain = []
    node = tag
    while node is not None and id(node) not in memo:
        chain.append(node)
        node = node.parent
    found = memo[id(node)] if node is not None else False
    for item in reversed(chain):
        found = found or item.name in ("table", "ul", "ol") or _furniture(item)
        memo[id(item)] = found
    return found


def recover_tables(soup: BeautifulSoup, text: str) -> str:
    r"""Put back the tables and lists of the article that the main-text extractor dropped (it
    drops a table wrapped in a 'captioned' block, or a list of long items after a colon), each
    after the paragraph that precedes it in the markup. Blocks outside the article (sidebar,
    comments, teasers, navigation) stay out: they sit in such a container, are mostly links, or
    have no paragraph of the extracted text before them.

    >>> html = "<p>The scores follow in this table.</p><div class='captioned-table'><table><tr><th>Model</th><th>MMLU</th></tr>"
    >>> html += "<tr><td>X-1</td><td>80</td></tr></table></div><p>That is all for this week.</p>"
    >>> print(recover_tables(BeautifulSoup(html, "lxml"), "The scores follow in this table.\nThat is all for this week."))
    The scores follow in this table.
    | Model | MMLU | 
    |---|---|
    | X-1 | 80 | 
    That is all for this week.
    """
    enclosed: dict[int, bool] = {}
    for block in soup.find_all(["table", "ul", "ol"]):
        if _furniture(block) or _enclosed(block.parent, enclosed):
            continue  # inside another table or list (rendered with it), or outside the article
        rendered = _render_table(block) if block.name == "table" else _render_list(block)
        if rendered is None:
            continue
        if block.name == "table":
            # "Benchmark\nGemini Ultra\nGPT-4\nMMLU\n90.0%...": the extractor flattened it one cell a line
            flat = "\n".join(" ".join(c.get_text(" ", strip=True).split()) for c in block.find_all(["th", "td"]))
            if flat and flat in text:
                text = text.replace(flat, rendered, 1)
                continue
        first = rendered.splitlines()[0]
        if block.name == "table":
            cells = [c.strip() for c in first.strip("| ").split(" | ") if c.strip()]
            if cells and all(c in text for c in cells[:3]) and "|" in text:
                continue  # the extractor kept it
        elif re.sub(r"\W", "", first[2:42]) in re.sub(r"\W", "", text):
            continue  # kept already, maybe spaced differently ('Function calling , so ...')
        anchor = None
        # (the elements before a block are never inside it)
        for prev in _near(block.previous_elements, ("p", "h2", "h3", "h4", "li")):
            line = " ".join(prev.get_text(" ", strip=True).split())
            if len(line) >= 20 and line[-40:] in text:
                anchor = line[-40:]
                break
        if anchor is None:
            continue
        # inside the article, not after it: the text goes on after the block, or introduced it
        follows = [line[:40] for nxt in _near(block.next_elements, ("p", "h2", "h3", "h4"), limit=4)
                   if len(line := " ".join(nxt.get_text(" ", strip=True).split())) >= 20]
        if not (anchor.rstrip().endswith(":") or any(f in text for f in follows[:3])):
            continue
        at = text.find(anchor) + len(anchor)
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        text = text[:end] + "\n" + rendered + text[end:]
    return text


def parse_page(page: Page, lang: str | None = None) -> Article:
    """Turn a fetched page into an ``Article``; raise ``ArticleError`` when there is no article.

    >>> page = Page(source="a.txt", url="file:///a.txt", content=b"GPT-4o is out.",
    ...             content_type="text/plain")
    >>> parse_page(page).text
    'GPT-4o is out.'
    """
    if not page.content.strip():
        raise ArticleError(f"{page.source}: empty body", "empty")
    raw = decode(page.content, page.encoding)
    kind = _kind(page, raw)
    if kind == "binary":
        ctype = page.content_type or "binary data"
        raise ArticleError(f"{page.source}: not an HTML page ({ctype})", "not-html")
    if kind == "text":
        text = raw.replace("\r\n", "\n")
        if not text.strip():
            raise ArticleError(f"{page.source}: empty text", "empty")
        return Article(source=page.source, url=page.url, text=text,
                       language=lang or detect_language(text))
    with warnings.catch_warnings():
        # an XHTML page that opens with '<?xml': read as HTML on purpose, like any other page
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(raw, "lxml")
    html_tag = soup.find("html")
    hint = str(html_tag.get("lang") or "") if html_tag else ""
    ld = _json_ld(soup)
    text = trafilatura.extract(
        raw, include_tables=True, include_comments=False, include_links=False,
        include_images=False, deduplicate=False,
    ) or ""
    body = _ld_body(ld)
    if len(body) >= 500 and len(body) > 1.5 * len(text):
        text = body  # rendered by JavaScript from the JSON-LD: the markup holds only a shell
    text = strip_boilerplate(text).strip()
    text = recover_tables(soup, text)
    if len(text) < _SHORT_TEXT:
        for script in soup(["script", "style"]):
            script.decompose()
        page_text = soup.get_text(" ", strip=True)
        if _PAYWALL.search(page_text) or (not _free(ld) and len(text) < 500):
            raise ArticleError(f"{page.source}: paywalled page, only a teaser is readable",
                               "paywall")
        if len(text) < 200 and (_JS_ONLY.search(page_text) or len(page_text) < 200):
            raise ArticleError(f"{page.source}: JavaScript-only page, no text in the markup",
                               "javascript-only")
    if not text:
        raise ArticleError(f"{page.source}: no main text found", "empty")
    published, published_from = _published(soup, ld, page.url, raw)
    return Article(
        source=page.source,
        url=_canonical(soup, page.url),
        text=text,
        title=_title(soup),
        published=published,
        published_from=published_from,
        language=lang or detect_language(text, hint or None),
    )
