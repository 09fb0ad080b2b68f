"""Exports of the knowledge graph: GraphML, GEXF, node-link JSON, Cytoscape.js JSON, HTML view.

Symmetric verbs, the networkx way: ``generate_X(G) -> str`` is pure, ``write_X(G, path)``
writes it (atomically: a half-written export never replaces a good one), and where a round
trip matters ``parse_X(text)`` / ``read_X(path)`` give the graph back.

GraphML and GEXF hold scalar attributes only: list and dict attributes (``aliases``,
``facts``, ``sources`` ...) are written as JSON strings, and the graph attribute
``json_attributes`` names them, so :func:`read_graphml` restores them exactly. The GEXF file is
dynamic (``start``/``end`` = first/last seen) for Gephi's timeline, with node colors by kind.

Also here: :func:`facts_table`, the ``extractor extract --format table`` view.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import secrets
from collections.abc import Callable, Iterable, Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from .graph import describe, fact_text, human_count
from .records import Extraction

__all__ = [
    "FORMATS",
    "KIND_COLORS",
    "facts_table",
    "generate_cytoscape",
    "generate_export",
    "generate_gexf",
    "generate_graphml",
    "generate_html",
    "generate_node_link",
    "parse_cytoscape",
    "parse_graphml",
    "parse_node_link",
    "read_cytoscape",
    "read_graphml",
    "read_node_link",
    "write_cytoscape",
    "write_export",
    "write_exports",
    "write_gexf",
    "write_graphml",
    "write_html",
    "write_node_link",
    "write_text",
]

#: Colors of node kinds, in the HTML view and in the GEXF file (Gephi).
KIND_COLORS: dict[str, str] = {
    "model": "#4e79a7",
    "org": "#f28e2b",
    "benchmark": "#59a14f",
    "channel": "#b07aa1",
}
_EDGE_COLORS: dict[str, str] = {
    "developed-by": "#f28e2b",
    "successor-of": "#e15759",
    "variant-of": "#76b7b2",
    "competitor-of": "#9c755f",
    "scored-on": "#59a14f",
    "available-on": "#b07aa1",
}

# characters XML 1.0 cannot hold, and lone surrogates that UTF-8 cannot encode
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _clean(value: Any) -> Any:
    """Strings made safe for XML and UTF-8, recursively."""
    if isinstance(value, str):
        return _NOT_XML.sub("\ufffd", value)
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {str(_clean(k)): _clean(v) for k, v in value.items()}
    return value


def _create_beside(target: Path) -> tuple[int, Path]:
    """A new, empty file next to ``target``, created mode 0666 so that the umask applies.

    (``tempfile.mkstemp`` creates 0600 files: an export would be unreadable by a web server.)
    """
    for _ in range(100):
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"cannot create a temporary file beside {target}")


def write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` to ``path`` through a temporary file in the same folder (a reader never
    sees half a file). The file gets the mode a plain ``open(path, "w")`` would give it (0666
    less the umask)."""
    return _write(path, text)


