"""One run at a time per database: a PostgreSQL advisory lock held for the whole run.

SQLite needs nothing here (the nightly job locks a file beside the database). On PostgreSQL
two runs may share the database but not a machine, so the lock lives in the server: a
session-level ``pg_try_advisory_lock`` on a fixed key, on a connection of its own that stays
open for the run. The server drops the lock when that connection ends, so a run killed with
``kill -9`` leaves no stale lock behind.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import sqlalchemy as sa

from .common import StoreError
from .engine import create_engine, parse_url, safe_url

__all__ = ["RUN_LOCK_KEY", "LockHeld", "run_lock"]

#: The advisory lock key of ``extractor run`` / ``reprocess`` (the bytes of "extractr").
RUN_LOCK_KEY = int.from_bytes(b"extractr", "big")


class LockHeld(StoreError):
    """Another run holds the lock of this database; the message says which."""


def _holder(conn: sa.Connection) -> str:
    """Who holds the lock, as far as this role may see it."""
    row = conn.execute(sa.text(
        "SELECT a.pid, a.backend_start, a.application_name, a.client_addr "
        "FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = :hi AND l.objid = :lo "
        "AND l.objsubid = 1 AND l.database = "
        "(SELECT oid FROM pg_database WHERE datname = current_database())"),
        {"hi": RUN_LOCK_KEY >> 32, "lo": RUN_LOCK_KEY & 0xFFFFFFFF}).first()
    if row is None or row.pid is None:
        return ""
    since = f" since {row.backend_start:%Y-%m-%d %H:%M:%S%z}" if row.backend_start else ""
    where = f" from {row.client_addr}" if row.client_addr else ""
    return f" (server process {row.pid}{where}{since})"


@contextlib.contextmanager
def run_lock(url: str | sa.URL) -> Iterator[None]:
    """Hold the run lock of the database at ``url`` for the ``with`` block.

    Raises ``LockHeld`` at once if another run holds it (no waiting), ``StoreError`` if the
    database cannot be reached. On SQLite this does nothing.
    """
    parsed = parse_url(url)
    if parsed.get_backend_name() != "postgresql":
        yield
        return
    engine = create_engine(parsed, poolclass=sa.pool.NullPool,
                           isolation_level="AUTOCOMMIT")  # never idle in a transaction
    try:
        try:
            conn = engine.connect()
            got = conn.execute(sa.text("SELECT pg_try_advisory_lock(:key)"),
                               {"key": RUN_LOCK_KEY}).scalar_one()
        except sa.exc.DBAPIError as exc:
            first = str(exc.orig).strip().splitlines()
            raise StoreError(f"database {safe_url(parsed)} unreachable: "
                             f"{first[0] if first else type(exc.orig).__name__}") from exc
        try:
            if not got:
                raise LockHeld(f"another run holds the lock of the database "
                               f"{safe_url(parsed)}{_holder(conn)}")
            try:
                yield
            finally:
                with contextlib.suppress(sa.exc.DBAPIError):  # the server may be gone
                    conn.execute(sa.text("SELECT pg_advisory_unlock(:key)"),
                                 {"key": RUN_LOCK_KEY})
        finally:
            with contextlib.suppress(sa.exc.DBAPIError):
                conn.close()
    finally:
        engine.dispose()
