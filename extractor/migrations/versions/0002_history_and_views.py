"""Fact history (series, valid_to), indices for the views, and the analyst views.

A *series* is one thing that can change over time: a model's input price in USD, its MMLU
score, its availability on one channel, a pair of rivals. Each fact now belongs to one; its
``valid_to`` is the day a later report of the same series superseded it, and the series
points at its current (latest) fact. Existing facts are assigned to their series here.

Revision ID: 0002
Revises: 0001
Create Date: 2024-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _series_id_sql(dialect: str) -> str:
    """The series key of a fact, as ``extractor.store`` computes it in Python.

    Rival pairs are unordered: the smaller entity id (code point order) comes first.
    """
    c = ' COLLATE "C"' if dialect == "postgresql" else ""
    return f"""
    CASE type
      WHEN 'price' THEN 'price|' || model_id || '|' || COALESCE(direction, '') || '|'
                        || COALESCE(currency, '')
      WHEN 'benchmark' THEN 'benchmark|' || model_id || '|' || COALESCE(benchmark_id, '')
      WHEN 'parameters' THEN 'parameters|' || model_id || '|' || COALESCE(CAST(count AS TEXT), '')
      WHEN 'availability' THEN 'availability|' || model_id || '|' || COALESCE(channel_id, '')
      WHEN 'successor' THEN 'successor|' || model_id || '|' || COALESCE(predecessor_id, '')
      WHEN 'competitor' THEN CASE
        WHEN competitor_id IS NULL OR model_id < competitor_id{c}
        THEN 'competitor|' || model_id || '|' || COALESCE(competitor_id, '')
        ELSE 'competitor|' || competitor_id || '|' || model_id END
      ELSE type || '|' || model_id
    END"""


def _series_rows_sql(dialect: str) -> str:
    c = ' COLLATE "C"' if dialect == "postgresql" else ""
    return f"""
    INSERT INTO series (id, type, model_id, other_id, direction, currency, reports, articles)
    SELECT DISTINCT series_id, type,
      CASE WHEN type = 'competitor' AND competitor_id < model_id{c}
           THEN competitor_id ELSE model_id END,
      CASE type
        WHEN 'benchmark' THEN benchmark_id
        WHEN 'availability' THEN channel_id
        WHEN 'successor' THEN predecessor_id
        WHEN 'competitor' THEN CASE WHEN competitor_id < model_id{c}
                                    THEN model_id ELSE competitor_id END
        ELSE NULL END,
      CASE WHEN type = 'price' THEN direction END,
      CASE WHEN type = 'price' THEN currency END,
      0, 0
    FROM facts"""


# The same statements as extractor.store.history (kept here as they were at this revision).
REFRESH = (
    """
UPDATE facts SET valid_to = (
  SELECT MIN(f2.reported_on) FROM facts f2
  WHERE f2.series_id = facts.series_id AND f2.reported_on > facts.reported_on)""",
    """
UPDATE series SET
  first_reported_on = (SELECT MIN(f.reported_on) FROM facts f WHERE f.series_id = series.id),
  last_reported_on = (SELECT MAX(f.reported_on) FROM facts f WHERE f.series_id = series.id),
  reports = (SELECT COUNT(*) FROM facts f WHERE f.series_id = series.id),
  articles = (SELECT COUNT(DISTINCT f.article_id) FROM facts f WHERE f.series_id = series.id),
  current_fact_id = (
    SELECT f.id FROM facts f WHERE f.series_id = series.id
    ORDER BY CASE WHEN f.type = 'launch' AND f.date IS NULL THEN 1 ELSE 0 END,
             f.reported_on DESC, f.confidence DESC,
             COALESCE(f.price_per_million, f.amount, f.score, f.tokens, f.count, 0) DESC, f.id
    LIMIT 1)""",
    """
UPDATE series SET
  value = (SELECT COALESCE(f.price_per_million, f.score, f.tokens, f.count) FROM facts f
           WHERE f.id = series.current_fact_id),
  day = (SELECT COALESCE(f.date, CASE WHEN f.type IN ('launch', 'availability')
                                      THEN series.first_reported_on END)
         FROM facts f WHERE f.id = series.current_fact_id)""",
    "DELETE FROM series WHERE reports = 0",
    """
UPDATE series SET rank = r.rnk
FROM (SELECT id, RANK() OVER (PARTITION BY other_id ORDER BY value DESC) AS rnk
      FROM series WHERE type = 'benchmark') AS r
WHERE series.id = r.id AND (series.rank IS NULL OR series.rank <> r.rnk)""",
)

FACTS_WITH_SOURCES = """
CREATE VIEW facts_with_sources AS
SELECT f.id AS fact_id, f.type, m.name AS model, f.model AS model_as_written, f.model_id,
       m.developer, f.org, f.date, f.direction, f.amount, f.currency, f.per_tokens,
       f.price_per_million, f.benchmark, f.score, f.tokens, f.count, f.channel,
       f.predecessor, f.competitor, f.reported_on, f.valid_to,
       CASE WHEN s.current_fact_id = f.id THEN 1 ELSE 0 END AS is_current,
       a.url AS article_url, a.title, a.published, a.source, a.language,
       e.sentence, e.start_offset, e.end_offset, e.rule, e.confidence, a.first_seen
