"""`extractor sql` is read-only: writes, ATTACH and tricks fail clearly and change nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
import store_support
from store_support import kb_extractions

from extractor import store
from extractor.cli import main

db_url = store_support.db_url  # a shared fixture


@pytest.fixture(scope="module")
def kb_url(db_url: str) -> str:
    engine = store.connect(db_url)
    for ex in kb_extractions():
        store.save_extraction(engine, ex)
    engine.dispose()
    return db_url


def _snapshot(url: str) -> dict[str, int]:
    engine = store.connect(url)
    with engine.connect() as conn:
        names = sa.inspect(conn).get_table_names()
        counts = {t: conn.execute(sa.text(f'SELECT COUNT(*) FROM "{t}"')).scalar_one()
                  for t in names}
    engine.dispose()
    return counts


REFUSED = [
    "DROP TABLE facts",
    "DELETE FROM facts",
    "INSERT INTO runs (started_at, status) VALUES ('x', 'running')",
    "UPDATE entities SET name = 'x'",
    "CREATE TABLE evil (x INTEGER)",
    "SELECT 1; DROP TABLE facts",
    "COMMIT; DROP TABLE facts",
    "WITH x AS (DELETE FROM facts RETURNING id) SELECT * FROM x",
]


@pytest.mark.parametrize("sql", REFUSED)
def test_store_query_refuses_writes(kb_url: str, sql: str) -> None:
    before = _snapshot(kb_url)
    with pytest.raises(store.QueryError):
        store.query(kb_url, sql)
    assert _snapshot(kb_url) == before


def test_store_query_refuses_attach_and_escapes(kb_url: str, tmp_path: Path) -> None:
    target = tmp_path / "other.db"
    if kb_url.startswith("sqlite"):
        escapes = [f"ATTACH DATABASE '{target}' AS other", "ATTACH ':memory:' AS m",
                   "PRAGMA query_only = OFF", "PRAGMA writable_schema = ON",
                   f"VACUUM INTO '{target}'", "CREATE TEMP TABLE t (x INTEGER)"]
    else:
        escapes = ["SET TRANSACTION READ WRITE", "CREATE TEMP TABLE t (x INTEGER)",
                   "SELECT nextval('runs_id_seq')",
                   "SELECT set_config('transaction_read_only', 'off', true)"]
    before = _snapshot(kb_url)
    for sql in escapes:
        with pytest.raises(store.QueryError, match="refused"):
            store.query(kb_url, sql)
    assert not target.exists()
    assert _snapshot(kb_url) == before


def test_store_query_reads_pragmas_on_sqlite(kb_url: str) -> None:
    if not kb_url.startswith("sqlite"):
        pytest.skip("PRAGMA is SQLite's")
    cols, rows = store.query(kb_url, "PRAGMA table_info(facts)")
    assert "name" in cols and any(r[1] == "amount" for r in rows)


def test_store_query_reads(kb_url: str) -> None:
    cols, rows = store.query(kb_url, "SELECT model, price_per_million FROM current_prices "
                             "WHERE model LIKE '%mini%' ORDER BY price_per_million")
    assert cols == ["model", "price_per_million"]
    assert rows == [("GPT-4o mini", 0.15), ("GPT-4o mini", 0.6)]
    cols, rows = store.query(kb_url, "SELECT * FROM facts", max_rows=3)
    assert len(rows) == 3


def test_store_query_reports_errors_clearly(kb_url: str, tmp_path: Path) -> None:
    with pytest.raises(store.QueryError, match="no_such_table|no such table|does not exist"):
        store.query(kb_url, "SELECT * FROM no_such_table")
    with pytest.raises(store.QueryError, match="no SQL"):
        store.query(kb_url, "  ")
    with pytest.raises(store.QueryError, match="no database at"):
        store.query(f"sqlite:///{tmp_path}/missing.db", "SELECT 1")
    assert not (tmp_path / "missing.db").exists()


def test_store_cli_sql_refuses_with_a_message(kb_url: str, capsys: pytest.CaptureFixture[str]
                                              ) -> None:
    before = _snapshot(kb_url)
    assert main(["sql", "--db", kb_url, "DROP TABLE facts"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("extractor sql: error: refused:") and "read-only" in err
    assert "Traceback" not in err
    assert _snapshot(kb_url) == before


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_store_cli_sql_formats(kb_url: str, fmt: str, capsys: pytest.CaptureFixture[str]
                               ) -> None:
    sql = ("SELECT model, context_window, input_usd_per_million FROM model_specs "
           "WHERE model IN ('GPT-4o', 'Claude 3.5 Sonnet') ORDER BY model")
    assert main(["sql", "--db", kb_url, "--format", fmt, sql]) == 0
    out = capsys.readouterr().out
    if fmt == "json":
        assert json.loads(out) == [
            {"model": "Claude 3.5 Sonnet", "context_window": 200000,
             "input_usd_per_million": 3.0},
            {"model": "GPT-4o", "context_window": 128000, "input_usd_per_million": 2.5}]
    elif fmt == "csv":
        assert out.splitlines() == ["model,context_window,input_usd_per_million",
                                    "Claude 3.5 Sonnet,200000,3.0", "GPT-4o,128000,2.5"]
    else:
        lines = out.splitlines()
        assert lines[0].split() == ["model", "context_window", "input_usd_per_million"]
        assert lines[-1] == "(2 rows)" and "GPT-4o" in lines[3]


def test_store_cli_sql_reads_stdin(kb_url: str) -> None:
    done = subprocess.run([sys.executable, "-m", "extractor", "sql", "--db", kb_url,
                           "--format", "csv", "-"], input="SELECT COUNT(*) AS n FROM lineage",
                          capture_output=True, text=True, timeout=60, check=False)
    assert (done.returncode, done.stdout) == (0, "n\n5\n"), done.stderr
