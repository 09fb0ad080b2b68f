"""The password of a database URL is never printed, logged, reported or stored.

The test server trusts loopback connections, so any password in the URL is accepted: the
run below works with a password that is unique to the test, and the test looks for it in
everything the run leaves behind.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from store_support import drop_pg_database, make_pg_database

from extractor import store

ROOT = Path(__file__).resolve().parent.parent
SECRET = f"pw-{uuid.uuid4().hex}"

pytestmark = pytest.mark.postgres


@pytest.fixture
def secret_url(pg_url: str) -> Iterator[str]:
    name = f"t_secrets_{uuid.uuid4().hex[:8]}"
    url = make_pg_database(pg_url, name)
    yield make_url(url).set(password=SECRET).render_as_string(hide_password=False)
    drop_pg_database(pg_url, name)


def _run(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "extractor", *args], cwd=tmp,
                          env=os.environ | {"PYTHONPATH": str(ROOT)}, capture_output=True,
                          text=True, timeout=300, check=False)


def _everything_stored(url: str) -> str:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        tables = sa.inspect(conn).get_table_names()
        dump = [repr(conn.execute(sa.text(f'SELECT * FROM "{t}"')).all()) for t in tables]
    engine.dispose()
    return "\n".join(dump)


def test_secrets_run_on_postgresql_never_shows_the_password(secret_url: str,
                                                             tmp_path: Path) -> None:
    feeds = tmp_path / "feeds.toml"
    feeds.write_text("", encoding="utf-8")
    common = ["--feeds", str(feeds), "--db", secret_url, "--archive", str(tmp_path / "archive"),
              "--out", str(tmp_path / "out"), "--no-progress"]
    text = _run(tmp_path, "run", *common)
    as_json = _run(tmp_path, "run", *common, "--json")
    for done in (text, as_json):
        assert done.returncode == 0, done.stderr
        assert SECRET not in done.stdout and SECRET not in done.stderr
    shown = store.safe_url(secret_url)
    assert "***" in shown and SECRET not in shown
    assert f"database   {shown}" in text.stdout  # the report names the database, redacted
    assert f"db={shown}" in text.stderr  # so does the run_started log line
    assert f'"db": "{shown}"' in as_json.stdout
    stored = _everything_stored(secret_url)
    assert shown in stored  # runs.report holds the redacted URL ...
    assert SECRET not in stored  # ... and nothing holds the password
    logs = "".join(p.read_text(errors="replace") for p in tmp_path.rglob("*") if p.is_file())
    assert SECRET not in logs  # the archive index and the exports neither


def test_secrets_unreachable_database_message_hides_the_password(tmp_path: Path) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"postgresql+psycopg://kb:{SECRET}@127.0.0.1:{port}/kb"
    feeds = tmp_path / "feeds.toml"
    feeds.write_text("", encoding="utf-8")
    done = _run(tmp_path, "run", "--feeds", str(feeds), "--db", url, "--archive",
                str(tmp_path / "archive"), "--out", str(tmp_path / "out"), "--no-progress")
    assert done.returncode == 1
    assert "unreachable" in done.stderr and "kb:***@127.0.0.1" in done.stderr
    assert SECRET not in done.stdout + done.stderr
