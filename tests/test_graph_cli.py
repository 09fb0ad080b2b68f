"""``extractor export`` and ``extractor graph lineage|rivals|show`` on a real SQLite store."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from graph_support import A1, HOSTILE_MODEL, sample_extractions

from extractor import export, store
from extractor.cli import main


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'kb.db'}"
    engine = store.connect(url)
    try:
        for ex in sample_extractions():
            store.save_extraction(engine, ex)
    finally:
        engine.dispose()
    return url


@pytest.mark.parametrize("fmt", sorted(export.FORMATS))
def test_graph_cli_export_writes_each_format(db, tmp_path, capsys, fmt):
    out = tmp_path / f"graph.{fmt}"
    assert main(["export", "--db", db, "--format", fmt, "--out", str(out)]) == 0
    assert out.stat().st_size > 0
    assert f"wrote {out}" in capsys.readouterr().err
    if fmt == "json":
        G = export.read_node_link(out)
        assert "model/gpt-4o-mini" in G and G.graph["facts"] == 24
    if fmt == "graphml":
        assert nx.utils.graphs_equal(export.read_graphml(out), export.read_graphml(out))


def test_graph_cli_export_to_stdout(db, capsys):
    assert main(["export", "--db", db, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {n["id"] for n in data["nodes"]} >= {"model/gpt-4o-mini", "org/openai"}


def test_graph_cli_lineage(db, capsys):
    assert main(["graph", "lineage", "gpt-4o-mini", "--db", db]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Lineage of GPT-4o mini (oldest first)"
    order = [line[2:].split("  ")[0].strip() for line in lines[1:]]
    assert order == ["GPT-3", "GPT-3.5 Turbo", "GPT-4o mini"]
    assert lines[-1].startswith("> GPT-4o mini")


def test_graph_cli_rivals_json(db, capsys):
    assert main(["graph", "rivals", "GPT-4o Mini", "--db", db, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["model"] == "model/gpt-4o-mini"
    assert data["rivals"][0]["label"] == "Claude 3 Haiku" and data["rivals"][0]["articles"] == 2


def test_graph_cli_show_everything_with_sources(db, capsys):
    assert main(["graph", "show", "le GPT-4o mini", "--db", db]) == 0
    out = capsys.readouterr().out
    assert out.startswith("GPT-4o mini  [model/gpt-4o-mini]")
    for expected in ("developer: OpenAI", "price input: 0.15", "lineage: GPT-3 -> GPT-3.5 Turbo",
                     "scored-on:", "MMLU = 82", A1[0], "facts (14):"):
        assert expected in out, expected


def test_graph_cli_show_hostile_model_prints_plain_text(db, capsys):
    assert main(["graph", "show", HOSTILE_MODEL, "--db", db]) == 0
    out = capsys.readouterr().out
    assert HOSTILE_MODEL in out and "\x1b" not in out


def test_graph_cli_unknown_model_suggests(db, capsys):
    assert main(["graph", "rivals", "GPT-4o mimi", "--db", db]) == 1
    err = capsys.readouterr().err
    assert "no model named 'GPT-4o mimi'" in err and "GPT-4o mini" in err
    assert "Traceback" not in err


def test_graph_cli_missing_database_is_a_clear_error(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'none.db'}"
    assert main(["export", "--db", url, "--format", "graphml"]) == 1
    assert "no database at" in capsys.readouterr().err
    assert not (tmp_path / "none.db").exists()


def test_graph_cli_usage_errors_exit_2(db, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["export", "--db", db, "--format", "png"])
    assert exc.value.code == 2
    assert main(["graph"]) == 2
    capsys.readouterr()
