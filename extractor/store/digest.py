"""What changed in the knowledge base over some runs, as plain records for the digest.

The *window* is a set of runs (one run, or every run since a day); what it stored is the facts
whose ``run_id`` is in it. A night with nothing new stores no fact, so its digest is empty.
Each item says what is new against everything stored before the window:

- ``launches``: models whose launch was reported for the first time;
- ``prices``: prices that changed (a later report, or the old and new prices of one
  article), with the percentage;
- ``leaders``: benchmarks whose top model changed (or that were scored for the first time);
- ``availability``: a model offered on a channel for the first time (``announced``: said to
  be coming, or withdrawn);
- ``conflicts``: two articles that disagree, one of them stored in the window; one item per
  disagreement (model, thing, the two values), with the number of pairs of articles.

Every item carries its sources (article URL and title).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from .common import StoreError

__all__ = ["Change", "DigestData", "digest_data"]


@dataclass(frozen=True, slots=True)
class Change:
    """One line of the digest: what changed, and where it was read."""

    kind: str  # launch, price, leader, availability, announced, conflict
    key: str  # stable: the same change has the same key in every digest
    model: str
    fields: dict[str, Any]
    sources: tuple[tuple[str, str | None], ...]  # (url, title), the first SOURCES_KEPT
    articles: int = 0  # how many articles say it, all told

    @property
    def more(self) -> int:
        """Articles that say it beyond those in ``sources``."""
        return max(0, self.articles - len(self.sources))


@dataclass(frozen=True, slots=True)
class DigestData:
    """The changes of a window of runs."""

    runs: tuple[int, ...]
    since: str | None  # the day asked for, if any
    started: str | None  # the first run's start
    finished: str | None  # the last run's end
    articles_new: int = 0
    facts: int = 0
    changes: tuple[Change, ...] = field(default_factory=tuple)

    def of(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]


def _runs(conn: sa.Connection, run: int | None, since: str | None) -> list[tuple]:
    base = "SELECT id, started_at, finished_at, articles_new, facts FROM runs"
    if run is not None:
        rows = conn.execute(sa.text(base + " WHERE id = :r"), {"r": run}).all()
        if not rows:
            raise StoreError(f"no run {run} in this database")
        return rows
    if since is not None:
        return conn.execute(sa.text(base + " WHERE started_at >= :s ORDER BY id"),
                            {"s": since}).all()
    rows = conn.execute(sa.text(base + " WHERE status <> 'running' ORDER BY id DESC LIMIT 1")).all()
    if not rows:
        raise StoreError("no finished run in this database yet (extractor run makes one)")
    return rows


def _q(sql: str) -> sa.TextClause:
    return sa.text(sql).bindparams(sa.bindparam("runs", expanding=True))


SOURCES_KEPT = 10  # per line: a change many articles repeat lists the first ones


class _Rows(list[Any]):
    """The first rows of one change (up to SOURCES_KEPT articles) and how many articles
    say it in all: a first night over thousands of pages keeps a few rows per line."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: set[int] = set()  # hashes of every article URL seen

    def add(self, row: Any) -> None:
        h = hash(row.url)
        if h not in self.urls and len(self.urls) < SOURCES_KEPT:
            self.append(row)
        self.urls.add(h)


def _group(rows: Iterable[Any], key: Any) -> dict[Any, _Rows]:
    out: dict[Any, _Rows] = {}
    for r in rows:
        k = key(r)
        group = out.get(k)
        if group is None:
            group = out[k] = _Rows()
        group.add(r)
    return out


def _sources(rows: _Rows) -> dict[str, Any]:
    return {"sources": tuple(dict.fromkeys((r.url, r.title) for r in rows)),
            "articles": len(rows.urls)}


_LAUNCHES = """
SELECT f.model_id, m.name AS model, COALESCE(m.developer, f.org) AS developer,
       COALESCE(s.day, f.date) AS date, a.url, a.title
FROM facts f JOIN entities m ON m.id = f.model_id JOIN articles a ON a.id = f.article_id
LEFT JOIN series s ON s.id = f.series_id
WHERE f.type = 'launch' AND f.run_id IN :runs
  AND NOT EXISTS (SELECT 1 FROM facts g WHERE g.type = 'launch' AND g.model_id = f.model_id
                  AND (g.run_id IS NULL OR g.run_id < :first))
ORDER BY m.name, a.url"""

