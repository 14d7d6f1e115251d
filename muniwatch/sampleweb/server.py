"""The sample municipal web: one threading HTTP server per loopback address, all on one port.

``SampleWeb(port=0, epoch=1, hang_seconds=60)`` serves 127.0.0.1 (the "private" trap target) and
127.0.0.11-.15 (the sample sites). ``port=0`` picks a port that is free on every address. Each
answer carries Content-Type with charset, Content-Length and, for pages and documents, a quoted
sha256-prefix ETag and a fixed Last-Modified; ``If-None-Match`` / ``If-Modified-Since`` give 304.

Control from another process (the crawler runs in its own): on 127.0.0.11 only,
``POST /__sampleweb/epoch/<n>`` switches the epoch, ``GET /__sampleweb/epoch`` reads it,
``GET /__sampleweb/stats`` returns :meth:`SampleWeb.stats` as JSON and ``POST /__sampleweb/stats/reset``
clears it. robots.txt disallows ``/__sampleweb/``; control requests are not counted in the stats.
"""

from __future__ import annotations

import json
import sys
import threading
from collections import defaultdict
from datetime import datetime
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote, unquote, urlsplit

from muniwatch.sampleweb import catalog, truth, web
from muniwatch.sampleweb.routes import Route, etag_of, http_date

CONTROL_PREFIX = "/__sampleweb/"
CONTROL_SITE = "camliova"
SITE_ORDER = ("internal", "camliova", "mavikiyi", "ilginpinar", "altinkoru", "spgov")


class SampleWebError(RuntimeError):
    """The sample web could not start (e.g. the port is taken on one of its addresses)."""


def _not_modified(headers, etag: str, last_modified: datetime | None) -> bool:
    inm = headers.get("If-None-Match")
    if inm is not None:   # If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2)
        tags = [t.strip().removeprefix("W/") for t in inm.split(",")]
        return "*" in tags or etag in tags
    ims = headers.get("If-Modified-Since")
    if ims and last_modified is not None:
        try:
            since = parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            return False
        return last_modified <= since
    return False


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, addr, handler, web_: "SampleWeb", site: str):
        self.web = web_
        self.site = site
        super().__init__(addr, handler)

    def handle_error(self, request, client_address):  # noqa: D401 - socketserver hook
        """Clients that hang up mid-answer (a crawler's timeout) are normal here, not errors."""
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "SampleWeb/1.0"
    server: _Server

    def log_message(self, format, *args):  # quiet: the stats are the log
        return

    def do_GET(self):
        self._answer(head=False)

    def do_HEAD(self):
        self._answer(head=True)

    def do_POST(self):
        path = urlsplit(self.path).path
        if self.server.site == CONTROL_SITE and path.startswith(CONTROL_PREFIX):
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            self._control("POST", path)
            return
        self._send(405, b"method not allowed", "text/plain; charset=utf-8", head=False,
                   record=True, extra=(("Allow", "GET, HEAD"),))

    # --- internals -------------------------------------------------------------------------

    def _control(self, method: str, path: str) -> None:
        web_ = self.server.web
        parts = path[len(CONTROL_PREFIX):].strip("/").split("/")
        status, payload = 404, {"error": "unknown control path"}
        if parts[0] == "epoch" and method == "GET" and len(parts) == 1:
            status, payload = 200, {"epoch": web_.epoch}
        elif parts[0] == "epoch" and method == "POST" and len(parts) == 2:
            try:
                web_.set_epoch(int(parts[1]))
                status, payload = 200, {"epoch": web_.epoch}
            except ValueError as exc:
                status, payload = 400, {"error": str(exc)}
        elif parts == ["stats"] and method == "GET":
            status, payload = 200, web_.stats()
        elif parts == ["stats", "reset"] and method == "POST":
            web_.reset_stats()
            status, payload = 200, {"reset": True}
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self._send(status, body, "application/json; charset=utf-8", head=False, record=False)

    def _answer(self, head: bool) -> None:
        web_ = self.server.web
        split = urlsplit(self.path)
        try:
            path = unquote(split.path, encoding="utf-8", errors="strict")
        except UnicodeDecodeError:
            self._send(400, b"bad path encoding", "text/plain; charset=utf-8", head, record=True)
            return
        if self.server.site == CONTROL_SITE and path.startswith(CONTROL_PREFIX):
            self._control("GET", path)
            return
        epoch = web_.epoch
        route = web.tables(epoch, web_.port)[self.server.site].lookup(path, split.query)
        if route.hang:
            web_._stopping.wait(web_.hang_seconds)
        if self.server.site == "internal" and route.status == 200:
            web_._record_secret_hit(self.path)
        self._serve_route(route, head)

    def _serve_route(self, route: Route, head: bool) -> None:
        body = catalog.render(route.doc) if route.doc is not None else route.body
        extra = list(route.headers)
        if route.location:
            extra.append(("Location", route.location))
        if route.validators:
            etag = etag_of(body)
            extra.append(("ETag", etag))
            if route.last_modified is not None:
                extra.append(("Last-Modified", http_date(route.last_modified)))
            if _not_modified(self.headers, etag, route.last_modified):
                self._send(304, b"", None, head=True, record=True, extra=tuple(extra))
                return
        self._send(route.status, body, route.content_type, head, record=True, extra=tuple(extra))

    def _send(self, status: int, body: bytes, content_type: str | None, head: bool, *, record: bool,
              extra: tuple[tuple[str, str], ...] = ()) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in extra:
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        send_body = not head and status != 304
        if record:   # before the body goes out, so a client that has its answer sees it counted
            self.server.web._record(self.server.site, self.path, status, len(body) if send_body else 0)
        if send_body:
            self.wfile.write(body)


