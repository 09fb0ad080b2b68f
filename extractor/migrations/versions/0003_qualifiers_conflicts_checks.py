"""Qualified prices and availability, conflicts and consensus, the curated price list.

- ``facts`` gains typed qualifiers (``price_kind``, ``price_tier``, ``price_change``,
  ``status``) and ``reported_day`` (``reported_on`` as days since 1970-01-01, so that a window
  of days is plain integer arithmetic on both SQLite and PostgreSQL);
- ``series`` gains the consensus value of its reports, how many reports agree with it, and how
  many articles disagree with the current value;
- ``curated_prices`` holds the list prices of the pinned curated catalog (genai-prices);
- the views use them: ``current_prices`` is the standard list price (other kinds and the upper
  tier in their own columns), ``availability_by_channel`` only what is offered now (preview
  included), ``announced_availability`` what is coming or withdrawn; new views ``conflicts``
  and ``price_checks``.

Facts stored before this revision keep NULL qualifiers (a list price, an available model);
``extractor reprocess`` reads them again.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07
"""

from __future__ import annotations

from importlib import import_module

import sqlalchemy as sa
from alembic import op

previous = import_module("extractor.migrations.versions.0002_history_and_views")

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

REPORTED_DAY = {
    "sqlite": "CAST(julianday(reported_on) - 2440587.5 AS INTEGER)",
    "postgresql": "(CAST(reported_on AS date) - DATE '1970-01-01')",
}

#: A price fact that states the standard price: a list price of the base tier, not the old
#: price of a change.
_STANDARD = ("COALESCE(f.price_kind, 'list') = 'list' AND f.price_tier IS NULL "
             "AND COALESCE(f.price_change, '') <> 'old'")


def _sibling(kind: str | None, tier: bool, column: str) -> str:
    """The current price per million of a model's other series (cached, batch, upper tier)."""
    cond = f"x.price_kind = '{kind}'" if kind else "x.price_tier IS NOT NULL"
    return f"""(SELECT s2.value FROM series s2 JOIN facts x ON x.id = s2.current_fact_id
      WHERE s2.type = 'price' AND s2.model_id = s.model_id AND s2.direction = s.direction
        AND s2.currency = s.currency AND {cond} ORDER BY s2.id LIMIT 1) AS {column}"""


# extractor.store.history's consensus statement, as it was at this revision: the facts already
# stored get their series' consensus and disagreement counts
_VALUE = "COALESCE(f.price_per_million, f.score, f.tokens, f.count)"
CONSENSUS = f"""
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

VIEWS: dict[str, str] = {
    "current_prices": f"""
SELECT m.name AS model, s.model_id, m.developer, s.direction, s.currency, f.amount,
       f.per_tokens, s.value AS price_per_million, f.reported_on, s.first_reported_on,
       s.reports, s.articles, s.consensus_value AS consensus_per_million,
       s.consensus_reports, s.disagreeing_articles AS disagreeing_sources,
       {_sibling('cached_input', False, 'cached_input_per_million')},
       {_sibling('batch', False, 'batch_per_million')},
       {_sibling('discounted', False, 'discounted_per_million')},
       {_sibling(None, True, 'upper_tier_per_million')},
       (SELECT x.price_tier FROM series s2 JOIN facts x ON x.id = s2.current_fact_id
         WHERE s2.type = 'price' AND s2.model_id = s.model_id AND s2.direction = s.direction
           AND s2.currency = s.currency AND x.price_tier IS NOT NULL
         ORDER BY s2.id LIMIT 1) AS upper_tier,
       a.url AS source_url, a.title AS source_title, f.id AS fact_id
FROM series s
JOIN entities m ON m.id = s.model_id
JOIN facts f ON f.id = s.current_fact_id
JOIN articles a ON a.id = f.article_id
WHERE s.type = 'price' AND {_STANDARD}
""",
    "price_history": """
SELECT m.name AS model, f.model_id, f.direction, f.currency, f.amount, f.per_tokens,
       f.price_per_million, COALESCE(f.price_kind, 'list') AS kind, f.price_tier AS tier,
       f.price_change AS change, f.reported_on AS valid_from, f.valid_to,
       CASE WHEN s.current_fact_id = f.id THEN 1 ELSE 0 END AS is_current,
       a.url AS source_url, a.title AS source_title, f.id AS fact_id
