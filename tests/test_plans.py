"""Plan / programme / report structure: the whole sample corpus against the data it was rendered
from, the same words re-laid out (reflowed PDF, DOCX), and hand-written text in real-plan styles.

Corpus tests render each document with the sample web's own renderer (``catalog.render``), extract
it with ``watch.extract.extract_bytes`` and parse it with ``parse_plan``; every goal, objective,
indicator and activity must come back with its printed code, parent, title, directorate, costs and
target/realised values, and nothing else may come back. A failure prints a per-item diff.
"""

from __future__ import annotations

import functools
from datetime import datetime
from decimal import Decimal

import pytest
from reportlab.lib.pagesizes import A5

from muniwatch import constants as C
from muniwatch.constants import SEG_ACTIVITY, SEG_GOAL, SEG_INDICATOR, SEG_OBJECTIVE
from muniwatch.sampleweb import catalog, corpus, office, pdf
from muniwatch.sampleweb.model import YEARS
from tests.plan_expect import CHECKED, Item, Key, diff
from watch.extract import extract_bytes
from watch.structure.plans import parse_plan

PLAN_TYPES = (C.STRATEGIC_PLAN, C.PERFORMANCE_PROGRAMME, C.ACTIVITY_REPORT)


def _docs() -> list[tuple[int, catalog.Doc]]:
    out = []
    for epoch in (1, 2):
        for doc in catalog.documents(epoch) + catalog.unregistered_documents(epoch):
            if doc.doc_type in PLAN_TYPES:
                out.append((epoch, doc))
    return out


DOCS = _docs()


def dec(value: float) -> str:
    d = Decimal(str(value))
    return str(int(d)) if d == d.to_integral_value() else format(d.normalize(), "f")


# ------------------------------------------------------------------------------- expectations


def expected_plan(plan) -> dict[Key, Item]:
    out: dict[Key, Item] = {}
    for g in plan.goals:
        out[(SEG_GOAL, g.key)] = {"code": g.code, "parent": None, "title": g.title}
        for o in g.objectives:
            item = {"code": o.code, "parent": g.code, "title": o.title, "responsible": o.directorate,
                    "cooperating": list(o.cooperating)}
            for name, value in (("risks", o.risks), ("findings", o.findings), ("needs", o.needs)):
                if value:
                    item[name] = value
            out[(SEG_OBJECTIVE, o.key)] = item
            for i in o.indicators:
                out[(SEG_INDICATOR, i.key)] = {
                    "code": i.code, "parent": o.code, "title": i.name, "unit": i.unit,
                    "baseline": dec(i.baseline), "targets": {str(y): dec(i.targets[y]) for y in YEARS}}
            for a in o.activities:
                out[(SEG_ACTIVITY, a.key)] = {
                    "code": a.code, "parent": o.code, "title": a.name, "kind": a.kind,
                    "responsible": a.directorate, "cost": dec(a.total_cost),
                    "costs": {str(y): dec(a.costs[y]) for y in YEARS}}
    return out


def expected_programme(prog, goals) -> dict[Key, Item]:
    y = str(prog.year)
    out: dict[Key, Item] = {}
    included = {pa.objective_key for pa in prog.activities}
    by_key = {o.key: o for o in prog.objectives}
    for o in prog.objectives:
        if o.key not in included:
            continue
        g = next(g for g in goals if g.key == o.parent_key)
        out[(SEG_GOAL, g.key)] = {"code": g.code, "parent": None, "title": g.title}
        out[(SEG_OBJECTIVE, o.key)] = {"code": o.code, "parent": g.code, "title": o.title,
                                       "responsible": o.directorate, "year": y}
        for i in o.indicators:
            out[(SEG_INDICATOR, i.key)] = {"code": i.code, "parent": o.code, "title": i.name, "unit": i.unit,
                                           "targets": {y: dec(i.targets[prog.year])}, "year": y}
    for pa in prog.activities:
        a = pa.activity
        out[(SEG_ACTIVITY, a.key)] = {"code": a.code, "parent": by_key[pa.objective_key].code, "title": a.name,
                                      "responsible": a.directorate, "cost": dec(pa.budget),
                                      "costs": {y: dec(pa.budget)}, "year": y}
    return out


def expected_report(prog) -> dict[Key, Item]:
    y, year = str(prog.year), prog.year
    budgets = {pa.activity.key: pa.budget for pa in prog.activities}
    out: dict[Key, Item] = {}
    for o in prog.objectives:
        out[(SEG_OBJECTIVE, o.key)] = {"code": o.code, "parent": None, "title": o.title,
                                       "responsible": o.directorate, "year": y}
        for i in o.indicators:
            item = {"code": i.code, "parent": o.code, "title": i.name, "year": y,
                    "targets": {y: dec(i.targets[year])}, "realised": {y: dec(i.realised[year])}}
            if i.targets[year]:
                item["rate"] = dec(round(i.realised[year] / i.targets[year] * 100, 1))
            if i.unit == "%":
                item["unit"] = "%"
            out[(SEG_INDICATOR, i.key)] = item
        for a in o.activities:
            out[(SEG_ACTIVITY, a.key)] = {"code": a.code, "parent": o.code, "title": a.name, "year": y,
                                          "cost": dec(budgets.get(a.key, 0)), "spent": dec(a.spent[year]),
                                          "status": a.status[year]}
    return out


