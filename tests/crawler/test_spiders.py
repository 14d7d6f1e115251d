"""Spider parse methods over the sample web's real pages (no network, no clock, no database)."""

from __future__ import annotations

import scrapy
from scrapy.exceptions import DownloadTimeoutError, IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.classify import classify
from crawler.items import KIND_DOCUMENT, KIND_FAILURE, KIND_PAGE, Fetched
from crawler.middlewares import RefusedRequest
from muniwatch import constants as C
from muniwatch.registry import ListingConfig, Source
from muniwatch.sampleweb import corpus, site_cms
from spiders.base import failure_outcome
from spiders.discovery import DiscoverySpider
from spiders.listing import ListingSpider
from spiders.spgov import SpgovSpider, match_municipality, parse_plan_slug

from .sample_pages import PORT, response_for, url


def source(sid: str, mid: str | None, kind: str, start: str, host: str, **kw) -> Source:
    return Source(sid, mid, kind, [start], allowed_domains=[host], **kw)


def discovery(site: str, mid: str) -> DiscoverySpider:
    return DiscoverySpider(source(f"{mid}-site", mid, C.SOURCE_DISCOVERY, url(site), url(site).split("/")[2].split(":")[0]),
                           run_id=1, depth=3)


def split(results):
    requests = [r for r in results if isinstance(r, scrapy.Request)]
    items = [r for r in results if isinstance(r, Fetched)]
    return requests, items


def docs(requests):
    """{path: (doc_type, period, variant)} of document requests."""
    out = {}
    for r in requests:
        if r.meta.get("mw_kind") == KIND_DOCUMENT and r.meta.get("classification"):
            c = r.meta["classification"]
            out[r.url.split(str(PORT), 1)[1]] = (c.doc_type, c.period, c.variant)
    return out


def pages(requests):
    return {r.url.split(str(PORT), 1)[1] for r in requests if r.meta.get("mw_kind") == KIND_PAGE}


def test_camliova_home_follows_topic_links_only():
    spider = discovery("camliova", "camliova")
    requests, items = split(list(spider.parse_page(response_for(url("camliova"), page_depth=0))))
    assert [i.kind for i in items] == [KIND_PAGE]
    followed = pages(requests)
    assert {"/kurumsal/stratejik-plan/", "/kurumsal/performans-programi/", "/kurumsal/faaliyet-raporlari/",
            "/kurumsal/mali-durum/"} <= followed
    assert "/iletisim/" not in followed and "/?p=123" not in followed   # not about documents
    # the sidebar's plan link, with ?download=true dropped
    assert docs(requests) == {"/wp-content/uploads/2025/01/camliova-stratejik-plan-2025-2029.pdf":
                              (C.STRATEGIC_PLAN, "2025-2029", "")}
    hosts = {r.url.split("/")[2] for r in requests}
    assert hosts == {f"127.0.0.11:{PORT}"}                          # never 127.0.0.99, never sp.gov.tr
    assert not any(r.url.startswith(("mailto", "tel", "javascript")) for r in requests)
    assert all(r.headers.get("Cache-Control") == b"max-age=0" for r in requests)


def test_camliova_reports_page_typo_and_mislabelled():
    spider = discovery("camliova", "camliova")
    page = response_for(url("camliova", "/kurumsal/faaliyet-raporlari/"), page_depth=1)
    requests, _ = split(list(spider.parse_page(page)))
    assert {p: d for p, d in docs(requests).items() if d[0] == C.ACTIVITY_REPORT} == {
        "/wp-content/uploads/2026/04/camliova-faaliyet-raporu-2025.pdf": (C.ACTIVITY_REPORT, "2025", ""),  # "Roporu"
        "/wp-content/uploads/2025/04/camliova-faaliyet-raporu-2024.pdf": (C.ACTIVITY_REPORT, "2024", ""),
    }
    assert all(r.meta["expect"] == "pdf" for r in requests if r.meta.get("mw_kind") == KIND_DOCUMENT)


def test_camliova_programme_chain_is_a_download_link():
    spider = discovery("camliova", "camliova")
    requests, _ = split(list(spider.parse_page(response_for(url("camliova", "/kurumsal/performans-programi/"),
                                                            page_depth=1))))
    found = docs(requests)
    assert found["/indir/performans-programi-2025"] == (C.PERFORMANCE_PROGRAMME, "2025", "")
    assert found["/wp-content/uploads/2026/01/camliova-performans-programi-2026.pdf"] == \
        (C.PERFORMANCE_PROGRAMME, "2026", "")


def test_depth_limit_stops_following_pages():
    spider = discovery("camliova", "camliova")
    requests, _ = split(list(spider.parse_page(response_for(url("camliova"), page_depth=3))))
    assert pages(requests) == set()
    assert docs(requests)          # documents on the page are still taken


