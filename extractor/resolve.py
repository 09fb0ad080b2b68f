"""Entity resolution: names as written in articles -> canonical entities with stable ids.

A model name is parsed into *family*, *version* and the remaining *parts* (variant words
such as ``mini``, ``Turbo``, ``Flash``, ``Sonnet``, ``Instruct`` and sizes such as ``405B``
or ``8x7B``). Two spellings are one model when they have the same family, the same version
and the same parts, in any order and any case::

    >>> model_key("GPT‑4o Mini") == model_key("le gpt-4o-mini") == model_key("GPT-4o mini")
    True
    >>> model_key("GPT-4o") == model_key("GPT-4o mini")
    False
    >>> model_key("Claude Sonnet 3.5") == model_key("Claude 3.5 Sonnet")
    True

So a model is never merged with its variant (other parts) or its successor (other version).
A name without a version ("Gemini Flash") is *ambiguous* when versioned models with the same
parts exist ("Gemini 1.5 Flash", "Gemini 2.0 Flash"); each mention is then linked to the most
likely one from the article (a candidate named in the same article) and the date (the latest
candidate released by the article's date), and the choice is kept as a :class:`Decision`.

Curated data: the model gazetteer (``rules/entities/models.jsonl``) and
``rules/entities/aliases.jsonl`` (aliases, developer, release date, ``standalone`` for version-less
names that are real models, such as "Mistral Large"). Everything here is pure: names in,
records out.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from .rules import Entity, Rules, load_rules, norm_name, per_rules

__all__ = [
    "Curated",
    "Decision",
    "ModelEntity",
    "ModelMention",
    "ModelName",
    "Named",
    "Resolution",
    "clean_name",
    "fact_mentions",
    "load_curated",
    "model_entity",
    "model_id",
    "model_key",
    "parse_model_name",
    "resolve_benchmark",
    "resolve_channel",
    "resolve_models",
    "resolve_org",
    "slug",
]

Key = tuple[str, str, tuple[str, ...]]  # (family id, version or "", sorted parts)

_DASHES = re.compile(r"[\u2010-\u2015\u2212\u00ad\ufe58\ufe63\uff0d]")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007]+")
_QUOTES = "\"'`«»“”„‘’‹›"
# articles and fillers that prefix a name in running text: "le GPT-4o mini", "the new o1"
_LEADING = re.compile(
    r"^(?:(?:le|la|les|du|des|de|un|une|ce|cet|cette|son|sa|ses|leur|nouveau|nouvel|nouvelle"
    r"|the|a|an|its|their|new|latest)\s+|(?:l|d)['’]\s*)+",
    re.I,
)
_TRAILING = re.compile(r"(?:['’]s|[\s,;:!?.)\]}-])+$")
_VERSION = re.compile(r"v?(\d+(?:\.\d+)*[a-z]?)", re.I)
_RVERSION = re.compile(r"r\d+(?:\.\d+)*", re.I)  # DeepSeek-R1: R1 is a model line, not "1"
_SIZE = re.compile(r"(?:\d+x)?\d+(?:\.\d+)?[bmkt]", re.I)
_SPLIT = re.compile(r"[\s_/-]+")


def slug(text: str) -> str:
    """ASCII slug for ids: lower case, words joined by ``-``, ``+`` spelled ``plus``.

    >>> slug("Claude 3.5 Sonnet"), slug("Command R+"), slug("Légère")
    ('claude-3-5-sonnet', 'command-r-plus', 'legere')
    """
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = text.replace("+", " plus ").casefold()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")




def _hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def clean_name(name: str) -> str:
    """A name as written in running text, reduced to the name itself.

    Normalizes Unicode (NFKC, every dash to ``-``, every space to one space), strips quotes,
    leading articles in English and French and a trailing possessive.

    >>> clean_name("le « GPT\u20114o\u00a0mini »"), clean_name("OpenAI's"), clean_name("l’o1-mini")
    ('GPT-4o mini', 'OpenAI', 'o1-mini')
    """
    text = unicodedata.normalize("NFKC", name)
    text = _DASHES.sub("-", text)
    text = _SPACES.sub(" ", text).strip()
    text = text.strip(_QUOTES + " ")
    for _ in range(3):
        before = text
        stripped = _LEADING.sub("", text).strip(_QUOTES + " ")
        if stripped:
            text = stripped
        stripped = _TRAILING.sub("", text).strip(_QUOTES + " ")
        if stripped:
            text = stripped
        if text == before:
            break
    return text


# ---------------------------------------------------------------- parsing


@dataclass(frozen=True, slots=True)
class ModelName:
    """A model name taken apart: ``family`` + ``version`` + ``parts`` (variants and sizes)."""

    text: str  # the cleaned surface form
    family: str  # family id: "family/gpt", or "family/<slug>" for an unlisted family
    family_name: str  # the family as written in the gazetteer (or in the text)
    version: str | None  # normalized: "4o", "3.5", "r1" ("v2" gives "2")
    parts: tuple[str, ...]  # as written, in order: ("mini",), ("405B", "Instruct")
    known_family: bool = True
    parsed: bool = True  # False: the name did not parse; its key is the whole name

    @property
    def key(self) -> Key:
        return (self.family, self.version or "", tuple(sorted(p.casefold() for p in self.parts)))

    @property
    def sizes(self) -> tuple[str, ...]:
        return tuple(p for p in self.parts if _SIZE.fullmatch(p))

    @property
    def variants(self) -> tuple[str, ...]:
        return tuple(p for p in self.parts if not _SIZE.fullmatch(p))


@per_rules
def _family_heads(rules: Rules) -> tuple[tuple[str, str, str, str | None, bool], ...]:
    """(head to match, family id, display name, prefix, fused) longest head first."""
    heads = []
    for fam in rules.families:
        if fam.regex:
            # a family given as a regex (o1, o3): its head is the letters before the digits
            letters = re.match(r"[A-Za-z]+", fam.name)
            head = letters.group(0) if letters else fam.name
            heads.append((head, fam.id, head, fam.prefix, True))
        else:
            heads.append((fam.name, fam.id, fam.name, fam.prefix, False))
    heads.sort(key=lambda h: -len(h[0]))
    return tuple(heads)


@per_rules
def _org_prefixes(rules: Rules) -> tuple[str, ...]:
    names = {n for org in rules.orgs for n in (org.name, *org.aliases)}
    return tuple(sorted(names, key=len, reverse=True))


def _match_family(text: str, rules: Rules) -> tuple[str, str, str, bool] | None:
    """(family id, display name, rest of the text, fused) when ``text`` starts with a family."""
    low = text.casefold()
    for head, fam_id, display, prefix, fused in _family_heads(rules):
        body, body_low = text, low
        if prefix and low.startswith(prefix.casefold() + " "):
            body, body_low = text[len(prefix) + 1:], low[len(prefix) + 1:]
        if fused:
            # "o1-mini": the head must be followed by a digit, and is case-sensitive
            if body.startswith(head) and len(body) > len(head) and body[len(head)].isdigit():
                return fam_id, display, body[len(head):], True
            continue
        if not body_low.startswith(head.casefold()):
            continue
        rest = body[len(head):]
        if rest and not (rest[0] in " -_./" or rest[0].isdigit()):
            continue  # "Phil" is not "Phi"
        return fam_id, display, rest, False
    return None


_DATED = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


def _tokens(rest: str) -> list[str]:
    # a dated snapshot ("gpt-4o-2024-05-13") is one part, not three
    rest = _DATED.sub(r"\1\2\3", rest)
    out: list[str] = []
    variants = _variant_words(load_rules())
    for tok in _SPLIT.split(rest):
        tok = tok.strip(".,;:!?()[]{}")
        glued = _GLUED.fullmatch(tok)
        if glued and glued.group(1).casefold() in variants:
            out.extend(glued.groups())  # "Large2" is "Large 2"
        elif tok:
            out.append(tok)
    return out


_GLUED = re.compile(r"([A-Za-z]{2,})(\d+(?:\.\d+)*)")


@per_rules
def _variant_words(rules: Rules) -> frozenset[str]:
    return frozenset(w.casefold() for w in rules.variants)


def _split_version(tokens: list[str]) -> tuple[str | None, tuple[str, ...]]:
    version = None
    parts = []
    for tok in tokens:
        if version is None and not _SIZE.fullmatch(tok):
            if _RVERSION.fullmatch(tok):
                version = tok.casefold()
                continue
            m = _VERSION.fullmatch(tok)
            # "0613" and "20240513" are dated snapshots, not versions
            if m and not (len(m.group(1)) >= 4 and m.group(1).isdigit()):
                version = m.group(1).casefold()
                continue
        parts.append(tok)
    return version, tuple(parts)


def parse_model_name(name: str, rules: Rules | None = None) -> ModelName:
    """Take a model name apart.

    >>> n = parse_model_name("Llama 3.1 405B Instruct")
    >>> (n.family, n.version, n.parts, n.sizes)
    ('family/llama', '3.1', ('405B', 'Instruct'), ('405B',))
    >>> parse_model_name("Qwen2.5-72B-Instruct").version, parse_model_name("o1-mini").parts
    ('2.5', ('mini',))
    >>> parse_model_name("Meta Llama 3").family, parse_model_name("Zeta-1").family
    ('family/llama', 'family/zeta')
    """
    rules = rules or load_rules()
    text = clean_name(name)
    found = _match_family(text, rules)
    if found is None:
        # "Meta Llama 3", "Google Gemini 1.5 Pro": an org before a family
        low = text.casefold()
        for org in _org_prefixes(rules):
            if low.startswith(org.casefold()) and text[len(org):len(org) + 1] in (" ", "-"):
                found = _match_family(text[len(org) + 1:], rules)
                if found is not None:
                    text = text[len(org) + 1:]
                    break
    if found is not None:
        fam_id, display, rest, _fused = found
        version, parts = _split_version(_tokens(rest))
        return ModelName(text, fam_id, display, version, parts)
    # an unlisted family (Zeta-1, Jais 30B): the leading letters are the family
    m = re.match(r"([A-Za-z][A-Za-z]*)(.*)$", text, re.S)
    if m and (not m.group(2) or m.group(2)[0] in " -_." or m.group(2)[0].isdigit()):
        tokens = _tokens(m.group(2))
        if all(re.fullmatch(r"[\w.+]+", t) for t in tokens):
            version, parts = _split_version(tokens)
            return ModelName(text, "family/" + slug(m.group(1)), m.group(1), version, parts,
                             known_family=False)
    return ModelName(text, "name/" + norm_name(text), text, None, (), known_family=False,
                     parsed=False)


def model_key(name: str, rules: Rules | None = None) -> Key:
    """What two spellings of one model share (see the module docstring)."""
    return parse_model_name(name, rules).key


def _render_id(parsed: ModelName) -> str:
    """Stable id from a key: family, version, then the parts in sorted order."""
    if not parsed.parsed:
        base = slug(parsed.text) or "model"
        return f"model/{base}-{_hash(norm_name(parsed.text))}"
    fam = parsed.family.split("/", 1)[1]
    family, version, parts = parsed.key
    if version and _match_fused(parsed.family):
        head = [fam + version]
    else:
        head = [fam] + ([version] if version else [])
    pieces = [slug(p) for p in (*head, *parts)]
    return "model/" + "-".join(p for p in pieces if p)


@lru_cache(maxsize=64)
def _match_fused(family_id: str) -> bool:
    return any(fam.id == family_id and fam.regex for fam in load_rules().families)


@lru_cache(maxsize=65536)
def model_entity(name: str) -> ModelEntity | None:
    """The model a name denotes without context, as :func:`resolve_models` makes it for a
    name read alone (curated id and name where listed; the developer the curated list or the
    family gives); None for a name with nothing in it.

    >>> e = model_entity("gpt-4o-mini")
    >>> e.id, e.name, e.org
    ('model/gpt-4o-mini', 'GPT-4o mini', 'org/openai')
    """
    res = resolve_models([ModelMention(name)])
    return next(iter(res.entities.values()), None)


def model_id(name: str, rules: Rules | None = None) -> str:
    """The stable id of a model name, without context (curated ids win).

    >>> model_id("gpt-4o-mini"), model_id("Claude Sonnet 3.5"), model_id("o1 mini")
    ('model/gpt-4o-mini', 'model/claude-3-5-sonnet', 'model/o1-mini')
    """
    curated = load_curated(rules)
    hit = curated.find(name)
    if hit is not None:
        return hit.id
    return _render_id(parse_model_name(name, rules))


# ---------------------------------------------------------------- curated data


@dataclass(frozen=True, slots=True)
class CuratedModel:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    org: str | None = None
    released: str | None = None
    standalone: bool = False


@dataclass(frozen=True, slots=True)
class Curated:
    """Curated models (gazetteer + ``rules/entities/aliases.jsonl``) by name and by key."""

    models: tuple[CuratedModel, ...]
    by_norm: dict[str, CuratedModel]
    by_key: dict[Key, CuratedModel]

    def find(self, name: str) -> CuratedModel | None:
        hit = self.by_norm.get(norm_name(clean_name(name)))
        if hit is None:
            hit = self.by_key.get(model_key(name))
        return hit


def _read_entities(name: str) -> list[dict[str, Any]]:
    path = resources.files("extractor").joinpath("rules", "entities", name)
    text = path.read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def load_curated(rules: Rules | None = None) -> Curated:
    """The curated models, merged by id (aliases are united, later fields fill gaps)."""
    return _load_curated(rules or load_rules())


@per_rules
def _load_curated(rules: Rules) -> Curated:
    merged: dict[str, dict[str, Any]] = {}
    records: list[dict[str, Any]] = [
        {"id": e.id, "name": e.name, "aliases": list(e.aliases), "org": e.org} for e in rules.models
    ]
    records += _read_entities("aliases.jsonl")
    for rec in records:
        cur = merged.setdefault(rec["id"], {"id": rec["id"], "name": rec["name"], "aliases": []})
        for alias in rec.get("aliases", ()):
            if alias not in cur["aliases"]:
                cur["aliases"].append(alias)
        for k in ("org", "released", "standalone"):
            if rec.get(k) is not None and cur.get(k) is None:
                cur[k] = rec[k]
    models = tuple(
        CuratedModel(id=r["id"], name=r["name"], aliases=tuple(r["aliases"]), org=r.get("org"),
                     released=r.get("released"), standalone=bool(r.get("standalone", False)))
        for r in sorted(merged.values(), key=lambda r: r["id"])
    )
    by_norm: dict[str, CuratedModel] = {}
    by_key: dict[Key, CuratedModel] = {}
    for m in models:
        for n in (m.name, *m.aliases):
            by_norm.setdefault(norm_name(clean_name(n)), m)
        by_key.setdefault(parse_model_name(m.name, rules).key, m)
    return Curated(models, by_norm, by_key)


# ---------------------------------------------------------------- other entities


@dataclass(frozen=True, slots=True)
class Named:
    """A resolved organization, benchmark or channel."""

    id: str
    label: str
    curated: bool = False
    platform: str | None = None  # for a plan of a channel ("ChatGPT Plus"): the channel id


@lru_cache(maxsize=16)
def _index(entities: tuple[Entity, ...]) -> dict[str, Entity]:
    out: dict[str, Entity] = {}
    for e in entities:
        for n in (e.name, *e.aliases):
            out.setdefault(norm_name(clean_name(n)), e)
    return out


def _named(name: str, entities: tuple[Entity, ...], prefix: str) -> Named:
    text = clean_name(name)
    hit = _index(entities).get(norm_name(text))
    if hit is not None:
        return Named(hit.id, hit.name, curated=True)
    base = slug(text)
    if not base or norm_name(base) != norm_name(text):
        base = f"{base or prefix}-{_hash(norm_name(text))}"
    return Named(f"{prefix}/{base}", text)


def resolve_org(name: str, rules: Rules | None = None) -> Named:
    """An organization: a gazetteer id, or ``org/<slug>`` for one not listed.

    >>> resolve_org("Google DeepMind").id, resolve_org("Zeta Labs").id
    ('org/google', 'org/zeta-labs')
    """
    return _named(name, (rules or load_rules()).orgs, "org")


def resolve_benchmark(name: str, rules: Rules | None = None) -> Named:
    """A benchmark: a gazetteer id, or ``benchmark/<slug>`` for one not listed.

    >>> resolve_benchmark("MMLU Pro").id
    'benchmark/mmlu-pro'
    """
    return _named(name, (rules or load_rules()).benchmarks, "benchmark")


def resolve_channel(name: str, developer: str | None = None, rules: Rules | None = None) -> Named:
    """A channel; a generic one ("API") is qualified by the developer ("OpenAI API").

    >>> resolve_channel("ChatGPT Plus").platform, resolve_channel("the API", "OpenAI").label
    ('channel/chatgpt', 'OpenAI API')
    """
    rules = rules or load_rules()
    text = clean_name(name)
    hit = _index(rules.channels).get(norm_name(text))
    if hit is not None and hit.generic:
        if developer:
            label = f"{developer} {hit.name}"
            return Named(f"channel/{slug(label)}", label, curated=True, platform=hit.id)
        return Named(hit.id, hit.name, curated=True)
    if hit is not None:
        return Named(hit.id, hit.name, curated=True)
    low = text.casefold()
    for ch in rules.channels:
        for plan in ch.plans:
            if low == f"{ch.name} {plan}".casefold():
                return Named(f"{ch.id}-{slug(plan)}", f"{ch.name} {plan}", curated=True,
                             platform=ch.id)
    return _named(text, (), "channel")


# ---------------------------------------------------------------- models in context


@dataclass(frozen=True, slots=True)
class ModelMention:
    """One model name as read in one article."""

    name: str
    article: str | None = None  # the article's URL
    date: str | None = None  # the article's date (YYYY-MM-DD)
    org: str | None = None  # the developer, when the text names it
    launch: str | None = None  # the launch date, when this mention is a launch
    related: tuple[str, ...] = ()  # names this mention is a successor/rival of


@dataclass(frozen=True, slots=True)
class ModelEntity:
    """A canonical model: one node of the graph."""

    id: str
    name: str  # the label: curated name, else the most used spelling
    aliases: tuple[str, ...]  # every other spelling seen
    family: str
    family_name: str
    version: str | None
    variant: str | None  # the variant words as written: "mini", "Flash Lite", "Instruct"
    size: str | None  # "405B", "8x7B"
    org: str | None  # developer org id
    released: str | None  # curated release date, else the first launch date read
    curated: bool = False
    short_names: tuple[str, ...] = ()  # ambiguous names linked here in some articles
    mentions: int = 0
    key: Key = ("", "", ())


@dataclass(frozen=True, slots=True)
class Decision:
    """How one ambiguous name in one article was linked."""

    name: str
    article: str | None
    date: str | None
    chosen: str
    candidates: tuple[str, ...]
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "article": self.article, "date": self.date,
                "chosen": self.chosen, "candidates": list(self.candidates), "reason": self.reason}


@dataclass(slots=True)
class Resolution:
    """The result of :func:`resolve_models`: entities, the name -> id links, the decisions."""

    entities: dict[str, ModelEntity]
    decisions: list[Decision]
    names_before: int  # distinct spellings read
    # organizations named as developers in launch mentions, id -> label as first read
    org_labels: dict[str, str] = field(default_factory=dict)
    _by_mention: dict[tuple[str, str | None], str] = field(default_factory=dict)
    _by_name: dict[str, str] = field(default_factory=dict)
    _bases: dict[str, str] = field(default_factory=dict)

    def lookup(self, name: str, article: str | None = None) -> str:
        """The entity id for ``name`` as read in ``article``."""
        hit = self._by_mention.get((name, article))
        if hit is None:
            hit = self._by_name.get(name)
        if hit is None:
            hit = self.find(name)
        if hit is None:
            raise KeyError(name)
        return hit

    def find(self, name: str) -> str | None:
        """The entity a name (seen or not) denotes, without article context."""
        if name in self._by_name:
            return self._by_name[name]
        key = model_key(name)
        curated = load_curated().find(name)
        for ent in self.entities.values():
            if (curated and ent.id == curated.id) or ent.key == key:
                return ent.id
        norm = norm_name(clean_name(name))
        for ent in self.entities.values():
            if norm in {norm_name(a) for a in (ent.name, *ent.aliases, *ent.short_names)}:
                return ent.id
        return None

    def base_of(self, entity_id: str) -> str | None:
        """The model this one is a variant of ("GPT-4o" for "GPT-4o mini"), if read."""
        return self._bases.get(entity_id)


def fact_mentions(rows: Iterable[Mapping[str, Any]]) -> list[ModelMention]:
    """The model mentions of stored fact rows (``store.load_facts``): the fact's model, with
    its article and date, the launch's developer and date, and the models it is paired with
    (each of those a mention too). The graph and the store resolve these same mentions, so
    both name every model alike."""
    out = []
    strings: dict[str, str] = {}  # one copy of each name, URL and date, however many facts

    def one(value: Any) -> str:
        text = str(value)
        return strings.setdefault(text, text)

    for r in rows:
        model = r.get("model")
        if not model:
            continue
        model = one(model)
        art = one(r["article_url"]) if r.get("article_url") else None
        date = next((one(str(r[k])[:10]) for k in ("published", "first_seen") if r.get(k)), None)
        related = tuple(one(r[k]) for k in ("predecessor", "competitor") if r.get(k))
        launch = one(r["date"]) if r.get("type") == "launch" and r.get("date") else None
        org = one(r["org"]) if r.get("type") == "launch" and r.get("org") else None
        out.append(ModelMention(model, art, date, org, launch, related))
        for other in related:
            out.append(ModelMention(other, art, date, related=(model,)))
    return out


def _label(forms: Counter[str]) -> str:
    # the most used spelling; then one with capitals and spaces (GPT-4o mini over gpt-4o-mini)
    return min(forms, key=lambda t: (-forms[t], t.islower(), " " not in t, t))


def _pick_candidate(mention: ModelMention, candidates: list[Key], in_article: set[Key],
                    released: dict[Key, str | None], counts: Counter[Key]) -> tuple[Key, str]:
    if len(candidates) == 1:
        return candidates[0], "the only model of that name with a version"
    near = [c for c in candidates if c in in_article]
    if len(near) == 1:
        return near[0], "the only candidate named in the same article"
    pool = near or candidates
    dated = [c for c in pool if released.get(c)]
    if mention.date and dated:
        before = [c for c in dated if str(released[c]) <= mention.date]
        if before:
            best = max(before, key=lambda c: (str(released[c]), counts[c]))
            return best, f"the latest released by the article's date ({mention.date})"
        best = min(dated, key=lambda c: str(released[c]))
        return best, f"none released by the article's date ({mention.date}); the earliest"
    best = max(pool, key=lambda c: (counts[c], str(released.get(c) or "")))
    return best, "no date to decide by; the one with the most mentions"


def resolve_models(mentions: Iterable[ModelMention | Mapping[str, Any]],
                   rules: Rules | None = None) -> Resolution:
    """Link every mention to a canonical model.

    >>> r = resolve_models([ModelMention("GPT-4o mini"), ModelMention("gpt-4o-mini"),
    ...                     ModelMention("GPT-4o")])
    >>> sorted(r.entities), r.names_before
    (['model/gpt-4o', 'model/gpt-4o-mini'], 3)
    >>> r.base_of("model/gpt-4o-mini")
    'model/gpt-4o'
    """
    rules = rules or load_rules()
    curated = load_curated(rules)
    items = [m if isinstance(m, ModelMention) else ModelMention(**dict(m)) for m in mentions]
    items = [m for m in items if m.name and clean_name(m.name)]

    parsed: dict[str, ModelName] = {}
    key_of: dict[str, Key] = {}
    curated_of: dict[Key, CuratedModel] = {}
    for m in items:
        if m.name in key_of:
            continue
        p = parse_model_name(m.name, rules)
        cur = curated.find(m.name)
        key = parse_model_name(cur.name, rules).key if cur else p.key
        parsed[m.name] = parse_model_name(cur.name, rules) if cur else p
        key_of[m.name] = key
        if cur:
            curated_of.setdefault(key, cur)

    counts: Counter[Key] = Counter(key_of[m.name] for m in items)
    forms: dict[Key, Counter[str]] = {}
    for m in items:
        forms.setdefault(key_of[m.name], Counter())[clean_name(m.name)] += 1
    names_of: dict[Key, list[str]] = {}
    for name, key in key_of.items():
        names_of.setdefault(key, []).append(name)
    launches: dict[Key, list[str]] = {}
    seen: dict[Key, list[str]] = {}
    for m in items:
        if m.launch:
            launches.setdefault(key_of[m.name], []).append(m.launch)
        if m.date:
            seen.setdefault(key_of[m.name], []).append(m.date)
    released: dict[Key, str | None] = {}  # curated, else the first launch date read
    first_seen: dict[Key, str | None] = {}  # ... else the first article: to decide by date
    for key in counts:
        cur = curated_of.get(key)
        released[key] = (cur.released if cur and cur.released else None) or (
            min(launches[key]) if key in launches else None)
        first_seen[key] = released[key] or (min(seen[key]) if key in seen else None)
    related: set[frozenset[Key]] = set()
    for m in items:
        for other in m.related:
            if other in key_of:
                related.add(frozenset((key_of[m.name], key_of[other])))
            else:
                related.add(frozenset((key_of[m.name], model_key(other, rules))))

    # version-less names with versioned namesakes are ambiguous
    by_shape: dict[tuple[str, tuple[str, ...]], list[Key]] = {}
    for key in counts:
        if key[1]:
            by_shape.setdefault((key[0], key[2]), []).append(key)
    ambiguous: dict[Key, list[Key]] = {}
    for key in counts:
        fam, version, parts = key
        if version or not parts or not fam.startswith("family/"):
            continue
        cur = curated_of.get(key)
        if cur is not None and cur.standalone:
            continue
        cands = sorted(c for c in by_shape.get((fam, parts), [])
                       if frozenset((key, c)) not in related)
        if cands:
            ambiguous[key] = cands

    keys_in_article: dict[str | None, set[Key]] = {}
    for m in items:
        keys_in_article.setdefault(m.article, set()).add(key_of[m.name])

    # entities for every unambiguous key
    ids: dict[Key, str] = {}
    for key in sorted(k for k in counts if k not in ambiguous):
        cur = curated_of.get(key)
        ids[key] = cur.id if cur else _render_id(parsed[min(names_of[key])])
    seen_ids: dict[str, Key] = {}
    for key in sorted(ids):
        if ids[key] in seen_ids:  # two keys, one slug: keep both apart
            ids[key] = f"{ids[key]}-{_hash(repr(key))}"
        seen_ids[ids[key]] = key

    by_mention: dict[tuple[str, str | None], str] = {}
    by_name: dict[str, str] = {}
    decisions: dict[tuple[str, str | None], Decision] = {}
    short: dict[str, set[str]] = {}
    for m in items:
        key = key_of[m.name]
        if key not in ambiguous:
            by_name[m.name] = ids[key]
            by_mention[(m.name, m.article)] = ids[key]
            continue
        if (m.name, m.article) in decisions:
            continue
        choice, reason = _pick_candidate(m, ambiguous[key], keys_in_article.get(m.article, set()),
                                         first_seen, counts)
        chosen = ids[choice]
        by_mention[(m.name, m.article)] = chosen
        short.setdefault(chosen, set()).add(clean_name(m.name))
        decisions[(m.name, m.article)] = Decision(
            clean_name(m.name), m.article, m.date, chosen,
            tuple(ids[c] for c in ambiguous[key]), reason)

    orgs: dict[Key, Counter[str]] = {}
    for m in items:
        if m.org:
            orgs.setdefault(key_of[m.name], Counter())[resolve_org(m.org, rules).id] += 1
    fam_org = {f.id: f.org for f in rules.families}
    entities: dict[str, ModelEntity] = {}
    for key, eid in ids.items():
        cur = curated_of.get(key)
        label = cur.name if cur else _label(forms[key])
        p = parse_model_name(label, rules)
        org = (cur.org if cur and cur.org else None) or (
            orgs[key].most_common(1)[0][0] if key in orgs else fam_org.get(key[0]))
        aliases = sorted({f for f in forms[key] if f != label}
                         | {n for n in names_of[key] if n != label})
        entities[eid] = ModelEntity(
            id=eid, name=label, aliases=tuple(aliases), family=p.family, family_name=p.family_name,
            version=p.version, variant=" ".join(p.variants) or None,
            size=" ".join(p.sizes) or None, org=org, released=released.get(key),
            curated=cur is not None, short_names=tuple(sorted(short.get(eid, ()))),
            mentions=counts[key], key=key)

    # variant-of: the nearest read model with the same family and version and fewer parts
    bases: dict[str, str] = {}
    siblings: dict[tuple[str, str], list[Key]] = {}
    for key in ids:
        siblings.setdefault((key[0], key[1]), []).append(key)
    for key, eid in ids.items():
        fam, version, parts = key
        if not parts:
            continue
        best: tuple[Any, ...] | None = None
        for sib in siblings[(fam, version)]:
            oid = ids[sib]
            if sib == key:
                continue
            if len(sib[2]) >= len(parts) or Counter(sib[2]) - Counter(parts):
                continue  # not a proper sub-multiset of the parts
            kept_sizes = sum(1 for p in sib[2] if _SIZE.fullmatch(p))
            rank = (len(sib[2]), kept_sizes, oid)
            if best is None or rank[:2] > best[:2] or (rank[:2] == best[:2] and oid < best[2]):
                best = rank
        if best is not None:
            bases[eid] = best[2]

    org_labels: dict[str, str] = {}
    for m in items:
        if m.org:
            org = resolve_org(m.org, rules)
            org_labels.setdefault(org.id, org.label)
    return Resolution(entities=entities, decisions=sorted(
        decisions.values(), key=lambda d: (d.name, d.article or "")),
        names_before=len({m.name for m in items}), org_labels=org_labels,
        _by_mention=by_mention, _by_name=by_name, _bases=bases)
