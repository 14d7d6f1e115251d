"""The watch step: compare every newly understood version with what came before and fill ``changes``.

Runs after each crawl and processing step (``muniwatch.pipeline.watch_step``, the demo, the
scheduler). For each version processed ok by the current parser and not yet watched with the
current diff, normaliser, parser and lexicon versions, oldest first:

- **first understood version of a document**: if the document was in the *baseline* (first seen in
  the first finished crawl in which its source answered) nothing is reported: the first crawl
  establishes what exists. Otherwise one ``new_document`` change; for a council bundle or summary
  also one ``new_decision`` per decision not published by the municipality in an earlier crawl (the
  same karar in the PDF bundle and the HTML summary is one change, placed in the PDF); for this
  year's performance programme or activity report also the *successor diff* against last year's
  document of the same municipality (``predecessor_document_id``), only here, when the new year's
  document appears (a later version of it is compared with its own previous version, never with
  last year's again).
- **later version**: compared with the document's previous understood version, segment by segment
  (``diff.diff_segments``) when both have segments, sentence by sentence (``diff.diff_text``)
  otherwise. A decision added to a council page is a ``new_decision``.

Each version's changes and its ``watch_state`` row are written in one transaction; ``dedupe_key``
makes a second run (or a re-watch after a tool upgrade) insert nothing it already reported. Then
``watch.missing`` looks at the crawl runs not looked at yet for documents gone from their listing.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, Callable

import sqlite_utils

from muniwatch import constants as C
from watch import gender, watch_store as store
from watch.diff import DiffError, diff_segments, diff_successor, diff_text
from watch.alerts import record_site
from watch.missing import check_missing
from watch.watch_rows import (Side, VersionInfo, decision_row, new_document_row, segment_rows, text_rows)

#: Yearly documents diffed against last year's when a new year's one appears.
SUCCESSOR_TYPES = (C.PERFORMANCE_PROGRAMME, C.ACTIVITY_REPORT)
_YEAR = re.compile(r"(?:19|20)\d\d")


@dataclasses.dataclass
class WatchReport:
    compared: int = 0           # versions watched in this step
    changes: int = 0            # change rows inserted (document_missing included)
    gender_relevant: int = 0    # of which gender-relevant
    missing: int = 0            # documents that became missing


class _Watcher:
    def __init__(self, db: sqlite_utils.Database, run_id: int | None, detected_at: str) -> None:
        self.db = db
        self.run_id = run_id
        self.detected_at = detected_at
        self.lex = gender.load_lexicon()
        self._baselines: dict[str | None, int | None] = {}

    def side(self, version_id: int, info: VersionInfo | None = None) -> Side:
        return Side(info or store.version_info(self.db, version_id), store.load_segments(self.db, version_id), self.lex)

    def run_of(self, info: VersionInfo) -> int | None:
        return self.run_id if self.run_id is not None else info.crawl_run_id

    # ------------------------------------------------------------------------------ per version

    def watch(self, version_id: int, rewatch: bool) -> tuple[list[dict[str, Any]], bool]:
        """(rows inserted, whether the version was watched: False when its predecessor is not yet
        understood by the current code, so the comparison must wait for processing)."""
        info = store.version_info(self.db, version_id)
        prev = store.previous_ok_version(self.db, info.document_id, version_id)
        if prev is not None and not store.is_current(prev):
            return [], False
        if prev is None:
            compared_with = None
            rows = [] if self.in_baseline(info) else self.new_document(info)
        else:
            compared_with = prev["version_id"]
            rows = self.compare(prev["version_id"], info)
        with self.db.conn:
            inserted = store.insert_changes(self.db, rows, rewatch=rewatch)
            store.record_watch(self.db, version_id, info.document_id, compared_with, len(inserted), self.detected_at)
        return inserted, True

    def in_baseline(self, info: VersionInfo) -> bool:
        source = self.db.execute("select source_id from documents where id = ?", [info.document_id]).fetchone()[0]
        if source not in self._baselines:
            self._baselines[source] = store.baseline_run(self.db, source)
        baseline = self._baselines[source]
        first = store.first_run_of_document(self.db, info.document_id)
        return baseline is None or first is None or first <= baseline

    def compare(self, old_version: int, info: VersionInfo) -> list[dict[str, Any]]:
        old, new = self.side(old_version), self.side(info.version_id, info)
        run = self.run_of(info)
        if old.segments and new.segments:
            changes = diff_segments(old.segments, new.segments)
            rows = segment_rows(changes, old, new, detected_at=self.detected_at, crawl_run_id=run)
            # A decision added to a cumulative page but published earlier elsewhere is not new.
            return [r for r in rows if r["kind"] != C.CHANGE_NEW_DECISION or not store.decision_known_before(
                self.db, info.municipality_id, r["key"], info.crawl_run_id)]
        changes = diff_text(store.load_pages(self.db, old_version), store.load_pages(self.db, info.version_id))
        return text_rows(changes, old.info, info, self.lex, detected_at=self.detected_at, crawl_run_id=run)

    def new_document(self, info: VersionInfo) -> list[dict[str, Any]]:
        side = self.side(info.version_id, info)
        run = self.run_of(info)
        council = info.doc_type == C.COUNCIL_DECISIONS
        rows = [new_document_row(side, store.first_page(self.db, info.version_id), detected_at=self.detected_at,
                                 crawl_run_id=run, decisions_separately=council)]
        if council:
            first_run = store.first_run_of_document(self.db, info.document_id)
            for seg in side.segments:
                key = seg.fields.get("karar_no") or seg.code
                if seg.kind != C.SEG_DECISION or not key:
                    continue
                if store.decision_known_before(self.db, info.municipality_id, key, first_run):
                    continue
                rows.append(decision_row(seg, side, detected_at=self.detected_at, crawl_run_id=run))
        if info.doc_type in SUCCESSOR_TYPES and info.period and _YEAR.fullmatch(info.period):
            rows += self.successor(side)
        return rows

    def successor(self, new: Side) -> list[dict[str, Any]]:
        info = new.info
        year = int(info.period)   # type: ignore[arg-type]
        prev_doc = self.db.execute(
            """select id from documents where municipality_id is ? and doc_type = ? and period = ?
               and coalesce(variant, '') = ?""",
            [info.municipality_id, info.doc_type, str(year - 1), info.variant]).fetchone()
        if prev_doc is None or not new.segments:
            return []
        prev_version = store.latest_ok_version(self.db, prev_doc[0], info.version_id)
        if prev_version is None:
            return []
        old = self.side(prev_version)
        if not old.segments:
            return []
        try:
            changes = diff_successor(old.segments, new.segments, prev_year=year - 1, this_year=year)
        except DiffError:
            return []
        return segment_rows(changes, old, new, detected_at=self.detected_at, crawl_run_id=self.run_of(info),
                            predecessor=old.info)


def watch_step(db: sqlite_utils.Database, settings: Any, *, run_id: int | None = None,
               progress: Callable[[int, int, str], None] | None = None,
               detected_at: str | None = None) -> WatchReport:
    """Compare every version not yet watched, then look for missing documents (see the module notes).

    ``run_id`` is the crawl run just finished (stored as the changes' ``crawl_run_id``; missing
    documents are looked for in every finished run up to it). ``progress(done, total, label)`` is
    called after each version.
    """
    from db.store import now

    stamp = detected_at or now()
    watcher = _Watcher(db, run_id, stamp)
    report = WatchReport()
    todo = store.pending_versions(db)
    for done, row in enumerate(todo, start=1):
        inserted, watched = watcher.watch(row["version_id"], bool(row["rewatch"]))
        if watched:
            report.compared += 1
        report.changes += len(inserted)
        report.gender_relevant += sum(r["gender_relevant"] for r in inserted)
        if progress:
            progress(done, len(todo), f"version {row['version_id']}")
    missing = check_missing(db, settings, run_id=run_id, detected_at=stamp)
    record_site(db, settings)   # the canned queries build absolute links to changes from it
    report.missing = len(missing.marked)
    report.changes += len(missing.changes)
    report.gender_relevant += sum(r["gender_relevant"] for r in missing.changes)
    return report