_PRICES = """
SELECT DISTINCT cur.model_id, cur.model, cur.direction, cur.currency, cur.kind, cur.tier,
       prev.price_per_million AS before, cur.price_per_million AS now,
       cur.valid_from AS changed_on, a.url, a.title
FROM price_history cur
JOIN price_history prev
  ON prev.model_id = cur.model_id AND prev.direction = cur.direction
 AND prev.currency = cur.currency AND prev.kind = cur.kind
 AND COALESCE(prev.tier, '') = COALESCE(cur.tier, '') AND prev.valid_to = cur.valid_from
JOIN facts f ON f.id = cur.fact_id
JOIN articles a ON a.id = f.article_id
WHERE prev.price_per_million <> cur.price_per_million
  AND COALESCE(cur.change, '') <> 'old' AND f.run_id IN :runs
ORDER BY cur.model, cur.direction, a.url"""

_LEADERS = """
SELECT b.benchmark, b.benchmark_id, b.model, b.model_id, b.score, a.url, a.title
FROM benchmark_leaderboard b JOIN facts f ON f.id = b.fact_id
JOIN articles a ON a.id = f.article_id
WHERE b.rank = 1 AND f.run_id IN :runs
ORDER BY b.benchmark, b.model"""

_BEFORE = """
SELECT m.name AS model, f.model_id, f.score FROM facts f JOIN entities m ON m.id = f.model_id
WHERE f.type = 'benchmark' AND f.benchmark_id = :bench AND (f.run_id IS NULL OR f.run_id < :first)
ORDER BY f.score DESC, m.name LIMIT 1"""

# a model on a channel for the first time, under the status its latest report gives
_AVAILABILITY = """
SELECT f.model_id, m.name AS model, ch.name AS channel,
       COALESCE(cur.status, 'available') AS status, COALESCE(s.day, f.date) AS date,
       cur.date AS stated, f.series_id, a.url, a.title
FROM facts f JOIN entities m ON m.id = f.model_id JOIN entities ch ON ch.id = f.channel_id
JOIN articles a ON a.id = f.article_id
JOIN series s ON s.id = f.series_id JOIN facts cur ON cur.id = s.current_fact_id
WHERE f.type = 'availability' AND f.run_id IN :runs
  AND NOT EXISTS (SELECT 1 FROM facts g WHERE g.series_id = f.series_id
                  AND (g.run_id IS NULL OR g.run_id < :first))
ORDER BY m.name, ch.name, a.url"""

# one line per disagreement (a model, a thing, the two values, the smaller first), however
# many pairs of articles state it: the first such pair, with one article of the window,
# gives the sources
_CONFLICTS = """
SELECT c.model, c.model_id, c.type, c.about, c.value, a1.url AS source_url, a1.title AS title,
       c.other_value, a2.url AS other_source_url, a2.title AS other_title, c.pairs
FROM (
  SELECT o.*,
         ROW_NUMBER() OVER (PARTITION BY o.model_id, o.type, o.about, o.value, o.other_value
                            ORDER BY o.fact_id, o.other_fact_id) AS nth,
         COUNT(*) OVER (PARTITION BY o.model_id, o.type, o.about, o.value, o.other_value) AS pairs
  FROM (
    SELECT x.model, x.model_id, x.type, x.about,
           CASE WHEN x.value <= x.other_value THEN x.value ELSE x.other_value END AS value,
           CASE WHEN x.value <= x.other_value THEN x.other_value ELSE x.value END AS other_value,
           CASE WHEN x.value <= x.other_value THEN x.fact_id ELSE x.other_fact_id END AS fact_id,
           CASE WHEN x.value <= x.other_value THEN x.other_fact_id ELSE x.fact_id END
             AS other_fact_id
    FROM conflicts x
    JOIN facts f1 ON f1.id = x.fact_id JOIN facts f2 ON f2.id = x.other_fact_id
    WHERE f1.run_id IN :runs OR f2.run_id IN :runs
  ) AS o
) AS c
JOIN facts f1 ON f1.id = c.fact_id JOIN articles a1 ON a1.id = f1.article_id
JOIN facts f2 ON f2.id = c.other_fact_id JOIN articles a2 ON a2.id = f2.article_id
WHERE c.nth = 1
ORDER BY c.model, c.type, c.about, c.value, c.other_value"""


