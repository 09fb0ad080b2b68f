"""Read-only SQL for analysts: one statement, on a connection that cannot write.

- SQLite: the file is opened read-only (``mode=ro``) with ``PRAGMA query_only``; an
  authorizer refuses ATTACH, DETACH and pragma assignments, and no database can be attached
  (the limit is 0), so a query can neither write nor open another file.
- PostgreSQL: the statement runs in a ``READ ONLY`` transaction that is rolled back, as a
  server-side prepared statement (so ``COMMIT; DROP ...`` cannot slip a second one in).
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa

from .common import QueryError
from .engine import create_engine, parse_url, safe_url, sqlite_path

__all__ = ["query"]

_DENIED = {
    sqlite3.SQLITE_ATTACH: "ATTACH",
    sqlite3.SQLITE_DETACH: "DETACH",
}
# pragmas that only read (the others may be read but not set)
_READ_PRAGMAS = {"table_info", "table_xinfo", "table_list", "index_list", "index_info",
                 "index_xinfo", "foreign_key_list", "collation_list", "function_list",
                 "pragma_list", "compile_options"}
_READ_HINT = "extractor sql is read-only: it runs one SELECT (or WITH ... SELECT) statement"


def _authorizer(action: int, arg1: str | None, arg2: str | None, _db: str | None,
                _trigger: str | None) -> int:
    if action in _DENIED:
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_PRAGMA and arg2 is not None and arg1 not in _READ_PRAGMAS:
        return sqlite3.SQLITE_DENY  # PRAGMA x = y
    if action == sqlite3.SQLITE_FUNCTION and arg2 in ("load_extension", "readfile", "writefile"):
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


def _open_sqlite(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise QueryError(f"no database at {path} (create one with `extractor run` or "
                         "`extractor db upgrade`)")
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        conn.execute("PRAGMA query_only = ON")
    except sqlite3.Error as exc:
        raise QueryError(f"cannot open {path}: {exc}") from exc
    conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
    conn.set_authorizer(_authorizer)
    return conn


def _message(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    lowered = text.lower()
    if any(s in lowered for s in ("readonly", "read-only", "not authorized", "too many attached",
                                  "authorization denied",
                                  "query_only", "multiple commands", "one statement at a time",
                                  "read only", "read-write mode")):
        return f"refused: {text} ({_READ_HINT})"
    return text


def _query_sqlite(path: Path, sql: str, max_rows: int | None, timeout: float | None
                  ) -> tuple[list[str], list[tuple[Any, ...]]]:
    conn = _open_sqlite(path)
    try:
        if timeout:
            deadline = time.monotonic() + timeout
            conn.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
        try:
            cur = conn.execute(sql)
            cols = [d[0] for d in cur.description or ()]
            rows = cur.fetchmany(max_rows) if max_rows is not None else cur.fetchall()
        except sqlite3.Error as exc:
            if "interrupted" in str(exc):
                raise QueryError(f"the query ran longer than {timeout:g} s and was stopped"
                                 ) from exc
            raise QueryError(_message(exc)) from exc
        except sqlite3.Warning as exc:  # e.g. more than one statement
            raise QueryError(_message(exc)) from exc
        return cols, [tuple(r) for r in rows]
    finally:
        conn.close()


def _query_postgresql(url: sa.URL, sql: str, max_rows: int | None, timeout: float | None
                      ) -> tuple[list[str], list[tuple[Any, ...]]]:
    engine = create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            raw = conn.connection.driver_connection
            assert raw is not None  # an open connection has its driver's connection
            with raw.cursor() as cur:
                cur.execute("SET TRANSACTION READ ONLY")
                cur.execute("SELECT 1")  # from now on the mode cannot be set back
                if timeout:
                    cur.execute(f"SET LOCAL statement_timeout = {int(timeout * 1000)}")
                cur.execute(sql, prepare=True)
                cols = [d.name for d in cur.description or ()]
                if cur.description is None:
                    rows: list[Any] = []
                elif max_rows is not None:
                    rows = cur.fetchmany(max_rows)
                else:
                    rows = cur.fetchall()
            conn.rollback()
    except sa.exc.DBAPIError as exc:
        raise QueryError(f"cannot connect to {safe_url(url)}: {exc.orig}") from exc
    except Exception as exc:
        if type(exc).__module__.startswith("psycopg"):
            raise QueryError(_message(exc)) from exc
        raise
    finally:
        engine.dispose()
    return cols, [tuple(r) for r in rows]


def query(url: str, sql: str, *, max_rows: int | None = None, timeout: float | None = None
          ) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run one read-only statement; returns (column names, rows).

    Anything that would write (INSERT, DROP, ATTACH, PRAGMA x = y ...) raises QueryError,
    as does a second statement in ``sql``. ``timeout`` (seconds) stops a long query.

    >>> query("sqlite:///nowhere/none.db", "SELECT 1")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    extractor.store.common.QueryError: no database at nowhere/none.db (create one with ...)
    """
    if not sql or not sql.strip():
        raise QueryError("no SQL given")
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_path(parsed)
        if path is None:
            raise QueryError("an in-memory database has nothing to query: give a file URL")
        return _query_sqlite(path, sql, max_rows, timeout)
    return _query_postgresql(parsed, sql, max_rows, timeout)
