"""The crawler behind ``extractor.fetch``: politeness, conditional GET, retries, raw archive.

One concern per module: ``robots`` (robots.txt rules), ``throttle`` (per-host spacing),
``archive`` (content-addressed bodies + index), ``guard`` (which hosts links in fetched
content may reach), ``transport`` (the sockets: deadline, guard at connect time),
``client`` (the HTTP client tying them).
Nothing outside ``extractor.fetch`` and the nightly job imports this package directly.
"""

from .archive import Archive, FetchRecord, Outcome, UrlHistory
from .client import CrawlOptions, Crawler, FetchError, Fetched, default_crawler, retry_after
from .guard import UrlGuard
from .robots import RobotsRules
from .throttle import HostThrottle

__all__ = [
    "Archive",
    "CrawlOptions",
    "Crawler",
    "FetchError",
    "FetchRecord",
    "Fetched",
    "HostThrottle",
    "Outcome",
    "RobotsRules",
    "UrlGuard",
    "UrlHistory",
    "default_crawler",
    "retry_after",
]
