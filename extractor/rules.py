"""Loads the rule data shipped in ``extractor/rules/``: gazetteers and per-language lexicons.

Nothing here is a gazetteer literal: every name, alias and trigger word lives in a
JSONL or JSON file beside this module, so a rule change is a data change.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["LANGUAGES", "CatalogModel", "Entity", "Family", "Lexicon", "Rules", "load_rules", "norm_name", "per_rules",
           "rules_fingerprint"]

LANGUAGES = ("en", "fr")
_SEP = re.compile(r"[\s\-\u2010-\u2015\u2212._/]+")


def norm_name(name: str) -> str:
    """Key under which two spellings of one name meet (as the scorer compares names).

    >>> norm_name("GPT‑4o Mini") == norm_name("gpt-4o-mini")
    True
    """
    import unicodedata

    return _SEP.sub("", unicodedata.normalize("NFKC", name).casefold())


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    label: str  # ORG, MODEL, BENCHMARK, CHANNEL
    name: str
    aliases: tuple[str, ...] = ()
    org: str | None = None
    family: str | None = None
    case_sensitive: bool = False
    generic: bool = False
    plans: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CatalogModel:
    """A model of the seeded catalog (``rules/entities/catalog.jsonl``, written by
    ``scripts/seed_models.py`` from the genai-prices list): ``match`` holds the spellings
    the mention finder looks for, ignoring case."""

    id: str
    name: str
    api_id: str
    org: str | None = None
    match: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Family:
    id: str
    name: str
    org: str | None
    needs_version: bool = False
    regex: str | None = None
    case_sensitive: bool = False
    prefix: str | None = None
    is_model: bool = False  # the family name alone is a model (Codestral, DBRX)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Trigger words of one language (``rules/<lang>/lexicon.json``)."""

    lang: str
    words: dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.words[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.words.get(key, default)


@dataclass(frozen=True, slots=True)
class Rules:
    orgs: tuple[Entity, ...]
    models: tuple[Entity, ...]
    benchmarks: tuple[Entity, ...]
    channels: tuple[Entity, ...]
    families: tuple[Family, ...]
    variants: tuple[str, ...]
    short_forms: tuple[str, ...] = ()  # variant words that stand alone for a model named earlier
    plans: tuple[str, ...] = ()  # plan words after a product name: ChatGPT Plus, Claude Pro
    product_heads: tuple[str, ...] = ()  # consumer products sold in plans: "every Claude plan, Free, Pro ..."
    lexicons: dict[str, Lexicon] = field(default_factory=dict)
    org_spellings: frozenset[str] = frozenset()  # every developer name and alias, case-folded
    catalog: tuple[CatalogModel, ...] = ()  # seeded model names, matched in one pass (mentions.py)

    def org_name(self, org_id: str | None) -> str | None:
        for org in self.orgs:
            if org.id == org_id:
                return org.name
        return None

    def entities(self) -> tuple[Entity, ...]:
        return self.orgs + self.models + self.benchmarks + self.channels


def _read_jsonl(name: str) -> list[dict[str, Any]]:
    text = resources.files("extractor").joinpath("rules", name).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _read_json(name: str) -> dict[str, Any]:
    text = resources.files("extractor").joinpath("rules", name).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _entity(rec: dict[str, Any], label: str) -> Entity:
    return Entity(
        id=rec["id"],
        label=rec.get("label", label),
        name=rec["name"],
        aliases=tuple(rec.get("aliases", ())),
        org=rec.get("org"),
        family=rec.get("family"),
        case_sensitive=bool(rec.get("case_sensitive", False)),
        generic=bool(rec.get("generic", False)),
        plans=tuple(rec.get("plans", ())),
    )


_T = TypeVar("_T")


def per_rules(fn: Callable[[Rules], _T]) -> Callable[[Rules], _T]:
    """Cache a function of the rules, one value per rule set (``Rules`` holds dicts, so it is
    not hashable; the rule set is kept with its value, so a reused id is never mistaken)."""
    cache: dict[int, tuple[Rules, _T]] = {}

    def wrapper(rules: Rules) -> _T:
        hit = cache.get(id(rules))
        if hit is None or hit[0] is not rules:
            hit = cache[id(rules)] = (rules, fn(rules))
        return hit[1]

    wrapper.__doc__ = fn.__doc__
    return wrapper


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    """All rule data, loaded once per process."""
    families = tuple(
        Family(
            id=r["id"], name=r["name"], org=r.get("org"),
            needs_version=bool(r.get("needs_version", False)), regex=r.get("regex"),
            case_sensitive=bool(r.get("case_sensitive", False)), prefix=r.get("prefix"),
            is_model=bool(r.get("is_model", False)),
        )
        for r in _read_jsonl("entities/families.jsonl")
    )
    variants = _read_json("entities/variants.json")
    orgs = tuple(_entity(r, "ORG") for r in _read_jsonl("entities/orgs.jsonl"))
    return Rules(
        orgs=orgs,
        models=tuple(_entity(r, "MODEL") for r in _read_jsonl("entities/models.jsonl")),
        benchmarks=tuple(_entity(r, "BENCHMARK") for r in _read_jsonl("entities/benchmarks.jsonl")),
        channels=tuple(_entity(r, "CHANNEL") for r in _read_jsonl("entities/channels.jsonl")),
        families=families,
        variants=tuple(variants["words"]),
        short_forms=tuple(variants.get("short_forms", ())),
        plans=tuple(variants.get("plans", ())),
        product_heads=tuple(variants.get("product_heads", ())),
        lexicons={lang: Lexicon(lang, _read_json(f"{lang}/lexicon.json")) for lang in LANGUAGES},
        org_spellings=frozenset(n.casefold() for o in orgs for n in (o.name, *o.aliases)),
        catalog=tuple(
            CatalogModel(id=r["id"], name=r["name"], api_id=r["api_id"], org=r.get("org"),
                         match=tuple(r.get("match", ())))
            for r in _read_jsonl("entities/catalog.jsonl")
        ),
    )


@lru_cache(maxsize=1)
def rules_fingerprint() -> str:
    """Short hash of every rule file: part of the extractor version, so that a rule
    change makes the pipeline re-extract stored articles."""
    import hashlib

    digest = hashlib.sha256()
    root = resources.files("extractor").joinpath("rules")
    stack = [root]
    files = []
    while stack:
        node = stack.pop()
        for child in node.iterdir():
            if child.is_dir():
                stack.append(child)
            elif child.name.endswith((".json", ".jsonl")):
                files.append(child)
    for f in sorted(files, key=lambda c: str(c)):
        digest.update(f.name.encode())
        digest.update(f.read_bytes())
    return digest.hexdigest()[:12]
