"""Time-awareness: which report of a series is current, and until when each one held.

A series is one thing that can change: a model's input price in USD, its MMLU score, its
availability on a channel. Every fact of a series keeps its ``reported_on`` day; its
``valid_to`` is the first later day on which the series was reported again (NULL while
nothing later exists), and ``series.current_fact_id`` is the latest report. Ties on the
latest day go to the higher confidence, then the higher value (a list price over a cached
one), then the fact id; a launch with a stated date beats one without. The series row
also keeps the current report's value (score, price per million tokens, tokens, count),
its date, and for benchmarks the rank of the model among all models scored on it; the
consensus value with the number of reports that give it, and how many articles disagree with
the current value.

The old price of a change (``price_change = 'old'``) is never the current report while a
newer one exists, and it ends (``valid_to``) the day its article states the new price.

The statements are plain SQL that SQLite and PostgreSQL both run.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from .common import chunks

__all__ = ["refresh_series"]

# the old price of a change ends the day its article gives the new one
_VALID_TO = """
UPDATE facts SET valid_to = (
  SELECT MIN(f2.reported_on) FROM facts f2
  WHERE f2.series_id = facts.series_id AND (f2.reported_on > facts.reported_on
    OR (facts.price_change = 'old' AND f2.reported_on = facts.reported_on
        AND COALESCE(f2.price_change, '') <> 'old')))"""

_SERIES = """
UPDATE series SET
  first_reported_on = (SELECT MIN(f.reported_on) FROM facts f WHERE f.series_id = series.id),
  last_reported_on = (SELECT MAX(f.reported_on) FROM facts f WHERE f.series_id = series.id),
  reports = (SELECT COUNT(*) FROM facts f WHERE f.series_id = series.id),
  articles = (SELECT COUNT(DISTINCT f.article_id) FROM facts f WHERE f.series_id = series.id),
  current_fact_id = (
    SELECT f.id FROM facts f WHERE f.series_id = series.id
    ORDER BY CASE WHEN f.type = 'launch' AND f.date IS NULL THEN 1 ELSE 0 END,
             CASE WHEN f.price_change = 'old' THEN 1 ELSE 0 END,
             f.reported_on DESC,
             CASE WHEN f.price_change = 'new' THEN 0 ELSE 1 END, f.confidence DESC,
             COALESCE(f.price_per_million, f.amount, f.score, f.tokens, f.count, 0) DESC, f.id
    LIMIT 1)"""

_CURRENT = """
UPDATE series SET
  value = (SELECT COALESCE(f.price_per_million, f.score, f.tokens, f.count) FROM facts f
           WHERE f.id = series.current_fact_id),
  day = (SELECT COALESCE(f.date, CASE WHEN f.type IN ('launch', 'availability')
                                      THEN series.first_reported_on END)
         FROM facts f WHERE f.id = series.current_fact_id)"""

_EMPTY = "DELETE FROM series WHERE reports = 0"

# the value most reports give (rounded to 6 digits; old prices aside) and how many give it;
# the articles that, within 30 days of the current report, give a value more than 2 % away
# from it (another date, for dates): an older report is history, not a disagreement
_VALUE = "COALESCE(f.price_per_million, f.score, f.tokens, f.count)"
_CONSENSUS = f"""
UPDATE series SET
  consensus_value = (
    SELECT ROUND(CAST({_VALUE} AS NUMERIC), 6) FROM facts f
    WHERE f.series_id = series.id AND COALESCE(f.price_change, '') <> 'old' AND {_VALUE} IS NOT NULL
    GROUP BY ROUND(CAST({_VALUE} AS NUMERIC), 6) ORDER BY COUNT(*) DESC, MAX(f.reported_on) DESC LIMIT 1),
  consensus_reports = (
    SELECT COUNT(*) FROM facts f
    WHERE f.series_id = series.id AND COALESCE(f.price_change, '') <> 'old' AND {_VALUE} IS NOT NULL
    GROUP BY ROUND(CAST({_VALUE} AS NUMERIC), 6) ORDER BY COUNT(*) DESC, MAX(f.reported_on) DESC LIMIT 1),
  disagreeing_articles = (
    SELECT COUNT(DISTINCT f.article_id) FROM facts f, facts c
    WHERE f.series_id = series.id AND c.id = series.current_fact_id
      AND COALESCE(f.price_change, '') <> 'old' AND ABS(f.reported_day - c.reported_day) <= 30
      AND (ABS({_VALUE} - COALESCE(c.price_per_million, c.score, c.tokens, c.count))
             > CASE WHEN f.type IN ('context_window', 'max_output') THEN 0.05 ELSE 0.02 END
               * ABS(COALESCE(c.price_per_million, c.score, c.tokens, c.count))
           OR (f.type IN ('launch', 'knowledge_cutoff') AND f.date <> c.date)))"""

_RANK = """
UPDATE series SET rank = r.rnk
FROM (SELECT id, RANK() OVER (PARTITION BY other_id ORDER BY value DESC) AS rnk
      FROM series WHERE type = 'benchmark' {where}) AS r
WHERE series.id = r.id AND (series.rank IS NULL OR series.rank <> r.rnk)"""

_CHUNK = 500


def _expanding(sql: str) -> sa.TextClause:
    return sa.text(sql).bindparams(sa.bindparam("ids", expanding=True))


def refresh_series(conn: sa.Connection, ids: Iterable[str] | None = None) -> None:
    """Recompute ``valid_to``, the series rows and benchmark ranks for ``ids`` (all when None).

    Series left without facts are deleted. Runs inside the caller's transaction.
    """
    if ids is None:
        for sql in (_VALID_TO, _SERIES, _CURRENT, _EMPTY, _CONSENSUS, _RANK.format(where="")):
            conn.execute(sa.text(sql))
        return
    benchmarks: set[str] = set()
    for part in chunks(sorted(set(ids)), _CHUNK):
        params = {"ids": list(part)}
        benchmarks.update(b for (b,) in conn.execute(_expanding(
            "SELECT DISTINCT other_id FROM series WHERE type = 'benchmark' AND id IN :ids"),
            params) if b is not None)
        conn.execute(_expanding(_VALID_TO + " WHERE series_id IN :ids"), params)
        conn.execute(_expanding(_SERIES + " WHERE id IN :ids"), params)
        conn.execute(_expanding(_CURRENT + " WHERE id IN :ids"), params)
        conn.execute(_expanding(_EMPTY + " AND id IN :ids"), params)
        conn.execute(_expanding(_CONSENSUS + " WHERE id IN :ids"), params)
    for part in chunks(sorted(benchmarks), _CHUNK):
        conn.execute(_expanding(_RANK.format(where="AND other_id IN :ids")),
                     {"ids": list(part)})
