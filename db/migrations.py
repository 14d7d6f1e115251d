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


@migration("002_understanding")
def _understanding(db: sqlite_utils.Database) -> None:
    """Pages, segments and the processing log of every archived version (issue #3).

    ``search_text`` columns hold ``watch.turkish.search_text`` keys (FTS5's unicode61 cannot fold
    ı/İ or strip Turkish suffixes); the FTS5 tables index only those columns and are kept in step by
    triggers, so re-processing a version (delete + insert) never leaves stale index rows.
    """
    db["processing"].create({
        "version_id": int, "status": str, "error_kind": str, "error": str, "format": str,
        "page_count": int, "pages_extracted": int, "ocr_used": int, "ocr_confidence": float,
        "truncated": int, "warnings": str, "extractor_version": int, "parser_version": str,
        "normalizer_version": int, "doc_type": str, "parser": str, "segment_count": int,
        "detected_type": str, "detected_period": str, "detected_municipality_id": str,
        "detection_confidence": float, "detection_evidence": str, "type_source": str,
        "processed_at": str, "duration_ms": int,
    }, pk="version_id", not_null={"status"}, foreign_keys=[("version_id", "versions", "id")])
    db["processing"].create_index(["status", "error_kind"])
    db["pages"].create({
        "version_id": int, "page": int, "text": str, "ocr": int, "ocr_confidence": float,
        "search_text": str,
    }, pk=("version_id", "page"), foreign_keys=[("version_id", "versions", "id")])
    db["segments"].create({
        "id": int, "version_id": int, "document_id": int, "ordinal": int, "kind": str, "code": str,
        "key": str, "parent_code": str, "title": str, "text": str, "page_start": int, "page_end": int,
        "fields": str, "parser_version": str, "search_text": str,
    }, pk="id", not_null={"version_id", "kind"},
        foreign_keys=[("version_id", "versions", "id"), ("document_id", "documents", "id")])
    db["segments"].create_index(["version_id", "ordinal"])
    db["segments"].create_index(["version_id", "kind", "key"])
    db["segments"].create_index(["document_id", "kind", "key"])
    db["pages"].enable_fts(["search_text"], create_triggers=True)
    db["segments"].enable_fts(["search_text"], create_triggers=True)
    db.execute("""
        create view type_disagreements as
        select p.version_id, v.document_id, d.municipality_id, d.doc_type as crawler_type,
               p.detected_type, d.period as crawler_period, p.detected_period, p.type_source,
               p.detection_confidence, p.detection_evidence
        from processing p join versions v on v.id = p.version_id join documents d on d.id = v.document_id
        where (p.detected_type is not null and p.detected_type != d.doc_type)
           or (p.detected_period is not null and d.period is not null and p.detected_period != d.period)
    """)


@migration("003_changes")
def _changes(db: sqlite_utils.Database) -> None:
    """What the watcher reports: one row per change, traceable to two versions and a page."""
    db["changes"].create({
        "id": int, "dedupe_key": str, "document_id": int, "municipality_id": str, "doc_type": str,
        "period": str, "from_version_id": int, "to_version_id": int, "predecessor_document_id": int,
        "kind": str, "segment_kind": str, "code": str, "key": str, "parent_code": str, "title": str,
        "before_text": str, "after_text": str, "numeric": str, "page_before": int, "page_after": int,
        "words_removed": str, "words_added": str, "gender_relevant": int, "categories": str,
        "matched_terms": str, "relevance_explanation": str, "significance": str, "detected_at": str,
        "crawl_run_id": int, "diff_version": int, "normalizer_version": int, "parser_version": int,
        "lexicon_version": int,
    }, pk="id", not_null={"dedupe_key", "kind"},
        foreign_keys=[("document_id", "documents", "id"), ("from_version_id", "versions", "id"),
                      ("to_version_id", "versions", "id"), ("predecessor_document_id", "documents", "id"),
                      ("municipality_id", "municipalities", "id")],
        defaults={"gender_relevant": 0, "significance": "low"})
    db["changes"].create_index(["dedupe_key"], unique=True)
    db["changes"].create_index(["municipality_id", "detected_at"])
    db["changes"].create_index(["gender_relevant", "detected_at"])
    # Successful crawls of a document's source in a row that did not see it (missing after N).
    db["documents"].add_column("absent_runs", int, not_null_default=0)
    # Which versions the watcher has compared, with which versions of the normaliser and parser.
    db["watch_state"].create({
        "version_id": int, "document_id": int, "compared_with_version_id": int, "diff_version": int,
        "normalizer_version": int, "parser_version": int, "lexicon_version": int, "watched_at": str,
        "changes": int,
    }, pk="version_id", foreign_keys=[("version_id", "versions", "id"), ("document_id", "documents", "id")])


