"""Reading: article state, facts as plain dicts, articles as records, crawler state."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from ..records import FACT_FIELDS, Article, Table, article_id
from .common import to_instant
from .schema import aliases, articles, entities, feeds, fetches, runs
from .write import url_id

__all__ = [
    "ArticleState",
    "article_state",
    "content_stamp",
    "failed_urls_due",
    "fetched_urls",
    "http_cache",
    "known_models",
    "load_articles",
    "load_facts",
]


@dataclass(frozen=True, slots=True)
class ArticleState:
    """What the store knows of an article: enough to decide whether to extract it again."""

    content_hash: str
    extractor_version: str | None
    article_id: str


def article_state(engine: Engine, url: str) -> ArticleState | None:
    """The stored state of the article at canonical ``url``; None if it was never saved."""
    aid = article_id(url)
    with engine.connect() as conn:
        row = conn.execute(sa.select(articles.c.content_hash, articles.c.extractor_version)
                           .where(articles.c.id == aid)).first()
    if row is None:
        return None
    return ArticleState(row.content_hash, row.extractor_version, aid)


_FACTS_SQL = """
SELECT f.id, f.type, f.model, f.model_id, m.name AS model_name, m.developer, m.family,
       f.org, f.org_id, o.name AS org_name, f.date, f.direction, f.amount, f.currency,
       f.per_tokens, f.price_per_million, f.benchmark, f.benchmark_id, b.name AS benchmark_name,
       f.score, f.tokens, f.count, f.channel, f.channel_id, c.name AS channel_name,
       f.predecessor, f.predecessor_id, p.name AS predecessor_name,
       f.competitor, f.competitor_id, r.name AS competitor_name,
       f.confidence, f.rule, f.reported_on, f.valid_to, f.series_id, f.run_id,
       CASE WHEN s.current_fact_id = f.id THEN 1 ELSE 0 END AS is_current,
       a.id AS article_id, a.url AS article_url, a.source, a.title, a.published, a.language,
       a.first_seen,
       e.sentence, e.start_offset, e.end_offset, e.rule AS evidence_rule,
       (SELECT COUNT(*) FROM evidence e2 WHERE e2.fact_id = f.id) AS evidence_count
FROM facts f
JOIN articles a ON a.id = f.article_id
JOIN entities m ON m.id = f.model_id
LEFT JOIN entities o ON o.id = f.org_id
LEFT JOIN entities b ON b.id = f.benchmark_id
LEFT JOIN entities c ON c.id = f.channel_id
LEFT JOIN entities p ON p.id = f.predecessor_id
LEFT JOIN entities r ON r.id = f.competitor_id
LEFT JOIN series s ON s.id = f.series_id
JOIN evidence e ON e.id = (SELECT MIN(e3.id) FROM evidence e3 WHERE e3.fact_id = f.id)
{where}
ORDER BY a.first_seen, a.id, e.start_offset, f.id
"""

_NAMED = {"org": "org", "benchmark": "benchmark", "channel": "channel",
          "predecessor": "predecessor", "competitor": "competitor"}


def _fact_dict(row: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": row.id, "source": row.source, "type": row.type, "model": row.model,
        "model_id": row.model_id, "model_name": row.model_name,
        "developer": row.developer, "family": row.family,
    }
    for name in FACT_FIELDS[row.type]:
        out[name] = getattr(row, name)
        if name in _NAMED:
            out[f"{name}_id"] = getattr(row, f"{name}_id")
            out[f"{name}_name"] = getattr(row, f"{name}_name")
    if row.type == "price":
        out["price_per_million"] = row.price_per_million
    evidence = {"sentence": row.sentence, "start": row.start_offset, "end": row.end_offset}
    out.update(
        evidence=evidence, confidence=row.confidence, rule=row.rule,
        article_id=row.article_id, article_url=row.article_url, published=row.published,
        title=row.title, language=row.language, first_seen=row.first_seen,
        reported_on=row.reported_on, valid_to=row.valid_to, is_current=bool(row.is_current),
        series_id=row.series_id, run_id=row.run_id, evidence_count=row.evidence_count,
        **evidence,
    )
    return out


def load_facts(engine: Engine, *, types: Iterable[str] | None = None,
               article_url: str | None = None) -> Iterator[dict[str, Any]]:
    """Every stored fact as a plain dict, article by article.

    Keys: the fact-contract fields (``source``, ``type``, ``model``, the type's fields,
    ``evidence``, ``confidence``), flat ``sentence``/``start``/``end``/``rule``, the
    article (``article_url``, ``published``, ``title``, ``first_seen``), time
    (``reported_on``, ``valid_to``, ``is_current``), and resolved entities (``model_id``,
    ``model_name``, ``developer``; ``<field>_id``/``<field>_name`` for named fields).
    Where one fact was read in several sentences, the first one is given.
    """
    clauses: list[str] = []
    params: dict[str, Any] = {}
    if types is not None:
        clauses.append("f.type IN :types")
        params["types"] = list(types)
    if article_url is not None:
        clauses.append("f.article_id = :aid")
        params["aid"] = article_id(article_url)
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    stmt = sa.text(_FACTS_SQL.format(where=where))
    if types is not None:
        stmt = stmt.bindparams(sa.bindparam("types", expanding=True))
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=1000).execute(stmt, params)
        for row in result:
            yield _fact_dict(row)


_NAMES_SQL = """
SELECT f.id, f.type, f.model, f.model_id, f.org, f.date, f.predecessor, f.predecessor_id,
       f.competitor, f.competitor_id, a.url AS article_url, a.published, a.first_seen
