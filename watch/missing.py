"""Missing documents: absent from their listing (or answering 404/410) in N successful crawls in a row.

Called by the watch step after each crawl run. Every finished crawl run is looked at once, in order
(the last one looked at is kept in ``_muniwatch`` under ``watch_missing_run``, so a re-run or a
late watch step never counts a run twice); a crashed run is skipped. For each document, in run R:

- **seen**: a fetch in R served it (new document or version, unchanged, 304) → ``absent_runs = 0``;
- **absent**: every URL that served it when it was last seen either answered 404/410 in R, or was
  not requested in R although the page that linked it (``document_urls.found_on``) was fetched
  successfully in R (it no longer leads there) → ``absent_runs + 1``;
- **unknown** otherwise: the URL was requested and failed (timeout, 5xx, soft-404, wrong type...),
  the linking page failed or was not fetched, the source was not crawled → nothing changes. A
  failed fetch is never evidence of absence, and it does not break a run of absences either.

When ``absent_runs`` reaches ``settings.missing_after_runs`` (default 2) and the document is active,
it becomes ``missing`` (``missing_since``) and one ``document_missing`` change is recorded. When it
is seen again the crawler's store sets it active and ``absent_runs`` back to 0.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from typing import Any

import sqlite_utils

from muniwatch import constants as C

META_KEY = "watch_missing_run"
#: A fetch that served the document.
SEEN_OUTCOMES = frozenset({C.FETCH_NEW_DOCUMENT, C.FETCH_NEW_VERSION, C.FETCH_UNCHANGED, C.FETCH_NOT_MODIFIED})
#: A linking page answered (an HTML page crawled for links, or a document page such as a summary).
PAGE_OUTCOMES = frozenset({C.FETCH_PAGE}) | SEEN_OUTCOMES
GONE_STATUSES = frozenset({404, 410})


@dataclasses.dataclass
class MissingReport:
    runs: list[int] = dataclasses.field(default_factory=list)     # crawl runs looked at
    absent: int = 0                                                # documents counted absent (all runs)
    marked: list[int] = dataclasses.field(default_factory=list)   # documents that became missing
    changes: list[dict[str, Any]] = dataclasses.field(default_factory=list)   # document_missing rows inserted


def runs_to_check(db: sqlite_utils.Database, run_id: int | None) -> list[dict[str, Any]]:
    """Runs after the last one looked at, up to ``run_id`` (or all), stopping at a run still going."""
    from db.store import get_meta

    last = int(get_meta(db, META_KEY) or 0)
    out = []
    for row in db.query("select id, status from crawl_runs where id > ? order by id", [last]):
        if run_id is not None and row["id"] > run_id:
            break
        if row["status"] == "running":
            break
        out.append(row)
    return out


def _fetches(db: sqlite_utils.Database, run_id: int) -> dict[str, list[dict[str, Any]]]:
    by_url: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in db.query("select url, final_url, outcome, http_status, document_id from fetches where crawl_run_id = ?",
                      [run_id]):
        by_url[f["url"]].append(f)
        if f["final_url"] and f["final_url"] != f["url"]:
            by_url[f["final_url"]].append(f)
    return by_url


def _current_urls(db: sqlite_utils.Database, document_id: int, run_id: int) -> list[dict[str, Any]]:
    """The URLs (with the page that linked each) that served the document in the last run before
    ``run_id`` that saw it; all its known URLs when no fetch ever recorded it."""
    seen = sorted(SEEN_OUTCOMES)
    marks = ",".join("?" * len(seen))
    last = db.execute(f"""select max(crawl_run_id) from fetches where document_id = ? and crawl_run_id < ?
                          and outcome in ({marks})""", [document_id, run_id, *seen]).fetchone()[0]
    if last is not None:
        rows = list(db.query(f"""select distinct f.url, u.found_on from fetches f
                                 left join document_urls u on u.url = f.url
                                 where f.document_id = ? and f.crawl_run_id = ? and f.outcome in ({marks})""",
                             [document_id, last, *seen]))
        if rows:
            return rows
    return list(db.query("select url, found_on from document_urls where document_id = ?", [document_id]))


def absence(db: sqlite_utils.Database, document_id: int, run_id: int,
            fetches: dict[str, list[dict[str, Any]]]) -> str | None:
    """Why the document counts as absent in this run ("404: URL", "unlinked: URL"), or None when
    the run says nothing sure about it (see the module notes)."""
    urls = _current_urls(db, document_id, run_id)
    if not urls:
        return None
    reasons = []
    for u in urls:
        tried = fetches.get(u["url"], [])
        if tried:
            gone = [f for f in tried if f["http_status"] in GONE_STATUSES]
            elsewhere = [f for f in tried if f["outcome"] in SEEN_OUTCOMES and f["document_id"] != document_id]
            if gone:
                reasons.append(f"{gone[0]['http_status']}: {u['url']}")
            elif elsewhere:
                reasons.append(f"serves another document: {u['url']}")
            else:
                return None      # requested and failed (or refused): no evidence either way
            continue
        page = u["found_on"]
        if page and any(f["outcome"] in PAGE_OUTCOMES for f in fetches.get(page, [])):
            reasons.append(f"unlinked from {page}: {u['url']}")
        else:
            return None
    return "; ".join(reasons)


def check_run(db: sqlite_utils.Database, settings: Any, run_id: int, *, detected_at: str,
              report: MissingReport) -> None:
    """Apply one finished crawl run to every document's ``absent_runs`` (see the module notes)."""
    from watch import gender
    from watch.watch_rows import missing_row
    from watch.watch_store import insert_changes, version_info

    fetches = _fetches(db, run_id)
    seen_ids = {f["document_id"] for fs in fetches.values() for f in fs
                if f["outcome"] in SEEN_OUTCOMES and f["document_id"] is not None}
    threshold = max(1, int(settings.missing_after_runs))
    lex = gender.load_lexicon()
    with db.conn:
        for doc in list(db.query("select id, status, absent_runs, current_version_id, first_seen_at from documents")):
            if doc["id"] in seen_ids:
                if doc["absent_runs"]:
                    db.execute("update documents set absent_runs = 0 where id = ?", [doc["id"]])
                continue
            first = db.execute("select min(crawl_run_id) from versions where document_id = ?", [doc["id"]]).fetchone()[0]
            if doc["status"] != C.DOC_ACTIVE or (first is not None and first >= run_id):
                continue
            why = absence(db, doc["id"], run_id, fetches)
            if why is None:
                continue
            absent = (doc["absent_runs"] or 0) + 1
            report.absent += 1
            if absent < threshold:
                db.execute("update documents set absent_runs = ? where id = ?", [absent, doc["id"]])
                continue
            db.execute("update documents set absent_runs = ?, status = ?, missing_since = ? where id = ?",
                       [absent, C.DOC_MISSING, detected_at, doc["id"]])
            report.marked.append(doc["id"])
            if doc["current_version_id"] is not None:
                info = version_info(db, doc["current_version_id"])
                report.changes += insert_changes(db, [missing_row(info, evidence=why, absent_runs=absent,
                                                                   detected_at=detected_at, crawl_run_id=run_id,
                                                                   lex=lex)])
        _mark_checked(db, run_id)   # in the same transaction: a run is counted exactly once


def _mark_checked(db: sqlite_utils.Database, run_id: int) -> None:
    db["_muniwatch"].upsert({"key": META_KEY, "value": str(run_id)}, pk="key")


def check_missing(db: sqlite_utils.Database, settings: Any, *, run_id: int | None = None,
                  detected_at: str | None = None) -> MissingReport:
    """Look at every crawl run not looked at yet, up to ``run_id`` (all when None), in order."""
    from db.store import now

    report = MissingReport()
    stamp = detected_at or now()
    for run in runs_to_check(db, run_id):
        if run["status"] == "finished":
            check_run(db, settings, run["id"], detected_at=stamp, report=report)
        else:   # crashed: says nothing about any document
            with db.conn:
                _mark_checked(db, run["id"])
        report.runs.append(run["id"])
    return report
