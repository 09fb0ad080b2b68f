"""Fact rows -> a knowledge graph (``networkx.MultiDiGraph``), and the queries over it.

:func:`build_graph` is pure: it takes the rows of ``store.load_facts`` (plain dicts with the
fact-contract fields plus ``article_url``, ``published``, ``title``, ``sentence`` ...) and
returns the graph, so it is tested without a database::

    >>> G = build_graph([{"type": "successor", "model": "GPT-4o mini",
    ...                   "predecessor": "GPT-3.5 Turbo", "article_url": "https://a.example/1",
    ...                   "published": "2024-07-18"}])
    >>> [G.nodes[n]["label"] for n in lineage(G, "model/gpt-4o-mini").chain]
    ['GPT-3.5 Turbo', 'GPT-4o mini']

Nodes (attribute ``kind``): ``model``, ``org``, ``benchmark``, ``channel``; each has a human
``label``, ``evidence`` (fact rows that involve it), ``articles`` and ``first_seen`` /
``last_seen`` dates. Edges (attribute ``kind``, also the edge key): ``developed-by``,
``successor-of`` (newer -> older), ``variant-of`` (variant -> base), ``competitor-of`` (one
edge per pair, ``weight`` = articles comparing them), ``scored-on`` (one edge per score,
``score`` on it), ``available-on`` (``date``). Every edge has ``evidence``, ``articles``,
``first_seen``, ``last_seen`` and ``sources`` (article URLs). The current price is on the
model node (``price_input``, ``price_output``, ``price_flat`` per million tokens); its history
stays in SQL. Model nodes carry their ``facts`` with sentences and sources.

What the graph keeps is bounded, so that it grows with the entities and links, not with the
articles: a model keeps its latest ``FACTS_KEPT`` facts (``facts_total`` counts them all), a
node or edge its latest ``SOURCES_KEPT`` sources (``articles`` counts them all); the rest is
in SQL. Given the rows' resolution, :func:`build_graph` reads the rows once, as they come.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from .resolve import (
    fact_mentions,
    Resolution,
    clean_name,
    load_curated,
    model_key,
    resolve_benchmark,
    resolve_channel,
    resolve_models,
    resolve_org,
)
from .rules import load_rules, norm_name

__all__ = [
    "EDGE_KINDS",
    "NODE_KINDS",
    "Lineage",
    "Rival",
    "build_graph",
    "describe",
    "fact_text",
    "find_model",
    "human_count",
    "lineage",
    "rivals",
    "suggest",
]

NODE_KINDS: tuple[str, ...] = ("model", "org", "benchmark", "channel")
EDGE_KINDS: tuple[str, ...] = (
    "developed-by",
    "successor-of",
    "variant-of",
    "competitor-of",
    "scored-on",
    "available-on",
)
_EDGE_LABELS = {
    "developed-by": "developed by",
    "successor-of": "successor of",
    "variant-of": "variant of",
    "competitor-of": "competitor of",
    "scored-on": "scored on",
    "available-on": "available on",
}


# ---------------------------------------------------------------- rendering facts


def human_count(n: float) -> str:
    """A count in a few characters.

    >>> human_count(405_000_000_000), human_count(128_000), human_count(46_700_000_000)
    ('405B', '128K', '46.7B')
    """
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(n) >= size:
            return f"{n / size:.3g}{suffix}"
    return f"{n:g}"


def _num(value: Any) -> str:
    try:
        return f"{float(value):g}"
    except (TypeError, ValueError):
        return str(value)


def _int(value: Any) -> str:
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return str(value)


def fact_text(row: Mapping[str, Any]) -> str:
    """A fact's fields in a few words.

    >>> fact_text({"type": "price", "direction": "input", "amount": 0.15, "currency": "USD",
    ...            "per_tokens": 1000000})
    'input: 0.15 USD per 1M tokens'
    >>> fact_text({"type": "parameters", "count": 405000000000})
    '405B parameters'
    """
    t = row.get("type")
    if t == "launch":
        org = f" by {row['org']}" if row.get("org") else ""
        date = f" on {row['date']}" if row.get("date") else ""
        return f"launched{org}{date}"
    if t == "price":
        per = row.get("per_tokens") or 1_000_000
        text = (f"{row.get('direction') or 'flat'}: {_num(row.get('amount'))} "
                f"{row.get('currency') or ''} per {human_count(float(per))} tokens")
        return text.replace("  ", " ")
    if t == "benchmark":
        return f"{row.get('benchmark')}: {_num(row.get('score'))}"
    if t == "context_window":
        return f"context window: {_int(row.get('tokens'))} tokens"
    if t == "max_output":
        return f"max output: {_int(row.get('tokens'))} tokens"
    if t == "knowledge_cutoff":
        return f"knowledge cutoff: {row.get('date')}"
    if t == "parameters":
        try:
            return f"{human_count(float(row.get('count') or 0))} parameters"
        except (TypeError, ValueError):
            return f"{row.get('count')} parameters"
    if t == "availability":
        date = f" ({row['date']})" if row.get("date") else ""
        return f"available on {row.get('channel')}{date}"
    if t == "successor":
        return f"succeeds {row.get('predecessor')}"
    if t == "competitor":
        return f"compared with {row.get('competitor')}"
    return str(t)


# ---------------------------------------------------------------- building


def _date(row: Mapping[str, Any]) -> str | None:
    for k in ("published", "first_seen"):
        v = row.get(k)
        if v:
            return str(v)[:10]
    return None


# What the graph keeps of an unbounded history, so that its size follows the number of
# entities and links, not of articles: the latest facts of each model and the latest
# sources of each node or edge (every one stays in SQL; ``facts_total`` and ``articles``
# count them all).
FACTS_KEPT = 200
SOURCES_KEPT = 50


class _Latest:
    """The ``keep`` latest of however many items are added, each under an id (an id added
    again replaces its item) and an order key; trimmed as they come, so never more than
    twice ``keep`` are held."""

    def __init__(self, keep: int) -> None:
        self.keep = keep
        self._items: dict[Any, tuple[Any, Any]] = {}  # id -> (order key, item)

    def add(self, ident: Any, order: Any, item: Any) -> None:
        self._items[ident] = (order, item)
        if len(self._items) > 2 * self.keep:
            self._items = dict(self._top())

    def _top(self) -> list[tuple[Any, tuple[Any, Any]]]:
        return sorted(self._items.items(), key=lambda kv: (kv[1][0], kv[0]))[-self.keep:]

    def items(self) -> list[Any]:
        """The kept items, oldest first."""
        return [item for _, (_, item) in self._top()]


@dataclass
class _Acc:
    """What is gathered for one node or edge before it becomes attributes: counts, the first
    and last dates, and the latest sources (bounded)."""

    attrs: dict[str, Any]
    evidence: int = 0
    first: str | None = None
    last: str | None = None
    _articles: set[int] = field(default_factory=set)  # hashes of the article URLs
    _sources: _Latest = field(default_factory=lambda: _Latest(SOURCES_KEPT))  # by date

    def dated(self, d: str | None) -> None:
        if d:
            self.first = d if self.first is None else min(self.first, d)
            self.last = d if self.last is None else max(self.last, d)

    def see(self, row: Mapping[str, Any]) -> None:
        self.evidence += 1
        d = _date(row)
        url = row.get("article_url")
        if url:
            url = str(url)
            self._articles.add(hash(url))
            self._sources.add(url, d or "", url)
        self.dated(d)

    def sources(self) -> list[str]:
        return sorted(self._sources.items())

    def seen(self) -> dict[str, Any]:
        out: dict[str, Any] = {"evidence": self.evidence, "articles": len(self._articles)}
        if self.first:
            out["first_seen"], out["last_seen"] = self.first, self.last
        return out


class _Values:
    """The statements of one attribute of one model: how often each value was stated and
    when last (see ``pick``)."""

    __slots__ = ("counts", "last")

    def __init__(self) -> None:
        self.counts: Counter[Any] = Counter()
        self.last: dict[Any, str] = {}

    def add(self, day: str, value: Any) -> None:
        self.counts[value] += 1
        self.last[value] = max(self.last.get(value, day), day)

    def pick(self, earliest: bool = False) -> Any:
        """The value stated most often; ties go to the latest statement (the smallest
        value for dates, ``earliest``)."""
        counts = self.counts
        if earliest:
            return min(counts, key=lambda v: (-counts[v], str(v)))
        return max(counts, key=lambda v: (counts[v], self.last[v], str(v)))


class _Prices:
    """The price statements of one model, per direction and currency: how often each price
    per million was stated, and those stated on the latest day (with their first source)."""

    def __init__(self) -> None:
        self.currencies: Counter[str] = Counter()
        self.stated: dict[tuple[str, str], Counter[float]] = {}
        self.latest: dict[tuple[str, str], str] = {}
        self.now: dict[tuple[str, str], dict[float, str | None]] = {}

    def add(self, row: Mapping[str, Any]) -> None:
        currency = str(row.get("currency") or "USD")
        self.currencies[currency] += 1
        if row.get("amount") is None:
            return
        k = (str(row.get("direction") or "flat"), currency)
        per_m = round(float(row["amount"]) * 1_000_000 / float(row.get("per_tokens") or 1_000_000), 6)
        self.stated.setdefault(k, Counter())[per_m] += 1
        day = _date(row) or ""
        if k not in self.latest or day > self.latest[k]:
            self.latest[k], self.now[k] = day, {}
        if day == self.latest[k]:
            url = row.get("article_url")
            self.now[k].setdefault(per_m, str(url) if url else None)

    def current(self) -> dict[str, Any]:
        """The list price per direction: on the latest day, the amount stated most often
        overall, then the highest (not a discount)."""
        if not self.currencies:
            return {}
        cur = self.currencies
        currency = max(cur, key=lambda c: (cur[c], c == "USD", c))
        out: dict[str, Any] = {"price_currency": currency}
        for direction in ("input", "output", "flat"):
            k = (direction, currency)
            if k not in self.stated:
                continue
            stated, now = self.stated[k], self.now[k]
            best = max(now, key=lambda pm: (stated[pm], pm))
            out[f"price_{direction}"] = best
            if self.latest[k]:
                out["price_date"] = max(out.get("price_date", ""), self.latest[k])
            if now[best]:
                out.setdefault("price_source", now[best])
        return out


class _Builder:
    def __init__(self, res: Resolution) -> None:
        self.res = res
        self.rules = load_rules()
        self.nodes: dict[str, _Acc] = {}
        self.edges: dict[tuple[str, str, str], _Acc] = {}
        self.facts: dict[str, _Latest] = {}  # the latest of each model, see ``_keep_fact``
        self.fact_counts: Counter[str] = Counter()
        self.values: dict[str, dict[str, _Values]] = {}
        self.prices: dict[str, _Prices] = {}
        self.org_labels: dict[str, str] = {o.id: o.name for o in self.rules.orgs}
        for oid, label in res.org_labels.items():  # orgs as read, for those no gazetteer lists
            self.org_labels.setdefault(oid, label)
        self.rows = 0
        self.articles: set[str] = set()

    def node(self, nid: str, kind: str, label: str, **attrs: Any) -> _Acc:
        acc = self.nodes.get(nid)
        if acc is None:
            acc = self.nodes[nid] = _Acc({"kind": kind, "label": label, **attrs})
        return acc

    def edge(self, u: str, v: str, kind: str, key: str | None = None, **attrs: Any) -> _Acc:
        k = (u, v, key or kind)
        acc = self.edges.get(k)
        if acc is None:
            acc = self.edges[k] = _Acc({"kind": kind, "label": _EDGE_LABELS[kind], **attrs})
        return acc

    def org_label(self, org_id: str) -> str:
        return self.org_labels.get(org_id) or org_id.split("/", 1)[-1]

    def model(self, name: str, article: str | None) -> str:
        mid = self.res.lookup(name, article)
        if mid in self.nodes:
            return mid
        ent = self.res.entities[mid]
        org_label = self.org_label(ent.org) if ent.org else None
        self.node(mid, "model", ent.name, aliases=list(ent.aliases), family=ent.family,
                  family_name=ent.family_name, version=ent.version, variant=ent.variant,
                  size=ent.size, developer=org_label, released=ent.released,
                  curated=ent.curated, short_names=list(ent.short_names),
                  match_key="|".join((ent.key[0], ent.key[1], " ".join(ent.key[2]))))
        return mid

    def value(self, mid: str, name: str, row: Mapping[str, Any], value: Any) -> None:
        self.values.setdefault(mid, {}).setdefault(name, _Values()).add(_date(row) or "", value)

    def add(self, row: Mapping[str, Any]) -> None:
        if not row.get("model") or not row.get("type"):
            return
        self.rows += 1
        art = row.get("article_url")
        if art:
            self.articles.add(str(art))
        mid = self.model(str(row["model"]), art)
        self.nodes[mid].see(row)
        self._keep_fact(mid, row)
        t = row["type"]
        if t == "launch":
            if row.get("date"):
                self.value(mid, "launch_date", row, str(row["date"]))
            if row.get("org"):
                org = resolve_org(str(row["org"]))
                self.node(org.id, "org", org.label).see(row)
                self.edge(mid, org.id, "developed-by", origin="text").see(row)
        elif t == "price":
            self.prices.setdefault(mid, _Prices()).add(row)
        elif t == "benchmark" and row.get("benchmark") and row.get("score") is not None:
            bench = resolve_benchmark(str(row["benchmark"]))
            self.node(bench.id, "benchmark", bench.label).see(row)
            score = float(row["score"])
            acc = self.edge(mid, bench.id, "scored-on", key=f"scored-on:{score:g}", score=score,
                            benchmark=bench.label)
            acc.see(row)
        elif t in ("context_window", "max_output", "parameters", "knowledge_cutoff"):
            field_name = {"context_window": "tokens", "max_output": "tokens",
                          "parameters": "count", "knowledge_cutoff": "date"}[t]
            if row.get(field_name) is not None:
                self.value(mid, t, row, row[field_name])
        elif t == "availability" and row.get("channel"):
            dev = self.nodes[mid].attrs.get("developer")
            ch = resolve_channel(str(row["channel"]), dev)
            self.node(ch.id, "channel", ch.label, platform=ch.platform).see(row)
            acc = self.edge(mid, ch.id, "available-on")
            acc.see(row)
            if row.get("date"):
                stated = str(row["date"])
                acc.attrs["_date"] = min(acc.attrs.get("_date", stated), stated)
        elif t == "successor" and row.get("predecessor"):
            pid = self.model(str(row["predecessor"]), art)
            if pid != mid:
                self.nodes[pid].see(row)
                self.edge(mid, pid, "successor-of").see(row)
        elif t == "competitor" and row.get("competitor"):
            cid = self.model(str(row["competitor"]), art)
            if cid != mid:
                self.nodes[cid].see(row)
                a, b = sorted((mid, cid))
                self.edge(a, b, "competitor-of").see(row)

    def _keep_fact(self, mid: str, row: Mapping[str, Any]) -> None:
        """Keep the fact among the model's latest ``FACTS_KEPT`` (by publication date, then
        type and text, then the order read)."""
        fact = self._fact(row)
        self.fact_counts[mid] += 1
        order = (str(fact.get("published") or ""), str(fact["type"]), fact["text"])
        self.facts.setdefault(mid, _Latest(FACTS_KEPT)).add(self.fact_counts[mid], order, fact)

    @staticmethod
    def _fact(row: Mapping[str, Any]) -> dict[str, Any]:
        fact: dict[str, Any] = {"type": row.get("type"), "text": fact_text(row)}
        for k in ("org", "date", "direction", "amount", "currency", "per_tokens", "benchmark",
                  "score", "tokens", "count", "channel", "predecessor", "competitor",
                  "sentence", "article_url", "title", "published", "confidence", "rule"):
            v = row.get(k)
            if v is not None and v != "":
                fact[k] = v
        return fact

    def graph(self) -> nx.MultiDiGraph:
        G = nx.MultiDiGraph()
        # a developer read in no launch sentence still links a model to its org (gazetteer)
        developed = {u for u, _, k in self.edges if k == "developed-by"}
        for mid, acc in list(self.nodes.items()):
            if acc.attrs["kind"] != "model":
                continue
            ent = self.res.entities[mid]
            if ent.org and mid not in developed:
                self.node(ent.org, "org", self.org_label(ent.org))
                e = self.edge(mid, ent.org, "developed-by", origin="gazetteer")
                e.dated(acc.first)
                e.dated(acc.last)
            base = self.res.base_of(mid)
            if base and base in self.nodes:
                e = self.edge(mid, base, "variant-of", origin="name")
                e.dated(acc.first)
                e.dated(acc.last)
        for nid in sorted(self.nodes):
            acc = self.nodes[nid]
            attrs = {k: v for k, v in acc.attrs.items() if v is not None and v != []}
            attrs.update(acc.seen())
            for name, vals in sorted(self.values.get(nid, {}).items()):
                attrs[name] = vals.pick(earliest=name == "launch_date")
            if nid in self.prices:
                attrs.update(self.prices[nid].current())
            if nid in self.facts:
                attrs["facts"] = self.facts[nid].items()
                attrs["facts_total"] = self.fact_counts[nid]
            G.add_node(nid, **attrs)
        for (u, v, key) in sorted(self.edges):
            acc = self.edges[(u, v, key)]
            attrs = {k: x for k, x in acc.attrs.items() if not k.startswith("_") and x is not None}
            attrs.update(acc.seen())
            attrs["sources"] = acc.sources()
            attrs["weight"] = float(max(len(acc._articles), 1))
            stated = acc.attrs.get("_date")
            if stated:
                attrs["date"] = stated
            elif acc.attrs["kind"] in ("available-on", "scored-on") and acc.first:
                attrs["date"] = acc.first
            G.add_edge(u, v, key=key, **attrs)
        return G


def build_graph(rows: Iterable[Mapping[str, Any]], res: Resolution | None = None) -> nx.MultiDiGraph:
    """The knowledge graph of the fact rows (see the module docstring for its shape).

    ``res``: the resolution of these rows' mentions, where the caller already has it; then
    ``rows`` is read once, as it comes (``store.load_facts`` streams them), and what is kept
    of it is bounded (``FACTS_KEPT``, ``SOURCES_KEPT``)."""
    if res is None:
        rows = [r for r in rows if r.get("model")]
        res = resolve_models(fact_mentions(rows))
    builder = _Builder(res)
    for row in rows:
        builder.add(row)
    G = builder.graph()
    G.graph.update({
        "name": "extractor knowledge graph",
        "facts": builder.rows,
        "articles": len(builder.articles),
        "model_names": res.names_before,
        "models": sum(1 for _, k in G.nodes(data="kind") if k == "model"),
        "decisions": [d.to_dict() for d in res.decisions],
    })
    return G


# ---------------------------------------------------------------- queries


def find_model(G: nx.MultiDiGraph, name: str) -> list[str]:
    """Model nodes that ``name`` may denote, best first (an id, a spelling, a short name).

    An empty list means none; more than one means the name is ambiguous.
    """
    if name in G and G.nodes[name].get("kind") == "model":
        return [name]
    models = [(n, d) for n, d in G.nodes(data=True) if d.get("kind") == "model"]
    cur = load_curated().find(name)
    if cur is not None and cur.id in G:
        return [cur.id]
    key = model_key(name)
    flat = "|".join((key[0], key[1], " ".join(key[2])))
    hits = [n for n, d in models if d.get("match_key") == flat]
    if hits:
        return hits
    norm = norm_name(clean_name(name))
    hits = [n for n, d in models
            if norm in {norm_name(x) for x in (d.get("label", ""), *d.get("aliases", ()))}]
    if hits:
        return hits
    return sorted(n for n, d in models if norm in {norm_name(x) for x in d.get("short_names", ())})


def suggest(G: nx.MultiDiGraph, name: str, n: int = 5) -> list[str]:
    """Labels of models whose name is close to ``name`` (for "did you mean")."""
    labels = sorted({str(d.get("label", "")) for _, d in G.nodes(data=True)
                     if d.get("kind") == "model"})
    return difflib.get_close_matches(name, labels, n=n, cutoff=0.5)


@dataclass(frozen=True, slots=True)
class Lineage:
    """Predecessors (oldest first), the model, successors (in order)."""

    before: tuple[str, ...]
    model: str
    after: tuple[str, ...]

    @property
    def chain(self) -> tuple[str, ...]:
        return (*self.before, self.model, *self.after)


def _when(G: nx.MultiDiGraph, n: str) -> str:
    d = G.nodes[n]
    return str(d.get("launch_date") or d.get("released") or d.get("first_seen") or "9999")


def _ordered(G: nx.MultiDiGraph, nodes: set[str]) -> list[str]:
    H = nx.DiGraph()
    H.add_nodes_from(nodes)
    for u in nodes:
        for _, v, k in G.out_edges(u, keys=True):
            if k == "successor-of" and v in nodes:
                H.add_edge(v, u)  # older -> newer
    key = lambda n: (_when(G, n), G.nodes[n].get("label", n))  # noqa: E731 - a sort key
    if nx.is_directed_acyclic_graph(H):
        return list(nx.lexicographical_topological_sort(H, key=key))
    return sorted(nodes, key=key)  # contradictory facts: fall back to dates


def _reach(G: nx.MultiDiGraph, start: str, older: bool, limit: int | None) -> set[str]:
    """Nodes reached from ``start`` along successor-of edges (towards older or newer),
    nearest first, at most ``limit`` of them."""
    seen: set[str] = set()
    level = [start]
    while level:
        nxt = []
        for n in sorted(level):
            edges = G.out_edges(n, keys=True) if older else G.in_edges(n, keys=True)
            for u, v, k in sorted(edges):
                other = v if older else u
                if k == "successor-of" and other not in seen and other != start:
                    if limit is not None and len(seen) >= limit:
                        return seen
                    seen.add(other)
                    nxt.append(other)
        level = nxt
    return seen


def lineage(G: nx.MultiDiGraph, model: str, limit: int | None = None) -> Lineage:
    """The successor-of chain through ``model`` (a node id), following edges both ways.

    ``limit`` keeps only that many models each way, the nearest ones (None: all).
    """
    older = _reach(G, model, older=True, limit=limit)
    newer = _reach(G, model, older=False, limit=limit)
    older -= newer  # contradictory facts: a model both before and after counts as after
    return Lineage(tuple(_ordered(G, older)), model, tuple(_ordered(G, newer)))


@dataclass(frozen=True, slots=True)
class Rival:
    id: str
    label: str
    articles: int
    evidence: int
    first_seen: str | None
    last_seen: str | None
    sources: tuple[str, ...]


def rivals(G: nx.MultiDiGraph, model: str) -> list[Rival]:
    """Models compared with ``model``, most articles first."""
    out = []
    edges = [(v, d) for _, v, k, d in G.out_edges(model, keys=True, data=True)
             if k == "competitor-of"]
    edges += [(u, d) for u, _, k, d in G.in_edges(model, keys=True, data=True)
              if k == "competitor-of"]
    for other, d in edges:
        out.append(Rival(other, G.nodes[other].get("label", other), int(d.get("articles", 0)),
                         int(d.get("evidence", 0)), d.get("first_seen"), d.get("last_seen"),
                         tuple(d.get("sources", ()))))
    return sorted(out, key=lambda r: (-r.articles, -r.evidence, r.label))


_SCALARS = ("family_name", "version", "variant", "size", "developer", "released", "launch_date",
            "parameters", "context_window", "max_output", "knowledge_cutoff", "price_input",
            "price_output", "price_flat", "price_currency", "price_date", "price_source",
            "platform", "evidence", "articles", "first_seen", "last_seen")


def describe(G: nx.MultiDiGraph, node: str, limit: int | None = None) -> dict[str, Any]:
    """Everything the graph knows about one node, with sources: a plain dict.

    ``limit`` keeps the lineage to the nearest models, that many each way (None: all).
    """
    d = G.nodes[node]
    out: dict[str, Any] = {"id": node, "kind": d.get("kind"), "label": d.get("label", node)}
    out["attributes"] = {k: d[k] for k in _SCALARS if d.get(k) is not None}
    for k in ("aliases", "short_names"):
        if d.get(k):
            out[k] = list(d[k])
    links: dict[str, list[dict[str, Any]]] = {}
    for direction, edges in (("out", G.out_edges(node, keys=True, data=True)),
                             ("in", G.in_edges(node, keys=True, data=True))):
        for u, v, k, e in edges:
            other = v if direction == "out" else u
            kind = e.get("kind", k)
            name = kind if direction == "out" or kind == "competitor-of" else f"{kind} (in)"
            item = {"id": other, "label": G.nodes[other].get("label", other),
                    "kind": G.nodes[other].get("kind")}
            for a in ("score", "date", "weight", "evidence", "articles", "first_seen",
                      "last_seen", "origin", "sources"):
                if e.get(a) is not None:
                    item[a] = e[a]
            links.setdefault(name, []).append(item)
    for items in links.values():
        items.sort(key=lambda i: (-float(i.get("articles", 0)), str(i["label"])))
    out["links"] = links
    if d.get("kind") == "model":
        lin = lineage(G, node, limit)
        out["lineage"] = {"before": [G.nodes[n]["label"] for n in lin.before],
                          "after": [G.nodes[n]["label"] for n in lin.after],
                          "ids": list(lin.chain)}
        out["rivals"] = [{"label": r.label, "articles": r.articles} for r in rivals(G, node)]
        out["facts"] = list(d.get("facts", ()))
        out["facts_total"] = int(d.get("facts_total") or len(out["facts"]))
    return out
