"""The settings file: one clear line per problem, nothing ignored silently."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.cli import main
from extractor.settings import load_settings


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_settings_read_the_extractor_table(tmp_path: Path) -> None:
    s = load_settings(_file(tmp_path, '[extractor]\nper_host_delay = 0\nallow_hosts = ["10.0.0.0/8"]\n'
                                      'max_articles = 30\nprogress = false\n'))
    assert (s.per_host_delay, s.allow_hosts, s.max_articles, s.progress) == (0, ("10.0.0.0/8",), 30, False)


def test_settings_say_every_problem_on_its_own_line(tmp_path: Path) -> None:
    path = _file(tmp_path, 'db = "sqlite:///elsewhere.db"\n[feeds]\nx = 1\n[extractor]\n'
                           'per_host_delay = "fast"\nmax_retries = 2.5\nwhole_archive = "yes"\nspeed = 3\n')
    with pytest.raises(ValueError) as err:
        load_settings(path)
    lines = str(err.value).splitlines()
    assert lines[0] == f"{path}:"
    assert sorted(line.strip() for line in lines[1:]) == sorted([
        "db = ... is outside the [extractor] table (settings go under [extractor])",
        "[feeds] is not a settings table (settings go under [extractor])",
        "per_host_delay = 'fast': expected a number (e.g. 1.0)",
        "max_retries = 2.5: expected a whole number (e.g. 30)",
        "whole_archive = 'yes': expected true or false",
        "speed: no such setting",
    ])


def test_settings_a_bad_file_is_a_short_message_not_a_traceback(tmp_path: Path, capsys) -> None:
    path = _file(tmp_path, '[extractor]\nper_host_delay = "fast"\n')
    assert main(["run", "--config", str(path)]) == 1
    err = capsys.readouterr().err
    assert "per_host_delay = 'fast': expected a number" in err and "Traceback" not in err
    assert main(["extract", "x.txt", "--config", str(_file(tmp_path, "[extractor\n"))]) == 2
    assert "not valid TOML" in capsys.readouterr().err


def test_settings_db_current_without_a_database_says_where_it_looked(tmp_path: Path, capsys) -> None:
    for missing in (tmp_path / "none" / "kb.db", tmp_path / "kb.db"):  # with or without its folder
        assert main(["db", "current", "--db", f"sqlite:///{missing}"]) == 0
        out = capsys.readouterr().out
        assert f"revision none (no database at {missing} yet" in out and "db upgrade" in out
        assert not missing.exists()  # asking does not create it
