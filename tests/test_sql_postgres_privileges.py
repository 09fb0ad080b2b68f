"""`extractor sql` on PostgreSQL cannot reach the server's files or programs.

A READ ONLY transaction does not stop a superuser's ``COPY ... TO PROGRAM`` or
``pg_read_file``. These tests connect as a real superuser (the test server trusts loopback)
and as the analyst role created with the SQL of docs/operations.md ("Read-only analyst
role"), and check that nothing is run, read or written.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from store_support import drop_pg_database, kb_extractions, make_pg_database

from extractor import store

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "operations.md"
SECRET_FILE = "/etc/passwd"  # readable by the server's OS user; its first line names root


def _url(base: str, **parts: object) -> str:
    return make_url(base).set(**parts).render_as_string(hide_password=False)


def _admin(url: str, *statements: str) -> None:
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        for statement in statements:
            conn.exec_driver_sql(statement)
    engine.dispose()


@pytest.fixture(scope="module")
def admin_url(pg_url: str) -> str:
    """A superuser on the test server: EXTRACTOR_TEST_PG_ADMIN_URL, else ``postgres`` there."""
    url = os.environ.get("EXTRACTOR_TEST_PG_ADMIN_URL") or _url(
        pg_url, username="postgres", password=None, database="postgres")
    try:
        engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
        with engine.connect() as conn:
            superuser = conn.exec_driver_sql("SELECT rolsuper FROM pg_roles "
                                             "WHERE rolname = current_user").scalar()
        engine.dispose()
    except sa.exc.OperationalError as exc:
        if os.environ.get("EXTRACTOR_REQUIRE_PG") == "1":
            pytest.fail(f"no superuser connection to the test server: {exc.orig}")
        pytest.skip("no superuser connection to the test server")
    assert superuser, f"{store.safe_url(url)} is not a superuser"
    return url


@pytest.fixture(scope="module")
def kb(pg_url: str, admin_url: str) -> Iterator[dict[str, str]]:
    """The small knowledge base, written by the test role (as the nightly job would), and
    URLs on it for: the writer, a superuser, and the analyst role of the docs."""
    tag = uuid.uuid4().hex[:8]
    name = f"t_sql_priv_{tag}"
    writer = make_pg_database(pg_url, name)
    engine = store.connect(writer)
    for ex in kb_extractions():
        store.save_extraction(engine, ex)
    engine.dispose()
    analyst = f"kb_analyst_{tag}"
    super_url = _url(admin_url, database=name)
    block = re.search(r"## Read-only analyst role\n.*?```sql\n(.*?)```", DOCS.read_text(),
                      re.DOTALL)
    assert block, "docs/operations.md has no SQL block under 'Read-only analyst role'"
    sql = re.sub(r"\bkb_analyst\b", analyst, block.group(1))
    sql = re.sub(r"\bkb_writer\b", make_url(pg_url).username or "", sql)
    sql = re.sub(r"\bkb\b", f'"{name}"', sql)
    _admin(super_url, *[s for s in (part.strip() for part in re.sub(
        r"--[^\n]*", "", sql).split(";")) if s])
    member = f"kb_member_{tag}"
    granted = f"kb_granted_{tag}"
    _admin(super_url, f"CREATE ROLE {member} LOGIN", f"GRANT pg_read_server_files TO {member}",
           f'GRANT CONNECT ON DATABASE "{name}" TO {member}',
           f"CREATE ROLE {granted} LOGIN", f'GRANT CONNECT ON DATABASE "{name}" TO {granted}',
           f"GRANT EXECUTE ON FUNCTION pg_read_file(text) TO {granted}")
    yield {"writer": writer, "super": super_url, "analyst_role": analyst,
           "analyst": _url(pg_url, username=analyst, password=None, database=name),
           "member": _url(pg_url, username=member, password=None, database=name),
           "granted": _url(pg_url, username=granted, password=None, database=name)}
    drop_pg_database(pg_url, name)
    _admin(admin_url, *[f"DROP ROLE IF EXISTS {r}" for r in (analyst, member, granted)])


@pytest.fixture
def server_dir() -> Iterator[Path]:
    """A folder the server's OS user may write in (where an attack would leave its mark)."""
    path = Path(tempfile.mkdtemp(prefix="extractor-sql-"))
    path.chmod(0o777)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def _attacks(folder: Path) -> list[str]:
    return [
        f"COPY (SELECT 1) TO PROGRAM 'touch {folder}/program'",
        f"  /* harmless */ copy facts TO '{folder}/facts.csv'",
        f"COPY (SELECT 1) TO PROGRAM 'id > {folder}/program'; SELECT 1",
        f"SELECT pg_read_file('{SECRET_FILE}')",
        f"SELECT pg_catalog.pg_read_binary_file('{SECRET_FILE}')",
        f"SELECT \"pg_read_file\"('{SECRET_FILE}')",
        f"SELECT U&\"pg\\005fread\\005ffile\"('{SECRET_FILE}')",
        "SELECT * FROM pg_ls_dir('/etc')",
        f"SELECT pg_stat_file('{SECRET_FILE}')",
        f"SELECT lo_import('{SECRET_FILE}')",
        f"SELECT lo_export(1, '{folder}/lo')",
        f"SELECT query_to_xml('select pg_read' || '_file(''{SECRET_FILE}'')', true, false, '')",
        "SELECT set_config('role', 'postgres', false)",
        f"DO $$BEGIN EXECUTE 'COPY (SELECT 1) TO PROGRAM ''touch {folder}/do'''; END$$",
        "SELECT dblink_connect('host=127.0.0.1')",
    ]


