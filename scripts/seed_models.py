"""Write ``extractor/rules/entities/catalog.jsonl``: model names from the ``genai-prices`` catalog.

Run it by hand when the pinned catalog moves (it is not run at extraction time, nothing is
downloaded then, and ``genai-prices`` is no runtime dependency: it pulls pydantic and httpx2)::

    pip install -e '.[seed]'
    python scripts/seed_models.py          # rewrites the file; commit the result
    python scripts/seed_models.py --check  # exit 1 when the committed file is stale

Each line is one model, sorted by id::

    {"id": "catalog/<provider>/<api id>", "name": "<display name>", "api_id": "<api id>",
     "org": "org/<x>", "match": ["<spelling>", ...]}

``match`` lists the spellings the mention finder looks for (ignoring case); no spelling is
in two lines. ``org`` is left out where the developer is none of ``orgs.jsonl``.

One line per model, not per provider: the same API id served by several providers (after the
host's wrapping is taken off: ``meta-llama/``, ``@cf/meta/``, AWS's ``global.anthropic.`` and
``-v1:0``, ``databricks-``, ``:free``) is one model, kept under the provider whose own org
is the developer where there is one, else the first provider in alphabetical order.

The developer (``org``), first that applies: the vendor written before the id
(``deepseek-ai/``, ``Qwen/``, AWS ``meta.``) when it is one of ``orgs.jsonl`` (a vendor that
is not, such as a fine-tuner, gives no org, even for "Llama 3 8B Stheno"); else the model
family the name starts with (``families.jsonl``: claude -> Anthropic, whoever hosts it); else
the provider when the provider is itself a developer of ``orgs.jsonl``.

Filtering rule (a spelling that fails it is not matched; a model with no spelling left is
left out):

1. ASCII letters, digits, ``.``, ``-``, ``_``, ``+`` and single spaces only; starts with a
   letter; at least 5 characters; at least 2 letters.
2. An API id (no space) needs a digit (``gpt-oss-120b``, ``deepseek-r1``, ``composer-2.5``)
   and must not end in ``-latest`` (nor a display name in "Latest"). An id without a version or ending in ``-latest``
   (``deepseek-reasoner``, ``mistral-large-latest``, ``claude-3-5-haiku-latest``) is a pointer
   that moves from model to model, not one model: an article that writes "R1, named
   deepseek-reasoner in the API" means R1, and the versioned part of a ``-latest`` id is
   read by shape anyway. One plain word (``davinci``, ``command``, ``sonar``) never has a digit.
3. A display name (with spaces) needs a digit, and its first word must be a family's or a
   developer's name (``Claude Haiku 3``, ``NVIDIA Nemotron 3 Ultra``) or a word of at least 3
   characters with a digit or an inner capital in it (``Qwen2.5 VL 72B``, ``MiMo V2.6 Pro``).
   So names led by a plain English word (``Flash 3``, ``Seed 1.6``, ``Voyage 2``,
   ``Embed V1 4B``, ``Step 5 Preview``) are not matched: their API ids (``seed-1.6``,
   ``voyage-2``) still are. A trailing parenthesis is dropped first ("Kimi K3 (global)").
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ENTITIES = ROOT / "extractor" / "rules" / "entities"
OUT = ENTITIES / "catalog.jsonl"

# genai-prices provider ids that are themselves a developer of orgs.jsonl
PROVIDER_ORGS = {
    "anthropic": "org/anthropic", "cohere": "org/cohere", "deepseek": "org/deepseek",
    "google": "org/google", "meta": "org/meta", "minimax": "org/minimax", "mistral": "org/mistral",
    "moonshotai": "org/moonshot", "openai": "org/openai", "openai-decisions": "org/openai",
    "x-ai": "org/xai", "zai": "org/zhipu", "zhipuai": "org/zhipu",
}
# vendor prefixes of hosted ids (``deepseek-ai/DeepSeek-R1``, AWS ``meta.llama3-...``)
VENDOR_ORGS = {
    "01-ai": "org/01-ai", "zero-one-ai": "org/01-ai", "ai21": "org/ai21", "allenai": "org/ai2",
    "amazon": "org/amazon", "anthropic": "org/anthropic", "baidu": "org/baidu", "bigcode": "org/bigcode",
    "codellama": "org/meta", "cohere": "org/cohere", "databricks": "org/databricks",
    "deepseek": "org/deepseek", "deepseek-ai": "org/deepseek", "google": "org/google",
    "huggingfacetb": "org/hugging-face", "ibm": "org/ibm", "ibm-granite": "org/ibm",
    "meta": "org/meta", "meta-llama": "org/meta", "meta-models": "org/meta",
    "microsoft": "org/microsoft", "minimax": "org/minimax", "minimaxai": "org/minimax",
    "mistral": "org/mistral", "mistralai": "org/mistral", "moonshotai": "org/moonshot",
    "nvidia": "org/nvidia", "openai": "org/openai", "qwen": "org/alibaba", "rekaai": "org/reka",
    "snowflake": "org/snowflake", "stabilityai": "org/stability", "tencent": "org/tencent",
    "thudm": "org/zhipu", "tiiuae": "org/tii", "x-ai": "org/xai", "xai": "org/xai",
    "z-ai": "org/zhipu", "zai": "org/zhipu", "zai-org": "org/zhipu",
}
_AWS = re.compile(r"^(?:(?:global|regional|us|eu|apac|jp|au|ca|us-gov)\.)?(?P<vendor>[a-z0-9-]+)\.(?P<id>.+)$")
_SPELLING = re.compile(r"[A-Za-z][A-Za-z0-9.+_-]*(?: [A-Za-z0-9.+_-]+)*")


def _jsonl(name: str) -> list[dict]:
    return [json.loads(line) for line in (ENTITIES / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def _heads() -> tuple[set[str], list[tuple[str, str]]]:
    """(every family and developer name, case-folded; (family name, org) longest first)."""
    orgs = _jsonl("orgs.jsonl")
    fams = _jsonl("families.jsonl")
    heads = {n.casefold() for o in orgs for n in (o["name"], *o.get("aliases", ()))}
    heads |= {f["name"].casefold() for f in fams if len(f["name"]) > 1}
    fam_orgs = sorted(((f["name"].casefold(), f["org"]) for f in fams if len(f["name"]) > 1 and f.get("org")),
                      key=lambda p: -len(p[0]))
    return heads, fam_orgs


def unwrap(provider: str, raw: str) -> tuple[str | None, str]:
    """(vendor or None, the API id as a developer writes it) from a provider's id."""
    s = raw.strip().lstrip("~")
    vendor = None
    if "/" in s:
        parts = s.split("/")
        vendor, s = parts[-2].casefold(), parts[-1]
    elif provider == "aws" and (m := _AWS.match(s)):
        vendor, s = m["vendor"], m["id"]
        s = re.sub(r"-v\d+(?::\d+)?$", "", s)
    s = s.split(":")[0]
    if provider == "databricks" and s.startswith("databricks-"):
        s = s[len("databricks-"):]
    return vendor, s


