"""Per-host politeness: one request at a time per host, spaced by a delay."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["HostThrottle"]


class HostThrottle:
    """Hands out one slot per host at a time, ``delay`` seconds after the previous one ended.

    >>> throttle = HostThrottle()
    >>> with throttle.slot("a.example", 0.0):
    ...     pass
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self._clock = clock
        self._sleep = sleep
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._free_at: dict[str, float] = {}

    def _lock(self, host: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(host, threading.Lock())

    @contextmanager
    def slot(self, host: str, delay: float) -> Iterator[None]:
        """Wait for ``host`` to be free and ``delay`` seconds past its last request, then hold it."""
        lock = self._lock(host)
        with lock:
            wait = self._free_at.get(host, 0.0) - self._clock()
            if wait > 0:
                self._sleep(wait)
            try:
                yield
            finally:
                later = self._clock() + max(delay, 0.0)
                self._free_at[host] = max(self._free_at.get(host, 0.0), later)

    def pause(self, host: str, seconds: float) -> None:
        """Keep ``host`` free of requests for ``seconds`` more (a Retry-After)."""
        with self._guard:
            self._free_at[host] = max(self._free_at.get(host, 0.0), self._clock() + seconds)