def expected_for(epoch: int, doc: catalog.Doc) -> dict[Key, Item]:
    mid = doc.municipality_id
    if doc.doc_type == C.STRATEGIC_PLAN:
        return expected_plan(corpus.plan(mid, epoch))
    if doc.doc_type == C.PERFORMANCE_PROGRAMME:
        return expected_programme(corpus.programme(mid, int(doc.period), epoch), corpus.plan(mid, 1).goals)
    return expected_report(corpus.activity_report(mid, int(doc.period)))


def actual_items(segments) -> dict[Key, Item]:
    out: dict[Key, Item] = {}
    for s in segments:
        k = (s.kind, s.fields["key"])
        assert k not in out, f"{k} returned twice"
        item = {"code": s.code, "parent": s.parent_code, "title": s.title}
        item.update({f: s.fields[f] for f in CHECKED if f in s.fields})
        out[k] = item
    return out


# ------------------------------------------------------------------------------------ helpers

@functools.lru_cache(maxsize=None)
def _pages(doc: catalog.Doc) -> tuple[str, ...]:
    ex = extract_bytes(catalog.render(doc), content_type=doc.content_type, filename=doc.filename or doc.path)
    return tuple(p.text for p in ex.pages)


def _parse(doc: catalog.Doc):
    return parse_plan(list(_pages(doc)), doc.doc_type)


def _check(expected, segments, label: str) -> None:
    problems = diff(expected, actual_items(segments))
    assert not problems, f"{label}: {len(problems)} difference(s)\n" + "\n".join(problems)


# ------------------------------------------------------------------------------------- corpus

@pytest.mark.parametrize("epoch,doc", DOCS, ids=[f"e{e}-{d.key.split('/Bask')[0]}" for e, d in DOCS])
def test_sample_document_structure(epoch, doc):
    segments = _parse(doc)
    _check(expected_for(epoch, doc), segments, f"epoch {epoch} {doc.key}")
    n_pages = len(_pages(doc))
    for s in segments:
        assert 1 <= s.page_start <= s.page_end <= n_pages, (s.code, s.page_start, s.page_end)
        assert s.code in s.text or s.title in s.text, (s.code, s.text)
    assert [s.ordinal for s in segments] == list(range(len(segments)))


# --------------------------------------------------------------- the same words, laid out again

def _relayout(doc: catalog.Doc, variant: str) -> list[str]:
    """The document's own blocks rendered again: narrow A5 pages with 8 pt tables (cells so narrow
    that words and amounts break mid-token, "Faaliy" / "et", "3.600.000,0" / "0"), wide landscape
    pages without page numbers, or DOCX (tab-separated table rows, no page numbers at all)."""
    blocks = doc.blocks()
    if variant == "docx":
        data = office.render_docx(blocks, title=doc.title, author="test", when=datetime(2025, 1, 1))
        ctype = catalog.DOCX_TYPE
    else:
        layout = (pdf.PdfLayout(pagesize=A5, margin_cm=1.5, font_size=11, table_font_size=8,
                                header="Belediye Yayınları", footer_extra="Baskı Tarihi: 01.01.2026")
                  if variant == "a5" else
                  pdf.PdfLayout(pagesize=(A5[1] * 1.4, A5[0] * 1.4), margin_cm=1, font_size=9,
                                table_font_size=7, page_numbers=False))
        data = pdf.render_pdf(blocks, layout)
        ctype = catalog.PDF_TYPE
    return [p.text for p in extract_bytes(data, content_type=ctype).pages]


UNIQUE = list({d.key: (e, d) for e, d in DOCS}.values())


@pytest.mark.parametrize("variant", ["a5", "wide", "docx"])
@pytest.mark.parametrize("epoch,doc", UNIQUE, ids=[f"e{e}-{d.key.split('/Bask')[0]}" for e, d in UNIQUE])
def test_relayout_gives_the_same_structure(epoch, doc, variant):
    segments = parse_plan(_relayout(doc, variant), doc.doc_type)
    _check(expected_for(epoch, doc), segments, f"{variant} rendering of {doc.key}")


def test_relayouts_cover_the_sample_variants():
    """The sample web's own reflowed programme and DOCX report are among the corpus documents."""
    keys = {d.key for _, d in DOCS}
    assert "ilginpinar/pp2025/v1-reflow" in keys
    assert any(d.fmt == "docx" for _, d in DOCS)
