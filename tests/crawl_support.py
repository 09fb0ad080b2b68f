"""A real HTTP server on loopback for the crawler tests, with faults on demand.

``Site`` serves files (by default the bundled corpus: ``/feeds/*.xml``, ``/articles/*.html``)
from a ``ThreadingHTTPServer`` bound to 127.0.0.1 on a free port, answers conditional
requests (ETag / Last-Modified -> 304), and records every request it receives (time, path,
headers). A ``Route`` can inject a fault: a sequence of statuses (500 then 200, 429 with
Retry-After), a delay, a redirect, a truncated or reset body, a content type or charset.

The site is on loopback, which the crawler's SSRF guard refuses for links found in fetched
content (a feed's entries, a sitemap's ``<loc>``, a redirect to another host): a test that
crawls it through its feeds sets ``allow_hosts=ALLOW_LOOPBACK``, as an operator would for a
site on their own network.
"""

from __future__ import annotations

import email.utils
import hashlib
import http.server
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"

__all__ = ["ALLOW_LOOPBACK", "CORPUS", "Request", "Route", "Site", "serve"]

ALLOW_LOOPBACK = ("127.0.0.1",)  # the ``allow_hosts`` setting that lets the crawler reach ``Site``

_FIXED_DATE = email.utils.formatdate(1_700_000_000, usegmt=True)


@dataclass
class Route:
    """What one path answers. ``statuses`` are used one per hit, then ``status`` forever."""

    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    statuses: list[int] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)  # extra headers on every answer
    retry_after: str | None = None  # sent with 429 and 503
    delay: float = 0.0  # seconds before answering
    redirect: str | None = None  # Location of a 301
    truncate: bool = False  # announce the full length, send half, close
    reset: bool = False  # close the connection without an answer
    conditional: bool = True  # answer If-None-Match / If-Modified-Since with 304
    length: int | None = None  # a Content-Length to announce instead of the real one
    drip: float = 0.0  # send the whole answer (status line, headers, body) a byte at a time,
    # this many seconds apart

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:16] + '"'


@dataclass(frozen=True)
class Request:
    at: float  # time.monotonic() when the request line arrived
    path: str
    headers: dict[str, str]


class Site:
    """Routes plus the log of requests; ``url(path)`` gives the absolute URL."""

    def __init__(self, robots: str | None = "User-agent: *\nAllow: /\n") -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self.lock = threading.Lock()
        self.base = ""
        if robots is not None:
            self.routes["/robots.txt"] = Route(robots.encode(), "text/plain")

    def add(self, path: str, route: Route) -> Route:
        self.routes[path] = route
        return route

    def add_corpus(self, corpus: Path = CORPUS) -> None:
        for feed in sorted((corpus / "feeds").glob("*.xml")):
            self.add(f"/feeds/{feed.name}", Route(feed.read_bytes(), "application/xml"))
        for page in sorted((corpus / "articles").glob("*.html")):
            self.add(f"/articles/{page.name}", Route(page.read_bytes()))

    def url(self, path: str) -> str:
        return self.base + path

    def paths(self) -> list[str]:
        with self.lock:
            return [r.path for r in self.requests]

    def hits(self, path: str) -> list[Request]:
        with self.lock:
            return [r for r in self.requests if r.path == path]

    def clear(self) -> None:
        with self.lock:
            self.requests.clear()


def _handler(site: Site) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
            pass

        def do_GET(self) -> None:  # noqa: N802 - stdlib name
            headers = {k.lower(): v for k, v in self.headers.items()}
            with site.lock:
                site.requests.append(Request(time.monotonic(), self.path, headers))
                route = site.routes.get(self.path.split("?")[0])
                status = route.statuses.pop(0) if route and route.statuses else \
                    (route.status if route else 404)
            if route is None:
                self._send(404, b"not found", "text/plain")
                return
            if route.delay:
                time.sleep(route.delay)
            if route.reset:
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                           b"\x01\x00\x00\x00\x00\x00\x00\x00")
                self.close_connection = True
                self.connection.close()
                return
            if route.redirect is not None:
                self._send(301, b"", "text/plain", {"Location": route.redirect})
                return
            extra = dict(route.headers)
            if status in (429, 503) and route.retry_after is not None:
                extra["Retry-After"] = route.retry_after
            if status != 200:
                self._send(status, b"error", "text/plain", extra)
                return
            extra.setdefault("ETag", route.etag)
            extra.setdefault("Last-Modified", _FIXED_DATE)
            if route.conditional and (
                headers.get("if-none-match") == extra["ETag"]
                or (headers.get("if-modified-since") == extra["Last-Modified"]
                    and "if-none-match" not in headers)
            ):
                self._send(304, b"", None, extra)
                return
            if route.drip:
                self._drip(route, extra)
                return
            if route.truncate:
                self.send_response(200)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body[: len(route.body) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            self._send(200, route.body, route.content_type, extra, route.length)

        def _drip(self, route: Route, extra: dict[str, str]) -> None:
            head = ["HTTP/1.1 200 OK", f"Content-Type: {route.content_type}",
                    f"Content-Length: {len(route.body)}", "Connection: close"]
            head += [f"{k}: {v}" for k, v in extra.items()]
            raw = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + route.body
            self.close_connection = True
            try:
                for i in range(len(raw)):
                    self.wfile.write(raw[i:i + 1])
                    self.wfile.flush()
                    time.sleep(route.drip)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up, as it should

        def _send(self, status: int, body: bytes, ctype: str | None,
                  extra: dict[str, str] | None = None, length: int | None = None) -> None:
            self.send_response(status)
            if ctype:
                self.send_header("Content-Type", ctype)
            for key, value in (extra or {}).items():
                self.send_header(key, value)
            if status != 304:
                self.send_header("Content-Length", str(length if length is not None else len(body)))
            self.end_headers()
            if status != 304 and body:
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

    return Handler


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that give up (timeouts, resets) are part of the scenarios


@contextmanager
def serve(site: Site) -> Iterator[Site]:
    """Run ``site`` on 127.0.0.1:<free port> for the duration of the block."""
    server = _QuietServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
