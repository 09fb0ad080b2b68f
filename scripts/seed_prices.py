"""Write ``extractor/rules/entities/curated_prices.jsonl``: the list prices of the pinned
``genai-prices`` catalog, the curated list that ``price_checks`` sets the reported prices against.

Like ``scripts/seed_models.py`` it is run by hand when the pin moves (``genai-prices`` is not a
runtime dependency: it pulls pydantic and httpx); the file is package data, read at run time::

    pip install -e '.[seed]'
    python scripts/seed_prices.py          # rewrites the file; commit the result
    python scripts/seed_prices.py --check  # exit 1 when the committed file is stale

One line per provider and model, sorted::

    {"provider": "google", "provider_name": "Google", "api_id": "gemini-1.5-pro",
     "model": "gemini-1.5-pro", "name": "gemini 1.5 Pro", "input": 1.25, "output": 5.0, "cached_input": null,
     "tier_start": 128000, "input_upper": 2.5, "output_upper": 10.0, "version": "0.2.5"}

Prices are USD per million tokens, as the catalog states them. Where the catalog holds several
prices over time, the one with the latest start date (the price in force now) is kept; a tiered
price keeps its base and its first upper tier. ``model`` is the API id as a developer writes it
(the host's wrapping taken off as ``seed_models.unwrap`` does: ``amazon.nova-pro-v1:0`` is
``nova-pro``).
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from seed_models import seed_main, unwrap  # noqa: E402  (the same unwrapping and command line)

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "extractor" / "rules" / "entities" / "curated_prices.jsonl"


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _split(price) -> tuple[float | None, int | None, float | None]:
    """(base, first tier start, first tier price) of a flat or tiered price."""
    if price is None:
        return None, None, None
    tiers = getattr(price, "tiers", None)
    if tiers is None:
        return _num(price), None, None
    first = tiers[0] if tiers else None
    return _num(price.base), first.start if first else None, _num(first.price) if first else None


def _current(prices):
    """The price in force now: a plain price, or the conditional one that starts last."""
    if not isinstance(prices, list):
        return prices

    def start(cp) -> str:
        date = getattr(cp.constraint, "start_date", None)
        return date.isoformat() if date else ""

    return max(prices, key=start).prices


def build(providers, version: str) -> list[dict]:
    out = []
    for provider in providers:
        for model in provider.models:
            price = _current(model.prices)
            inp, tier_start, inp_up = _split(getattr(price, "input_mtok", None))
            outp, tier_out, out_up = _split(getattr(price, "output_mtok", None))
            cached, _, _ = _split(getattr(price, "cache_read_mtok", None))
            if inp is None and outp is None:
                continue
            out.append({
                "provider": provider.id, "provider_name": provider.name, "api_id": model.id,
                "model": unwrap(provider.id, model.id)[1], "name": model.name or model.id, "input": inp, "output": outp,
                "cached_input": cached, "tier_start": tier_start or tier_out,
                "input_upper": inp_up, "output_upper": out_up, "version": version,
            })
    return sorted(out, key=lambda r: (r["provider"], r["api_id"]))


def render(records: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=False) + "\n" for r in records)


def main(argv: list[str] | None = None) -> int:
    return seed_main(argv, __doc__.splitlines()[0], OUT, "prices",
                     lambda providers: render(build(providers, metadata.version("genai-prices"))))


if __name__ == "__main__":
    sys.exit(main())
