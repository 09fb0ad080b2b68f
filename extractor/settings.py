"""One settings object, built once at the edge and passed down.

Defaults live in the dataclass; a TOML file overrides only the keys it sets
(``[extractor]`` table), and command-line options override both.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from types import UnionType
from typing import Any, Union, get_args, get_origin, get_type_hints

__all__ = ["DEFAULT_DB", "DEFAULT_FEEDS", "Settings", "defaults_toml", "load_settings"]

DEFAULT_DB = "sqlite:///data/extractor.db"
DEFAULT_FEEDS = "corpus/feeds.toml"


@dataclass(frozen=True, slots=True)
class Settings:
    """Every option of the pipeline, with sane defaults."""

    db: str = DEFAULT_DB  # any SQLAlchemy URL, e.g. postgresql://kb@db.example/kb
    sql_db: str | None = None  # `extractor sql`'s database, e.g. as a read-only analyst role
    sql_role: str | None = None  # PostgreSQL: `extractor sql` does SET ROLE to it first
    feeds: str = DEFAULT_FEEDS  # the feed list (TOML)
    out: str = "data/exports"  # folder of the graph exports and the HTML view
    archive: str = "data/archive"  # folder of the raw archive of fetched responses
    user_agent: str = "extractor/0.1 (+https://github.com/extractor-kb/extractor)"  # say who you are
    timeout: float = 20.0  # seconds for one socket operation (connect, one read, one write)
    deadline: float = 60.0  # seconds on the wire for one page: connect, headers, body, redirects
    # hosts, addresses or CIDR ranges that links in fetched content and redirects may reach
    # although private or loopback (the SSRF guard; docs/operations.md), e.g. ["10.0.0.0/8"]
    allow_hosts: tuple[str, ...] = ()  # private hosts/ranges fetched links may reach
    max_bytes: int = 5_000_000  # pages over this size are skipped with a reason
    max_redirects: int = 5  # redirects followed for one page
    per_host_delay: float = 1.0  # seconds between two requests to one host
    max_connections: int = 4  # requests in flight at once, all hosts together
    max_retries: int = 2  # retries of 429 / 5xx / timeouts / resets within a run
    retry_delay: float = 1.0  # first backoff within a run (seconds), doubled each retry
    max_retry_after: float = 120.0  # a longer Retry-After leaves the page for a later run
    retry_backoff: float = 3600.0  # wait before retrying a failed page on a later run, doubled per failure
    max_articles: int | None = None  # fetch at most this many new articles a run
    since: str | None = None  # only articles published on or after this day (YYYY-MM-DD)
    batch_size: int = 16  # articles extracted and stored together
    workers: int = 1  # processes that extract a batch (each loads the pipelines once); 2 uses both cores of a 2-core machine
    executor: str = "local"  # where batches are extracted: local (processes here) or dask (a Dask cluster; the dask extra)
    scheduler: str | None = None  # dask: the scheduler's address (tcp://host:8786); none starts a local cluster of `workers` processes
    max_text_chars: int = 100_000  # a longer main text is cut at a paragraph or sentence end, with a reason
    lang: str = "auto"  # language of the inputs: auto (detected per page), en or fr
    whole_archive: bool = False  # reprocess: a database that fetched nothing takes every archived page
    progress: bool = True  # a progress line on a terminal (never under cron)


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


def defaults_toml() -> str:
    """Every setting with its default and its comment, as the ``[extractor]`` table of a
    settings file (the operations guide shows this text; a test keeps the two the same).

    >>> print(defaults_toml().splitlines()[1])
    db = "sqlite:///data/extractor.db"       # any SQLAlchemy URL, e.g. postgresql://kb@db.example/kb
    """
    import inspect
    import json

    comments = {}
    for line in inspect.getsource(Settings).splitlines():
        m = re.match(r"\s+(\w+): [^=]+=.*?#\s*(.+)$", line)
        if m:
            comments[m.group(1)] = m.group(2)
    lines = ["[extractor]"]
    for f in fields(Settings):
        value = f.default
        if value is None:
            text = "# unset by default"
        elif isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, tuple):
            text = json.dumps(list(value))
        else:
            text = json.dumps(value)
        entry = f"{f.name} = {text}" if value is not None else f"# {f.name} = ..."
        note = comments.get(f.name)
        lines.append(f"{entry:<40} # {note}" if note else entry)
    return "\n".join(lines) + "\n"
