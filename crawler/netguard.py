"""Where a crawl may go: the pure decision behind the redirect guard.

A municipal site we crawl is not trusted: a compromised or misconfigured CMS can answer
``302 Location: http://127.0.0.1:8080/admin`` or link to ``http://169.254.169.254/`` and, without a
guard, we would fetch (and archive) whatever our own network serves there. So every request leaving
a *public* source, each redirect hop included, is checked before it is sent:

* only ``http`` and ``https`` schemes;
* no address that is loopback, private, link-local, reserved, multicast or unspecified (an IPv4
  address mapped into IPv6 counts as itself), after resolving the host name.

``trusted_networks`` (a setting: comma-separated CIDRs) are treated as *public* addresses. The
bundled sample web lives on 127.0.0.8/29 and sets it, so the sample sites behave exactly like
public sites: a redirect from them to 127.0.0.1 is refused like a real site's would be.

A source that is itself private (an intranet host, not in a trusted network) may reach private
addresses. A registry source flagged ``trusted: true`` (the sample web's sources) is one allowed to
*live* on a private address: the middleware adds its own start hosts to the trusted networks, so it
counts as public and gets no exemption: a trusted source redirecting to 127.0.0.1 is refused like any
public site. Known limit: we resolve the name here and Twisted resolves it again when connecting;
a DNS answer that changes in between (rebinding) is not caught. Hosts in the registry are few and
stable, and the playwright path re-checks every browser request.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from functools import lru_cache
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str], list[str]]

ALLOWED_SCHEMES = ("http", "https")


def parse_networks(value: str | Iterable[str | IPNetwork] | None) -> tuple[IPNetwork, ...]:
    """"127.0.0.8/29, 10.1.0.0/16" -> networks; raises ValueError naming a bad entry."""
    if not value:
        return ()
    items = value.split(",") if isinstance(value, str) else list(value)
    networks = []
    for item in items:
        if isinstance(item, (ipaddress.IPv4Network, ipaddress.IPv6Network)):
            networks.append(item)
            continue
        item = item.strip()
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError as exc:
            raise ValueError(f"trusted_networks: {item!r} is not a network (e.g. 127.0.0.8/29)") from exc
    return tuple(networks)


def system_resolve(host: str) -> list[str]:
    """Every address ``host`` resolves to ([] when it does not resolve)."""
    return list(_resolve_cached(host))


@lru_cache(maxsize=1024)
def _resolve_cached(host: str) -> tuple[str, ...]:
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, OSError):
        return ()
    return tuple(sorted({info[4][0] for info in infos}))


def _addresses(host: str, resolve: Resolver) -> list[IPAddress]:
    host = host.strip("[]")
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    result = []
    for text in resolve(host):
        try:
            result.append(ipaddress.ip_address(text.split("%", 1)[0]))
        except ValueError:
            continue
    return result


def address_kind(address: IPAddress, trusted: tuple[IPNetwork, ...] = ()) -> str | None:
    """Why ``address`` is not public ("loopback", "private", ...), or None when it is."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if any(address.version == net.version and address in net for net in trusted):
        return None
    for kind in ("loopback", "link_local", "multicast", "unspecified", "reserved", "private"):
        if getattr(address, f"is_{kind}"):
            return kind.replace("_", "-")
    if not address.is_global:
        return "non-global"
    return None


def host_is_public(host: str, trusted: tuple[IPNetwork, ...] = (), resolve: Resolver = system_resolve) -> bool:
    """True when every address of ``host`` is public (or trusted); unresolvable names count as public."""
    addresses = _addresses(host, resolve)
    return all(address_kind(a, trusted) is None for a in addresses)


def is_refused(source: str | bool, target_url: str, trusted_networks: str | Iterable[str | IPNetwork] | None = None,
               resolve: Resolver = system_resolve) -> str | None:
    """The reason a request to ``target_url`` made for ``source`` must not be sent, or ``None``.

    ``source`` is the source's start URL (its address decides whether the source is public) or a
    boolean saying so directly: ``True`` for a public source (the address check applies), ``False``
    for an intranet source (only the scheme is checked). A name that does not resolve is not refused
    here: the download then fails as unreachable.
    """
    trusted = parse_networks(trusted_networks)
    try:
        parts = urlsplit(target_url)
        host = parts.hostname
    except ValueError:
        return f"unparseable URL {target_url!r}"
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        return f"scheme {parts.scheme or '(none)'!r} is not http(s)"
    if not host:
        return "URL has no host"
    if source is False:
        return None
    if isinstance(source, str):
        source_host = urlsplit(source).hostname or ""
        if source_host and not host_is_public(source_host, trusted, resolve):
            return None  # an intranet source may reach its own network
    for address in _addresses(host, resolve):
        kind = address_kind(address, trusted)
        if kind:
            return f"{host} resolves to {kind} address {address} (from a public source)"
    return None
