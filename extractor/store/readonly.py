"""Read-only SQL for analysts: one statement, on a connection that cannot write, streamed.

- SQLite: the file is opened read-only (``mode=ro``) with ``PRAGMA query_only``; an
  authorizer refuses ATTACH, DETACH and pragma assignments, and no database can be attached
  (the limit is 0), so a query can neither write nor open another file.
- PostgreSQL: a READ ONLY transaction (rolled back) does not stop a superuser's
  ``COPY ... TO PROGRAM`` or ``pg_read_file``, so three things more:

  1. the role the statement runs as (the one of the URL, or ``role`` after ``SET ROLE``)
     must not be a superuser, nor a member of ``pg_read_server_files``,
     ``pg_write_server_files`` or ``pg_execute_server_program``, nor able to execute the
     server's file functions; otherwise the query is refused (unless ``allow_privileged``).
     This is the real defence: see "Read-only analyst role" in docs/operations.md;
  2. a first, cheap line: the statement must start with SELECT, WITH, VALUES, TABLE, EXPLAIN
     or SHOW, and may not name the server's file, program, role or dynamic-SQL functions;
  3. the statement is sent alone with the extended protocol, so ``COMMIT; DROP ...``
     cannot slip a second one in.

Rows are streamed, never held all at once: SQLite's cursor is read as it goes, PostgreSQL's
rows come from a server-side cursor, a few thousand at a time.
"""

from __future__ import annotations

import contextlib
import itertools
import re
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa

from .common import QueryError
from .engine import create_engine, parse_url, safe_url, sqlite_path

__all__ = ["PRIVILEGED_ROLES", "QueryResult", "open_query", "query"]

_DENIED = {
    sqlite3.SQLITE_ATTACH: "ATTACH",
    sqlite3.SQLITE_DETACH: "DETACH",
}
# pragmas that only read (the others may be read but not set)
_READ_PRAGMAS = {"table_info", "table_xinfo", "table_list", "index_list", "index_info",
                 "index_xinfo", "foreign_key_list", "collation_list", "function_list",
                 "pragma_list", "compile_options"}
_READ_HINT = "extractor sql is read-only: it runs one SELECT (or WITH ... SELECT) statement"
_BATCH = 2000  # rows fetched at a time

#: Built-in roles whose members may read, write or run anything as the server's OS user.
PRIVILEGED_ROLES = ("pg_read_server_files", "pg_write_server_files", "pg_execute_server_program")
# server functions that reach the file system or run programs (core, adminpack, dblink)
_FILE_FUNCTIONS = ("pg_read_file", "pg_read_binary_file", "pg_ls_dir", "pg_stat_file",
                   "pg_ls_logdir", "pg_ls_waldir", "pg_ls_tmpdir", "pg_ls_archive_statusdir",
                   "pg_ls_logicalmapdir", "pg_ls_logicalsnapdir", "pg_ls_replslotdir",
                   "lo_import", "lo_export", "pg_file_write", "pg_file_rename", "pg_file_unlink",
                   "pg_file_sync", "pg_logdir_ls", "dblink_connect_u")
_PG_STATEMENTS = {"select", "with", "values", "table", "explain", "show"}
_PG_CURSOR_STATEMENTS = {"select", "with", "values", "table"}  # what DECLARE CURSOR takes
# names the statement may not contain, anywhere (a keyword filter is only a first line)
_PG_DENIED_NAMES = re.compile(
    r"\b(" + "|".join(_FILE_FUNCTIONS) + r"|pg_ls_\w+|pg_file_\w+|lo_\w*port|dblink\w*"
    r"|set_config|query_to_xml\w*|cursor_to_xml\w*|pg_terminate_backend|pg_cancel_backend"
    r"|pg_reload_conf|pg_rotate_logfile|pg_promote|pg_switch_wal|session_authorization)\b"
    r"|\bu&\s*['\"]",  # Unicode escapes can spell any name
    re.IGNORECASE)
_LEADING_NOISE = re.compile(r"(\s+|--[^\n]*(\n|$)|/\*.*?\*/|\()", re.DOTALL)


def _authorizer(action: int, arg1: str | None, arg2: str | None, _db: str | None,
                _trigger: str | None) -> int:
    if action in _DENIED:
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_PRAGMA and arg2 is not None and arg1 not in _READ_PRAGMAS:
        return sqlite3.SQLITE_DENY  # PRAGMA x = y
    if action == sqlite3.SQLITE_FUNCTION and arg2 in ("load_extension", "readfile", "writefile"):
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


@dataclass(slots=True)
class QueryResult:
    """The column names, and the rows as an iterator (read them inside the ``with`` block)."""

    columns: list[str]
    rows: Iterator[tuple[Any, ...]]