def test_altinkoru_council_page():
    spider = discovery("altinkoru", "altinkoru")
    requests, _ = split(list(spider.parse_page(response_for(url("altinkoru", "/meclis/"), page_depth=1))))
    found = docs(requests)
    months = [m.period for m in corpus.council_months("altinkoru", 1) if m.period != "2024-12"]
    for period in months:
        year, month = period.split("-")
        assert found[f"/meclis-kararlari/{year}-{int(month)}"] == (C.COUNCIL_DECISIONS, period, "")
    assert found["/meclis/gundem/2025-8"] == (C.COUNCIL_AGENDA, "2025-08", "")
    assert found["/dosyalar/komisyon/kadin-erkek-firsat-esitligi-komisyonu-raporu-2025-06.pdf"] == \
        (C.COMMITTEE_REPORT, "2025-06", "kadin-erkek-firsat-esitligi-komisyonu")
    assert "/arsiv/eski-kararlar.asp" in pages(requests)
    # the footer's "Meclis Üyeleri Listesi (PDF)" speaks of the council: probed (its redirect is the guard's job)
    probes = [r.url for r in requests if r.meta.get("probe")]
    assert probes == [url("altinkoru", "/dosyalar/meclis-uyeleri.pdf")]


def test_decision_summary_page_is_a_document_and_leads_to_the_bundle():
    spider = discovery("altinkoru", "altinkoru")
    link = url("altinkoru", "/meclis-kararlari/2025-6")
    found = classify("Haziran 2025 Meclis Kararları", link)
    response = response_for(link, classification=found, expect=None, page_depth=2,
                            link_text="Haziran 2025 Meclis Kararları")
    requests, items = split(list(spider.parse_document(response)))
    assert [(i.kind, i.doc_type, i.period, i.variant) for i in items] == \
        [(KIND_DOCUMENT, C.COUNCIL_DECISIONS, "2025-06", "ozet")]
    assert items[0].title == "Haziran 2025 Meclis Kararları"
    assert docs(requests)["/dosyalar/meclis/2025-06-meclis-kararlari.pdf"] == (C.COUNCIL_DECISIONS, "2025-06", "")


def test_agenda_page_is_a_document():
    spider = discovery("altinkoru", "altinkoru")
    link = url("altinkoru", "/meclis/gundem/2025-8")
    response = response_for(link, classification=classify("Ağustos 2025 Meclis Gündemi", link), expect=None,
                            page_depth=2)
    _, items = split(list(spider.parse_document(response)))
    assert [(i.kind, i.doc_type, i.period, i.variant) for i in items] == \
        [(KIND_DOCUMENT, C.COUNCIL_AGENDA, "2025-08", "")]


def test_legacy_windows_1254_page():
    spider = discovery("altinkoru", "altinkoru")
    response = response_for(url("altinkoru", "/arsiv/eski-kararlar.asp"), page_depth=2)
    assert response.encoding == "cp1254"
    requests, _ = split(list(spider.parse_page(response)))
    found = docs(requests)
    assert list(found.values()) == [(C.COUNCIL_DECISIONS, "2024-12", "")]


def test_js_page_has_no_links_without_a_browser():
    spider = DiscoverySpider(source("ilginpinar-site", "ilginpinar", C.SOURCE_DISCOVERY, url("ilginpinar"),
                                    "127.0.0.13", js=True), run_id=1)
    requests, _ = split(list(spider.parse_page(response_for(url("ilginpinar", "/yayinlar/"), page_depth=1))))
    assert docs(requests) == {}
    request = spider.page_request(url("ilginpinar", "/yayinlar/"), spider.parse_page)
    assert request.meta["playwright"] is True and request.meta["dont_cache"] is True
    doc = spider.document_request(url("ilginpinar", "/a.pdf"), classify("2025 Faaliyet Raporu", "x.pdf"))
    assert "playwright" not in doc.meta                              # files never go through the browser


def listing_spider() -> ListingSpider:
    cfg = ListingConfig(pages=[url("mavikiyi", "/Belgeler?sayfa=1")], max_pages=5, **site_cms.LISTING)
    return ListingSpider(source("mavikiyi-belgeler", "mavikiyi", C.SOURCE_LISTING, url("mavikiyi"), "127.0.0.12",
                                listing=cfg), run_id=1)


def test_listing_pages_and_rows():
    spider = listing_spider()
    seen: dict[str, tuple] = {}
    target, page = url("mavikiyi", "/Belgeler?sayfa=1"), 1
    while target:
        requests, items = split(list(spider.parse_listing(response_for(target, listing_page=page))))
        assert [i.kind for i in items] == [KIND_PAGE]
        seen.update(docs(requests))
        nxt = pages(requests)
        target = url("mavikiyi", nxt.pop()) if nxt else None
        page += 1
    assert page - 1 == site_cms.page_count()
    assert seen == {
        "/Dosya/Indir/1041": (C.PERFORMANCE_PROGRAMME, "2026", ""),
        "/Dosya/Indir/1038": (C.ACTIVITY_REPORT, "2025", ""),
        "/Dosya/Indir/1033": (C.COUNCIL_DECISIONS, "2025-07", ""),
        "/Dosya/Indir/1022": (C.PERFORMANCE_PROGRAMME, "2025", ""),
        "/Dosya/Indir/1017": (C.STRATEGIC_PLAN, "2025-2029", ""),
        "/Dosya/Indir/1099": (C.ACTIVITY_REPORT, "2024", ""),
        "/Dosya/Indir/1018": (C.STRATEGIC_PLAN, "2025-2029", ""),
    }


