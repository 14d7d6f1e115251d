"""Reads and writes of the spine's tables: registry sync, crawl runs, fetches, documents, versions.

The crawler's pipelines call these functions; so do the CLI and the tests. Every write that must be
all-or-nothing (a new version and its fetch row) happens in one transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import sqlite_utils

from muniwatch import constants as C

from .archive import Archive
from .migrations import migrate


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def open_db(path: str | Path, *, migrate_schema: bool = True) -> sqlite_utils.Database:
    """Open (creating if needed) the database in WAL mode and bring the schema up to date."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA busy_timeout = 30000")
    db.enable_wal()
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA synchronous = NORMAL")
    if migrate_schema:
        migrate(db)
    return db


def set_meta(db: sqlite_utils.Database, key: str, value: str) -> None:
    """Facts about this database the published site needs (e.g. where its archive lives)."""
    with db.conn:
        db["_muniwatch"].upsert({"key": key, "value": value}, pk="key")


def get_meta(db: sqlite_utils.Database, key: str) -> str | None:
    row = db.execute("select value from _muniwatch where key = ?", [key]).fetchone()
    return row[0] if row else None


def open_store(settings) -> tuple[sqlite_utils.Database, Archive]:
    """The database and archive named by muniwatch settings; records the archive root in the DB."""
    db = open_db(settings.database)
    archive = Archive(settings.archive)
    archive.root.mkdir(parents=True, exist_ok=True)
    root = str(archive.root.resolve())
    if get_meta(db, "archive_root") != root:
        set_meta(db, "archive_root", root)
    return db, archive


def identity(municipality_id: str | None, doc_type: str, period: str | None, variant: str | None = "") -> str:
    """Stable document identity: a URL change or a re-upload stays the same document."""
    return "|".join([municipality_id or "-", doc_type, period or "-", variant or ""])


# ---------------------------------------------------------------- registry


def sync_registry(db: sqlite_utils.Database, municipality_rows: Iterable[dict], source_rows: Iterable[dict]) -> None:
    """Upsert registry rows, keeping each source's health columns."""
    with db.conn:
        db["municipalities"].upsert_all(list(municipality_rows), pk="id", alter=True)
        for row in source_rows:
            db["sources"].upsert(row, pk="id", alter=True)


# ---------------------------------------------------------------- crawl runs


def start_run(db: sqlite_utils.Database, source_ids: list[str], pid: int | None = None) -> int:
    with db.conn:
        return db["crawl_runs"].insert({
            "started_at": now(), "status": "running", "sources": json.dumps(source_ids), "pid": pid,
        }).last_pk


def finish_run(db: sqlite_utils.Database, run_id: int, *, status: str = "finished",
               stats: dict[str, Any] | None = None, error: str | None = None) -> None:
    counts = db.execute(
        """select count(*) as requests,
                  coalesce(sum(bytes), 0) as bytes_received,
                  sum(http_status = 304) as responses_304,
                  sum(document_id is not null) as documents_seen,
                  sum(outcome = ?) as new_documents,
                  sum(outcome in (?, ?)) as new_versions,
                  sum(outcome in (%s)) as errors
           from fetches where crawl_run_id = ?""" % ",".join("?" * len(C.FETCH_FAILURES)),
        [C.FETCH_NEW_DOCUMENT, C.FETCH_NEW_DOCUMENT, C.FETCH_NEW_VERSION, *sorted(C.FETCH_FAILURES), run_id],
    ).fetchone()
    keys = ["requests", "bytes_received", "responses_304", "documents_seen", "new_documents", "new_versions", "errors"]
    with db.conn:
        db["crawl_runs"].update(run_id, {
            "finished_at": now(), "status": status, "error": error,
            "stats": json.dumps(stats or {}, default=str, ensure_ascii=False),
            **{k: (v or 0) for k, v in zip(keys, counts)},
        })


