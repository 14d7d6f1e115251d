"""127.0.0.13 - Ilgınpınar Belediyesi: the document list exists only after JavaScript runs.

``/yayinlar/`` holds an empty ``#yayin-listesi`` and loads ``/static/js/yayinlar.js``, which
assembles the JSON endpoint's path from pieces (so no HTML or script text contains it literally),
fetches it and builds the ``<a>`` links. No ``<noscript>`` fallback: only a real browser finds the
documents. The plan is published only on sp.gov.tr. Epoch 2 adds the 2025 activity report to the
JSON and re-publishes the 2025 programme reflowed. No robots.txt (404), as on many small sites.
"""

from __future__ import annotations

import json

from muniwatch import constants as C
from muniwatch.sampleweb.html import a, document, esc
from muniwatch.sampleweb.routes import Ctx, SiteTable, doc_route, page

SITE = "ilginpinar"
NAME = "Ilgınpınar Belediyesi"
API_PATH = "/api/yayinlar.json"
SCRIPT_PATH = "/static/js/yayinlar.js"

SCRIPT = """(function () {
  'use strict';
  var parcalar = ['api', ['yayinlar', 'json'].join('.')];
  var adres = '/' + parcalar.join('/');
  function ekle(kutu, yayin) {
    var li = document.createElement('li');
    var bag = document.createElement('a');
    bag.setAttribute('href', yayin.dosya);
    bag.className = 'yayin-baglanti';
    bag.textContent = yayin.baslik;
    li.appendChild(bag);
    li.appendChild(document.createTextNode(' (' + yayin.tur + ', ' + yayin.yil + ')'));
    kutu.appendChild(li);
  }
  fetch(adres, {headers: {'Accept': 'application/json'}})
    .then(function (yanit) { return yanit.json(); })
    .then(function (veri) {
      var kutu = document.getElementById('yayin-listesi');
      var liste = document.createElement('ul');
      veri.yayinlar.forEach(function (y) { ekle(liste, y); });
      kutu.appendChild(liste);
      kutu.setAttribute('data-yuklendi', 'evet');
    });
})();
"""

_LABELS = {C.PERFORMANCE_PROGRAMME: "Performans Programı", C.ACTIVITY_REPORT: "Faaliyet Raporu"}


def api_json(ctx: Ctx) -> str:
    items = [
        {"baslik": d.title, "tur": _LABELS[d.doc_type], "yil": int(d.period), "dosya": d.path}
        for d in ctx.docs.values() if d.site == SITE
    ]
    items.sort(key=lambda i: (-i["yil"], i["tur"]))
    return json.dumps({"yayinlar": items}, ensure_ascii=False, indent=1) + "\n"


def _chrome(title: str, main: str) -> str:
    body = (f'<div id="uygulama"><header><h2 class="marka">{esc(NAME)}</h2><nav>'
            f'{a("/", "Anasayfa")} · {a("/yayinlar/", "Yayınlar")} · {a("/hakkimizda/", "Hakkımızda")}'
            f'</nav></header>\n<main>{main}</main>\n<footer>{esc(NAME)} · '
            f'<a href="mailto:iletisim@ilginpinar-belediyesi.example">iletisim@ilginpinar-belediyesi.example</a>'
            f"</footer></div>")
    return document(f"{title} · {NAME}", body)


def build(ctx: Ctx) -> SiteTable:
    t = SiteTable(SITE, page(_chrome("Bulunamadı", "<h1>Sayfa bulunamadı</h1>"), status=404))
    t.add("/", page(_chrome("Anasayfa", (
        f"<h1>{esc(NAME)}</h1><p>Performans programlarımız ve faaliyet raporlarımız "
        f"{a('/yayinlar/', 'Yayınlar')} sayfasındadır.</p>"))))
    t.add("/hakkimizda/", page(_chrome("Hakkımızda", (
        "<h1>Hakkımızda</h1><p>Belediyemiz 1958 yılında kurulmuştur. Stratejik planımız Strateji "
        "ve Bütçe Başkanlığının stratejik plan portalında yayımlanmaktadır.</p>"))))
    t.add("/yayinlar/", page(_chrome("Yayınlar", (
        "<h1>Yayınlar</h1><p>Stratejik yönetim belgelerimiz aşağıda listelenmektedir.</p>"
        '<div id="yayin-listesi" class="yayin-listesi" aria-live="polite"></div>'
        f'<script src="{SCRIPT_PATH}" defer></script>'))))
    t.add(SCRIPT_PATH, page(SCRIPT, content_type="application/javascript; charset=utf-8"))
    t.add(API_PATH, page(api_json(ctx), content_type="application/json; charset=utf-8"))
    for d in ctx.docs.values():
        if d.site == SITE:
            t.add(d.path, doc_route(d))
    return t
