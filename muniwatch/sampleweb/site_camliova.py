"""127.0.0.11 - Çamlıova Belediyesi, a WordPress-style site (and the home of most traps).

Documents live under ``/wp-content/uploads/YYYY/MM/``. Traps: robots.txt disallows ``/arsiv-eski/``
(a plan PDF sits there); a soft-404 page linked as "Stratejik Plan 2020-2024"; a 301 -> 302 chain to
the 2025 programme; the plan linked with ``?v=1`` and ``?download=true``; a typo'd link text
("Faaliyet Roporu 2025"); a ``.pdf`` link answering HTML; a ``.pdf`` link redirecting to
``127.0.0.1/admin/secret``; links to 127.0.0.99 (never to be fetched); mailto:/tel:/javascript:.
Epoch 2: the plan revision at a new URL (the old URL 301s to it), and ``/kurumsal/mali-durum/``
hangs for ``hang_seconds``.
"""

from __future__ import annotations

import zlib

from muniwatch import constants as C
from muniwatch.sampleweb import catalog
from muniwatch.sampleweb.html import a, document, esc, ul
from muniwatch.sampleweb.routes import Ctx, SiteTable, doc_route, page, redirect

SITE = "camliova"
NAME = "Çamlıova Belediyesi"
SOFT_404 = "/kurumsal/stratejik-plan-2020/"
MISLABELLED = "/wp-content/uploads/2025/04/camliova-faaliyet-raporu-2024.pdf"
TO_PRIVATE = "/wp-content/uploads/2025/05/kvkk-aydinlatma-metni.pdf"
CHAIN_START = "/indir/performans-programi-2025"
CHAIN_MIDDLE = "/?attachment_id=311"
HANGING = "/kurumsal/mali-durum/"
OLD_PLAN_V1 = "/wp-content/uploads/2025/01/camliova-stratejik-plan-2025-2029.pdf"

ROBOTS = """User-agent: *
Disallow: /wp-admin/
Allow: /wp-admin/admin-ajax.php
Disallow: /arsiv-eski/
Disallow: /__sampleweb/
"""


def external(ctx: Ctx, path: str) -> str:
    return f"http://{catalog.EXTERNAL_HOST}:{ctx.port}{path}"


def wp_file_block(path: str, label: str, button_query: str = "") -> str:
    """A Gutenberg file block: title link plus an "İndir" button (two links, same file)."""
    media_id = f"wp-block-file--media-{zlib.crc32(label.encode()) % 10**6}"
    button = path.split("?")[0] + button_query
    return (f'<div class="wp-block-file">{a(path, label, id=media_id)}'
            f'{a(button, "İndir", class_="wp-block-file__button wp-element-button", download="")}</div>')


def wp_page(ctx: Ctx, title: str, page_id: int, content: str, body_class: str = "page") -> str:
    menu = ul([
        a("/", "Anasayfa"),
        '<a href="#">Kurumsal</a>' + ul([
            a("/kurumsal/stratejik-plan/", "Stratejik Plan"),
            a("/kurumsal/performans-programi/", "Performans Programı"),
            a("/kurumsal/faaliyet-raporlari/", "Faaliyet Raporları"),
            a(HANGING, "Mali Durum ve Beklentiler"),
        ], "sub-menu"),
        a("/?p=123", "Haberler"),
        a("/iletisim/", "İletişim"),
    ], "menu")
    plan = ctx.doc(SITE, C.STRATEGIC_PLAN, "2025-2029")
    sidebar = (
        '<aside id="secondary" class="widget-area">'
        '<section class="widget widget_block"><h2 class="widget-title">Hızlı Erişim</h2>'
        + ul([a(plan.path + "?download=true", "Stratejik Plan (PDF)"),
              a(external(ctx, "/e-belediye/camliova"), "e-Belediye İşlemleri"),
              a(ctx.url("spgov", "/tr/stratejik-plan"), "Stratejik Plan Portalı")])
        + "</section></aside>")
    footer = (
        '<footer id="colophon" class="site-footer"><nav class="footer-navigation">'
        + ul([a(TO_PRIVATE, "KVKK Aydınlatma Metni (PDF)"),
              a("/iletisim/", "İletişim"),
              '<a href="mailto:bilgi@camliova-belediyesi.example">bilgi@camliova-belediyesi.example</a>',
              '<a href="tel:+903125550000">(0312) 555 00 00</a>',
              '<a href="javascript:void(0)" class="yukari">Yukarı çık</a>',
              a(external(ctx, "/edevlet/giris"), "e-Devlet Kapısı")], "footer-menu")
        + f'</nav><p class="site-info">© 2026 {esc(NAME)}</p></footer>')
    head = (f'<link rel="shortlink" href="{esc(ctx.url(SITE, f"/?p={page_id}"))}">\n'
            '<meta name="generator" content="WordPress 6.5.3">\n')
    body = (f'<div id="page" class="site"><header id="masthead" class="site-header">'
            f'<p class="site-title">{a("/", NAME, rel="home")}</p>'
            f'<nav id="site-navigation" class="main-navigation">{menu}</nav></header>\n'
            f'<div id="content" class="site-content"><main id="primary" class="site-main">'
            f'<article id="post-{page_id}" class="post-{page_id} page type-page status-publish">'
            f'<h1 class="entry-title">{esc(title)}</h1><div class="entry-content">\n{content}\n'
            f"</div></article></main>{sidebar}</div>{footer}</div>")
    return document(f"{title} – {NAME}", body, head=head,
                    body_class=f"{body_class} page-id-{page_id} wp-embed-responsive")


