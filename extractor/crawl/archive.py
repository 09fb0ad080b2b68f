"""The raw archive: every fetched response, kept so that re-extraction never fetches again.

Layout under the archive folder (``Settings.archive``, default ``data/archive``)::

    objects/ab/abcdef....gz   response bodies, gzip, named by the SHA-256 of the body
    index.jsonl               one JSON line per event, appended, never rewritten

Index lines are of two kinds:

- ``{"t": "fetch", "url", "kind", "status", "sha", "etag", "last_modified", "final_url",
  "content_type", "charset", "headers", "at", "error"}``: one response (or one failure to
  get one). A 304 line carries the ``sha`` of the body it confirmed.
- ``{"t": "outcome", "url", "ok", "reason", "article", "hash", "sha", "version", "at"}``:
  what the nightly job made of a page (stored as an article, or failed and why).

Bodies are written to a temporary file and renamed, and the index line that names a body
is appended only after the body is in place; a process killed at any point leaves at worst
an unreferenced body or a torn last line, which the reader skips. The index is the crawler's
memory: conditional-GET validators, the last body of each URL, consecutive failures.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Archive", "FetchRecord", "Outcome", "UrlHistory"]


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class FetchRecord:
    """One archived response, or one failure to get a response."""

    url: str
    kind: str  # feed, page, robots, sitemap
    status: int  # 0 when no response came (timeout, reset, refused)
    at: str
    sha: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    final_url: str | None = None
    content_type: str | None = None
    charset: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    error: str | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of a page: stored (``ok``) or failed with a reason."""

    url: str
    ok: bool
    at: str
    reason: str | None = None
    article: str | None = None  # canonical URL of the stored article
    hash: str | None = None  # content hash of the stored article text
    sha: str | None = None  # the body it was read from
    version: str | None = None  # extractor version that stored it


@dataclass(slots=True)
class UrlHistory:
    """Everything the index says about one URL."""

    last_fetch: FetchRecord | None = None
    last_body: FetchRecord | None = None  # the latest record that has a body (200 or 304)
    last_outcome: Outcome | None = None
    failures: int = 0  # consecutive failed outcomes since the last success
    last_attempt: str | None = None


class Archive:
    """Content-addressed bodies plus an append-only JSON-lines index.

    >>> import tempfile
    >>> arch = Archive(tempfile.mkdtemp())
    >>> rec = arch.put("https://a.example/", "page", 200, b"<p>hi</p>", {"etag": '"1"'})
    >>> arch.body(rec.sha)
    b'<p>hi</p>'
    >>> arch.history()["https://a.example/"].last_body.etag
    '"1"'
    """

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)
        self.objects = self.root / "objects"
        self.index_path = self.root / "index.jsonl"
        self._lock = threading.Lock()
        self._history: dict[str, UrlHistory] | None = None

    # -- bodies ---------------------------------------------------------------------------
    def _object_path(self, sha: str) -> Path:
        return self.objects / sha[:2] / f"{sha}.gz"

    def relpath(self, sha: str) -> str:
        """Where the body ``sha`` lives, relative to the archive folder."""
        return f"objects/{sha[:2]}/{sha}.gz"

    def put_body(self, body: bytes) -> str:
        """Store ``body`` (once) and return its SHA-256."""
        sha = hashlib.sha256(body).hexdigest()
        path = self._object_path(sha)
        if path.exists():
            return sha
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{sha}.{os.getpid()}.{threading.get_ident()}.tmp")
        with open(tmp, "wb") as fh:
            fh.write(gzip.compress(body, compresslevel=6, mtime=0))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        return sha

    def body(self, sha: str) -> bytes:
        """The body stored under ``sha``; raises ``FileNotFoundError`` if it is not there."""
        return gzip.decompress(self._object_path(sha).read_bytes())

    def has_body(self, sha: str | None) -> bool:
        return bool(sha) and self._object_path(str(sha)).exists()

    # -- index ----------------------------------------------------------------------------
    def _append(self, line: dict[str, Any]) -> None:
        """Append one index line (durably) and keep the in-memory history in step."""
        data = (json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
        with self._lock:
            if self._history is not None:
                self._apply(self._history, line)
            self.root.mkdir(parents=True, exist_ok=True)
            with open(self.index_path, "ab") as fh:
                if fh.tell() > 0 and not self._ends_with_newline():
                    fh.write(b"\n")  # a torn line left by a killed run stays alone on its line
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())

    def _ends_with_newline(self) -> bool:
        with open(self.index_path, "rb") as fh:
            fh.seek(-1, os.SEEK_END)
            return fh.read(1) == b"\n"

    def put(self, url: str, kind: str, status: int, body: bytes | None,
            headers: dict[str, str] | None = None, *, final_url: str | None = None,
            content_type: str | None = None, charset: str | None = None,
            sha: str | None = None, error: str | None = None) -> FetchRecord:
        """Archive one response (``body`` None for a 304 or a failure) and index it."""
        headers = {k.lower(): v for k, v in (headers or {}).items()}
        if body is not None:
            sha = self.put_body(body)
        rec = FetchRecord(
            url=url, kind=kind, status=status, at=_now(), sha=sha,
            etag=headers.get("etag"), last_modified=headers.get("last-modified"),
            final_url=final_url, content_type=content_type, charset=charset,
            headers=headers, error=error,
        )
        line = {"t": "fetch", **{k: getattr(rec, k) for k in FetchRecord.__slots__}}
        self._append(line)
        return rec

    def outcome(self, url: str, ok: bool, *, reason: str | None = None, article: str | None = None,
                hash: str | None = None, sha: str | None = None,  # noqa: A002 - the index key
                version: str | None = None) -> Outcome:
        out = Outcome(url=url, ok=ok, at=_now(), reason=reason, article=article, hash=hash,
                      sha=sha, version=version)
        line = {"t": "outcome", **{k: getattr(out, k) for k in Outcome.__slots__}}
        self._append(line)
        return out

    def lines(self) -> Iterator[dict[str, Any]]:
        """Every readable index line, in order; torn or foreign lines are skipped."""
        try:
            fh = open(self.index_path, "rb")  # noqa: SIM115 - closed below, generator
        except FileNotFoundError:
            return
        with fh:
            for raw in fh:
                try:
                    line = json.loads(raw)
                except (json.JSONDecodeError, UnicodeDecodeError):
                    continue
                if isinstance(line, dict) and line.get("t") in ("fetch", "outcome") and line.get("url"):
                    yield line

    @staticmethod
    def _apply(history: dict[str, UrlHistory], line: dict[str, Any]) -> None:
        url = str(line["url"])
        h = history.setdefault(url, UrlHistory())
        if line["t"] == "fetch":
            rec = FetchRecord(**{k: line.get(k) for k in FetchRecord.__slots__ if k != "headers"},
                              headers=line.get("headers") or {})
            h.last_fetch = rec
            h.last_attempt = rec.at
            if rec.sha and rec.status in (200, 304):
                h.last_body = rec
        else:
            out = Outcome(**{k: line.get(k) for k in Outcome.__slots__})
            h.last_outcome = out
            h.failures = 0 if out.ok else h.failures + 1
            h.last_attempt = out.at

    def history(self) -> dict[str, UrlHistory]:
        """URL -> what the index says about it (read once, then kept up to date)."""
        with self._lock:
            if self._history is None:
                history: dict[str, UrlHistory] = {}
                for line in self.lines():
                    try:
                        self._apply(history, line)
                    except (TypeError, KeyError, ValueError):
                        continue
                self._history = history
            return self._history
