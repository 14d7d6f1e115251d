"""Responses built from the sample web's route tables, without a server (for pure parse tests).

``response_for(url)`` looks the URL up in ``muniwatch.sampleweb.web.tables(epoch, PORT)`` exactly as
the server would, and returns the Scrapy response a spider would get, with its real URL and meta.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.http import HtmlResponse, Response, TextResponse

from muniwatch.sampleweb import catalog, web
from urllib.parse import unquote

PORT = 8765
SITE_OF_HOST = {host: site for site, host in catalog.HOSTS.items()}


def url(site: str, path: str = "/") -> str:
    return f"http://{catalog.HOSTS[site]}:{PORT}{path}"


def response_for(target: str, epoch: int = 1, **meta: Any) -> Response:
    parts = urlsplit(target)
    table = web.tables(epoch, PORT)[SITE_OF_HOST[parts.hostname]]
    route = table.lookup(unquote(parts.path), parts.query)  # as the server: UTF-8, "+" kept
    body = route.body or (catalog.render(route.doc) if route.doc is not None else b"")
    headers = {"Content-Type": route.content_type}
    for name, value in route.headers:
        headers[name] = value.encode("utf-8")
    if route.location:
        headers["Location"] = route.location
    request = Request(target, meta=dict(meta))
    ctype = route.content_type.split(";")[0]
    cls = HtmlResponse if ctype == "text/html" else TextResponse if ctype.startswith("text/") else Response
    return cls(target, status=route.status, headers=headers, body=body, request=request)
