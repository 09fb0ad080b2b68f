"""The tables of the knowledge base (SQLAlchemy Core), as of the newest migration.

``extractor/migrations/versions/`` builds exactly this schema step by step; a test compares
the two on SQLite and PostgreSQL, so they cannot drift. Conventions, chosen so that the same
SQL runs on both:

- dates are ISO 8601 text: ``YYYY-MM-DD`` for days (``published``, ``reported_on``,
  ``valid_to``; a knowledge cutoff may be ``YYYY-MM``), ``YYYY-MM-DDTHH:MM:SSZ`` (UTC) for
  instants (``first_seen``, ``fetched_at``). They sort and compare as strings;
- ids are deterministic text: ``article:<sha1 of the URL>``, ``model/<slug>`` (extractor.resolve, as the graph),
  ``fact:<sha1>``, so a re-run upserts instead of duplicating;
- every fact type has typed columns (``amount``, ``score``, ``tokens`` ...), never a blob.
"""

from __future__ import annotations

import sqlalchemy as sa

__all__ = [
    "aliases",
    "articles",
    "curated_prices",
    "entities",
    "evidence",
    "facts",
    "feeds",
    "fetches",
    "metadata",
    "run_errors",
    "runs",
    "series",
]

metadata = sa.MetaData()

ID = sa.String(64)  # article:<40 hex>, fact:<40 hex>
DAY = sa.String(10)  # YYYY-MM-DD (or YYYY-MM)
INSTANT = sa.String(32)  # YYYY-MM-DDTHH:MM:SSZ
JSON = sa.JSON(none_as_null=True)  # Python None is SQL NULL, not the JSON text 'null'

runs = sa.Table(
    "runs", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("started_at", INSTANT, nullable=False),
    sa.Column("finished_at", INSTANT),
    sa.Column("status", sa.String(16), nullable=False),  # running, ok, failed
    sa.Column("extractor_version", sa.Text),
    sa.Column("feeds", sa.Integer),
    sa.Column("articles_new", sa.Integer),
    sa.Column("articles_updated", sa.Integer),
    sa.Column("articles_unchanged", sa.Integer),
    sa.Column("articles_failed", sa.Integer),
    sa.Column("facts", sa.Integer),
    sa.Column("report", JSON),  # the run's report as given to finish_run
)

run_errors = sa.Table(
    "run_errors", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("at", INSTANT, nullable=False),
    sa.Index("ix_run_errors_run_id", "run_id"),
)

feeds = sa.Table(
    "feeds", metadata,
    sa.Column("id", ID, primary_key=True),  # sha1 of the URL
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

fetches = sa.Table(
    "fetches", metadata,
    sa.Column("id", ID, primary_key=True),  # sha1 of the URL: one row per URL, its last state
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),  # article, feed
    sa.Column("feed_url", sa.Text),
    sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="SET NULL")),
    sa.Column("status", sa.Integer),  # HTTP status; 0 where no response came
    sa.Column("etag", sa.Text),
    sa.Column("last_modified", sa.Text),
    sa.Column("content_hash", sa.String(64)),
    sa.Column("content_type", sa.Text),
    sa.Column("error", sa.Text),
    sa.Column("attempts", sa.Integer, nullable=False),  # failures in a row
    sa.Column("next_retry_at", INSTANT),
    sa.Column("fetched_at", INSTANT, nullable=False),
    sa.Column("first_fetched_at", INSTANT, nullable=False),
    sa.Column("archive_path", sa.Text),
    sa.Index("ix_fetches_next_retry_at", "next_retry_at"),
)

