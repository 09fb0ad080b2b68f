"""Small shared pieces of the store: errors, clocks, text hygiene, chunking."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

__all__ = [
    "QueryError",
    "StoreError",
    "chunks",
    "clean_json",
    "clean_text",
    "is_day",
    "to_instant",
    "utc_now",
]

T = TypeVar("T")

_SURROGATE = re.compile("[\ud800-\udfff]")
_DAY = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")


class StoreError(Exception):
    """A database that cannot be opened, created or upgraded; the message says why."""


class QueryError(StoreError):
    """A read-only query that failed or was refused; the message says why."""


def utc_now() -> str:
    """The current instant as stored: ``YYYY-MM-DDTHH:MM:SSZ`` (UTC)."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def to_instant(value: str | dt.datetime | None) -> str:
    """An instant as stored; naive datetimes are taken as UTC; None is now.

    >>> to_instant(dt.datetime(2024, 7, 18, 9, 30))
    '2024-07-18T09:30:00Z'
    >>> to_instant("2024-07-18T09:30:00Z")
    '2024-07-18T09:30:00Z'
    """
    if value is None:
        return utc_now()
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def is_day(value: Any, *, month_ok: bool = False) -> bool:
    """True for a valid ``YYYY-MM-DD`` (or ``YYYY-MM`` where ``month_ok``).

    >>> is_day("2024-07-18"), is_day("2024-07"), is_day("2024-07", month_ok=True)
    (True, False, True)
    >>> is_day("2024-02-30")
    False
    """
    if not isinstance(value, str) or not _DAY.match(value):
        return False
    if len(value) == 7:
        return month_ok
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def clean_text(value: str) -> str:
    """Text that every database accepts, with the same length (offsets stay valid).

    NUL (refused by PostgreSQL) and lone surrogates (not encodable in UTF-8) become U+FFFD.

    >>> clean_text("a\\x00b\\udc80") == "a\\ufffdb\\ufffd"
    True
    """
    if "\x00" in value:
        value = value.replace("\x00", "\ufffd")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = _SURROGATE.sub("\ufffd", value)
    return value


def clean_json(value: Any) -> Any:
    """A JSON-safe copy: clean strings, finite numbers, lists and string-keyed dicts."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, bool) or value is None or isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {clean_text(str(k)): clean_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [clean_json(v) for v in value]
    return clean_text(json.dumps(value, default=str).strip('"'))


def chunks(items: Iterable[T], size: int) -> Iterator[Sequence[T]]:
    """Consecutive lists of at most ``size`` items.

    >>> [list(c) for c in chunks(range(5), 2)]
    [[0, 1], [2, 3], [4]]
    """
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