@pytest.mark.parametrize("allow", [False, True])
def test_sql_superuser_cannot_run_programs_or_read_files(kb: dict[str, str], server_dir: Path,
                                                         allow: bool) -> None:
    for sql in _attacks(server_dir):
        with pytest.raises(store.QueryError, match="refused") as refused:
            store.query(kb["super"], sql, allow_privileged=allow)
        assert "root:" not in str(refused.value)
    assert list(server_dir.iterdir()) == []  # no program ran, no file was written


def test_sql_cli_superuser_copy_to_program_and_pg_read_file(kb: dict[str, str],
                                                            server_dir: Path) -> None:
    for sql in (f"COPY (SELECT 1) TO PROGRAM 'touch {server_dir}/cli'",
                f"SELECT pg_read_file('{SECRET_FILE}')"):
        done = subprocess.run([sys.executable, "-m", "extractor", "sql", "--db", kb["super"],
                               "--format", "csv", sql], capture_output=True, text=True,
                              timeout=120, env=os.environ | {"PYTHONPATH": str(ROOT)},
                              check=False)
        assert done.returncode == 1 and "refused" in done.stderr, done.stderr
        assert "root:" not in done.stdout + done.stderr
        assert "Traceback" not in done.stderr
    assert list(server_dir.iterdir()) == []


def test_sql_privileged_roles_are_refused_even_for_a_plain_select(kb: dict[str, str]) -> None:
    cases = {"super": "superuser", "member": "member of pg_read_server_files",
             "granted": "may execute pg_read_file"}
    for who, why in cases.items():
        with pytest.raises(store.QueryError, match=why) as refused:
            store.query(kb[who], "SELECT 1 AS one")
        assert "Read-only analyst role" in str(refused.value)
        # told otherwise, a harmless query runs (the keyword filter stays, see above)
        assert store.query(kb[who], "SELECT 1 AS one", allow_privileged=True) == (
            ["one"], [(1,)])


def test_sql_analyst_role_of_the_docs_reads_and_nothing_more(kb: dict[str, str],
                                                            server_dir: Path) -> None:
    cols, rows = store.query(kb["analyst"], "SELECT model, price_per_million FROM "
                             "current_prices WHERE model LIKE '%mini%' ORDER BY 2")
    assert rows == [("GPT-4o mini", 0.15), ("GPT-4o mini", 0.6)]
    assert store.query(kb["analyst"], "SELECT current_user")[1] == [(kb["analyst_role"],)]
    # the role itself is the defence: straight to the server, past extractor's filter
    engine = sa.create_engine(kb["analyst"], poolclass=sa.pool.NullPool)
    for sql in (f"SELECT pg_read_file('{SECRET_FILE}')",
                f"COPY (SELECT 1) TO PROGRAM 'touch {server_dir}/program'",
                f"COPY facts TO '{server_dir}/facts.csv'", f"SELECT lo_import('{SECRET_FILE}')",
                "INSERT INTO runs (started_at, status) VALUES ('x', 'running')",
                "CREATE TABLE evil (x integer)"):
        with engine.connect() as conn, pytest.raises(sa.exc.DBAPIError) as denied:
            conn.exec_driver_sql(sql)
        assert type(denied.value.orig).__name__ in ("InsufficientPrivilege",
                                                    "ReadOnlySqlTransaction"), sql
    engine.dispose()
    assert list(server_dir.iterdir()) == []


def test_sql_set_role_from_a_privileged_login(kb: dict[str, str], server_dir: Path) -> None:
    role = kb["analyst_role"]
    assert store.query(kb["super"], "SELECT current_user", role=role)[1] == [(role,)]
    for sql in ("SELECT set_config('role', 'postgres', false), current_user",
                f"SELECT pg_read_file('{SECRET_FILE}')"):
        with pytest.raises(store.QueryError, match="refused"):
            store.query(kb["super"], sql, role=role)
    with pytest.raises(store.QueryError, match="role|does not exist"):
        store.query(kb["super"], "SELECT 1", role="no_such_role_here")


def test_sql_cli_role_and_settings(kb: dict[str, str], tmp_path: Path) -> None:
    env = os.environ | {"PYTHONPATH": str(ROOT)}

    def sql(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "extractor", *args], capture_output=True,
                              text=True, timeout=120, env=env, check=False, cwd=tmp_path)

    role = kb["analyst_role"]
    refused = sql("sql", "--db", kb["super"], "--format", "csv", "SELECT current_user AS u")
    assert refused.returncode == 1 and "superuser" in refused.stderr
    done = sql("sql", "--db", kb["super"], "--role", role, "--format", "csv",
               "SELECT current_user AS u")
    assert (done.returncode, done.stdout) == (0, f"u\n{role}\n"), done.stderr
    config = tmp_path / "settings.toml"
    config.write_text(f'[extractor]\ndb = "{kb["super"]}"\nsql_db = "{kb["analyst"]}"\n',
                      encoding="utf-8")
    done = sql("--config", str(config), "sql", "--format", "csv", "SELECT current_user AS u")
    assert (done.returncode, done.stdout) == (0, f"u\n{role}\n"), done.stderr
    config.write_text(f'[extractor]\ndb = "{kb["super"]}"\nsql_role = "{role}"\n',
                      encoding="utf-8")
    done = sql("--config", str(config), "sql", "--format", "csv", "SELECT current_user AS u")
    assert (done.returncode, done.stdout) == (0, f"u\n{role}\n"), done.stderr
