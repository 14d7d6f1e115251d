"""The watcher's reads and writes: versions ready to compare, their segments and pages, ``changes``
rows (INSERT OR IGNORE on ``dedupe_key``), ``watch_state`` rows, and the query behind
``muniwatch changes``.

A version is *ready* when its ``processing`` row is ``ok`` and was made by the current parser and
normaliser (``watch.process``): two versions are only ever compared as understood by the same code.
It is *watched* when its ``watch_state`` row names the current diff, normaliser, parser and lexicon
versions; a bump of any of them compares again (the dedupe key keeps what was already reported from
being reported twice).
"""

from __future__ import annotations

import json
from typing import Any, Iterable

import sqlite_utils

from watch.diff import DIFF_VERSION
from watch.gender import LEXICON_VERSION
from watch.process import PARSER_VERSION
from watch.segments import Segment
from watch.turkish import NORMALIZER_VERSION
from watch.watch_rows import VersionInfo

JSON_COLUMNS = ("numeric", "words_removed", "words_added", "categories", "matched_terms")

_INFO_SQL = """
    select v.id as version_id, v.document_id, d.identity, d.municipality_id, d.doc_type, d.period,
           coalesce(d.variant, '') as variant, d.title, v.sha256, v.crawl_run_id, p.format
    from versions v join documents d on d.id = v.document_id
    left join processing p on p.version_id = v.id
"""


def _info(row: dict[str, Any]) -> VersionInfo:
    return VersionInfo(**{k: row[k] for k in VersionInfo.__dataclass_fields__})


def version_info(db: sqlite_utils.Database, version_id: int) -> VersionInfo:
    row = next(db.query(_INFO_SQL + " where v.id = ?", [version_id]))
    return _info(row)


def is_current(row: dict[str, Any]) -> bool:
    """Whether a processing row was made by the parser and normaliser running now."""
    return _stamp(row["parser_version"], row["normalizer_version"]) == _stamp(PARSER_VERSION, NORMALIZER_VERSION)


def _stamp(*values: Any) -> tuple[str, ...]:
    """Tool versions as text: the schema declares some columns int, PARSER_VERSION is a string, and
    SQLite would turn a numeric-looking one back into a number."""
    return tuple("" if v is None else str(v) for v in values)


