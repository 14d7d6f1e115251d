"""The gender scorecard: the seeds' gender-sensitivity checklist, per municipality, on its latest plan.

One row per municipality in ``scorecard``, from ``gender.checklist`` over the latest readable version
of its current strategic plan, so municipalities can be compared side by side (Datasette's
``gender_scorecard`` view). The six headline items are the ones issue #6 names: a goal or objective
on gender equality, indicators split by sex, a women's directorate owning objectives, an equality
unit (from the registry: the seeds list which municipalities have one), a local equality action
plan (YEEP) and gender budgeting; ``score`` counts the headline items met. The other four checklist
items are kept as columns too.

Two readings are added to ``gender.checklist``'s, and say so in the evidence:

- the situation analysis is the plan's text from its "Durum Analizi" heading to its goals (the plan
  parser does not make section segments), so questions 14-15 can be answered;
- indicators split by sex also count when the plan prints the split as twin indicators under one
  objective ("... katılan kadın sayısı" and "... katılan erkek sayısı"), the way most plans do.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import sqlite_utils

from muniwatch import constants as C
from watch import gender
from watch.promise_status import archive_url
from watch.structure.plan_codes import fold1, match_code
from watch.turkish import fold

HEADLINE = ("equality_goal_or_objective", "sex_disaggregated_indicators", "womens_directorate_owns",
            "equality_unit", "local_equality_action_plan", "gender_budgeting")
OTHER = ("sex_disaggregated_situation_data", "womens_orgs_consulted", "women_or_men_specific_indicators",
         "general_equality_indicators")
SHORT_LABELS = {
    "equality_goal_or_objective": "eşitlik amacı-hedefi / equality goal",
    "sex_disaggregated_indicators": "cinsiyete ayrılmış göstergeler / sex-split indicators",
    "womens_directorate_owns": "kadın biriminin hedefleri / women's directorate owns",
    "equality_unit": "eşitlik birimi / equality unit",
    "local_equality_action_plan": "yerel eşitlik eylem planı / local equality action plan",
    "gender_budgeting": "toplumsal cinsiyete duyarlı bütçe / gender budgeting",
}
_SEX_WORD = re.compile(r"\b(kadin|kiz|erkek)[a-z]*")


def situation_text(pages: list[str]) -> str:
    """From the first "durum analizi" heading to the goals ("amaç ve hedefler", "hedef kartları", or a
    goal code at a line start); empty when the plan has no such heading."""
    lines = [ln for page in pages for ln in page.split("\n")]
    start = next((i for i, ln in enumerate(lines) if re.match(r"\s*(?:[0-9ivx.]+\s*)?durum analiz", fold1(ln))), None)
    if start is None:
        return ""
    out = []
    for ln in lines[start:]:
        folded = fold1(ln.strip())
        if out and (re.match(r"(?:[0-9ivx.]+\s*)?(?:stratejik\s+)?(?:amac(?:lar)?\s+ve\s+hedefler|hedef\s+kartlari)", folded)
                    or ((m := match_code(ln)) is not None and m.kind == C.SEG_GOAL)):
            break
        out.append(ln)
    return "\n".join(out)


def twin_indicators(segments: list) -> list[dict[str, Any]]:
    """Indicators under one objective whose titles differ only in kadın/kız ↔ erkek."""
    groups: dict[tuple[str | None, str], list] = {}
    for s in segments:
        if s.kind != C.SEG_INDICATOR or not s.title:
            continue
        folded = fold(s.title)
        words = {m.group(1) for m in _SEX_WORD.finditer(folded)}
        if len(words) != 1:
            continue
        groups.setdefault((s.parent_code, _SEX_WORD.sub("#", folded)), []).append((words.pop(), s))
    pairs = []
    for members in groups.values():
        women = [s for w, s in members if w in ("kadin", "kiz")]
        men = [s for w, s in members if w == "erkek"]
        for w, m in zip(women, men):
            pairs.append({"code": f"{w.code}/{m.code}", "text": f"{w.title} / {m.title}", "reading": "twin indicators"})
    return pairs


def _codes(item: dict[str, Any], limit: int = 6) -> str:
    codes = item.get("codes") or []
    return ", ".join(codes[:limit]) + (f" +{len(codes) - limit}" if len(codes) > limit else "")


def plan_scorecard(db: sqlite_utils.Database, municipality_id: str) -> dict[str, Any] | None:
    """The scorecard row of one municipality, or None when no readable strategic plan is archived."""
    from watch.promises import _plan_range, load_side, plan_relevance, readable_versions

    best = None
    for doc in db.query("select id, period from documents where municipality_id = ? and doc_type = ?",
                        [municipality_id, C.STRATEGIC_PLAN]):
        span = _plan_range(doc["period"])
        versions = readable_versions(db, doc["id"])
        if versions:
            rank = (span.stop if span else 0, versions[-1]["id"])
            if best is None or rank > best[0]:
                best = (rank, doc, versions[-1])
    if best is None:
        return None
    _rank, doc, version = best
    side = load_side(db, version)
    from watch.promises import _segment

    segments = [_segment(i) for i in side.items]
    pages = [r[0] for r in db.execute("select text from pages where version_id = ? order by page", [version["id"]])]
    unit = db.execute("select equality_unit from municipalities where id = ?", [municipality_id]).fetchone()
    has_unit = None if unit is None or unit[0] is None else bool(unit[0])
    lex = gender.load_lexicon()
    result = gender.checklist(segments, municipality_has_equality_unit=has_unit,
                              situation_text=situation_text(pages), lexicon=lex)
    items = result["items"]
    twins = twin_indicators(segments)
    if twins and not items["sex_disaggregated_indicators"]["value"]:
        split = items["sex_disaggregated_indicators"]
        split.update(value=True, evidence=split["evidence"] + twins,
                     codes=split["codes"] + [t["code"] for t in twins])
    relevance = plan_relevance(side, lex)
    activities = sum(1 for i in side.items if i.kind == C.SEG_ACTIVITY and relevance[i.ref["id"]][0].relevant)
    values = {name: (None if items[name]["value"] is None else int(bool(items[name]["value"])))
              for name in HEADLINE + OTHER}
    summary = []
    for name in HEADLINE:
        if items[name]["value"]:
            codes = _codes(items[name])
            if name == "equality_unit":
                codes = "kayıt / registry" + (f"; {codes}" if codes else "")
            summary.append(f"{SHORT_LABELS[name]}: {codes or '✓'}")
    return {
        "municipality_id": municipality_id, "plan_document_id": doc["id"], "period": doc["period"],
        "version_id": version["id"], "page": 1, "archive_url": archive_url(version["id"], 1), **values,
        "score": sum(1 for name in HEADLINE if values[name]), "gender_relevant_activities": activities,
        "evidence_summary": " · ".join(summary), "checklist": json.dumps(result, ensure_ascii=False, default=str),
        "computed_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "checklist_version": gender.CHECKLIST_VERSION, "lexicon_version": lex.version,
    }


def refresh_scorecards(db: sqlite_utils.Database) -> int:
    """Recompute every municipality's scorecard row; return how many were written."""
    rows = [row for (mid,) in db.execute("select distinct municipality_id from documents where doc_type = ? "
                                         "and municipality_id is not null order by 1", [C.STRATEGIC_PLAN]).fetchall()
            if (row := plan_scorecard(db, mid)) is not None]
    with db.atomic():
        db.execute("delete from scorecard")
        if rows:
            db["scorecard"].insert_all(rows)
    return len(rows)
