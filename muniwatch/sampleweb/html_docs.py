"""Altınkoru's HTML pages that are documents themselves: monthly decision summaries and the agenda.

They are archived like PDFs (doc types ``meclis_kararlari`` with variant ``ozet``, and
``meclis_gundemi``), so their bytes must not depend on the epoch or the port: relative links only,
and a site chrome with no epoch-dependent navigation.
"""

from __future__ import annotations

from muniwatch.sampleweb.html import a, document, esc
from muniwatch.sampleweb.model import Agenda, CouncilMonth, month_name, tr_date

SITE_NAME = "Altınkoru Belediyesi"


def chrome(title: str, main: str, extra_footer: str = "") -> str:
    nav = " | ".join([a("/", "Anasayfa"), a("/meclis/", "Meclis"),
                      a("/stratejik-yonetim/", "Stratejik Yönetim"),
                      a("/arsiv/eski-kararlar.asp", "Arşiv")])
    body = (f'<header class="ust"><div class="logo">{esc(SITE_NAME)}</div>'
            f'<nav class="ana-menu">{nav}</nav></header>\n'
            f'<main id="icerik">\n{main}\n</main>\n'
            f'<footer class="alt">Altınkoru Belediyesi Yazı İşleri Müdürlüğü{extra_footer}</footer>')
    return document(f"{title} | {SITE_NAME}", body)


def decision_summary_page(month: CouncilMonth) -> bytes:
    rows = "\n".join(
        f'<tr><td class="karar-no">{esc(d.number)}</td><td class="tarih">{tr_date(d.date)}</td>'
        f'<td class="oz">{esc(d.summary)}</td><td class="oy">{esc(d.outcome.capitalize())}</td></tr>'
        for d in month.decisions)
    name = f"{month_name(month.month)} {month.year}"
    main = (f"<h1>{esc(name)} Meclis Kararları</h1>\n"
            f"<p>Belediye Meclisinin {tr_date(month.meeting_date)} tarihli olağan toplantısında alınan "
            f"kararların özetleri aşağıdadır. Kararların tam metni için aylık karar dosyasını "
            f"indirebilirsiniz.</p>\n"
            f'<table class="karar-ozetleri">\n<thead><tr><th>Karar No</th><th>Karar Tarihi</th>'
            f"<th>Kararın Özü</th><th>Oy Durumu</th></tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>\n"
            f'<p class="indir">{a(f"/dosyalar/meclis/{month.period}-meclis-kararlari.pdf", f"{name} Meclis Kararları (PDF)")}</p>\n'
            f'<p>{a("/meclis/", "« Meclis sayfasına dön")}</p>')
    return chrome(f"{name} Meclis Kararları", main).encode("utf-8")


def agenda_page(ag: Agenda) -> bytes:
    items = "\n".join(
        f'<li value="{i.number}">{esc(i.text)}'
        + (f' <span class="birim">({esc(i.directorate)})</span>' if i.directorate else "") + "</li>"
        for i in ag.items)
    name = f"{month_name(ag.month)} {ag.year}"
    main = (f"<h1>Meclis Gündemi - {esc(name)}</h1>\n"
            f"<p>Belediye Meclisi {tr_date(ag.meeting_date)} tarihinde saat 14.00'te Meclis "
            f"Salonunda toplanacaktır. Toplantı halka açıktır.</p>\n"
            f'<ol class="gundem">\n{items}\n</ol>\n'
            f'<p>{a("/meclis/", "« Meclis sayfasına dön")}</p>')
    return chrome(f"Meclis Gündemi {name}", main).encode("utf-8")