def _stored_any(conn: sa.Connection, ids: list[int]) -> bool:
    """Whether a fact of the window is in the base (``runs.facts`` may be unset: a run
    still going, or one that was killed)."""
    return conn.execute(_q("SELECT 1 FROM facts WHERE run_id IN :runs LIMIT 1"),
                        {"runs": ids}).first() is not None


def digest_data(engine: Engine, *, run: int | None = None, since: str | None = None) -> DigestData:
    """The changes stored by run ``run``, by the runs started since ``since`` (a day or an
    instant), or by the latest finished run. Raises StoreError for a run that is not there."""
    with engine.connect() as conn:
        runs = _runs(conn, run, since)
        if not runs:
            return DigestData(runs=(), since=since, started=None, finished=None)
        ids = [int(r[0]) for r in runs]
        p = {"runs": ids, "first": min(ids)}
        changes: list[Change] = []
        if not any(r[4] for r in runs) and not _stored_any(conn, ids):
            return _window(runs, since, ())  # a quiet window: nothing stored, nothing new
        for mid, rows in _group(conn.execute(_q(_LAUNCHES), p), lambda r: r.model_id).items():
            r0 = rows[0]
            date = next((r.date for r in rows if r.date), None)
            changes.append(Change("launch", f"launch|{mid}", r0.model,
                                  {"developer": r0.developer, "date": date}, **_sources(rows)))
        price_rows = _group(conn.execute(_q(_PRICES), p),
                            lambda r: (r.model_id, r.direction, r.currency, r.kind, r.tier, r.before, r.now))
        for (mid, direction, currency, kind, tier, before, now), rows in price_rows.items():
            pct = round(100.0 * (now - before) / before, 1) if before else None
            changes.append(Change("price", f"price|{mid}|{direction}|{currency}|{kind}|{tier or ''}|"
                                  f"{before}|{now}", rows[0].model,
                                  {"direction": direction, "currency": currency, "kind": kind,
                                   "tier": tier, "before": before, "now": now, "percent": pct,
                                   "on": rows[0].changed_on}, **_sources(rows)))
        for (bench_id, mid), rows in _group(conn.execute(_q(_LEADERS), p),
                                            lambda r: (r.benchmark_id, r.model_id)).items():
            r0 = rows[0]
            prev = conn.execute(sa.text(_BEFORE), {"bench": bench_id, "first": min(ids)}).first()
            if prev is not None and (prev.model_id == mid or prev.score >= r0.score):
                continue  # the leader before the window leads still
            changes.append(Change("leader", f"leader|{bench_id}|{mid}", r0.model, {
                "benchmark": r0.benchmark, "score": r0.score,
                "previous": prev.model if prev else None, "previous_score": prev.score if prev else None},
                **_sources(rows)))
        for sid, rows in _group(conn.execute(_q(_AVAILABILITY), p), lambda r: r.series_id).items():
            r0 = rows[0]
            status = r0.status
            kind = "availability" if status in ("available", "preview") else "announced"
            # since when it is offered (stated, else first reported); for what is only
            # announced, the date the text expects, if it gives one
            date = r0.date if kind == "availability" else r0.stated
            changes.append(Change(kind, f"{kind}|{sid}|{status}", r0.model, {
                "channel": r0.channel, "status": status, "date": date}, **_sources(rows)))
        for r in conn.execute(_q(_CONFLICTS), p):
            changes.append(Change("conflict", f"conflict|{r.model_id}|{r.type}|{r.about or ''}|"
                                  f"{r.value}|{r.other_value}", r.model, {
                "type": r.type, "about": r.about, "value": r.value, "other_value": r.other_value,
                "pairs": int(r.pairs)},
                ((r.source_url, r.title), (r.other_source_url, r.other_title)), 2))
    return _window(runs, since, tuple(changes))


def _window(runs: list[tuple], since: str | None, changes: tuple[Change, ...]) -> DigestData:
    return DigestData(
        runs=tuple(int(r[0]) for r in runs), since=since, started=min(str(r[1]) for r in runs),
        finished=max((str(r[2]) for r in runs if r[2]), default=None),
        articles_new=sum(int(r[3] or 0) for r in runs), facts=sum(int(r[4] or 0) for r in runs),
        changes=changes)
