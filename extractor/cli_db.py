"""``extractor sql`` (read-only queries) and ``extractor db`` (schema): parse, call, print."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import decimal
import io
import json
import sys
from collections.abc import Sequence
from typing import Any

from .settings import DEFAULT_DB, load_settings

__all__ = ["register", "render"]

_SQL_EPILOG = """\
examples:
  extractor sql "SELECT * FROM current_prices ORDER BY price_per_million"
  extractor sql "SELECT benchmark, model, score FROM benchmark_leaderboard WHERE rank <= 3"
  extractor sql --format csv "SELECT * FROM launches_by_date" > launches.csv
  extractor sql - < question.sql

views: current_prices, price_history, benchmark_leaderboard, launches_by_date,
availability_by_channel, lineage, rivals, model_specs, facts_with_sources, calendar
(docs/schema.md; docs/analyst-queries.md has worked questions)
"""

_CELL = 72  # widest cell in the table format; csv and json are never cut


def _plain(value: Any) -> Any:
    """A value as JSON and CSV want it (the same on SQLite and PostgreSQL)."""
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return value


def _cell(value: Any) -> str:
    value = _plain(value)
    if value is None:
        return ""
    text = " ".join(str(value).split())
    return text if len(text) <= _CELL else text[:_CELL - 1] + "…"


def render(cols: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str) -> str:
    """Query results as ``table`` (aligned, cells cut at 72 characters), ``csv`` or ``json``.

    >>> print(render(["model", "score"], [("GPT-4o", 88.7)], "table"), end="")
    model   score
    ------  -----
    GPT-4o  88.7
    (1 row)
    """
    if fmt == "json":
        data = [{c: _plain(v) for c, v in zip(cols, row, strict=True)} for row in rows]
        return json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(cols)
        for row in rows:
            writer.writerow(["" if v is None else _plain(v) for v in row])
        return buf.getvalue()
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(cols)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
              for r in cells]
    lines.append(f"({len(rows)} row{'' if len(rows) == 1 else 's'})")
    return "\n".join(lines) + "\n"


def _db_url(args: argparse.Namespace) -> str:
    return load_settings(getattr(args, "config", None), db=args.db).db


def _fail(command: str, message: object) -> int:
    print(f"extractor {command}: error: {message}", file=sys.stderr)
    return 1


def _cmd_sql(args: argparse.Namespace) -> int:
    from .store import StoreError, query

    sql = sys.stdin.read() if args.sql == "-" else args.sql
    try:
        cols, rows = query(_db_url(args), sql, max_rows=args.limit, timeout=args.timeout)
    except (StoreError, ValueError, OSError) as exc:
        return _fail("sql", exc)
    sys.stdout.write(render(cols, rows, args.format))
    return 0


def _cmd_db_upgrade(args: argparse.Namespace) -> int:
    from .store import StoreError, connect, upgrade
    from .store.engine import safe_url

    try:
        url = _db_url(args)
        engine = connect(url, upgrade_schema=False)
        try:
            before, after = upgrade(engine, args.revision)
        finally:
            engine.dispose()
    except (StoreError, ValueError, OSError) as exc:
        return _fail("db upgrade", exc)
    if before == after:
        print(f"{safe_url(url)}: already at revision {after}")
    else:
        print(f"{safe_url(url)}: upgraded from {before or 'an empty database'} to revision {after}")
    return 0


def _cmd_db_current(args: argparse.Namespace) -> int:
    from .store import StoreError, current_revision, head_revision
    from .store.engine import create_engine, safe_url

    try:
        url = _db_url(args)
        engine = create_engine(url)
        try:
            current = current_revision(engine)
        finally:
            engine.dispose()
    except (StoreError, ValueError, OSError) as exc:
        return _fail("db current", exc)
    except Exception as exc:  # noqa: BLE001 - driver errors (server down, bad password)
        return _fail("db current", getattr(exc, "orig", None) or exc)
    head = head_revision()
    state = "newest" if current == head else f"run `extractor db upgrade` to reach {head}"
    print(f"{safe_url(url)}: revision {current or 'none (empty database)'} ({state})")
    return 0


def _cmd_db_views(_args: argparse.Namespace) -> int:
    from .store import VIEWS

    width = max(len(name) for name in VIEWS)
    for name, what in VIEWS.items():
        print(f"{name.ljust(width)}  {what}")
    return 0


def _add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL",
                        help=f"SQLAlchemy database URL (default: the settings file, else "
                        f"{DEFAULT_DB}); e.g. postgresql+psycopg://user:pw@host/dbname")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``sql`` and ``db`` to the ``extractor`` command line."""
    p = sub.add_parser(
        "sql", help="run a read-only SQL query on the knowledge base",
        description="Run one SELECT statement on the knowledge base and print the rows. "
        "The database is opened read-only (SQLite query-only, PostgreSQL read-only "
        "transaction): statements that write, ATTACH or change settings are refused.",
        epilog=_SQL_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("sql", metavar="SQL", help="one SQL statement; '-' reads it from stdin")
    _add_db_option(p)
    p.add_argument("--format", choices=("table", "csv", "json"), default="table",
                   help="table (default): aligned columns; csv; json: a list of objects")
    p.add_argument("--limit", type=int, metavar="N", help="print at most N rows")
    p.add_argument("--timeout", type=float, default=120.0, metavar="SECONDS",
                   help="stop a query that runs longer (default: 120)")
    p.set_defaults(func=_cmd_sql)

    d = sub.add_parser("db", help="create, upgrade or inspect the database schema",
                       description="Manage the schema of the knowledge base (Alembic "
                       "migrations shipped in the package; no alembic.ini needed).")
    actions = d.add_subparsers(dest="db_command", metavar="ACTION")
    u = actions.add_parser("upgrade", help="create the schema or upgrade it to the newest "
                           "revision (keeps all data)",
                           description="Create the schema in an empty database, or upgrade "
                           "an older one to the newest revision without losing data.")
    _add_db_option(u)
    u.add_argument("--revision", default="head", help="target revision (default: head)")
    u.set_defaults(func=_cmd_db_upgrade)
    c = actions.add_parser("current", help="print the schema revision of the database")
    _add_db_option(c)
    c.set_defaults(func=_cmd_db_current)
    v = actions.add_parser("views", help="list the analyst views")
    v.set_defaults(func=_cmd_db_views)

    def db_help(_args: argparse.Namespace) -> int:
        d.print_help(sys.stderr)
        return 2

    d.set_defaults(func=db_help)
