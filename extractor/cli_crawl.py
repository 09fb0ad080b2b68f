"""Subcommands of the nightly job: ``run``, ``article``, ``reprocess``.

Each parses its arguments, builds ``Settings`` once and calls one function of
``extractor.nightly``. Exit codes (docs/operations.md, "Exit codes"): 0 done (some pages
may have failed: see the report), 1 the job could not run or crashed (bad feed list,
database unreachable, bad option value), 2 usage, 3 nothing worked (every feed failed, or
every page tried failed), 4 partial (a feed failed or an export was not written), 75
another run holds the lock (EX_TEMPFAIL: cron and systemd may simply try again later).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
from typing import Any

from .settings import DEFAULT_DB, DEFAULT_FEEDS, Settings, load_settings

__all__ = ["EXIT_FAILED", "EXIT_LOCKED", "EXIT_PARTIAL", "register"]

EXIT_FAILED = 3  # the run completed but nothing worked: every feed, or every page tried, failed
EXIT_PARTIAL = 4  # the run completed with a feed failed or an export not written
EXIT_LOCKED = 75  # EX_TEMPFAIL
_EXIT_OF = {"ok": 0, "partial": EXIT_PARTIAL, "failed": EXIT_FAILED}


def _date(value: str) -> str:
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from exc


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from exc
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def _add_parallel_options(p: argparse.ArgumentParser) -> None:
    """--workers, --executor, --scheduler: where the facts are extracted (run, reprocess)."""
    p.add_argument("--workers", metavar="N", type=_positive,
                   help="processes that parse the pages (run) and extract the facts (each "
                   "loads the pipelines once; default: the workers setting, 1) while this one "
                   "fetches and writes; 2 uses both cores of a 2-core machine")
    p.add_argument("--executor", choices=("local", "dask"),
                   help="where batches are extracted: local (default: processes on this "
                   "machine) or dask (a Dask cluster: a local one of --workers processes, or "
                   "the one at --scheduler; needs the dask extra). The database is written "
                   "by this process only")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="dask: the scheduler of an existing cluster (tcp://host:8786)")


def _settings(args: argparse.Namespace, **overrides: Any) -> Settings | None:
    try:
        return load_settings(getattr(args, "config", None), **overrides)
    except (OSError, ValueError, TypeError) as exc:
        print(f"extractor {args.command}: error: settings: {exc}", file=sys.stderr)
        return None


def _setup_logging() -> None:
    """Quiet, structured lines on stderr under cron; nothing but the progress line on a terminal."""
    logger = logging.getLogger("extractor")
    if any(getattr(h, "_extractor", False) for h in logger.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("time=%(asctime)s level=%(levelname)s %(message)s",
                                           "%Y-%m-%dT%H:%M:%S%z"))
    handler._extractor = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    logger.setLevel(logging.ERROR if sys.stderr.isatty() else logging.INFO)
    logger.propagate = False


def _job(args: argparse.Namespace, func_name: str, **overrides: Any) -> int:
    from . import nightly

    settings = _settings(args, **overrides)
    if settings is None:
        return 1
    _setup_logging()
    try:
        report = getattr(nightly, func_name)(settings)
    except nightly.RunLocked as exc:
        print(f"extractor {args.command}: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    except nightly.RunError as exc:
        print(f"extractor {args.command}: error: {exc}", file=sys.stderr)
        return 1
    if getattr(args, "json", False):
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=1))
    else:
        print(report.render())
    return _EXIT_OF[report.outcome]


def _cmd_run(args: argparse.Namespace) -> int:
    return _job(args, "run", feeds=args.feeds, db=args.db, out=args.out, archive=args.archive,
                since=args.since, max_articles=args.max_articles, workers=args.workers,
                executor=args.executor, scheduler=args.scheduler,
                progress=False if args.no_progress else None)


def _cmd_reprocess(args: argparse.Namespace) -> int:
    return _job(args, "reprocess", db=args.db, out=args.out, archive=args.archive,
                since=args.since, progress=False if args.no_progress else None,
                whole_archive=args.whole_archive or None, workers=args.workers,
                executor=args.executor, scheduler=args.scheduler)


def _cmd_article(args: argparse.Namespace) -> int:
    from .nightly import read_articles

    settings = _settings(args, lang=args.lang)
    if settings is None:
        return 1
    ok = 0
    for source, article, reason in read_articles(args.inputs, settings):
        if article is None:
            print(f"extractor article: skipped {source}: {reason}", file=sys.stderr)
            continue
        ok += 1
        sys.stdout.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
    return 0 if ok or not args.inputs else 1


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``run``, ``article`` and ``reprocess`` to the ``extractor`` command line."""
    p = sub.add_parser(
        "run", help="the nightly job: feeds -> articles -> facts -> SQL -> graph",
        description="Read every feed of the feed list, fetch the new entries politely "
        "(robots.txt, per-host spacing, conditional GET), extract their facts, store them, "
        "rebuild the graph and write the exports. A second run on unchanged feeds adds nothing. "
        "Exit status: 0 done (even if some pages failed: see the report), 1 could not run, "
        f"2 usage, {EXIT_FAILED} nothing worked (every feed or every page failed), "
        f"{EXIT_PARTIAL} partial (a feed failed, an export not written), "
        f"{EXIT_LOCKED} another run holds the lock.")
    p.add_argument("--feeds", metavar="FILE", help=f"feed list (TOML; default {DEFAULT_FEEDS})")
    p.add_argument("--db", metavar="URL", help=f"SQLAlchemy database URL (default {DEFAULT_DB})")
    p.add_argument("--out", metavar="DIR", help="folder for the exports (default data/exports)")
    p.add_argument("--archive", metavar="DIR",
                   help="folder of the raw archive of fetched responses (default data/archive)")
    p.add_argument("--since", metavar="DATE", type=_date,
                   help="only articles published on or after this day (YYYY-MM-DD)")
    p.add_argument("--max-articles", metavar="N", type=_positive,
                   help="fetch at most N articles not seen before (the rest wait for the next run)")
    _add_parallel_options(p)
    p.add_argument("--no-progress", action="store_true", help="no progress line on a terminal")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=_cmd_run)

    p = sub.add_parser(
        "article", help="print the main text and metadata of pages, one JSON object per line",
        description="Read HTML files or http(s) URLs and print, one JSON object per line, "
        '{"source", "url", "title", "published", "published_from", "language", "text"} '
        "as the nightly job sees the page. Pages with no article text (JavaScript-only, "
        "paywalled, not HTML) are reported on stderr.")
    p.add_argument("inputs", nargs="+", metavar="PATH_OR_URL")
    p.add_argument("--lang", choices=("auto", "en", "fr"), default="auto",
                   help="language of the inputs (default: detected per page)")
    p.set_defaults(func=_cmd_article)

    p = sub.add_parser(
        "reprocess", help="re-extract the archived pages with the current rules (no network)",
        description="Read the pages of this database kept in the raw archive (those it "
        "fetched; a database that fetched nothing is refused unless --whole-archive), extract "
        "their facts with the current rules and update the database; articles whose text and "
        "extractor version are unchanged are left alone. Then rebuild the graph and the "
        f"exports. Exit status as for run ({EXIT_FAILED}: every page failed).")
    p.add_argument("--db", metavar="URL", help=f"SQLAlchemy database URL (default {DEFAULT_DB})")
    p.add_argument("--out", metavar="DIR", help="folder for the exports (default data/exports)")
    p.add_argument("--archive", metavar="DIR", help="folder of the raw archive (default data/archive)")
    p.add_argument("--since", metavar="DATE", type=_date,
                   help="only articles published (or fetched) on or after this day")
    p.add_argument("--whole-archive", action="store_true",
                   help="for a database that has fetched nothing (new, or deleted to be rebuilt): "
                   "take every page of the archive")
    _add_parallel_options(p)
    p.add_argument("--no-progress", action="store_true", help="no progress line on a terminal")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=_cmd_reprocess)