def _write(path: str | os.PathLike[str], text: str | Iterable[str]) -> Path:
    """Write ``text`` (a string, or its pieces as they are made: the file is written as it
    comes, never held whole) to ``path`` through a temporary file in the same folder.

    The file gets the mode a plain ``open(path, "w")`` would give it (0666 less the umask).
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _create_beside(target)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            if isinstance(text, str):
                fh.write(text)
            else:
                fh.writelines(text)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


# ---------------------------------------------------------------- node-link JSON


def _json_pieces(data: Any) -> Iterator[str]:
    yield from json.JSONEncoder(ensure_ascii=False, indent=1).iterencode(data)
    yield "\n"


def _lines(lines: Iterable[str]) -> Iterator[str]:
    for line in lines:
        yield line + "\n"


def _iter_node_link(G: nx.MultiDiGraph) -> Iterator[str]:
    return _json_pieces(_clean(nx.node_link_data(G, edges="edges")))


def generate_node_link(G: nx.MultiDiGraph) -> str:
    """The graph as networkx node-link JSON (``edges`` key), every attribute kept."""
    return "".join(_iter_node_link(G))


def parse_node_link(text: str) -> nx.MultiDiGraph:
    """Inverse of :func:`generate_node_link`."""
    graph: nx.MultiDiGraph = nx.node_link_graph(json.loads(text), edges="edges")
    return graph


def write_node_link(G: nx.MultiDiGraph, path: str | os.PathLike[str]) -> Path:
    return _write(path, _iter_node_link(G))


def read_node_link(path: str | os.PathLike[str]) -> nx.MultiDiGraph:
    return parse_node_link(Path(path).read_text(encoding="utf-8"))


# ---------------------------------------------------------------- GraphML / GEXF


def _scalar_graph(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes are all scalars of one type per name (None dropped)."""
    encoded: set[str] = set()

    def flat(scope: str, data: Mapping[str, Any]) -> dict[str, Any]:
        out = {}
        for k, v in data.items():
            if v is None:
                continue
            if isinstance(v, bool | int | float | str):
                out[k] = _clean(v)
            else:
                out[k] = json.dumps(_clean(v), ensure_ascii=False, sort_keys=True)
                encoded.add(f"{scope}:{k}")
        return out

    H = nx.MultiDiGraph()
    H.graph.update(flat("graph", G.graph))
    for n, d in G.nodes(data=True):
        H.add_node(n, **flat("node", d))
    for u, v, k, d in G.edges(keys=True, data=True):
        H.add_edge(u, v, key=k, **flat("edge", d))
    # one type per attribute name: int + float -> float; anything + str -> str
    for items in ([d for _, d in H.nodes(data=True)], [d for _, _, d in H.edges(data=True)]):
        types: dict[str, set[type]] = {}
        for d in items:
            for k, v in d.items():
                types.setdefault(k, set()).add(type(v))
        for k, ts in types.items():
            if len(ts) < 2:
                continue
            cast: Callable[[Any], Any] = str if str in ts or bool in ts else float
            for d in items:
                if k in d:
                    d[k] = cast(d[k])
    H.graph["json_attributes"] = " ".join(sorted(encoded))
    return H


