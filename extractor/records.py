"""Plain records passed between the stages. Standard library only.

Every stage takes and returns these; none of them carries a spaCy ``Doc``, an
SQLAlchemy row or an HTTP response, so a stage can run alone, in a batch or in
another process, and its output can be written as JSON lines and read back.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = [
    "CHANGES",
    "FACT_TYPES",
    "PRICE_KINDS",
    "QUALIFIERS",
    "STATUSES",
    "Article",
    "Evidence",
    "Extraction",
    "Fact",
    "Page",
    "Table",
    "article_id",
    "content_hash",
]

#: The ten fact types of the fact contract, in the contract's order.
FACT_TYPES: tuple[str, ...] = (
    "launch",
    "price",
    "benchmark",
    "context_window",
    "max_output",
    "knowledge_cutoff",
    "parameters",
    "availability",
    "successor",
    "competitor",
)

#: The fields each fact type carries besides ``model`` (FACTS.md).
FACT_FIELDS: dict[str, tuple[str, ...]] = {
    "launch": ("org", "date"),
    "price": ("direction", "amount", "currency", "per_tokens"),
    "benchmark": ("benchmark", "score"),
    "context_window": ("tokens",),
    "max_output": ("tokens",),
    "knowledge_cutoff": ("date",),
    "parameters": ("count",),
    "availability": ("channel", "date"),
    "successor": ("predecessor",),
    "competitor": ("competitor",),
}

#: Fields outside the contract that qualify a fact (``extract/qualifiers.py``): a price's kind
#: (list, cached_input, cache_write, batch, discounted, fine_tuned), its tier and whether it is
#: the old or new price of a change; an availability's status (available, preview, announced,
#: withdrawn). Absent means the default: a list price, an available model.
QUALIFIERS: dict[str, tuple[str, ...]] = {
    "price": ("kind", "tier", "change"),
    "availability": ("status",),
}
#: The kinds of price, the first being the default.
PRICE_KINDS: tuple[str, ...] = ("list", "cached_input", "cache_write", "batch", "discounted",
                                "fine_tuned")
#: The statuses of an availability, the first being the default.
STATUSES: tuple[str, ...] = ("available", "preview", "announced", "withdrawn")
#: The two prices of a change.
CHANGES: tuple[str, ...] = ("old", "new")


def content_hash(text: str) -> str:
    """Stable hash of an article's text.

    >>> content_hash("abc") == content_hash("abc")
    True
    """
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def article_id(url: str) -> str:
    """Deterministic article id from its canonical URL.

    >>> article_id("https://a.example/x").startswith("article:")
    True
    """
    return "article:" + hashlib.sha1(url.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Page:
    """One fetched resource, as received."""

    source: str  # the path or URL as given
    url: str  # the final URL after redirects (file:// for local files)
    content: bytes
    status: int = 200
    content_type: str | None = None
    encoding: str | None = None  # charset declared by the transport, if any
    fetched_at: str | None = None  # ISO 8601, UTC


@dataclass(frozen=True, slots=True)
class Table:
    """An HTML table: header cells and body rows, as plain strings."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""


@dataclass(frozen=True, slots=True)
class Article:
    """The main text and metadata of a page, as the extractor sees it."""

    source: str
    url: str
    text: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    published_from: str | None = None  # where the date came from: meta, json-ld, url, byline, feed
    language: str | None = None
    tables: tuple[Table, ...] = ()
    flags: tuple[str, ...] = ()  # e.g. "javascript-only", "paywall"

    @property
    def id(self) -> str:
        return article_id(self.url)

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "url": self.url,
            "title": self.title,
            "published": self.published,
            "published_from": self.published_from,
            "language": self.language,
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact was read: the sentence and its offsets in ``Article.text``."""

    sentence: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Fact:
    """One fact in the shape of the fact contract.

    ``data`` holds the fields of the type (see ``FACT_FIELDS``).
    """

    type: str
    model: str
    data: dict[str, Any]
    evidence: Evidence
    confidence: float = 0.8
    rule: str = ""

    def key(self) -> tuple[Any, ...]:
        """What makes two facts the same fact (evidence aside)."""
        norm = tuple(sorted((k, str(v)) for k, v in self.data.items()))
        return (self.type, self.model.casefold(), norm)

    def to_dict(self, source: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if source is not None:
            out["source"] = source
        out["type"] = self.type
        out["model"] = self.model
        for name in FACT_FIELDS[self.type]:
            out[name] = self.data.get(name)
        for name in QUALIFIERS.get(self.type, ()):  # outside the contract: the scorer ignores them
            if self.data.get(name) is not None:
                out[name] = self.data[name]
        out["evidence"] = asdict(self.evidence)
        out["confidence"] = round(self.confidence, 3)
        out["rule"] = self.rule
        return out


@dataclass(frozen=True, slots=True)
class Extraction:
    """The facts found in one article, with the model names it mentions."""

    article: Article
    facts: tuple[Fact, ...] = ()
    models: tuple[str, ...] = field(default=())  # every model name mentioned
    orgs: dict[str, str] = field(default_factory=dict)  # model name -> developer, where known
