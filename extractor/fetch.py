"""The only code that reads resources: local files and http(s) URLs -> ``Page``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import unquote, urlparse

import httpx

from .records import Page
from .settings import Settings

__all__ = ["FetchError", "get", "is_url"]


class FetchError(Exception):
    """A resource could not be read; the message says why."""


def is_url(source: str) -> bool:
    return urlparse(source).scheme in ("http", "https")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def get(source: str, settings: Settings | None = None, client: httpx.Client | None = None) -> Page:
    """Read a file path, ``file://`` URL or http(s) URL.

    Raises ``FetchError`` with a reason (missing file, HTTP status, too large, timeout).
    """
    settings = settings or Settings()
    parsed = urlparse(source)
    if parsed.scheme in ("http", "https"):
        return _get_http(source, settings, client)
    path = Path(unquote(parsed.path)) if parsed.scheme == "file" else Path(source)
    try:
        size = path.stat().st_size
        if size > settings.max_bytes:
            raise FetchError(f"{source}: {size} bytes, over the {settings.max_bytes}-byte cap")
        content = path.read_bytes()
    except FileNotFoundError as exc:
        raise FetchError(f"{source}: no such file") from exc
    except IsADirectoryError as exc:
        raise FetchError(f"{source}: is a directory") from exc
    except OSError as exc:
        raise FetchError(f"{source}: {exc.strerror or exc}") from exc
    suffix = path.suffix.lower()
    ctype = {".html": "text/html", ".htm": "text/html", ".txt": "text/plain",
             ".xml": "application/xml"}.get(suffix)
    return Page(source=source, url=path.resolve().as_uri(), content=content,
                content_type=ctype, fetched_at=_now())


def _get_http(source: str, settings: Settings, client: httpx.Client | None) -> Page:
    own = client is None
    client = client or httpx.Client(
        headers={"User-Agent": settings.user_agent},
        timeout=settings.timeout,
        follow_redirects=True,
        max_redirects=settings.max_redirects,
    )
    try:
        with client.stream("GET", source) as resp:
            if resp.status_code >= 400:
                raise FetchError(f"{source}: HTTP {resp.status_code}")
            chunks: list[bytes] = []
            total = 0
            for chunk in resp.iter_bytes():
                total += len(chunk)
                if total > settings.max_bytes:
                    raise FetchError(f"{source}: over the {settings.max_bytes}-byte cap")
                chunks.append(chunk)
            ctype = resp.headers.get("content-type", "")
            return Page(
                source=source,
                url=str(resp.url),
                content=b"".join(chunks),
                status=resp.status_code,
                content_type=ctype.split(";")[0].strip() or None,
                encoding=resp.charset_encoding,
                fetched_at=_now(),
            )
    except httpx.TooManyRedirects as exc:
        raise FetchError(f"{source}: too many redirects") from exc
    except httpx.TimeoutException as exc:
        raise FetchError(f"{source}: timed out") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"{source}: {type(exc).__name__}: {exc}") from exc
    finally:
        if own:
            client.close()