FROM facts f
JOIN entities m ON m.id = f.model_id
JOIN articles a ON a.id = f.article_id
LEFT JOIN series s ON s.id = f.series_id
WHERE f.type = 'price'
""",
    "availability_by_channel": """
SELECT c.name AS channel, s.other_id AS channel_id, m.name AS model, s.model_id,
       m.developer, COALESCE(f.status, 'available') AS status, s.day AS available_since,
       f.date AS stated_date, s.first_reported_on, s.last_reported_on, s.reports,
       a.url AS source_url, a.title AS source_title, f.id AS fact_id
FROM series s
JOIN entities c ON c.id = s.other_id
JOIN entities m ON m.id = s.model_id
JOIN facts f ON f.id = s.current_fact_id
JOIN articles a ON a.id = f.article_id
WHERE s.type = 'availability' AND COALESCE(f.status, 'available') IN ('available', 'preview')
""",
    "announced_availability": """
SELECT c.name AS channel, s.other_id AS channel_id, m.name AS model, s.model_id,
       m.developer, f.status, f.date AS expected_or_stated_date, s.first_reported_on,
       s.last_reported_on, s.reports,
       a.url AS source_url, a.title AS source_title, f.id AS fact_id
FROM series s
JOIN entities c ON c.id = s.other_id
JOIN entities m ON m.id = s.model_id
JOIN facts f ON f.id = s.current_fact_id
JOIN articles a ON a.id = f.article_id
WHERE s.type = 'availability' AND f.status IN ('announced', 'withdrawn')
""",
    "model_specs": """
SELECT m.name AS model, m.id AS model_id, m.developer, m.family,
  (SELECT s.day FROM series s WHERE s.type = 'launch' AND s.model_id = m.id) AS launched_on,
  (SELECT CAST(s.value AS BIGINT) FROM series s
     WHERE s.type = 'context_window' AND s.model_id = m.id) AS context_window,
  (SELECT CAST(s.value AS BIGINT) FROM series s
     WHERE s.type = 'max_output' AND s.model_id = m.id) AS max_output,
  (SELECT s.day FROM series s
     WHERE s.type = 'knowledge_cutoff' AND s.model_id = m.id) AS knowledge_cutoff,
  (SELECT CAST(MAX(s.value) AS BIGINT) FROM series s
     WHERE s.type = 'parameters' AND s.model_id = m.id) AS parameters,
  (SELECT s.value FROM series s WHERE s.id = 'price|' || m.id || '|input|USD') AS input_usd_per_million,
  (SELECT s.value FROM series s WHERE s.id = 'price|' || m.id || '|output|USD') AS output_usd_per_million,
  (SELECT COALESCE(SUM(s.disagreeing_articles), 0) FROM series s
     WHERE s.model_id = m.id AND s.type IN ('launch', 'context_window', 'max_output',
                                            'knowledge_cutoff', 'price')) AS disagreeing_sources
FROM entities m
WHERE m.kind = 'model'
""",
    # two reports of one series, from two articles at most 30 days apart (the earlier first),
    # that disagree: by more than 2 % for a figure (5 % for token counts: "8K" is 8,192),
    # any difference for a date; the old price of a change is history, not a disagreement
    "conflicts": """
SELECT m.name AS model, x.model_id, x.type,
       COALESCE(x.benchmark, x.channel, x.direction) AS about, x.currency,
       COALESCE(CAST(x.price_per_million AS TEXT), CAST(x.score AS TEXT),
                CAST(x.tokens AS TEXT), x.date) AS value,
       x.reported_on, ax.url AS source_url,
       COALESCE(CAST(y.price_per_million AS TEXT), CAST(y.score AS TEXT),
                CAST(y.tokens AS TEXT), y.date) AS other_value,
       y.reported_on AS other_reported_on, ay.url AS other_source_url,
       s.consensus_value, s.consensus_reports, x.series_id, x.id AS fact_id, y.id AS other_fact_id
FROM facts x
JOIN facts y ON y.series_id = x.series_id
 AND (y.reported_on > x.reported_on OR (y.reported_on = x.reported_on AND y.article_id > x.article_id))
