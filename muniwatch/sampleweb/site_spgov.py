"""127.0.0.15 - a mock of sp.gov.tr (the national strategic plan portal), and 127.0.0.1.

``/tr/stratejik-plan`` lists plans; each plan page ``/tr/stratejik-plan/s/<id>/<Kurum+Adı+_İl_+YYYY-YYYY>``
links ``/upload/xSPStratejikPlan/files/<5 chars>+<name>.pdf``. It holds the 2025-2029 plans of all four
sample municipalities (byte-identical to their own copies; Ilgınpınar's exists only here) and
Güneyyaka's, which is not in the sample registry (a spider must record it as unmatched). In epoch 2
Çamlıova's entry points to the revised plan; the old file name answers 404, as the portal replaces files.

127.0.0.1 stands for a private address: only ``/admin/secret`` exists, and every hit is recorded.
"""

from __future__ import annotations

from muniwatch import constants as C
from muniwatch.sampleweb import catalog, corpus
from muniwatch.sampleweb.html import a, document, esc
from muniwatch.sampleweb.model import tr_date
from muniwatch.sampleweb.routes import Ctx, SiteTable, doc_route, page

SITE = "spgov"
ROBOTS = "User-agent: *\nDisallow: /admin/\n"
SECRET_PATH = "/admin/secret"


def plan_docs(ctx: Ctx) -> list[catalog.Doc]:
    """Plans on the portal, in listing order: registered municipalities, then the unmatched one."""
    plans = [ctx.doc(mid, C.STRATEGIC_PLAN, "2025-2029") for mid in corpus.MUNICIPALITIES]
    return plans + catalog.unregistered_documents(ctx.epoch)


def file_path(doc: catalog.Doc) -> str:
    if doc.site == SITE:
        return doc.path
    return next(p for s, p in doc.alternates if s == SITE)


def _chrome(title: str, main: str) -> str:
    body = ('<header class="portal"><a href="/">T.C. Cumhurbaşkanlığı Strateji ve Bütçe Başkanlığı</a>'
            ' · <a href="/tr/stratejik-plan">Stratejik Planlar</a></header>\n'
            f'<main class="container">{main}</main>')
    return document(f"{title} | Stratejik Plan Portalı (örnek)", body)


def build(ctx: Ctx) -> SiteTable:
    t = SiteTable(SITE, page(_chrome("Bulunamadı", "<h1>Sayfa Bulunamadı</h1>"), status=404))
    t.add("/robots.txt", page(ROBOTS, content_type="text/plain; charset=utf-8"))
    t.add("/", page(_chrome("Anasayfa", "<h1>Stratejik Plan Portalı</h1><p>"
                                        + a("/tr/stratejik-plan", "Stratejik planlar") + "</p>")))
    rows = []
    for doc in plan_docs(ctx):
        m = corpus.municipality(doc.municipality_id)
        plan_page = catalog.spgov_plan_page(m.id)
        rows.append(f'<tr><td class="kurum">{esc(m.name)}</td><td class="il">{esc(m.province)}</td>'
                    f'<td class="donem">2025-2029</td><td>{a(plan_page, "İncele", class_="btn-incele")}</td></tr>')
        plan = corpus.plan(m.id, ctx.epoch)
        note = f"<p class=\"guncelleme\">{esc(plan.revision)} ({tr_date(plan.approved)})</p>" if plan.revision else ""
        t.add(plan_page, page(_chrome(m.name, (
            f'<h1 class="kurum-adi">{esc(m.name)}</h1><dl><dt>İl</dt><dd>{esc(m.province)}</dd>'
            f"<dt>Plan Dönemi</dt><dd>2025-2029</dd><dt>Kurum Türü</dt><dd>Belediye ({esc(m.kind)})</dd></dl>"
            f'{note}<p class="indir">{a(file_path(doc), "Stratejik Planı İndir (PDF)")}</p>'))))
        t.add(file_path(doc), doc_route(doc, plain=True))
    t.add("/tr/stratejik-plan", page(_chrome("Stratejik Planlar", (
        "<h1>Stratejik Planlar</h1>"
        '<table class="plan-listesi"><thead><tr><th>Kurum</th><th>İl</th><th>Dönem</th><th></th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"))))
    return t


def build_internal(ctx: Ctx) -> SiteTable:
    t = SiteTable("internal", page("<h1>404</h1>", status=404))
    t.add(SECRET_PATH, page("<h1>gizli yönetim paneli</h1><p>Bu adrese hiçbir tarayıcı ulaşmamalıydı.</p>",
                            any_query=True))
    return t