articles = sa.Table(
    "articles", metadata,
    sa.Column("id", ID, primary_key=True),  # article:<sha1 of url>: the canonical URL is unique
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("source", sa.Text),
    sa.Column("title", sa.Text),
    sa.Column("published", DAY),
    sa.Column("published_from", sa.String(16)),
    sa.Column("language", sa.String(16)),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("extractor_version", sa.Text),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("tables", JSON),
    sa.Column("flags", JSON),
    sa.Column("first_seen", INSTANT, nullable=False),
    sa.Column("last_seen", INSTANT, nullable=False),
    sa.Column("first_run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="SET NULL")),
    sa.Column("last_run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="SET NULL")),
    sa.Index("ix_articles_published", "published"),
)

entities = sa.Table(
    "entities", metadata,
    sa.Column("id", sa.Text, primary_key=True),  # model/gpt-4o-mini, org/openai, benchmark/mmlu ... (resolve.py)
    sa.Column("kind", sa.String(16), nullable=False),  # model, org, benchmark, channel
    sa.Column("name", sa.Text, nullable=False),  # canonical name
    sa.Column("developer", sa.Text),  # models: the developer's name
    sa.Column("developer_id", sa.Text),  # models: org:... (an entities.id)
    sa.Column("family", sa.Text),  # models: family name (GPT, Claude, Llama ...)
    sa.Column("first_seen", INSTANT, nullable=False),
    sa.Index("ix_entities_name", "name"),
)

aliases = sa.Table(
    "aliases", metadata,
    sa.Column("entity_id", sa.Text, sa.ForeignKey("entities.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("alias_key", sa.Text, primary_key=True),  # normalized spelling
    sa.Column("alias", sa.Text, nullable=False),  # first spelling seen
    sa.Index("ix_aliases_alias_key", "alias_key"),
)



def _entity_fk() -> sa.ForeignKey:
    """A fresh foreign key to ``entities.id`` (one object per column)."""
    return sa.ForeignKey("entities.id")


facts = sa.Table(
    "facts", metadata,
    sa.Column("id", ID, primary_key=True),  # fact:<sha1 of article + type + model + values>
    sa.Column("article_id", ID, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="SET NULL")),
    sa.Column("type", sa.String(32), nullable=False),
    sa.Column("model", sa.Text, nullable=False),  # as written
    sa.Column("model_id", sa.Text, _entity_fk(), nullable=False),
    # launch
    sa.Column("org", sa.Text),
    sa.Column("org_id", sa.Text, _entity_fk()),
    # launch, availability, knowledge_cutoff
    sa.Column("date", DAY),
    # price
    sa.Column("direction", sa.Text),
    sa.Column("amount", sa.Float),
    sa.Column("currency", sa.Text),
    sa.Column("per_tokens", sa.BigInteger),
    sa.Column("price_per_million", sa.Float),  # amount * 1e6 / per_tokens
    # benchmark
    sa.Column("benchmark", sa.Text),
    sa.Column("benchmark_id", sa.Text, _entity_fk()),
    sa.Column("score", sa.Float),
    # context_window, max_output
    sa.Column("tokens", sa.BigInteger),
    # parameters
    sa.Column("count", sa.BigInteger),
    # availability
    sa.Column("channel", sa.Text),
    sa.Column("channel_id", sa.Text, _entity_fk()),
    # successor
    sa.Column("predecessor", sa.Text),
    sa.Column("predecessor_id", sa.Text, _entity_fk()),
    # competitor
    sa.Column("competitor", sa.Text),
    sa.Column("competitor_id", sa.Text, _entity_fk()),
    sa.Column("extra", JSON),  # fields outside the contract, kept as given
    sa.Column("rule", sa.Text),
    sa.Column("confidence", sa.Float, nullable=False),
    # time: the day the fact was reported (article published, else first seen), and the day
    # a later report of the same series superseded it (NULL: nothing later)
    sa.Column("reported_on", DAY, nullable=False),
    sa.Column("series_id", sa.Text),  # series.id
    sa.Column("valid_to", DAY),
    # qualifiers (extract/qualifiers.py); NULL is the default: a list price, available
    sa.Column("price_kind", sa.Text),  # list, cached_input, cache_write, batch, discounted, fine_tuned
    sa.Column("price_tier", sa.Text),  # the upper tier of a tiered price: "> 128K"
    sa.Column("price_change", sa.Text),  # old, new: the two prices of a change
    sa.Column("status", sa.Text),  # availability: available, preview, announced, withdrawn
    sa.Column("reported_day", sa.Integer),  # reported_on as days since 1970-01-01 (windows)
    sa.Index("ix_facts_article_id", "article_id"),
    sa.Index("ix_facts_model_id_type", "model_id", "type"),
    sa.Index("ix_facts_series_id_reported_on", "series_id", "reported_on"),
    sa.Index("ix_facts_type_reported_on", "type", "reported_on"),
    sa.Index("ix_facts_reported_on", "reported_on"),
    sa.Index("ix_facts_series_id_reported_day", "series_id", "reported_day"),
)

evidence = sa.Table(
    "evidence", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("fact_id", ID, sa.ForeignKey("facts.id", ondelete="CASCADE"), nullable=False),
    sa.Column("article_id", ID, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    sa.Column("sentence", sa.Text, nullable=False),
    sa.Column("start_offset", sa.Integer, nullable=False),
    sa.Column("end_offset", sa.Integer, nullable=False),
    sa.Column("rule", sa.Text),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Index("ix_evidence_fact_id", "fact_id"),
    sa.Index("ix_evidence_article_id", "article_id"),
)

series = sa.Table(
    "series", metadata,
    # one row per thing that can change over time: a model's input price in USD, its MMLU
    # score, its availability on one channel, a pair of rivals ... with its current value
    sa.Column("id", sa.Text, primary_key=True),  # e.g. price|model/gpt-4o|input|USD
    sa.Column("type", sa.String(32), nullable=False),
    sa.Column("model_id", sa.Text, _entity_fk(), nullable=False),
    sa.Column("other_id", sa.Text, _entity_fk()),  # benchmark, channel, predecessor, rival
    sa.Column("direction", sa.Text),  # prices
    sa.Column("currency", sa.Text),  # prices
    sa.Column("current_fact_id", ID),  # the latest report (facts.id)
    sa.Column("value", sa.Float),  # of the latest report: score, price per 1M, tokens, count
    # of the latest report: the cutoff date; the launch or availability date (where none
    # is stated: the day of the first report)
    sa.Column("day", DAY),
    sa.Column("rank", sa.Integer),  # benchmarks: rank of value among the benchmark's models
    sa.Column("first_reported_on", DAY),
    sa.Column("last_reported_on", DAY),
    sa.Column("reports", sa.Integer, nullable=False),  # facts in the series
    sa.Column("articles", sa.Integer, nullable=False),  # distinct articles reporting it
    # the value most reports give (old prices of a change aside), how many give it, and how
    # many articles report a value more than 2 % away from the current one
    sa.Column("consensus_value", sa.Float),
    sa.Column("consensus_reports", sa.Integer),
    sa.Column("disagreeing_articles", sa.Integer),
    sa.Index("ix_series_type_model_id", "type", "model_id"),
    sa.Index("ix_series_type_other_id_rank", "type", "other_id", "rank"),
    sa.Index("ix_series_type_articles", "type", "articles"),
    sa.Index("ix_series_type_value", "type", "value"),
    sa.Index("ix_series_type_day", "type", "day"),
)

curated_prices = sa.Table(
    "curated_prices", metadata,
    # the list prices of the pinned curated catalog (rules/entities/curated_prices.jsonl),
    # loaded by every run; model_id is resolved as every other name is
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
