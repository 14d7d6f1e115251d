"""The promise tracker: did the strategic plan's promise reach year Y's programme, and was it done?

For each municipality and year Y that has a performance programme or an activity report archived,
the latest readable version of the strategic plan covering Y is matched item by item (objectives,
indicators, activities) to the latest readable version of Y's programme and of Y's activity report
(:mod:`watch.promise_match`, with researchers' overrides), and each plan item gets a programme status
and a report status (:mod:`watch.promise_status`), its gender relevance (``gender.assess_segments``
over the plan: own words, responsible unit, or inherited from its objective or goal) and the evidence
for every match. Rows go to ``promises``, replaced per municipality and year on every run;
``promise_overrides`` are keyed by stable identities, so they survive.

Changes: a gender-relevant plan activity that is due in Y but missing from Y's programme raises
``promise_dropped``; one whose programme budget is below the plan's cost for Y raises
``promise_budget_cut`` (significance high, deduplicated by municipality, year, item and amounts, so
re-running or re-publishing the same programme never raises twice). Like the watcher's baseline,
what already holds at the first crawl is raised: for a monitor it is a finding all the same. One
exception keeps the chronology honest: a programme is not blamed for a plan revision archived after
the programme itself first appeared (the plan grew or its costs changed after the programme was
written). Such rows say ``revised_after_programme = 1``, and nothing is raised for them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
from decimal import Decimal
from typing import Any, Iterable

import sqlite_utils

from muniwatch import constants as C
from watch import gender
from watch.diff_numeric import decimal_str, to_decimal
from watch.promise_match import MATCH_VERSION, Item, Overrides, match_items, similarity
from watch.promise_status import Side, activity_cost, items_of, judge, objective_cost, target
from watch.segments import Segment
from watch.turkish import NORMALIZER_VERSION, format_number_tr

#: Bump whenever the same archive can give different promise rows or changes.
PROMISES_VERSION = 1
PLAN_KINDS = (C.SEG_GOAL, C.SEG_OBJECTIVE, C.SEG_INDICATOR, C.SEG_ACTIVITY)
DECISIONS = ("confirm", "reject")
SAME_ITEM = 0.9     # how alike a title must be to count as the same item in an earlier plan version


class PromiseError(ValueError):
    """A promise query or override that cannot be answered; the message says how to fix it."""


@dataclasses.dataclass
class PromiseReport:
    """What one run of the tracker did (the pipeline and the scheduler print and record it)."""
    years: list[tuple[str, int]] = dataclasses.field(default_factory=list)
    promises: int = 0
    gender_relevant: int = 0
    by_status: dict[str, int] = dataclasses.field(default_factory=dict)
    changes: list[dict[str, Any]] = dataclasses.field(default_factory=list)   # inserted this run
    scorecards: int = 0


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


# ------------------------------------------------------------------------------------------ reading

def _plan_range(period: str | None) -> range | None:
    m = re.fullmatch(r"\s*(\d{4})\s*[-–/]\s*(\d{4})\s*", period or "")
    return range(int(m.group(1)), int(m.group(2)) + 1) if m else None


def readable_versions(db: sqlite_utils.Database, document_id: int) -> list[dict[str, Any]]:
    """Versions of a document that were processed without error and hold plan segments, oldest first."""
    return list(db.query(
        f"""select v.id, v.document_id, v.crawl_run_id from versions v join processing p on p.version_id = v.id
            where v.document_id = ? and p.status = 'ok' and exists (select 1 from segments s
              where s.version_id = v.id and s.kind in ({','.join('?' * len(PLAN_KINDS))}))
            order by v.id""", [document_id, *PLAN_KINDS]))


def _documents(db: sqlite_utils.Database, municipality_id: str, doc_type: str) -> list[dict[str, Any]]:
    return list(db.query("select id, period from documents where municipality_id = ? and doc_type = ? order by id",
                         [municipality_id, doc_type]))


def plan_document(db: sqlite_utils.Database, municipality_id: str, year: int) -> tuple[dict, list[dict]] | None:
    """(plan document, its readable versions) covering ``year``: the one with the newest readable version."""
    best = None
    for doc in _documents(db, municipality_id, C.STRATEGIC_PLAN):
        span = _plan_range(doc["period"])
        versions = readable_versions(db, doc["id"]) if span and year in span else []
        if versions and (best is None or versions[-1]["id"] > best[1][-1]["id"]):
            best = (doc, versions)
    return best


def year_document(db: sqlite_utils.Database, municipality_id: str, doc_type: str,
                  year: int) -> tuple[dict, list[dict]] | None:
    for doc in _documents(db, municipality_id, doc_type):
        if doc["period"] == str(year):
            versions = readable_versions(db, doc["id"])
            if versions:
                return doc, versions
    return None


def load_side(db: sqlite_utils.Database, version: dict[str, Any]) -> Side:
    rows = db.query(f"""select id, version_id, document_id, ordinal, kind, code, key, parent_code, title, text,
                               page_start, page_end, fields from segments
                        where version_id = ? and kind in ({','.join('?' * len(PLAN_KINDS))}) order by ordinal""",
                    [version["id"], *PLAN_KINDS])
    return Side(version["document_id"], version["id"], version["crawl_run_id"], items_of(rows))


def tracked_years(db: sqlite_utils.Database, municipality_id: str) -> list[int]:
    """Years with a programme or an activity report archived and a plan covering them."""
    years = set()
    for doc_type in (C.PERFORMANCE_PROGRAMME, C.ACTIVITY_REPORT):
        for doc in _documents(db, municipality_id, doc_type):
            if re.fullmatch(r"\d{4}", doc["period"] or "") and plan_document(db, municipality_id, int(doc["period"])):
                years.add(int(doc["period"]))
    return sorted(years)


def load_overrides(db: sqlite_utils.Database, municipality_id: str, year: int) -> Overrides:
    return Overrides.from_rows(db.query("select * from promise_overrides where municipality_id = ? and year = ? "
                                        "order by id", [municipality_id, year]))


# ------------------------------------------------------------------------------------ relevance

def _segment(item: Item) -> Segment:
    r = item.ref
    return Segment(r["kind"], r.get("code"), r.get("title") or "", r.get("text") or "", r.get("page_start"),
                   r.get("page_end"), r.get("parent_code"), r.get("ordinal") or 0, r.get("fields") or {})


def plan_relevance(plan: Side, lexicon: gender.Lexicon) -> dict[int, tuple[gender.Relevance, list[dict]]]:
    """Segment id → (relevance, matched terms as change rows carry them: term, category, matched text,
    where = before (the plan's own words) or inherited (the goal/objective it comes from))."""
    segments = [_segment(i) for i in plan.items]
    assessed = gender.assess_segments(segments, lexicon)
    by_code = {s.code: s for s in segments if s.code}
    out = {}
    for item, seg in zip(plan.items, segments):
        rel = assessed[seg.ordinal]
        terms = [_term(m, "before") for m in rel.matches] if rel.relevant else []
        if rel.inherited_from and rel.inherited_from in by_code:
            parent = assessed[by_code[rel.inherited_from].ordinal]
            terms += [_term(m, "inherited", code=rel.inherited_from) for m in parent.matches]
        out[item.ref["id"]] = (rel, terms)
    return out


def _term(m: gender.Match, where: str, **extra: Any) -> dict[str, Any]:
    return {"term": m.term, "category": m.category, "matched_text": " ".join(m.matched_text.split()),
            "where": where, **extra}


# ------------------------------------------------------------------------------------ computing

@dataclasses.dataclass
class YearResult:
    municipality_id: str
    year: int
    plan: Side
    programme: Side | None
    report: Side | None
    rows: list[dict[str, Any]]
    relevance: dict[int, tuple[gender.Relevance, list[dict]]]
    programme_document: dict | None


def _era_plan(db: sqlite_utils.Database, plan_versions: list[dict], programme_versions: list[dict],
              programme_doc_id: int) -> dict:
    """The plan version in force when the programme first appeared: the newest plan version archived
    by the crawl that first saw the programme or earlier (else the oldest one)."""
    first_run = db.execute("select min(crawl_run_id) from versions where document_id = ?", [programme_doc_id]).fetchone()[0]
    if first_run is None:
        return plan_versions[-1]
    before = [v for v in plan_versions if v["crawl_run_id"] is not None and v["crawl_run_id"] <= first_run]
    return before[-1] if before else plan_versions[0]


def _same_item(era: Side, item: Item) -> Item | None:
    """The item in an earlier plan version: same kind and (nearly) the same title, the same number
    preferred (a revision may have renumbered it)."""
    best, best_rank = None, None
    for other in era.items:
        if other.kind != item.kind:
            continue
        score = similarity(item.title, other.title)[0]
        rank = (other.key == item.key, score)
        if score >= SAME_ITEM and (best_rank is None or rank > best_rank):
            best, best_rank = other, rank
    return best


def _last_present(db: sqlite_utils.Database, result: "YearResult", item: Item) -> int | None:
    """The newest earlier readable programme version that still had ``item`` (None: none had it).
    Part of a drop's dedupe key: restored and dropped again is a new finding, re-running is not."""
    if result.programme_document is None or result.programme is None:
        return None
    for version in reversed(readable_versions(db, result.programme_document["id"])):
        if version["id"] >= result.programme.version_id:
            continue
        if match_items([item], load_side(db, version).items)[0].other is not None:
            return version["id"]
    return None


def _revised_after(row: dict[str, Any], item: Item, era: Side | None, year: int) -> bool:
    """Does this row's finding come from a plan revision the programme could not know about?"""
    if era is None:
        return False
    old = _same_item(era, item)
    if row["programme_status"] == C.PROMISE_NOT_PROGRAMMED:
        if old is None:
            return True
        if item.kind == C.SEG_ACTIVITY:
            cost = activity_cost(old, year, plan=True)
            return cost is not None and cost == 0
        return False
    if row["programme_status"] == C.PROMISE_PROGRAMMED_CHANGED and old is not None:
        if item.kind == C.SEG_INDICATOR:
            return target(old, year) == to_decimal(row["programme_target"])
        cost = activity_cost(old, year, plan=True) if item.kind == C.SEG_ACTIVITY \
            else objective_cost(era, old, year, plan=True)
        return cost == to_decimal(row["programme_cost"])
    return False


def compute_year(db: sqlite_utils.Database, municipality_id: str, year: int,
                 lexicon: gender.Lexicon | None = None) -> YearResult | None:
    """Promise rows for one municipality and year (nothing written); None without a plan covering it."""
    lex = lexicon or gender.load_lexicon()
    found = plan_document(db, municipality_id, year)
    if found is None:
        return None
    plan_doc, plan_versions = found
    plan = load_side(db, plan_versions[-1])
    prog_found = year_document(db, municipality_id, C.PERFORMANCE_PROGRAMME, year)
    report_found = year_document(db, municipality_id, C.ACTIVITY_REPORT, year)
    programme = load_side(db, prog_found[1][-1]) if prog_found else None
    report = load_side(db, report_found[1][-1]) if report_found else None
    overrides = load_overrides(db, municipality_id, year)
    prog_pairs = match_items(plan.items, programme.items, overrides) if programme else []
    report_pairs = match_items(plan.items, report.items) if report else []
    rows = judge(plan, programme, report, year, prog_pairs, report_pairs)
    era = None
    if prog_found:
        era_version = _era_plan(db, plan_versions, prog_found[1], prog_found[0]["id"])
        era = load_side(db, era_version) if era_version["id"] != plan.version_id else None
    relevance = plan_relevance(plan, lex)
    items = {i.ref["id"]: i for i in plan.items}
    stamp = _now()
    for row in rows:
        rel, _terms = relevance[row["plan_segment_id"]]
        item = items[row["plan_segment_id"]]
        revised = _revised_after(row, item, era, year)
        evidence = row.pop("_evidence")
        if era is not None:
            evidence["plan_in_force_when_programme_appeared"] = era.version_id
        row.update(municipality_id=municipality_id, year=year, revised_after_programme=int(revised),
                   gender_relevant=int(rel.relevant), categories=json.dumps(rel.categories, ensure_ascii=False),
                   relevance_explanation=rel.explanation, computed_at=stamp, promises_version=PROMISES_VERSION,
                   evidence=json.dumps({**evidence, "match_version": MATCH_VERSION}, ensure_ascii=False, default=str))
    return YearResult(municipality_id, year, plan, programme, report, rows, relevance,
                      prog_found[0] if prog_found else None)


def write_year(db: sqlite_utils.Database, result: YearResult) -> None:
    """Replace the municipality's rows for the year (call inside a transaction)."""
    db.execute("delete from promises where municipality_id = ? and year = ?", [result.municipality_id, result.year])
    if result.rows:
        db["promises"].insert_all(result.rows)


# -------------------------------------------------------------------------------------- changes

def _money(value: str | None) -> str | None:
    return format_number_tr(Decimal(value)) if value is not None else None


def dedupe_key(*parts: Any) -> str:
    """sha1 of the parts as text, unit-separated (as the watcher's keys are made)."""
    return hashlib.sha1("\x1f".join("" if p is None else str(p) for p in parts).encode("utf-8")).hexdigest()


def promise_changes(db: sqlite_utils.Database, result: YearResult, *, detected_at: str) -> list[dict[str, Any]]:
    """``changes`` rows for the year's dropped or cut gender-relevant activities (see module docstring)."""
    if result.programme is None or result.programme_document is None:
        return []
    rows = result.rows
    if not any(r["kind"] == C.SEG_ACTIVITY and r["programme_segment_id"] for r in rows):
        return []   # nothing of the plan's activities found: a parse problem, not a programme without promises
    from watch.process import PARSER_VERSION

    doc = result.programme_document
    run = db.execute("select max(crawl_run_id) from versions where id in (?, ?)",
                     [result.plan.version_id, result.programme.version_id]).fetchone()[0]
    objective_pages = {r["key"]: r["programme_page"] for r in rows if r["kind"] == C.SEG_OBJECTIVE}
    items = {i.ref["id"]: i for i in result.plan.items}
    out = []
    for r in rows:
        if r["kind"] != C.SEG_ACTIVITY or not r["gender_relevant"] or r["revised_after_programme"]:
            continue
        plan_cost, prog_cost = to_decimal(r["plan_cost"]), to_decimal(r["programme_cost"])
        if r["programme_status"] == C.PROMISE_NOT_PROGRAMMED:
            kind = C.CHANGE_PROMISE_DROPPED
        elif plan_cost is not None and prog_cost is not None and prog_cost < plan_cost:
            kind = C.CHANGE_PROMISE_CUT
        else:
            continue
        item = items[r["plan_segment_id"]]
        rel, terms = result.relevance[r["plan_segment_id"]]
        dropped = kind == C.CHANGE_PROMISE_DROPPED
        parent_key = item.parent_key
        out.append({
            "dedupe_key": dedupe_key("promise", result.municipality_id, kind, result.year, r["kind"], r["key"],
                                     doc["id"], decimal_str(plan_cost), None if dropped else decimal_str(prog_cost),
                                     _last_present(db, result, item) if dropped else None),
            "document_id": doc["id"], "municipality_id": result.municipality_id,
            "doc_type": C.PERFORMANCE_PROGRAMME, "period": str(result.year),
            "from_version_id": result.plan.version_id, "to_version_id": result.programme.version_id,
            "predecessor_document_id": None, "kind": kind, "segment_kind": r["kind"], "code": r["code"],
            "key": r["key"], "parent_code": r["parent_code"], "title": r["title"],
            "before_text": item.ref.get("text") or r["title"],
            "after_text": None if dropped else (db.execute("select text from segments where id = ?",
                                                           [r["programme_segment_id"]]).fetchone() or [None])[0],
            "numeric": json.dumps([{"field": "costs", "year": str(result.year), "before": decimal_str(plan_cost),
                                    "after": None if dropped else decimal_str(prog_cost)}]),
            "page_before": r["page"],
            "page_after": objective_pages.get(parent_key) if dropped else r["programme_page"],
            "words_removed": json.dumps([] if dropped else [_money(r["plan_cost"])], ensure_ascii=False),
            "words_added": json.dumps([] if dropped else [_money(r["programme_cost"])], ensure_ascii=False),
            "gender_relevant": 1, "categories": r["categories"],
            "matched_terms": json.dumps(terms, ensure_ascii=False), "relevance_explanation": rel.explanation,
            "significance": "high", "detected_at": detected_at, "crawl_run_id": run,
            "diff_version": PROMISES_VERSION, "normalizer_version": NORMALIZER_VERSION,
            "parser_version": PARSER_VERSION, "lexicon_version": gender.LEXICON_VERSION,
        })
    return out


def insert_changes(db: sqlite_utils.Database, rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Insert the rows whose dedupe_key is new (call inside a transaction); return those inserted."""
    inserted = []
    for row in rows:
        cursor = db.execute(f"insert or ignore into changes ({', '.join(row)}) values ({', '.join('?' * len(row))})",
                            list(row.values()))
        if cursor.rowcount:
            inserted.append({**row, "id": cursor.lastrowid})
    return inserted


# -------------------------------------------------------------------------------------- the step

def municipality_ids(db: sqlite_utils.Database) -> list[str]:
    return [r[0] for r in db.execute(
        "select distinct municipality_id from documents where doc_type = ? and municipality_id is not null "
        "order by municipality_id", [C.STRATEGIC_PLAN]).fetchall()]


def track_promises(db: sqlite_utils.Database, *, municipality_id: str | None = None, year: int | None = None,
                   raise_changes: bool = True) -> PromiseReport:
    """Compute and store the promises of one or every municipality, one or every year, and raise the
    promise changes (``raise_changes=False`` only refreshes the rows, as ``muniwatch promises`` does)."""
    report = PromiseReport()
    lex = gender.load_lexicon()
    ids = [municipality_id] if municipality_id else municipality_ids(db)
    stamp = _now()
    for mid in ids:
        for y in [year] if year is not None else tracked_years(db, mid):
            result = compute_year(db, mid, y, lex)
            if result is None:
                continue
            with db.atomic():
                write_year(db, result)
                if raise_changes:
                    report.changes += insert_changes(db, promise_changes(db, result, detected_at=stamp))
            report.years.append((mid, y))
            report.promises += len(result.rows)
            report.gender_relevant += sum(r["gender_relevant"] for r in result.rows)
            for r in result.rows:
                report.by_status[r["programme_status"]] = report.by_status.get(r["programme_status"], 0) + 1
    return report


def promises_step(settings) -> PromiseReport:
    """The pipeline step after ``watch``: track every municipality's promises, raise promise changes
    and refresh the gender scorecard."""
    from db.store import open_store
    from watch.scorecard import refresh_scorecards

    db, _archive = open_store(settings)
    try:
        report = track_promises(db)
        report.scorecards = refresh_scorecards(db)
        return report
    finally:
        db.close()


# ----------------------------------------------------------------------------- queries, overrides

def list_promises(db: sqlite_utils.Database, municipality_id: str, year: int) -> list[dict[str, Any]]:
    return list(db.query("select * from promises where municipality_id = ? and year = ? order by id",
                         [municipality_id, year]))


def add_override(db: sqlite_utils.Database, *, municipality_id: str, year: int, plan_key: str,
                 decision: str, programme_code: str | None = None, note: str | None = None,
                 plan_kind: str = C.SEG_ACTIVITY) -> int:
    """Record a researcher's decision on a match and recompute that year's promises (no changes raised:
    the next pipeline run does that). ``confirm`` needs the programme code; ``reject`` without one
    says the plan item has no counterpart in the programme."""
    if decision not in DECISIONS:
        raise PromiseError(f"decision must be confirm or reject, not {decision!r}")
    if plan_kind not in (C.SEG_OBJECTIVE, C.SEG_INDICATOR, C.SEG_ACTIVITY):
        raise PromiseError(f"plan kind must be {C.SEG_OBJECTIVE}, {C.SEG_INDICATOR} or {C.SEG_ACTIVITY}, not {plan_kind!r}")
    if decision == "confirm" and not (programme_code or "").strip():
        raise PromiseError("confirm needs --programme-code; to say the item is not in the programme, use "
                           "--reject without a code")
    if not db.execute("select 1 from municipalities where id = ?", [municipality_id]).fetchone():
        raise PromiseError(f"unknown municipality {municipality_id!r} (see `muniwatch sources list`)")
    with db.atomic():
        override_id = db["promise_overrides"].insert({
            "municipality_id": municipality_id, "year": year, "plan_kind": plan_kind, "plan_key": plan_key.strip(),
            "programme_code": (programme_code or "").strip() or None, "decision": decision, "note": note,
            "created_at": _now(),
        }).last_pk
    track_promises(db, municipality_id=municipality_id, year=year, raise_changes=False)
    return override_id
