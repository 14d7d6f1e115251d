"""Route tables: what one sample site answers for a path (and query) in one epoch.

A :class:`Route` is an answer (page, document, redirect, error, optionally a hang before it); a
:class:`SiteTable` maps request targets to routes. Lookup order: prefix overrides (used for a
failing source), then the exact ``path?query``, then the bare path when the route ignores the query
(static files: ``?v=1`` and ``?download=true`` get the same bytes), then the site's 404 page.
"""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import datetime
from email.utils import format_datetime
from urllib.parse import quote

from muniwatch.sampleweb.catalog import HOSTS, Doc

HTML = "text/html; charset=utf-8"


def etag_of(body: bytes) -> str:
    """A strong validator: quoted prefix of the body's sha256."""
    return '"' + hashlib.sha256(body).hexdigest()[:20] + '"'


def http_date(when: datetime) -> str:
    return format_datetime(when, usegmt=True)


@dataclasses.dataclass(frozen=True)
class Route:
    status: int = 200
    body: bytes = b""
    content_type: str = HTML
    doc: Doc | None = None
    location: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    any_query: bool = False
    hang: bool = False
    last_modified: datetime | None = None

    @property
    def validators(self) -> bool:
        """Only successful pages and documents carry ETag / Last-Modified."""
        return self.status == 200 and not self.location


def page(html: str | bytes, status: int = 200, content_type: str = HTML, **kw) -> Route:
    body = html.encode("utf-8") if isinstance(html, str) else html
    return Route(status=status, body=body, content_type=content_type, **kw)


def doc_route(doc: Doc, plain: bool = False) -> Route:
    """Serve a document; ``plain`` for a copy elsewhere (true type, no Content-Disposition)."""
    headers: tuple[tuple[str, str], ...] = ()
    if doc.filename and not plain:
        ascii_name = doc.filename.encode("ascii", "replace").decode().replace("?", "_")
        headers = (("Content-Disposition",
                    f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(doc.filename)}"),)
    ctype = doc.content_type if plain else (doc.served_type or doc.content_type)
    return Route(doc=doc, content_type=ctype, headers=headers,
                 any_query=True, last_modified=doc.last_modified)


def redirect(location: str, status: int = 302, any_query: bool = False) -> Route:
    return Route(status=status, location=location, body=b"", any_query=any_query)


class SiteTable:
    def __init__(self, site: str, not_found: Route):
        self.site = site
        self.exact: dict[str, Route] = {}
        self.overrides: list[tuple[str, Route]] = []
        self.not_found = not_found

    def add(self, target: str, route: Route) -> None:
        if target in self.exact:
            raise ValueError(f"{self.site}: duplicate route {target}")
        self.exact[target] = route

    def override_prefix(self, prefix: str, route: Route) -> None:
        self.overrides.append((prefix, route))

    def lookup(self, path: str, query: str) -> Route:
        """``path`` is percent-decoded (UTF-8, '+' kept literal), ``query`` is raw."""
        for prefix, route in self.overrides:
            if path.startswith(prefix):
                return route
        if query:
            hit = self.exact.get(f"{path}?{query}")
            if hit is not None:
                return hit
        hit = self.exact.get(path)
        if hit is not None and (not query or hit.any_query):
            return hit
        return self.not_found


@dataclasses.dataclass(frozen=True)
class Ctx:
    """What a site builder needs: the epoch, the port, and this epoch's documents."""

    epoch: int
    port: int
    docs: dict[tuple[str, str, str, str], Doc]

    def url(self, site: str, path: str = "/") -> str:
        host = HOSTS.get(site, site)
        return f"http://{host}:{self.port}{quote(path, safe='/+?=&%')}"

    def doc(self, mid: str, doc_type: str, period: str, variant: str = "") -> Doc:
        return self.docs[(mid, doc_type, period, variant)]
