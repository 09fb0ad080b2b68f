"""Initial schema: runs, feeds, fetches, articles, entities, aliases, facts, evidence.

Revision ID: 0001
Revises:
Create Date: 2024-11-20
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

ID = sa.String(64)
DAY = sa.String(10)
INSTANT = sa.String(32)

FACTS_WITH_SOURCES = """
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


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("started_at", INSTANT, nullable=False),
        sa.Column("finished_at", INSTANT),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("extractor_version", sa.Text),
        sa.Column("feeds", sa.Integer),
        sa.Column("articles_new", sa.Integer),
        sa.Column("articles_updated", sa.Integer),
        sa.Column("articles_unchanged", sa.Integer),
        sa.Column("articles_failed", sa.Integer),
        sa.Column("facts", sa.Integer),
        sa.Column("report", sa.JSON),
    )
    op.create_table(
        "run_errors",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("at", INSTANT, nullable=False),
    )
    op.create_index("ix_run_errors_run_id", "run_errors", ["run_id"])
    op.create_table(
        "feeds",
        sa.Column("id", ID, primary_key=True),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("lang", sa.String(16)),
        sa.Column("title", sa.Text),
        sa.Column("enabled", sa.Boolean, nullable=False),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("last_fetched", INSTANT),
        sa.Column("last_status", sa.Integer),
        sa.Column("last_error", sa.Text),
        sa.Column("added_at", INSTANT, nullable=False),
    )
    op.create_table(
        "fetches",
        sa.Column("id", ID, primary_key=True),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("feed_url", sa.Text),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="SET NULL")),
        sa.Column("status", sa.Integer),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("content_hash", sa.String(64)),
        sa.Column("content_type", sa.Text),
        sa.Column("error", sa.Text),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_retry_at", INSTANT),
        sa.Column("fetched_at", INSTANT, nullable=False),
        sa.Column("first_fetched_at", INSTANT, nullable=False),
        sa.Column("archive_path", sa.Text),
    )
    op.create_index("ix_fetches_next_retry_at", "fetches", ["next_retry_at"])
    op.create_table(
        "articles",
        sa.Column("id", ID, primary_key=True),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("source", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("published", DAY),
        sa.Column("published_from", sa.String(16)),
        sa.Column("language", sa.String(16)),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("extractor_version", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("tables", sa.JSON),
        sa.Column("flags", sa.JSON),
        sa.Column("first_seen", INSTANT, nullable=False),
        sa.Column("last_seen", INSTANT, nullable=False),
        sa.Column("first_run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="SET NULL")),
        sa.Column("last_run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="SET NULL")),
    )
    op.create_index("ix_articles_published", "articles", ["published"])
    op.create_table(
        "entities",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("developer", sa.Text),
        sa.Column("developer_id", sa.Text),
        sa.Column("family", sa.Text),
        sa.Column("first_seen", INSTANT, nullable=False),
    )
    op.create_index("ix_entities_name", "entities", ["name"])
    op.create_table(
        "aliases",
        sa.Column("entity_id", sa.Text, sa.ForeignKey("entities.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("alias_key", sa.Text, primary_key=True),
        sa.Column("alias", sa.Text, nullable=False),
    )
    op.create_index("ix_aliases_alias_key", "aliases", ["alias_key"])

    def entity_fk() -> sa.ForeignKey:
        return sa.ForeignKey("entities.id")

    op.create_table(
        "facts",
        sa.Column("id", ID, primary_key=True),
        sa.Column("article_id", ID, sa.ForeignKey("articles.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="SET NULL")),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("model", sa.Text, nullable=False),
        sa.Column("model_id", sa.Text, entity_fk(), nullable=False),
        sa.Column("org", sa.Text),
        sa.Column("org_id", sa.Text, entity_fk()),
        sa.Column("date", DAY),
        sa.Column("direction", sa.Text),
        sa.Column("amount", sa.Float),
        sa.Column("currency", sa.Text),
        sa.Column("per_tokens", sa.BigInteger),
        sa.Column("price_per_million", sa.Float),
        sa.Column("benchmark", sa.Text),
        sa.Column("benchmark_id", sa.Text, entity_fk()),
        sa.Column("score", sa.Float),
        sa.Column("tokens", sa.BigInteger),
        sa.Column("count", sa.BigInteger),
        sa.Column("channel", sa.Text),
        sa.Column("channel_id", sa.Text, entity_fk()),
        sa.Column("predecessor", sa.Text),
        sa.Column("predecessor_id", sa.Text, entity_fk()),
        sa.Column("competitor", sa.Text),
        sa.Column("competitor_id", sa.Text, entity_fk()),
        sa.Column("extra", sa.JSON),
        sa.Column("rule", sa.Text),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("reported_on", DAY, nullable=False),
    )
    op.create_index("ix_facts_article_id", "facts", ["article_id"])
    op.create_index("ix_facts_model_id_type", "facts", ["model_id", "type"])
    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("fact_id", ID, sa.ForeignKey("facts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("article_id", ID, sa.ForeignKey("articles.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("sentence", sa.Text, nullable=False),
        sa.Column("start_offset", sa.Integer, nullable=False),
        sa.Column("end_offset", sa.Integer, nullable=False),
        sa.Column("rule", sa.Text),
        sa.Column("confidence", sa.Float, nullable=False),
    )
    op.create_index("ix_evidence_fact_id", "evidence", ["fact_id"])
    op.create_index("ix_evidence_article_id", "evidence", ["article_id"])
    op.execute(FACTS_WITH_SOURCES)


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS facts_with_sources")
    for table in ("evidence", "facts", "aliases", "entities", "articles", "fetches", "feeds",
                  "run_errors", "runs"):
        op.drop_table(table)
