"""Writing: runs, extractions (one transaction per batch), failures, feeds and fetch state."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from ..records import Extraction
from .common import chunks, clean_json, clean_text, to_instant, utc_now
from .curated import sync_curated_prices
from .history import refresh_series
from .rows import Rows
from .schema import (
    aliases,
    articles,
    entities,
    evidence,
    facts,
    feeds,
    fetches,
    run_errors,
    runs,
    series,
)

__all__ = [
    "RETRY_BASE",
    "RETRY_CAP",
    "close_abandoned_runs",
    "finish_run",
    "optimize",
    "rebuild_history",
    "record_failure",
    "retry_delay",
    "save_batch",
    "save_extraction",
    "save_extractions",
    "save_fetch",
    "start_run",
    "sync_feeds",
    "url_id",
]

log = logging.getLogger("extractor.store")

RETRY_BASE = dt.timedelta(hours=1)  # first retry of a failed fetch
RETRY_CAP = dt.timedelta(days=7)  # the wait doubles per failure up to this


def url_id(url: str) -> str:
    """Key of a feed or fetch row: the SHA-1 of its URL (URLs can outgrow an index entry)."""
    return hashlib.sha1(url.encode("utf-8", "surrogatepass")).hexdigest()


def _insert(conn: sa.Connection, table: sa.Table) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT (SQLite and PostgreSQL spell it alike)."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(table)
    from sqlalchemy.dialects import sqlite

    return sqlite.insert(table)


def _upsert(conn: sa.Connection, table: sa.Table, rows: Sequence[Mapping[str, Any]],
            keys: Sequence[str], update: Mapping[str, Any] | None = None) -> None:
    """Insert rows; on a key conflict update ``update`` (column -> f(stmt)) or do nothing."""
    if not rows:
        return
    stmt = _insert(conn, table)
    if update:
        stmt = stmt.on_conflict_do_update(
            index_elements=list(keys), set_={c: f(stmt) for c, f in update.items()})
    else:
        stmt = stmt.on_conflict_do_nothing(index_elements=list(keys))
    for part in chunks(rows, 1000):
        conn.execute(stmt, list(part))


def _report_dict(report: Any) -> dict[str, Any]:
    if report is None:
        return {}
    if dataclasses.is_dataclass(report) and not isinstance(report, type):
        return dataclasses.asdict(report)
    if isinstance(report, Mapping):
        return dict(report)
    return dict(vars(report))


def _feed_rows(items: Iterable[Any], now: str) -> list[dict[str, Any]]:
    rows = {}
    for item in items:
        data = {"url": item} if isinstance(item, str) else _report_dict(item)
        url = data.get("url")
        if not isinstance(url, str) or not url:
            continue
        rows[url_id(url)] = {
            "id": url_id(url), "url": clean_text(url),
            "lang": clean_text(str(data["lang"]))[:16] if data.get("lang") else None,
            "title": clean_text(str(data["title"])) if data.get("title") else None,
            "enabled": bool(data.get("enabled", True)), "added_at": now,
        }
    return list(rows.values())


def sync_feeds(engine: Engine, items: Iterable[Any]) -> int:
    """Add or update feeds (URLs, or mappings/objects with ``url``, ``lang``, ``title``,
    ``enabled``); their fetch state is kept. Returns the number of feeds given."""
    rows = _feed_rows(items, utc_now())
    with engine.begin() as conn:
        _upsert(conn, feeds, rows, ["id"], {
            c: (lambda s, c=c: getattr(s.excluded, c)) for c in ("lang", "title", "enabled")})
    return len(rows)


def start_run(engine: Engine, feeds: Iterable[Any] = (), *,
              extractor_version: str | None = None) -> int:
    """Open a run (a row in ``runs``) and record its feeds; returns the run id."""
    feed_list = list(feeds) if not isinstance(feeds, str | int) else []
    if feed_list:
        sync_feeds(engine, feed_list)
    count = feeds if isinstance(feeds, int) else len(feed_list)
    with engine.begin() as conn:
        sync_curated_prices(conn)  # the pinned curated list, for price_checks
        result = conn.execute(runs.insert().values(
            started_at=utc_now(), status="running", extractor_version=extractor_version,
            feeds=count))
        key = result.inserted_primary_key
    assert key is not None  # an INSERT always has one
    return int(key[0])


def close_abandoned_runs(engine: Engine) -> list[int]:
    """Mark every ``running`` run ``abandoned``, with an end time; returns their ids.

    Call it only while holding the run lock of this database: then no run is alive on it,
    so a ``running`` row was left by a process that died (kill -9, power loss).
    """
    with engine.begin() as conn:
        ids = [int(i) for i in conn.execute(
            sa.select(runs.c.id).where(runs.c.status == "running").order_by(runs.c.id)).scalars()]
        if ids:
            conn.execute(runs.update().where(runs.c.id.in_(ids))
                         .values(status="abandoned", finished_at=utc_now()))
    return ids


def record_failure(engine: Engine, run_id: int | None, source: str, reason: str) -> None:
    """Record why a source (feed, URL, file) failed in a run (``run_id`` None: nothing)."""
    log.debug("%s: %s", source, reason)
    if run_id is None:
        return
    with engine.begin() as conn:
        conn.execute(run_errors.insert().values(
            run_id=run_id, source=clean_text(str(source)), reason=clean_text(str(reason)),
            at=utc_now()))


def _count(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, Mapping):
        values = [v for v in value.values() if isinstance(v, int) and not isinstance(v, bool)]
        return sum(values) if values else None
    return None


def finish_run(engine: Engine, run_id: int, report: Any = None, *, status: str = "ok") -> None:
    """Close a run: end time, status, counts and the whole report (mapping or dataclass).

    Counts are read from the report's keys ``feeds``, ``articles_new`` (or ``new``),
    ``articles_updated`` (``updated``), ``articles_unchanged`` (``unchanged``),
    ``articles_failed`` (``failed``) and ``facts`` (a number or a count per type).
    """
    data = _report_dict(report)

    def pick(*names: str) -> int | None:
        for name in names:
            if name in data:
                value = _count(data[name])
                if value is not None:
                    return value
        return None

    values: dict[str, Any] = {
        "finished_at": utc_now(),
        "status": str(data.get("status") or status)[:16],
        "report": clean_json(json.loads(json.dumps(data, default=str))) if data else None,
    }
    for column, names in (("feeds", ("feeds",)), ("articles_new", ("articles_new", "new")),
                          ("articles_updated", ("articles_updated", "updated")),
                          ("articles_unchanged", ("articles_unchanged", "unchanged")),
                          ("articles_failed", ("articles_failed", "failed")),
                          ("facts", ("facts", "facts_stored", "facts_by_type"))):
        value = pick(*names)
        if value is not None:
            values[column] = value
    with engine.begin() as conn:
        conn.execute(runs.update().where(runs.c.id == run_id).values(**values))


def _save_batch(conn: sa.Connection, batch: Sequence[Extraction], run_id: int | None,
                extractor_version: str | None, refresh: bool) -> tuple[int, set[str]]:
    now = utc_now()
    ids = list(dict.fromkeys(ex.article.id for ex in batch))
    known: dict[str, tuple[str, int | None]] = {}
    old_series: set[str] = set()
    for part in chunks(ids, 500):
        for row in conn.execute(sa.select(articles.c.id, articles.c.first_seen,
                                          articles.c.first_run_id)
                                .where(articles.c.id.in_(part))):
            known[row.id] = (row.first_seen, row.first_run_id)
        old_series.update(s for (s,) in conn.execute(
            sa.select(facts.c.series_id).distinct().where(facts.c.article_id.in_(part)))
            if s is not None)
        conn.execute(evidence.delete().where(evidence.c.article_id.in_(part)))
        conn.execute(facts.delete().where(facts.c.article_id.in_(part)))
    rows = Rows(now=now)
    for ex in batch:
        first_seen, first_run = known.get(ex.article.id, (now, run_id))
        rows.add(ex, first_seen=first_seen, first_run_id=first_run, run_id=run_id,
                 extractor_version=extractor_version)
    keep = ("first_seen", "first_run_id")
    _upsert(conn, articles, list(rows.articles.values()), ["id"], {
        c.name: (lambda s, n=c.name: getattr(s.excluded, n))
        for c in articles.columns if c.name != "id" and c.name not in keep})
    _upsert(conn, entities, list(rows.entities.values()), ["id"], {
        c: (lambda s, c=c: sa.func.coalesce(getattr(entities.c, c), getattr(s.excluded, c)))
        for c in ("developer", "developer_id", "family")})
    _upsert(conn, aliases, list(rows.aliases.values()), ["entity_id", "alias_key"])
    _upsert(conn, series, list(rows.series.values()), ["id"])
    fact_rows = list(rows.facts.values())
    for fact_part in chunks(fact_rows, 1000):
        conn.execute(facts.insert(), list(fact_part))
    for evidence_part in chunks(rows.evidence, 1000):
        conn.execute(evidence.insert(), list(evidence_part))
    if run_id is not None and rows.skipped:
        conn.execute(run_errors.insert(), [
            {"run_id": run_id, "source": clean_text(url), "reason": reason, "at": now}
            for url, reason in rows.skipped])
    for url, reason in rows.skipped:
        log.warning("%s: %s", url, reason)
    touched = old_series | set(rows.series)
    if refresh:
        refresh_series(conn, touched)
    return len(fact_rows), touched


def save_extractions(engine: Engine, extractions: Iterable[Extraction], *,
                     run_id: int | None = None, extractor_version: str | None = None,
                     batch_size: int = 200, refresh: bool = True) -> int:
    """Save many extractions, one transaction per batch; returns the number of facts stored.

    Each article is upserted by its canonical URL and its facts replace the ones stored
    before, so saving again never duplicates. ``refresh=False`` skips the history update
    (for bulk loads): call ``rebuild_history(engine)`` once at the end.
    """
    total = 0
    for batch in chunks(extractions, batch_size):
        with engine.begin() as conn:
            n, _ = _save_batch(conn, batch, run_id, extractor_version, refresh)
        total += n
    return total


def save_extraction(engine: Engine, extraction: Extraction, *, run_id: int | None = None,
                    extractor_version: str | None = None) -> int:
    """Save one article and its facts in one transaction; returns the number of facts.

    Upserts the article (by canonical URL), its entities and aliases, and replaces the
    article's facts and evidence. Facts that cannot be stored (no model, a price without
    an amount ...) are skipped and recorded in ``run_errors`` with the reason.
    """
    return save_extractions(engine, [extraction], run_id=run_id,
                            extractor_version=extractor_version)


def save_batch(engine: Engine, extractions: Sequence[Extraction], *,
               run_id: int | None = None, extractor_version: str | None = None,
               ) -> tuple[int, set[str]]:
    """Save ``extractions`` in one transaction without updating the history; returns the
    number of facts stored and the series they touched, for ``rebuild_history(engine,
    series)`` once every batch is in. The nightly writer saves this way: refreshing a
    series costs as much as its reports, so once per run rather than once per article."""
    with engine.begin() as conn:
        return _save_batch(conn, extractions, run_id, extractor_version, False)


def rebuild_history(engine: Engine, series_ids: Iterable[str] | None = None) -> None:
    """Recompute ``valid_to`` and the series ``series_ids`` (every series when None, e.g.
    after a bulk load with ``refresh=False``)."""
    with engine.begin() as conn:
        refresh_series(conn, series_ids)


def optimize(engine: Engine) -> None:
    """Refresh the query planner's statistics (ANALYZE); run after a large load."""
    with engine.begin() as conn:
        conn.execute(sa.text("ANALYZE"))


