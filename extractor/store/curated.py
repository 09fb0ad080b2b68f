"""The curated price list in the database: ``curated_prices``, which ``price_checks`` reads.

The list is package data (``rules/entities/curated_prices.jsonl``, written from the pinned
``genai-prices`` catalog by ``scripts/seed_prices.py``). Each listed model is resolved to an
entity as every name an article writes is (its API id as a developer writes it, then its
display name), so a reported price and a listed price meet on ``model_id``.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

import sqlalchemy as sa

from .rows import resolve
from .schema import curated_prices

__all__ = ["curated_rows", "sync_curated_prices"]


def _orgs(rec: dict[str, Any]) -> list[str]:
    """Developer names a listed name may lack: the provider's first word ("Amazon" of
    "Amazon Bedrock"; AWS lists Amazon's own Nova models)."""
    words = [str(rec.get("provider_name") or "").split(" ")[0], str(rec.get("provider") or "")]
    return [w for w in words if w] + ["Amazon"] * (rec.get("provider") == "aws")


@lru_cache(maxsize=1)
def curated_rows() -> tuple[dict[str, Any], ...]:
    """The rows of ``curated_prices``: one per provider, listed model, direction (input,
    output) and entity its spellings resolve to."""
    path = resources.files("extractor").joinpath("rules", "entities", "curated_prices.jsonl")
    out: list[dict[str, Any]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        # every entity its spellings resolve to: the API id as a developer writes it, the
        # display name, and that name after the developer's ("Amazon Nova Pro" for AWS's
        # "Nova Pro"), so that the list meets the name however an article writes it
        spellings = [rec.get("model") or rec["api_id"], rec.get("name"), rec["api_id"],
                     *(f"{org} {rec['name']}" for org in _orgs(rec) if rec.get("name"))]
        ids = {e.id for name in spellings if name and (e := resolve("model", name))}
        for model_id, direction in ((i, d) for i in sorted(ids) for d in ("input", "output")):
            price = rec.get(direction)
            if price is None:
                continue
            out.append({
                "id": f"{rec['provider']}|{rec['api_id']}|{direction}|{model_id}",
                "provider": rec["provider"], "provider_name": rec.get("provider_name"),
                "api_id": rec["api_id"], "name": rec.get("name"),
                "model_id": model_id, "direction": direction,
                "price_per_million": float(price), "version": rec.get("version"),
            })
    return tuple(out)


def sync_curated_prices(conn: sa.Connection) -> int:
    """Load the curated list when the database holds another version of it (or none).

    Returns the number of rows written (0 when the list was already there).
    """
    rows = curated_rows()
    versions = {r["version"] for r in rows}
    have = conn.execute(sa.select(sa.func.count(), sa.func.min(curated_prices.c.version),
                                  sa.func.max(curated_prices.c.version))).one()
    if have[0] == len(rows) and {have[1], have[2]} == versions:
        return 0
    conn.execute(curated_prices.delete())
    for start in range(0, len(rows), 1000):
        conn.execute(curated_prices.insert(), list(rows[start:start + 1000]))
    return len(rows)