def update_source_health(db: sqlite_utils.Database, run_id: int, source_ids: Iterable[str]) -> dict[str, str]:
    """Set each crawled source's health from this run's fetches.

    A source is ``ok`` when its start pages answered; ``unreachable`` when nothing answered at all;
    ``failing`` when it answered with errors on every listing page or on most of what was tried.
    """
    result = {}
    for source_id in source_ids:
        rows = list(db.query(
            "select outcome, count(*) as n from fetches where crawl_run_id = ? and source_id = ? group by outcome",
            [run_id, source_id]))
        by = {r["outcome"]: r["n"] for r in rows}
        total = sum(by.values())
        failures = sum(n for o, n in by.items() if o in C.FETCH_FAILURES)
        unreachable = sum(n for o, n in by.items() if o in C.FETCH_UNREACHABLE_OUTCOMES)
        good = total - failures - by.get(C.FETCH_ROBOTS, 0)
        if total == 0 or (unreachable and unreachable == failures and good == 0):
            health = C.HEALTH_UNREACHABLE
        elif good == 0 or failures > good:
            health = C.HEALTH_FAILING
        else:
            health = C.HEALTH_OK
        previous = db["sources"].get(source_id) if source_id in _ids(db, "sources") else None
        if previous is None:
            continue
        error_row = db.execute(
            "select url, outcome, error from fetches where crawl_run_id = ? and source_id = ? and outcome in (%s) "
            "order by id desc limit 1" % ",".join("?" * len(C.FETCH_FAILURES)),
            [run_id, source_id, *sorted(C.FETCH_FAILURES)]).fetchone()
        update: dict[str, Any] = {"health": health, "last_run_id": run_id}
        if health == C.HEALTH_OK:
            update.update(consecutive_failures=0, last_ok_at=now())
        else:
            update.update(consecutive_failures=(previous.get("consecutive_failures") or 0) + 1,
                          last_failure_at=now())
        if error_row:
            update["last_error"] = f"{error_row[1]}: {error_row[0]} ({error_row[2] or ''})".strip()
        with db.conn:
            db["sources"].update(source_id, update)
        result[source_id] = health
    return result


def _ids(db: sqlite_utils.Database, table: str) -> set[str]:
    return {r[0] for r in db.execute(f"select id from [{table}]").fetchall()}


# ---------------------------------------------------------------- fetches


def record_fetch(db: sqlite_utils.Database, run_id: int, **fields: Any) -> int:
    fields.setdefault("at", now())
    with db.conn:
        return db["fetches"].insert({"crawl_run_id": run_id, **fields}, alter=False).last_pk


def url_validators(db: sqlite_utils.Database, url: str) -> tuple[str | None, str | None]:
    """The ETag and Last-Modified last seen for a document URL (for conditional requests)."""
    row = db.execute("select etag, last_modified from document_urls where url = ?", [url]).fetchone()
    return (row[0], row[1]) if row else (None, None)


@dataclass
class DocumentFetch:
    """One successfully downloaded (or 304-confirmed) document, as the crawler classified it."""
    run_id: int
    source_id: str
    municipality_id: str | None
    doc_type: str
    period: str | None
    url: str
    variant: str = ""
    title: str | None = None
    link_text: str | None = None
    found_on: str | None = None
    final_url: str | None = None
    http_status: int = 200
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    filename: str | None = None
    duration_ms: int | None = None
    network_bytes: int | None = None


