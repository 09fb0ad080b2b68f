"""One entity list: the models of the store are the models of the graph.

A fact is stored with the model its name denotes alone (``resolve``: curated names, then the
name's family, version and parts). Some names need the whole knowledge base to decide: a
name without a version ("Gemini Flash") is one of the versioned models of that name, the
one named in the same article or released by the article's date. The graph decides those
with ``extractor.resolve.resolve_models`` over every stored fact; ``link_models`` makes the
same decisions for the store and moves the facts (and their series) to the chosen models,
so SQL and the graph count the same models under the same ids.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from ..resolve import Resolution, fact_mentions, resolve_models
from ..rules import norm_name
from .common import chunks, utc_now
from .history import refresh_series
from .read import load_names
from .rows import org_label, series_key
from .schema import aliases, entities, facts, series

__all__ = ["link_models"]

_PAIRED = {"model": "model_id", "predecessor": "predecessor_id", "competitor": "competitor_id"}


def link_models(engine: Engine, rows: Iterable[dict[str, Any]] | None = None,
                res: Resolution | None = None) -> int:
    """Link every fact to the model the whole knowledge base says it names; returns the
    number of facts moved (0 on a base where every name already resolves alone).

    ``res``, the resolution of the base's mentions, may be given by a caller that builds the
    graph from it too, so that the base is resolved once; then ``rows`` (``load_names`` or
    ``load_facts``, read from the base when not given) is read once, as it comes."""
    if res is None:
        rows = list(load_names(engine) if rows is None else rows)
        res = resolve_models(fact_mentions(rows))
    elif rows is None:
        rows = load_names(engine)
    moves: dict[str, dict[str, str]] = {}  # fact id -> column -> new entity id
    named: set[str] = set()  # the entities the facts named before the move
    for r in rows:
        for field, column in _PAIRED.items():
            name = r.get(field)
            if not name or r.get(column) is None:
                continue
            named.add(r[column])
            try:
                chosen = res.lookup(str(name), r.get("article_url"))
            except KeyError:
                continue
            if chosen != r[column]:
                moves.setdefault(str(r["id"]), {})[column] = chosen
    if not named:
        return 0
    now = utc_now()
    with engine.begin() as conn:
        # the graph's label for each model: the curated name, else the spelling most used
        stored = dict(conn.execute(sa.select(entities.c.id, entities.c.name)
                                   .where(entities.c.kind == "model")).all())
        for eid, ent in res.entities.items():
            if eid in stored and stored[eid] != ent.name:
                conn.execute(entities.update().where(entities.c.id == eid).values(name=ent.name))
        if not moves:
            return 0
        # the chosen models exist as entities, with the spellings now linked to them
        wanted = {eid for cols in moves.values() for eid in cols.values()}
        have = {i for (i,) in conn.execute(sa.select(entities.c.id).where(entities.c.id.in_(wanted)))}
        for eid in sorted(wanted - have):
            ent = res.entities[eid]
            conn.execute(entities.insert().values(
                id=eid, kind="model", name=ent.name, developer=org_label(ent.org),
                developer_id=ent.org, family=ent.family_name or None, first_seen=now))
        for eid in sorted(wanted):
            ent = res.entities[eid]
            known = {k for (k,) in conn.execute(sa.select(aliases.c.alias_key)
                                               .where(aliases.c.entity_id == eid))}
            for spelling in (ent.name, *ent.aliases, *ent.short_names):
                key = norm_name(spelling)
                if key and key not in known:
                    known.add(key)
                    conn.execute(aliases.insert().values(entity_id=eid, alias_key=key, alias=spelling))
        touched: set[str] = set()
        ids = sorted(moves)
        for part in chunks(ids, 500):
            current = {r.id: r._asdict() for r in conn.execute(
                sa.select(facts.c.id, facts.c.type, facts.c.model_id, facts.c.direction,
                          facts.c.currency, facts.c.count, facts.c.benchmark_id,
                          facts.c.channel_id, facts.c.predecessor_id, facts.c.competitor_id,
                          facts.c.price_kind, facts.c.price_tier, facts.c.series_id)
                .where(facts.c.id.in_(part)))}
            for fid in part:
                row: dict[str, Any] = current[fid]
                row.update(moves[fid])
                if row.get("predecessor_id") == row["model_id"] or row.get("competitor_id") == row["model_id"]:
                    continue  # a pair of one model with itself: leave the fact as it was stored
                sid, first, other = series_key(row)
                touched.update(x for x in (row["series_id"], sid) if x)
                conn.execute(facts.update().where(facts.c.id == fid).values(**moves[fid], series_id=sid))
                if conn.execute(sa.select(series.c.id).where(series.c.id == sid)).first() is None:
                    conn.execute(series.insert().values(
                        id=sid, type=row["type"], model_id=first, other_id=other,
                        direction=row["direction"], currency=row["currency"], reports=0, articles=0))
        refresh_series(conn, touched)
        # models no fact names any more keep no entity of their own (their spellings moved)
        orphans = [i for (i,) in conn.execute(sa.text(
            "SELECT e.id FROM entities e WHERE e.kind = 'model' AND e.id IN :ids AND NOT EXISTS "
            "(SELECT 1 FROM facts f WHERE f.model_id = e.id OR f.predecessor_id = e.id "
            "OR f.competitor_id = e.id) AND NOT EXISTS (SELECT 1 FROM series s WHERE "
            "s.model_id = e.id OR s.other_id = e.id)").bindparams(
                sa.bindparam("ids", expanding=True)),
            {"ids": sorted(named - set(res.entities)) or [""]})]
        for part in chunks(orphans, 500):
            conn.execute(aliases.delete().where(aliases.c.entity_id.in_(part)))
            conn.execute(entities.delete().where(entities.c.id.in_(part)))
    return len(moves)
