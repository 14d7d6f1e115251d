"""The downloader middlewares on their own: the guard's refusals and the wire record."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest
from scrapy import Request
from scrapy.exceptions import DownloadTimeoutError
from scrapy.http import Response
from scrapy.settings import Settings

from crawler.middlewares import NetGuardMiddleware, RefusedRequest, WireMiddleware
from muniwatch.registry import Source

from .fakes import Stats


def guard(trusted: str = "127.0.0.8/29", start: str = "http://127.0.0.11:8765/", flag: bool = False):
    source = Source("ornek", "ornek", "discovery", [start], allowed_domains=["127.0.0.11"], trusted=flag)
    crawler = SimpleNamespace(settings=Settings({"MUNIWATCH_TRUSTED_NETWORKS": trusted}),
                              spider=SimpleNamespace(source=source), stats=Stats())
    return NetGuardMiddleware.from_crawler(crawler), crawler


def redirect(location: str, status: int = 302) -> tuple[Request, Response]:
    request = Request("http://127.0.0.11:8765/belge.pdf")
    return request, Response(request.url, status=status, headers={"Location": location}, request=request)


@pytest.mark.parametrize("location,word", [
    ("http://127.0.0.1:8765/admin/secret", "loopback"),
    ("//127.0.0.1/admin", "loopback"),                 # scheme-relative
    ("http://10.0.0.7/", "private"),
    ("file:///etc/passwd", "scheme"),
    ("gopher://127.0.0.12/", "scheme"),
])
def test_redirect_refused_before_it_is_followed(location, word):
    mw, crawler = guard()
    request, response = redirect(location)
    with pytest.raises(RefusedRequest) as info:
        asyncio.run(mw.process_response(request, response))
    assert word in info.value.refused_reason
    assert crawler.stats["muniwatch/refused"] == 1


def test_allowed_redirects_and_requests_pass():
    mw, _ = guard()
    request, response = redirect("/wp-content/uploads/2025/01/plan.pdf", 301)
    assert asyncio.run(mw.process_response(request, response)) is response
    request, response = redirect("http://127.0.0.12:8765/Dosya/Indir/1017")
    assert asyncio.run(mw.process_response(request, response)) is response
    assert asyncio.run(mw.process_request(Request("http://127.0.0.13:8765/"))) is None


def test_every_hop_is_checked_before_sending():
    mw, _ = guard()
    hop = Request("http://127.0.0.1:8765/admin/secret", meta={"redirect_urls": ["http://127.0.0.11:8765/a.pdf"]})
    with pytest.raises(RefusedRequest, match="redirected from http://127.0.0.11:8765/a.pdf"):
        asyncio.run(mw.process_request(hop))


def test_trusted_registry_source_without_the_setting_is_still_guarded():
    mw, _ = guard(trusted="", flag=True)
    assert asyncio.run(mw.process_request(Request("http://127.0.0.11:8765/x"))) is None   # its own host
    with pytest.raises(RefusedRequest):
        asyncio.run(mw.process_request(Request("http://127.0.0.1:8765/admin/secret")))


def test_wire_records_status_bytes_and_errors():
    wire = WireMiddleware.from_crawler(SimpleNamespace(stats=Stats()))
    request = Request("http://127.0.0.11:8765/a.pdf")
    wire.process_request(request)
    wire.process_response(request, Response(request.url, status=304, request=request))
    assert (request.meta["wire_status"], request.meta["wire_bytes"]) == (304, 0)
    assert request.meta["wire_ms"] >= 0
    wire.process_request(request)
    wire.process_exception(request, DownloadTimeoutError("slow"))
    assert isinstance(request.meta["wire_error"], DownloadTimeoutError) and "wire_status" not in request.meta
    # the cache's stored copy handed back after an error is not counted as network traffic
    stored = Response(request.url, status=200, body=b"%PDF old", request=request)
    assert wire.process_response(request, stored) is stored and "wire_status" not in request.meta