def test_listing_download_uses_content_disposition():
    spider = listing_spider()
    target = url("mavikiyi", "/Dosya/Indir/1022")
    response = response_for(target, classification=classify("2025 Yılı Performans Programı", target), expect="file",
                            link_text="2025 Yılı Performans Programı")
    _, items = split(list(spider.parse_document(response)))
    assert len(items) == 1 and items[0].kind == KIND_DOCUMENT
    assert items[0].filename == "Mavikıyı_2025_Performans_Programı.pdf"
    assert items[0].body.startswith(b"%PDF")


def test_listing_failing_epoch_is_a_failure():
    spider = listing_spider()
    items = list(spider.parse_listing(response_for(url("mavikiyi", "/Belgeler?sayfa=1"), epoch=2,
                                                   wire_status=500)))
    assert [(i.kind, i.outcome) for i in items] == [(KIND_FAILURE, C.FETCH_HTTP_ERROR)]


def spgov_spider() -> SpgovSpider:
    src = Source("spgov", None, C.SOURCE_SPGOV, [url("spgov", "/tr/stratejik-plan")], ["stratejik_plan"],
                 allowed_domains=["127.0.0.15"])
    return SpgovSpider(src, run_id=1, municipalities=corpus.MUNICIPALITIES.values())


def test_spgov_list_matches_registry_and_reports_unmatched():
    spider = spgov_spider()
    requests, items = split(list(spider.parse_list(response_for(url("spgov", "/tr/stratejik-plan")))))
    assert sorted(r.meta["municipality_id"] for r in requests) == sorted(corpus.MUNICIPALITIES)
    assert all(r.meta["plan_period"] == "2025-2029" for r in requests)
    assert len(items) == 1 and items[0].kind == KIND_PAGE
    assert "Güneyyaka Belediyesi" in items[0].error


def test_spgov_plan_page_gives_the_plan_file():
    spider = spgov_spider()
    first = next(r for r in spider.parse_list(response_for(url("spgov", "/tr/stratejik-plan")))
                 if isinstance(r, scrapy.Request) and r.meta["municipality_id"] == "ilginpinar")
    response = response_for(first.url, **first.meta)
    requests, items = split(list(spider.parse_plan(response)))
    assert [i.kind for i in items] == [KIND_PAGE]
    [doc] = requests
    assert doc.meta["municipality_id"] == "ilginpinar"
    assert doc.url.split(str(PORT))[1].startswith("/upload/xSPStratejikPlan/files/")
    assert (doc.meta["classification"].doc_type, doc.meta["classification"].period) == (C.STRATEGIC_PLAN, "2025-2029")


def test_spgov_matching_is_by_name_and_province():
    munis = list(corpus.MUNICIPALITIES.values())
    camliova = corpus.MUNICIPALITIES["camliova"]
    assert match_municipality("ÇAMLIOVA BELEDİYESİ", camliova.province, munis) is camliova
    assert match_municipality("Camliova Belediyesi", None, munis) is camliova
    assert match_municipality("Çamlıova Belediyesi", "Hakkari", munis) is None
    assert match_municipality("Çamlıova Büyükşehir Belediyesi", camliova.province, munis) is None
    assert parse_plan_slug("http://x/tr/stratejik-plan/s/2874/G%C3%BCneyyaka+Belediyesi+_Burdur_+2025-2029") == \
        ("Güneyyaka Belediyesi", "Burdur", "2025-2029")


def test_failure_outcomes():
    request = scrapy.Request("http://127.0.0.11/x")

    def outcome(exc):
        f = Failure(exc)
        f.request = request
        return failure_outcome(f)[0]

    from scrapy.http import Response
    assert outcome(HttpError(Response("http://127.0.0.11/x", status=503), "x")) == C.FETCH_HTTP_ERROR
    assert outcome(DownloadTimeoutError("took too long")) == C.FETCH_TIMEOUT
    assert outcome(RefusedRequest("loopback", "http://127.0.0.1/")) == C.FETCH_REFUSED_REDIRECT
    assert outcome(IgnoreRequest("Forbidden by robots.txt")) == C.FETCH_ROBOTS
    assert outcome(IgnoreRequest("Filtered offsite request")) is None
    assert outcome(ConnectionRefusedError()) == C.FETCH_UNREACHABLE