class _Clock:
    """Time spent in the database only (not while the caller writes the rows out)."""

    def __init__(self, limit: float | None) -> None:
        self.limit = limit
        self.spent = 0.0
        self._since: float | None = None

    def __enter__(self) -> None:
        self._since = time.monotonic()

    def __exit__(self, *_exc: object) -> None:
        if self._since is not None:
            self.spent += time.monotonic() - self._since
        self._since = None

    def over(self) -> bool:
        if not self.limit or self._since is None:
            return False
        return self.spent + time.monotonic() - self._since > self.limit


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
                                  "authorization denied", "permission denied",
                                  "query_only", "multiple commands", "one statement at a time",
                                  "read only", "read-write mode")):
        return f"refused: {text} ({_READ_HINT})"
    return text


def _sqlite_error(exc: Exception, timeout: float | None) -> QueryError:
    if isinstance(exc, sqlite3.Error) and "interrupted" in str(exc):
        return QueryError(f"the query ran longer than {timeout or 0:g} s and was stopped")
    return QueryError(_message(exc))


@contextlib.contextmanager
def _open_sqlite_query(path: Path, sql: str, timeout: float | None) -> Iterator[QueryResult]:
    conn = _open_sqlite(path)
    clock = _Clock(timeout)
    try:
        if timeout:
            conn.set_progress_handler(lambda: int(clock.over()), 10_000)
        try:
            with clock:
                cur = conn.execute(sql)
        except (sqlite3.Error, sqlite3.Warning) as exc:  # Warning: more than one statement
            raise _sqlite_error(exc, timeout) from exc

        def rows() -> Iterator[tuple[Any, ...]]:
            while True:
                try:
                    with clock:
                        batch = cur.fetchmany(_BATCH)
                except sqlite3.Error as exc:
                    raise _sqlite_error(exc, timeout) from exc
                if not batch:
                    return
                yield from (tuple(r) for r in batch)

        yield QueryResult([d[0] for d in cur.description or ()], rows())
    finally:
        conn.close()


def _leading_word(sql: str) -> str:
    """The first keyword of a statement, past comments and opening parentheses.

    >>> _leading_word("/* hi */ (SELECT 1)")
    'select'
    """
    pos = 0
    while match := _LEADING_NOISE.match(sql, pos):
        pos = match.end()
    word = re.match(r"[A-Za-z_]+", sql[pos:])
    return word.group(0).lower() if word else ""


def _check_pg_statement(sql: str) -> str:
    """Refuse (``QueryError``) what the keyword filter catches; returns the leading keyword."""
    lead = _leading_word(sql)
    if lead not in _PG_STATEMENTS:
        raise QueryError(f"refused: {lead.upper() or 'this statement'} is not allowed "
                         f"({_READ_HINT})")
    denied = _PG_DENIED_NAMES.search(sql)
    if denied:
        name = denied.group(1) or "a Unicode escape (U&)"
        raise QueryError(f"refused: {name} is not allowed: it reaches the server's files, "
                         f"programs or settings ({_READ_HINT})")
    return lead


def _privileges(cur: Any) -> list[str]:
    """What makes the current role unfit for analyst SQL (empty when it is fit)."""
    cur.execute(
        "SELECT current_user, "
        "EXISTS (SELECT 1 FROM pg_roles s WHERE s.rolsuper "
        "        AND pg_has_role(current_user, s.oid, 'MEMBER')), "
        "ARRAY(SELECT r FROM unnest(%(roles)s::text[]) AS r "
        "      WHERE EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) "
        "      AND pg_has_role(current_user, r, 'MEMBER') ORDER BY r), "
        "ARRAY(SELECT DISTINCT p.proname::text FROM pg_proc p "
        "      WHERE p.proname = ANY(%(functions)s::text[]) "
        "      AND has_function_privilege(p.oid, 'EXECUTE') ORDER BY 1)",
        {"roles": list(PRIVILEGED_ROLES), "functions": list(_FILE_FUNCTIONS)})
    user, superuser, roles, functions = cur.fetchone()
    found = []
    if superuser:
        found.append(f"role {user!r} is (or may become) a superuser")
    else:
        found += [f"role {user!r} is a member of {r}" for r in roles]
        if functions:
            found.append(f"role {user!r} may execute {', '.join(functions)}")
    return found


def _pg_error(exc: Exception, timeout: float | None) -> QueryError:
    if type(exc).__name__ == "QueryCanceled" and "timeout" in str(exc):
        return QueryError(f"the query ran longer than {timeout or 0:g} s and was stopped")
    return QueryError(_message(exc))


