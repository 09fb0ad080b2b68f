"""Which URLs a link found in fetched content may lead to (the SSRF guard).

A feed, a sitemap or a redirect is written by a stranger. What it points to is followed only
when it is an http(s) URL whose host resolves to public addresses, every one of them:
loopback, private, shared (CGNAT), link-local, multicast, reserved and unspecified
addresses are refused, and so are the cloud metadata endpoints. ``UrlGuard.allow`` names
the exceptions the operator wants (host names, addresses or CIDR ranges); a metadata
address is only let through when it is named exactly, never by a range that contains it.

The check is pure over addresses (``address_refusal``); ``UrlGuard.refusal`` resolves the
host first, with a resolver that can be swapped.

>>> guard = UrlGuard.build(["intranet.example", "10.1.0.0/16"])
>>> guard.address_refusal("10.1.2.3") is None, guard.address_refusal("10.2.0.1")
(True, 'a private address (10.2.0.1)')
>>> guard.refusal("http://169.254.169.254/latest/meta-data/")
'refused: the host is a cloud metadata address (169.254.169.254)'
>>> guard.refusal("http://intranet.example/")  # allowed by name, not resolved
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = ["METADATA_ADDRESSES", "Refused", "UrlGuard", "address_refusal", "resolve"]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

METADATA_ADDRESSES = frozenset({
    ipaddress.ip_address("169.254.169.254"),  # AWS, GCP, Azure, OpenStack, DigitalOcean
    ipaddress.ip_address("fd00:ec2::254"),  # AWS over IPv6
    ipaddress.ip_address("100.100.100.200"),  # Alibaba Cloud
})


def _plain(address: IPAddress) -> IPAddress:
    """The IPv4 address inside an IPv4-mapped or NAT64 IPv6 address, else the address."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address in ipaddress.ip_network("64:ff9b::/96"):
            return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address


def address_refusal(address: str | IPAddress) -> str | None:
    """Why ``address`` may not be reached from fetched content, or None when it is public.

    >>> address_refusal("93.184.215.14") is None
    True
    >>> for a in ("127.0.0.1", "::ffff:10.0.0.1", "fe80::1", "0.0.0.0"):
    ...     print(address_refusal(a))
    a loopback address (127.0.0.1)
    a private address (10.0.0.1)
    a link-local address (fe80::1)
    an unspecified address (0.0.0.0)
    """
    ip = _plain(ipaddress.ip_address(address) if isinstance(address, str) else address)
    if ip in METADATA_ADDRESSES:
        kind = "a cloud metadata address"
    elif ip.is_unspecified:
        kind = "an unspecified address"
    elif ip.is_loopback:
        kind = "a loopback address"
    elif ip.is_link_local:
        kind = "a link-local address"
    elif ip.is_multicast:
        kind = "a multicast address"
    elif ip.is_reserved:
        kind = "a reserved address"
    elif ip.is_private or not ip.is_global:  # not global: 100.64.0.0/10 (shared, CGNAT)
        kind = "a private address"
    else:
        return None
    return f"{kind} ({ip})"


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (the system resolver); raises ``OSError``."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]).split("%")[0] for info in infos))


@dataclass(frozen=True, slots=True)
class UrlGuard:
    """The guard with the operator's exceptions: host names and networks that may be reached."""

    names: frozenset[str] = frozenset()
    networks: tuple[IPNetwork, ...] = ()
    resolver: Callable[[str, int], list[str]] = resolve

    @classmethod
    def build(cls, allow: Iterable[str] = (),
              resolver: Callable[[str, int], list[str]] = resolve) -> UrlGuard:
        """From the ``allow_hosts`` setting: each item a host name, an address or a CIDR range."""
        names: set[str] = set()
        networks: list[IPNetwork] = []
        for item in allow:
            text = str(item).strip().lower().strip("[]")
            if not text:
                continue
            try:
                networks.append(ipaddress.ip_network(text, strict=False))
            except ValueError:
                names.add(text.rstrip("."))
        return cls(frozenset(names), tuple(networks), resolver)

    def _allowed(self, ip: IPAddress) -> bool:
        ip = _plain(ip)
        for net in self.networks:
            if ip.version != net.version or ip not in net:
                continue
            # a metadata endpoint passes only when named exactly, never inside a range
            if ip not in METADATA_ADDRESSES or net.num_addresses == 1:
                return True
        return False

    def address_refusal(self, address: str) -> str | None:
        """``address_refusal`` with this guard's allowed networks taken out."""
        reason = address_refusal(address)
        if reason is None or self._allowed(ipaddress.ip_address(address)):
            return None
        return reason

    def host_allowed(self, host: str) -> bool:
        return host.lower().rstrip(".") in self.names

    def check_host(self, host: str, port: int) -> list[str]:
        """The addresses of ``host`` when all may be reached; raise ``Refused`` otherwise."""
        host = host.strip("[]")
        if self.host_allowed(host):
            return [host]  # named by the operator: whatever it resolves to
        try:
            literal = ipaddress.ip_address(host.split("%")[0])
        except ValueError:
            literal = None
        if literal is not None:
            addresses = [str(literal)]
        else:
            try:
                addresses = self.resolver(host, port)
            except (OSError, UnicodeError) as exc:
                raise Refused(f"cannot resolve {host} ({exc})", transient=True) from exc
            if not addresses:
                raise Refused(f"cannot resolve {host} (no address)", transient=True)
        for address in addresses:
            reason = self.address_refusal(address)
            if reason is not None:
                where = "the host is" if literal is not None else f"{host} resolves to"
                raise Refused(f"refused: {where} {reason}")
        return addresses

    def refusal(self, url: str) -> str | None:
        """Why ``url`` (from fetched content) may not be fetched, or None when it may."""
        try:
            parts = urlsplit(url)
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as exc:
            return f"refused: malformed URL ({exc})"
        if parts.scheme not in ("http", "https"):
            return f"refused: a {parts.scheme or 'relative'}: link in fetched content " \
                   "(only http and https are followed)"
        if not parts.hostname:
            return "refused: no host in the URL"
        try:
            self.check_host(parts.hostname, port)
        except Refused as exc:
            return str(exc)
        return None


class Refused(Exception):  # noqa: N818 - a refusal, not an error of ours
    """A connection the guard does not allow; ``transient`` when the host did not resolve."""

    def __init__(self, message: str, *, transient: bool = False) -> None:
        super().__init__(message)
        self.transient = transient
