"""Which document is published where, in which epoch, with which bytes: the sample web's catalogue.

Each :class:`Doc` is one (identity, bytes) pair: municipality + doc type + period + variant, a
canonical path on one site, optional alternate locations (sp.gov.tr copies, duplicate CMS ids) and
a builder that renders its bytes. Builders are pure; :func:`render` caches by ``Doc.key`` for the
whole process, so a document that did not change between epochs is rendered once.

Canonical URL rule (documented in README.md): the document's location on the municipality's own
site, after redirects, without query string; for a CMS download the ``/Dosya/Indir/<id>`` URL with
the lowest id; the sp.gov.tr file only when the municipality does not publish the document itself.
"""

from __future__ import annotations

import dataclasses
import hashlib
import threading
from datetime import datetime, timedelta, timezone
from typing import Callable

from muniwatch import constants as C
from muniwatch.sampleweb import corpus, html_docs, office, pdf, scan, text
from muniwatch.sampleweb.model import month_name

HOSTS = {
    "internal": "127.0.0.1",
    "camliova": "127.0.0.11",
    "mavikiyi": "127.0.0.12",
    "ilginpinar": "127.0.0.13",
    "altinkoru": "127.0.0.14",
    "spgov": "127.0.0.15",
}
EXTERNAL_HOST = "127.0.0.99"        # linked, never served, must never be requested
TRUSTED_NETWORK = "127.0.0.8/29"    # the sample sites (.8-.15); 127.0.0.1 is "private"

PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HTML_TYPE = "text/html; charset=utf-8"
_TYPES = {"pdf": PDF_TYPE, "pdf-scan": PDF_TYPE, "docx": DOCX_TYPE, "xlsx": XLSX_TYPE, "html": HTML_TYPE}

SPGOV_IDS = {"camliova": 2817, "mavikiyi": 2833, "ilginpinar": 2851, "altinkoru": 2869,
             "guneyyaka": 2874}


def utc(y: int, mo: int, d: int, h: int = 9) -> datetime:
    return datetime(y, mo, d, h, 0, 0, tzinfo=timezone.utc)


@dataclasses.dataclass(frozen=True)
class Doc:
    key: str
    municipality_id: str
    doc_type: str
    period: str
    variant: str
    title: str
    fmt: str
    site: str
    path: str
    last_modified: datetime
    build: Callable[[], bytes] = dataclasses.field(compare=False, repr=False)
    blocks: Callable[[], list] | None = dataclasses.field(default=None, compare=False, repr=False)
    filename: str = ""           # Content-Disposition filename (CMS downloads)
    served_type: str = ""        # Content-Type header when the server mislabels it
    alternates: tuple[tuple[str, str], ...] = ()   # (site, path) serving the same bytes
    registered: bool = True      # False: municipality not in the sample registry

    @property
    def identity(self) -> tuple[str, str, str, str]:
        return (self.municipality_id, self.doc_type, self.period, self.variant)

    @property
    def content_type(self) -> str:
        return _TYPES[self.fmt]


_cache: dict[str, bytes] = {}
_cache_lock = threading.Lock()


def render(doc: Doc) -> bytes:
    """The document's bytes, rendered once per process (thread-safe: reportlab is not)."""
    with _cache_lock:
        data = _cache.get(doc.key)
        if data is None:
            data = doc.build()
            _cache[doc.key] = data
        return data


def sha256(doc: Doc) -> str:
    return hashlib.sha256(render(doc)).hexdigest()


def spgov_file_path(mid: str, name: str) -> str:
    """``/upload/xSPStratejikPlan/files/<5 chars>+<name>.pdf``, the 5 chars derived from a hash."""
    alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    digest = hashlib.sha256(f"{mid}/{name}".encode()).digest()
    prefix = "".join(alphabet[b % len(alphabet)] for b in digest[:5])
    return f"/upload/xSPStratejikPlan/files/{prefix}+{name}.pdf"


def spgov_plan_page(mid: str) -> str:
    m = corpus.municipality(mid)
    slug = f"{m.name} _{m.province}_ 2025-2029".replace(" ", "+")
    return f"/tr/stratejik-plan/s/{SPGOV_IDS[mid]}/{slug}"


def _layout(mid: str, title: str, **kw) -> pdf.PdfLayout:
    m = corpus.municipality(mid)
    return pdf.PdfLayout(header=kw.pop("header", f"{m.name} - {title}"), title=title, author=m.name, **kw)