class SampleWeb:
    """Start/stop the sample sites; switch epochs; count what crawlers asked for."""

    def __init__(self, port: int = 0, epoch: int = 1, hang_seconds: float = 60.0):
        self._requested_port = port
        self._epoch = web.check_epoch(epoch)
        self.hang_seconds = hang_seconds
        self._port = 0
        self._servers: dict[str, _Server] = {}
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()
        self._stats_lock = threading.Lock()
        self.reset_stats()

    # --- lifecycle ---------------------------------------------------------------------------

    def start(self) -> "SampleWeb":
        if self._servers:
            return self
        self._stopping.clear()
        attempts = 50 if self._requested_port == 0 else 1
        last: OSError | None = None
        for _ in range(attempts):
            try:
                self._bind_all(self._requested_port)
                break
            except OSError as exc:
                last = exc
                self._close_all()
        else:
            raise SampleWebError(f"cannot bind the sample web on port {self._requested_port or 'any'}: {last}")
        for site, srv in self._servers.items():
            th = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05},
                                  name=f"sampleweb-{site}", daemon=True)
            th.start()
            self._threads.append(th)
        return self

    def _bind_all(self, port: int) -> None:
        first = SITE_ORDER[1]
        srv = _Server((catalog.HOSTS[first], port), _Handler, self, first)
        self._servers[first] = srv
        port = srv.server_address[1]
        for site in SITE_ORDER:
            if site != first:
                self._servers[site] = _Server((catalog.HOSTS[site], port), _Handler, self, site)
        self._port = port

    def _close_all(self) -> None:
        for srv in self._servers.values():
            srv.server_close()
        self._servers = {}

    def stop(self) -> None:
        self._stopping.set()           # releases hanging answers at once
        stoppers = [threading.Thread(target=srv.shutdown) for srv in self._servers.values()]
        for th in stoppers:            # in parallel: each shutdown waits for one poll interval
            th.start()
        for th in stoppers:
            th.join()
        self._close_all()
        for th in self._threads:
            th.join(timeout=5)
        self._threads = []

    def __enter__(self) -> "SampleWeb":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- addresses and epochs --------------------------------------------------------------

    @property
    def port(self) -> int:
        if not self._port:
            raise SampleWebError("the sample web is not started")
        return self._port

    @property
    def epoch(self) -> int:
        return self._epoch

    def set_epoch(self, epoch: int) -> None:
        self._epoch = web.check_epoch(epoch)

    def base_url(self, site: str) -> str:
        """``http://127.0.0.11:P`` for a site key (camliova, mavikiyi, ilginpinar, altinkoru, spgov, internal)."""
        try:
            return f"http://{catalog.HOSTS[site]}:{self.port}"
        except KeyError:
            raise SampleWebError(f"unknown site {site!r}; known: {', '.join(catalog.HOSTS)}") from None

    def url(self, site: str, path: str = "/") -> str:
        """Absolute URL; a path with Turkish letters is percent-encoded (UTF-8)."""
        return self.base_url(site) + quote(path, safe="/+?=&%;,:")

    # --- truth, for this instance's port and epoch ---------------------------------------------

    def registry_yaml(self) -> str:
        return truth.registry_yaml(self.port)

    def expected_documents(self, epoch: int | None = None) -> list[dict]:
        return truth.expected_documents(self.epoch if epoch is None else epoch, self.port)

    def trap_urls(self, epoch: int | None = None) -> list[str]:
        return truth.trap_urls(self.epoch if epoch is None else epoch, self.port)

    # --- counters ---------------------------------------------------------------------------

    def reset_stats(self) -> None:
        with self._stats_lock:
            self._per_site: dict[str, dict[str, int]] = defaultdict(
                lambda: {"requests": 0, "bytes": 0, "not_modified": 0})
            self._log: list[tuple[str, str, int]] = []
            self._secret_hits: list[str] = []

    def _record(self, site: str, target: str, status: int, sent: int) -> None:
        with self._stats_lock:
            s = self._per_site[site]
            s["requests"] += 1
            s["bytes"] += sent
            if status == 304:
                s["not_modified"] += 1
            self._log.append((catalog.HOSTS[site], target, status))

    def _record_secret_hit(self, target: str) -> None:
        with self._stats_lock:
            self._secret_hits.append(target)

    def stats(self) -> dict:
        """``{"sites": {site: {requests, bytes, not_modified}}, "log": [(host, path, status)],
        "secret_hits": n}`` (control requests excluded)."""
        with self._stats_lock:
            return {
                "sites": {k: dict(v) for k, v in self._per_site.items()},
                "log": list(self._log),
                "secret_hits": len(self._secret_hits),
            }

    @property
    def secret_hits(self) -> int:
        with self._stats_lock:
            return len(self._secret_hits)
