"""The knowledge base in SQL (SQLite by default, PostgreSQL for a team).

The only package that imports SQLAlchemy. Records go in as ``extractor.records`` dataclasses
and come out as plain dicts or records; nothing of SQLAlchemy's ORM leaks out.

>>> engine = connect("sqlite://")          # creates or upgrades the schema (Alembic head)
>>> run_id = start_run(engine, feeds=["https://example.org/feed.xml"])
>>> article_state(engine, "https://example.org/a") is None
True

Tables and views are described in ``docs/schema.md``; the API contract in
``docs/architecture.md``.
"""

from .common import QueryError, StoreError
from .engine import connect, current_revision, downgrade, head_revision, safe_url, sqlite_file, upgrade
from .lock import LockHeld, run_lock
from .read import (
    ArticleState,
    article_state,
    content_stamp,
    failed_urls_due,
    http_cache,
    known_models,
    last_run_ended_early,
    load_articles,
    load_facts,
    load_names,
)
from .readonly import QueryResult, open_query, query
from .digest import Change, DigestData, digest_data
from .link import link_models
from .views import VIEWS, view_names
from .write import (
    finish_run,
    optimize,
    rebuild_history,
    record_failure,
    retry_delay,
    save_batch,
    save_extraction,
    save_extractions,
    save_fetch,
    start_run,
    sync_feeds,
)

__all__ = [
    "VIEWS",
    "ArticleState",
    "Change",
    "DigestData",
    "LockHeld",
    "QueryError",
    "QueryResult",
    "StoreError",
    "article_state",
    "connect",
    "content_stamp",
    "current_revision",
    "digest_data",
    "downgrade",
    "failed_urls_due",
    "finish_run",
    "head_revision",
    "http_cache",
    "known_models",
    "last_run_ended_early",
    "link_models",
    "load_articles",
    "load_facts",
    "load_names",
    "open_query",
    "optimize",
    "query",
    "rebuild_history",
    "record_failure",
    "retry_delay",
    "run_lock",
    "safe_url",
    "sqlite_file",
    "save_batch",
    "save_extraction",
    "save_extractions",
    "save_fetch",
    "start_run",
    "sync_feeds",
    "upgrade",
    "view_names",
]
