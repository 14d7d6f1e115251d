"""Item pipelines, in order: validate (100), then archive and record (200).

Why two stages: deciding *whether* something is a usable document (status, content type against
what the link promised, soft-404, size) is separate from *storing* it. The validator only ever turns
an item into a failure; the recorder writes exactly one fetch row per item and, for documents,
goes through :func:`db.store.record_document`, which archives the bytes and records a version only
when the hash changed. So a failed fetch can never become a version, and the crawler never marks a
document gone (that is for ``watch/``, over stored rows).
"""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter

from crawler.items import KIND_DOCUMENT, KIND_FAILURE, KIND_PAGE
from crawler.soft404 import soft_404_reason
from db.archive import Archive
from db.store import DocumentFetch, open_db, record_document, record_fetch, record_not_modified
from muniwatch import constants as C
from spiders.base import content_kind

logger = logging.getLogger(__name__)

_MAGIC = {"pdf": (b"%PDF",), "doc": (b"\xd0\xcf\x11\xe0", b"PK\x03\x04", b"{\\rtf"),
          "xls": (b"\xd0\xcf\x11\xe0", b"PK\x03\x04")}


def sniff(body: bytes) -> str | None:
    """What the bytes are, whatever the headers say: "pdf", "office", "html" or None."""
    head = body[:1024].lstrip()
    if head.startswith(b"%PDF") or b"%PDF-" in body[:1024]:
        return "pdf"
    if head.startswith((b"\xd0\xcf\x11\xe0", b"PK\x03\x04", b"{\\rtf")):
        return "office"
    low = head[:200].lower()
    if low.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in low or b"<head" in low:
        return "html"
    return None


def problem(item: ItemAdapter, max_bytes: int) -> tuple[str, str] | None:
    """(failure outcome, explanation) for an item that must not be recorded as a success."""
    status = item.get("http_status") or 200
    if status >= 400:
        return C.FETCH_HTTP_ERROR, f"HTTP {status}"
    body = item.get("body") or b""
    if len(body) > max_bytes:
        return C.FETCH_TOO_LARGE, f"{len(body)} bytes > limit {max_bytes}"
    declared = content_kind(item.get("content_type"))
    sniffed = sniff(body)
    expect = item.get("expect")
    if item["kind"] == KIND_DOCUMENT:
        if not body:
            return C.FETCH_WRONG_TYPE, "empty body"
        if expect:
            is_html = sniffed == "html" or (declared == "html" and sniffed is None)
            if is_html:
                reason = soft_404_reason(body)
                if reason:
                    return C.FETCH_SOFT_404, f"{reason} (a .{expect} was linked)"
                return C.FETCH_WRONG_TYPE, f"HTML page served for a .{expect} link ({item.get('content_type')})"
            if expect == "pdf" and sniffed != "pdf":
                return C.FETCH_WRONG_TYPE, f"not a PDF ({item.get('content_type')}, starts {body[:8]!r})"
            if expect in ("doc", "xls") and sniffed not in ("office", None):
                return C.FETCH_WRONG_TYPE, f"not a {expect} file ({item.get('content_type')})"
    if declared == "html" or sniffed == "html":
        reason = soft_404_reason(body)
        if reason:
            return C.FETCH_SOFT_404, reason
    return None


class ValidatePipeline:
    """Turn anything unusable into a failure item (it keeps its bytes count, loses its body)."""

    def __init__(self, max_bytes: int, stats: Any):
        self.max_bytes = max_bytes
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> "ValidatePipeline":
        return cls(crawler.settings.getint("MUNIWATCH_MAX_BYTES", 200 * 1024 * 1024), crawler.stats)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        if adapter["kind"] == KIND_FAILURE:
            return item
        found = problem(adapter, self.max_bytes)
        if found:
            outcome, error = found
            logger.info("%s: %s (%s)", outcome, adapter["url"], error)
            self.stats.inc_value(f"muniwatch/invalid/{outcome}")
            adapter["kind"], adapter["outcome"], adapter["error"], adapter["body"] = KIND_FAILURE, outcome, error, None
        return item


class RecordPipeline:
    """One fetch row per item; documents archived through ``db.store.record_document``."""

    def __init__(self, db_path: str, archive_dir: str, run_id: int, stats: Any):
        self.db_path, self.archive_dir, self.run_id, self.stats = db_path, archive_dir, run_id, stats
        self.db = None
        self.archive = Archive(archive_dir)

    @classmethod
    def from_crawler(cls, crawler: Any) -> "RecordPipeline":
        s = crawler.settings
        return cls(s.get("MUNIWATCH_DB_PATH"), s.get("MUNIWATCH_ARCHIVE_DIR"), s.getint("MUNIWATCH_RUN_ID"),
                   crawler.stats)

    def open_spider(self) -> None:
        self.db = open_db(self.db_path, migrate_schema=False)

    def close_spider(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None

    def process_item(self, item: Any) -> Any:
        a = ItemAdapter(item)
        kind = a["kind"]
        if kind == KIND_DOCUMENT:
            outcome = self._document(a)
        else:
            outcome = C.FETCH_PAGE if kind == KIND_PAGE else a["outcome"]
            record_fetch(self.db, self.run_id, source_id=a["source_id"], url=a["url"],
                         final_url=a.get("final_url") or a["url"], http_status=a.get("http_status"),
                         outcome=outcome, bytes=a.get("network_bytes") or 0, duration_ms=a.get("duration_ms"),
                         content_type=a.get("content_type"), error=a.get("error"), referer=a.get("found_on"))
        self.stats.inc_value(f"muniwatch/outcome/{outcome}")
        return item

    def _document(self, a: ItemAdapter) -> str:
        fetch = DocumentFetch(
            run_id=self.run_id, source_id=a["source_id"], municipality_id=a.get("municipality_id"),
            doc_type=a["doc_type"], period=a.get("period"), variant=a.get("variant") or "", url=a["url"],
            title=a.get("title"), link_text=a.get("link_text"), found_on=a.get("found_on"),
            final_url=a.get("final_url"), http_status=a.get("http_status") or 200,
            content_type=a.get("content_type"), etag=a.get("etag"), last_modified=a.get("last_modified"),
            filename=a.get("filename"), duration_ms=a.get("duration_ms"), network_bytes=a.get("network_bytes"))
        body = a.get("body")
        if not body and fetch.http_status == 304:
            record_not_modified(self.db, fetch)
            return C.FETCH_NOT_MODIFIED
        outcome, _, _ = record_document(self.db, self.archive, fetch, body)
        return outcome
