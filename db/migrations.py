"""Schema migrations: a named, ordered set of small functions, each applied once.

Applied migrations are recorded in ``_migrations``; :func:`migrate` runs the rest in order, each in
its own transaction, so a crash mid-migration leaves the database at the previous step.
Later issues append migrations; never edit one that has shipped.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

import sqlite_utils

Migration = Callable[[sqlite_utils.Database], None]
MIGRATIONS: list[tuple[str, Migration]] = []


def migration(name: str) -> Callable[[Migration], Migration]:
    def register(fn: Migration) -> Migration:
        if any(existing == name for existing, _ in MIGRATIONS):
            raise ValueError(f"duplicate migration name {name!r}")
        MIGRATIONS.append((name, fn))
        return fn
    return register


def applied(db: sqlite_utils.Database) -> list[str]:
    if "_migrations" not in db.table_names():
        return []
    return [r["name"] for r in db["_migrations"].rows_where(order_by="id")]


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply every migration not yet applied; return the names applied now."""
    db["_migrations"].create(
        {"id": int, "name": str, "applied_at": str}, pk="id", not_null={"name"}, if_not_exists=True
    )
    done = set(applied(db))
    ran = []
    for name, fn in MIGRATIONS:
        if name in done:
            continue
        with db.conn:
            fn(db)
            db["_migrations"].insert({"name": name, "applied_at": dt.datetime.now(dt.timezone.utc).isoformat()})
        ran.append(name)
    return ran


@migration("001_spine")
def _spine(db: sqlite_utils.Database) -> None:
    db["_muniwatch"].create({"key": str, "value": str}, pk="key")
    db["municipalities"].create({
        "id": str, "name": str, "province": str, "kind": str, "homepage": str,
        "homepage_verified": int, "equality_unit": int, "population": int,
        "registry_file": str, "registry_line": int,
    }, pk="id", not_null={"name", "kind"})
    db["sources"].create({
        "id": str, "municipality_id": str, "kind": str, "start_urls": str, "doc_types": str,
        "js": int, "config": str, "schedule": str,
        "health": str, "consecutive_failures": int, "last_ok_at": str, "last_failure_at": str,
        "last_error": str, "last_run_id": int,
    }, pk="id", foreign_keys=[("municipality_id", "municipalities", "id")],
        defaults={"health": "unknown", "consecutive_failures": 0})
    db["crawl_runs"].create({
        "id": int, "started_at": str, "finished_at": str, "status": str, "sources": str, "pid": int,
        "requests": int, "bytes_received": int, "responses_304": int, "documents_seen": int,
        "new_documents": int, "new_versions": int, "errors": int, "stats": str, "error": str,
    }, pk="id")
    db["documents"].create({
        "id": int, "identity": str, "municipality_id": str, "doc_type": str, "period": str,
        "variant": str, "title": str, "source_id": str, "status": str,
        "first_seen_at": str, "last_seen_at": str, "last_seen_run_id": int,
        "current_version_id": int, "version_count": int, "missing_since": str,
    }, pk="id", not_null={"identity", "doc_type"},
        foreign_keys=[("municipality_id", "municipalities", "id"), ("source_id", "sources", "id")],
        defaults={"status": "active", "version_count": 0, "variant": ""})
    db["documents"].create_index(["identity"], unique=True)
    db["documents"].create_index(["municipality_id", "doc_type", "period"])
    db["versions"].create({
        "id": int, "document_id": int, "sha256": str, "size": int, "url": str, "final_url": str,
        "fetched_at": str, "http_status": int, "content_type": str, "etag": str, "last_modified": str,
        "filename": str, "archive_path": str, "crawl_run_id": int, "source_id": str,
    }, pk="id", not_null={"document_id", "sha256", "archive_path"},
        foreign_keys=[("document_id", "documents", "id"), ("crawl_run_id", "crawl_runs", "id"),
                      ("source_id", "sources", "id")])
    db["versions"].create_index(["document_id", "id"])
    db["versions"].create_index(["sha256"])
    db["document_urls"].create({
        "url": str, "document_id": int, "source_id": str, "link_text": str, "found_on": str,
        "first_seen_at": str, "last_seen_at": str, "etag": str, "last_modified": str,
        "last_sha256": str, "last_status": int,
    }, pk="url", foreign_keys=[("document_id", "documents", "id")])
    db["fetches"].create({
        "id": int, "crawl_run_id": int, "source_id": str, "url": str, "final_url": str, "at": str,
        "http_status": int, "outcome": str, "bytes": int, "duration_ms": int, "content_type": str,
        "document_id": int, "version_id": int, "error": str, "referer": str,
    }, pk="id", foreign_keys=[("crawl_run_id", "crawl_runs", "id"), ("source_id", "sources", "id"),
                              ("document_id", "documents", "id"), ("version_id", "versions", "id")])
    db["fetches"].create_index(["crawl_run_id", "source_id"])
    db["fetches"].create_index(["url"])
