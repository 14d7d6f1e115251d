"""The watch step on tiny in-database worlds: baseline, dedupe, relevance, significance, successor
diffs, missing documents (every branch), and `muniwatch changes`.

Versions are recorded through the crawler's own store functions (so fetches, document URLs and the
archive are real); their understanding (processing, pages, segments) is written as
``watch.process`` writes it, without extracting files.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from db import store as S
from muniwatch import constants as C
from muniwatch.cli import cli
from watch.extract import EXTRACTOR_VERSION
from watch.missing import check_missing
from watch.process import PARSER_VERSION, segment_key
from watch.segments import Segment
from watch.turkish import NORMALIZER_VERSION, search_text
from watch.watch_rows import significance
from watch.watcher import watch_step

SITE = "http://127.0.0.11"
KAD = "Kadın ve Aile Hizmetleri Müdürlüğü"


# ------------------------------------------------------------------------------------------ world


@pytest.fixture
def world(store, settings):
    db, archive = store
    db["municipalities"].insert_all([{"id": "m1", "name": "Örnek Belediyesi", "kind": "ilçe"},
                                     {"id": "m2", "name": "Başka Belediyesi", "kind": "ilçe"}])
    db["sources"].insert_all([{"id": "src", "municipality_id": "m1", "kind": "discovery"},
                              {"id": "src2", "municipality_id": "m2", "kind": "discovery"}])
    return World(db, archive, settings)


class World:
    def __init__(self, db, archive, settings):
        self.db, self.archive, self.settings = db, archive, settings

    def start(self, sources=("src",)) -> int:
        return S.start_run(self.db, list(sources))

    def finish(self, run: int, status: str = "finished") -> None:
        S.finish_run(self.db, run, status=status)

    def page(self, run: int, url: str, outcome: str = C.FETCH_PAGE, status: int | None = 200, source="src") -> None:
        S.record_fetch(self.db, run, source_id=source, url=url, outcome=outcome, http_status=status)

    def publish(self, run: int, *, doc_type=C.PERFORMANCE_PROGRAMME, period="2026", variant="", body: bytes,
                url: str | None = None, found_on: str | None = f"{SITE}/belgeler/", municipality="m1",
                source="src", title=None) -> tuple[str, int, int | None]:
        fetch = S.DocumentFetch(run_id=run, source_id=source, municipality_id=municipality, doc_type=doc_type,
                                period=period, variant=variant, url=url or f"{SITE}/{doc_type}-{period}{variant}.pdf",
                                found_on=found_on, title=title, content_type="application/pdf")
        return S.record_document(self.db, self.archive, fetch, body)

    def seen(self, run: int, url: str, found_on: str | None = f"{SITE}/belgeler/", source="src") -> None:
        """A 304 for a known document URL."""
        S.record_not_modified(self.db, S.DocumentFetch(run_id=run, source_id=source, municipality_id=None,
                                                       doc_type="x", period=None, url=url, found_on=found_on))

    def understand(self, version_id: int, segments: list[Segment] = (), pages: list[str] | None = None,
                   fmt: str = "pdf", status: str = "ok", parser_version: str = PARSER_VERSION) -> None:
        document_id = self.db["versions"].get(version_id)["document_id"]
        pages = pages if pages is not None else ["\n".join(f"{s.title}\n{s.text}" for s in segments) or "boş"]
        with self.db.conn:
            self.db["processing"].insert({
                "version_id": version_id, "status": status, "format": fmt, "extractor_version": EXTRACTOR_VERSION,
                "parser_version": parser_version, "normalizer_version": NORMALIZER_VERSION,
                "page_count": len(pages), "segment_count": len(segments)}, pk="version_id", replace=True)
            self.db.execute("delete from pages where version_id = ?", [version_id])
            self.db.execute("delete from segments where version_id = ?", [version_id])
            self.db["pages"].insert_all([{"version_id": version_id, "page": i, "text": t, "search_text": search_text(t)}
                                         for i, t in enumerate(pages, 1)])
            for i, s in enumerate(segments):
                s.ordinal = i
            self.db["segments"].insert_all([{
                "version_id": version_id, "document_id": document_id, "ordinal": s.ordinal, "kind": s.kind,
                "code": s.code, "key": segment_key(s), "parent_code": s.parent_code, "title": s.title, "text": s.text,
                "page_start": s.page_start, "page_end": s.page_end, "fields": json.dumps(s.fields, ensure_ascii=False),
                "parser_version": parser_version} for s in segments])

    def watch(self, run: int | None = None):
        return watch_step(self.db, self.settings, run_id=run)

    def changes(self, **where) -> list[dict]:
        sql = "select c.*, d.identity from changes c join documents d on d.id = c.document_id"
        if where:
            sql += " where " + " and ".join(f"c.{k} = ?" for k in where)
        return [dict(r, **{k: json.loads(r[k]) for k in ("numeric", "categories", "matched_terms", "words_removed",
                                                         "words_added")}) for r in self.db.query(sql + " order by c.id",
                                                                                                  list(where.values()))]

    def doc(self, document_id: int) -> dict:
        return self.db["documents"].get(document_id)


def seg(kind: str, code: str, title: str, text: str | None = None, parent: str | None = None, page: int = 1,
        **fields) -> Segment:
    return Segment(kind=kind, code=code, title=title, text=text if text is not None else f"{code} {title}",
                   page_start=page, page_end=page, parent_code=parent, fields=fields)


def programme(cost_nursery: str = "3200000", *, with_counselling: bool = True, year: str = "2026",
              extra: str = "") -> list[Segment]:
    """A small performance programme: a care objective and a neutral one."""
    segs = [
        seg(C.SEG_GOAL, "Amaç 1", "Sosyal hizmetleri güçlendirmek"),
        seg(C.SEG_OBJECTIVE, "Hedef 1.1", "Çocuk bakım hizmetlerini yaygınlaştırmak", parent="Amaç 1"),
        seg(C.SEG_INDICATOR, "PG1.1.1", "Hizmet alan çocuk sayısı", parent="Hedef 1.1", page=2,
            targets={year: "220"}),
        seg(C.SEG_ACTIVITY, "F1.1.1", "Mahalle kreşlerinin işletilmesi", parent="Hedef 1.1", page=2,
            cost=cost_nursery, costs={year: cost_nursery}),
        seg(C.SEG_OBJECTIVE, "Hedef 1.2", "Yol ve kaldırımları yenilemek", parent="Amaç 1"),
        seg(C.SEG_ACTIVITY, "F1.2.1", "Kaldırım yenileme çalışmaları" + extra, parent="Hedef 1.2", page=3,
            cost="900000", costs={year: "900000"}),
    ]
    if with_counselling:
        segs.append(seg(C.SEG_ACTIVITY, "F1.2.2", "Kadın danışma merkezinin yürütülmesi", parent="Hedef 1.2", page=3,
                        cost="680000", costs={year: "680000"}))
    return segs


def baseline(world, segments, pages=None, **kw) -> tuple[int, int, int]:
    """A document in the first crawl (the baseline), understood and watched: (run, document, version)."""
    run = world.start()
    _, doc, version = world.publish(run, body=kw.pop("body", b"v1"), **kw)
    world.finish(run)
    world.understand(version, segments, pages)
    assert world.watch(run).changes == 0
    return run, doc, version


def new_version(world, body: bytes, segments, **kw) -> tuple[int, int]:
    run = world.start()
    outcome, _, version = world.publish(run, body=body, **kw)
    assert outcome == C.FETCH_NEW_VERSION
    world.finish(run)
    world.understand(version, segments)
    return run, version


# ------------------------------------------------------------------------------ baseline & dedupe


def test_baseline_reports_nothing_and_a_later_document_is_new(world):
    run1, doc1, _ = baseline(world, programme())
    assert world.db.execute("select count(*) from watch_state").fetchone()[0] == 1
    run2 = world.start()
    world.seen(run2, f"{SITE}/{C.PERFORMANCE_PROGRAMME}-2026.pdf")
    _, doc2, v2 = world.publish(run2, doc_type=C.COMMITTEE_REPORT, period="2025-09", body=b"rapor",
                                title="Kadın-Erkek Fırsat Eşitliği Komisyonu Raporu")
    world.finish(run2)
    world.understand(v2, [], pages=["Komisyon raporu metni."])
    report = world.watch(run2)
    assert (report.compared, report.changes, report.gender_relevant) == (1, 1, 1)
    (row,) = world.changes()
    assert (row["kind"], row["document_id"], row["to_version_id"], row["from_version_id"]) == (
        C.CHANGE_NEW_DOCUMENT, doc2, v2, None)
    assert "esitlik_mekanizmalari" in row["categories"] and row["significance"] == "medium"
    assert row["crawl_run_id"] == run2


def test_a_source_first_crawled_later_has_its_own_baseline(world):
    baseline(world, programme())
    run2 = world.start(["src", "src2"])
    _, _, v = world.publish(run2, municipality="m2", source="src2", body=b"m2 programme")
    world.finish(run2)
    world.understand(v, programme())
    assert world.watch(run2).changes == 0


def test_rerun_and_rewatch_after_a_tool_upgrade_insert_nothing_twice(world):
    baseline(world, programme())
    run2, _ = new_version(world, b"v2", programme("1900000"))
    first = world.watch(run2)
    assert first.changes == 1
    assert world.watch(run2).changes == 0
    # A newer diff/lexicon version re-compares every version: the same changes are not reported again.
    world.db.execute("update watch_state set diff_version = 0, lexicon_version = 0")
    again = world.watch(run2)
    assert again.compared == 2 and again.changes == 0
    assert len(world.changes()) == 1


def test_a_version_waits_until_its_predecessor_is_processed_by_the_current_parser(world):
    _, _, v1 = baseline(world, programme())
    world.understand(v1, programme(), parser_version="old-parser")
    run2, v2 = new_version(world, b"v2", programme("1900000"))
    report = world.watch(run2)
    assert report.compared == 0 and world.changes() == []
    assert world.db.execute("select count(*) from watch_state where version_id = ?", [v2]).fetchone()[0] == 0
    world.understand(v1, programme())
    assert world.watch(run2).changes == 1


def test_a_failed_version_is_skipped_and_the_next_compares_with_the_last_understood(world):
    _, _, v1 = baseline(world, programme())
    run2, v2 = new_version(world, b"broken", [], )
    world.understand(v2, [], status="error")
    run3, v3 = new_version(world, b"v3", programme("1900000"))
    world.watch(run3)
    (row,) = world.changes()
    assert (row["from_version_id"], row["to_version_id"]) == (v1, v3)


# ------------------------------------------------------------------------ relevance & significance


def test_significance_rules():
    cut = [{"field": "costs", "year": "2026", "before": "3200000", "after": "1900000"}]
    rise = [{"field": "costs", "year": "2026", "before": "1900000", "after": "3200000"}]
    target_cut = [{"field": "targets", "year": "2026", "before": "220", "after": "100"}]
    unread = [{"field": "cost", "year": None, "before": "3200000", "after": None}]
    assert significance(C.CHANGE_REMOVED, C.SEG_ACTIVITY, True) == "high"
    assert significance(C.CHANGE_REMOVED, C.SEG_OBJECTIVE, True) == "high"
    assert significance(C.CHANGE_REMOVED, C.SEG_BUDGET_LINE, True) == "high"
    assert significance(C.CHANGE_REMOVED, C.SEG_ACTIVITY, False) == "low"
    assert significance(C.CHANGE_REMOVED, C.SEG_SECTION, True) == "medium"
    assert significance(C.CHANGE_MODIFIED, C.SEG_ACTIVITY, True, cut) == "high"
    assert significance(C.CHANGE_MODIFIED, C.SEG_ACTIVITY, False, cut) == "low"
    assert significance(C.CHANGE_MODIFIED, C.SEG_ACTIVITY, True, rise) == "medium"
    assert significance(C.CHANGE_MODIFIED, C.SEG_INDICATOR, True, target_cut) == "medium"
    assert significance(C.CHANGE_MODIFIED, C.SEG_ACTIVITY, True, unread) == "medium"
    assert significance(C.CHANGE_NEW_DECISION, C.SEG_DECISION, True) == "high"
    assert significance(C.CHANGE_NEW_DECISION, C.SEG_DECISION, False) == "low"
    assert significance(C.CHANGE_ADDED, C.SEG_OBJECTIVE, True) == "medium"


def test_a_cut_and_a_removal_in_one_version_with_relevance_explained(world):
    baseline(world, programme())
    run2, _ = new_version(world, b"v2", programme("1900000", with_counselling=False))
    world.watch(run2)
    by_code = {r["code"]: r for r in world.changes()}
    assert set(by_code) == {"F1.1.1", "F1.2.2"}
    cut, removed = by_code["F1.1.1"], by_code["F1.2.2"]
    assert (cut["kind"], cut["significance"], cut["categories"]) == (C.CHANGE_MODIFIED, "high", ["bakim"])
    assert {"field": "cost", "year": None, "before": "3200000", "after": "1900000"} in cut["numeric"]
    assert (cut["page_before"], cut["page_after"], cut["words_removed"]) == (2, 2, [])   # the cost is a field here
    assert {t["where"] for t in cut["matched_terms"]} == {"before", "after"}
    assert (removed["kind"], removed["significance"], removed["page_before"], removed["page_after"]) == (
        C.CHANGE_REMOVED, "high", 3, None)
    assert removed["categories"] == ["kadin_ve_aile_hizmetleri"]
    assert [t["where"] for t in removed["matched_terms"]] == ["before"]


def test_a_neutral_segment_under_a_gender_objective_inherits_relevance(world):
    baseline(world, programme())
    changed = programme()
    changed[2] = seg(C.SEG_INDICATOR, "PG1.1.1", "Hizmet alan çocuk sayısı", parent="Hedef 1.1", page=2,
                     targets={"2026": "150"})
    run2, _ = new_version(world, b"v2", changed)
    world.watch(run2)
    (row,) = world.changes()
    assert row["gender_relevant"] == 1 and row["categories"] == ["bakim"] and row["significance"] == "medium"
    inherited = [t for t in row["matched_terms"] if t["where"] == "inherited"]
    assert inherited and all(t["code"] == "Hedef 1.1" for t in inherited)
    assert "Hedef 1.1" in row["relevance_explanation"]


def test_a_removed_segment_inherits_from_the_old_version(world):
    baseline(world, programme())
    without = [s for s in programme() if s.code != "PG1.1.1"]
    run2, _ = new_version(world, b"v2", without)
    world.watch(run2)
    (row,) = world.changes()
    assert (row["kind"], row["segment_kind"], row["significance"]) == (C.CHANGE_REMOVED, C.SEG_INDICATOR, "high")
    assert any(t["where"] == "inherited" for t in row["matched_terms"])


def test_a_gender_word_that_disappears_makes_the_change_relevant(world):
    before = programme(with_counselling=False, extra=" ve kadın sığınmaevi çevresinin aydınlatılması")
    baseline(world, before)
    run2, _ = new_version(world, b"v2", programme(with_counselling=False, extra=" ve park çevresinin aydınlatılması"))
    world.watch(run2)
    (row,) = world.changes()
    assert row["kind"] == C.CHANGE_MODIFIED and row["gender_relevant"] == 1
    assert "siddet" in row["categories"] and {t["where"] for t in row["matched_terms"]} == {"before"}


def test_neutral_changes_are_low_and_irrelevant(world):
    baseline(world, programme(with_counselling=False))
    run2, _ = new_version(world, b"v2", programme(with_counselling=False, extra=" ve asfalt serimi"))
    world.watch(run2)
    (row,) = world.changes()
    assert (row["gender_relevant"], row["significance"], row["categories"], row["matched_terms"]) == (0, "low", [], [])


# ---------------------------------------------------------------------------- decisions & successor


def decision(no: str, subject: str, proposer: str, page: int = 1) -> Segment:
    """A decision whose own words do not name its proposer (the parser reads it into ``fields``)."""
    return seg(C.SEG_DECISION, no, subject, f"MECLİS KARARI Karar No {no} {subject} hakkında teklif kabul edildi.",
               page=page, karar_no=no, proposer=proposer)


def test_new_council_month_one_change_per_decision_in_the_pdf_with_proposer_relevance(world):
    run1 = world.start()
    _, _, v = world.publish(run1, doc_type=C.COUNCIL_DECISIONS, period="2025-07", body=b"july")
    world.finish(run1)
    world.understand(v, [decision("2025/80", "Park düzenlemesi", "Park ve Bahçeler Müdürlüğü")])
    world.watch(run1)
    run2 = world.start()
    month = [decision("2025/80", "Park düzenlemesi", "Park ve Bahçeler Müdürlüğü"),   # re-listed, not new
             decision("2025/97", "Kadın konukevi açılması", "Kadın ve Aile Hizmetleri Müdürlüğü", page=1),
             decision("2025/98", "Kira bedellerinin belirlenmesi", KAD, page=3),
             decision("2025/99", "Çatı bakım onarım işi", "Destek Hizmetleri Müdürlüğü", page=4)]
    _, html_doc, html_v = world.publish(run2, doc_type=C.COUNCIL_DECISIONS, period="2025-08", variant="ozet",
                                        body=b"<html>august</html>", url=f"{SITE}/meclis-kararlari/2025-8")
    _, pdf_doc, pdf_v = world.publish(run2, doc_type=C.COUNCIL_DECISIONS, period="2025-08", body=b"%PDF august",
                                      found_on=f"{SITE}/meclis-kararlari/2025-8")
    world.finish(run2)
    world.understand(html_v, [Segment(s.kind, s.code, s.title, s.text, None, None, None, 0, dict(s.fields))
                              for s in month], fmt="html")   # the summary page has no page numbers
    world.understand(pdf_v, month)
    world.watch(run2)
    decisions = {r["code"]: r for r in world.changes(kind=C.CHANGE_NEW_DECISION)}
    assert set(decisions) == {"2025/97", "2025/98", "2025/99"}
    assert all(r["document_id"] == pdf_doc and r["to_version_id"] == pdf_v and r["page_after"] for r in decisions.values())
    shelter, fees, roof = decisions["2025/97"], decisions["2025/98"], decisions["2025/99"]
    assert (shelter["significance"], "siddet" in shelter["categories"]) == ("high", True)
    assert fees["gender_relevant"] == 1 and fees["significance"] == "high"
    assert {t["where"] for t in fees["matched_terms"]} == {"proposer"}
    assert fees["matched_terms"][0]["unit"] == KAD
    assert (roof["gender_relevant"], roof["significance"]) == (0, "low")
    new_docs = world.changes(kind=C.CHANGE_NEW_DOCUMENT)
    assert {r["document_id"] for r in new_docs} == {html_doc, pdf_doc}
    assert all(r["gender_relevant"] == 0 for r in new_docs), "a bundle is judged by its title; decisions one by one"


def test_a_decision_added_to_a_council_page_is_a_new_decision_unless_published_before(world):
    park = decision("2025/80", "Park düzenlemesi", "Park ve Bahçeler Müdürlüğü")
    zoning = decision("2025/70", "İmar planı değişikliği", "İmar ve Şehircilik Müdürlüğü")
    run1 = world.start()
    _, _, page = world.publish(run1, doc_type=C.COUNCIL_DECISIONS, period="2025-08", body=b"v1")
    _, _, july = world.publish(run1, doc_type=C.COUNCIL_DECISIONS, period="2025-07", body=b"july")
    world.finish(run1)
    world.understand(page, [park])
    world.understand(july, [zoning])
    assert world.watch(run1).changes == 0
    # The August page grows: one decision of its own, and July's, published (and baselined) before.
    shelter = decision("2025/81", "Kadın kooperatifine satış yeri tahsisi", "Emlak Müdürlüğü")
    run2, _ = new_version(world, b"v2", [park, shelter, zoning], doc_type=C.COUNCIL_DECISIONS, period="2025-08")
    world.watch(run2)
    (row,) = world.changes()
    assert (row["kind"], row["code"], row["significance"]) == (C.CHANGE_NEW_DECISION, "2025/81", "high")


def test_successor_diff_runs_once_when_the_new_year_appears(world):
    run1, doc25, v25 = baseline(world, programme(year="2025"), period="2025", body=b"pp2025")
    run2 = world.start()
    world.seen(run2, f"{SITE}/{C.PERFORMANCE_PROGRAMME}-2025.pdf")
    _, doc26, v26 = world.publish(run2, period="2026", body=b"pp2026")
    world.finish(run2)
    world.understand(v26, programme("1900000", year="2026", with_counselling=False))
    world.watch(run2)
    successor = [r for r in world.changes() if r["predecessor_document_id"] == doc25]
    assert {(r["kind"], r["code"]) for r in successor} == {(C.CHANGE_MODIFIED, "F1.1.1"), (C.CHANGE_REMOVED, "F1.2.2")}
    assert all(r["document_id"] == doc26 and (r["from_version_id"], r["to_version_id"]) == (v25, v26)
               for r in successor)
    cut = next(r for r in successor if r["code"] == "F1.1.1")
    assert {"field": "costs", "year": "2026", "before": "3200000", "after": "1900000"} in cut["numeric"]
    assert len(world.changes(kind=C.CHANGE_NEW_DOCUMENT)) == 1
    # A later version of this year's programme is compared with its own previous version only.
    run3, v26b = new_version(world, b"pp2026b", programme("1900000", year="2026", with_counselling=False,
                                                           extra=" ve bisiklet yolu"), period="2026")
    world.watch(run3)
    later = [r for r in world.changes() if r["to_version_id"] == v26b]
    assert [(r["code"], r["predecessor_document_id"], r["from_version_id"]) for r in later] == [("F1.2.1", None, v26)]


# ------------------------------------------------------------------------------- unstructured text


def test_unstructured_documents_get_sentence_changes_and_layout_noise_gets_none(world):
    text1 = ["Belediyemiz yeni hizmet binasını açmıştır. Kadın sığınmaevi kapasitesi artırılacaktır.\nSayfa 1",
             "Mahalle pazarı yeniden düzenlenecektir.\nSayfa 2"]
    baseline(world, [], pages=text1, doc_type=C.OTHER, period="2025")
    reflowed = ["Belediyemiz yeni hizmet\nbinasını açmıştır.   Kadın sığın-\nmaevi\n- 1 -",
                "kapasitesi artırılacaktır. Mahalle pazarı yeniden\ndüzenlenecektir.\n- 2 -"]
    run2, v2 = new_version(world, b"v2", [], doc_type=C.OTHER, period="2025")
    world.understand(v2, [], pages=reflowed)
    assert world.watch(run2).changes == 0
    run3, v3 = new_version(world, b"v3", [], doc_type=C.OTHER, period="2025")
    world.understand(v3, [], pages=["Belediyemiz yeni hizmet binasını açmıştır. Kadın sığınmaevi kapatılacaktır.",
                                    "Mahalle pazarı yeniden düzenlenecektir."])
    world.watch(run3)
    (row,) = world.changes()
    assert row["kind"] == C.CHANGE_TEXT and row["segment_kind"] is None
    assert row["words_removed"] == ["kapasitesi", "artırılacaktır"] and row["words_added"] == ["kapatılacaktır"]
    assert row["gender_relevant"] == 1 and "siddet" in row["categories"] and row["page_after"] == 1


# ------------------------------------------------------------------------------- missing documents


def missing_world(world) -> tuple[int, str]:
    """One baseline document linked from /belgeler/ (returns its id and URL)."""
    run = world.start()
    world.page(run, f"{SITE}/belgeler/")
    _, doc, v = world.publish(run, body=b"doc")
    world.finish(run)
    world.understand(v, programme())
    world.watch(run)
    return doc, f"{SITE}/{C.PERFORMANCE_PROGRAMME}-2026.pdf"


def crawl(world, *, listing: str | None = C.FETCH_PAGE, listing_status: int | None = 200,
          doc: tuple[str, int | None] | None = None, seen_url: str | None = None, status: str = "finished",
          run_watch: bool = True) -> int:
    run = world.start()
    if listing:
        world.page(run, f"{SITE}/belgeler/", outcome=listing, status=listing_status)
    if doc:
        world.page(run, f"{SITE}/{C.PERFORMANCE_PROGRAMME}-2026.pdf", outcome=doc[0], status=doc[1])
    if seen_url:
        world.seen(run, seen_url)
    world.finish(run, status=status)
    if run_watch:
        world.watch(run)
    return run


def test_missing_after_two_successful_crawls_without_the_link(world):
    doc, _ = missing_world(world)
    crawl(world)
    assert (world.doc(doc)["absent_runs"], world.doc(doc)["status"]) == (1, C.DOC_ACTIVE)
    assert world.changes() == []
    run3 = crawl(world)
    d = world.doc(doc)
    assert (d["absent_runs"], d["status"]) == (2, C.DOC_MISSING) and d["missing_since"]
    (row,) = world.changes()
    assert (row["kind"], row["crawl_run_id"], row["to_version_id"]) == (C.CHANGE_DOCUMENT_MISSING, run3, None)
    assert "unlinked" in row["title"] and row["from_version_id"] == d["current_version_id"]
    crawl(world)
    assert len(world.changes()) == 1, "reported once"


@pytest.mark.parametrize("code", [404, 410])
def test_a_url_that_answers_gone_counts_as_absent(world, code):
    doc, _ = missing_world(world)
    crawl(world, listing=None, doc=(C.FETCH_HTTP_ERROR, code))
    crawl(world, listing=None, doc=(C.FETCH_HTTP_ERROR, code))
    assert world.doc(doc)["status"] == C.DOC_MISSING
    assert f"{code}:" in world.changes()[0]["title"]


@pytest.mark.parametrize("listing,status", [(C.FETCH_HTTP_ERROR, 500), (C.FETCH_TIMEOUT, None),
                                            (C.FETCH_SOFT_404, 200), (None, None)])
def test_a_failed_or_missing_listing_is_never_evidence(world, listing, status):
    doc, _ = missing_world(world)
    for _ in range(3):
        crawl(world, listing=listing, listing_status=status)
    assert (world.doc(doc)["absent_runs"], world.doc(doc)["status"]) == (0, C.DOC_ACTIVE)
    assert world.changes() == []


@pytest.mark.parametrize("outcome,code", [(C.FETCH_TIMEOUT, None), (C.FETCH_HTTP_ERROR, 503),
                                          (C.FETCH_WRONG_TYPE, 200), (C.FETCH_SOFT_404, 200)])
def test_a_failed_fetch_of_the_document_itself_is_never_evidence(world, outcome, code):
    doc, _ = missing_world(world)
    for _ in range(3):
        crawl(world, doc=(outcome, code))   # the listing still links it; fetching it failed
    assert (world.doc(doc)["absent_runs"], world.doc(doc)["status"]) == (0, C.DOC_ACTIVE)


def test_absences_must_be_consecutive_and_failed_crawls_do_not_break_them(world):
    doc, url = missing_world(world)
    crawl(world)
    crawl(world, seen_url=url)                          # seen again: the count starts over
    assert world.doc(doc)["absent_runs"] == 0
    crawl(world)
    crawl(world, listing=C.FETCH_TIMEOUT, listing_status=None)   # says nothing
    crawl(world, status="crashed")                      # a crashed run is skipped
    assert (world.doc(doc)["absent_runs"], world.doc(doc)["status"]) == (1, C.DOC_ACTIVE)
    crawl(world)
    assert world.doc(doc)["status"] == C.DOC_MISSING


def test_every_url_must_be_accounted_for(world):
    doc, url = missing_world(world)
    run = world.start()
    world.seen(run, url)
    outcome, same, _ = world.publish(run, body=b"doc", url="http://127.0.0.15/kopya.pdf",
                                     found_on="http://127.0.0.15/liste")   # a copy on another site
    assert (outcome, same) == (C.FETCH_UNCHANGED, doc)
    world.finish(run)
    world.watch(run)
    for _ in range(2):   # the first listing drops it, the second (another site) fails
        run = world.start()
        world.page(run, f"{SITE}/belgeler/")
        world.page(run, "http://127.0.0.15/liste", outcome=C.FETCH_HTTP_ERROR, status=502)
        world.finish(run)
        world.watch(run)
    assert (world.doc(doc)["absent_runs"], world.doc(doc)["status"]) == (0, C.DOC_ACTIVE)


def test_each_run_counts_once_and_a_reappearing_document_is_active_again(world):
    doc, url = missing_world(world)
    run2 = crawl(world, run_watch=False)
    check_missing(world.db, world.settings, run_id=run2)
    check_missing(world.db, world.settings, run_id=run2)
    world.watch(run2)
    assert world.doc(doc)["absent_runs"] == 1
    crawl(world)
    assert world.doc(doc)["status"] == C.DOC_MISSING
    run = world.start()
    world.seen(run, url)
    world.finish(run)
    d = world.doc(doc)
    assert (d["status"], d["absent_runs"], d["missing_since"]) == (C.DOC_ACTIVE, 0, None)


def test_missing_after_runs_is_a_setting(world):
    world.settings = world.settings.replace(missing_after_runs=1)
    doc, _ = missing_world(world)
    crawl(world)
    assert world.doc(doc)["status"] == C.DOC_MISSING


# ------------------------------------------------------------------------------------------- CLI


def test_changes_command_text_and_json(world, settings):
    baseline(world, programme())
    run2, _ = new_version(world, b"v2", programme("1900000", extra=" ve asfalt"))
    world.watch(run2)
    runner = CliRunner()
    base = ["--data-dir", settings.data_dir]
    text = runner.invoke(cli, [*base, "changes"])
    assert text.exit_code == 0, text.output
    assert "modified faaliyet F1.1.1 · high: bakim" in text.output and "3200000 → 1900000" in text.output
    assert "2 change(s), 1 gender-relevant" in text.output
    out = runner.invoke(cli, [*base, "changes", "--gender-only", "--format", "json"])
    rows = json.loads(out.output)
    assert [r["code"] for r in rows] == ["F1.1.1"] and rows[0]["categories"] == ["bakim"]
    assert rows[0]["after_url"].endswith(f"/-/archive/{rows[0]['to_version_id']}#page=2")
    assert json.loads(runner.invoke(cli, [*base, "changes", "--municipality", "m2", "--format", "json"]).output) == []
    assert json.loads(runner.invoke(cli, [*base, "changes", "--since", "2999-01-01", "--format", "json"]).output) == []
    bad = runner.invoke(cli, [*base, "changes", "--since", "dün"])
    assert bad.exit_code == 2 and "'dün' is not a date" in bad.output


def test_changes_command_without_a_database(tmp_path):
    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path / "none"), "changes"])
    assert result.exit_code == 1 and "no database at" in result.output


def test_pipeline_watch_step_is_what_the_scheduler_calls(world, settings):
    from muniwatch.pipeline import watch_step as pipeline_watch

    baseline(world, programme())
    run2, _ = new_version(world, b"v2", programme("1900000"))
    report = pipeline_watch(settings, run2)
    assert (report.compared, report.changes, report.gender_relevant, report.missing) == (1, 1, 1, 0)
