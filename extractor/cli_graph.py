"""Subcommands of the knowledge graph: ``export`` and ``graph lineage|rivals|show``.

Each loads the graph from the database (``store.load_facts`` -> ``graph.build_graph``) and
calls one function of ``extractor.export`` or ``extractor.graph``. Exit status: 0 done,
1 failure (no database, no such model), 2 usage.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from .settings import DEFAULT_DB, load_settings

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["register"]

_CTRL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x9b]")  # no terminal escapes from scraped text


class _Failure(Exception):
    """A user-facing error: printed without a traceback, exit status 1."""


def _out(text: str, stream: TextIO | None = None) -> None:
    (stream or sys.stdout).write(_CTRL.sub("?", text) + "\n")


def _db_url(args: argparse.Namespace) -> str:
    try:
        return load_settings(getattr(args, "config", None), db=args.db).db
    except (OSError, ValueError, TypeError) as exc:
        raise _Failure(f"settings: {exc}") from exc


def _load_graph(url: str) -> nx.MultiDiGraph:
    """The graph of every fact in the database at ``url``."""
    if url.startswith("sqlite:///") and ":memory:" not in url:
        path = Path(url.removeprefix("sqlite:///").split("?", 1)[0])
        if not path.exists():
            raise _Failure(f"no database at {path} (run `extractor run` first, or give --db URL)")
    from . import store
    from .graph import build_graph

    try:
        engine = store.connect(url)
    except Exception as exc:  # noqa: BLE001 - any driver error is the user's URL or server
        raise _Failure(f"cannot open the database: {exc}") from exc
    try:
        return build_graph(store.load_facts(engine))
    except Exception as exc:  # noqa: BLE001 - same: report, do not trace back
        raise _Failure(f"cannot read the facts: {type(exc).__name__}: {exc}") from exc
    finally:
        engine.dispose()


def _model(G: nx.MultiDiGraph, name: str) -> str:
    from .graph import find_model, suggest

    found = find_model(G, name)
    if len(found) == 1:
        return found[0]
    if found:
        labels = ", ".join(f"{G.nodes[n]['label']} ({n})" for n in found)
        raise _Failure(f"{name!r} is ambiguous: it may be {labels}; give the full name")
    hint = suggest(G, name)
    raise _Failure(f"no model named {name!r} in the graph"
                   + (f"; did you mean: {', '.join(hint)}?" if hint else ""))


def _run(args: argparse.Namespace, body: Any) -> int:
    try:
        body(args)
    except _Failure as exc:
        _out(f"extractor {args.command}: error: {exc}", sys.stderr)
        return 1
    return 0


# ---------------------------------------------------------------- export


def _export(args: argparse.Namespace) -> None:
    from . import export

    G = _load_graph(_db_url(args))
    if args.out in (None, "-"):
        sys.stdout.write(export.generate_export(G, args.format))
        return
    try:
        path = export.write_export(G, args.format, args.out)
    except OSError as exc:
        raise _Failure(f"cannot write {args.out}: {exc}") from exc
    _out(f"wrote {path} ({G.number_of_nodes()} nodes, {G.number_of_edges()} edges)", sys.stderr)


# ---------------------------------------------------------------- graph queries


def _when(d: dict[str, Any]) -> str:
    return str(d.get("launch_date") or d.get("released") or d.get("first_seen") or "")


def _lineage(args: argparse.Namespace) -> None:
    from .graph import lineage

    G = _load_graph(_db_url(args))
    node = _model(G, args.model)
    lin = lineage(G, node)
    if args.format == "json":
        chain = [{"id": n, "label": G.nodes[n]["label"], "date": _when(G.nodes[n]) or None,
                  "current": n == node} for n in lin.chain]
        _out(json.dumps({"model": node, "lineage": chain}, ensure_ascii=False, indent=1))
        return
    _out(f"Lineage of {G.nodes[node]['label']} (oldest first)")
    if not lin.before and not lin.after:
        _out("  no predecessor or successor read yet")
    for n in lin.chain:
        mark = ">" if n == node else " "
        _out(f"{mark} {G.nodes[n]['label']:<32} {_when(G.nodes[n]):<10}  {n}".rstrip())


def _rivals(args: argparse.Namespace) -> None:
    from .graph import rivals

    G = _load_graph(_db_url(args))
    node = _model(G, args.model)
    found = rivals(G, node)
    if args.format == "json":
        _out(json.dumps({"model": node, "rivals": [
            {"id": r.id, "label": r.label, "articles": r.articles, "evidence": r.evidence,
             "first_seen": r.first_seen, "last_seen": r.last_seen, "sources": list(r.sources)}
            for r in found]}, ensure_ascii=False, indent=1))
        return
    _out(f"Rivals of {G.nodes[node]['label']} (by articles comparing them)")
    if not found:
        _out("  none read yet")
        return
    _out(f"  {'ARTICLES':>8}  {'MODEL':<32} {'DEVELOPER':<16} {'FIRST SEEN':<10}  LAST SEEN")
    for r in found:
        dev = G.nodes[r.id].get("developer") or ""
        _out(f"  {r.articles:>8}  {r.label:<32} {dev:<16} {r.first_seen or '':<10}  "
             f"{r.last_seen or ''}".rstrip())


def _show(args: argparse.Namespace) -> None:
    from .graph import describe

    G = _load_graph(_db_url(args))
    node = _model(G, args.model)
    d = describe(G, node)
    if args.format == "json":
        _out(json.dumps(d, ensure_ascii=False, indent=1))
        return
    _out(f"{d['label']}  [{node}]")
    for k, v in d["attributes"].items():
        _out(f"  {k.replace('_', ' ')}: {v}")
    for k in ("aliases", "short_names"):
        if d.get(k):
            _out(f"  {k.replace('_', ' ')}: {', '.join(d[k])}")
    lin = d["lineage"]
    if lin["before"] or lin["after"]:
        _out("lineage: " + " -> ".join([*lin["before"], f"[{d['label']}]", *lin["after"]]))
    for kind, items in d["links"].items():
        _out(f"{kind}:")
        for i in items:
            extra = f" = {i['score']:g}" if "score" in i else ""
            n = int(i.get("articles") or 0)
            count = f", {n} article{'s' if n != 1 else ''}" if n else ""
            seen = f"  ({i.get('date') or i.get('first_seen') or ''}{count})"
            _out(f"  {i['label']}{extra}{seen if seen.strip(' ()') else ''}")
            for url in i.get("sources", ())[:3]:
                _out(f"      {url}")
    facts = d.get("facts", [])
    total = max(int(d.get("facts_total") or 0), len(facts))
    _out(f"facts ({len(facts)}):" if total == len(facts) else
         f"facts ({len(facts)} latest of {total}; all in SQL, `extractor sql`):")
    for f in facts:
        _out(f"  {f.get('published') or '':<10}  {f['type']:<16} {f['text']}")
        if f.get("sentence"):
            _out(f"      \u201c{f['sentence']}\u201d")
        if f.get("article_url"):
            _out(f"      {f['article_url']}")


# ---------------------------------------------------------------- registration


def _db_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar="URL",
                   help=f"SQLAlchemy database URL (default: {DEFAULT_DB}, or the settings file)")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from .export import FORMATS

    p = sub.add_parser(
        "export", help="write the knowledge graph: GraphML, GEXF, JSON, Cytoscape or HTML",
        description="Build the knowledge graph from the database and write it in one format: "
        "graphml (yEd, igraph, networkx), gexf (Gephi, with a timeline), json (networkx "
        "node-link), cytoscape (Cytoscape.js elements) or html (one self-contained "
        "interactive page that opens offline).")
    _db_option(p)
    p.add_argument("--format", required=True, choices=tuple(FORMATS), help="the format to write")
    p.add_argument("--out", metavar="FILE", help="file to write (default: standard output)")
    p.set_defaults(func=lambda args: _run(args, _export))

    g = sub.add_parser(
        "graph", help="ask the knowledge graph about a model: lineage, rivals, show",
        description="Queries over the knowledge graph built from the database. MODEL is any "
        "spelling of a model name (\"gpt-4o-mini\", \"GPT-4o mini\") or a node id.")
    queries = g.add_subparsers(dest="query", metavar="QUERY")
    for name, func, text in (
        ("lineage", _lineage, "predecessors and successors of a model, oldest first"),
        ("rivals", _rivals, "models compared with a model, most articles first"),
        ("show", _show, "everything known about a model, with its sources"),
    ):
        q = queries.add_parser(name, help=text, description=text[0].upper() + text[1:] + ".")
        q.add_argument("model", metavar="MODEL", help="a model name or node id")
        _db_option(q)
        q.add_argument("--format", choices=("text", "json"), default="text",
                       help="text (default) or json")
        q.set_defaults(func=lambda args, f=func: _run(args, f))

    def no_query(args: argparse.Namespace) -> int:
        g.print_help(sys.stderr)
        return 2

    g.set_defaults(func=no_query)