def _is_driver_error(exc: BaseException) -> bool:
    return type(exc).__module__.startswith("psycopg")


@contextlib.contextmanager
def _open_pg_query(url: sa.URL, sql: str, timeout: float | None, role: str | None,
                   allow_privileged: bool) -> Iterator[QueryResult]:
    lead = _check_pg_statement(sql)
    engine = create_engine(url, poolclass=sa.pool.NullPool)
    try:
        try:
            conn = engine.connect()
        except sa.exc.DBAPIError as exc:
            raise QueryError(f"cannot connect to {safe_url(url)}: {exc.orig}") from exc
        with conn:
            raw = conn.connection.driver_connection
            assert raw is not None  # an open connection has its driver's connection
            stack = contextlib.ExitStack()
            try:
                with raw.cursor() as cur:
                    cur.execute("SET TRANSACTION READ ONLY")
                    cur.execute("SELECT 1")  # from now on the mode cannot be set back
                    if timeout:
                        cur.execute(f"SET LOCAL statement_timeout = {int(timeout * 1000)}")
                    if role:
                        from psycopg import sql as pgsql

                        cur.execute(pgsql.SQL("SET LOCAL ROLE {}").format(pgsql.Identifier(role)))
                    problems = _privileges(cur)
                    if problems and not allow_privileged:
                        raise QueryError(
                            f"refused: {'; '.join(problems)} on {safe_url(url)}: analyst SQL "
                            "runs as a role without the rights to read server files or run "
                            "programs (see 'Read-only analyst role' in docs/operations.md; "
                            "or name such a role with --role)")
                    if lead in _PG_CURSOR_STATEMENTS:  # streamed from a server-side cursor
                        named = stack.enter_context(raw.cursor(name="extractor_sql"))
                        named.itersize = _BATCH
                        named.execute(sql)
                        source: Iterable[Any] = named
                        cols = [d.name for d in named.description or ()]
                    else:  # EXPLAIN, SHOW: a few rows
                        cur.execute(sql, prepare=True)
                        cols = [d.name for d in cur.description or ()]
                        source = cur.fetchall() if cur.description is not None else []
            except BaseException as exc:
                with contextlib.suppress(Exception):
                    stack.close()
                if not isinstance(exc, QueryError) and _is_driver_error(exc):
                    raise _pg_error(exc, timeout) from exc
                raise

            def rows() -> Iterator[tuple[Any, ...]]:
                it = iter(source)
                while True:
                    try:
                        row = next(it, None)
                    except Exception as exc:
                        if _is_driver_error(exc):
                            raise _pg_error(exc, timeout) from exc
                        raise
                    if row is None:
                        return
                    yield tuple(row)

            try:
                yield QueryResult(cols, rows())
            finally:
                with contextlib.suppress(Exception):  # the connection may be broken
                    stack.close()
                with contextlib.suppress(Exception):
                    raw.rollback()
    finally:
        engine.dispose()


@contextlib.contextmanager
def open_query(url: str, sql: str, *, max_rows: int | None = None,
               timeout: float | None = None, role: str | None = None,
               allow_privileged: bool = False) -> Iterator[QueryResult]:
    """Run one read-only statement; the rows stream while the ``with`` block lasts.

    Anything that would write (INSERT, DROP, ATTACH, PRAGMA x = y ...), reach the server's
    files or programs (COPY, pg_read_file ...) raises QueryError, as does a second statement
    in ``sql``. ``timeout`` (seconds) stops a query that keeps the database busy longer.
    PostgreSQL only: ``role`` is set (``SET ROLE``) before the statement runs; a role with
    the rights to read server files or run programs is refused unless ``allow_privileged``.

    >>> with open_query("sqlite:///nowhere/none.db", "SELECT 1") as result:
    ...     pass  # doctest: +ELLIPSIS
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
        opened = _open_sqlite_query(path, sql, timeout)
    else:
        opened = _open_pg_query(parsed, sql, timeout, role, allow_privileged)
    with opened as result:
        if max_rows is not None:
            result = QueryResult(result.columns, itertools.islice(result.rows, max(max_rows, 0)))
        yield result


def query(url: str, sql: str, *, max_rows: int | None = None, timeout: float | None = None,
          role: str | None = None, allow_privileged: bool = False,
          ) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Like :func:`open_query`, with every row in a list: (column names, rows).

    >>> query("sqlite:///nowhere/none.db", "SELECT 1")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    extractor.store.common.QueryError: no database at nowhere/none.db (create one with ...)
    """
    with open_query(url, sql, max_rows=max_rows, timeout=timeout, role=role,
                    allow_privileged=allow_privileged) as result:
        return result.columns, list(result.rows)
