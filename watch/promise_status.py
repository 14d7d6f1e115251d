"""What the promise tracker concludes about one plan item in one year: pure functions over matched items.

Inputs are :class:`watch.promise_match.Item` whose ``ref`` is a ``segments`` row (with ``fields`` as a
dict), and the pairs :func:`watch.promise_match.match_items` made. Output is one ``promises`` row per
plan objective, indicator and activity. The rules (documented in README, "Promise tracker"):

- budget of an activity for year Y: the plan's ``costs[Y]``; the programme's ``costs[Y]`` or ``cost``.
  An objective's budget is its own ``costs[Y]`` when printed, else the sum of its activities'.
  An indicator's target is ``targets[Y]`` on both sides.
- programme status: ``programmed``, or ``programmed_changed`` when the budget or target differs
  (both known); unmatched items are ``not_programmed`` when the plan gives them something for Y (a
  budget or target above zero, or no yearly figure at all: unknown counts as due), else ``not_due``;
  ``no_programme`` when no readable programme for Y is archived.
- report status: an activity's printed status ("Tamamlandı" → done; "Devam Ediyor", "Başlanmadı",
  "İptal", "Ertelendi" → not done), else its realisation rate; an indicator's realisation rate, else
  realised ≥ target; an objective is done when every child the report prints is done, not done when
  one is not; ``reported`` when the report prints the item without saying either; ``not_reported``,
  ``not_due`` (absent, and not due), ``no_report``.
"""

from __future__ import annotations

import dataclasses
import json
import re
from decimal import Decimal
from typing import Any, Iterable, Sequence

from muniwatch import constants as C
from watch.diff_numeric import decimal_str, to_decimal
from watch.promise_match import Item, Pair
from watch.turkish import fold

PROMISE_KINDS = (C.SEG_OBJECTIVE, C.SEG_INDICATOR, C.SEG_ACTIVITY)
_DONE = re.compile(r"tamamlan|bitti|bitiril|gerceklestirildi|yapildi")
_NOT_DONE = re.compile(r"devam|basla(?:n)?madi|baslamadi|iptal|ertelen|yapilmadi|gerceklestirilemedi|durduruldu|askiya")


@dataclasses.dataclass
class Side:
    """One archived version of a plan, programme or report, as the tracker reads it."""
    document_id: int
    version_id: int
    crawl_run_id: int | None
    items: list[Item]

    def children(self, objective_key: str | None, kind: str) -> list[Item]:
        return [i for i in self.items if i.kind == kind and objective_key and i.parent_key == objective_key]


def fields(item: Item | None) -> dict[str, Any]:
    return (item.ref or {}).get("fields") or {} if item is not None else {}


def year_value(item: Item | None, name: str, year: int) -> Decimal | None:
    value = fields(item).get(name)
    if isinstance(value, dict):
        return to_decimal(value.get(str(year)))
    return None


def activity_cost(item: Item | None, year: int, *, plan: bool) -> Decimal | None:
    """An activity's budget for ``year``: the plan's yearly cost; a programme's or report's own."""
    if item is None:
        return None
    cost = year_value(item, "costs", year)
    if cost is None and not plan:
        cost = to_decimal(fields(item).get("cost"))
    return cost


def objective_cost(side: Side, item: Item | None, year: int, *, plan: bool) -> Decimal | None:
    if item is None:
        return None
    own = year_value(item, "costs", year)
    if own is not None:
        return own
    costs = [activity_cost(a, year, plan=plan) for a in side.children(item.key, C.SEG_ACTIVITY)]
    known = [c for c in costs if c is not None]
    return sum(known, Decimal(0)) if known else None


def target(item: Item | None, year: int) -> Decimal | None:
    return year_value(item, "targets", year)


def _differs(a: Decimal | None, b: Decimal | None) -> bool:
    return a is not None and b is not None and a != b


def _due(plan: Side, item: Item, year: int) -> bool:
    """Does the plan promise anything for ``year``? Unknown (no yearly figure printed) counts as due."""
    if item.kind == C.SEG_ACTIVITY:
        f = fields(item)
        if isinstance(f.get("costs"), dict) and f["costs"]:
            cost = year_value(item, "costs", year)
            return cost is not None and cost > 0
        return True
    if item.kind == C.SEG_INDICATOR:
        f = fields(item)
        if isinstance(f.get("targets"), dict) and f["targets"]:
            value = target(item, year)
            return value is not None and value != 0
        return True
    children = plan.children(item.key, C.SEG_ACTIVITY) + plan.children(item.key, C.SEG_INDICATOR)
    return not children or any(_due(plan, c, year) for c in children)


def _activity_done(item: Item) -> str:
    f = fields(item)
    status = fold(str(f.get("status") or ""))
    if _DONE.search(status):
        return C.PROMISE_REPORTED_DONE
    if _NOT_DONE.search(status):
        return C.PROMISE_REPORTED_NOT_DONE
    return _by_rate(item, None) or C.PROMISE_REPORTED


def _by_rate(item: Item, year: int | None) -> str | None:
    rate = to_decimal(fields(item).get("rate"))
    if rate is not None:
        return C.PROMISE_REPORTED_DONE if rate >= 100 else C.PROMISE_REPORTED_NOT_DONE
    if year is None:
        return None
    realised, goal = year_value(item, "realised", year), target(item, year)
    if realised is None or goal is None:
        return None
    return C.PROMISE_REPORTED_DONE if realised >= goal else C.PROMISE_REPORTED_NOT_DONE