def _decode(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    for k in ("node_default", "edge_default"):  # added by the networkx reader
        if not G.graph.get(k):
            G.graph.pop(k, None)
    names = str(G.graph.pop("json_attributes", "") or "").split()
    if not names:
        return G
    wanted = {tuple(n.split(":", 1)) for n in names}

    def dec(scope: str, d: dict[str, Any]) -> None:
        for k in list(d):
            if (scope, k) in wanted and isinstance(d[k], str):
                d[k] = json.loads(d[k])

    dec("graph", G.graph)
    for _, d in G.nodes(data=True):
        dec("node", d)
    for _, _, d in G.edges(data=True):
        dec("edge", d)
    return G


def _iter_graphml(G: nx.MultiDiGraph) -> Iterator[str]:
    return _lines(nx.generate_graphml(_scalar_graph(G)))


def generate_graphml(G: nx.MultiDiGraph) -> str:
    """GraphML with scalar attributes (lists and dicts as JSON strings)."""
    return "".join(_iter_graphml(G))


def parse_graphml(text: str) -> nx.MultiDiGraph:
    """Inverse of :func:`generate_graphml` (JSON-encoded attributes decoded)."""
    G = nx.parse_graphml(text, force_multigraph=True)
    return _decode(G)


def write_graphml(G: nx.MultiDiGraph, path: str | os.PathLike[str]) -> Path:
    return _write(path, _iter_graphml(G))


def read_graphml(path: str | os.PathLike[str]) -> nx.MultiDiGraph:
    return parse_graphml(Path(path).read_text(encoding="utf-8"))


def _rgb(color: str) -> dict[str, int | float]:
    return {"r": int(color[1:3], 16), "g": int(color[3:5], 16), "b": int(color[5:7], 16),
            "a": 1.0}


def _iter_gexf(G: nx.MultiDiGraph) -> Iterator[str]:
    H = _scalar_graph(G)
    H.graph["mode"] = "dynamic"
    for _, d in H.nodes(data=True):
        if d.get("first_seen"):
            d["start"], d["end"] = d["first_seen"], d.get("last_seen", d["first_seen"])
        color = KIND_COLORS.get(str(d.get("kind")), "#999999")
        d["viz"] = {"color": _rgb(color), "size": 5.0 + 2.0 * float(d.get("evidence", 0)) ** 0.5}
    for _, _, d in H.edges(data=True):
        if d.get("first_seen"):
            d["start"], d["end"] = d["first_seen"], d.get("last_seen", d["first_seen"])
    return _lines(nx.generate_gexf(H))


def generate_gexf(G: nx.MultiDiGraph) -> str:
    """GEXF 1.2 for Gephi: dynamic (``start``/``end`` from first/last seen), colored by kind."""
    return "".join(_iter_gexf(G))


def write_gexf(G: nx.MultiDiGraph, path: str | os.PathLike[str]) -> Path:
    return _write(path, _iter_gexf(G))


# ---------------------------------------------------------------- Cytoscape.js


def _iter_cytoscape(G: nx.MultiDiGraph) -> Iterator[str]:
    data = nx.cytoscape_data(G)
    for e in data["elements"]["edges"]:
        d = e["data"]
        d["id"] = f"{d['source']}|{d.get('key', d.get('kind', ''))}|{d['target']}"
    return _json_pieces(_clean(data))


def generate_cytoscape(G: nx.MultiDiGraph) -> str:
    """Cytoscape.js JSON: ``{"elements": {"nodes": [...], "edges": [...]}, ...}``.

    Each element's ``data`` has an ``id`` (edges: ``source|key|target``), so the file loads
    as is with ``cytoscape({elements: data.elements})``.
    """
    return "".join(_iter_cytoscape(G))


def parse_cytoscape(text: str) -> nx.MultiDiGraph:
    data = json.loads(text)
    for e in data.get("elements", {}).get("edges", ()):
        e.get("data", {}).pop("id", None)
    graph: nx.MultiDiGraph = nx.cytoscape_graph(data)
    for _, _, d in graph.edges(data=True):
        for k in ("source", "target", "key"):
            d.pop(k, None)
    for _, d in graph.nodes(data=True):
        d.pop("id", None)
        d.pop("value", None)
        d.pop("name", None)
    return graph


def write_cytoscape(G: nx.MultiDiGraph, path: str | os.PathLike[str]) -> Path:
    return _write(path, _iter_cytoscape(G))


def read_cytoscape(path: str | os.PathLike[str]) -> nx.MultiDiGraph:
    return parse_cytoscape(Path(path).read_text(encoding="utf-8"))


# ---------------------------------------------------------------- HTML view

_MARKERS = ("@TITLE@", "@CSP@", "@STYLE@", "@DATA@", "@VIS@", "@APP@")
_SAFE_SCHEMES = ("http://", "https://", "file://")
_MAX_FACTS = 200  # per model in the view; the rest stay in SQL
_MAX_ITEMS = 200  # per section of a panel (a benchmark scored by many models)
_LINEAGE_MODELS = 12  # nearest predecessors and successors in a panel, each way


def _template(name: str) -> str:
    return resources.files("extractor").joinpath("templates", name).read_text(encoding="utf-8")


def _vis_js() -> str:
    """vis-network, shipped in this package with its licence (``templates/vendor``): the
    view opens offline, and no other package is installed to carry one JavaScript file."""
    lib = resources.files("extractor").joinpath("templates", "vendor", "vis-network-9.1.2.min.js")
    return lib.read_text(encoding="utf-8")


def _safe_url(url: Any) -> str | None:
    text = str(url or "")
    return text if text.lower().startswith(_SAFE_SCHEMES) else None


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _tokens(value: Any) -> str | None:
    return f"{int(value):,} tokens" if value else None


def _fields(d: Mapping[str, Any]) -> list[list[str]]:
    a = d["attributes"]
    rows: list[tuple[str, Any]] = [
        ("Developer", a.get("developer")),
        ("Family", a.get("family_name")),
        ("Version", a.get("version")),
        ("Variant", a.get("variant")),
        ("Size", a.get("size")),
        ("Launched", a.get("launch_date") or a.get("released")),
        ("Parameters", human_count(float(a["parameters"])) if a.get("parameters") else None),
        ("Context window", _tokens(a.get("context_window"))),
        ("Max output", _tokens(a.get("max_output"))),
        ("Knowledge cutoff", a.get("knowledge_cutoff")),
    ]
    cur = a.get("price_currency", "")
    for direction in ("input", "output", "flat"):
        if a.get(f"price_{direction}") is not None:
            rows.append((f"Price ({direction})",
                         f"{_fmt(a[f'price_{direction}'])} {cur} per 1M tokens"))
    rows += [
        ("Price as of", a.get("price_date") if a.get("price_currency") else None),
        ("Platform", a.get("platform")),
        ("Evidence", f"{a.get('evidence', 0)} facts in {a.get('articles', 0)} articles"),
        ("First seen", a.get("first_seen")),
        ("Last seen", a.get("last_seen")),
        ("Also written", ", ".join(d.get("aliases", ())) or None),
        ("Short name in some articles", ", ".join(d.get("short_names", ())) or None),
    ]
    return [[k, _fmt(v)] for k, v in rows if v is not None and v != ""]


_MAX_LINKS = 5  # source links per item in the view


def _link_items(items: Iterable[Mapping[str, Any]], text: Callable[[Mapping[str, Any]], str],
                titles: Mapping[str, str]) -> list[dict[str, Any]]:
    out = []
    for i in items:
        sources = [u for u in (_safe_url(s) for s in i.get("sources", ())) if u]
        item: dict[str, Any] = {"text": text(i), "node": i["id"]}
        if i.get("date") or i.get("first_seen"):
            item["date"] = i.get("date") or i.get("first_seen")
        if sources:
            item["links"] = [[u, titles.get(u) or u] for u in sources[:_MAX_LINKS]]
            if len(sources) > _MAX_LINKS:
                item["source"] = f"and {len(sources) - _MAX_LINKS} more"
        out.append(item)
    return out


def _articles(n: int) -> str:
    return f"{n} article{'s' if n != 1 else ''}"


_SECTIONS: tuple[tuple[str, str, Callable[[Mapping[str, Any]], str]], ...] = (
    ("developed-by", "Developer", lambda i: str(i["label"])),
    ("variant-of", "Variant of", lambda i: str(i["label"])),
    ("variant-of (in)", "Variants", lambda i: str(i["label"])),
    ("competitor-of", "Rivals", lambda i: f"{i['label']} ({_articles(int(i.get('articles', 0)))})"),
    ("scored-on", "Scores", lambda i: f"{i['label']}: {_fmt(i.get('score'))}"),
    ("available-on", "Availability", lambda i: str(i["label"])),
    ("developed-by (in)", "Models", lambda i: str(i["label"])),
    ("scored-on (in)", "Scores", lambda i: f"{i['label']}: {_fmt(i.get('score'))}"),
    ("available-on (in)", "Models available", lambda i: str(i["label"])),
    ("successor-of (in)", "Succeeded by", lambda i: str(i["label"])),
    ("successor-of", "Succeeds", lambda i: str(i["label"])),
)


def _panel(G: nx.MultiDiGraph, node: str, titles: Mapping[str, str]) -> dict[str, Any]:
    """What the view shows for one node: plain strings, rendered as text by the page."""
    d = describe(G, node, limit=_LINEAGE_MODELS)
    sections: list[dict[str, Any]] = []
    if d["kind"] == "model":
        chain = d["lineage"]["ids"]
        if len(chain) > 1:
            sections.append({"title": "Lineage (oldest first)", "items": [
                {"text": str(G.nodes[n].get("label", n)), "node": n, "current": n == node}
                for n in chain]})
    for key, title, text in _SECTIONS:
        links = d["links"].get(key)
        if links:
            items = _link_items(links[:_MAX_ITEMS], text, titles)
            if len(links) > _MAX_ITEMS:
                title = f"{title} ({_MAX_ITEMS} of {len(links)}; all in the other exports)"
            sections.append({"title": title, "items": items})
    facts = d.get("facts") or []
    if facts:
        items = []
        latest = sorted(facts, key=lambda f: str(f.get("published") or ""), reverse=True)
        for f in latest[:_MAX_FACTS]:
            item = {"text": f"{f['type']}: {f['text']}", "quote": f.get("sentence"),
                    "date": f.get("published"), "url": _safe_url(f.get("article_url")),
                    "source": f.get("title") or f.get("article_url")}
            items.append({k: v for k, v in item.items() if v})
        total = max(int(d.get("facts_total") or 0), len(facts))
        shown = min(len(facts), _MAX_FACTS)
        title = f"Facts ({total})" if shown == total else \
            f"Facts ({shown} latest of {total}; all in SQL)"
        sections.append({"title": title, "items": items})
    return {"title": d["label"], "kind": d["kind"], "fields": _fields(d), "sections": sections}


def _payload(G: nx.MultiDiGraph) -> dict[str, Any]:
    nodes, edges, details = [], [], {}
    titles = {str(f["article_url"]): str(f["title"]) for _, facts in G.nodes(data="facts")
              for f in facts or () if f.get("article_url") and f.get("title")}
    for n, d in sorted(G.nodes(data=True)):
        kind = str(d.get("kind", "model"))
        label = str(d.get("label", n))
        launched = str(d.get("launch_date") or d.get("released") or "")
        nodes.append({
            "id": n, "label": label if len(label) <= 40 else label[:39] + "…", "kind": kind,
            "value": int(d.get("evidence", 0)) + 1,
            "search": " ".join([label, *d.get("aliases", ()), *d.get("short_names", ())]),
            # for the view's overview and filters: how connected, whose, launched when
            "degree": len(set(G.predecessors(n)) | set(G.successors(n))),
            "developer": str(d.get("developer") or ""), "year": launched[:4] if launched[:4].isdigit() else "",
        })
        details[n] = _panel(G, n, titles)
    for i, (u, v, k, d) in enumerate(sorted(G.edges(keys=True, data=True))):
        edges.append({"id": i, "from": u, "to": v, "kind": d.get("kind", k),
                      "value": float(d.get("weight", 1.0))})
    counts = {kind: sum(1 for _, k in G.nodes(data="kind") if k == kind) for kind in KIND_COLORS}
    return {"nodes": nodes, "edges": edges, "details": details, "colors": KIND_COLORS,
            "edgeColors": _EDGE_COLORS, "counts": counts,
            "stats": {"facts": G.graph.get("facts", 0), "articles": G.graph.get("articles", 0)}}


_SCRIPT_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                                 "\u2028": "\\u2028", "\u2029": "\\u2029"})