def record_document(db: sqlite_utils.Database, archive: Archive, fetch: DocumentFetch, body: bytes) -> tuple[str, int, int | None]:
    """Archive ``body`` and record it; return (outcome, document_id, new version id or None).

    A new version is recorded only when the bytes differ from the document's current version AND
    from what this URL served last time: two URLs that keep serving two different files under one
    identity must not flip-flop into a new version on every crawl.
    """
    sha, relative = archive.store(body, fetch.content_type, fetch.filename)
    ident = identity(fetch.municipality_id, fetch.doc_type, fetch.period, fetch.variant)
    stamp = now()
    with db.conn:
        doc = db.execute("select id, current_version_id from documents where identity = ?", [ident]).fetchone()
        if doc is None:
            document_id = db["documents"].insert({
                "identity": ident, "municipality_id": fetch.municipality_id, "doc_type": fetch.doc_type,
                "period": fetch.period, "variant": fetch.variant or "", "title": fetch.title,
                "source_id": fetch.source_id, "status": C.DOC_ACTIVE, "first_seen_at": stamp,
                "version_count": 0,
            }).last_pk
            current_sha = None
        else:
            document_id = doc[0]
            current_sha = db.execute("select sha256 from versions where id = ?", [doc[1]]).fetchone()
            current_sha = current_sha[0] if current_sha else None
        url_row = db.execute("select last_sha256 from document_urls where url = ?", [fetch.url]).fetchone()
        url_sha = url_row[0] if url_row else None
        version_id = None
        if current_sha is None:
            outcome = C.FETCH_NEW_DOCUMENT
        elif sha != current_sha and sha != url_sha:
            outcome = C.FETCH_NEW_VERSION
        else:
            # A 304 answered from the HTTP cache is "not modified"; a full download of the same bytes is "unchanged".
            outcome = C.FETCH_NOT_MODIFIED if fetch.http_status == 304 else C.FETCH_UNCHANGED
        if outcome in (C.FETCH_NEW_DOCUMENT, C.FETCH_NEW_VERSION):
            version_id = db["versions"].insert({
                "document_id": document_id, "sha256": sha, "size": len(body), "url": fetch.url,
                "final_url": fetch.final_url or fetch.url, "fetched_at": stamp,
                "http_status": fetch.http_status, "content_type": fetch.content_type, "etag": fetch.etag,
                "last_modified": fetch.last_modified, "filename": fetch.filename, "archive_path": relative,
                "crawl_run_id": fetch.run_id, "source_id": fetch.source_id,
            }).last_pk
            db.execute("update documents set current_version_id = ?, version_count = version_count + 1 where id = ?",
                       [version_id, document_id])
        _seen(db, document_id, fetch, stamp, sha)
        db["fetches"].insert({
            "crawl_run_id": fetch.run_id, "source_id": fetch.source_id, "url": fetch.url,
            "final_url": fetch.final_url or fetch.url, "at": stamp, "http_status": fetch.http_status,
            "outcome": outcome, "bytes": fetch.network_bytes if fetch.network_bytes is not None else len(body),
            "duration_ms": fetch.duration_ms, "content_type": fetch.content_type,
            "document_id": document_id, "version_id": version_id, "referer": fetch.found_on,
        })
    return outcome, document_id, version_id


def record_not_modified(db: sqlite_utils.Database, fetch: DocumentFetch) -> int | None:
    """A 304 for a known document URL: the document was seen, nothing was downloaded."""
    stamp = now()
    with db.conn:
        row = db.execute("select document_id, last_sha256 from document_urls where url = ?", [fetch.url]).fetchone()
        document_id = row[0] if row else None
        if document_id is not None:
            _seen(db, document_id, fetch, stamp, row[1])
        db["fetches"].insert({
            "crawl_run_id": fetch.run_id, "source_id": fetch.source_id, "url": fetch.url,
            "final_url": fetch.final_url or fetch.url, "at": stamp, "http_status": 304,
            "outcome": C.FETCH_NOT_MODIFIED, "bytes": fetch.network_bytes or 0,
            "duration_ms": fetch.duration_ms, "content_type": fetch.content_type,
            "document_id": document_id, "referer": fetch.found_on,
        })
    return document_id


def _seen(db: sqlite_utils.Database, document_id: int, fetch: DocumentFetch, stamp: str, sha: str | None) -> None:
    db.execute(
        "update documents set last_seen_at = ?, last_seen_run_id = ?, status = ?, missing_since = null, absent_runs = 0 "
        "where id = ?",
        [stamp, fetch.run_id, C.DOC_ACTIVE, document_id])
    existing = db.execute("select etag, last_modified from document_urls where url = ?", [fetch.url]).fetchone()
    row = {
        "url": fetch.url, "document_id": document_id, "source_id": fetch.source_id,
        "link_text": fetch.link_text, "found_on": fetch.found_on, "last_seen_at": stamp,
        "etag": fetch.etag or (existing[0] if existing else None),
        "last_modified": fetch.last_modified or (existing[1] if existing else None),
        "last_sha256": sha, "last_status": fetch.http_status,
    }
    if existing is None:
        row["first_seen_at"] = stamp
    db["document_urls"].upsert(row, pk="url")


# ---------------------------------------------------------------- queries used by the CLI and demo


def summary(db: sqlite_utils.Database) -> list[dict]:
    return list(db.query(
        """select m.name as municipality, d.doc_type, count(*) as documents, sum(d.version_count) as versions
           from documents d left join municipalities m on m.id = d.municipality_id
           group by d.municipality_id, d.doc_type order by m.name, d.doc_type"""))
