"""Fixtures for the alert tests: a database with municipalities and changes, a real local SMTP server
(aiosmtpd, in a thread) and a real local webhook (http.server, in a thread). Nothing is mocked."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tests.alerts_fixtures import add_change
from tests.conftest import free_port

NOW = dt.datetime(2026, 1, 10, 9, 0, tzinfo=dt.timezone.utc)   # a Saturday, 12:00 in Istanbul
BASE_URL = "http://veri.example.org"

MUNICIPALITIES = [
    {"id": "camliova", "name": "Çamlıova Belediyesi", "province": "Ankara", "kind": "ilçe", "population": 184320},
    {"id": "altinkoru", "name": "Altınkoru Belediyesi", "province": "Balıkesir", "kind": "ilçe", "population": 128775},
    {"id": "mavikiyi", "name": "Mavikıyı Belediyesi", "province": "İzmir", "kind": "ilçe", "population": 96450},
]

# A budget cut to a nursery activity (our own wording), as the watch step records it.
KRES_CUT = dict(
    municipality_id="camliova", doc_type="performans_programi", period="2026", kind="modified",
    segment_kind="faaliyet", code="F1.3.1", key="1.3.1", parent_code="H1.3",
    title="Mahalle kreşlerinin açılması ve işletilmesi",
    before_text="F1.3.1 Mahalle kreşlerinin açılması ve işletilmesi. Sorumlu birim: Kadın ve Aile Hizmetleri "
                "Müdürlüğü. 2026 yılı için ayrılan tutar 3.200.000,00 TL.",
    after_text="F1.3.1 Mahalle kreşlerinin açılması ve işletilmesi. Sorumlu birim: Kadın ve Aile Hizmetleri "
               "Müdürlüğü. 2026 yılı için ayrılan tutar 1.900.000,00 TL.",
    numeric=[{"field": "costs", "year": "2026", "before": "3200000.00", "after": "1900000.00"}],
    page_before=7, page_after=7, from_version_id=3, to_version_id=9,
    words_removed=["3.200.000,00"], words_added=["1.900.000,00"], gender_relevant=1, categories=["bakim"],
    matched_terms=[{"term": "kreş", "category": "bakim", "matched_text": "kreşlerinin", "where": "before"},
                   {"term": "kreş", "category": "bakim", "matched_text": "kreşlerinin", "where": "after"}],
    relevance_explanation="bakım: «kreş» faaliyet adında geçiyor", significance="high",
    detected_at="2026-01-10T08:55:00+00:00", dedupe_key="kres-cut")

SHELTER = dict(
    municipality_id="altinkoru", doc_type="meclis_kararlari", period="2025-08", kind="new_decision",
    segment_kind="karar", code="2025/97", key="2025/97", title="Kadın konukevi açılması",
    before_text=None, after_text="Belediyemiz bünyesinde şiddet gören kadınlar için bir konukevi açılmasına oy "
                                 "birliğiyle karar verildi.",
    page_after=3, to_version_id=12, gender_relevant=1, categories=["siddet"],
    matched_terms=[{"term": "konukevi", "category": "siddet", "matched_text": "konukevi", "where": "after"}],
    significance="high", detected_at="2026-01-10T08:56:00+00:00", dedupe_key="shelter")

ROAD = dict(
    municipality_id="mavikiyi", doc_type="performans_programi", period="2026", kind="modified",
    segment_kind="faaliyet", code="F3.2.1", title="Yol bakım onarım çalışmaları", before_text="Yol bakım onarım",
    after_text="Yol bakım onarım ve çeşitli işler", gender_relevant=0, categories=[], significance="low",
    detected_at="2026-01-10T08:57:00+00:00", dedupe_key="road")


@pytest.fixture
def alert_settings(settings):
    return settings.replace(base_url=BASE_URL, alert_retry_seconds=60, alert_retry_max_seconds=3600,
                            alert_max_attempts=5, alert_lease_seconds=600, digest_hour=8)


@pytest.fixture
def db(alert_settings):
    from db.store import open_store

    database, _ = open_store(alert_settings)
    with database.conn:
        database["municipalities"].insert_all(MUNICIPALITIES, pk="id")
    return database


@pytest.fixture
def changes(db) -> dict[str, int]:
    return {"kres": add_change(db, **KRES_CUT), "shelter": add_change(db, **SHELTER), "road": add_change(db, **ROAD)}


class SMTPServer:
    """aiosmtpd on a fixed port, stoppable and startable again (to play a mail server that is down)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.envelopes: list[Any] = []
        self._controller: Controller | None = None

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd handler hook
        self.envelopes.append(envelope)
        return "250 OK"

    def start(self) -> None:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def messages(self) -> list[email.message.EmailMessage]:
        return [email.message_from_bytes(e.content, policy=email.policy.default) for e in self.envelopes]

    def url(self, to: str = "izleme@example.org") -> str:
        return f"mailto://127.0.0.1:{self.port}?to={to}&from=muniwatch@example.org"


class Webhook:
    """A local HTTP endpoint that records each JSON body (and Authorization header) it receives."""

    def __init__(self) -> None:
        self.received: list[dict] = []
        self.headers: list[dict] = []
        self.status = 200
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if hook.status == 200:
                    hook.received.append(json.loads(body))
                    hook.headers.append(dict(self.headers))
                self.send_response(hook.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str = "/kanca") -> str:
        return f"json://127.0.0.1:{self.port}{path}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def smtp():
    server = SMTPServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def webhook():
    hook = Webhook()
    yield hook
    hook.close()