def _json_for_script(data: Any) -> Iterator[str]:
    """JSON that cannot end its ``<script>`` element nor be read as markup, in pieces (each
    character is escaped alone, so a piece may end anywhere)."""
    encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
    for piece in encoder.iterencode(_clean(data)):
        yield piece.translate(_SCRIPT_ESCAPES)


def _sha256(script: str) -> str:
    import base64

    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode() + "'"


def _iter_html(G: nx.MultiDiGraph, title: str = "extractor knowledge graph") -> Iterator[str]:
    vis, app = _vis_js(), _template("graph.js")
    csp = ("default-src 'none'; " f"script-src {_sha256(vis)} {_sha256(app)}; "
           "style-src 'unsafe-inline'; img-src data: blob:; base-uri 'none'; form-action 'none'")
    values: dict[str, str | Iterable[str]] = {
        "@TITLE@": html.escape(title), "@CSP@": html.escape(csp),
        "@STYLE@": _template("graph.css"), "@DATA@": _json_for_script(_payload(G)),
        "@VIS@": vis, "@APP@": app}
    # one pass over the template: a marker inside the data or the scripts is left alone
    page = _template("graph.html")
    pattern = re.compile("|".join(re.escape(m) for m in _MARKERS))
    at = 0
    for m in pattern.finditer(page):
        yield page[at:m.start()]
        value = values[m.group(0)]
        if isinstance(value, str):
            yield value
        else:
            yield from value
        at = m.end()
    yield page[at:]