FROM facts f
JOIN entities m ON m.id = f.model_id
JOIN articles a ON a.id = f.article_id
JOIN evidence e ON e.fact_id = f.id
LEFT JOIN series s ON s.id = f.series_id
"""

FACTS_WITH_SOURCES_0001 = """
CREATE VIEW facts_with_sources AS
SELECT f.id AS fact_id, f.type, m.name AS model, f.model AS model_as_written, f.model_id,
       m.developer, f.org, f.date, f.direction, f.amount, f.currency, f.per_tokens,
       f.price_per_million, f.benchmark, f.score, f.tokens, f.count, f.channel,
       f.predecessor, f.competitor, f.reported_on,
       a.url AS article_url, a.title, a.published, a.source, a.language,
       e.sentence, e.start_offset, e.end_offset, e.rule, e.confidence, a.first_seen
FROM facts f
JOIN entities m ON m.id = f.model_id
JOIN articles a ON a.id = f.article_id
JOIN evidence e ON e.fact_id = f.id
"""

VIEWS: dict[str, str] = {
    "current_prices": """
SELECT m.name AS model, s.model_id, m.developer, s.direction, s.currency, f.amount,
       f.per_tokens, s.value AS price_per_million, f.reported_on, s.first_reported_on,
       s.reports, s.articles, a.url AS source_url, a.title AS source_title, f.id AS fact_id
FROM series s
JOIN entities m ON m.id = s.model_id
JOIN facts f ON f.id = s.current_fact_id
JOIN articles a ON a.id = f.article_id
WHERE s.type = 'price'
""",
    "price_history": """
SELECT m.name AS model, f.model_id, f.direction, f.currency, f.amount, f.per_tokens,
       f.price_per_million, f.reported_on AS valid_from, f.valid_to,
       CASE WHEN s.current_fact_id = f.id THEN 1 ELSE 0 END AS is_current,
       a.url AS source_url, a.title AS source_title, f.id AS fact_id
FROM facts f
JOIN entities m ON m.id = f.model_id
JOIN articles a ON a.id = f.article_id
LEFT JOIN series s ON s.id = f.series_id
WHERE f.type = 'price'
""",
    "benchmark_leaderboard": """
SELECT b.name AS benchmark, s.other_id AS benchmark_id, s.rank, m.name AS model,
       s.model_id, m.developer, s.value AS score, f.reported_on, s.reports,
       a.url AS source_url, a.title AS source_title, f.id AS fact_id
FROM series s
JOIN entities b ON b.id = s.other_id
JOIN entities m ON m.id = s.model_id
JOIN facts f ON f.id = s.current_fact_id
JOIN articles a ON a.id = f.article_id
WHERE s.type = 'benchmark'
""",
    "launches_by_date": """
SELECT s.day AS launched_on, m.name AS model, s.model_id,
       COALESCE(m.developer, f.org) AS developer, f.date AS stated_date,
       s.first_reported_on, s.reports, a.url AS source_url, a.title AS source_title,
       f.id AS fact_id
FROM series s
JOIN entities m ON m.id = s.model_id
JOIN facts f ON f.id = s.current_fact_id
JOIN articles a ON a.id = f.article_id
WHERE s.type = 'launch'
ORDER BY launched_on DESC, model
""",
    "availability_by_channel": """
SELECT c.name AS channel, s.other_id AS channel_id, m.name AS model, s.model_id,
       m.developer, s.day AS available_since, f.date AS stated_date, s.first_reported_on,
       s.last_reported_on, s.reports,
       a.url AS source_url, a.title AS source_title, f.id AS fact_id
FROM series s
JOIN entities c ON c.id = s.other_id
JOIN entities m ON m.id = s.model_id
JOIN facts f ON f.id = s.current_fact_id
JOIN articles a ON a.id = f.article_id
WHERE s.type = 'availability'
""",
    "lineage": """
SELECT m.name AS model, s.model_id, p.name AS predecessor, s.other_id AS predecessor_id,
       m.developer, s.first_reported_on, s.last_reported_on, s.reports, s.articles,
       a.url AS source_url, a.title AS source_title, f.id AS fact_id
FROM series s
JOIN entities m ON m.id = s.model_id
JOIN entities p ON p.id = s.other_id
JOIN facts f ON f.id = s.current_fact_id
JOIN articles a ON a.id = f.article_id
WHERE s.type = 'successor'
""",
    # each pair twice, once from each side, so that "the rivals of X" is WHERE model = 'X'
    "rivals": """
SELECT ma.name AS model, s.model_id, mb.name AS rival, s.other_id AS rival_id, s.articles,
       s.reports, s.first_reported_on, s.last_reported_on, a.url AS source_url,
       a.title AS source_title, f.id AS fact_id
