"""``extractor sql`` (read-only queries) and ``extractor db`` (schema): parse, call, print."""

from __future__ import annotations

import argparse
from pathlib import Path
import csv
import datetime as dt
import decimal
import io
import itertools
import json
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TextIO

from .settings import DEFAULT_DB, load_settings

__all__ = ["register", "render", "write_rows"]

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

_CELL = 72  # widest cell in the table format (links excepted); csv and json are never cut


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
    if len(text) <= _CELL or _LINK.fullmatch(text):
        return text  # a link is never cut: it must stay whole to be copied
    return text[:_CELL - 1] + "…"


_LINK = re.compile(r"[a-z][a-z0-9+.-]*://\S+|\S+\.(?:html?|xml|json|txt)", re.I)


_TABLE_SAMPLE = 1000  # rows the table format reads ahead to size its columns


def _json_lines(cols: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """``json.dumps(list_of_objects, indent=2)``, one object at a time."""
    keys = [json.dumps(c, ensure_ascii=False) for c in cols]
    first = True
    for row in rows:
        values = [_plain(v) for v in row]
        if any(isinstance(v, dict | list) for v in values):  # PostgreSQL json columns
            item = json.dumps(dict(zip(cols, values, strict=True)), ensure_ascii=False,
                              indent=2, default=str).replace("\n", "\n  ")
        else:  # the common case, ten times faster than the indenting encoder
            item = "{\n" + ",\n".join(
                f"    {k}: {json.dumps(v, ensure_ascii=False, default=str)}"
                for k, v in zip(keys, values, strict=True)) + "\n  }" if values else "{}"
        yield ("[\n  " if first else ",\n  ") + item
        first = False
    yield "[]\n" if first else "\n]\n"


def _csv_lines(cols: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(cols)
    for row in rows:
        writer.writerow(["" if v is None else _plain(v) for v in row])
        if buf.tell() > 65536:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def _table_lines(cols: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """Aligned columns, sized on the first rows; a longer cell later only shifts its line."""
    it = iter(rows)
    sample = [[_cell(v) for v in row] for row in itertools.islice(it, _TABLE_SAMPLE)]
    widths = [max([len(c)] + [len(r[i]) for r in sample]) for i, c in enumerate(cols)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip() + "\n"

    yield line(cols) + "  ".join("-" * w for w in widths) + "\n"
    count = 0
    for cells in itertools.chain(sample, ([_cell(v) for v in row] for row in it)):
        count += 1
        yield line(cells)
    yield f"({count} row{'' if count == 1 else 's'})\n"


def write_rows(cols: Sequence[str], rows: Iterable[Sequence[Any]], fmt: str, out: TextIO
               ) -> None:
    """Write query results to ``out`` as they come: ``table``, ``csv`` or ``json``.

    Rows are consumed one at a time (the table format reads 1,000 ahead for its widths),
    so a result of millions of rows needs no more memory than a few.
    """
    lines = {"json": _json_lines, "csv": _csv_lines}.get(fmt, _table_lines)(cols, rows)
    for text in lines:
        out.write(text)


def render(cols: Sequence[str], rows: Iterable[Sequence[Any]], fmt: str) -> str:
    """Query results as ``table`` (aligned, cells cut at 72 characters but links never),
    ``csv`` or ``json``.

    >>> print(render(["model", "score"], [("GPT-4o", 88.7)], "table"), end="")
    model   score
    ------  -----
    GPT-4o  88.7
    (1 row)
    """
    buf = io.StringIO()
    write_rows(cols, rows, fmt, buf)
    return buf.getvalue()


def _db_url(args: argparse.Namespace) -> str:
    return load_settings(getattr(args, "config", None), db=args.db).db


def _fail(command: str, message: object) -> int:
    print(f"extractor {command}: error: {message}", file=sys.stderr)
    return 1


def _cmd_sql(args: argparse.Namespace) -> int:
    from .store import StoreError, open_query

    sql = sys.stdin.read() if args.sql == "-" else args.sql
    try:
        settings = load_settings(getattr(args, "config", None))
        url = args.db or settings.sql_db or settings.db
        with open_query(url, sql, max_rows=args.limit, timeout=args.timeout,
                        role=args.role or settings.sql_role,
                        allow_privileged=args.allow_privileged_role) as result:
            write_rows(result.columns, result.rows, args.format, sys.stdout)
    except (StoreError, ValueError, OSError) as exc:
        sys.stdout.flush()
        return _fail("sql", exc)
    return 0


def _cmd_digest(args: argparse.Namespace) -> int:
    from .digest import render
    from .store import StoreError, connect, digest_data

    try:
        url = _db_url(args)
        since = _day_or_instant(args.since) if args.since else None
        engine = connect(url, upgrade_schema=False)
        try:
            data = digest_data(engine, run=args.run, since=since)
        finally:
            engine.dispose()
        text = render(data, args.format)
        if args.output:
            Path(args.output).write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
    except (StoreError, ValueError, OSError) as exc:
        return _fail("digest", exc)
    return 0


def _day_or_instant(text: str) -> str:
    """'2024-07-18' or '2024-07-18T10:00:00Z', as the runs table writes instants."""
    import datetime as dt

    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text).isoformat()
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(
            dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        raise ValueError(f"--since {text!r} is not a day (YYYY-MM-DD) or an instant") from None


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
    from .store.engine import create_engine, safe_url, sqlite_file

    try:
        url = _db_url(args)
        engine = create_engine(url)
        path = sqlite_file(url)
        if path is not None and not path.exists():  # asking must not create it
            engine.dispose()
            print(f"{safe_url(url)}: revision none (no database at {path} yet: `extractor run` or "
                  "`extractor db upgrade` creates it; --db names another)")
            return 0
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
        "transaction): statements that write, ATTACH or change settings are refused. On "
        "PostgreSQL, COPY and the server's file and program functions are refused, and so is "
        "a role that could use them (a superuser, a member of pg_read_server_files ...): "
        "connect as a read-only analyst role (setting sql_db, or --db), or name one with "
        "--role. Rows are streamed as they come.",
        epilog=_SQL_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("sql", metavar="SQL", help="one SQL statement; '-' reads it from stdin")
    _add_db_option(p)
    p.add_argument("--format", choices=("table", "csv", "json"), default="table",
                   help="table (default): aligned columns; csv; json: a list of objects")
    p.add_argument("--limit", type=int, metavar="N", help="print at most N rows")
    p.add_argument("--timeout", type=float, default=120.0, metavar="SECONDS",
                   help="stop a query that keeps the database busy longer (default: 120)")
    p.add_argument("--role", metavar="NAME",
                   help="PostgreSQL: SET ROLE to this read-only role before the query "
                   "(default: the sql_role setting)")
    p.add_argument("--allow-privileged-role", action="store_true",
                   help="PostgreSQL: run even as a role that may read server files or run "
                   "programs (a superuser ...); COPY and the file functions stay refused")
    p.set_defaults(func=_cmd_sql)

    g = sub.add_parser(
        "digest", help="what a run added: new models, price changes, leaders, availability, "
        "conflicts",
        description="Print the digest of what the latest run (or run N, or every run started "
        "since a day) added to the knowledge base: models launched, prices that changed (with "
        "the percentage), new leaders per benchmark, models newly available on a channel (and "
        "those announced or withdrawn), new disagreements between sources. Each line links the "
        "articles it was read in; 'Nothing new.' when nothing changed. Every `extractor run` "
        "also writes it into its --out folder: digest.md, digest.html and digest.xml (Atom).")
    _add_db_option(g)
    when = g.add_mutually_exclusive_group()
    when.add_argument("--run", type=int, metavar="N", help="the changes of run N")
    when.add_argument("--since", metavar="DATE",
                      help="the changes of every run started on or after DATE (YYYY-MM-DD)")
    g.add_argument("--format", choices=("md", "html", "atom"), default="md",
                   help="md (default): Markdown; html: a page; atom: an Atom feed")
    g.add_argument("--output", metavar="FILE", help="write to FILE instead of stdout")
    g.set_defaults(func=_cmd_digest)

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
