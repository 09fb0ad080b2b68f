"""Every export read back by a real consumer: networkx readers, python-igraph, Cytoscape data."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from graph_support import HOSTILE_MODEL, row, sample_rows

from extractor import export
from extractor.graph import build_graph


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    g = build_graph(sample_rows())
    # strings XML cannot hold, from a badly encoded page
    g.nodes["model/gpt-3"]["aliases"] = ["GPT\x003", "bad \ud800 surrogate"]
    return g


def test_export_node_link_round_trip(G, tmp_path):
    path = export.write_node_link(G, tmp_path / "g.json")
    back = export.read_node_link(path)
    assert set(back.edges(keys=True)) == set(G.edges(keys=True))
    assert back.nodes["model/gpt-4o-mini"] == G.nodes["model/gpt-4o-mini"]
    assert back.graph["decisions"] == G.graph["decisions"]
    # and networkx's own reader takes the file as it is
    plain = nx.node_link_graph(json.loads(path.read_text("utf-8")), edges="edges")
    assert plain.is_multigraph() and plain.is_directed()
    assert plain.number_of_edges() == G.number_of_edges()


def test_export_graphml_round_trip_with_networkx(G, tmp_path):
    path = export.write_graphml(G, tmp_path / "g.graphml")
    back = export.read_graphml(path)
    clean = G.copy()
    clean.nodes["model/gpt-3"]["aliases"] = ["GPT\ufffd3", "bad \ufffd surrogate"]
    assert nx.utils.graphs_equal(back, clean)
    # networkx's plain reader: every attribute is a scalar
    plain = nx.read_graphml(path, force_multigraph=True)
    for _, d in plain.nodes(data=True):
        assert all(isinstance(v, str | int | float | bool) for v in d.values())
    assert json.loads(plain.nodes["model/gpt-4o-mini"]["aliases"]) == \
        G.nodes["model/gpt-4o-mini"]["aliases"]


def test_export_graphml_read_by_igraph(G, tmp_path):
    igraph = pytest.importorskip("igraph")
    path = export.write_graphml(G, tmp_path / "g.graphml")
    ig = igraph.Graph.Read_GraphML(str(path))
    assert ig.is_directed()
    assert (ig.vcount(), ig.ecount()) == (G.number_of_nodes(), G.number_of_edges())
    v = ig.vs.find(id="model/gpt-4o-mini")
    assert (v["label"], v["kind"], v["price_input"]) == ("GPT-4o mini", "model", 0.15)
    assert v["context_window"] == 128000
    kinds = {e["kind"] for e in ig.es}
    assert "competitor-of" in kinds and "scored-on" in kinds
    e = ig.es.find(_source=v.index, _target=ig.vs.find(id="model/gpt-3-5-turbo").index)
    assert e["kind"] == "successor-of" and e["evidence"] == 2
    assert HOSTILE_MODEL in ig.vs["label"]


def test_export_gexf_is_dynamic_and_read_by_networkx(G, tmp_path):
    path = export.write_gexf(G, tmp_path / "g.gexf")
    root = ET.parse(path).getroot()
    ns = {"g": root.tag.split("}")[0].strip("{")}
    graph = root.find("g:graph", ns)
    assert graph.get("mode") == "dynamic" and graph.get("timeformat") == "date"
    back = nx.read_gexf(path)
    assert back.number_of_nodes() == G.number_of_nodes()
    assert back.number_of_edges() == G.number_of_edges()
    d = back.nodes["model/gpt-4o-mini"]
    assert d["label"] == "GPT-4o mini" and d["kind"] == "model"
    assert (d["start"], d["end"]) == ("2024-07-18", "2024-08-02")
    assert d["viz"]["color"] == {"r": 0x4E, "g": 0x79, "b": 0xA7, "a": 1.0}
    starts = [e.get("start") for _, _, e in back.edges(data=True) if e.get("start")]
    assert starts and all(len(s) == 10 for s in starts)


def test_export_cytoscape_elements(G, tmp_path):
    path = export.write_cytoscape(G, tmp_path / "g.cyjs")
    data = json.loads(path.read_text("utf-8"))
    nodes, edges = data["elements"]["nodes"], data["elements"]["edges"]
    assert len(nodes) == G.number_of_nodes() and len(edges) == G.number_of_edges()
    ids = [e["data"]["id"] for e in edges]
    assert len(set(ids)) == len(ids)  # Cytoscape.js needs unique element ids
    node_ids = {n["data"]["id"] for n in nodes}
    assert all(e["data"]["source"] in node_ids and e["data"]["target"] in node_ids for e in edges)
    assert all(n["data"]["label"] and n["data"]["kind"] for n in nodes)
    back = nx.cytoscape_graph(json.loads(path.read_text("utf-8")))
    assert back.number_of_edges() == G.number_of_edges()
    assert nx.utils.graphs_equal(export.read_cytoscape(path), export.parse_node_link(
        export.generate_node_link(G)))


def test_export_write_exports_all_formats_atomically(G, tmp_path):
    paths = export.write_exports(G, tmp_path / "out")
    assert set(paths) == set(export.FORMATS)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        name for name, _ in export.FORMATS.values())  # no temporary file left behind


def test_export_failed_write_keeps_the_old_file(G, tmp_path):
    target = tmp_path / "g.json"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):  # fails half way through writing
        export._write(target, "x" * 100_000 + "\ud800")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["g.json"]


def test_export_files_are_written_as_they_are_made(G, tmp_path, monkeypatch):
    # each writer hands the file its pieces, never the whole text: the same bytes as the
    # generated text, and a failure after the first pieces leaves the old file alone
    for fmt, (name, generate) in export.FORMATS.items():
        path = export.write_export(G, fmt, tmp_path / name)
        assert path.read_text(encoding="utf-8") == generate(G), fmt
    pieces: list[str] = []
    real = export._write

    def counting(path, text):  # type: ignore[no-untyped-def]
        assert not isinstance(text, str)

        def seen():  # type: ignore[no-untyped-def]
            for piece in text:
                pieces.append(piece)
                if len(pieces) == 50:
                    raise OSError("disk full")
                yield piece
        return real(path, seen())

    monkeypatch.setattr(export, "_write", counting)
    target = tmp_path / "graph.json"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(OSError, match="disk full"):
        export.write_export(G, "json", target)
    assert target.read_text(encoding="utf-8") == "old" and len(pieces) == 50
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_export_empty_graph_in_every_format(tmp_path):
    empty = build_graph([])
    for fmt in export.FORMATS:
        assert export.generate_export(empty, fmt)
    assert export.read_graphml(export.write_graphml(empty, tmp_path / "e.graphml")).order() == 0


def test_export_mixed_number_types_get_one_graphml_type(tmp_path):
    G = build_graph([row(("https://a.example", "2024-01-01", "t"), "benchmark", "Zeta-1",
                         benchmark="MMLU", score=80)])
    G.nodes["model/zeta-1"]["parameters"] = 7_000_000_000
    G.add_node("model/zeta-2", kind="model", label="Zeta-2", parameters=7.5e9)
    back = export.read_graphml(export.write_graphml(G, tmp_path / "m.graphml"))
    assert back.nodes["model/zeta-1"]["parameters"] == 7e9
    assert back.nodes["model/zeta-2"]["parameters"] == 7.5e9


def test_export_html_view_ships_vis_network_with_its_licence():
    from importlib import resources

    from extractor import export

    js = export._vis_js()
    assert js.lstrip().startswith("/**") and "vis-network" in js[:200] and "@version 9.1.2" in js[:400]
    licence = resources.files("extractor").joinpath("templates", "vendor", "vis-network.LICENSE").read_text()
    assert "MIT License" in licence and "Almende" in licence
    pyproject = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text()
    assert "pyvis" not in pyproject  # one JavaScript file needs no package of its own
