"""Test helpers for the alert tests: ``changes`` rows as the watch step (issue #4) writes them.

The table comes from migration "003_changes"; its foreign keys need the documents and versions a
change names, so :func:`add_change` creates stand-ins for those that do not exist yet.
"""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils


def ensure_version(db: sqlite_utils.Database, version_id: int, municipality_id: str | None, doc_type: str,
                   period: str | None) -> int:
    """A document (by identity) and a version with this id, created when missing; returns the document id."""
    identity = f"{municipality_id or '-'}|{doc_type}|{period or '-'}|"
    doc = db.execute("select id from documents where identity = ?", [identity]).fetchone()
    with db.conn:
        document_id = doc[0] if doc else db["documents"].insert({
            "identity": identity, "municipality_id": municipality_id, "doc_type": doc_type, "period": period,
            "variant": "", "status": "active", "version_count": 0}).last_pk
        if db.execute("select 1 from versions where id = ?", [version_id]).fetchone() is None:
            db["versions"].insert({"id": version_id, "document_id": document_id, "sha256": f"{version_id:064x}",
                                   "size": 1, "archive_path": f"{version_id:02x}/{version_id:064x}.pdf",
                                   "content_type": "application/pdf"})
    return document_id


def add_change(db: sqlite_utils.Database, **fields: Any) -> int:
    """Insert one change row with sensible defaults; JSON fields may be given as Python values."""
    row: dict[str, Any] = {
        "municipality_id": "camliova", "doc_type": "performans_programi", "period": "2026",
        "kind": "modified", "segment_kind": "faaliyet", "title": "Değişiklik", "gender_relevant": 1,
        "categories": [], "matched_terms": [], "numeric": [], "words_removed": [], "words_added": [],
        "significance": "medium", "detected_at": "2026-01-10T09:00:00+00:00", "diff_version": 1,
        "normalizer_version": 1, "parser_version": 1, "lexicon_version": 1,
    }
    row.update(fields)
    row.setdefault("dedupe_key", f"test-{db.execute('select count(*) from changes').fetchone()[0] + 1}-{row['title']}")
    for key in ("categories", "matched_terms", "numeric", "words_removed", "words_added"):
        if not isinstance(row[key], str):
            row[key] = json.dumps(row[key], ensure_ascii=False)
    for key in ("from_version_id", "to_version_id"):
        if row.get(key):
            row["document_id"] = ensure_version(db, row[key], row["municipality_id"], row["doc_type"], row["period"])
    with db.conn:
        return db["changes"].insert(row).last_pk
