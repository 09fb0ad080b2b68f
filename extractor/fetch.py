"""The only code that reads resources: local files and http(s) URLs -> ``Page``.

``get(source, settings)`` reads one resource, for one-off commands (``extractor extract``,
``extractor article``). The nightly job uses the polite crawler behind it
(``extractor.crawl``: robots.txt, per-host spacing, conditional GET, retries, raw archive),
re-exported here so that this module stays the one door to the outside.
"""

from __future__ import annotations

from urllib.parse import urlparse

import httpx

from .crawl import Archive, CrawlOptions, Crawler, FetchError, Fetched, default_crawler
from .records import Page
from .settings import Settings

__all__ = [
    "Archive",
    "CrawlOptions",
    "Crawler",
    "FetchError",
    "Fetched",
    "default_crawler",
    "get",
    "is_url",
]


def is_url(source: str) -> bool:
    """True for http(s) URLs.

    >>> is_url("https://a.example/x"), is_url("corpus/articles/x.html")
    (True, False)
    """
    return urlparse(source).scheme in ("http", "https")


def get(source: str, settings: Settings | None = None, client: httpx.Client | None = None) -> Page:
    """Read a file path, ``file://`` URL or http(s) URL, once (no robots.txt, no archive).

    Raises ``FetchError`` with a reason (missing file, HTTP status, too large, timeout).
    """
    options = CrawlOptions.from_settings(settings or Settings(), obey_robots=False,
                                         per_host_delay=0.0, max_retries=0)
    crawler = Crawler(options, archive=None, client=client)
    try:
        return crawler.fetch(source, conditional=False).page
    finally:
        crawler.close()
