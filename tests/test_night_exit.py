"""Issue 11, items 7 and 9: monitoring sees a failed night; an archive belongs to one database.

Exit codes (docs/operations.md, "Exit codes"): 0 ok, 1 could not run, 2 usage, 3 nothing
worked, 4 partial, 75 locked. A run killed with SIGKILL is closed as ``abandoned`` by the
next one (tests/test_nightly_run.py::test_nightly_kill_9_mid_run_then_rerun_loses_and_duplicates_nothing
kills a real subprocess; here a ``running`` row left by a dead process is closed).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extractor.cli import main
from extractor.cli_crawl import EXIT_FAILED, EXIT_PARTIAL
from tests.crawl_support import CORPUS, ROOT, Route, Site, serve
from tests.test_nightly_run import _feed_list, _rows, _rss

ARTICLES = sorted((CORPUS / "articles").glob("*.html"))


def _argv(tmp: Path, feeds: Path, command: str = "run") -> list[str]:
    config = tmp / "settings.toml"
    # the loopback site is the operator's own test site: its links may be followed
    config.write_text("[extractor]\nper_host_delay = 0.0\nmax_retries = 0\nretry_delay = 0.01\n"
                      "allow_hosts = [\"127.0.0.1\"]\n",
                      encoding="utf-8")
    return ["--config", str(config), command, "--feeds", str(feeds),
            "--db", f"sqlite:///{tmp / 'kb.db'}", "--archive", str(tmp / "archive"),
            "--out", str(tmp / "out"), "--no-progress"]


def _status(tmp: Path) -> str:
    return _rows(tmp, "SELECT status FROM runs ORDER BY id DESC LIMIT 1")[0][0]


def _site() -> Site:
    site = Site()
    site.add_corpus()
    site.add("/down.xml", Route(status=503))
    site.add("/gone.xml", Route(status=404))
    site.add("/dead-links.xml", Route(b"", "application/rss+xml"))
    site.add("/ok.xml", Route(b"", "application/rss+xml"))
    return site


def test_night_exit_codes_tell_a_failed_night(tmp_path: Path) -> None:
    site = _site()
    with serve(site):
        site.routes["/dead-links.xml"].body = _rss([site.url(f"/missing/{i}.html") for i in range(3)])
        site.routes["/ok.xml"].body = _rss([site.url(f"/articles/{ARTICLES[0].name}")])
        cases = {  # feeds -> (exit code, runs.status)
            "every-feed-fails": (["/down.xml", "/gone.xml"], EXIT_FAILED, "failed"),
            "every-page-fails": (["/dead-links.xml"], EXIT_FAILED, "failed"),
            "one-feed-fails": (["/ok.xml", "/gone.xml"], EXIT_PARTIAL, "partial"),
            "all-good": (["/ok.xml"], 0, "ok"),
        }
        for name, (feeds, code, status) in cases.items():
            tmp = tmp_path / name
            tmp.mkdir()
            assert main(_argv(tmp, _feed_list(tmp, site, feeds))) == code, name
            assert _status(tmp) == status, name
    assert EXIT_FAILED not in (0, 1, 2, 75) and EXIT_PARTIAL not in (0, 1, 2, 75, EXIT_FAILED)


def test_night_run_killed_with_sigkill_is_marked_abandoned(tmp_path: Path) -> None:
    site = Site()
    site.add("/slow.html", Route(ARTICLES[0].read_bytes(), delay=30))
    site.add("/feed.xml", Route(b"", "application/rss+xml"))
    with serve(site):
        site.routes["/feed.xml"].body = _rss([site.url("/slow.html")])
        feeds = _feed_list(tmp_path, site, ["/feed.xml"])
        env = os.environ | {"PYTHONPATH": str(ROOT)}
        proc = subprocess.Popen([sys.executable, "-m", "extractor", *_argv(tmp_path, feeds)],
                                cwd=tmp_path, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not site.hits("/slow.html"):
            time.sleep(0.02)  # the run row exists: the page is being fetched
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert _rows(tmp_path, "SELECT status, finished_at FROM runs") == [("running", None)]
        site.routes["/slow.html"].delay = 0
        assert main(_argv(tmp_path, feeds)) == 0
    runs = _rows(tmp_path, "SELECT status, finished_at FROM runs ORDER BY id")
    assert [s for s, _ in runs] == ["abandoned", "ok"] and all(f for _, f in runs)


def test_night_reprocess_reads_only_the_pages_of_its_database(tmp_path: Path) -> None:
    """Two knowledge bases, one archive folder: reprocessing one does not pull in the other's
    pages; a database that fetched nothing takes the whole archive only with --whole-archive."""
    site = Site()
    site.add_corpus()
    archive = tmp_path / "archive"
    with serve(site):
        for name, feed in (("en", "/feeds/en-news.rss.xml"), ("fr", "/feeds/fr-actu.atom.xml")):
            tmp = tmp_path / name
            tmp.mkdir()
            argv = _argv(tmp, _feed_list(tmp, site, [feed]))
            argv[argv.index("--archive") + 1] = str(archive)
            assert main(argv) == 0
    before = {n: _rows(tmp_path / n, "SELECT url FROM articles ORDER BY url") for n in ("en", "fr")}
    assert before["en"] and before["fr"] and not set(before["en"]) & set(before["fr"])
    for name in ("en", "fr"):
        tmp = tmp_path / name
        argv = _argv(tmp, tmp / "feeds.toml", "reprocess")
        del argv[argv.index("--feeds"):argv.index("--feeds") + 2]
        argv[argv.index("--archive") + 1] = str(archive)
        assert main(argv) == 0
        assert _rows(tmp, "SELECT url FROM articles ORDER BY url") == before[name]
    rebuilt = tmp_path / "rebuilt"
    rebuilt.mkdir()
    argv = _argv(rebuilt, rebuilt / "feeds.toml", "reprocess")
    del argv[argv.index("--feeds"):argv.index("--feeds") + 2]
    argv[argv.index("--archive") + 1] = str(archive)
    assert main(argv) == 1  # a new database does not pull in an archive it never fetched
    assert not (rebuilt / "kb.db").exists() or not _rows(rebuilt, "SELECT url FROM articles")
    assert main(argv + ["--whole-archive"]) == 0  # unless asked to rebuild from all of it
    assert len(_rows(rebuilt, "SELECT url FROM articles")) == len(before["en"]) + len(before["fr"])


@pytest.mark.parametrize("driver", ["sqlite", "sqlite+pysqlite"])
def test_night_sqlite_lock_whatever_the_driver(tmp_path: Path, driver: str) -> None:
    """The lock beside a SQLite database is taken for any spelling of its URL: abandoned runs
    are only marked by a run that holds it, so a URL read as 'not SQLite' would let a second
    run close a live one's row."""
    from extractor import nightly
    from extractor.settings import load_settings

    settings = load_settings(db=f"{driver}:///{tmp_path / 'kb.db'}", archive=str(tmp_path / "a"))
    assert tmp_path / "kb.db.lock" in nightly._lock_paths(settings)
    assert nightly._lock_paths(load_settings(db="sqlite://", archive=str(tmp_path / "a"))) == [
        tmp_path / "a" / "run.lock"]


@pytest.mark.parametrize("command", [["run"], ["reprocess"], ["sql", "SELECT 1"], ["db", "current"],
                                     ["export", "--format", "json"], ["graph", "show", "X"], ["extract", "a.txt"]])
def test_night_config_is_accepted_after_any_command(command: list[str]) -> None:
    """'extractor run --config f' was refused: only 'extractor --config f run' worked."""
    from extractor.cli import build_parser

    args = build_parser().parse_args([*command, "--config", "f.toml"])
    assert args.config == "f.toml"
    assert build_parser().parse_args(["--config", "g.toml", *command]).config == "g.toml"
    assert build_parser().parse_args(command).config is None