def generate_html(G: nx.MultiDiGraph, title: str = "extractor knowledge graph") -> str:
    """One self-contained page: vis-network, the app, the data; no request leaves the page.

    Every scraped string travels as JSON data and is put on the page as text (never as
    markup); the Content-Security-Policy allows only the page's own two scripts.
    """
    return "".join(_iter_html(G, title))


def write_html(G: nx.MultiDiGraph, path: str | os.PathLike[str]) -> Path:
    return _write(path, _iter_html(G))


# ---------------------------------------------------------------- all at once

#: format name -> (file name, generator)
FORMATS: dict[str, tuple[str, Callable[[nx.MultiDiGraph], str]]] = {
    "graphml": ("graph.graphml", generate_graphml),
    "gexf": ("graph.gexf", generate_gexf),
    "json": ("graph.json", generate_node_link),
    "cytoscape": ("graph.cytoscape.json", generate_cytoscape),
    "html": ("graph.html", generate_html),
}
_PIECES: dict[str, Callable[[nx.MultiDiGraph], Iterable[str]]] = {
    "graphml": _iter_graphml, "gexf": _iter_gexf, "json": _iter_node_link,
    "cytoscape": _iter_cytoscape, "html": _iter_html}


def generate_export(G: nx.MultiDiGraph, fmt: str) -> str:
    """The graph in the format named ``fmt`` (a key of :data:`FORMATS`)."""
    return FORMATS[fmt][1](G)