@migration("004_alerts")
def _alerts(db: sqlite_utils.Database) -> None:
    """Subscriptions, the alerts outbox, expected-but-missing occurrences and scheduler job runs (#5).

    ``alerts.dedupe_key`` (subscription + occurrence + channel) is UNIQUE: queueing the same change
    twice is a no-op, so an alert is never queued twice. ``changes`` is referenced by id without a
    foreign key: this migration does not depend on the order in which ``003_changes`` is applied.
    """
    db["subscriptions"].create({
        "id": int, "name": str, "channels": str, "municipalities": str, "provinces": str,
        "municipality_kinds": str, "doc_types": str, "categories": str, "keywords": str,
        "change_kinds": str, "min_significance": str, "gender_only": int, "missing_alerts": int,
        "mode": str, "language": str, "active": int, "since": str, "last_change_id": int,
        "last_missing_id": int, "source_file": str, "source_line": int, "created_at": str,
        "updated_at": str,
    }, pk="id", not_null={"name", "mode", "language"},
        defaults={"active": 1, "gender_only": 1, "missing_alerts": 1, "mode": "immediate", "language": "tr",
                  "min_significance": "low", "last_change_id": 0, "last_missing_id": 0})
    db["subscriptions"].create_index(["name"], unique=True)
    db["expected_missing"].create({
        "id": int, "rule_key": str, "rule": str, "municipality_id": str, "source_id": str, "doc_type": str,
        "period": str, "due_date": str, "detected_at": str, "resolved_at": str, "details": str,
    }, pk="id", not_null={"rule_key", "rule"})
    db["expected_missing"].create_index(["rule_key"], unique=True)
    db["alerts"].create({
        "id": int, "subscription_id": int, "kind": str, "change_id": int, "missing_id": int, "rule_key": str,
        "occurrence": str, "municipality_id": str, "dedupe_key": str, "channel": str, "status": str,
        "attempts": int, "next_attempt_at": str, "last_error": str, "created_at": str, "claimed_at": str,
        "claim_token": str, "sent_at": str, "digest_key": str,
    }, pk="id", not_null={"subscription_id", "occurrence", "dedupe_key", "channel", "status"},
        foreign_keys=[("subscription_id", "subscriptions", "id"), ("missing_id", "expected_missing", "id")],
        defaults={"status": "pending", "attempts": 0})
    db["alerts"].create_index(["dedupe_key"], unique=True)
    db["alerts"].create_index(["status", "next_attempt_at"])
    db["alerts"].create_index(["digest_key"])
    db["alerts"].create_index(["subscription_id", "change_id"])
    db["job_runs"].create({
        "id": int, "job_id": str, "trigger": str, "started_at": str, "finished_at": str, "status": str,
        "pid": int, "sources": str, "crawl_run_id": int, "steps": str, "versions_processed": int,
        "missing_found": int, "alerts_queued": int, "alerts_sent": int, "alerts_failed": int, "error": str,
    }, pk="id", not_null={"job_id", "status"})
    db["job_runs"].create_index(["job_id", "id"])


