"""127.0.0.14 - Altınkoru Belediyesi: council pages, an agenda, a committee report, plans.

``/meclis/`` lists the monthly pages ``/meclis-kararlari/YYYY-M`` (HTML decision summaries that are
documents themselves, variant ``ozet``) which link the monthly PDF bundles; the August 2025 agenda
(``/meclis/gundem/2025-8``, an HTML document); the equality committee's report (PDF).
``/stratejik-yonetim/`` links the plan, programmes and activity report. ``/arsiv/eski-kararlar.asp``
is a windows-1254 page linking the scanned December 2024 bundle. Traps: a ``.pdf`` link that
redirects to ``127.0.0.1/admin/secret``; an e-Devlet link to 127.0.0.99; mailto:/tel:.
"""

from __future__ import annotations

from muniwatch import constants as C
from muniwatch.sampleweb import corpus, html_docs
from muniwatch.sampleweb.html import a, document, ul
from muniwatch.sampleweb.model import month_name
from muniwatch.sampleweb.routes import Ctx, SiteTable, doc_route, page, redirect

SITE = "altinkoru"
TO_PRIVATE = "/dosyalar/meclis-uyeleri.pdf"
LEGACY_PAGE = "/arsiv/eski-kararlar.asp"
LEGACY_CHARSET = "windows-1254"
ROBOTS = "User-agent: *\nDisallow: /yonetim/\n"


def legacy_archive_page(ctx: Ctx) -> bytes:
    """An old ASP page in windows-1254: decoding it as UTF-8 garbles every Turkish letter."""
    scan = ctx.doc(SITE, C.COUNCIL_DECISIONS, "2024-12")
    html = document("Eski Meclis Kararları Arşivi", (
        "<h1>Eski Meclis Kararları Arşivi</h1>"
        "<p>Aşağıdaki karar dosyaları kâğıt nüshalardan taranarak yayımlanmıştır.</p>"
        + ul([a(scan.path, "Aralık 2024 Meclis Kararları (taranmış nüsha)")])
        + "<p>Şubat 2024 ve öncesine ait kararlar için Yazı İşleri Müdürlüğü'ne başvurunuz. "
          "Çalışma saatleri: 08.30-17.30, öğle arası 12.00-13.00.</p>"), charset=LEGACY_CHARSET)
    return html.encode(LEGACY_CHARSET)


def build(ctx: Ctx) -> SiteTable:
    chrome = html_docs.chrome
    t = SiteTable(SITE, page(chrome("Sayfa bulunamadı", "<h1>Sayfa bulunamadı</h1>"), status=404))
    t.add("/robots.txt", page(ROBOTS, content_type="text/plain; charset=utf-8"))
    extra = (f' · <a href="tel:+902665550000">(0266) 555 00 00</a>'
             f' · <a href="mailto:yaziisleri@altinkoru-belediyesi.example">yaziisleri@altinkoru-belediyesi.example</a>'
             f' · {a(TO_PRIVATE, "Meclis Üyeleri Listesi (PDF)")}'
             f' · {a(f"http://127.0.0.99:{ctx.port}/edevlet/altinkoru", "e-Devlet Kapısı")}')
    t.add("/", page(chrome("Anasayfa", (
        "<h1>Altınkoru Belediyesi</h1><p>Meclis kararları, gündemler ve komisyon raporları için "
        + a("/meclis/", "Meclis") + " sayfasını, plan ve raporlar için "
        + a("/stratejik-yonetim/", "Stratejik Yönetim") + " sayfasını ziyaret ediniz.</p>"), extra)))

    months = [m for m in corpus.council_months(SITE, ctx.epoch) if m.period != "2024-12"]
    month_links = [a(f"/meclis-kararlari/{m.year}-{m.month}", f"{month_name(m.month)} {m.year} Meclis Kararları")
                   for m in reversed(months)]
    agenda = ctx.doc(SITE, C.COUNCIL_AGENDA, "2025-08")
    committee = next(d for d in ctx.docs.values() if d.doc_type == C.COMMITTEE_REPORT and d.site == SITE)
    t.add("/meclis/", page(chrome("Meclis", (
        "<h1>Belediye Meclisi</h1><h2>Meclis Gündemi</h2>" + ul([a(agenda.path, agenda.title)])
        + "<h2>Meclis Kararları</h2>" + ul(month_links, "karar-aylari")
        + "<h2>Komisyon Raporları</h2>" + ul([a(committee.path, committee.title)])
        + "<p>Eski kararlar için " + a(LEGACY_PAGE, "arşiv sayfamıza") + " bakınız.</p>"), extra)))

    plan = ctx.doc(SITE, C.STRATEGIC_PLAN, "2025-2029")
    docs = [plan, ctx.doc(SITE, C.PERFORMANCE_PROGRAMME, "2025"), ctx.doc(SITE, C.PERFORMANCE_PROGRAMME, "2026"),
            ctx.doc(SITE, C.ACTIVITY_REPORT, "2025")]
    t.add("/stratejik-yonetim/", page(chrome("Stratejik Yönetim", (
        "<h1>Stratejik Yönetim</h1>" + ul([a(d.path, d.title.replace("Altınkoru Belediyesi ", ""))
                                          for d in docs], "belgeler")), extra)))
    t.add(LEGACY_PAGE, page(legacy_archive_page(ctx), content_type=f"text/html; charset={LEGACY_CHARSET}"))
    t.add(TO_PRIVATE, redirect(ctx.url("internal", "/admin/secret"), 302, any_query=True))
    for d in ctx.docs.values():
        if d.site == SITE:
            route = doc_route(d)
            if d.fmt == "html":   # pages that are documents: the query is not ignored
                route = page(b"", last_modified=d.last_modified, doc=d)
            t.add(d.path, route)
    return t