def pending_versions(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Versions processed ok by the current parser and normaliser whose watch state is missing or was
    made by other tool versions, in version order (so each document's versions come oldest first).
    ``rewatch`` is 1 when an older watch_state row exists."""
    now = _stamp(DIFF_VERSION, NORMALIZER_VERSION, PARSER_VERSION, LEXICON_VERSION)
    rows = db.query("""
        select v.id as version_id, v.document_id, p.parser_version, p.normalizer_version,
               w.version_id is not null as rewatch, w.diff_version as w_diff, w.normalizer_version as w_norm,
               w.parser_version as w_parser, w.lexicon_version as w_lex
        from versions v join processing p on p.version_id = v.id
        left join watch_state w on w.version_id = v.id
        where p.status = 'ok'
        order by v.id""")
    return [r for r in rows if is_current(r) and (not r["rewatch"] or
                                                  _stamp(r["w_diff"], r["w_norm"], r["w_parser"], r["w_lex"]) != now)]


def previous_ok_version(db: sqlite_utils.Database, document_id: int, before_version_id: int) -> dict[str, Any] | None:
    """The latest earlier version of the document that was understood (processing ok), with whether
    its processing is current; None when there is none (this is the first understood version)."""
    return next(db.query("""
        select v.id as version_id, p.parser_version, p.normalizer_version
        from versions v join processing p on p.version_id = v.id
        where v.document_id = ? and v.id < ? and p.status = 'ok'
        order by v.id desc limit 1""", [document_id, before_version_id]), None)


def latest_ok_version(db: sqlite_utils.Database, document_id: int, before_version_id: int) -> int | None:
    """The document's latest version up to ``before_version_id`` that is understood by current code."""
    for row in db.query("""
            select v.id as version_id, p.parser_version, p.normalizer_version
            from versions v join processing p on p.version_id = v.id
            where v.document_id = ? and v.id < ? and p.status = 'ok' order by v.id desc""",
            [document_id, before_version_id]):
        return row["version_id"] if is_current(row) else None
    return None


def load_segments(db: sqlite_utils.Database, version_id: int) -> list[Segment]:
    return [Segment(kind=r["kind"], code=r["code"], title=r["title"] or "", text=r["text"] or "",
                    page_start=r["page_start"], page_end=r["page_end"], parent_code=r["parent_code"],
                    ordinal=r["ordinal"], fields=json.loads(r["fields"] or "{}"))
            for r in db.query("select * from segments where version_id = ? order by ordinal, id", [version_id])]


def load_pages(db: sqlite_utils.Database, version_id: int) -> list[str]:
    return [r[0] or "" for r in db.execute("select text from pages where version_id = ? order by page", [version_id])]


def first_page(db: sqlite_utils.Database, version_id: int) -> str:
    row = db.execute("select text from pages where version_id = ? order by page limit 1", [version_id]).fetchone()
    return (row[0] or "") if row else ""


# ------------------------------------------------------------------------------------ baseline


def first_run_of_document(db: sqlite_utils.Database, document_id: int) -> int | None:
    return db.execute("select min(crawl_run_id) from versions where document_id = ?", [document_id]).fetchone()[0]


def baseline_run(db: sqlite_utils.Database, source_id: str | None) -> int | None:
    """The first finished crawl run in which the source answered at all (a page or a document):
    what it held then is the baseline. A source whose first crawls all failed has no baseline yet."""
    from watch.missing import SEEN_OUTCOMES, PAGE_OUTCOMES

    outcomes = sorted(SEEN_OUTCOMES | PAGE_OUTCOMES)
    return db.execute(
        f"""select min(f.crawl_run_id) from fetches f join crawl_runs r on r.id = f.crawl_run_id
            where f.source_id is ? and r.status = 'finished' and f.outcome in ({','.join('?' * len(outcomes))})""",
        [source_id, *outcomes]).fetchone()[0]


def decision_known_before(db: sqlite_utils.Database, municipality_id: str | None, key: str, run_id: int | None) -> bool:
    """Whether a decision with this karar no was already published by the municipality in an earlier
    crawl run (a cumulative page, an earlier bundle): then it is not new."""
    if run_id is None:
        return False
    return db.execute(
        """select 1 from segments s join versions v on v.id = s.version_id join documents d on d.id = v.document_id
           where s.kind = 'karar' and s.key = ? and d.municipality_id is ? and v.crawl_run_id < ? limit 1""",
        [key, municipality_id, run_id]).fetchone() is not None


# --------------------------------------------------------------------------------------- writes


def insert_changes(db: sqlite_utils.Database, rows: Iterable[dict[str, Any]], *, rewatch: bool = False) -> list[dict[str, Any]]:
    """Insert rows whose dedupe_key is new; return those inserted (call inside a transaction).

    Two refinements: a ``new_decision`` already reported from an HTML summary is moved to the PDF
    bundle when that arrives (page numbers in the original file); and on a re-watch (tool versions
    changed), a change to a segment already reported for the same two versions is not reported again
    just because the new parser words it differently.
    """
    inserted = []
    for row in rows:
        existing = db.execute("select id, to_version_id from changes where dedupe_key = ?", [row["dedupe_key"]]).fetchone()
        if existing:
            if row["kind"] == "new_decision" and _prefer(db, row["to_version_id"], existing[1]):
                db.execute("""update changes set document_id = ?, doc_type = ?, period = ?, to_version_id = ?,
                              page_after = ?, after_text = ?, code = ? where id = ?""",
                           [row["document_id"], row["doc_type"], row["period"], row["to_version_id"],
                            row["page_after"], row["after_text"], row["code"], existing[0]])
            continue
        if rewatch and (row.get("key") or row.get("code")) and db.execute(
                """select 1 from changes where from_version_id is ? and to_version_id is ? and kind = ?
                   and segment_kind is ? and coalesce(key, code) = ? limit 1""",
                [row.get("from_version_id"), row.get("to_version_id"), row["kind"], row.get("segment_kind"),
                 row.get("key") or row.get("code")]).fetchone():
            continue
        cursor = db.execute(
            f"insert or ignore into changes ({', '.join(row)}) values ({', '.join('?' * len(row))})", list(row.values()))
        if cursor.rowcount:
            inserted.append(row)
    return inserted


def _prefer(db: sqlite_utils.Database, new_version: int | None, old_version: int | None) -> bool:
    """A decision's PDF bundle is preferred over its HTML summary (the PDF has page numbers)."""
    if new_version is None or old_version is None or new_version == old_version:
        return False
    fmt = dict(db.execute("select version_id, format from processing where version_id in (?, ?)",
                          [new_version, old_version]).fetchall())
    return fmt.get(old_version) == "html" and fmt.get(new_version) not in (None, "html")


def record_watch(db: sqlite_utils.Database, version_id: int, document_id: int, compared_with: int | None,
                 changes: int, watched_at: str) -> None:
    db["watch_state"].insert({
        "version_id": version_id, "document_id": document_id, "compared_with_version_id": compared_with,
        "diff_version": DIFF_VERSION, "normalizer_version": NORMALIZER_VERSION, "parser_version": PARSER_VERSION,
        "lexicon_version": LEXICON_VERSION, "watched_at": watched_at, "changes": changes,
    }, pk="version_id", replace=True)


# ---------------------------------------------------------------------------------------- query


def query_changes(db: sqlite_utils.Database, *, municipality: str | None = None, since: str | None = None,
                  gender_only: bool = False, limit: int | None = None) -> list[dict[str, Any]]:
    """Changes, newest first, with the municipality's name; JSON columns decoded. ``since`` is an
    ISO date or time compared with ``detected_at`` (UTC)."""
    if "changes" not in db.table_names():
        return []
    where, params = [], []
    if municipality:
        where.append("c.municipality_id = ?")
        params.append(municipality)
    if since:
        where.append("c.detected_at >= ?")
        params.append(since)
    if gender_only:
        where.append("c.gender_relevant = 1")
    sql = ("select c.*, m.name as municipality_name from changes c left join municipalities m on m.id = c.municipality_id"
           + (" where " + " and ".join(where) if where else "") + " order by c.detected_at desc, c.id desc")
    if limit:
        sql += f" limit {int(limit)}"
    out = []
    for row in db.query(sql, params):
        for col in JSON_COLUMNS:
            row[col] = json.loads(row[col]) if row.get(col) else []
        out.append(row)
    return out
