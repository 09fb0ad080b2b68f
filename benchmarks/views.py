"""Time every documented view on a synthetic knowledge base (SQLite by default).

    python -m benchmarks views                    # 1,000,000 facts over 20,000 models
    python -m benchmarks views --facts 100000     # a quicker run
    python -m benchmarks views --db /tmp/kb.db    # keep (and reuse) the database

Each view is timed with the questions an analyst asks of it (one model, one benchmark, the
top of a list; median of several runs) and whole: counted in SQL, and, except for
facts_with_sources (a row per fact), fetched into Python (one run each). Every query goes
through ``store.query``: a fresh read-only connection each time, as ``extractor sql``.
The exit status is 1 when an analyst question takes 200 ms or more.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from extractor import store
from extractor.cli_db import render

from .synth import generate

__all__ = ["QUERIES", "build", "main", "time_query"]

TARGET_MS = 200.0

#: (view, what, SQL): the questions analysts ask of each view. {model} is a model of the
#: synthetic base, {url} one of its articles.
QUERIES: tuple[tuple[str, str, str], ...] = (
    ("current_prices", "one model", "SELECT * FROM current_prices WHERE model = '{model}'"),
    ("current_prices", "20 cheapest input (USD)",
     "SELECT model, price_per_million FROM current_prices WHERE direction = 'input' "
     "AND currency = 'USD' ORDER BY price_per_million LIMIT 20"),
    ("price_history", "one model", "SELECT * FROM price_history WHERE model = '{model}' "
     "ORDER BY valid_from"),
    ("price_history", "one model on a day",
     "SELECT * FROM price_history WHERE model = '{model}' AND valid_from <= '2023-06-01' "
     "AND (valid_to IS NULL OR valid_to > '2023-06-01')"),
    ("benchmark_leaderboard", "top 10 on MMLU",
     "SELECT * FROM benchmark_leaderboard WHERE benchmark = 'MMLU' AND rank <= 10 "
     "ORDER BY rank"),
    ("benchmark_leaderboard", "one model", "SELECT * FROM benchmark_leaderboard "
     "WHERE model = '{model}'"),
    ("launches_by_date", "50 newest", "SELECT * FROM launches_by_date LIMIT 50"),
    ("launches_by_date", "one month",
     "SELECT * FROM launches_by_date WHERE launched_on BETWEEN '2024-06-01' AND '2024-06-30'"),
    ("availability_by_channel", "one channel",
     "SELECT * FROM availability_by_channel WHERE channel = 'Vertex AI'"),
    ("availability_by_channel", "one model",
     "SELECT * FROM availability_by_channel WHERE model = '{model}'"),
    ("lineage", "one model", "SELECT * FROM lineage WHERE model = '{model}'"),
    ("lineage", "successors of a model",
     "SELECT * FROM lineage WHERE predecessor = '{model}'"),
    ("rivals", "20 most compared pairs", "SELECT * FROM rivals WHERE model_id < rival_id "
     "ORDER BY articles DESC LIMIT 20"),
    ("rivals", "one model", "SELECT * FROM rivals WHERE model = '{model}'"),
    ("model_specs", "one model", "SELECT * FROM model_specs WHERE model = '{model}'"),
    ("model_specs", "20 largest context windows", "SELECT model, context_window "
     "FROM model_specs ORDER BY context_window DESC LIMIT 20"),
    ("facts_with_sources", "one model", "SELECT * FROM facts_with_sources "
     "WHERE model = '{model}'"),
    ("facts_with_sources", "one article", "SELECT * FROM facts_with_sources "
     "WHERE article_url = '{url}'"),
    ("calendar", "all rows", "SELECT * FROM calendar"),
)

#: Views whose whole result is also fetched into Python (facts_with_sources has a row per
#: fact: it is only counted).
FETCH_ALL = ("current_prices", "price_history", "benchmark_leaderboard", "launches_by_date",
             "availability_by_channel", "lineage", "rivals", "model_specs")


def build(url: str, facts: int, models: int) -> float:
    """Fill an empty database with the synthetic base; returns the seconds it took."""
    t0 = time.perf_counter()
    engine = store.connect(url)
    run_id = store.start_run(engine, extractor_version="benchmark")
    n = store.save_extractions(engine, generate(facts, models), run_id=run_id,
                               extractor_version="benchmark", batch_size=2000, refresh=False)
    store.rebuild_history(engine)
    store.finish_run(engine, run_id, {"facts": n})
    store.optimize(engine)
    engine.dispose()
    return time.perf_counter() - t0


def time_query(url: str, sql: str, repeat: int) -> tuple[float, int]:
    """Median milliseconds of ``repeat`` runs (after one warm-up) and the row count."""
    _, rows = store.query(url, sql)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        _, rows = store.query(url, sql)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), len(rows)


def _sample(url: str) -> tuple[str, str]:
    _, rows = store.query(url, "SELECT m.name, a.url FROM facts f JOIN entities m "
                          "ON m.id = f.model_id JOIN articles a ON a.id = f.article_id "
                          "WHERE f.id = (SELECT MIN(id) FROM facts)")
    return rows[0][0].replace("'", "''"), rows[0][1].replace("'", "''")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks views", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--facts", type=int, default=1_000_000, help="facts (default 1000000)")
    parser.add_argument("--models", type=int, help="models (default: facts / 50)")
    parser.add_argument("--db", metavar="PATH",
                        help="SQLite file to build or reuse (default: a temporary file)")
    parser.add_argument("--url", metavar="URL",
                        help="any database URL instead, e.g. PostgreSQL (built if empty)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per query (default 5)")
    args = parser.parse_args(argv)
    models = args.models or max(1, args.facts // 50)
    tmp = None
    if args.url:
        url = args.url
    elif args.db:
        url = f"sqlite:///{Path(args.db).resolve()}"
    else:
        tmp = tempfile.TemporaryDirectory(prefix="extractor-bench-")
        url = f"sqlite:///{tmp.name}/kb.db"
    try:
        store.connect(url).dispose()  # creates the schema where needed
        _, rows = store.query(url, "SELECT COUNT(*) FROM facts")
        if rows[0][0] == 0:
            print(f"building {args.facts:,} facts over {models:,} models ...", file=sys.stderr)
            seconds = build(url, args.facts, models)
            print(f"built in {seconds:.1f} s", file=sys.stderr)
        _, counts = store.query(url, "SELECT (SELECT COUNT(*) FROM facts), "
                                "(SELECT COUNT(*) FROM entities WHERE kind = 'model'), "
                                "(SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM series)")
        facts, n_models, n_articles, n_series = counts[0]
        model, article = _sample(url)
        print(f"{facts:,} facts, {n_models:,} models, {n_articles:,} articles, "
              f"{n_series:,} series; median of {args.repeat} runs; target {TARGET_MS:.0f} ms\n")
        table = []
        slow = 0
        for view, what, sql in QUERIES:
            ms, n = time_query(url, sql.format(model=model, url=article), args.repeat)
            slow += ms >= TARGET_MS
            table.append((view, what, n, f"{ms:.1f}", "ok" if ms < TARGET_MS else "over"))
        for view in store.view_names():
            if view == "calendar":
                continue
            ms, _ = time_query(url, f"SELECT COUNT(*) FROM {view}", 1)
            _, ((n,),) = store.query(url, f"SELECT COUNT(*) FROM {view}")
            table.append((view, "whole view, counted", n, f"{ms:.1f}",
                          "ok" if ms < TARGET_MS else "over"))
            if view in FETCH_ALL:
                ms, n = time_query(url, f"SELECT * FROM {view}", 1)
                table.append((view, "whole view, fetched", n, f"{ms:.1f}",
                              "ok" if ms < TARGET_MS else "over"))
        table.sort(key=lambda row: store.view_names().index(row[0]))
        sys.stdout.write(render(["view", "query", "rows", "ms", "target"], table, "table"))
        return 1 if slow else 0
    finally:
        if tmp is not None:
            tmp.cleanup()
