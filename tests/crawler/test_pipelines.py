"""Pipelines: what is refused before recording, and what recording writes (a real SQLite + archive)."""

from __future__ import annotations

import pytest

from crawler.items import KIND_DOCUMENT, KIND_FAILURE, KIND_PAGE, Fetched
from crawler.pipelines import RecordPipeline, ValidatePipeline, sniff
from db.store import open_db, start_run, sync_registry
from muniwatch import constants as C

from .fakes import Stats

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HTML = "<html><head><title>{}</title></head><body><h1>{}</h1><p>{}</p></body></html>"


def doc(body: bytes, *, content_type="application/pdf", expect="pdf", status=200, **kw) -> Fetched:
    kw.setdefault("network_bytes", len(body))
    return Fetched(kind=KIND_DOCUMENT, source_id="s", url="http://127.0.0.11/a.pdf", municipality_id="ornek",
                   http_status=status, content_type=content_type, body=body,
                   doc_type=C.STRATEGIC_PLAN, period="2025-2029", expect=expect, **kw)


def validate(item: Fetched, max_bytes: int = 10_000) -> Fetched:
    return ValidatePipeline(max_bytes, Stats()).process_item(item)


@pytest.mark.parametrize("item,outcome", [
    (doc(HTML.format("Erişim engellendi", "Giriş", "oturum açın").encode(), content_type="text/html"),
     C.FETCH_WRONG_TYPE),
    (doc(HTML.format("Sayfa Bulunamadı", "", "").encode(), content_type="text/html"), C.FETCH_SOFT_404),
    (doc(HTML.format("Belge", "x", "y").encode(), content_type="application/pdf"), C.FETCH_WRONG_TYPE),  # lying header
    (doc(b"PK\x03\x04 not a pdf", content_type="application/octet-stream"), C.FETCH_WRONG_TYPE),
    (doc(b""), C.FETCH_WRONG_TYPE),
    (doc(PDF * 1000), C.FETCH_TOO_LARGE),
    (doc(PDF, status=503), C.FETCH_HTTP_ERROR),
    (Fetched(kind=KIND_PAGE, source_id="s", url="http://127.0.0.11/x", content_type="text/html",
             body=HTML.format("Ana Sayfa", "SAYFA BULUNAMADI", "").encode(), http_status=200), C.FETCH_SOFT_404),
])
def test_refused_items_become_failures(item, outcome):
    out = validate(item)
    assert (out.kind, out.outcome, out.body) == (KIND_FAILURE, outcome, None)
    assert out.error


@pytest.mark.parametrize("item", [
    doc(PDF),
    doc(PDF, content_type="application/octet-stream", expect="file"),       # CMS download, sniffed
    doc(b"PK\x03\x04" + b"x" * 50, content_type="application/octet-stream", expect="doc"),
    doc(HTML.format("Haziran 2025 Meclis Kararları", "Haziran 2025", "2025/87 kabul").encode(),
        content_type="text/html; charset=utf-8", expect=None),             # an HTML document
    doc(PDF, status=304),                                                   # revalidated: cached body
])
def test_good_items_pass(item):
    assert validate(item).kind == KIND_DOCUMENT


def test_sniff():
    assert sniff(PDF) == "pdf"
    assert sniff(b"\n\n<!DOCTYPE html><html>") == "html"
    assert sniff(b"PK\x03\x04...") == "office"
    assert sniff(b"\x00\x01") is None


def test_record_pipeline_writes_one_row_per_item(tmp_path):
    db_path = tmp_path / "m.db"
    db = open_db(db_path)
    sync_registry(db, [{"id": "ornek", "name": "Örnek Belediyesi", "kind": "ilçe"}],
                  [{"id": "s", "municipality_id": "ornek", "kind": C.SOURCE_DISCOVERY}])
    run_id = start_run(db, ["s"])
    stats = Stats()
    pipe = RecordPipeline(str(db_path), str(tmp_path / "archive"), run_id, stats)
    pipe.open_spider()
    try:
        first = pipe.process_item(doc(PDF, etag='"abc"'))
        again = pipe.process_item(doc(PDF, status=304, network_bytes=0))
        changed = pipe.process_item(doc(PDF + b"% yeni\n"))
        pipe.process_item(Fetched(kind=KIND_PAGE, source_id="s", url="http://127.0.0.11/", http_status=200,
                                  network_bytes=1234, body=b"<html></html>"))
        pipe.process_item(Fetched(kind=KIND_FAILURE, source_id="s", url="http://127.0.0.11/b.pdf",
                                  outcome=C.FETCH_TIMEOUT, error="took too long"))
    finally:
        pipe.close_spider()
    assert first and again and changed
    rows = [(r["outcome"], r["bytes"]) for r in db.query("select * from fetches order by id")]
    assert rows == [(C.FETCH_NEW_DOCUMENT, len(PDF)), (C.FETCH_NOT_MODIFIED, 0),
                    (C.FETCH_NEW_VERSION, len(PDF) + 7), (C.FETCH_PAGE, 1234), (C.FETCH_TIMEOUT, 0)]
    assert db.execute("select count(*) from versions").fetchone()[0] == 2
    assert (tmp_path / "archive").is_dir()
    assert stats.get_value(f"muniwatch/outcome/{C.FETCH_TIMEOUT}") == 1
