"""The polite HTTP client of the nightly job.

``Crawler.fetch(source, kind)`` reads one file path or http(s) URL and returns a
``Fetched`` (the ``Page`` plus whether it was unchanged), or raises ``FetchError`` with a
reason. For http(s) it:

- reads the host's robots.txt first (once per run, itself conditionally) and obeys it,
  Crawl-delay included; robots.txt answering 4xx allows everything, one that cannot be read
  (5xx, timeout) forbids everything for this run (RFC 9309);
- sends at most one request at a time per host, ``per_host_delay`` (or Crawl-delay) apart,
  and at most ``max_connections`` at a time overall (the caller's thread pool);
- sends ``If-None-Match`` / ``If-Modified-Since`` from the archive, and on 304 returns the
  archived body;
- retries 429, 5xx, timeouts and connection resets ``max_retries`` times with exponential
  backoff, waiting what Retry-After asks when it asks for no more than ``max_retry_after``;
- follows redirects itself (robots and spacing apply to every hop), detects loops, and
  refuses a redirect to anything but http(s) (``javascript:``, ``data:``, ``file:`` ...);
- gives one fetch ``deadline`` seconds on the wire, all together: connect, headers, body,
  redirects and retries (the waits of politeness do not count), so a server that drips a
  byte a second is cut off (httpx's ``timeout`` bounds each read only);
- guards what strangers wrote (the SSRF guard, ``guard.UrlGuard``): a link found in fetched
  content (``found_in``) and every redirect to another host than the operator's must be
  http(s) on public addresses, unless ``allow_hosts`` names the host or its network;
- refuses bodies over ``max_bytes`` and, for pages, content that is not HTML or text;
- archives every response (bodies of 200s, headers of everything) before returning.

Local files get the same treatment where it means something: a file whose size and
modification time did not change is "not modified".

Who wrote a URL decides what it may be. A URL the operator wrote (the feed list, the command
line: ``found_in=None``) may be a path, a ``file:`` URL, or an http(s) URL on any host,
loopback and private networks included. A link found in a document read from the operator's
disk may be a path too (the bundled corpus links its feeds to its articles that way), and
an http(s) link there is guarded. A link found in a document fetched over http(s) must be
an http(s) URL, and is guarded.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlparse, urlsplit

import httpx

from ..records import Page
from ..settings import Settings
from .archive import Archive
from .guard import Refused, UrlGuard
from .robots import RobotsRules
from .throttle import HostThrottle
from .transport import DeadlineExceeded, guarded_transport, scope

__all__ = ["CrawlOptions", "Crawler", "FetchError", "Fetched", "default_crawler", "retry_after"]

_PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml")
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
_REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})


class FetchError(Exception):
    """A resource could not be read; the message says why.

    ``status`` is the HTTP status when one came (0 otherwise); ``transient`` says whether a
    later attempt may succeed (timeouts, 429, 5xx) or not (404, not HTML, too large).
    """

    def __init__(self, message: str, *, status: int = 0, transient: bool = False,
                 retry_after: float | None = None, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.transient = transient
        self.retry_after = retry_after
        self.headers = headers or {}


@dataclass(frozen=True, slots=True)
class CrawlOptions:
    """The crawler's knobs, read from ``Settings`` (defaults for the ones it lacks)."""

    user_agent: str = "extractor/0.1 (+https://github.com/extractor-kb/extractor)"
    timeout: float = 20.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    per_host_delay: float = 1.0
    max_connections: int = 4
    max_retries: int = 2
    retry_delay: float = 1.0  # first backoff within a run; doubles on each retry
    max_retry_after: float = 120.0  # a longer Retry-After gives up until the next run
    obey_robots: bool = True
    deadline: float = 60.0  # seconds on the wire for one fetch, redirects and retries included
    allow_hosts: tuple[str, ...] = ()  # hosts / addresses / CIDR ranges the guard lets through

    @classmethod
    def from_settings(cls, settings: Settings, **overrides: Any) -> CrawlOptions:
        values = {name: getattr(settings, name) for name in cls.__slots__ if hasattr(settings, name)}
        values.update(overrides)
        if isinstance(values.get("allow_hosts"), str):
            values["allow_hosts"] = (values["allow_hosts"],)
        values["allow_hosts"] = tuple(values.get("allow_hosts") or ())
        return cls(**values)


