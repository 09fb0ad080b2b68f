"""Time-awareness: which report of a series is current, and until when each one held.

A series is one thing that can change: a model's input price in USD, its MMLU score, its
availability on a channel. Every fact of a series keeps its ``reported_on`` day; its
``valid_to`` is the first later day on which the series was reported again (NULL while
nothing later exists), and ``series.current_fact_id`` is the latest report. Ties on the
latest day go to the higher confidence, then the higher value (a list price over a cached
one), then the fact id; a launch with a stated date beats one without.

The statements are plain SQL that SQLite and PostgreSQL both run.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from .common import chunks

__all__ = ["refresh_series"]

_VALID_TO = """
UPDATE facts SET valid_to = (
  SELECT MIN(f2.reported_on) FROM facts f2
  WHERE f2.series_id = facts.series_id AND f2.reported_on > facts.reported_on)"""

_SERIES = """
UPDATE series SET
  first_reported_on = (SELECT MIN(f.reported_on) FROM facts f WHERE f.series_id = series.id),
  last_reported_on = (SELECT MAX(f.reported_on) FROM facts f WHERE f.series_id = series.id),
  reports = (SELECT COUNT(*) FROM facts f WHERE f.series_id = series.id),
  articles = (SELECT COUNT(DISTINCT f.article_id) FROM facts f WHERE f.series_id = series.id),
  current_fact_id = (
    SELECT f.id FROM facts f WHERE f.series_id = series.id
    ORDER BY CASE WHEN f.type = 'launch' AND f.date IS NULL THEN 1 ELSE 0 END,
             f.reported_on DESC, f.confidence DESC,
             COALESCE(f.amount, f.score, f.tokens, f.count, 0) DESC, f.id
    LIMIT 1)"""

_EMPTY = "DELETE FROM series WHERE reports = 0"

_CHUNK = 500


def refresh_series(conn: sa.Connection, ids: Iterable[str] | None = None) -> None:
    """Recompute ``valid_to`` and the series rows for ``ids`` (all series when None).

    Series left without facts are deleted. Runs inside the caller's transaction.
    """
    if ids is None:
        conn.execute(sa.text(_VALID_TO))
        conn.execute(sa.text(_SERIES))
        conn.execute(sa.text(_EMPTY))
        return
    for part in chunks(sorted(set(ids)), _CHUNK):
        params = {"ids": list(part)}
        conn.execute(sa.text(_VALID_TO + " WHERE series_id IN :ids")
                     .bindparams(sa.bindparam("ids", expanding=True)), params)
        conn.execute(sa.text(_SERIES + " WHERE id IN :ids")
                     .bindparams(sa.bindparam("ids", expanding=True)), params)
        conn.execute(sa.text(_EMPTY + " AND id IN :ids")
                     .bindparams(sa.bindparam("ids", expanding=True)), params)