JOIN entities m ON m.id = x.model_id
JOIN articles ax ON ax.id = x.article_id
JOIN articles ay ON ay.id = y.article_id
LEFT JOIN series s ON s.id = x.series_id
WHERE x.type IN ('price', 'benchmark', 'context_window', 'max_output', 'knowledge_cutoff', 'launch')
  AND COALESCE(x.price_change, '') <> 'old' AND COALESCE(y.price_change, '') <> 'old'
  AND x.reported_day - y.reported_day BETWEEN -30 AND 30
  AND (ABS(COALESCE(x.price_per_million, x.score, x.tokens) - COALESCE(y.price_per_million, y.score, y.tokens))
         > CASE WHEN x.type IN ('context_window', 'max_output') THEN 0.05 ELSE 0.02 END
           * ABS(COALESCE(x.price_per_million, x.score, x.tokens))
       OR (x.type IN ('knowledge_cutoff', 'launch') AND x.date <> y.date))
""",
    # each current standard USD price set against the curated list: 'agrees' (a listed price
    # within 2 %), 'differs', 'not listed'
    "price_checks": """
SELECT model, model_id, direction, reported_per_million, listed_per_million, listed_by,
       CASE WHEN listed_per_million IS NULL THEN 'not listed'
            WHEN ABS(listed_per_million - reported_per_million) <= 0.02 * listed_per_million
            THEN 'agrees' ELSE 'differs' END AS status,
       list_version, reported_on, source_url, fact_id
FROM (
  SELECT p.model, p.model_id, p.direction, p.price_per_million AS reported_per_million,
         c.price_per_million AS listed_per_million, c.provider_name AS listed_by,
         c.version AS list_version, p.reported_on, p.source_url, p.fact_id,
         ROW_NUMBER() OVER (PARTITION BY p.fact_id, p.direction
                            ORDER BY ABS(c.price_per_million - p.price_per_million), c.provider)
           AS closest
  FROM current_prices p
  LEFT JOIN curated_prices c ON c.model_id = p.model_id AND c.direction = p.direction
  WHERE p.currency = 'USD' AND p.direction IN ('input', 'output')
) AS checked
WHERE closest = 1
""",
}


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for name in ("price_kind", "price_tier", "price_change", "status"):
        op.add_column("facts", sa.Column(name, sa.Text))
    op.add_column("facts", sa.Column("reported_day", sa.Integer))
    op.execute(f"UPDATE facts SET reported_day = {REPORTED_DAY.get(dialect, REPORTED_DAY['sqlite'])}")
    op.create_index("ix_facts_series_id_reported_day", "facts", ["series_id", "reported_day"])
    op.add_column("series", sa.Column("consensus_value", sa.Float))
    op.add_column("series", sa.Column("consensus_reports", sa.Integer))
    op.add_column("series", sa.Column("disagreeing_articles", sa.Integer))
    op.execute(CONSENSUS)
    op.create_table(
        "curated_prices",
        sa.Column("id", sa.Text, primary_key=True),  # provider|api id|direction|model id
        sa.Column("provider", sa.Text, nullable=False),
        sa.Column("provider_name", sa.Text),
        sa.Column("api_id", sa.Text, nullable=False),
        sa.Column("name", sa.Text),
        sa.Column("model_id", sa.Text),
        sa.Column("direction", sa.Text, nullable=False),
        sa.Column("price_per_million", sa.Float, nullable=False),
        sa.Column("version", sa.Text),
        sa.Index("ix_curated_prices_model_id_direction", "model_id", "direction"),
    )
    for name in ("current_prices", "price_history", "availability_by_channel", "model_specs"):
        op.execute(f"DROP VIEW {name}")
    for name, sql in VIEWS.items():
        op.execute(f"CREATE VIEW {name} AS {sql}")


def downgrade() -> None:
    for name in reversed(list(VIEWS)):  # price_checks reads current_prices
        op.execute(f"DROP VIEW IF EXISTS {name}")
    for name in ("current_prices", "price_history", "availability_by_channel", "model_specs"):
        op.execute(f"CREATE VIEW {name} AS {previous.VIEWS[name]}")
    op.drop_table("curated_prices")
    op.drop_index("ix_facts_series_id_reported_day", table_name="facts")
    for name in ("consensus_value", "consensus_reports", "disagreeing_articles"):
        op.drop_column("series", name)
    for name in ("price_kind", "price_tier", "price_change", "status", "reported_day"):
        op.drop_column("facts", name)
