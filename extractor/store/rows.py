"""Extraction records -> table rows. Pure: no database here.

Ids are deterministic (``model:`` + normalized name, ``fact:`` + a hash of what the fact says),
so writing the same extraction twice changes nothing. Names are resolved through the
gazetteers of ``extractor/rules``: "Claude Sonnet 3.5" and "Claude 3.5 Sonnet" are one entity.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import datetime as dt

from ..records import CHANGES, FACT_FIELDS, PRICE_KINDS, QUALIFIERS, STATUSES, Extraction, Fact
from ..resolve import model_entity, resolve_benchmark, resolve_channel, resolve_org
from ..rules import load_rules, norm_name
from .common import clean_json, clean_text, is_day

__all__ = [
    "MAX_NAME",
    "FactError",
    "Resolved",
    "Rows",
    "fact_row",
    "org_label",
    "resolve",
    "series_key",
]

MAX_NAME = 300  # longer "names" are noise (and would not fit a PostgreSQL index entry)
_MAX_INT = 2**63 - 1
_MAX_OFFSET = 2**31 - 1

#: The field that a fact of each type cannot do without.
REQUIRED: dict[str, tuple[str, ...]] = {
    "launch": (),
    "price": ("amount",),
    "benchmark": ("benchmark", "score"),
    "context_window": ("tokens",),
    "max_output": ("tokens",),
    "knowledge_cutoff": ("date",),
    "parameters": ("count",),
    "availability": ("channel",),
    "successor": ("predecessor",),
    "competitor": ("competitor",),
}

#: Columns that hold an entity named by the fact: field -> (entity kind, id column).
NAMED: dict[str, tuple[str, str]] = {
    "org": ("org", "org_id"),
    "benchmark": ("benchmark", "benchmark_id"),
    "channel": ("channel", "channel_id"),
    "predecessor": ("model", "predecessor_id"),
    "competitor": ("model", "competitor_id"),
}

FACT_COLUMNS = ("org", "org_id", "date", "direction", "amount", "currency", "per_tokens",
                "price_per_million", "benchmark", "benchmark_id", "score", "tokens", "count",
                "channel", "channel_id", "predecessor", "predecessor_id", "competitor",
                "competitor_id")


#: Qualifier field -> (its column, the values it may take; None: any short text).
QUALIFIER_COLUMNS: dict[str, tuple[str, tuple[str, ...] | None]] = {
    "kind": ("price_kind", PRICE_KINDS),
    "tier": ("price_tier", None),
    "change": ("price_change", CHANGES),
    "status": ("status", STATUSES),
}
_DEFAULTS = {"kind": "list", "status": "available"}
_EPOCH = dt.date(1970, 1, 1)


def day_number(day: str) -> int | None:
    """A ``YYYY-MM-DD`` day as days since 1970-01-01 (migration 0003 computes the same in SQL).

    >>> day_number("1970-01-02"), day_number("2024-07-18"), day_number("2024-07")
    (1, 19922, None)
    """
    try:
        return (dt.date.fromisoformat(day) - _EPOCH).days
    except (TypeError, ValueError):
        return None


class FactError(ValueError):
    """A fact that cannot be stored; the message is the reason (recorded with the run)."""


def _show(value: Any) -> str:
    """A value for a message, cut to a readable length.

    >>> len(_show("x" * 100)), _show("GPT-4o")
    (60, "'GPT-4o'")
    """
    text = repr(value)
    return text if len(text) <= 60 else text[:56] + "...'"


@dataclass(frozen=True, slots=True)
class Resolved:
    """A name resolved to its entity."""

    id: str
    kind: str
    name: str  # canonical
    developer: str | None = None
    family: str | None = None


def _clean_name(name: Any) -> str | None:
    if not isinstance(name, str):
        return None
    name = " ".join(clean_text(name).split())
    if not name or len(name) > MAX_NAME:
        return None
    return name


@lru_cache(maxsize=65536)
def resolve(kind: str, name: str, developer: str | None = None) -> Resolved | None:
    """The entity a name denotes, as the graph resolves it (``extractor.resolve``: one id
    scheme for SQL and the graph); None for a name that is empty or too long. ``developer``
    qualifies a generic channel ("API" of OpenAI is the OpenAI API).

    >>> resolve("model", "claude sonnet 3.5").name, resolve("model", "mistral-large-2407").id
    ('Claude 3.5 Sonnet', 'model/mistral-large-2')
    >>> resolve("model", "Frobnicator-9 Max").id, resolve("org", "Google DeepMind").id
    ('model/frobnicator-9-max', 'org/google')
    >>> resolve("channel", "the API", "OpenAI").name
    'OpenAI API'
    """
    clean = _clean_name(name)
    if clean is None or not norm_name(clean):
        return None
    if kind == "model":
        ent = model_entity(clean)
        if ent is None:
            return None
        return Resolved(id=ent.id, kind="model", name=ent.name, developer=org_label(ent.org),
                        family=ent.family_name or None)
    found = {"org": resolve_org, "benchmark": resolve_benchmark}.get(kind)
    named = found(clean) if found else resolve_channel(clean, developer) if kind == "channel" else None
    if named is None:
        raise ValueError(f"unknown entity kind {kind!r}")
    return Resolved(id=named.id, kind=kind, name=named.label)


def org_label(org_id: str | None) -> str | None:
    """The name of a developer id ('org/openai' is OpenAI)."""
    if not org_id:
        return None
    return load_rules().org_name(org_id) or org_id.split("/", 1)[-1]


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip().replace(",", ".").replace("\u202f", "").replace(" ", ""))
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def _integer(value: Any) -> int | None:
    number = _number(value)
    if number is None or number < 0 or number != int(number) or number > _MAX_INT:
        return None
    return int(number)


def _parse_field(ftype: str, name: str, value: Any) -> Any:
    """A contract field -> its column value; raises FactError for a value of the wrong kind."""
    if value is None:
        return None
    if name in ("amount", "score"):
        number = _number(value)
        if number is None or (name == "amount" and number < 0):
            raise FactError(f"{name} {_show(value)} is not a number")
        return number
    if name in ("tokens", "count", "per_tokens"):
        integer = _integer(value)
        if integer is None or (name == "per_tokens" and integer == 0):
            raise FactError(f"{name} {_show(value)} is not a positive integer")
        return integer
    if name == "date":
        text = value.strip() if isinstance(value, str) else value
        if not is_day(text, month_ok=True) or (ftype != "knowledge_cutoff" and len(text) != 10):
            raise FactError(f"date {_show(value)} is not YYYY-MM-DD")
        return text
    if name in ("direction", "currency"):
        if not isinstance(value, str) or not value.strip() or len(value.strip()) > 32:
            raise FactError(f"{name} {_show(value)} is not a short string")
        text = clean_text(value.strip())
        return text.upper() if name == "currency" else text.lower()
    if name in NAMED:
        clean = _clean_name(value)
        if clean is None or not norm_name(clean):
            raise FactError(f"{name} {_show(value)} is not a name")
        return clean
    return clean_json(value)


def series_key(row: Mapping[str, Any]) -> tuple[str, str, str | None]:
    """The series of a fact row: (series id, model id, paired entity id).

    Prices are one series per model, direction and currency; scores per model and benchmark;
    rival pairs are unordered (the smaller id first). Migration 0002 computes the same in SQL.

    >>> series_key({"type": "price", "model_id": "model/gpt-4o", "direction": "input",
    ...             "currency": "USD"})
    ('price|model/gpt-4o|input|USD', 'model/gpt-4o', None)
    >>> series_key({"type": "price", "model_id": "model/gpt-4o", "direction": "input",
    ...             "currency": "USD", "price_kind": "cached_input"})[0]
    'price|model/gpt-4o|input|USD|cached_input|'
    >>> series_key({"type": "competitor", "model_id": "model/b", "competitor_id": "model/a"})
    ('competitor|model/a|model/b', 'model/a', 'model/b')
    """
    ftype, model_id = row["type"], row["model_id"]

    def part(name: str) -> str:
        value = row.get(name)
        return "" if value is None else str(value)

    if ftype == "price":
        key = f"price|{model_id}|{part('direction')}|{part('currency')}"
        kind = row.get("price_kind") or "list"
        if kind != "list" or row.get("price_tier"):  # cached, batch, upper tier: series of their own
            key += f"|{kind}|{part('price_tier')}"
        return key, model_id, None
    if ftype == "parameters":
        return f"parameters|{model_id}|{part('count')}", model_id, None
    other_column = {"benchmark": "benchmark_id", "availability": "channel_id",
                    "successor": "predecessor_id", "competitor": "competitor_id"}.get(ftype)
    if other_column is None:
        return f"{ftype}|{model_id}", model_id, None
    other = row.get(other_column)
    if ftype == "competitor" and other is not None and other < model_id:
        return f"competitor|{other}|{model_id}", other, model_id
    return f"{ftype}|{model_id}|{part(other_column)}", model_id, other


def fact_row(fact: Fact, article_id: str, developer: str | None = None
             ) -> tuple[dict[str, Any], dict[str, Resolved]]:
    """One fact -> its ``facts`` row (without time columns) and the entities it names.
    ``developer``: the model's developer as the article names it (qualifies a generic
    channel where the curated list does not know the model's developer).

    Raises FactError (the reason) for a fact that cannot be stored.
    """
    if fact.type not in FACT_FIELDS:
        raise FactError(f"unknown fact type {_show(fact.type)}")
    model = resolve("model", fact.model) if isinstance(fact.model, str) else None
    if model is None:
        raise FactError(f"model {_show(fact.model)} is not a name")
    data = fact.data if isinstance(fact.data, Mapping) else {}
    row: dict[str, Any] = dict.fromkeys(FACT_COLUMNS)
    named: dict[str, Resolved] = {"model": model}
    extra: dict[str, Any] = {}
    invalid: dict[str, Any] = {}
    fields = FACT_FIELDS[fact.type]
    qualifiers: dict[str, Any] = {}
    for name, value in data.items():
        if name in QUALIFIERS.get(fact.type, ()):
            column, allowed = QUALIFIER_COLUMNS[name]
            text = value.strip() if isinstance(value, str) else None
            if text and (text in allowed if allowed else len(text) <= 40):
                if text != _DEFAULTS.get(name):
                    qualifiers[column] = clean_text(text)
            elif value is not None:
                invalid[name] = value  # a qualifier the store does not know: kept aside
            continue
        if name not in fields:
            extra[str(name)] = value
            continue
        try:
            row[name] = _parse_field(fact.type, name, value)
        except FactError:
            if name in REQUIRED[fact.type]:
                raise
            invalid[name] = value  # optional field: kept aside, the fact is stored
    for name in REQUIRED[fact.type]:
        if row.get(name) is None:
            raise FactError(f"{fact.type} fact without {name}")
    for name, (kind, id_column) in NAMED.items():
        if row.get(name) is not None:
            resolved = resolve(kind, row[name], (model.developer or developer)
                               if kind == "channel" else None)
            assert resolved is not None  # _parse_field checked the name
            row[id_column] = resolved.id
            named[name] = resolved
    if fact.type in ("successor", "competitor"):
        other = row["predecessor_id" if fact.type == "successor" else "competitor_id"]
        if other == model.id:
            raise FactError(f"{fact.type} fact pairs {_show(fact.model)} with itself")
    if row["amount"] is not None and row["per_tokens"]:
        row["price_per_million"] = round(row["amount"] * 1_000_000 / row["per_tokens"], 9)
    ev = fact.evidence
    start, end = getattr(ev, "start", None), getattr(ev, "end", None)
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= _MAX_OFFSET):
        raise FactError(f"evidence offsets {_show(start)}..{_show(end)} are not valid")
    if not isinstance(getattr(ev, "sentence", None), str):
        raise FactError("evidence without a sentence")
    if invalid:
        extra["invalid"] = invalid
    # what the fact says, names by entity: "GPT 4o" and "GPT-4o" state the same fact
    identity = [article_id, fact.type, model.id] + [
        row[c] for c in FACT_COLUMNS if c not in NAMED and c != "price_per_million"]
    if qualifiers:  # (a fact without qualifiers keeps the id it had before they existed)
        identity.append(sorted(qualifiers.items()))
    row.update({column: None for column, _ in QUALIFIER_COLUMNS.values()}, **qualifiers)
    digest = hashlib.sha1(json.dumps(identity, default=str).encode("utf-8")).hexdigest()
    row.update(
        id=f"fact:{digest}",
        article_id=article_id,
        type=fact.type,
        model=_clean_name(fact.model),
        model_id=model.id,
        extra=clean_json(extra) if extra else None,
    )
    return row, named


def _content_hash(text: Any) -> str:
    """``Article.content_hash``, also for text with lone surrogates (which UTF-8 refuses)."""
    if not isinstance(text, str):
        text = ""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _confidence(value: Any) -> float:
    number = _number(value)
    return 0.0 if number is None else min(1.0, max(0.0, number))


@dataclass
class Rows:
    """Everything that saving a batch of extractions writes, deduplicated by key.

    >>> rows = Rows(now="2024-07-18T10:00:00Z")
    >>> rows.skipped
    []
    """

    now: str
    articles: dict[str, dict[str, Any]] = field(default_factory=dict)
    entities: dict[str, dict[str, Any]] = field(default_factory=dict)
    aliases: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    series: dict[str, dict[str, Any]] = field(default_factory=dict)
    facts: dict[str, dict[str, Any]] = field(default_factory=dict)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (url, reason)

    def entity(self, resolved: Resolved, spelling: str | None = None,
               developer: str | None = None) -> None:
        """Add an entity (and a spelling of it); a known developer fills a missing one."""
        dev = resolve("org", developer) if developer else None
        if resolved.developer:
            dev = resolve("org", resolved.developer)
        row = self.entities.get(resolved.id)
        if row is None:
            row = self.entities[resolved.id] = {
                "id": resolved.id, "kind": resolved.kind, "name": resolved.name,
                "developer": None, "developer_id": None, "family": resolved.family,
                "first_seen": self.now,
            }
        if dev is not None and row["developer"] is None:
            row["developer"], row["developer_id"] = dev.name, dev.id
            self.entity(dev)
        for alias in {resolved.name, spelling} - {None}:
            assert alias is not None
            key = norm_name(alias)
            self.aliases.setdefault((resolved.id, key), {
                "entity_id": resolved.id, "alias_key": key, "alias": alias})

    def add(self, extraction: Extraction, *, first_seen: str, first_run_id: int | None,
            run_id: int | None, extractor_version: str | None) -> int:
        """Add one article and its facts; returns the number of distinct facts kept."""
        art = extraction.article
        if not isinstance(art.url, str) or not art.url.strip():
            self.skipped.append((str(art.source), "article skipped: it has no canonical URL"))
            return 0
        article_id = art.id
        if article_id in self.articles:  # the same article twice in one batch: the last wins
            self.facts = {k: r for k, r in self.facts.items() if r["article_id"] != article_id}
            self.evidence = [e for e in self.evidence if e["article_id"] != article_id]
        published = art.published if is_day(art.published) else None
        text = clean_text(art.text if isinstance(art.text, str) else "")
        self.articles[article_id] = {
            "id": article_id,
            "url": clean_text(art.url),
            "source": clean_text(art.source) if isinstance(art.source, str) else None,
            "title": clean_text(art.title) if isinstance(art.title, str) else None,
            "published": published,
            "published_from": (clean_text(art.published_from)[:16]
                               if isinstance(art.published_from, str) else None),
            "language": clean_text(art.language)[:16] if isinstance(art.language, str) else None,
            "content_hash": _content_hash(art.text),
            "extractor_version": extractor_version,
            "text": text,
            "tables": clean_json([{"caption": t.caption, "header": list(t.header),
                                   "rows": [list(r) for r in t.rows]} for t in art.tables])
            if art.tables else None,
            "flags": clean_json(list(art.flags)) if art.flags else None,
            "first_seen": first_seen,
            "last_seen": self.now,
            "first_run_id": first_run_id,
            "last_run_id": run_id,
        }
        reported_on = published or first_seen[:10]
        developers = {norm_name(k): v for k, v in (extraction.orgs or {}).items()
                      if isinstance(k, str) and isinstance(v, str)}
        for fact in extraction.facts:
            if fact.type == "launch" and isinstance(fact.data.get("org"), str):
                developers.setdefault(norm_name(fact.model), fact.data["org"])
        for name in extraction.models:
            resolved = resolve("model", name) if isinstance(name, str) else None
            if resolved is not None:
                self.entity(resolved, _clean_name(name), developers.get(norm_name(name)))
        kept = 0
        for fact in extraction.facts:
            try:
                row, named = fact_row(fact, article_id, developers.get(norm_name(fact.model))
                                      if isinstance(fact.model, str) else None)
            except FactError as exc:
                reason = f"fact skipped ({_show(fact.type)} {_show(fact.model)}): {exc}"
                self.skipped.append((art.url, reason))
                continue
            for name, resolved in named.items():
                spelling = row["model"] if name == "model" else row[name]
                dev = developers.get(norm_name(spelling)) if resolved.kind == "model" else None
                self.entity(resolved, spelling, dev)
            ev = fact.evidence
            confidence = _confidence(fact.confidence)
            rule = clean_text(str(fact.rule or ""))[:200] or None
            self.evidence.append({
                "fact_id": row["id"], "article_id": article_id,
                "sentence": clean_text(ev.sentence), "start_offset": ev.start,
                "end_offset": ev.end, "rule": rule, "confidence": confidence,
            })
            existing = self.facts.get(row["id"])
            if existing is not None:  # the same fact read twice: one fact, two evidence rows
                if confidence > existing["confidence"]:
                    existing["confidence"], existing["rule"] = confidence, rule
                continue
            series_id, first_id, second_id = series_key(row)
            row.update(run_id=run_id, rule=rule, confidence=confidence, reported_on=reported_on,
                       reported_day=day_number(reported_on), series_id=series_id, valid_to=None)
            self.facts[row["id"]] = row
            self.series.setdefault(series_id, {
                "id": series_id, "type": row["type"], "model_id": first_id,
                "other_id": second_id, "direction": row["direction"],
                "currency": row["currency"], "current_fact_id": None, "value": None,
                "day": None, "rank": None, "first_reported_on": None,
                "last_reported_on": None, "reports": 0, "articles": 0,
                "consensus_value": None, "consensus_reports": None, "disagreeing_articles": None,
            })
            kept += 1
        return kept
