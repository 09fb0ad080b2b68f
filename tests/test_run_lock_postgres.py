"""Two runs on one PostgreSQL database: the second one stops at once (exit 75), clearly.

Each run has its own archive folder, so the lock files cannot keep them apart: only the
database's advisory lock does. The first run is a real ``extractor run`` kept busy by a feed
that answers slowly on a loopback server.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from crawl_support import ROOT, Route, Site, serve
from store_support import drop_pg_database, make_pg_database

from extractor import nightly, store
from extractor.settings import load_settings

pytestmark = pytest.mark.postgres

EMPTY_RSS = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'


@pytest.fixture
def pg_db(pg_url: str) -> Iterator[str]:
    name = f"t_run_lock_{uuid.uuid4().hex[:8]}"
    url = make_pg_database(pg_url, name)
    store.connect(url).dispose()
    yield url
    drop_pg_database(pg_url, name)


@pytest.fixture
def slow_site() -> Iterator[Site]:
    site = Site()
    site.add("/feed.xml", Route(EMPTY_RSS, "application/rss+xml", delay=4.0))
    with serve(site):
        yield site


def _argv(tmp: Path, name: str, feeds: Path, db: str) -> list[str]:
    return [sys.executable, "-m", "extractor", "run", "--feeds", str(feeds), "--db", db,
            "--archive", str(tmp / name / "archive"), "--out", str(tmp / name / "out"),
            "--no-progress"]


def _env() -> dict[str, str]:
    return os.environ | {"PYTHONPATH": str(ROOT)}


def _wait_for(predicate: object, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.02)
    raise AssertionError("timed out")


def _runs(url: str) -> list[tuple[int, str]]:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT id, status FROM runs ORDER BY id")).all()
    engine.dispose()
    return [tuple(r) for r in rows]


def _lock_holders(url: str) -> int:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        n = conn.execute(sa.text("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' "
                                 "AND database = (SELECT oid FROM pg_database WHERE "
                                 "datname = current_database())")).scalar_one()
    engine.dispose()
    return int(n)


def test_run_lock_second_concurrent_run_exits_75(pg_db: str, slow_site: Site,
                                                 tmp_path: Path) -> None:
    feeds = tmp_path / "feeds.toml"
    feeds.write_text(f'[[feed]]\nurl = "{slow_site.url("/feed.xml")}"\n', encoding="utf-8")
    first = subprocess.Popen(_argv(tmp_path, "a", feeds, pg_db), env=_env(), cwd=tmp_path,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(lambda: slow_site.hits("/feed.xml"))  # the first run is in its crawl
        second = subprocess.run(_argv(tmp_path, "b", feeds, pg_db), env=_env(), cwd=tmp_path,
                                capture_output=True, text=True, timeout=120, check=False)
        overlapped = first.poll() is None
        _, err = first.communicate(timeout=120)
    finally:
        if first.poll() is None:
            first.kill()
    assert second.returncode == 75, second.stderr
    assert overlapped, "the first run was over before the second one was refused"
    assert "another run holds the lock of the database" in second.stderr
    assert "Traceback" not in second.stderr and "UniqueViolation" not in second.stderr
    assert first.returncode == 0, err
    assert _runs(pg_db) == [(1, "ok")]  # the refused run left no trace
    assert _lock_holders(pg_db) == 0
    # once the first run is over, the next one runs
    again = subprocess.run(_argv(tmp_path, "b", feeds, pg_db), env=_env(), cwd=tmp_path,
                           capture_output=True, text=True, timeout=120, check=False)
    assert again.returncode == 0, again.stderr
    assert [s for _, s in _runs(pg_db)] == ["ok", "ok"]


def test_run_lock_is_released_when_the_holder_is_killed(pg_db: str, slow_site: Site,
                                                        tmp_path: Path) -> None:
    feeds = tmp_path / "feeds.toml"
    feeds.write_text(f'[[feed]]\nurl = "{slow_site.url("/feed.xml")}"\n', encoding="utf-8")
    first = subprocess.Popen(_argv(tmp_path, "a", feeds, pg_db), env=_env(), cwd=tmp_path,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _wait_for(lambda: slow_site.hits("/feed.xml"))
    assert _lock_holders(pg_db) == 1
    os.kill(first.pid, signal.SIGKILL)
    first.wait()
    _wait_for(lambda: _lock_holders(pg_db) == 0, 30)  # the server ends the dead session
    slow_site.routes["/feed.xml"].delay = 0.0
    again = subprocess.run(_argv(tmp_path, "b", feeds, pg_db), env=_env(), cwd=tmp_path,
                           capture_output=True, text=True, timeout=120, check=False)
    assert again.returncode == 0, again.stderr


def test_run_lock_held_in_process_raises_run_locked(pg_db: str, tmp_path: Path) -> None:
    feeds = tmp_path / "feeds.toml"
    feeds.write_text("", encoding="utf-8")
    settings = load_settings(None, db=pg_db, feeds=str(feeds), archive=str(tmp_path / "arch"),
                             out=str(tmp_path / "out"), progress=False)
    with store.run_lock(pg_db):
        with pytest.raises(nightly.RunLocked, match="holds the lock of the database"):
            nightly.run(settings)
        with pytest.raises(store.LockHeld):
            with store.run_lock(pg_db):
                pass
    assert nightly.run(settings).run_id is not None  # released at the end of the block
    assert _lock_holders(pg_db) == 0


def test_run_lock_is_a_no_op_on_sqlite(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kb.db'}"
    with store.run_lock(url), store.run_lock(url):
        pass  # SQLite runs are kept apart by the lock file beside the database