def _plan_doc(mid: str, epoch: int, site: str, path: str, when: datetime, **kw) -> Doc:
    revised = corpus.plan_revised(mid, epoch)
    m = corpus.municipality(mid)
    title = f"{m.name} 2025-2029 Stratejik Planı" + (" (Güncelleme 1)" if revised else "")

    def blocks() -> list:
        return text.plan_blocks(corpus.plan(mid, epoch))

    def build() -> bytes:
        return pdf.render_pdf(blocks(), _layout(mid, title))

    return Doc(f"{mid}/plan/{'rev1' if revised else 'v1'}", mid, C.STRATEGIC_PLAN, "2025-2029", "",
               title, "pdf", site, path, when, build, blocks, **kw)


def _plan_spgov_alt(mid: str, epoch: int) -> tuple[tuple[str, str], ...]:
    m = corpus.municipality(mid)
    name = f"{m.name.replace(' ', '_')}_2025-2029_Stratejik_Planı"
    if corpus.plan_revised(mid, epoch):
        name += "_Güncelleme_1"
    return (("spgov", spgov_file_path(mid, name)),)


def _programme_doc(mid: str, year: int, epoch: int, site: str, path: str, when: datetime,
                   variant_key: str = "", layout_kw: dict | None = None, **kw) -> Doc:
    m = corpus.municipality(mid)
    version = corpus.programme_version(mid, year, epoch)
    title = f"{m.name} {year} Yılı Performans Programı"

    def blocks() -> list:
        return text.programme_blocks(corpus.programme(mid, year, epoch), corpus.plan(mid, 1).goals)

    def build() -> bytes:
        return pdf.render_pdf(blocks(), _layout(mid, title, **(layout_kw or {})))

    key = f"{mid}/pp{year}/v{version}{variant_key}"
    return Doc(key, mid, C.PERFORMANCE_PROGRAMME, str(year), "", title, "pdf", site, path, when,
               build, blocks, **kw)


def _report_doc(mid: str, site: str, path: str, when: datetime, fmt: str = "pdf",
                footer_extra: str = "", **kw) -> Doc:
    m = corpus.municipality(mid)
    title = f"{m.name} 2025 Yılı Faaliyet Raporu"

    def blocks() -> list:
        return text.report_blocks(corpus.activity_report(mid), corpus.plan(mid, 1).goals)

    if fmt == "docx":
        def build() -> bytes:
            return office.render_docx(blocks(), title=title, author=m.name, when=when.replace(tzinfo=None))
    else:
        def build() -> bytes:
            return pdf.render_pdf(blocks(), _layout(mid, title, footer_extra=footer_extra))

    key = f"{mid}/fr2025/{fmt}/{footer_extra}"
    return Doc(key, mid, C.ACTIVITY_REPORT, "2025", "", title, fmt, site, path, when, build, blocks, **kw)


def _bundle_doc(mid: str, period: str, site: str, path: str, when: datetime, scanned: bool = False,
                **kw) -> Doc:
    month = corpus.council_month(mid, period)
    m = month.municipality
    title = f"{m.name} {month_name(month.month)} {month.year} Meclis Kararları"

    def blocks() -> list:
        return text.decision_blocks(month)

    def build() -> bytes:
        if scanned:
            return scan.render_scanned_pdf(blocks(), title=title)
        return pdf.render_pdf(blocks(), _layout(mid, title, header=""))

    return Doc(f"{mid}/meclis/{period}", mid, C.COUNCIL_DECISIONS, period, "", title,
               "pdf-scan" if scanned else "pdf", site, path, when, build, blocks, **kw)


