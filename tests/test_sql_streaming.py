"""`extractor sql` streams rows: memory stays flat however many rows a query returns."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from extractor import store
from extractor.cli_db import render, write_rows

ROOT = Path(__file__).resolve().parent.parent
ROWS = 600_000  # held in a list, ~200 MB more in the process; streamed, a few MB
SQLITE_SERIES = ("WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s "
                 "WHERE n < {n}) SELECT n, printf('%040d', n) AS pad FROM s")
# generate_series in the select list streams (in FROM it is materialised first)
PG_SERIES = ("SELECT n, lpad(n::text, 40, '0') AS pad "
             "FROM (SELECT generate_series(1, {n}) AS n) AS s")
# the child's peak RSS (KiB), measured by a parent of its own (RUSAGE_CHILDREN of this
# test process would count every earlier subprocess)
_PEAK = ("import resource, subprocess, sys; "
         "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
         "stderr=subprocess.PIPE, text=True); "
         "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
         "print(done.stderr, file=sys.stderr)")


def _peak_kib(url: str, sql: str, fmt: str) -> int:
    done = subprocess.run([sys.executable, "-c", _PEAK, sys.executable, "-m", "extractor",
                           "sql", "--db", url, "--format", fmt, sql], capture_output=True,
                          text=True, timeout=600, env=os.environ | {"PYTHONPATH": str(ROOT)},
                          check=False)
    code, peak = done.stdout.split()
    assert code == "0", done.stderr
    return int(peak)


@pytest.fixture(scope="module")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('db')}/kb.db"
    store.connect(url).dispose()
    return url


@pytest.mark.parametrize("fmt", ["csv", "json", "table"])
def test_sql_memory_stays_flat_on_sqlite(sqlite_url: str, fmt: str) -> None:
    small = _peak_kib(sqlite_url, SQLITE_SERIES.format(n=10), fmt)
    big = _peak_kib(sqlite_url, SQLITE_SERIES.format(n=ROWS), fmt)
    assert big - small < 40_000, (small, big)  # KiB


@pytest.mark.postgres
def test_sql_memory_stays_flat_on_postgresql(pg_url: str) -> None:
    small = _peak_kib(pg_url, PG_SERIES.format(n=10), "csv")
    big = _peak_kib(pg_url, PG_SERIES.format(n=ROWS), "csv")
    assert big - small < 40_000, (small, big)


def _rows(n: int, seen: list[int]) -> Iterator[tuple[int, str]]:
    for i in range(n):
        seen.append(i)
        yield i, f"row {i}"
    raise RuntimeError("the database went away")


@pytest.mark.parametrize("fmt", ["csv", "json", "table"])
def test_sql_writers_write_rows_as_they_come(fmt: str) -> None:
    out = io.StringIO()
    seen: list[int] = []
    with pytest.raises(RuntimeError):
        write_rows(["n", "text"], _rows(5000, seen), fmt, out)
    assert len(seen) == 5000
    assert "row 2000" in out.getvalue()  # written before the last row was read


def test_sql_table_sizes_columns_on_the_first_rows_then_streams() -> None:
    rows = [(i, "x" * (3 if i < 1000 else 30)) for i in range(1500)]
    lines = render(["n", "s"], rows, "table").splitlines()
    assert lines[0].split() == ["n", "s"] and lines[-1] == "(1500 rows)"
    # widths from the first 1,000 rows: a wider cell after them shifts its own line only
    assert lines[2] == "0    xxx" and lines[1002] == "1000  " + "x" * 30


@pytest.mark.parametrize("fmt", ["csv", "json", "table"])
def test_sql_writers_match_the_whole_result_format(fmt: str) -> None:
    import csv
    import json

    rows = [("GPT-4o", 88.7, None), ("Claude, 3.5", 3, "a\nb")]
    text = render(["model", "score", "note"], rows, fmt)
    if fmt == "json":
        assert json.loads(text) == [{"model": "GPT-4o", "score": 88.7, "note": None},
                                    {"model": "Claude, 3.5", "score": 3, "note": "a\nb"}]
        assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"
        assert render(["x"], [], "json") == "[]\n"
        nested = render(["j"], [({"a": [1, 2]},)], "json")  # a PostgreSQL json column
        assert nested == json.dumps([{"j": {"a": [1, 2]}}], indent=2) + "\n"
    elif fmt == "csv":
        assert list(csv.reader(io.StringIO(text))) == [
            ["model", "score", "note"], ["GPT-4o", "88.7", ""], ["Claude, 3.5", "3", "a\nb"]]
    else:
        assert text.splitlines()[-1] == "(2 rows)" and "a b" in text


def test_sql_open_query_streams_from_sqlite(sqlite_url: str) -> None:
    with store.open_query(sqlite_url, SQLITE_SERIES.format(n=10**9)) as result:
        assert result.columns == ["n", "pad"]
        first = [next(result.rows) for _ in range(3)]  # a billion rows: only read lazily
    assert [r[0] for r in first] == [1, 2, 3]
    with store.open_query(sqlite_url, SQLITE_SERIES.format(n=10**9), max_rows=5) as result:
        assert len(list(result.rows)) == 5


@pytest.mark.postgres
def test_sql_open_query_streams_from_postgresql(pg_url: str) -> None:
    with store.open_query(pg_url, PG_SERIES.format(n=10**9), timeout=60) as result:
        assert result.columns == ["n", "pad"]
        first = [next(result.rows) for _ in range(3)]
    assert [r[0] for r in first] == [1, 2, 3]
    with store.open_query(pg_url, "SELECT 1 AS one WHERE false") as result:
        assert (result.columns, list(result.rows)) == (["one"], [])
    with store.open_query(pg_url, PG_SERIES.format(n=100_000), max_rows=7) as result:
        assert len(list(result.rows)) == 7


def test_sql_timeout_counts_database_time_only(sqlite_url: str) -> None:
    with pytest.raises(store.QueryError, match="longer than"):
        store.query(sqlite_url, SQLITE_SERIES.format(n=10**10) + " ORDER BY n DESC",
                    timeout=0.5)
    # a slow reader of the rows (a pipe, a slow disk) does not use up the query's time
    with store.open_query(sqlite_url, SQLITE_SERIES.format(n=3 * 2000), timeout=0.5) as result:
        for number, _row in enumerate(result.rows):
            if number % 2000 == 0:
                time.sleep(0.3)


def test_sql_table_cuts_long_text_but_never_a_link():
    from extractor.cli_db import render

    url = "https://news.example/" + "a-very-long-path/" * 8 + "article.html"
    text = "word " * 30
    out = render(["source_url", "sentence"], [(url, text)], "table")
    assert url in out
    assert "…" in out and text.strip() not in out
