"""127.0.0.12 - Mavikıyı Belediyesi, an ASP.NET-style CMS with a paginated document table.

``/Belgeler?sayfa=1..3`` lists documents in ``table.belge-tablosu`` (title, type, year, "İndir"
link to ``/Dosya/Indir/<id>``); pagination ends with a ``rel="next"`` "Sonraki »" link. Downloads
come as ``application/octet-stream`` with a Content-Disposition filename (type must be sniffed).
Id 1018 is a second upload of the same plan bytes as 1017 (canonical: 1017); id 1099 is a dead
link (404). Epoch 2: the listing and every download answer 500 (the source is failing).
"""

from __future__ import annotations

from muniwatch import constants as C
from muniwatch.sampleweb.html import a, document, esc
from muniwatch.sampleweb.routes import Ctx, SiteTable, doc_route, page

SITE = "mavikiyi"
NAME = "Mavikıyı Belediyesi"
PER_PAGE = 3
DEAD_LINK = "/Dosya/Indir/1099"
DUPLICATE_PLAN = "/Dosya/Indir/1018"

ROBOTS = "User-agent: *\nAllow: /\n"

LISTING = {
    "row_selector": "table.belge-tablosu tbody tr",
    "title_selector": "td.belge-adi",
    "link_selector": "td.indir a",
    "next_selector": "ul.pagination a[rel=next]",
}


def _rows(ctx: Ctx) -> list[tuple[str, str, str, str]]:
    """(title, type label, year, download path) in the order the CMS lists them (newest first)."""
    d = lambda t, p: ctx.doc(SITE, t, p).path  # noqa: E731 - a local shorthand
    return [
        ("2026 Yılı Performans Programı", "Performans Programı", "2026", d(C.PERFORMANCE_PROGRAMME, "2026")),
        ("2025 Yılı Faaliyet Raporu", "Faaliyet Raporu", "2025", d(C.ACTIVITY_REPORT, "2025")),
        ("Temmuz 2025 Meclis Kararları", "Meclis Kararı", "2025", d(C.COUNCIL_DECISIONS, "2025-07")),
        ("2025 Yılı Performans Programı", "Performans Programı", "2025", d(C.PERFORMANCE_PROGRAMME, "2025")),
        ("2025-2029 Stratejik Planı", "Stratejik Plan", "2025", d(C.STRATEGIC_PLAN, "2025-2029")),
        ("2024 Yılı Faaliyet Raporu", "Faaliyet Raporu", "2024", DEAD_LINK),
        ("2025-2029 Stratejik Planı (Meclis Onaylı Nüsha)", "Stratejik Plan", "2025", DUPLICATE_PLAN),
    ]


def _chrome(title: str, main: str) -> str:
    nav = " ".join([a("/", "Anasayfa", class_="nav-link"), a("/Belgeler?sayfa=1", "Belgeler", class_="nav-link"),
                    a("/Duyurular", "Duyurular", class_="nav-link")])
    body = (f'<form method="post" action="./" id="form1"><input type="hidden" name="__VIEWSTATE" '
            f'id="__VIEWSTATE" value="/wEPDwUKLTk1MjQ2ODMyMGRk">\n'
            f'<div class="navbar"><span class="brand">{esc(NAME)}</span> {nav}</div>\n'
            f'<div class="container">{main}</div>\n'
            f'<div class="footer">{esc(NAME)} Bilgi İşlem Müdürlüğü · '
            f'<a href="mailto:bilgi@mavikiyi-belediyesi.example">bilgi@mavikiyi-belediyesi.example</a></div>'
            f"</form>")
    return document(f"{title} - {NAME}", body)


def listing_page(ctx: Ctx, n: int) -> str:
    rows = _rows(ctx)
    pages = (len(rows) + PER_PAGE - 1) // PER_PAGE
    chunk = rows[(n - 1) * PER_PAGE: n * PER_PAGE]
    trs = "\n".join(
        f'<tr><td class="belge-adi">{esc(title)}</td><td class="tur">{esc(kind)}</td>'
        f'<td class="yil">{year}</td><td class="indir">{a(path, "İndir", class_="btn btn-sm")}</td></tr>'
        for title, kind, year, path in chunk)
    pager = []
    if n > 1:
        pager.append(f'<li>{a(f"/Belgeler?sayfa={n - 1}", "« Önceki", rel="prev")}</li>')
    for i in range(1, pages + 1):
        cls = ' class="active"' if i == n else ""
        pager.append(f'<li{cls}>{a(f"/Belgeler?sayfa={i}", str(i))}</li>')
    if n < pages:
        pager.append(f'<li>{a(f"/Belgeler?sayfa={n + 1}", "Sonraki »", rel="next")}</li>')
    main = (f"<h1>Belgeler</h1>\n<p>Toplam {len(rows)} belge, sayfa {n}/{pages}</p>\n"
            f'<table class="table belge-tablosu">\n<thead><tr><th>Belge Adı</th><th>Tür</th><th>Yıl</th>'
            f"<th></th></tr></thead>\n<tbody>\n{trs}\n</tbody>\n</table>\n"
            f'<ul class="pagination">{"".join(pager)}</ul>')
    return _chrome("Belgeler", main)


def page_count() -> int:
    return 3


def build(ctx: Ctx) -> SiteTable:
    t = SiteTable(SITE, page(_chrome("Hata", "<h1>404</h1><p>Aradığınız sayfa bulunamadı.</p>"), status=404))
    t.add("/robots.txt", page(ROBOTS, content_type="text/plain; charset=utf-8"))
    t.add("/", page(_chrome("Anasayfa", (
        f"<h1>{esc(NAME)}</h1><p>Stratejik plan, performans programı, faaliyet raporu ve meclis "
        f"kararlarımız {a('/Belgeler?sayfa=1', 'Belgeler')} bölümündedir.</p>"))))
    t.add("/Duyurular", page(_chrome("Duyurular", "<h1>Duyurular</h1><p>Güncel duyuru bulunmamaktadır.</p>")))
    for n in range(1, page_count() + 1):
        t.add(f"/Belgeler?sayfa={n}", page(listing_page(ctx, n)))
    t.add("/Belgeler", page(listing_page(ctx, 1)))
    plan = ctx.doc(SITE, C.STRATEGIC_PLAN, "2025-2029")
    for d in ctx.docs.values():
        if d.site == SITE:
            t.add(d.path, doc_route(d))
    t.add(DUPLICATE_PLAN, doc_route(plan))
    t.add(DEAD_LINK, page(_chrome("Hata", "<h1>Dosya bulunamadı</h1>"), status=404))
    if ctx.epoch >= 2:
        error = page(_chrome("Sunucu Hatası", (
            "<h1>Server Error in '/' Application.</h1><p>Sunucu hatası: veritabanına bağlanılamadı.</p>")),
            status=500)
        t.override_prefix("/Belgeler", error)
        t.override_prefix("/Dosya/", error)
    return t