FROM facts f JOIN articles a ON a.id = f.article_id JOIN entities m ON m.id = f.model_id
WHERE EXISTS (SELECT 1 FROM evidence e WHERE e.fact_id = f.id)
ORDER BY a.first_seen, a.id, f.id
"""


def load_names(engine: Engine) -> Iterator[dict[str, Any]]:
    """The model names of every stored fact, as ``load_facts`` gives them but without the
    rest (the fact's ``id``, ``type``, ``model``, ``org``, ``date``, ``predecessor`` and
    ``competitor`` with their entity ids, the article's URL and dates): what resolving the
    base's names (``resolve.fact_mentions``) and linking them need, read cheaply."""
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=1000).execute(
            sa.text(_NAMES_SQL))
        for row in result:
            yield row._asdict()


def load_articles(engine: Engine, *, urls: Iterable[str] | None = None,
                  not_version: str | None = None) -> Iterator[Article]:
    """Stored articles as records (text, metadata, tables), e.g. to extract them again.

    ``not_version``: only those last extracted by another extractor version.
    """
    stmt = sa.select(articles).order_by(articles.c.first_seen, articles.c.id)
    if urls is not None:
        stmt = stmt.where(articles.c.id.in_([article_id(u) for u in urls]))
    if not_version is not None:
        stmt = stmt.where(sa.or_(articles.c.extractor_version.is_(None),
                                 articles.c.extractor_version != not_version))
    with engine.connect() as conn:
        for row in conn.execution_options(stream_results=True, yield_per=200).execute(stmt):
            tables = tuple(
                Table(header=tuple(t.get("header", ())),
                      rows=tuple(tuple(r) for r in t.get("rows", ())),
                      caption=t.get("caption") or "")
                for t in (row.tables or ()))
            yield Article(source=row.source or row.url, url=row.url, text=row.text,
                          title=row.title, published=row.published,
                          published_from=row.published_from, language=row.language,
                          tables=tables, flags=tuple(row.flags or ()))


def known_models(engine: Engine) -> tuple[str, ...]:
    """Every spelling of every model seen so far (canonical names included), sorted."""
    stmt = (sa.select(aliases.c.alias).distinct()
            .join(entities, entities.c.id == aliases.c.entity_id)
            .where(entities.c.kind == "model").order_by(aliases.c.alias))
    with engine.connect() as conn:
        return tuple(conn.execute(stmt).scalars())


def last_run_ended_early(engine: Engine) -> bool:
    """The latest run failed or was abandoned: the series it touched may not have been
    refreshed (a run refreshes them once, at its end), so the next one refreshes them all."""
    with engine.connect() as conn:
        status = conn.execute(sa.select(runs.c.status).order_by(runs.c.id.desc()).limit(1)).scalar()
    return status in ("failed", "abandoned")


def content_stamp(engine: Engine) -> str:
    """A short text that changes whenever the facts or entities change (a fact stored,
    replaced or removed, an entity added or renamed): the graph and exports built from an
    equal stamp are still current."""
    with engine.connect() as conn:
        n_facts, last_run, n_ids = conn.execute(sa.text(
            "SELECT COUNT(*), MAX(run_id), COUNT(DISTINCT model_id) FROM facts")).one()
        n_entities, names = conn.execute(sa.text(
            "SELECT COUNT(*), SUM(LENGTH(name)) FROM entities")).one()
    return f"{n_facts}:{last_run}:{n_ids}:{n_entities}:{names}"


def http_cache(engine: Engine, url: str) -> tuple[str | None, str | None] | None:
    """(etag, last_modified) of the last successful fetch of ``url``, for a conditional GET;
    None where neither is known."""
    uid = url_id(url)
    with engine.connect() as conn:
        row = conn.execute(sa.select(fetches.c.etag, fetches.c.last_modified)
                           .where(fetches.c.id == uid)).first()
        if row is None or (row.etag is None and row.last_modified is None):
            row = conn.execute(sa.select(feeds.c.etag, feeds.c.last_modified)
                               .where(feeds.c.id == uid)).first()
    if row is None or (row.etag is None and row.last_modified is None):
        return None
    return row.etag, row.last_modified


def failed_urls_due(engine: Engine, now: str | dt.datetime | None = None, *,
                    max_attempts: int = 5, kind: str | None = "article") -> list[str]:
    """URLs whose last fetch failed and whose retry time has come (fewer than
    ``max_attempts`` failures in a row), oldest retry first."""
    stmt = (sa.select(fetches.c.url)
            .where(fetches.c.error.is_not(None), fetches.c.next_retry_at <= to_instant(now),
                   fetches.c.attempts < max_attempts)
            .order_by(fetches.c.next_retry_at, fetches.c.url))
    if kind is not None:
        stmt = stmt.where(fetches.c.kind == kind)
    with engine.connect() as conn:
        return list(conn.execute(stmt).scalars())


def fetched_urls(engine: Engine, *, kind: str | None = "article") -> set[str]:
    """Every URL this database has fetched (or tried to), of ``kind`` (None: all kinds)."""
    stmt = sa.select(fetches.c.url)
    if kind is not None:
        stmt = stmt.where(fetches.c.kind == kind)
    with engine.connect() as conn:
        return set(conn.execute(stmt).scalars())
