"""What every muniwatch spider shares: one registry source, one crawl run, one way to ask and to fail.

Why a shared base: the three spiders differ only in how they *find* links (homepage discovery, a
configured listing, sp.gov.tr). How a request is made (revalidated through the HTTP cache, rendered
by Chromium for ``js`` sources), which URLs are the same URL, which links are ours to follow and how
a failure becomes a fetch row must be identical, or the crawl-run statistics and the identity of
documents would depend on which spider found them.

Parse methods only read the response they are given: no network, no clock, no database. They yield
requests and :class:`crawler.items.Fetched` items; the pipelines do the rest.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit, urlunsplit

import scrapy
from parsel import Selector
from scrapy.exceptions import (CannotResolveHostError, DownloadCancelledError, DownloadConnectionRefusedError,
                               DownloadFailedError, DownloadTimeoutError, IgnoreRequest, ResponseDataLossError)
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectError, DNSLookupError, TCPTimedOutError, TimeoutError as TxTimeoutError
from twisted.python.failure import Failure
from w3lib.url import safe_url_string

from crawler.classify import SUMMARY_VARIANT, Classification, classify, norm
from crawler.items import KIND_DOCUMENT, KIND_FAILURE, KIND_PAGE, Fetched
from muniwatch import constants as C

# Query parameters that never change what a URL serves (cache busters, trackers, "force download").
NOISE_PARAMS = frozenset({"v", "ver", "version", "download", "dl", "fbclid", "gclid", "yclid", "msclkid",
                          "_", "cb", "nocache"})
NOISE_PREFIXES = ("utm_",)
SKIP_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "sms:", "whatsapp:", "ftp:", "file:")

# Link extensions that mean "a file, not a page", and the content kind expected from each.
FILE_KINDS = {".pdf": "pdf", ".doc": "doc", ".docx": "doc", ".odt": "doc", ".rtf": "doc",
              ".xls": "xls", ".xlsx": "xls", ".ods": "xls"}
CONTENT_KINDS = {
    "pdf": ("application/pdf", "application/x-pdf"),
    "doc": ("application/msword", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.oasis.opendocument.text", "application/rtf", "text/rtf"),
    "xls": ("application/vnd.ms-excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.oasis.opendocument.spreadsheet"),
}
# Path segments of CMS download endpoints that serve a file whatever their URL looks like.
DOWNLOAD_SEGMENTS = frozenset({"indir", "download", "getfile", "dosyaindir", "filedownload", "belgeindir",
                               "dosyagoster", "downloadfile"})
REVALIDATE = {"Cache-Control": "max-age=0"}
# Types that sites publish as HTML pages often enough to try an HTML page as the document.
HTML_DOCUMENT_TYPES = frozenset({C.COUNCIL_DECISIONS, C.COUNCIL_AGENDA, C.COMMITTEE_REPORT})
DECISION_NUMBER = re.compile(r"(?<![\d/])20\d\d\s*/\s*\d{1,4}(?![\d/])")


class SourceError(ValueError):
    """A registry source cannot be crawled by the spider it was given to."""


# ---------------------------------------------------------------- URLs


def canonical_url(url: str) -> str:
    """One spelling per URL: no fragment, no noise parameters, lower-case scheme and host, no default port.

    Parameter order is kept (some CMSs care); the path is percent-encoded the way browsers do, so a
    link written with raw Turkish letters and one written encoded are the same request.
    """
    parts = urlsplit(safe_url_string(url.strip()))
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port is None or (scheme, port) in (("http", 80), ("https", 443)) else f"{host}:{port}"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    kept = []
    for pair in parts.query.split("&"):
        key = unquote(pair.split("=", 1)[0]).lower()
        if pair and key not in NOISE_PARAMS and not key.startswith(NOISE_PREFIXES):
            kept.append(pair)  # as written: re-encoding could change what a CMS receives
    return urlunsplit((scheme, netloc, parts.path or "/", "&".join(kept), ""))


def skippable_href(href: str | None) -> bool:
    """True for links that are not web pages: mailto:, tel:, javascript:, bare fragments, empty."""
    if not href:
        return True
    h = href.strip().lower()
    return not h or h.startswith("#") or h.startswith(SKIP_SCHEMES)


def host_allowed(url: str, allowed_domains: Iterable[str]) -> bool:
    """Same site: the host is an allowed domain or a subdomain of one."""
    host = (urlsplit(url).hostname or "").lower()
    return any(host == d or host.endswith("." + d) for d in (d.lower() for d in allowed_domains))


def file_kind(url: str) -> str | None:
    """What file a URL promises: "pdf"/"doc"/"xls" by extension (also inside a query value), "file"
    for a CMS download endpoint without one (``/Dosya/Indir/1022``, ``/download.php?id=7``), else None."""
    parts = urlsplit(url)
    candidates = [parts.path] + [v for _, v in parse_qsl(parts.query)]
    for value in candidates:
        m = re.search(r"(\.[a-z0-9]{2,4})$", value.lower())
        if m and m.group(1) in FILE_KINDS:
            return FILE_KINDS[m.group(1)]
    segments = {seg.rsplit(".", 1)[0] for seg in parts.path.lower().split("/") if seg}
    if segments & DOWNLOAD_SEGMENTS:
        return "file"
    return None


def content_kind(content_type: str | None) -> str | None:
    """"pdf"/"doc"/"xls"/"html"/None for a Content-Type header value."""
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime in ("text/html", "application/xhtml+xml"):
        return "html"
    return next((kind for kind, mimes in CONTENT_KINDS.items() if mime in mimes), None)


def text_of(sel: Selector) -> str:
    return " ".join(" ".join(sel.xpath(".//text()").getall()).split())


def link_text(a: Selector) -> str:
    """What a link says: its text, else its title, else the alt text of an image inside it."""
    text = text_of(a)
    return text or (a.attrib.get("title") or a.xpath(".//img/@alt").get() or "").strip()


def link_context(a: Selector, limit: int = 300) -> str:
    """The row, list item or card around a link, and the nearest heading before it (for periods)."""
    parts = []
    container = a.xpath("ancestor::*[self::tr or self::li or self::article or self::dd or self::p"
                        " or contains(@class,'card') or contains(@class,'item')][1]")
    if container:
        parts.append(text_of(container[0])[:limit])
    heading = a.xpath("preceding::*[self::h1 or self::h2 or self::h3 or self::h4 or self::caption][1]")
    if heading:
        parts.append(text_of(heading[0])[:120])
    return " | ".join(p for p in parts if p)


def answered(parse: Any) -> Any:
    """Decorate a callback so it only sees real answers: when the server answered 4xx/5xx, or did not
    answer at all (see :meth:`MuniSpider.failed_status`), the failure item is yielded instead."""

    @functools.wraps(parse)
    def callback(self: "MuniSpider", response: Response, *args: Any, **kwargs: Any) -> Iterator[Any]:
        failed = self.failed_status(response)
        if failed:
            yield failed
            return
        yield from parse(self, response, *args, **kwargs)

    return callback


# ---------------------------------------------------------------- the spider


class MuniSpider(scrapy.Spider):
    """Base of the three spiders. Built from a registry ``Source`` and the id of the running crawl."""

    name = "muniwatch"
    source_kind: str = ""

    def __init__(self, source: Any, run_id: int, *, depth: int = 3, municipalities: Iterable[Any] = (),
                 browser_timeout: int = 20, **kwargs: Any):
        super().__init__(name=source.id, **kwargs)
        if self.source_kind and source.kind != self.source_kind:
            raise SourceError(f"source {source.id!r} is of kind {source.kind!r}, not {self.source_kind!r}")
        self.source = source
        self.run_id = run_id
        self.max_depth = source.max_depth if source.max_depth is not None else depth
        self.allowed_domains = list(source.allowed_domains)
        self.municipalities = list(municipalities)
        self.browser_timeout = browser_timeout

    # -- requests

    def _meta(self, kind: str, **extra: Any) -> dict[str, Any]:
        meta = {"mw_kind": kind, "source_id": self.source.id, **extra}
        return meta

    def page_request(self, url: str, callback: Any, *, link_text: str = "", found_on: str | None = None,
                     **extra: Any) -> scrapy.Request:
        """An HTML page to read for links (rendered by Chromium when the source needs JavaScript)."""
        meta = self._meta(KIND_PAGE, link_text=link_text, found_on=found_on, **extra)
        if self.source.js:
            # The browser makes its own requests: the HTTP cache must not answer for it.
            meta.update(playwright=True, dont_cache=True, download_timeout=self.browser_timeout,
                        playwright_page_goto_kwargs={"wait_until": "networkidle"})
        return scrapy.Request(canonical_url(url), callback=callback, errback=self.on_error, meta=meta,
                              headers=REVALIDATE)

    def document_request(self, url: str, found: Classification, *, link_text: str = "",
                         found_on: str | None = None, context: str = "", **extra: Any) -> scrapy.Request:
        """A candidate document: always a plain HTTP request (never the browser), revalidated.

        Only on-site links become document requests, but a document may redirect to another public
        host (a CDN, a new domain): ``allow_offsite`` lets Scrapy follow it; the network guard still
        refuses private addresses and other schemes on every hop."""
        url = canonical_url(url)
        meta = self._meta(KIND_DOCUMENT, classification=found, link_text=link_text, found_on=found_on,
                          context=context, expect=file_kind(url), allow_offsite=True, **extra)
        return scrapy.Request(url, callback=self.parse_document, errback=self.on_error, meta=meta,
                              headers=REVALIDATE)

    def wants(self, found: Classification | None) -> bool:
        """A classified link is worth downloading: a type this source is for, and a period."""
        return found is not None and found.doc_type in self.source.doc_types and bool(found.period)

    # -- links

    def links(self, response: TextResponse, root: Selector | None = None) -> Iterator[tuple[str, str, str]]:
        """(absolute canonical URL, link text, context) for every followable link on the page."""
        base = response.xpath("//base/@href").get() or response.url
        for a in (root or response).css("a[href]"):
            href = a.attrib.get("href")
            if skippable_href(href):
                continue
            try:
                url = canonical_url(urljoin(base, href.strip()))
            except ValueError:
                continue
            if urlsplit(url).scheme not in ("http", "https"):
                continue
            yield url, link_text(a), link_context(a)

    def classify_link(self, url: str, text: str, context: str) -> Classification | None:
        return classify(text, url, context)

    # -- items

    @staticmethod
    def wire(response: Response) -> tuple[int, int | None]:
        """(status the server really sent, body bytes on the network) for this response."""
        meta = response.meta
        if "wire_status" in meta:
            return meta["wire_status"], meta.get("wire_bytes")
        if "cached" in response.flags:
            return 304, 0  # answered from the cache without asking the server
        return response.status, len(response.body)

    def _item(self, kind: str, response: Response, **fields: Any) -> Fetched:
        status, nbytes = self.wire(response)
        headers = response.headers
        meta = response.meta
        values: dict[str, Any] = dict(
            kind=kind, source_id=self.source.id,
            municipality_id=meta.get("municipality_id", self.source.municipality_id),
            url=(meta.get("redirect_urls") or [response.url])[0], final_url=response.url,
            http_status=status, network_bytes=nbytes,
            content_type=(headers.get("Content-Type") or b"").decode("latin-1") or None,
            link_text=meta.get("link_text") or None, found_on=meta.get("found_on"),
            etag=_header(headers, "ETag"), last_modified=_header(headers, "Last-Modified"),
            duration_ms=meta.get("wire_ms"))
        values.update(fields)
        return Fetched(**values)

    def page_item(self, response: Response) -> Fetched:
        return self._item(KIND_PAGE, response, body=response.body)

    def document_item(self, response: Response, found: Classification, *, title: str | None = None) -> Fetched:
        return self._item(KIND_DOCUMENT, response, body=response.body, doc_type=found.doc_type,
                          period=found.period, variant=found.variant, expect=response.meta.get("expect"),
                          title=title or response.meta.get("link_text") or None,
                          filename=_filename(response), extra={"reason": found.reason,
                                                               "confidence": found.confidence})

    def failed_status(self, response: Response) -> Fetched | None:
        """A failure item when the server answered 4xx/5xx, or did not answer at all.

        Scrapy's HTTP cache hides both: for a 5xx or a download error (timeout, refused connection)
        it hands the callback the stored copy as a 200. The wire middleware noted what really
        happened; a stale copy is never taken for a fresh answer.
        """
        error = response.meta.get("wire_error")
        if error is not None:
            outcome, status, text = exception_outcome(error, response.request)
            return self._item(KIND_FAILURE, response, outcome=outcome or C.FETCH_UNREACHABLE, error=text,
                              http_status=status, network_bytes=0)
        status, nbytes = self.wire(response)
        if status >= 400:
            return self._item(KIND_FAILURE, response, outcome=C.FETCH_HTTP_ERROR, error=f"HTTP {status}")
        return None

    @answered
    def parse_document(self, response: Response) -> Iterator[Any]:
        """A downloaded candidate document; an HTML answer may be a page that lists the real file."""
        found: Classification | None = response.meta.get("classification")
        named = disposition_filename(response)
        if named or found is None:
            # The server's file name may say what the link did not ("İndir" -> "..._2025_Performans_Programı.pdf").
            again = classify(response.meta.get("link_text") or "", response.url, response.meta.get("context", ""),
                             filename=named)
            if again and (found is None or again.doc_type == found.doc_type) and again.period:
                found = again
        if found is None or not self.wants(found):
            # A probed file that turned out not to be one of ours: note the fetch, keep nothing.
            item = self.page_item(response)
            item.error = "checked: not a document type this source follows"
            yield item
            return
        if content_kind(response.headers.get("Content-Type", b"").decode("latin-1")) == "html" \
                and response.meta.get("expect") is None and isinstance(response, TextResponse):
            yield from self.candidate_page(response, found)
            return
        yield self.document_item(response, found)

    def probe_request(self, url: str, *, link_text: str = "", found_on: str | None = None,
                      context: str = "") -> scrapy.Request:
        """A same-site file whose link speaks of our topics but not of a type ("Meclis Üyeleri (PDF)"):
        download it once to read its server-given name; the HTTP cache makes later checks a 304."""
        url = canonical_url(url)
        meta = self._meta(KIND_DOCUMENT, classification=None, link_text=link_text, found_on=found_on,
                          context=context, expect=file_kind(url), probe=True, allow_offsite=True)
        return scrapy.Request(url, callback=self.parse_document, errback=self.on_error, meta=meta,
                              headers=REVALIDATE)

    def candidate_page(self, response: TextResponse, found: Classification) -> Iterator[Any]:
        """An HTML page reached through a document-like link (``/meclis-kararlari/2025-6``).

        Files it links with the same type and period are requested as documents. The page itself is
        archived as a document only when it is one in its own right: a council type whose content is
        there (decision numbers, agenda items, a report's text); otherwise it was only a way to the
        file. An HTML page of decisions is a summary beside the monthly bundle, hence the ``ozet``
        variant: the two are different documents of one month.
        """
        same = []
        for url, text, context in self.links(response):
            if not file_kind(url) or not host_allowed(url, self.allowed_domains):
                continue
            hit = self.classify_link(url, text, context)
            if hit and hit.doc_type == found.doc_type and self.wants(hit):
                same.append((url, text, context, hit))
        if html_document_evidence(response, found.doc_type):
            if found.doc_type == C.COUNCIL_DECISIONS:
                found = dataclasses.replace(found, variant=SUMMARY_VARIANT)
            title = " ".join((response.css("h1 ::text").get() or response.css("title::text").get() or "").split())
            yield self.document_item(response, found, title=title or None)
        else:
            yield self.page_item(response)
        for url, text, context, hit in same:
            yield self.document_request(url, hit, link_text=text, found_on=response.url, context=context)
        yield from self.more_links(response)

    def more_links(self, response: TextResponse) -> Iterator[Any]:
        """Hook: what else to follow from a candidate document page (nothing by default)."""
        return iter(())

    # -- failures

    def on_error(self, failure: Failure) -> Iterator[Fetched]:
        """Every failed request becomes a fetch row saying why (never a version, never a deletion)."""
        request = failure.request
        outcome, status, error = failure_outcome(failure)
        if outcome is None:
            self.logger.debug("not recorded: %s (%s)", request.url, error)
            return
        meta = request.meta
        yield Fetched(kind=KIND_FAILURE, source_id=self.source.id,
                      municipality_id=meta.get("municipality_id", self.source.municipality_id),
                      url=(meta.get("redirect_urls") or [request.url])[0],
                      final_url=getattr(failure.value, "target", None) or request.url, http_status=status,
                      network_bytes=meta.get("wire_bytes", 0), outcome=outcome, error=error, link_text=meta.get("link_text") or None, found_on=meta.get("found_on"),
                      duration_ms=meta.get("wire_ms"))


def html_document_evidence(response: TextResponse, doc_type: str) -> bool:
    """Does this HTML page carry a council document's content itself (not just a link to a file)?"""
    if doc_type not in HTML_DOCUMENT_TYPES:
        return False
    main = response.css("main, article, #icerik, #content, .content, .entry-content") or [response.selector]
    text = " ".join(" ".join(main[0].xpath(".//text()[not(ancestor::script) and not(ancestor::style)]").getall()).split())
    if doc_type == C.COUNCIL_DECISIONS:
        return len(DECISION_NUMBER.findall(text)) >= 1 or "karar no" in norm(text)
    if doc_type == C.COUNCIL_AGENDA:
        return len(main[0].css("ol > li, table tr, ul.gundem > li")) >= 2
    return len(text) >= 600


def failure_outcome(failure: Failure) -> tuple[str | None, int | None, str]:
    """(fetch outcome, HTTP status, one-line error) for a failed request; outcome None = not worth a row."""
    return exception_outcome(failure.value, failure.request)


def exception_outcome(exc: BaseException, request: Any) -> tuple[str | None, int | None, str]:
    """The same, for an exception (also one the HTTP cache papered over with a stored copy)."""
    text = f"{type(exc).__name__}: {exc}".strip().rstrip(":")
    if isinstance(exc, HttpError):
        status = exc.response.status
        return C.FETCH_HTTP_ERROR, status, f"HTTP {status}"
    reason = getattr(exc, "refused_reason", None)
    if reason:
        return C.FETCH_REFUSED_REDIRECT, None, reason
    if isinstance(exc, (DownloadTimeoutError, TxTimeoutError, TCPTimedOutError)):
        return C.FETCH_TIMEOUT, None, text
    if isinstance(exc, DownloadCancelledError) and "size" in str(exc).lower():
        return C.FETCH_TOO_LARGE, None, text
    if isinstance(exc, (CannotResolveHostError, DownloadConnectionRefusedError, DownloadFailedError,
                        ResponseDataLossError, ConnectError, DNSLookupError, ConnectionError)):
        return C.FETCH_UNREACHABLE, None, text
    if isinstance(exc, IgnoreRequest):
        if "robots.txt" in str(exc):
            return C.FETCH_ROBOTS, None, str(exc)
        if request is not None and request.meta.get("redirect_urls"):
            return C.FETCH_REFUSED_REDIRECT, None, f"redirect not followed: {exc}"
        return None, None, str(exc)
    return C.FETCH_UNREACHABLE, None, text


def _header(headers: Any, name: str) -> str | None:
    value = headers.get(name)
    return value.decode("latin-1") if value else None


def disposition_filename(response: Response) -> str | None:
    """The file name a ``Content-Disposition`` header gives (RFC 5987 ``filename*`` first; a raw
    ``filename=`` is read as UTF-8, else windows-1254, as Turkish servers send it)."""
    raw = response.headers.get("Content-Disposition")
    if not raw:
        return None
    m = re.search(rb"filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)", raw)
    if m:
        return unquote(m.group(1).strip().decode("ascii", errors="replace")) or None
    m = re.search(rb'filename\s*=\s*"([^"]+)"|filename\s*=\s*([^;]+)', raw)
    if not m:
        return None
    value = (m.group(1) or m.group(2)).strip()
    try:
        name = value.decode("utf-8")
    except UnicodeDecodeError:
        name = value.decode("windows-1254", errors="replace")
    return name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1] or None


def _filename(response: Response) -> str | None:
    name = disposition_filename(response)
    if name:
        return name
    last = unquote(urlsplit(response.url).path.rsplit("/", 1)[-1])
    return last or None
