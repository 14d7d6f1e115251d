"""Processing: every archived version becomes pages, segments and a processing row; broken files
become recorded errors and the run goes on; a second run does nothing; version bumps re-process.

Inputs are generated here (reportlab + DejaVu PDFs with our own Turkish text, python-docx, a
hand-written raw PDF for the big and hostile ones) and stored through ``db.store.record_document``,
exactly as the crawler stores them. Gebze's real bundle is read from ../shared/realdata.
"""

from __future__ import annotations

import io
import os
import time
import zlib

import pytest

from tests.helpers import raw_pdf
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from db import store as S
from muniwatch import constants as C
from muniwatch import settings as settings_mod
from watch import process as P
from watch.detect import detect

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
pdfmetrics.registerFont(TTFont("DejaVu", FONT))
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# ------------------------------------------------------------------------------------------ builders

PLAN_PAGES = [
    ["T.C.", "ÇAYIRLI BELEDİYESİ", "2025-2029 STRATEJİK PLANI", "Meclis Onay Tarihi: 02.10.2024"],
    ["DURUM ANALİZİ", "İlçemizde yaşayan kadınlar kent hizmetlerine eşit erişim bekliyor.",
     "Anket sonuçları kadın ve erkek katılımcılar için ayrı ayrı verilmiştir."],
    ["AMAÇ VE HEDEFLER", "Amaç 1: Toplumsal cinsiyet eşitliğini gözeten hizmetler sunmak",
     "Hedef 1.1: Mahalle kreşlerinin sayısını artırmak", "PG1.1.1 Açılan kreş sayısı (adet)",
     "Faaliyet 1.1.1 Yeni kreş binası yapımı Maliyet: 4.500.000,00 TL"],
]
NOTICE_PAGES = [
    ["Duyuru", "Su kesintisi nedeniyle hizmet binası yarın kapalıdır."],
    ["Mahalle merkezlerinde kadınlar için danışma saatleri değişmiştir."],
    ["Yeni saatler internet sitemizde yayımlanacaktır."],
]
PROGRAMME_PAGES = [
    ["T.C.", "ÇAYIRLI BELEDİYESİ", "2026 YILI PERFORMANS PROGRAMI"],
    ["Performans Hedefi 1.1: Kadın danışma merkezinin hizmet saatlerini uzatmak",
     "Sorumlu Birim: Kadın ve Aile Hizmetleri Müdürlüğü"],
]
DECISION_PAGES = [
    ["T.C.", "ÇAYIRLI BELEDİYESİ", "MECLİS KARARI",
     "Karar Tarihi 02.07.2025 Karar No 2025/41",
     "Kararın Özü Kadın kooperatifine satış yeri tahsisi",
     "KONU: Kadın Kooperatifi Satış Yeri",
     "TEKLİF",
     "İlgi: Kadın ve Aile Hizmetleri Müdürlüğü'nün 12.06.2025 tarihli ve E-1234 sayılı yazısı.",
     "Pazar yerindeki iki dükkânın kadın kooperatifine beş yıllığına tahsisi önerilmektedir.",
     "KOMİSYON İNCELEMESİ",
     "Teklif Plan ve Bütçe Komisyonu tarafından incelenmiş ve uygun görülmüştür.",
     "KARAR: Komisyon raporunun kabulüne oy birliği ile karar verildi.",
     "Çayırlı Belediye Meclisinin 02.07.2025 tarihli toplantısında alınan 41 sayılı karardır."],
    ["T.C.", "ÇAYIRLI BELEDİYESİ", "MECLİS KARARI",
     "Karar Tarihi 02.07.2025 Karar No 2025/42",
     "Kararın Özü Park aydınlatma projesi için ödenek aktarımı",
     "KONU: Ödenek Aktarımı",
     "TEKLİF",
     "İlgi: Park ve Bahçeler Müdürlüğü'nün 15.06.2025 tarihli ve E-5678 sayılı yazısı.",
     "Kadınların akşam saatlerinde güvenle kullanabilmesi için parklarda aydınlatma yapılacaktır.",
     "KARAR: Teklifin kabulüne oy çokluğu ile karar verildi.",
     "Çayırlı Belediye Meclisinin 02.07.2025 tarihli toplantısında alınan 42 sayılı karardır."],
]
SUMMARY_HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Haziran 2025 Meclis Kararları</title>
</head><body><main><h1>Haziran 2025 Meclis Kararları</h1>
<table><tr><th>Karar No</th><th>Karar Tarihi</th><th>Kararın Özü</th><th>Oy Durumu</th></tr>
<tr><td>2025/35</td><td>04.06.2025</td><td>Eşitlik biriminin çalışma yönergesinin kabulü</td><td>Oy birliği</td></tr>
<tr><td>2025/36</td><td>04.06.2025</td><td>Yol bakım onarım işleri için ödenek aktarımı</td><td>Oy çokluğu</td></tr>
</table></main></body></html>""".encode("utf-8")


def pdf_bytes(pages: list[list[str]], *, encrypt=None) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=encrypt)
    for lines in pages:
        c.setFont("DejaVu", 11)
        for k, line in enumerate(lines):
            c.drawString(60, 780 - 17 * k, line)
        c.showPage()
    c.save()
    return buf.getvalue()


def docx_bytes(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def many_pages_pdf(n: int) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(72, 72))
    for i in range(n):
        c.drawString(5, 30, f"s{i + 1}")
        c.showPage()
    c.save()
    return buf.getvalue()


def huge_image_pdf() -> bytes:
    """A 20000x12000 grey image (240 MP, a few hundred KB compressed) over a page with a text line."""
    comp = zlib.compressobj(1)
    zeros = bytes(1_000_000)
    stream = b"".join(comp.compress(zeros) for _ in range(240)) + comp.flush()
    info = {"Width": 20000, "Height": 12000, "ColorSpace": "/DeviceGray", "BitsPerComponent": 8,
            "Filter": "/FlateDecode"}
    return raw_pdf([("Ek-3 Pafta", stream, info)])


def fifty_megabyte_pdf() -> bytes:
    side = 1024   # 3 MiB of random RGB per page, 17 pages
    info = {"Width": side, "Height": side, "ColorSpace": "/DeviceRGB", "BitsPerComponent": 8}
    return raw_pdf([(f"Sayfa {n}: butce eki", os.urandom(side * side * 3), info) for n in range(1, 18)])


MUNICIPALITY = {"id": "cayirli", "name": "Çayırlı Belediyesi", "kind": "ilçe"}


def new_store(tmp_path, **limits):
    """Settings with tight extraction limits, and a store with one municipality and one source."""
    settings = settings_mod.load(environ={}, data_dir=str(tmp_path / "data"), **limits)
    db, archive = S.open_store(settings)
    db["municipalities"].insert(MUNICIPALITY)
    db["sources"].insert({"id": "cayirli-site", "municipality_id": "cayirli", "kind": "discovery"})
    return settings, db, archive


def add_version(db, archive, body: bytes, doc_type: str, period: str | None, *, variant: str = "",
                content_type: str | None = PDF, name: str = "belge.pdf", municipality: str = "cayirli") -> int:
    run = S.start_run(db, ["cayirli-site"])
    fetch = S.DocumentFetch(run_id=run, source_id="cayirli-site", municipality_id=municipality, doc_type=doc_type,
                            period=period, variant=variant, url=f"http://127.0.0.11/dosya/{variant or doc_type}/{name}",
                            content_type=content_type, filename=name)
    outcome, _, version_id = S.record_document(db, archive, fetch, body)
    S.finish_run(db, run)
    assert version_id is not None, outcome
    return version_id


TIGHT = dict(extract_timeout=30, extract_memory_mb=768, extract_max_pages=40,
             max_download_bytes=40 * 1024 * 1024)

# name -> (body builder, doc type, period, content type, expected status, expected error kind)
CASES = {
    "plan": (lambda: pdf_bytes(PLAN_PAGES), C.STRATEGIC_PLAN, "2025-2029", PDF, "ok", None),
    "decisions": (lambda: pdf_bytes(DECISION_PAGES), C.COUNCIL_DECISIONS, "2025-07", PDF, "ok", None),
    "misfiled": (lambda: pdf_bytes(PROGRAMME_PAGES), C.COUNCIL_AGENDA, "2025-08", PDF, "ok", None),
    "report_docx": (lambda: docx_bytes(["T.C.", "ÇAYIRLI BELEDİYESİ", "2025 YILI FAALİYET RAPORU",
                                        "Kadın danışma merkezinde 412 görüşme yapıldı."]),
                    C.ACTIVITY_REPORT, "2025", DOCX, "ok", None),
    "summary_html": (lambda: SUMMARY_HTML, C.COUNCIL_DECISIONS, "2025-06", "text/html; charset=utf-8", "ok", None),
    "many_pages": (lambda: many_pages_pdf(5000), C.OTHER, None, PDF, "ok", None),
    "huge_image": (huge_image_pdf, C.OTHER, None, PDF, "ok", None),
    "corrupt": (lambda: b"%PDF-1.7\n" + os.urandom(3000) + b"\n%%EOF\n", C.OTHER, None, PDF, "error", "corrupt"),
    "encrypted": (lambda: pdf_bytes([["Gizli tutanak"]], encrypt="parola"), C.OTHER, None, PDF, "error", "encrypted"),
    "truncated": (lambda: pdf_bytes(PLAN_PAGES * 3)[:3000], C.OTHER, None, PDF, "error", "corrupt"),
    "empty": (lambda: b"", C.OTHER, None, PDF, "error", "empty"),
    "html_as_pdf": (lambda: ("<!DOCTYPE html><html><head><title>Sayfa bulunamadı</title></head>"
                             "<body><p>Aradığınız belge kaldırıldı.</p></body></html>").encode("utf-8"),
                    C.OTHER, None, PDF, "error", "wrong_type"),
    "fifty_mb": (fifty_megabyte_pdf, C.OTHER, None, PDF, "error", "too_large"),
}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    settings, db, archive = new_store(tmp_path_factory.mktemp("process"), **TIGHT)
    ids = {}
    for name, (build, doc_type, period, ctype, _, _) in CASES.items():
        variant = "" if doc_type != C.OTHER else name
        ids[name] = add_version(db, archive, build(), doc_type, period, variant=variant, content_type=ctype,
                                name=f"{name}.{'html' if 'html' in (ctype or '') else 'pdf'}")
    start = time.monotonic()
    report = P.process_pending(db, archive, settings)
    elapsed = time.monotonic() - start
    return settings, db, archive, ids, report, elapsed


def processing(db, version_id: int) -> dict:
    return next(db.query("select * from processing where version_id = ?", [version_id]))


# ------------------------------------------------------------------------------------------ the run


@pytest.mark.parametrize("name", list(CASES))
def test_every_version_ends_ok_or_as_a_recorded_error_of_the_right_kind(world, name):
    _, db, _, ids, _, _ = world
    row = processing(db, ids[name])
    _, _, _, _, status, kind = CASES[name]
    assert (row["status"], row["error_kind"]) == (status, kind), row["error"]
    if status == "error":
        assert row["error"] and "\n" not in row["error"]
        assert db.execute("select count(*) from pages where version_id = ?", [ids[name]]).fetchone()[0] == 0
    else:
        assert row["pages_extracted"] >= 1 and row["error"] is None
    assert row["extractor_version"] == P.EXTRACTOR_VERSION and row["parser_version"] == P.PARSER_VERSION


def test_the_run_goes_on_and_reports_each_failure(world):
    _, _, _, ids, report, elapsed = world
    failed = {name for name, case in CASES.items() if case[4] == "error"}
    assert report.processed == len(CASES) - len(failed) and report.skipped == 0
    assert {f.version_id for f in report.errors} == {ids[n] for n in failed}
    assert all(f.kind and f.message and f.url for f in report.errors)
    assert elapsed < 60


def test_hostile_files_stay_within_their_limits(world):
    _, db, _, ids, _, _ = world
    many = processing(db, ids["many_pages"])
    assert (many["page_count"], many["pages_extracted"], many["truncated"]) == (5000, 40, 1)
    assert db.execute("select count(*), max(page) from pages where version_id = ?",
                      [ids["many_pages"]]).fetchone() == (40, 40)
    huge = processing(db, ids["huge_image"])
    assert huge["ocr_used"] == 0 and "too large" in huge["warnings"]
    size = db["versions"].get(ids["fifty_mb"])["size"]
    assert size > 50 * 1024 * 1024
    assert processing(db, ids["fifty_mb"])["error"] == f"file is {size:,} bytes, limit is {40 * 1024 * 1024:,}"


def test_second_run_processes_nothing(world):
    settings, db, archive, ids, _, _ = world
    before = db.execute("select count(*) from pages").fetchone()[0]
    report = P.process_pending(db, archive, settings)
    assert (report.processed, report.errors, report.skipped) == (0, [], len(CASES))
    assert db.execute("select count(*) from pages").fetchone()[0] == before


# ------------------------------------------------------------------------------------------ contents


def test_pages_keep_text_and_search_keys(world):
    _, db, _, ids, _, _ = world
    rows = list(db.query("select page, text, search_text, ocr from pages where version_id = ? order by page",
                         [ids["plan"]]))
    assert [r["page"] for r in rows] == [1, 2, 3]
    assert "kadınlar" in rows[1]["text"] and "kadin" in rows[1]["search_text"].split()
    hits = db.execute("select p.page from pages_fts join pages p on p.rowid = pages_fts.rowid "
                      "where pages_fts match '\"esitlik\"' and p.version_id = ?", [ids["plan"]]).fetchall()
    assert hits == [(3,)]


def test_decision_bundle_becomes_decision_segments(world):
    _, db, _, ids, _, _ = world
    segs = list(db.query("select * from segments where version_id = ? order by ordinal", [ids["decisions"]]))
    assert [(s["kind"], s["code"], s["key"]) for s in segs] == [
        (C.SEG_DECISION, "2025/41", "2025/41"), (C.SEG_DECISION, "2025/42", "2025/42")]
    assert segs[0]["document_id"] == db["versions"].get(ids["decisions"])["document_id"]
    assert '"outcome": "kabul"' in segs[0]["fields"] and segs[0]["page_start"] == 1 and segs[1]["page_start"] == 2
    row = processing(db, ids["decisions"])
    assert (row["parser"], row["segment_count"], row["detected_period"], row["detected_municipality_id"]) == \
        ("decisions", 2, "2025-07", "cayirli")


def test_html_decision_summary_uses_the_html_parser(world):
    _, db, _, ids, _, _ = world
    row = processing(db, ids["summary_html"])
    assert (row["format"], row["parser"], row["detected_period"]) == ("html", "decisions_html", "2025-06")
    codes = [r[0] for r in db.execute("select code from segments where version_id = ? order by ordinal",
                                      [ids["summary_html"]])]
    assert codes == ["2025/35", "2025/36"]


def test_content_corrects_a_misfiled_document_without_rewriting_it(world):
    _, db, _, ids, _, _ = world
    row = processing(db, ids["misfiled"])
    assert (row["doc_type"], row["type_source"], row["detected_type"], row["detected_period"]) == \
        (C.PERFORMANCE_PROGRAMME, "content", C.PERFORMANCE_PROGRAMME, "2026")
    assert row["status"] == "ok" and row["error_kind"] is None
    document = db["documents"].get(db["versions"].get(ids["misfiled"])["document_id"])
    assert (document["doc_type"], document["period"]) == (C.COUNCIL_AGENDA, "2025-08")
    listed = {r["version_id"]: r for r in db.query("select * from type_disagreements")}
    assert ids["misfiled"] in listed and listed[ids["misfiled"]]["crawler_type"] == C.COUNCIL_AGENDA
    assert ids["plan"] not in listed and ids["decisions"] not in listed
    confirmed = processing(db, ids["plan"])
    assert (confirmed["type_source"], confirmed["detected_type"], confirmed["detected_period"]) == \
        ("crawler", C.STRATEGIC_PLAN, "2025-2029")


def test_docx_report_is_detected(world):
    _, db, _, ids, _, _ = world
    row = processing(db, ids["report_docx"])
    assert (row["format"], row["detected_type"], row["detected_period"], row["detected_municipality_id"]) == \
        ("docx", C.ACTIVITY_REPORT, "2025", "cayirli")


# ------------------------------------------------------------------------------------------ versions


@pytest.fixture
def small(tmp_path):
    settings, db, archive = new_store(tmp_path, **TIGHT)
    # "notice" is an untitled 3-page notice of type diger: no parser runs, so these tests do not
    # depend on the plans parser (written separately); the module fixture covers real plans.
    ids = {"notice": add_version(db, archive, pdf_bytes(NOTICE_PAGES), C.OTHER, None, variant="duyuru"),
           "decisions": add_version(db, archive, pdf_bytes(DECISION_PAGES), C.COUNCIL_DECISIONS, "2025-07"),
           "corrupt": add_version(db, archive, b"%PDF-1.7\n" + bytes(500) + b"\n%%EOF\n", C.OTHER, None,
                                  variant="bozuk")}
    report = P.process_pending(db, archive, settings)
    assert (report.processed, len(report.errors)) == (2, 1), report
    return settings, db, archive, ids


def _counting_extract(monkeypatch):
    calls = []
    real = P.extract_file

    def counting(path, **kw):
        calls.append(path)
        return real(path, **kw)
    monkeypatch.setattr(P, "extract_file", counting)
    return calls


def test_parser_bump_reparses_stored_pages_without_extracting_again(small, monkeypatch):
    settings, db, archive, ids = small
    calls = _counting_extract(monkeypatch)
    monkeypatch.setattr(P, "PARSER_VERSION", P.PARSER_VERSION + "+test")
    report = P.process_pending(db, archive, settings)
    assert (report.processed, len(report.errors), report.skipped) == (2, 1, 0)
    assert len(calls) == 1          # only the failed file is extracted again; good ones are re-parsed
    versions = {r[0] for r in db.execute("select distinct parser_version from segments")}
    assert versions == {P.PARSER_VERSION}
    assert {r[0] for r in db.execute("select parser_version from processing")} == {P.PARSER_VERSION}
    assert db.execute("select count(*) from segments where version_id = ?", [ids["decisions"]]).fetchone()[0] == 2
    assert P.process_pending(db, archive, settings).processed == 0


def test_extractor_bump_extracts_again_and_replaces_rows(small, monkeypatch):
    settings, db, archive, ids = small
    segments_before = db.execute("select count(*) from segments").fetchone()[0]
    calls = _counting_extract(monkeypatch)
    monkeypatch.setattr(P, "EXTRACTOR_VERSION", P.EXTRACTOR_VERSION + 1)
    report = P.process_pending(db, archive, settings)
    assert report.processed == 2 and len(calls) == 3
    # replaced, not duplicated: pages, segments and their full-text rows
    assert db.execute("select count(*) from pages where version_id = ?", [ids["notice"]]).fetchone()[0] == 3
    assert db.execute("select count(*) from segments").fetchone()[0] == segments_before
    assert db.execute("select count(*) from segments_fts").fetchone()[0] == segments_before
    fts = db.execute("select count(*) from pages_fts where pages_fts match '\"kadin\"'").fetchone()[0]
    joined = db.execute("select count(*) from pages where search_text like '%kadin%'").fetchone()[0]
    assert fts == joined == 3       # notice p2, decisions p1 and p2


def test_errors_are_retried_only_when_asked(small):
    settings, db, archive, ids = small
    assert P.process_pending(db, archive, settings).total == 0
    report = P.process_pending(db, archive, settings, retry_errors=True)
    assert (report.processed, [f.version_id for f in report.errors]) == (0, [ids["corrupt"]])


def test_missing_archive_file_is_an_error_not_a_crash(small):
    settings, db, archive, ids = small
    archive.path(db["versions"].get(ids["notice"])["archive_path"]).unlink()
    report = P.process_pending(db, archive, settings, version_ids=[ids["notice"]], force=True)
    assert [(f.version_id, f.kind) for f in report.errors] == [(ids["notice"], "archive_missing")]
    row = processing(db, ids["notice"])
    assert (row["error_kind"], row["page_count"], row["detected_type"], row["segment_count"]) == \
        ("archive_missing", None, None, None)
    assert db.execute("select count(*) from pages where version_id = ?", [ids["notice"]]).fetchone()[0] == 0


def test_a_parser_crash_keeps_the_pages_and_is_recorded(small, monkeypatch):
    settings, db, archive, ids = small

    def broken(*args, **kwargs):
        raise ValueError("unexpected table\nlayout")
    monkeypatch.setattr(P, "parse_segments", broken)
    report = P.process_pending(db, archive, settings, version_ids=[ids["decisions"]], force=True)
    assert [(f.kind, f.message) for f in report.errors] == [("parse_failed", "ValueError: unexpected table layout")]
    row = processing(db, ids["decisions"])
    assert (row["status"], row["error_kind"], row["segment_count"]) == ("error", "parse_failed", 0)
    assert db.execute("select count(*) from pages where version_id = ?", [ids["decisions"]]).fetchone()[0] == 2
    assert db.execute("select count(*) from segments where version_id = ?", [ids["decisions"]]).fetchone()[0] == 0


def test_parser_version_names_every_parser():
    assert all(part in P.PARSER_VERSION for part in ("decisions", "agenda", "finance", "plans", "detect"))


# ------------------------------------------------------------------------------------------ detect

NAMES = {"cayirli": "Çayırlı Belediyesi", "istanbul-bb": "İstanbul Büyükşehir Belediyesi",
         "kocaeli-bb": "Kocaeli Büyükşehir Belediyesi", "gebze": "Gebze Belediyesi"}


@pytest.mark.parametrize("lines, doc_type, period", [
    (["T.C.", "ÇAYIRLI BELEDİYESİ", "2025-2029 STRATEJİK PLANI"], C.STRATEGIC_PLAN, "2025-2029"),
    (["Çayırlı Belediyesi 2026 Yılı Performans Programı", "2025-2029 Stratejik Planımızın ikinci yılı"],
     C.PERFORMANCE_PROGRAMME, "2026"),
    (["ÇAYIRLI BELEDİYESİ", "2024 YILI", "FAALİYET RAPORU"], C.ACTIVITY_REPORT, "2024"),
    (["GEBZE BELEDİYESİ 2021 YILI KURUMSAL MALİ DURUM VE BEKLENTİLER RAPORU"], C.FINANCIAL_REPORT, "2021"),
    (["T.C.", "ÇAYIRLI BELEDİYESİ", "MECLİS KARARI", "Karar Tarihi", "03/ 06/ 2025", "Karar No 2025 / 97"],
     C.COUNCIL_DECISIONS, "2025-06"),
    (["ÇAYIRLI BELEDİYESİ", "BELEDİYE MECLİSİ", "Karar Tarihi 05.03.2025", "Karar No 12"],
     C.COUNCIL_DECISIONS, "2025-03"),
    (["Meclis Gündemi - Ağustos 2025", "Meclis 06.08.2025 tarihinde toplanacaktır."], C.COUNCIL_AGENDA, "2025-08"),
    (["T.C.", "ÇAYIRLI BELEDİYESİ", "KADIN-ERKEK FIRSAT EŞİTLİĞİ KOMİSYONU RAPORU", "Rapor Tarihi: 11.06.2025"],
     C.COMMITTEE_REPORT, "2025-06"),
    (["Duyuru", "Yarın su kesintisi olacaktır."], None, None),
])
def test_detect_reads_the_title(lines, doc_type, period):
    result = detect(["\n".join(lines)], registry_names=NAMES)
    assert (result.doc_type, result.period) == (doc_type, period), result.evidence
    assert (result.confidence > 0) == (doc_type is not None)


def test_detect_matches_the_municipality_turkish_folded():
    result = detect(["İSTANBUL BÜYÜKŞEHİR BELEDİYESİ\n2025 YILI FAALİYET RAPORU"], registry_names=NAMES)
    assert (result.municipality_id, result.municipality_name) == ("istanbul-bb", "İSTANBUL BÜYÜKŞEHİR BELEDİYESİ")
    ocr = detect(["GEBZE BELEDIYESI\nMECLIS KARARI\nKocaeli Büyükşehir Belediyesi'nin yazısı"], registry_names=NAMES)
    assert ocr.municipality_id == "gebze" and ocr.doc_type == C.COUNCIL_DECISIONS
    minutes = detect(["T.C.\nKOCAELİ GEBZE İLÇE BELEDİYESİ\n1 NOLU BİRLEŞİM TUTANAĞI\nGündem No: 1- ..."
                      " kabul edildi. (Karar No: 2025/79)"], registry_names=NAMES)
    assert (minutes.municipality_id, minutes.doc_type) == ("gebze", C.COUNCIL_DECISIONS)
    unknown = detect(["YENİKÖY BELEDİYESİ\n2026 YILI PERFORMANS PROGRAMI"], registry_names=NAMES)
    assert (unknown.municipality_id, unknown.municipality_name) == (None, "YENİKÖY BELEDİYESİ")


def test_detect_evidence_says_whether_the_crawler_agreed():
    result = detect(["2026 YILI PERFORMANS PROGRAMI"], hint_type=C.COUNCIL_AGENDA, registry_names={})
    assert "crawler said meclis_gundemi: differs" in result.evidence
    weak = detect(["Ek-2 tablo", "bu belge bir stratejik plan değildir ve uzun bir cümle olarak yazılmıştır burada"],
                  hint_type=C.COUNCIL_AGENDA)
    assert weak.doc_type is None


def test_choose_type_needs_a_confident_title_to_override():
    from watch.detect import Detection

    strong = Detection(C.PERFORMANCE_PROGRAMME, "2026", None, 0.99)
    weak = Detection(C.COUNCIL_DECISIONS, None, None, 0.6)
    assert P.choose_type(C.COUNCIL_AGENDA, strong) == (C.PERFORMANCE_PROGRAMME, "content")
    assert P.choose_type(C.COUNCIL_AGENDA, weak) == (C.COUNCIL_AGENDA, "crawler")
    assert P.choose_type(C.OTHER, weak) == (C.COUNCIL_DECISIONS, "content")
    assert P.choose_type(C.STRATEGIC_PLAN, Detection(None, None, None, 0.0)) == (C.STRATEGIC_PLAN, "crawler")


# ------------------------------------------------------------------------------------------ real data


@pytest.mark.realdata
def test_gebze_bundle_becomes_decision_segments(realdata, tmp_path):
    settings, db, archive = new_store(tmp_path)
    db["municipalities"].insert({"id": "gebze", "name": "Gebze Belediyesi", "kind": "ilçe"})
    body = (realdata / "gebze_meclis-kararlari_2025-06.pdf").read_bytes()
    version_id = add_version(db, archive, body, C.COUNCIL_DECISIONS, "2025-06", municipality="gebze",
                             name="haziran-2025.pdf")
    report = P.process_pending(db, archive, settings)
    assert (report.processed, report.errors) == (1, [])
    row = processing(db, version_id)
    assert (row["page_count"], row["detected_type"], row["detected_period"], row["detected_municipality_id"],
            row["type_source"]) == (16, C.COUNCIL_DECISIONS, "2025-06", "gebze", "crawler")
    segs = list(db.query("select code, key, fields from segments where version_id = ? order by ordinal", [version_id]))
    assert len(segs) == row["segment_count"] >= 10
    assert segs[0]["code"] == "2025/97" and all(s["key"].startswith("2025/") for s in segs)
    assert db.execute("select count(*) from segments_fts where segments_fts match '\"kres\"'").fetchone()[0] >= 1


# ------------------------------------------------------------------------------------------ CLI


def test_process_command_lists_failures_and_exits_0(tmp_path):
    from click.testing import CliRunner

    from muniwatch.cli import cli

    settings, db, archive = new_store(tmp_path)
    add_version(db, archive, pdf_bytes(PLAN_PAGES), C.STRATEGIC_PLAN, "2025-2029")
    bad = add_version(db, archive, pdf_bytes([["Gizli"]], encrypt="parola"), C.OTHER, None, variant="sifreli")
    args = ["--data-dir", str(settings.data_path), "process"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "processed 1, failed 1, up to date 0" in result.output
    assert f"version {bad} (http://127.0.0.11/dosya/sifreli/belge.pdf): encrypted: PDF is password-protected" \
        in result.output
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 0 and "processed 0, failed 0, up to date 2" in again.output


def test_process_command_without_a_database(tmp_path):
    from click.testing import CliRunner

    from muniwatch.cli import cli

    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path / "nothing"), "process"])
    assert result.exit_code == 1 and "no database at" in result.output and "muniwatch crawl" in result.output


def test_a_failed_write_leaves_the_previous_rows(small, monkeypatch):
    """Pages, segments and the processing row of a version are written in one transaction."""
    import sqlite3

    settings, db, archive, ids = small
    before = db.execute("select count(*) from pages where version_id = ?", [ids["decisions"]]).fetchone()[0]
    stamp = processing(db, ids["decisions"])["processed_at"]
    monkeypatch.setattr(P, "_segment_rows", lambda row, segments: [{"no_such_column": 1}])
    with pytest.raises(sqlite3.OperationalError):
        P.process_pending(db, archive, settings, version_ids=[ids["decisions"]], force=True)
    assert db.execute("select count(*) from pages where version_id = ?", [ids["decisions"]]).fetchone()[0] == before
    assert db.execute("select count(*) from segments where version_id = ?", [ids["decisions"]]).fetchone()[0] == 2
    assert processing(db, ids["decisions"])["processed_at"] == stamp
