"""SQL and the graph name the same models, organizations, benchmarks and channels with the
same ids and labels: after a run over the corpus, the entities the facts name in SQL are the
nodes of the exported graph."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from extractor import nightly
from tests.crawl_support import CORPUS, Site, serve
from tests.test_nightly_run import _feed_list, _settings


def test_one_entity_list_for_sql_and_the_graph(tmp_path: Path) -> None:
    site = Site()
    site.add_corpus()
    with serve(site):
        feeds = _feed_list(tmp_path, site, [f"/feeds/{p.name}" for p in
                                            sorted((CORPUS / "feeds").glob("*.xml"))])
        report = nightly.run(_settings(tmp_path, feeds))
    assert report.failures == [] and not report.export_errors
    graph = json.loads((tmp_path / "out" / "graph.json").read_text("utf-8"))
    nodes = {n["id"]: (n["kind"], n["label"]) for n in graph["nodes"]}
    with sqlite3.connect(tmp_path / "kb.db") as conn:
        named = {i for (i,) in conn.execute(
            "SELECT model_id FROM facts UNION SELECT predecessor_id FROM facts UNION "
            "SELECT competitor_id FROM facts UNION SELECT org_id FROM facts UNION "
            "SELECT benchmark_id FROM facts UNION SELECT channel_id FROM facts") if i}
        entities = {i: (k, n) for i, k, n in conn.execute("SELECT id, kind, name FROM entities")}
    for kind in ("model", "benchmark", "channel"):
        in_sql = {i for i in named if entities[i][0] == kind}
        in_graph = {i for i, (k, _) in nodes.items() if k == kind}
        assert in_sql == in_graph, kind
    assert all(entities[i] == nodes[i] for i in named if i in nodes)  # same kind, same label
    # names only the whole base can decide are linked alike ("Gemini Flash" is a 1.5 Flash)
    assert "model/gemini-flash" not in entities
    assert "model/mistral-large-2" in nodes
    # the night resolves the names from the narrow rows of load_names: as from the full rows
    from extractor import store
    from extractor.resolve import fact_mentions, resolve_models

    engine = store.connect(f"sqlite:///{tmp_path / 'kb.db'}")
    full = resolve_models(fact_mentions(store.load_facts(engine)))
    narrow = resolve_models(fact_mentions(store.load_names(engine)))
    assert (narrow.entities, narrow.decisions, narrow.org_labels) == \
        (full.entities, full.decisions, full.org_labels) and len(full.entities) > 100