@migration("005_promises")
def _promises(db: sqlite_utils.Database) -> None:
    """The promise tracker, researchers' overrides, the gender scorecard and the views users ask for (#6).

    ``promises`` is recomputed (deleted and inserted per municipality and year) whenever the tracker
    runs, so its ids are not stable; ``promise_overrides`` therefore names a match by identities that
    survive re-processing: municipality, year, plan segment kind and key, and the programme code.
    Every row that shows a document carries ``archive_url`` + ``version_id`` + ``page`` (the Datasette
    plugin links it to the archived original at that page); the programme's and the report's columns
    carry the same triple with a ``programme_`` / ``report_`` prefix.
    """
    db["promises"].create({
        "id": int, "municipality_id": str, "year": int, "kind": str, "code": str, "key": str,
        "parent_code": str, "title": str, "plan_document_id": int, "version_id": int, "page": int,
        "archive_url": str, "plan_segment_id": int, "programme_document_id": int, "programme_version_id": int,
        "programme_segment_id": int, "programme_code": str, "programme_title": str, "programme_page": int,
        "programme_archive_url": str, "match_method": str, "similarity": float, "evidence": str,
        "programme_status": str, "plan_cost": str, "programme_cost": str, "cost_change": str,
        "plan_target": str, "programme_target": str, "revised_after_programme": int,
        "report_document_id": int, "report_version_id": int, "report_segment_id": int, "report_code": str,
        "report_page": int, "report_archive_url": str, "report_match_method": str, "report_similarity": float,
        "report_status": str, "report_target": str, "realised": str, "spent": str, "report_detail": str,
        "gender_relevant": int, "categories": str, "relevance_explanation": str, "computed_at": str,
        "promises_version": int,
    }, pk="id", not_null={"municipality_id", "year", "kind", "programme_status", "report_status"},
        foreign_keys=[("municipality_id", "municipalities", "id"), ("plan_document_id", "documents", "id"),
                      ("version_id", "versions", "id"), ("programme_version_id", "versions", "id"),
                      ("report_version_id", "versions", "id")],
        defaults={"gender_relevant": 0, "revised_after_programme": 0})
    db["promises"].create_index(["municipality_id", "year", "kind", "key"])
    db["promises"].create_index(["gender_relevant", "programme_status"])
    db["promise_overrides"].create({
        "id": int, "municipality_id": str, "year": int, "plan_kind": str, "plan_key": str,
        "programme_code": str, "decision": str, "note": str, "created_at": str,
    }, pk="id", not_null={"municipality_id", "year", "plan_kind", "plan_key", "decision", "created_at"},
        foreign_keys=[("municipality_id", "municipalities", "id")])
    db["promise_overrides"].create_index(["municipality_id", "year", "plan_kind", "plan_key"])
    db["scorecard"].create({
        "municipality_id": str, "plan_document_id": int, "period": str, "version_id": int, "page": int,
        "archive_url": str, "equality_goal_or_objective": int, "sex_disaggregated_indicators": int,
        "womens_directorate_owns": int, "equality_unit": int, "local_equality_action_plan": int,
        "gender_budgeting": int, "sex_disaggregated_situation_data": int, "womens_orgs_consulted": int,
        "women_or_men_specific_indicators": int, "general_equality_indicators": int, "score": int,
        "gender_relevant_activities": int, "evidence_summary": str, "checklist": str, "computed_at": str,
        "checklist_version": int, "lexicon_version": int,
    }, pk="municipality_id", foreign_keys=[("municipality_id", "municipalities", "id"),
                                           ("plan_document_id", "documents", "id"), ("version_id", "versions", "id")])
    db.execute("""
        create view promise_tracker as
        select p.id, m.name as municipality, p.municipality_id, p.year, p.kind, p.code, p.title,
               p.programme_status, p.plan_cost, p.programme_cost, p.cost_change, p.plan_target, p.programme_target,
               p.report_status, p.realised, p.spent, p.report_detail, p.gender_relevant, p.categories,
               p.match_method, p.similarity, p.programme_code, p.revised_after_programme,
               p.archive_url, p.version_id, p.page,
               p.programme_archive_url, p.programme_version_id, p.programme_page,
               p.report_archive_url, p.report_version_id, p.report_page
        from promises p left join municipalities m on m.id = p.municipality_id
    """)
    db.execute("""
        create view gender_scorecard as
        select m.name as municipality, s.municipality_id, m.province, s.period, s.score,
               case s.equality_goal_or_objective when 1 then 'evet / yes' when 0 then 'hayır / no' else '?' end
                 as equality_goal_or_objective,
               case s.sex_disaggregated_indicators when 1 then 'evet / yes' when 0 then 'hayır / no' else '?' end
                 as sex_disaggregated_indicators,
               case s.womens_directorate_owns when 1 then 'evet / yes' when 0 then 'hayır / no' else '?' end
                 as womens_directorate_owns,
               case s.equality_unit when 1 then 'evet / yes' when 0 then 'hayır / no' else '?' end as equality_unit,
               case s.local_equality_action_plan when 1 then 'evet / yes' when 0 then 'hayır / no' else '?' end
                 as local_equality_action_plan,
               case s.gender_budgeting when 1 then 'evet / yes' when 0 then 'hayır / no' else '?' end as gender_budgeting,
               s.gender_relevant_activities, s.evidence_summary, s.archive_url, s.version_id, s.page
        from scorecard s left join municipalities m on m.id = s.municipality_id
    """)
    db.execute("""
        create view gender_changes as
        select c.id, c.detected_at, m.name as municipality, c.municipality_id, c.doc_type, c.period, c.kind,
               c.segment_kind, c.code, c.title, c.significance, c.categories, c.relevance_explanation,
               case when c.page_after is null and c.from_version_id is not null then c.from_version_id
                    else coalesce(c.to_version_id, c.from_version_id) end as version_id,
               case when c.page_after is null and c.from_version_id is not null then c.page_before
                    else c.page_after end as page,
               '/-/archive/' || case when c.page_after is null and c.from_version_id is not null then c.from_version_id
                                     else coalesce(c.to_version_id, c.from_version_id) end
                 || coalesce('#page=' || case when c.page_after is null and c.from_version_id is not null
                                               then c.page_before else c.page_after end, '') as archive_url
        from changes c left join municipalities m on m.id = c.municipality_id
        where c.gender_relevant = 1
    """)
    db.execute("""
        create view council_decisions as
        select s.id as segment_id, m.name as municipality, d.municipality_id, d.period, d.variant,
               coalesce(json_extract(s.fields, '$.karar_no'), s.code) as karar_no,
               json_extract(s.fields, '$.karar_tarihi') as karar_tarihi, s.title as subject,
               json_extract(s.fields, '$.proposer') as proposer, json_extract(s.fields, '$.vote') as vote,
               json_extract(s.fields, '$.outcome') as outcome, s.text, s.version_id, s.page_start as page,
               '/-/archive/' || s.version_id || '#page=' || coalesce(s.page_start, 1) as archive_url
        from segments s join documents d on d.current_version_id = s.version_id
        left join municipalities m on m.id = d.municipality_id
        where s.kind = 'karar'
    """)
    db.execute("""
        create view document_timeline as
        select v.id as version_id, v.document_id, m.name as municipality, d.municipality_id, d.doc_type, d.period,
               d.variant, d.title,
               (select count(*) from versions v2 where v2.document_id = v.document_id and v2.id <= v.id) as version_no,
               v.fetched_at, v.crawl_run_id, v.sha256, v.size, v.url, p.status as processing_status,
               p.page_count, p.segment_count,
               (select count(*) from changes c where c.to_version_id = v.id) as changes,
               case when d.current_version_id = v.id then 1 else 0 end as is_current,
               1 as page, '/-/archive/' || v.id || '#page=1' as archive_url
        from versions v join documents d on d.id = v.document_id
        left join processing p on p.version_id = v.id
        left join municipalities m on m.id = d.municipality_id
    """)
