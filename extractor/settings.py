"""One settings object, built once at the edge and passed down.

Defaults live in the dataclass; a TOML file overrides only the keys it sets
(``[extractor]`` table), and command-line options override both.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from types import UnionType
from typing import Any, Union, get_args, get_origin, get_type_hints

__all__ = ["DEFAULT_DB", "DEFAULT_FEEDS", "Settings", "load_settings"]

DEFAULT_DB = "sqlite:///data/extractor.db"
DEFAULT_FEEDS = "corpus/feeds.toml"


@dataclass(frozen=True, slots=True)
class Settings:
    """Every option of the pipeline, with sane defaults."""

    db: str = DEFAULT_DB
    sql_db: str | None = None  # `extractor sql`'s database, e.g. as a read-only analyst role
    sql_role: str | None = None  # PostgreSQL: `extractor sql` does SET ROLE to it first
    feeds: str = DEFAULT_FEEDS
    out: str = "data/exports"
    archive: str = "data/archive"
    user_agent: str = "extractor/0.1 (+https://github.com/extractor-kb/extractor)"
    timeout: float = 20.0  # seconds for one socket operation (connect, one read, one write)
    deadline: float = 60.0  # seconds on the wire for one page: connect, headers, body, redirects
    # hosts, addresses or CIDR ranges that links in fetched content and redirects may reach
    # although private or loopback (the SSRF guard; docs/operations.md), e.g. ["10.0.0.0/8"]
    allow_hosts: tuple[str, ...] = ()
    max_bytes: int = 5_000_000  # pages over this size are skipped with a reason
    max_redirects: int = 5
    per_host_delay: float = 1.0  # seconds between two requests to one host
    max_connections: int = 4  # requests in flight at once, all hosts together
    max_retries: int = 2  # retries of 429 / 5xx / timeouts / resets within a run
    retry_delay: float = 1.0  # first backoff within a run (seconds), doubled each retry
    max_retry_after: float = 120.0  # a longer Retry-After leaves the page for a later run
    retry_backoff: float = 3600.0  # wait before retrying a failed page on a later run, doubled per failure
    max_articles: int | None = None
    since: str | None = None
    batch_size: int = 16
    max_text_chars: int = 100_000  # a longer main text is cut at a paragraph or sentence end, with a reason
    lang: str = "auto"
    whole_archive: bool = False  # reprocess: a database that fetched nothing takes every archived page
    progress: bool = True


def load_settings(path: str | Path | None = None, **overrides: Any) -> Settings:
    """Defaults, then the ``[extractor]`` table of a TOML file, then ``overrides`` (None ignored).

    >>> load_settings(db="sqlite://").db
    'sqlite://'
    """
    settings = Settings()
    known = {f.name for f in fields(Settings)}
    if path is not None:
        try:
            document = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ValueError(f"{path}: not valid TOML: {exc}") from exc
        data = document.get("extractor", {})
        others = [key for key in document if key != "extractor"]
        problems = [f"[{key}] is not a settings table (settings go under [extractor])"
                    if isinstance(document[key], dict) or key not in known else
                    f"{key} = ... is outside the [extractor] table (settings go under [extractor])"
                    for key in others]
        problems += [f"{key}: no such setting" for key in sorted(set(data) - known)]
        problems += [problem for key, value in data.items() if key in known
                     if (problem := _type_problem(key, value))]
        if problems:
            raise ValueError(f"{path}:\n  " + "\n  ".join(problems))
        data = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
        settings = replace(settings, **data)
    given = {k: v for k, v in overrides.items() if v is not None}
    unknown = set(given) - known
    if unknown:
        raise ValueError(f"unknown settings: {', '.join(sorted(unknown))}")
    return replace(settings, **given)


def _type_problem(key: str, value: Any) -> str | None:
    """What is wrong with ``value`` for the setting ``key``, in one line (None when right).

    >>> _type_problem("per_host_delay", "fast")
    "per_host_delay = 'fast': expected a number (e.g. 1.0)"
    >>> _type_problem("max_articles", 30) is None
    True
    """
    hint = _HINTS[key]
    kinds = set(get_args(hint)) if get_origin(hint) in (Union, UnionType) else {hint}
    if type(None) in kinds and value is None:
        return None
    kinds.discard(type(None))
    kind = next(iter(kinds))
    if get_origin(kind) is tuple:
        ok, wanted = isinstance(value, list) and all(isinstance(v, str) for v in value), \
            'a list of strings (e.g. ["10.0.0.0/8"])'
    elif kind is bool:
        ok, wanted = isinstance(value, bool), "true or false"
    elif kind is float:
        ok, wanted = isinstance(value, int | float) and not isinstance(value, bool), "a number (e.g. 1.0)"
    elif kind is int:
        ok, wanted = isinstance(value, int) and not isinstance(value, bool), "a whole number (e.g. 30)"
    else:
        ok, wanted = isinstance(value, str), "a string (in quotes)"
    return None if ok else f"{key} = {value!r}: expected {wanted}"


_HINTS = get_type_hints(Settings)
