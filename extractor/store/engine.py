"""Opening a database: URLs, SQLite settings, and the Alembic migrations run from code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine, make_url

from .common import StoreError

__all__ = ["SUPPORTED_DIALECTS", "connect", "create_engine", "current_revision", "downgrade",
           "head_revision", "parse_url", "safe_url", "sqlite_file", "sqlite_path", "upgrade"]

SUPPORTED_DIALECTS = ("sqlite", "postgresql")
_MIGRATIONS = "extractor:migrations"


def parse_url(url: str | URL) -> URL:
    """A SQLAlchemy URL, or StoreError saying what is wrong with it.

    >>> parse_url("sqlite:///data/kb.db").database
    'data/kb.db'
    >>> parse_url("postgres://kb@db.example/kb").drivername   # the driver the extra installs
    'postgresql+psycopg'
    """
    try:
        parsed = make_url(url)
    except Exception as exc:  # noqa: BLE001 - SQLAlchemy raises several types for bad URLs
        raise StoreError(f"not a database URL: {url!r} (e.g. sqlite:///data/extractor.db or "
                         "postgresql+psycopg://user:password@host/dbname)") from exc
    if parsed.drivername in ("postgres", "postgresql"):
        # 'postgresql://' means psycopg2 to SQLAlchemy and 'postgres://' nothing at all; both
        # mean PostgreSQL to a user, through psycopg (3), the driver the postgres extra installs
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in SUPPORTED_DIALECTS:
        raise StoreError(f"unsupported database {parsed.get_backend_name()!r}: "
                         "extractor works with SQLite and PostgreSQL URLs")
    return parsed


def safe_url(url: str | URL) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - only used in messages
        return "<database URL>"


def sqlite_file(url: str) -> Path | None:
    """The file behind a database URL: None for other databases, in-memory SQLite and
    URLs that do not parse (``parse_url`` says what is wrong with those).

    >>> sqlite_file("sqlite+pysqlite:///data/kb.db")
    PosixPath('data/kb.db')
    >>> sqlite_file("postgresql://db.example/kb") is None
    True
    """
    try:
        parsed = make_url(url)
    except Exception:  # noqa: BLE001 - SQLAlchemy raises several types for bad URLs
        return None
    return sqlite_path(parsed) if parsed.get_backend_name() == "sqlite" else None


def sqlite_path(url: URL) -> Path | None:
    """The file of a SQLite URL; None for in-memory databases."""
    db = url.database
    if not db or db == ":memory:" or db.startswith("file:") or url.query.get("mode") == "memory":
        return None
    return Path(db)


def _sqlite_on_connect(wal: bool) -> Any:
    def on_connect(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA busy_timeout = 30000")
        # 16 MB of pages per connection (SQLite keeps 2 MB by default): a night writes and
        # reads the whole base several times; more buys no time and costs memory (a sort
        # of the fact rows may use as much again)
        cur.execute("PRAGMA cache_size = -16384")
        if wal:  # readers (analysts) never block the nightly writer, and the reverse
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    return on_connect


def create_engine(url: str | URL, **kwargs: Any) -> Engine:
    """An engine for a supported URL; SQLite gets foreign keys, WAL and a busy timeout."""
    parsed = parse_url(url)
    try:
        engine = sa.create_engine(parsed, **kwargs)
    except ModuleNotFoundError as exc:
        raise StoreError(f"the driver for {parsed.drivername} is not installed ({exc.name}); "
                         "for PostgreSQL: pip install 'extractor[postgres]'") from exc
    except Exception as exc:  # noqa: BLE001 - e.g. NoSuchModuleError, ArgumentError
        raise StoreError(f"cannot use {safe_url(parsed)}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        path = sqlite_path(parsed)
        sa.event.listen(engine, "connect", _sqlite_on_connect(wal=path is not None))
    return engine


def _alembic_config(connection: sa.Connection) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", _MIGRATIONS)
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """The newest migration revision shipped with this version."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", _MIGRATIONS)
    head = ScriptDirectory.from_config(cfg).get_current_head()
    assert head is not None  # the package ships at least one revision
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at; None for an empty database."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> tuple[str | None, str | None]:
    """Create or upgrade the schema to ``revision``; returns (before, after) revisions."""
    from alembic import command
    from alembic.util.exc import CommandError

    try:
        before = current_revision(engine)
        if revision == "head" and before == head_revision():
            return before, before
        with engine.connect() as conn:
            command.upgrade(_alembic_config(conn), revision)
            conn.commit()
        return before, current_revision(engine)
    except CommandError as exc:
        raise StoreError(f"cannot upgrade {safe_url(engine.url)}: {exc}") from exc
    except sa.exc.DBAPIError as exc:
        raise StoreError(f"cannot open {safe_url(engine.url)}: {exc.orig}") from exc


def downgrade(engine: Engine, revision: str) -> None:
    """Take the schema back to ``revision`` (``base`` drops everything). For tests and undo."""
    from alembic import command

    with engine.connect() as conn:
        command.downgrade(_alembic_config(conn), revision)
        conn.commit()


def connect(url: str | URL, *, upgrade_schema: bool = True, **kwargs: Any) -> Engine:
    """An engine on ``url`` with the schema at the newest revision (created if empty).

    SQLite files get their folder created. ``upgrade_schema=False`` leaves the schema as is.

    >>> engine = connect("sqlite://")
    >>> current_revision(engine) == head_revision()
    True
    """
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_path(parsed)
        if path is not None and not path.parent.exists():
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the folder of {path}: {exc}") from exc
    engine = create_engine(parsed, **kwargs)
    if upgrade_schema:
        try:
            upgrade(engine)
        except BaseException:
            engine.dispose()
            raise
    return engine
