"""Downloader middlewares: the network guard, the wire recorder, an honest HTTP cache.

``NetGuardMiddleware`` (priority 650, between the redirect middleware at 600 and the cache at 900)
applies :func:`crawler.netguard.is_refused` twice (the trusted networks are the setting's, plus the
own start hosts of a registry source flagged ``trusted``, see :func:`source_networks`):

* on every 3xx answer, to its ``Location`` target, *before* Scrapy's redirect middleware turns it
  into a new request. This is where a redirect into 127.0.0.1 or to ``file:`` is caught, and it must
  be here: Scrapy's offsite filter would otherwise drop an off-site redirect silently at scheduling
  time, and no fetch row would say that a site tried;
* on every request before it is sent (each redirect hop, robots.txt, start URLs), for names that
  resolve to private addresses.

A refusal raises :class:`RefusedRequest`; the spider's errback turns it into a ``refused_redirect``
fetch row naming the source, the URL and the reason. The request is never sent.

``WireMiddleware`` (priority 950, the closest to the network, below the HTTP cache) writes what
really happened on the wire into ``request.meta``: ``wire_status`` (e.g. 304 when the cache then
answers with the stored body), ``wire_bytes`` (body bytes received) and ``wire_ms``; on a download
error, ``wire_error`` (should anything answer with a stored copy after it, that copy must not pass
for a fresh answer). Fetch rows and ``crawl_runs.bytes_received`` are built from these, so the
recrawl statistics count the network, not the cache.

``HonestCacheMiddleware`` and ``HonestCachePolicy`` replace Scrapy's cache middleware and RFC 2616
policy with two changes: no "error recovery" (a timeout is not answered with the stored copy) and
a 5xx does not validate the stored copy. Only a 304 does.

``SafeRobotsTxtMiddleware`` replaces Scrapy's robots.txt middleware. In Scrapy 2.19 every request
that arrives while a host's robots.txt is downloading awaits one shared Deferred; Twisted's
``asFuture`` consumes its result, so the second and later waiters get ``None``, which Scrapy reads
as "no robots.txt": their disallowed URLs are fetched. Each waiter here gets its own Deferred.

Playwright (``js`` sources) bypasses downloader middlewares for the browser's own sub-requests;
:class:`BrowserGuard` is installed as ``PLAYWRIGHT_ABORT_REQUEST`` to apply the same rule there (and
to skip images, fonts and media, which we never need).
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
import time
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy.downloadermiddlewares.httpcache import HttpCacheMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred
from scrapy.exceptions import IgnoreRequest
from scrapy.extensions.httpcache import RFC2616Policy
from scrapy.http import Request, Response
from w3lib.url import safe_url_string

from crawler.netguard import is_refused, parse_networks

logger = logging.getLogger(__name__)

TRUSTED_NETWORKS_SETTING = "MUNIWATCH_TRUSTED_NETWORKS"


class RefusedRequest(IgnoreRequest):
    """A request (or redirect) the network guard will not send."""

    def __init__(self, reason: str, target: str):
        super().__init__(reason)
        self.refused_reason = reason
        self.target = target


class _Resolver:
    """Non-blocking, cached name resolution on the asyncio loop Scrapy runs on."""

    def __init__(self) -> None:
        self.cache: dict[str, list[str]] = {}

    async def resolve(self, host: str | None) -> None:
        if not host or host in self.cache:
            return
        try:
            ipaddress.ip_address(host.strip("[]"))
            return
        except ValueError:
            pass
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
            self.cache[host] = sorted({info[4][0] for info in infos})
        except (socket.gaierror, UnicodeError, OSError):
            self.cache[host] = []

    def lookup(self, host: str) -> list[str]:
        return self.cache.get(host, [])


def source_flag(source: Any) -> str | bool:
    """What ``is_refused`` needs to know about a source: its start URL (public unless it is not)."""
    urls = list(getattr(source, "start_urls", []) or [])
    return urls[0] if urls else True


def source_networks(source: Any, trusted_setting: str, resolve: Any) -> tuple:
    """The trusted networks for one source: the setting's, plus, for a registry source flagged
    ``trusted``, the addresses of its own start hosts (it may live on loopback, and counts as public)."""
    networks = list(parse_networks(trusted_setting))
    if getattr(source, "trusted", False):
        for url in getattr(source, "start_urls", []) or []:
            host = (urlsplit(url).hostname or "").strip("[]")
            try:
                addresses = [ipaddress.ip_address(host)]
            except ValueError:
                addresses = [ipaddress.ip_address(a.split("%", 1)[0]) for a in resolve(host)]
            networks.extend(ipaddress.ip_network(a) for a in addresses)
    return tuple(networks)


async def _source_networks(source: Any, trusted_setting: str, resolver: "_Resolver") -> tuple:
    for url in getattr(source, "start_urls", []) or []:
        await resolver.resolve(urlsplit(url).hostname)
    return source_networks(source, trusted_setting, resolver.lookup)


class NetGuardMiddleware:
    def __init__(self, crawler: Any):
        self.crawler = crawler
        self.trusted_setting = crawler.settings.get(TRUSTED_NETWORKS_SETTING, "") or ""
        parse_networks(self.trusted_setting)  # a bad setting fails the crawl at start, not per request
        self.trusted: tuple | None = None
        self.resolver = _Resolver()

    @classmethod
    def from_crawler(cls, crawler: Any) -> "NetGuardMiddleware":
        return cls(crawler)

    async def _reason(self, target: str) -> str | None:
        source = getattr(self.crawler.spider, "source", None)
        if self.trusted is None:
            self.trusted = await _source_networks(source, self.trusted_setting, self.resolver)
        flag = source_flag(source)
        for url in (target, flag if isinstance(flag, str) else None):
            if url:
                try:
                    await self.resolver.resolve(urlsplit(url).hostname)
                except ValueError:
                    pass
        return is_refused(flag, target, self.trusted, resolve=self.resolver.lookup)

    def _refuse(self, request: Request, target: str, reason: str) -> RefusedRequest:
        self.crawler.stats.inc_value("muniwatch/refused")
        source = getattr(self.crawler.spider, "source", None)
        logger.warning("refused %s -> %s for source %s: %s", request.url, target,
                       getattr(source, "id", "?"), reason)
        return RefusedRequest(reason, target)

    async def process_request(self, request: Request) -> None:
        reason = await self._reason(request.url)
        if reason:
            hops = request.meta.get("redirect_urls") or []
            raise self._refuse(request, request.url, f"{reason}" + (f" (redirected from {hops[-1]})" if hops else ""))
        return None

    async def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get("Location")
        if response.status in (301, 302, 303, 307, 308) and location:
            raw = location.decode("latin-1").strip()
            if raw.startswith("//"):
                raw = urlsplit(request.url).scheme + ":" + raw
            target = urljoin(request.url, safe_url_string(raw))
            reason = await self._reason(target)
            if reason:
                raise self._refuse(request, target, f"redirect ({response.status}) to {target}: {reason}")
        return response


class WireMiddleware:
    """Record the real status, body size and duration of what crossed the network."""

    @classmethod
    def from_crawler(cls, crawler: Any) -> "WireMiddleware":
        obj = cls()
        obj.stats = crawler.stats
        return obj

    def process_request(self, request: Request) -> None:
        request.meta["wire_started"] = time.monotonic()
        request.meta.pop("wire_error", None)
        return None

    def process_response(self, request: Request, response: Response) -> Response:
        if request.meta.get("wire_error") is not None:
            # The download failed and the HTTP cache answered with its stored copy ("error
            # recovery"): nothing came over the wire; the spider records the failure.
            return response
        started = request.meta.pop("wire_started", None)
        request.meta["wire_status"] = response.status
        request.meta["wire_bytes"] = len(response.body)
        if started is not None:
            request.meta["wire_ms"] = int((time.monotonic() - started) * 1000)
        self.stats.inc_value("muniwatch/wire_bytes", len(response.body))
        self.stats.inc_value(f"muniwatch/wire_status/{response.status}")
        return response

    def process_exception(self, request: Request, exception: BaseException) -> None:
        request.meta["wire_error"] = exception
        request.meta.pop("wire_status", None)
        request.meta.pop("wire_bytes", None)
        started = request.meta.pop("wire_started", None)
        if started is not None:
            request.meta["wire_ms"] = int((time.monotonic() - started) * 1000)
        return None


class HonestCachePolicy(RFC2616Policy):
    """RFC 2616 revalidation, but a 5xx is an error, not a reason to serve the stored copy."""

    def is_cached_response_valid(self, cachedresponse: Response, response: Response, request: Request) -> bool:
        return response.status == 304


class HonestCacheMiddleware(HttpCacheMiddleware):
    """The HTTP cache without "error recovery": a timeout or a refused connection stays an error.

    Scrapy's cache answers a failed download with the stored copy, which would hide a hanging or
    dead site behind yesterday's page (and skip the retries). We would rather record the failure.
    """

    def process_exception(self, request: Request, exception: Exception, spider: Any = None) -> None:
        request.meta.pop("cached_response", None)
        return None


# Resource types a headless render never needs (saves bandwidth, keeps the recrawl cheap).
_SKIP_RESOURCES = frozenset({"image", "font", "media"})


class BrowserGuard:
    """``PLAYWRIGHT_ABORT_REQUEST`` for one source: refuse what the guard refuses, skip heavy assets."""

    def __init__(self, source: Any, trusted_networks: str):
        self.source = source
        self.flag = source_flag(source)
        self.trusted_setting = trusted_networks or ""
        self.trusted: tuple | None = None
        self.resolver = _Resolver()
        self.refused: list[tuple[str, str]] = []

    async def __call__(self, playwright_request: Any) -> bool:
        if playwright_request.resource_type in _SKIP_RESOURCES:
            return True
        if self.trusted is None:
            self.trusted = await _source_networks(self.source, self.trusted_setting, self.resolver)
        url = playwright_request.url
        for u in (url, self.flag if isinstance(self.flag, str) else None):
            if u:
                await self.resolver.resolve(urlsplit(u).hostname)
        reason = is_refused(self.flag, url, self.trusted, resolve=self.resolver.lookup)
        if reason:
            self.refused.append((url, reason))
            logger.warning("browser request refused: %s (%s)", url, reason)
            return True
        return False


class SafeRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, with each waiter on a pending robots.txt given its own Deferred."""

    async def robot_parser(self, request: Request):
        pending = self._parsers.get(urlparse_cached(request).netloc)
        if isinstance(pending, Deferred):
            mine: Deferred = Deferred()

            def relay(result: Any) -> Any:
                mine.callback(result)
                return result

            pending.addBoth(relay)
            return await maybe_deferred_to_future(mine)
        return await super().robot_parser(request)