def report_verdict(report: Side, item: Item, year: int) -> str:
    """Done / not done / reported, for an item the report prints."""
    if item.kind == C.SEG_ACTIVITY:
        return _activity_done(item)
    if item.kind == C.SEG_INDICATOR:
        return _by_rate(item, year) or C.PROMISE_REPORTED
    verdicts = [report_verdict(report, c, year) for kind in (C.SEG_INDICATOR, C.SEG_ACTIVITY)
                for c in report.children(item.key, kind)]
    if C.PROMISE_REPORTED_NOT_DONE in verdicts:
        return C.PROMISE_REPORTED_NOT_DONE
    if verdicts and all(v == C.PROMISE_REPORTED_DONE for v in verdicts):
        return C.PROMISE_REPORTED_DONE
    return C.PROMISE_REPORTED


def archive_url(version_id: int | None, page: int | None) -> str | None:
    if version_id is None:
        return None
    return f"/-/archive/{version_id}" + (f"#page={page}" if page else "")


def _costs(plan: Side, programme: Side | None, item: Item, other: Item | None, year: int):
    if item.kind == C.SEG_ACTIVITY:
        return activity_cost(item, year, plan=True), activity_cost(other, year, plan=False)
    if item.kind == C.SEG_OBJECTIVE:
        return (objective_cost(plan, item, year, plan=True),
                objective_cost(programme, other, year, plan=False) if programme else None)
    return None, None


def judge(plan: Side, programme: Side | None, report: Side | None, year: int, programme_pairs: Sequence[Pair],
          report_pairs: Sequence[Pair]) -> list[dict[str, Any]]:
    """One row (``promises`` columns, without relevance and bookkeeping) per plan objective, indicator
    and activity, in plan order."""
    by_item_p = {id(p.plan): p for p in programme_pairs}
    by_item_r = {id(p.plan): p for p in report_pairs}
    rows = []
    for item in plan.items:
        if item.kind not in PROMISE_KINDS:
            continue
        seg = item.ref
        pp, rp = by_item_p.get(id(item)), by_item_r.get(id(item))
        other = pp.other if pp else None
        rep = rp.other if rp else None
        plan_cost, prog_cost = _costs(plan, programme, item, other, year)
        plan_target, prog_target = (target(item, year), target(other, year)) if item.kind == C.SEG_INDICATOR \
            else (None, None)
        due = _due(plan, item, year)
        if programme is None:
            status = C.PROMISE_NO_PROGRAMME
        elif other is not None:
            changed = _differs(plan_cost, prog_cost) or _differs(plan_target, prog_target)
            status = C.PROMISE_PROGRAMMED_CHANGED if changed else C.PROMISE_PROGRAMMED
        else:
            status = C.PROMISE_NOT_PROGRAMMED if due else C.PROMISE_NOT_DUE
        if report is None:
            r_status = C.PROMISE_NO_REPORT
        elif rep is not None:
            r_status = report_verdict(report, rep, year)
        else:
            r_status = C.PROMISE_NOT_REPORTED if due or other is not None else C.PROMISE_NOT_DUE
        o_ref, r_ref = (other.ref if other else {}) or {}, (rep.ref if rep else {}) or {}
        rf = fields(rep)
        realised = year_value(rep, "realised", year) if rep is not None else None
        rows.append({
            "kind": item.kind, "code": seg.get("code"), "key": item.key, "parent_code": seg.get("parent_code"),
            "title": item.title, "plan_document_id": plan.document_id, "version_id": plan.version_id,
            "page": seg.get("page_start"), "archive_url": archive_url(plan.version_id, seg.get("page_start")),
            "plan_segment_id": seg.get("id"),
            "programme_document_id": programme.document_id if programme else None,
            "programme_version_id": programme.version_id if programme else None,
            "programme_segment_id": o_ref.get("id"), "programme_code": o_ref.get("code"),
            "programme_title": other.title if other else None, "programme_page": o_ref.get("page_start"),
            "programme_archive_url": archive_url(programme.version_id, o_ref.get("page_start")) if programme else None,
            "match_method": pp.method if pp else None, "similarity": pp.similarity if pp else None,
            "programme_status": status, "plan_cost": decimal_str(plan_cost), "programme_cost": decimal_str(prog_cost),
            "cost_change": decimal_str(prog_cost - plan_cost) if _differs(plan_cost, prog_cost) else None,
            "plan_target": decimal_str(plan_target), "programme_target": decimal_str(prog_target),
            "report_document_id": report.document_id if report else None,
            "report_version_id": report.version_id if report else None,
            "report_segment_id": r_ref.get("id"), "report_code": r_ref.get("code"), "report_page": r_ref.get("page_start"),
            "report_archive_url": archive_url(report.version_id, r_ref.get("page_start")) if report else None,
            "report_match_method": rp.method if rp else None, "report_similarity": rp.similarity if rp else None,
            "report_status": r_status, "report_target": decimal_str(target(rep, year)) if rep else None,
            "realised": decimal_str(realised), "spent": decimal_str(to_decimal(rf.get("spent"))),
            "report_detail": rf.get("status"),
            "_evidence": {"programme": pp.evidence if pp else None, "report": rp.evidence if rp else None,
                          "due": due},
        })
    return rows


def segment_item(row: dict[str, Any]) -> Item:
    """A ``segments`` row (``fields`` as JSON text or dict) as a matcher item whose ``ref`` is the row."""
    f = row.get("fields")
    if isinstance(f, str):
        f = json.loads(f or "{}")
    row = {**row, "fields": f or {}}
    return Item(row["kind"], row.get("key"), row.get("code"), row.get("title") or "", (f or {}).get("parent_key"), row)


def items_of(rows: Iterable[dict[str, Any]]) -> list[Item]:
    return [segment_item(r) for r in rows if r["kind"] in (C.SEG_GOAL, *PROMISE_KINDS)]