def _altinkoru(epoch: int) -> list[Doc]:
    mid, site = "altinkoru", "altinkoru"
    base = "/dosyalar/stratejik-yonetim/altinkoru"
    pp26_when = utc(2026, 4, 27) if epoch >= 2 else utc(2026, 1, 22)
    fr_print, fr_when = ("05.05.2026", utc(2026, 5, 5)) if epoch >= 2 else ("15.04.2026", utc(2026, 4, 16))
    docs = [
        _plan_doc(mid, epoch, site, f"{base}-stratejik-plan-2025-2029.pdf", utc(2024, 10, 14),
                  alternates=_plan_spgov_alt(mid, epoch)),
        _programme_doc(mid, 2025, epoch, site, f"{base}-performans-programi-2025.pdf", utc(2025, 1, 21)),
        _programme_doc(mid, 2026, epoch, site, f"{base}-performans-programi-2026.pdf", pp26_when),
        _report_doc(mid, site, f"{base}-faaliyet-raporu-2025.pdf", fr_when,
                    footer_extra=f"Baskı Tarihi: {fr_print}"),
        _bundle_doc(mid, "2024-12", site, "/dosyalar/meclis/arsiv/2024-12-meclis-kararlari.pdf",
                    utc(2024, 12, 16), scanned=True),
    ]
    for month in corpus.council_months(mid, epoch):
        if month.period == "2024-12":
            continue
        md = month.meeting_date
        published = utc(md.year, md.month, md.day) + timedelta(days=8)
        docs.append(_bundle_doc(mid, month.period, site,
                                f"/dosyalar/meclis/{month.period}-meclis-kararlari.pdf", published))
        docs.append(Doc(f"{mid}/ozet/{month.period}", mid, C.COUNCIL_DECISIONS, month.period, "ozet",
                        f"{month_name(month.month)} {month.year} Meclis Karar Özetleri", "html", site,
                        f"/meclis-kararlari/{month.year}-{month.month}", published,
                        (lambda mo=month: html_docs.decision_summary_page(mo))))
    for ag in corpus.agenda(mid):
        docs.append(Doc(f"{mid}/gundem/{ag.period}", mid, C.COUNCIL_AGENDA, ag.period, "",
                        f"{month_name(ag.month)} {ag.year} Meclis Gündemi", "html", site,
                        f"/meclis/gundem/{ag.year}-{ag.month}", utc(2025, 8, 1),
                        (lambda a=ag: html_docs.agenda_page(a))))
    for rep in corpus.committee_reports(mid):
        title = f"{rep.committee} Raporu ({month_name(rep.month)} {rep.year})"
        docs.append(Doc(f"{mid}/komisyon/{rep.slug}/{rep.period}", mid, C.COMMITTEE_REPORT, rep.period,
                        rep.slug, title, "pdf", site,
                        f"/dosyalar/komisyon/{rep.slug}-raporu-{rep.period}.pdf", utc(2025, 6, 13),
                        (lambda r=rep, t=title: pdf.render_pdf(text.committee_blocks(r),
                                                               _layout(mid, t, header=""))),
                        (lambda r=rep: text.committee_blocks(r))))
    return docs


def _camliova(epoch: int) -> list[Doc]:
    mid, site, up = "camliova", "camliova", "/wp-content/uploads"
    m = corpus.municipality(mid)
    if epoch >= 2:
        plan = _plan_doc(mid, epoch, site, f"{up}/2026/03/camliova-stratejik-plan-2025-2029-guncelleme-1.pdf",
                         utc(2026, 3, 10), alternates=_plan_spgov_alt(mid, epoch))
        # re-exported with new metadata only: same words, different bytes
        pp25 = _programme_doc(mid, 2025, epoch, site, f"{up}/2025/01/camliova-performans-programi-2025.pdf",
                              utc(2026, 4, 28), variant_key="-meta",
                              layout_kw={"creator": "Microsoft® Word 2019", "producer": "Microsoft® Word 2019",
                                         "subject": "Performans Programı 2025", "keywords": "performans, 2025"})
        pp26_when = utc(2026, 4, 27)
    else:
        plan = _plan_doc(mid, epoch, site, f"{up}/2025/01/camliova-stratejik-plan-2025-2029.pdf",
                         utc(2024, 10, 15), alternates=_plan_spgov_alt(mid, epoch))
        pp25 = _programme_doc(mid, 2025, epoch, site, f"{up}/2025/01/camliova-performans-programi-2025.pdf",
                              utc(2025, 1, 20))
        pp26_when = utc(2026, 1, 19)
    budget_when = utc(2025, 7, 15)
    return [
        plan, pp25,
        _programme_doc(mid, 2026, epoch, site, f"{up}/2026/01/camliova-performans-programi-2026.pdf", pp26_when),
        _report_doc(mid, site, f"{up}/2026/04/camliova-faaliyet-raporu-2025.pdf", utc(2026, 4, 22)),
        Doc(f"{mid}/malidurum/2025", mid, C.FINANCIAL_REPORT, "2025", "",
            f"{m.name} 2025 Yılı Kurumsal Mali Durum ve Beklentiler Raporu", "xlsx", site,
            f"{up}/2025/07/camliova-mali-durum-ve-beklentiler-2025.xlsx", budget_when,
            lambda: office.render_budget_xlsx(m.name, 2025, corpus.budget_lines(mid),
                                              when=budget_when.replace(tzinfo=None))),
    ]