FROM series s
JOIN entities ma ON ma.id = s.model_id
JOIN entities mb ON mb.id = s.other_id
JOIN facts f ON f.id = s.current_fact_id
JOIN articles a ON a.id = f.article_id
WHERE s.type = 'competitor'
UNION ALL
SELECT mb.name AS model, s.other_id AS model_id, ma.name AS rival, s.model_id AS rival_id,
       s.articles, s.reports, s.first_reported_on, s.last_reported_on, a.url AS source_url,
       a.title AS source_title, f.id AS fact_id
FROM series s
JOIN entities ma ON ma.id = s.model_id
JOIN entities mb ON mb.id = s.other_id
JOIN facts f ON f.id = s.current_fact_id
JOIN articles a ON a.id = f.article_id
WHERE s.type = 'competitor'
""",
    # one subquery per column: a question about one column reads only that column's series
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
  (SELECT s.value FROM series s WHERE s.type = 'price' AND s.model_id = m.id
     AND s.direction = 'input' AND s.currency = 'USD') AS input_usd_per_million,
  (SELECT s.value FROM series s WHERE s.type = 'price' AND s.model_id = m.id
     AND s.direction = 'output' AND s.currency = 'USD') AS output_usd_per_million
FROM entities m
WHERE m.kind = 'model'
""",
}

CALENDAR = {
    "sqlite": """
SELECT date('now') AS today, date('now', '-7 days') AS week_ago,
       date('now', '-1 month') AS month_ago, date('now', '-3 months') AS quarter_ago,
       date('now', '-1 year') AS year_ago,
       (SELECT MAX(reported_on) FROM facts) AS latest_report
""",
    "postgresql": """
SELECT to_char(d, 'YYYY-MM-DD') AS today, to_char(d - 7, 'YYYY-MM-DD') AS week_ago,
       to_char(d - interval '1 month', 'YYYY-MM-DD') AS month_ago,
       to_char(d - interval '3 months', 'YYYY-MM-DD') AS quarter_ago,
       to_char(d - interval '1 year', 'YYYY-MM-DD') AS year_ago,
       (SELECT MAX(reported_on) FROM facts) AS latest_report
FROM (SELECT CAST(now() AT TIME ZONE 'UTC' AS date) AS d) AS t
""",
}

INDICES = (
    ("ix_facts_series_id_reported_on", "facts", ["series_id", "reported_on"]),
    ("ix_facts_type_reported_on", "facts", ["type", "reported_on"]),
    ("ix_facts_reported_on", "facts", ["reported_on"]),
    ("ix_series_type_model_id", "series", ["type", "model_id"]),
    ("ix_series_type_other_id_rank", "series", ["type", "other_id", "rank"]),
    ("ix_series_type_articles", "series", ["type", "articles"]),
    ("ix_series_type_value", "series", ["type", "value"]),
    ("ix_series_type_day", "series", ["type", "day"]),
)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_table(
        "series",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("model_id", sa.Text, sa.ForeignKey("entities.id"), nullable=False),
        sa.Column("other_id", sa.Text, sa.ForeignKey("entities.id")),
        sa.Column("direction", sa.Text),
        sa.Column("currency", sa.Text),
        sa.Column("current_fact_id", sa.String(64)),
        sa.Column("value", sa.Float),
        sa.Column("day", sa.String(10)),
        sa.Column("rank", sa.Integer),
        sa.Column("first_reported_on", sa.String(10)),
        sa.Column("last_reported_on", sa.String(10)),
        sa.Column("reports", sa.Integer, nullable=False),
        sa.Column("articles", sa.Integer, nullable=False),
    )
    op.add_column("facts", sa.Column("series_id", sa.Text))
    op.add_column("facts", sa.Column("valid_to", sa.String(10)))
    for name, table, columns in INDICES:
        op.create_index(name, table, columns)
    # the facts already stored join their series
    op.execute(f"UPDATE facts SET series_id = {_series_id_sql(dialect)}")
    op.execute(_series_rows_sql(dialect))
    for statement in REFRESH:
        op.execute(statement)
    op.execute("DROP VIEW facts_with_sources")
    op.execute(FACTS_WITH_SOURCES)
    for name, sql in VIEWS.items():
        op.execute(f"CREATE VIEW {name} AS {sql}")
    op.execute(f"CREATE VIEW calendar AS {CALENDAR.get(dialect, CALENDAR['sqlite'])}")


def downgrade() -> None:
    for name in ("calendar", *VIEWS, "facts_with_sources"):
        op.execute(f"DROP VIEW IF EXISTS {name}")
    for name, table, _ in INDICES:
        op.drop_index(name, table_name=table)
    op.drop_column("facts", "valid_to")
    op.drop_column("facts", "series_id")
    op.drop_table("series")
    op.execute(FACTS_WITH_SOURCES_0001)