def retry_delay(attempts: int) -> dt.timedelta:
    """How long to wait after the ``attempts``-th failure in a row: 1 h, 2 h, 4 h ... 7 days.

    >>> retry_delay(1), retry_delay(3)
    (datetime.timedelta(seconds=3600), datetime.timedelta(seconds=14400))
    """
    return min(RETRY_BASE * (1 << max(0, min(attempts, 32) - 1)), RETRY_CAP)


def save_fetch(engine: Engine, run_id: int | None, url: str, status: int | None, *,
               etag: str | None = None, last_modified: str | None = None,
               content_hash: str | None = None, content_type: str | None = None,
               error: str | None = None, archive_path: str | None = None,
               kind: str = "article", feed_url: str | None = None,
               fetched_at: str | dt.datetime | None = None,
               next_retry_at: str | dt.datetime | None = None) -> dict[str, Any]:
    """Record a fetch of ``url`` (one row per URL: its last state); returns that row.

    A failure (an ``error``, no status, or a status >= 400) counts ``attempts`` up and
    schedules ``next_retry_at`` (``retry_delay`` unless given) while keeping the cache
    validators of the last success; a success resets both. A 304 keeps the stored
    validators, hash and archive path where none are given. A feed URL also updates
    its ``feeds`` row.
    """
    now = to_instant(fetched_at)
    fid = url_id(url)
    failed = error is not None or not status or status >= 400
    with engine.begin() as conn:
        old = conn.execute(sa.select(fetches).where(fetches.c.id == fid)).mappings().first()
        row: dict[str, Any] = {
            "id": fid, "url": clean_text(url), "kind": kind[:16],
            "feed_url": clean_text(feed_url) if feed_url else (old["feed_url"] if old else None),
            "run_id": run_id, "status": status, "fetched_at": now,
            "first_fetched_at": old["first_fetched_at"] if old else now,
            "content_type": content_type or (old["content_type"] if old else None),
        }
        keep_old = failed or status == 304
        for name, value in (("etag", etag), ("last_modified", last_modified),
                            ("content_hash", content_hash), ("archive_path", archive_path)):
            if value is None and keep_old and old is not None:
                value = old[name]
            row[name] = clean_text(value) if isinstance(value, str) else value
        if failed:
            attempts = (old["attempts"] if old else 0) + 1
            row.update(
                error=clean_text(error or f"HTTP {status}" if status else error or "no response"),
                attempts=attempts,
                next_retry_at=(to_instant(next_retry_at) if next_retry_at else to_instant(
                    dt.datetime.fromisoformat(now.replace("Z", "+00:00"))
                    + retry_delay(attempts))))
        else:
            row.update(error=None, attempts=0, next_retry_at=None)
        _upsert(conn, fetches, [row], ["id"], {
            c.name: (lambda s, n=c.name: getattr(s.excluded, n))
            for c in fetches.columns if c.name not in ("id", "first_fetched_at")})
        feed_values: dict[str, Any] = {"last_fetched": now, "last_status": status,
                                       "last_error": row["error"]}
        if not failed:
            feed_values.update(etag=row["etag"], last_modified=row["last_modified"])
        conn.execute(feeds.update().where(feeds.c.id == fid).values(**feed_values))
    return dict(row)