def write_export(G: nx.MultiDiGraph, fmt: str, path: str | os.PathLike[str]) -> Path:
    """Write the graph in the format named ``fmt`` to ``path``, as it is made."""
    return _write(path, _PIECES[fmt](G))


def write_exports(G: nx.MultiDiGraph, out_dir: str | os.PathLike[str],
                  formats: Iterable[str] = tuple(FORMATS)) -> dict[str, Path]:
    """Write the graph in each format into ``out_dir``; returns format -> path."""
    out = {}
    for fmt in formats:
        name = FORMATS[fmt][0]
        out[fmt] = write_export(G, fmt, Path(out_dir) / name)
    return out


# ---------------------------------------------------------------- facts table

_CELL = re.compile(r"[\x00-\x1f\x7f]+")


def facts_table(extractions: Iterable[Extraction]) -> str:
    """Facts as aligned columns for reading (``extractor extract --format table``).

    >>> from extractor.records import Article, Evidence, Fact
    >>> art = Article(source="a.txt", url="file:///a.txt", text="...")
    >>> fact = Fact("context_window", "GPT-4o mini", {"tokens": 128000}, Evidence("...", 0, 3))
    >>> print(facts_table([Extraction(art, (fact,))]), end="")
    SOURCE  TYPE            MODEL        FACT                                  CONF
    a.txt   context_window  GPT-4o mini  context window: 128,000 tokens        0.80
    1 fact from 1 input
    """
    header = ("SOURCE", "TYPE", "MODEL", "FACT", "CONF")
    rows: list[tuple[str, ...]] = []
    inputs = 0
    for ex in extractions:
        inputs += 1
        for f in ex.facts:
            cells = (ex.article.source, f.type, f.model, fact_text({"type": f.type, **f.data}),
                     f"{f.confidence:.2f}")
            rows.append(tuple(_CELL.sub(" ", c) for c in cells))
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]
    widths[3] = max(widths[3], 36)
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
             for row in (header, *rows)]
    n = len(rows)
    lines.append(f"{n} fact{'s' if n != 1 else ''} from {inputs} input{'s' if inputs != 1 else ''}")
    return "\n".join(lines) + "\n"