def keep(spelling: str, heads: set[str]) -> bool:
    """The filtering rule of the module docstring."""
    if len(spelling) < 5 or not _SPELLING.fullmatch(spelling) or sum(c.isalpha() for c in spelling) < 2:
        return False
    digit = any(c.isdigit() for c in spelling)
    if re.search(r"[-_ ]latest$", spelling, re.I):
        return False
    if " " not in spelling:
        return digit
    if not digit:
        return False
    first = spelling.split(" ")[0]
    return first.casefold() in heads or (len(first) >= 3 and bool(
        re.search(r"\d", first) or re.search(r"[a-z][A-Z]", first)))


def build(providers) -> list[dict]:
    heads, fam_orgs = _heads()
    groups: dict[str, list[dict]] = defaultdict(list)
    for p in providers:
        for m in p.models:
            vendor, api_id = unwrap(p.id, m.id)
            name = re.sub(r"\s*\([^()]*\)\s*$", "", m.name or "").strip()
            name = re.sub(r"\s+", " ", name)
            if vendor is not None:
                org = VENDOR_ORGS.get(vendor)
            else:
                low = api_id.casefold()
                org = next((o for f, o in fam_orgs if low.startswith(f) or name.casefold().startswith(f)), None)
                org = org or PROVIDER_ORGS.get(p.id)
            groups[api_id.casefold()].append({"provider": p.id, "api_id": api_id, "name": name, "org": org})
    records = []
    for entries in groups.values():
        votes = Counter(e["org"] for e in entries if e["org"])
        org = min(votes, key=lambda o: (-votes[o], o)) if votes else None
        entries.sort(key=lambda e: (PROVIDER_ORGS.get(e["provider"]) != org or org is None, e["provider"]))
        rep = entries[0]
        name = rep["name"] or next((e["name"] for e in entries if e["name"]), "") or rep["api_id"]
        slug = re.sub(r"[^a-z0-9.+-]+", "-", rep["api_id"].casefold()).strip("-")
        rec = {"id": f"catalog/{rep['provider']}/{slug}", "name": name, "api_id": rep["api_id"]}
        if org:
            rec["org"] = org
        spellings = [rep["api_id"]] + sorted({e["name"] for e in entries if e["name"]})
        rec["match"] = [s for s in spellings if keep(s, heads)]
        records.append(rec)
    records.sort(key=lambda r: r["id"])
    # no spelling in two lines: the line whose API id it is, else the first line in id order
    owner = {r["api_id"].casefold(): r["id"] for r in records if r["match"][:1] == [r["api_id"]]}
    for rec in records:
        for s in rec["match"]:
            owner.setdefault(s.casefold(), rec["id"])
    out = []
    for rec in records:
        seen: set[str] = set()
        match = []
        for s in rec["match"]:
            if owner[s.casefold()] == rec["id"] and s.casefold() not in seen:
                seen.add(s.casefold())
                match.append(s)
        if match:
            out.append({**rec, "match": match})
    return out


def render(records: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in records)


def seed_main(argv: list[str] | None, description: str, out: Path, what: str,
              make: Callable[[Any], str]) -> int:
    """The command line of a seed script: write ``out`` from the installed genai-prices
    catalog (``make(providers)`` gives the text), or with --check say whether it is stale."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--check", action="store_true", help="exit 1 when the committed file differs")
    args = ap.parse_args(argv)
    try:
        from genai_prices.data import providers
    except ImportError:
        print("genai-prices is not installed: pip install -e '.[seed]'", file=sys.stderr)
        return 2
    text = make(providers)
    script = Path(sys.argv[0]).name if sys.argv and sys.argv[0].endswith(".py") else "the seed script"
    if args.check:
        same = out.exists() and out.read_text(encoding="utf-8") == text
        print(f"{out.name} is up to date" if same else f"{out.name} is stale: run scripts/{script}")
        return 0 if same else 1
    out.write_text(text, encoding="utf-8")
    print(f"wrote {len(text.splitlines())} {what} to {out.relative_to(ROOT)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    return seed_main(argv, __doc__.splitlines()[0], OUT, "models", lambda p: render(build(p)))


if __name__ == "__main__":
    sys.exit(main())