def _mavikiyi(epoch: int) -> list[Doc]:
    mid, site, octet = "mavikiyi", "mavikiyi", "application/octet-stream"
    return [
        _plan_doc(mid, epoch, site, "/Dosya/Indir/1017", utc(2024, 10, 11),
                  alternates=(("mavikiyi", "/Dosya/Indir/1018"),) + _plan_spgov_alt(mid, epoch),
                  filename="Mavikıyı_2025-2029_Stratejik_Planı.pdf", served_type=octet),
        _programme_doc(mid, 2025, epoch, site, "/Dosya/Indir/1022", utc(2025, 1, 24),
                       filename="Mavikıyı_2025_Performans_Programı.pdf", served_type=octet),
        _programme_doc(mid, 2026, epoch, site, "/Dosya/Indir/1041", utc(2026, 1, 23),
                       filename="Mavikıyı_2026_Performans_Programı.pdf", served_type=octet),
        _report_doc(mid, site, "/Dosya/Indir/1038", utc(2026, 4, 24), fmt="docx",
                    filename="Mavikıyı_2025_Yılı_Faaliyet_Raporu.docx", served_type=octet),
        _bundle_doc(mid, "2025-07", site, "/Dosya/Indir/1033", utc(2025, 7, 10),
                    filename="Temmuz_2025_Meclis_Kararları.pdf", served_type=octet),
    ]


def _ilginpinar(epoch: int) -> list[Doc]:
    mid, site, d = "ilginpinar", "ilginpinar", "/dosyalar/yayinlar"
    alt = _plan_spgov_alt(mid, epoch)[0]
    docs = [
        # published only on sp.gov.tr: the canonical URL is the sp.gov.tr file
        _plan_doc(mid, epoch, alt[0], alt[1], utc(2024, 10, 18)),
        _programme_doc(mid, 2026, epoch, site, f"{d}/ilginpinar-performans-programi-2026.pdf",
                       utc(2026, 1, 26), layout_kw={"header": "", "page_numbers": False}),
    ]
    if epoch >= 2:
        # reflowed: same words, different font size, margins and line breaks
        docs.insert(1, _programme_doc(mid, 2025, epoch, site, f"{d}/ilginpinar-performans-programi-2025.pdf",
                                      utc(2026, 4, 29), variant_key="-reflow",
                                      layout_kw={"header": "", "page_numbers": False, "font_size": 12.5,
                                                 "table_font_size": 8, "margin_cm": 2.5}))
        docs.append(_report_doc(mid, site, f"{d}/ilginpinar-faaliyet-raporu-2025.pdf", utc(2026, 4, 30)))
    else:
        docs.insert(1, _programme_doc(mid, 2025, epoch, site, f"{d}/ilginpinar-performans-programi-2025.pdf",
                                      utc(2025, 1, 27), layout_kw={"header": "", "page_numbers": False}))
    return docs


def documents(epoch: int) -> list[Doc]:
    """Every document of the sample registry's municipalities published in ``epoch``."""
    if epoch not in (1, 2):
        raise ValueError(f"unknown epoch {epoch} (the sample web has epochs 1 and 2)")
    return _camliova(epoch) + _mavikiyi(epoch) + _ilginpinar(epoch) + _altinkoru(epoch)


def unregistered_documents(epoch: int) -> list[Doc]:
    """Documents served (on sp.gov.tr) for municipalities outside the sample registry."""
    path = spgov_file_path("guneyyaka", "Güneyyaka_Belediyesi_2025-2029_Stratejik_Planı")
    return [_plan_doc("guneyyaka", epoch, "spgov", path, utc(2024, 10, 21), registered=False)]


def robots_trap_doc() -> Doc:
    """Çamlıova's 2020-2024 plan under ``/arsiv-eski/`` (robots.txt disallows it)."""
    def build() -> bytes:
        return pdf.render_pdf(text.old_plan_blocks("Çamlıova Belediyesi"),
                              pdf.PdfLayout(title="Çamlıova Belediyesi 2020-2024 Stratejik Planı"))

    return Doc("camliova/plan/2020-2024", "camliova", C.STRATEGIC_PLAN, "2020-2024", "",
               "Çamlıova Belediyesi 2020-2024 Stratejik Planı", "pdf", "camliova",
               "/arsiv-eski/camliova-stratejik-plan-2020-2024.pdf", utc(2020, 2, 3), build)


def by_identity(epoch: int) -> dict[tuple[str, str, str, str], Doc]:
    return {d.identity: d for d in documents(epoch)}