@dataclass(frozen=True, slots=True)
class Fetched:
    """A page as fetched; ``not_modified`` when the server (or the file) said it is unchanged."""

    page: Page
    not_modified: bool = False
    sha: str | None = None  # SHA-256 of the body, its name in the archive
    etag: str | None = None
    last_modified: str | None = None


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date).

    >>> retry_after("3")
    3.0
    >>> retry_after("Wed, 21 Oct 2015 07:28:00 GMT", dt.datetime(2015, 10, 21, 7, 27, tzinfo=dt.UTC))
    60.0
    """
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    now = now or dt.datetime.now(dt.UTC)
    return max(0.0, (when - now).total_seconds())


def _origin(url: str) -> str:
    parts = urlparse(url)
    return f"{parts.scheme}://{parts.netloc}"


def _is_http(url: str) -> bool:
    return urlparse(url).scheme in ("http", "https")


def _host(url: str) -> str | None:
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None


class _BadRedirect(Exception):  # noqa: N818 - carries a refusal out of an httpx hook
    def __init__(self, reason: str, status: int) -> None:
        super().__init__(reason)
        self.status = status


def _redirect_refusal(url: str, location: str) -> str | None:
    """Why a redirect from ``url`` to ``location`` is refused (not http(s)), or None.

    >>> _redirect_refusal("https://a.example/x", "javascript:alert(1)").split(";")[0]
    'refused: a redirect to a javascript: URL (javascript:alert(1))'
    >>> _redirect_refusal("https://a.example/x", "/y") is None
    True
    """
    try:
        nxt = urljoin(url, location.strip())
        scheme = urlparse(nxt).scheme
    except ValueError:
        nxt, scheme = location, ""
    if scheme in ("http", "https"):
        return None
    return (f"refused: a redirect to a {scheme or 'schemeless'}: URL ({nxt[:80]}); "
            "only http(s) redirects are followed")


class _Budget:
    """What is left of one fetch's deadline; only time on the wire is spent from it."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.left = seconds if seconds > 0 else float("inf")

    def spend(self, seconds: float) -> None:
        self.left -= seconds


