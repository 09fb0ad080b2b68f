"""The crawler's sockets: a deadline over every read and write, the guard at connect time.

httpx's timeouts bound each socket operation, so a server that sends one byte a second
never trips them. Here every connect, read, write and TLS handshake made inside a
``scope(deadline, guard)`` is bounded by what is left of the deadline, and raises
``DeadlineExceeded`` once it is gone. With a guard in the scope, the host is resolved here
and the connection goes to an address the guard checked, so a name cannot resolve to a
public address for the check and to a private one for the connection.

The scope is a context variable: httpx's sync client does its I/O in the calling thread, and a
pooled connection reused by a later request obeys that request's scope.
"""

from __future__ import annotations

import contextvars
import ssl
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpcore
import httpx

from .guard import Refused, UrlGuard

__all__ = ["DeadlineExceeded", "guarded_transport", "scope"]


class DeadlineExceeded(Exception):  # noqa: N818 - named after what happened
    """The whole-request deadline passed during a connect, read or write."""


@dataclass(frozen=True, slots=True)
class _Scope:
    deadline: float | None  # a time.monotonic() value
    guard: UrlGuard | None


_SCOPE: contextvars.ContextVar[_Scope | None] = contextvars.ContextVar("crawl_scope",
                                                                      default=None)


@contextmanager
def scope(deadline: float | None, guard: UrlGuard | None) -> Iterator[None]:
    """Bound the I/O of the block by ``deadline`` (monotonic); check connections with ``guard``."""
    token = _SCOPE.set(_Scope(deadline, guard))
    try:
        yield
    finally:
        _SCOPE.reset(token)


def _bounded(timeout: float | None) -> tuple[float | None, bool]:
    """(the timeout to use, whether the deadline is what bounds it)."""
    current = _SCOPE.get()
    if current is None or current.deadline is None:
        return timeout, False
    left = current.deadline - time.monotonic()
    if left <= 0:
        raise DeadlineExceeded("deadline passed")
    if timeout is None or left < timeout:
        return left, True
    return timeout, False


class _Stream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        bounded, by_deadline = _bounded(timeout)
        try:
            return self._inner.read(max_bytes, bounded)
        except httpcore.TimeoutException as exc:
            if by_deadline:
                raise DeadlineExceeded("deadline passed while reading") from exc
            raise

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        bounded, by_deadline = _bounded(timeout)
        try:
            self._inner.write(buffer, bounded)
        except httpcore.TimeoutException as exc:
            if by_deadline:
                raise DeadlineExceeded("deadline passed while writing") from exc
            raise

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        bounded, by_deadline = _bounded(timeout)
        try:
            return _Stream(self._inner.start_tls(ssl_context, server_hostname, bounded))
        except httpcore.TimeoutException as exc:
            if by_deadline:
                raise DeadlineExceeded("deadline passed during the TLS handshake") from exc
            raise

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _Backend(httpcore.SyncBackend):
    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        current = _SCOPE.get()
        targets = [host]
        if current is not None and current.guard is not None:
            targets = current.guard.check_host(host, port)  # raises Refused
        failure: Exception | None = None
        for target in targets:
            bounded, by_deadline = _bounded(timeout)
            try:
                stream = super().connect_tcp(target, port, bounded, local_address,
                                             socket_options)
            except httpcore.ConnectTimeout as exc:
                if by_deadline:
                    raise DeadlineExceeded("deadline passed while connecting") from exc
                failure = exc
            except httpcore.ConnectError as exc:
                failure = exc
            else:
                return _Stream(stream)
        assert failure is not None  # noqa: S101 - targets is never empty
        raise failure


def guarded_transport() -> httpx.HTTPTransport:
    """An ``httpx.HTTPTransport`` whose connections obey the current ``scope``.

    Connections go direct: proxies from the environment are not used, since the guard
    must see the address the crawler connects to.
    """
    transport = httpx.HTTPTransport(trust_env=False)
    # httpx 0.28 has no public way to hand httpcore a network backend; the pool reads this
    # attribute each time it opens a connection (httpx and httpcore are pinned)
    transport._pool._network_backend = _Backend()  # type: ignore[attr-defined]  # noqa: SLF001
    return transport