def _not_found(ctx: Ctx) -> str:
    content = ('<section class="error-404 not-found"><p>Sayfa bulunamadı. Aradığınız sayfa taşınmış ya da '
               'kaldırılmış olabilir.</p>'
               '<form role="search" action="/"><input type="search" name="s"></form></section>')
    return wp_page(ctx, "Sayfa bulunamadı", 0, content, body_class="error404")


def build(ctx: Ctx) -> SiteTable:
    t = SiteTable(SITE, page(_not_found(ctx), status=404))
    plan = ctx.doc(SITE, C.STRATEGIC_PLAN, "2025-2029")
    pp25 = ctx.doc(SITE, C.PERFORMANCE_PROGRAMME, "2025")
    pp26 = ctx.doc(SITE, C.PERFORMANCE_PROGRAMME, "2026")
    fr25 = ctx.doc(SITE, C.ACTIVITY_REPORT, "2025")
    budget = ctx.doc(SITE, C.FINANCIAL_REPORT, "2025")
    for d in (plan, pp25, pp26, fr25, budget):
        t.add(d.path, doc_route(d))
    old = catalog.robots_trap_doc()
    t.add(old.path, doc_route(old))
    if ctx.epoch >= 2:
        t.add(OLD_PLAN_V1, redirect(plan.path, 301, any_query=True))

    t.add("/robots.txt", page(ROBOTS, content_type="text/plain; charset=utf-8"))
    home = (
        '<div class="wp-block-cover"><p class="has-large-font-size">Çamlıova\'ya hoş geldiniz</p></div>'
        '<h2 class="wp-block-heading">Son Haberler</h2>'
        + ul([a("/?p=123", "8 Mart Dünya Kadınlar Günü etkinliklerimiz") + " " + a("/?p=123", "Devamını oku »"),
              a("/?p=131", "2026 Yılı Performans Programımız yayımlandı")], "wp-block-latest-posts")
        + "<p>Kurumsal belgelerimize " + a("/kurumsal/stratejik-plan/", "Stratejik Plan") + ", "
        + a("/kurumsal/performans-programi/", "Performans Programı") + " ve "
        + a("/kurumsal/faaliyet-raporlari/", "Faaliyet Raporları") + " sayfalarından ulaşabilirsiniz.</p>")
    t.add("/", page(wp_page(ctx, "Anasayfa", 2, home, body_class="home page-template-default")))
    t.add("/?p=123", page(wp_page(ctx, "8 Mart Dünya Kadınlar Günü etkinliklerimiz", 123, (
        "<p>Dünya Kadınlar Günü dolayısıyla kadın danışma merkezimizin tanıtımı yapıldı, kurs "
        "kursiyerlerimizin ürünleri kadın üretici pazarında sergilendi.</p>"), body_class="single-post")))
    t.add("/?p=131", page(wp_page(ctx, "2026 Yılı Performans Programımız yayımlandı", 131, (
        "<p>2026 yılı performans programımız " + a("/kurumsal/performans-programi/", "Performans Programı")
        + " sayfamızda yayımlanmıştır.</p>"), body_class="single-post")))

    if ctx.epoch >= 2:
        plan_block = (wp_file_block(plan.path + "?v=2", "Çamlıova Belediyesi 2025-2029 Stratejik Planı "
                                    "(Güncelleme 1, Mart 2026)", "?download=true")
                      + "<p>Stratejik planımız Mart 2026'da meclis kararıyla güncellenmiştir.</p>")
    else:
        plan_block = wp_file_block(plan.path + "?v=1", "Çamlıova Belediyesi 2025-2029 Stratejik Planı",
                                   "?download=true")
    t.add("/kurumsal/stratejik-plan/", page(wp_page(ctx, "Stratejik Plan", 45, (
        plan_block
        + "<p>Önceki dönem planımız: " + a(SOFT_404, "Stratejik Plan 2020-2024") + "</p>"
        + "<p>Eski belgeler: " + a(old.path, "2020-2024 Stratejik Plan (PDF, arşiv)") + "</p>"
        + "<p>Planın bakanlık portalındaki kopyası: "
        + a(external(ctx, "/belgeler/camliova-stratejik-plan-2025-2029.pdf"), "Stratejik Plan (harici bağlantı)")
        + "</p>"))))
    t.add("/kurumsal/performans-programi/", page(wp_page(ctx, "Performans Programı", 47, (
        '<div class="wp-block-file">' + a(CHAIN_START, "2025 Yılı Performans Programı") + "</div>"
        + wp_file_block(pp26.path, "2026 Yılı Performans Programı", "?download=true")))))
    t.add("/kurumsal/faaliyet-raporlari/", page(wp_page(ctx, "Faaliyet Raporları", 49, (
        ul([a(fr25.path, "Faaliyet Roporu 2025"), a(MISLABELLED, "2024 Yılı Faaliyet Raporu (PDF)")],
           "wp-block-list")))))
    t.add(HANGING, page(wp_page(ctx, "Mali Durum ve Beklentiler", 51, (
        "<p>Kurumsal mali durum ve beklentiler raporumuz her yıl temmuz ayında yayımlanır.</p>"
        + wp_file_block(budget.path, "2025 Yılı Kurumsal Mali Durum ve Beklentiler Raporu (Excel)"))),
        hang=ctx.epoch >= 2))
    t.add("/iletisim/", page(wp_page(ctx, "İletişim", 53, (
        "<p>Adres: Cumhuriyet Meydanı No: 1, Çamlıova / Ankara</p>"
        '<p>E-posta: <a href="mailto:bilgi@camliova-belediyesi.example">bilgi@camliova-belediyesi.example</a>'
        ' Telefon: <a href="tel:+903125550000">(0312) 555 00 00</a></p>'))))
    t.add(SOFT_404, page(_not_found(ctx)))   # soft-404: 200 with "Sayfa bulunamadı"
    t.add(MISLABELLED, page(wp_page(ctx, "Erişim engellendi", 0, (
        "<p>Bu dosyayı görüntülemek için oturum açmanız gerekmektedir.</p>")), any_query=True))
    t.add(TO_PRIVATE, redirect(ctx.url("internal", "/admin/secret"), 302, any_query=True))
    t.add(CHAIN_START, redirect(CHAIN_MIDDLE, 301))
    t.add(CHAIN_MIDDLE, redirect(ctx.url(SITE, pp25.path), 302))
    return t


def trap_routes() -> list[tuple[str, str, str]]:
    """(path, reason, expected outcome) for the traps this site holds in every epoch."""
    return [
        (catalog.robots_trap_doc().path, "robots.txt Disallow: /arsiv-eski/", C.FETCH_ROBOTS),
        (SOFT_404, "soft-404: status 200 with 'Sayfa bulunamadı'", C.FETCH_SOFT_404),
        (MISLABELLED, "a .pdf link answering text/html", C.FETCH_WRONG_TYPE),
        (TO_PRIVATE, "302 to http://127.0.0.1:P/admin/secret (private address)", C.FETCH_REFUSED_REDIRECT),
    ]