class Crawler:
    """One crawl session: an HTTP client, robots cache, host throttle and the archive.

    Thread-safe: the nightly job calls ``fetch`` from a pool of ``max_connections`` threads.
    ``stats`` counts requests sent, responses by status, and 304s.
    """

    def __init__(self, options: CrawlOptions, archive: Archive | None = None,
                 client: httpx.Client | None = None) -> None:
        self.options = options
        self.archive = archive
        self._own_client = client is None
        self.guard = UrlGuard.build(options.allow_hosts)
        self.client = client or httpx.Client(
            headers={"User-Agent": options.user_agent},
            timeout=options.timeout,
            follow_redirects=False,
            transport=guarded_transport(),
            event_hooks={"response": [self._redirect_hook]},
        )
        self.throttle = HostThrottle()
        self._robots: dict[str, RobotsRules] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()
        self.stats: Counter[str] = Counter()

    @staticmethod
    def _redirect_hook(response: httpx.Response) -> None:
        """Refuse a non-http(s) Location before httpx parses it (``javascript:`` raises there)."""
        if response.status_code in _REDIRECT_STATUS and "location" in response.headers:
            refusal = _redirect_refusal(str(response.request.url), response.headers["location"])
            if refusal is not None:
                raise _BadRedirect(refusal, response.status_code)

    def close(self) -> None:
        if self._own_client:
            self.client.close()

    def __enter__(self) -> Crawler:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _count(self, key: str, n: int = 1) -> None:
        with self._guard:
            self.stats[key] += n

    # -- entry point ------------------------------------------------------------------------
    def fetch(self, source: str, kind: str = "page", *, conditional: bool = True,
              found_in: str | None = None) -> Fetched:
        """Read ``source`` (a path, ``file://`` or http(s) URL); raise ``FetchError`` with a reason.

        ``found_in`` is the document the link was found in (a feed, a sitemap); None when
        the operator wrote ``source``. A link found in fetched content is guarded.
        """
        scheme = urlparse(source).scheme
        guarded = found_in is not None
        if guarded and _is_http(str(found_in)) and scheme not in ("http", "https"):
            exc = FetchError(f"{source}: refused: a {scheme or 'local path'}"
                             f"{':' if scheme else ''} link in fetched content "
                             f"({found_in}); only http(s) links are followed from there")
            self._record_failure(source, kind, exc)
            raise exc
        if scheme in ("http", "https"):
            return self._fetch_http(source, kind, conditional, guarded=guarded)
        if scheme not in ("", "file") and len(scheme) > 1:  # one letter: a Windows drive
            raise FetchError(f"{source}: unsupported scheme {scheme!r}")
        return self._fetch_file(source, kind, conditional)

    # -- files ----------------------------------------------------------------------------
    def _fetch_file(self, source: str, kind: str, conditional: bool) -> Fetched:
        parsed = urlparse(source)
        path = Path(unquote(parsed.path)) if parsed.scheme == "file" else Path(source)
        try:
            stat = path.stat()
            if path.is_dir():
                raise FetchError(f"{source}: is a directory")
            if stat.st_size > self.options.max_bytes:
                raise FetchError(f"{source}: {stat.st_size} bytes, over the "
                                 f"{self.options.max_bytes}-byte cap")
            etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
            url = path.resolve().as_uri()
            ctype = {".html": "text/html", ".htm": "text/html", ".txt": "text/plain",
                     ".xml": "application/xml"}.get(path.suffix.lower())
            archived = self._archived(source) if conditional else None
            if archived is not None and archived[0].get("etag") == etag:
                body, sha = archived[1], archived[2]
                return Fetched(Page(source=source, url=url, content=body, status=304,
                                    content_type=ctype, fetched_at=_now()), True, sha, etag)
            content = path.read_bytes()
        except FileNotFoundError as exc:
            raise FetchError(f"{source}: no such file") from exc
        except PermissionError as exc:
            raise FetchError(f"{source}: permission denied") from exc
        except OSError as exc:
            raise FetchError(f"{source}: {exc.strerror or exc}") from exc
        sha = hashlib.sha256(content).hexdigest()
        if self.archive is not None:
            self.archive.put(source, kind, 200, content, {"etag": etag}, final_url=url,
                             content_type=ctype)
        return Fetched(Page(source=source, url=url, content=content, content_type=ctype,
                            fetched_at=_now()), False, sha, etag)

    def _archived(self, url: str) -> tuple[dict[str, str | None], bytes, str] | None:
        """Validators and body of the last archived response for ``url``, if the body is there."""
        if self.archive is None:
            return None
        hist = self.archive.history().get(url)
        rec = hist.last_body if hist else None
        if rec is None or not self.archive.has_body(rec.sha):
            return None
        try:
            body = self.archive.body(str(rec.sha))
        except (OSError, EOFError, ValueError):  # a damaged object: fetch again
            return None
        return {"etag": rec.etag, "last_modified": rec.last_modified,
                "final_url": rec.final_url, "content_type": rec.content_type,
                "charset": rec.charset}, body, str(rec.sha)

    # -- robots -----------------------------------------------------------------------------
    def robots(self, origin: str, guarded: bool = True) -> RobotsRules:
        """The robots.txt rules of ``origin`` (fetched once per session, conditionally)."""
        with self._guard:
            if origin in self._robots:
                return self._robots[origin]
            lock = self._robots_locks.setdefault(origin, threading.Lock())
        with lock:
            with self._guard:
                if origin in self._robots:
                    return self._robots[origin]
            agent = self.options.user_agent
            try:
                got = self._fetch_http(origin + "/robots.txt", "robots", True,
                                       check_robots=False, guarded=guarded)
                text = got.page.content.decode("utf-8", errors="replace")
                rules = RobotsRules.parse(text, agent)
            except FetchError as exc:
                if 400 <= exc.status < 500 and exc.status != 429:
                    rules = RobotsRules.allow_all(agent)
                else:
                    rules = RobotsRules.deny_all(agent, f"robots.txt unreadable ({exc})")
            if rules.crawl_delay:
                self.throttle.pause(urlparse(origin).netloc, rules.crawl_delay)
            with self._guard:
                self._robots[origin] = rules
            return rules

    # -- http -------------------------------------------------------------------------------
    def _fetch_http(self, source: str, kind: str, conditional: bool,
                    check_robots: bool = True, guarded: bool = True) -> Fetched:
        opts = self.options
        archived = self._archived(source) if conditional else None
        budget = _Budget(opts.deadline)
        # the operator chose the host of an operator URL: redirects within it are theirs too
        own_host = None if guarded else _host(source)
        url = source
        seen = {url}
        for _hop in range(opts.max_redirects + 1):
            origin = _origin(url)
            delay = opts.per_host_delay
            hop_guarded = guarded or _host(url) != own_host
            if hop_guarded:
                self._check(source, url, kind)
            if check_robots and opts.obey_robots:
                rules = self.robots(origin, hop_guarded)
                if not rules.allowed(url):
                    reason = rules.deny_reason or "disallowed by robots.txt"
                    raise FetchError(f"{source}: {reason}")
                delay = max(delay, rules.crawl_delay or 0.0)
            headers: dict[str, str] = {}
            if archived is not None and url == source:
                validators = archived[0]
                if validators.get("etag"):
                    headers["If-None-Match"] = str(validators["etag"])
                if validators.get("last_modified"):
                    headers["If-Modified-Since"] = str(validators["last_modified"])
            resp_status, resp_headers, body, final_url, ctype, charset = self._request(
                source, url, kind, headers, delay, budget, hop_guarded)
            if resp_status in _REDIRECT_STATUS:
                location = resp_headers.get("location")
                if not location:
                    raise FetchError(f"{source}: HTTP {resp_status} without a Location",
                                     status=resp_status)
                refusal = _redirect_refusal(url, location)
                if refusal is not None:
                    exc = FetchError(f"{source}: {refusal}", status=resp_status)
                    self._record_failure(source, kind, exc)
                    raise exc
                nxt = urljoin(url, location.strip())
                if nxt in seen:
                    raise FetchError(f"{source}: redirect loop ({url} -> {nxt})",
                                     status=resp_status)
                seen.add(nxt)
                url = nxt
                continue
            if resp_status == 304:
                if archived is None:  # a 304 we did not ask for
                    raise FetchError(f"{source}: HTTP 304 without a cached copy", status=304)
                self._count("not_modified")
                meta, cached, sha = archived
                # keep the validators: a 304 may omit them, and the next run needs them
                kept = {"etag": meta.get("etag"), "last-modified": meta.get("last_modified")}
                merged = {k: v for k, v in kept.items() if v} | resp_headers
                if self.archive is not None:
                    self.archive.put(source, kind, 304, None, merged,
                                     final_url=meta.get("final_url"),
                                     content_type=meta.get("content_type"),
                                     charset=meta.get("charset"), sha=sha)
                return Fetched(Page(source=source, url=str(meta.get("final_url") or url),
                                    content=cached, status=304,
                                    content_type=meta.get("content_type"),
                                    encoding=meta.get("charset"), fetched_at=_now()), True, sha,
                               merged.get("etag"), merged.get("last-modified"))
            assert body is not None  # noqa: S101 - _request returns a body for every 2xx
            sha = hashlib.sha256(body).hexdigest()
            if self.archive is not None:
                self.archive.put(source, kind, resp_status, body, resp_headers,
                                 final_url=final_url, content_type=ctype, charset=charset)
            return Fetched(Page(source=source, url=final_url, content=body, status=resp_status,
                                content_type=ctype, encoding=charset, fetched_at=_now()),
                           False, sha, resp_headers.get("etag"), resp_headers.get("last-modified"))
        raise FetchError(f"{source}: more than {opts.max_redirects} redirects")

    def _check(self, source: str, url: str, kind: str) -> None:
        """Raise ``FetchError`` (recorded) when the guard refuses ``url``."""
        reason = self.guard.refusal(url)
        if reason is None:
            return
        hop = f" (redirected to {url})" if url != source else ""
        exc = FetchError(f"{source}: {reason}{hop}", transient=reason.startswith("cannot resolve"))
        self._record_failure(source, kind, exc)
        raise exc

    def _deadline_error(self, source: str) -> FetchError:
        return FetchError(f"{source}: deadline of {self.options.deadline:g} s passed (connect, "
                          "headers, body, redirects and retries together)")

    def _request(self, source: str, url: str, kind: str, headers: dict[str, str], delay: float,
                 budget: _Budget | None = None, guarded: bool = True,
                 ) -> tuple[int, dict[str, str], bytes | None, str, str | None, str | None]:
        """One GET with retries. Returns (status, headers, body, url, content type, charset).

        The body is None for redirects and 304s; errors raise ``FetchError``.
        """
        opts = self.options
        budget = budget or _Budget(opts.deadline)
        host = urlparse(url).netloc
        attempt = 0
        while True:
            wait: float | None = None
            try:
                if budget.left <= 0:
                    raise self._deadline_error(source)
                with self.throttle.slot(host, delay):
                    self._count("requests")
                    started = time.monotonic()
                    try:
                        return self._once(source, url, kind, headers, started + budget.left,
                                          self.guard if guarded else None)
                    finally:
                        budget.spend(time.monotonic() - started)
            except FetchError as exc:
                if exc.transient and budget.left <= 0:
                    exc = self._deadline_error(source)
                if not exc.transient or attempt >= opts.max_retries:
                    self._record_failure(source, kind, exc)
                    raise exc
                wait = exc.retry_after
                if wait is not None and wait > opts.max_retry_after:
                    exc.args = (f"{exc.args[0]}; Retry-After {wait:g} s is longer than "
                                f"{opts.max_retry_after:g} s, left for a later run",)
                    self._record_failure(source, kind, exc)
                    raise
                if wait is None:
                    wait = opts.retry_delay * (2 ** attempt)
                self.throttle.pause(host, wait)
                self._count("retries")
                attempt += 1

    def _record_failure(self, source: str, kind: str, exc: FetchError) -> None:
        if self.archive is not None:
            self.archive.put(source, kind, exc.status, None, exc.headers, error=str(exc))

    def _once(self, source: str, url: str, kind: str, headers: dict[str, str],
              deadline: float | None = None, guard: UrlGuard | None = None,
              ) -> tuple[int, dict[str, str], bytes | None, str, str | None, str | None]:
        opts = self.options
        try:
            with scope(deadline, guard), self.client.stream("GET", url, headers=headers) as resp:
                status = resp.status_code
                self._count(f"status_{status}")
                rheaders = {k.lower(): v for k, v in resp.headers.items()}
                ctype_full = rheaders.get("content-type", "")
                ctype = ctype_full.split(";")[0].strip().lower() or None
                charset = resp.charset_encoding
                if status in _REDIRECT_STATUS or status == 304:
                    return status, rheaders, None, str(resp.url), ctype, charset
                if not 200 <= status < 300:
                    raise FetchError(f"{source}: HTTP {status}", status=status,
                                     transient=status in _RETRY_STATUS, headers=rheaders,
                                     retry_after=retry_after(rheaders.get("retry-after")))
                if kind == "page" and ctype and not ctype.startswith(_PAGE_TYPES):
                    raise FetchError(f"{source}: not an HTML page ({ctype})", status=status)
                length = rheaders.get("content-length", "")
                if length.isdigit() and int(length) > opts.max_bytes:
                    raise FetchError(f"{source}: {length} bytes, over the {opts.max_bytes}-byte cap",
                                     status=status)
                chunks: list[bytes] = []
                total = 0
                for chunk in resp.iter_bytes():
                    if deadline is not None and time.monotonic() > deadline:
                        raise DeadlineExceeded("deadline passed while reading the body")
                    total += len(chunk)
                    if total > opts.max_bytes:
                        raise FetchError(f"{source}: over the {opts.max_bytes}-byte cap",
                                         status=status)
                    chunks.append(chunk)
                return status, rheaders, b"".join(chunks), str(resp.url), ctype, charset
        except DeadlineExceeded as exc:
            raise self._deadline_error(source) from exc
        except _BadRedirect as exc:
            self._count(f"status_{exc.status}")
            hop = f" (redirected to {url})" if url != source else ""
            raise FetchError(f"{source}: {exc}{hop}", status=exc.status) from exc
        except Refused as exc:
            hop = f" (redirected to {url})" if url != source else ""
            raise FetchError(f"{source}: {exc}{hop}", transient=exc.transient) from exc
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
            raise FetchError(f"{source}: refused: not a URL that can be fetched ({url[:80]}: "
                             f"{exc})") from exc
        except httpx.TimeoutException as exc:
            if deadline is not None and time.monotonic() >= deadline:
                raise self._deadline_error(source) from exc
            raise FetchError(f"{source}: timed out after {opts.timeout:g} s",
                             transient=True) from exc
        except httpx.RemoteProtocolError as exc:
            text = str(exc)
            if "incomplete" in text or "without sending complete message body" in text:
                raise FetchError(f"{source}: truncated body ({text})", transient=True) from exc
            raise FetchError(f"{source}: protocol error ({text})", transient=True) from exc
        except httpx.DecodingError as exc:
            raise FetchError(f"{source}: undecodable body ({exc})") from exc
        except (httpx.ConnectError, httpx.ReadError, httpx.WriteError) as exc:
            raise FetchError(f"{source}: connection failed ({type(exc).__name__}: {exc})",
                             transient=True) from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"{source}: {type(exc).__name__}: {exc}", transient=True) from exc


def default_crawler(settings: Settings, archive: Archive | None = None, **overrides: Any) -> Crawler:
    """A ``Crawler`` configured from ``settings``."""
    return Crawler(CrawlOptions.from_settings(settings, **overrides), archive)

