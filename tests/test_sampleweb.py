"""The bundled sample web: addresses, HTTP semantics, epochs, traps, documents and their truth."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import urllib.robotparser
import zipfile

import pypdfium2 as pdfium
import pytest
import yaml

from muniwatch import constants as C
from muniwatch.sampleweb import (
    DESIGNED_CHANGES, HOSTS, SampleWeb, catalog, changed_documents, corpus, expected_documents,
    new_documents, removed_documents, site_cms, site_js, site_camliova, trap_urls, traps,
)
from muniwatch.sampleweb.changes import by_id

HANG = 3.0


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, headers: dict | None = None, method: str = "GET", timeout: float = 15.0):
    """(status, headers, body) without following redirects."""
    req = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with _OPENER.open(req, timeout=timeout) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


@pytest.fixture(scope="module")
def web():
    with SampleWeb(port=0, epoch=1, hang_seconds=HANG) as sw:
        yield sw


@pytest.fixture(autouse=True)
def _back_to_epoch_1(request):
    yield
    if "web" in request.fixturenames:
        request.getfixturevalue("web").set_epoch(1)


def pdf_text(data: bytes) -> list[str]:
    doc = pdfium.PdfDocument(data)
    return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]


def block_words(blocks: list[tuple]) -> set[str]:
    words: set[str] = set()
    for b in blocks:
        if b[0] == "kv":   # rendered "Label: value"
            words.update(f"{b[1]}: {b[2]}".split())
            continue
        for part in b[1:]:
            if isinstance(part, str):
                words.update(part.split())
            elif isinstance(part, list):
                for row in part:
                    for cell in (row if isinstance(row, list) else [row]):
                        words.update(str(cell).split())
    return words


# --- addresses and HTTP ----------------------------------------------------------------------

def test_each_site_answers_on_its_own_address(web):
    assert web.port > 0
    titles = {"camliova": "Çamlıova Belediyesi", "mavikiyi": "Mavikıyı Belediyesi",
              "ilginpinar": "Ilgınpınar Belediyesi", "altinkoru": "Altınkoru Belediyesi",
              "spgov": "Stratejik Plan Portalı"}
    for site, name in titles.items():
        assert web.base_url(site) == f"http://{HOSTS[site]}:{web.port}"
        status, headers, body = fetch(web.url(site, "/"))
        assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
        assert int(headers["Content-Length"]) == len(body)
        assert name in body.decode("utf-8")
    assert fetch(web.url("internal", "/"))[0] == 404
    with pytest.raises(OSError):   # 127.0.0.99 is linked but never served
        socket.create_connection((catalog.EXTERNAL_HOST, web.port), timeout=1).close()


def test_two_instances_pick_different_free_ports(web):
    with SampleWeb() as other:
        assert other.port != web.port
        assert fetch(other.url("altinkoru", "/meclis/"))[0] == 200


def test_robots_txt_disallows_a_linked_document(web):
    status, headers, body = fetch(web.url("camliova", "/robots.txt"))
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    assert body.decode() == site_camliova.ROBOTS
    rp = urllib.robotparser.RobotFileParser()
    rp.parse(body.decode().splitlines())
    trap = web.url("camliova", "/arsiv-eski/camliova-stratejik-plan-2020-2024.pdf")
    assert not rp.can_fetch("muniwatch", trap)
    assert not rp.can_fetch("muniwatch", web.url("camliova", "/__sampleweb/epoch"))
    assert rp.can_fetch("muniwatch", web.url("camliova", "/kurumsal/stratejik-plan/"))
    page = fetch(web.url("camliova", "/kurumsal/stratejik-plan/"))[2].decode()
    assert 'href="/arsiv-eski/camliova-stratejik-plan-2020-2024.pdf"' in page
    assert fetch(web.url("ilginpinar", "/robots.txt"))[0] == 404


@pytest.mark.parametrize("site,path", [
    ("camliova", "/wp-content/uploads/2026/01/camliova-performans-programi-2026.pdf"),
    ("altinkoru", "/meclis/"),
    ("altinkoru", "/meclis-kararlari/2025-6"),
])
def test_conditional_get_answers_304_without_body(web, site, path):
    status, headers, body = fetch(web.url(site, path))
    assert status == 200
    etag, lm = headers["ETag"], headers["Last-Modified"]
    assert etag == '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
    before = web.stats()["sites"][site]
    for cond in ({"If-None-Match": etag}, {"If-Modified-Since": lm}, {"If-None-Match": f'W/{etag}, "x"'}):
        s, h, b = fetch(web.url(site, path), cond)
        assert (s, b) == (304, b"") and h["ETag"] == etag
    assert fetch(web.url(site, path), {"If-None-Match": '"nope"', "If-Modified-Since": lm})[0] == 200
    after = web.stats()["sites"][site]
    assert after["not_modified"] - before["not_modified"] == 3
    assert after["bytes"] - before["bytes"] == len(body)
    assert (HOSTS[site], path, 304) in web.stats()["log"]


def test_last_modified_moves_only_when_bytes_change(web):
    changed = web.url("camliova", "/wp-content/uploads/2026/01/camliova-performans-programi-2026.pdf")
    same = web.url("camliova", "/wp-content/uploads/2026/04/camliova-faaliyet-raporu-2025.pdf")
    page_same = web.url("altinkoru", "/stratejik-yonetim/")
    lms = {u: fetch(u)[1]["Last-Modified"] for u in (changed, same, page_same)}
    web.set_epoch(2)
    assert fetch(changed, {"If-Modified-Since": lms[changed]})[0] == 200
    assert fetch(same, {"If-Modified-Since": lms[same]})[0] == 304
    assert fetch(page_same, {"If-Modified-Since": lms[page_same]})[0] == 304
    assert fetch(web.url("altinkoru", "/meclis/"), {"If-Modified-Since": lms[page_same]})[0] == 200


def test_control_endpoint_switches_epoch_from_another_process(web):
    base = web.base_url("camliova")
    s, _, body = fetch(base + "/__sampleweb/epoch/2", method="POST")
    assert s == 200 and json.loads(body) == {"epoch": 2} and web.epoch == 2
    assert json.loads(fetch(base + "/__sampleweb/epoch")[2]) == {"epoch": 2}
    assert fetch(base + "/__sampleweb/epoch/7", method="POST")[0] == 400
    assert fetch(web.base_url("mavikiyi") + "/__sampleweb/epoch/1", method="POST")[0] == 405
    stats = json.loads(fetch(base + "/__sampleweb/stats")[2])
    assert set(stats) == {"sites", "log", "secret_hits"}
    assert not any(host == HOSTS["camliova"] and path.startswith("/__sampleweb/")
                   for host, path, _ in web.stats()["log"])


def test_hanging_path_does_not_block_other_requests(web):
    web.set_epoch(2)
    outcome = {}

    def hang():
        t0 = time.monotonic()
        try:
            fetch(web.url("camliova", site_camliova.HANGING), timeout=HANG / 3)
            outcome["result"] = "answered"
        except OSError:
            outcome["result"] = "timeout"
        outcome["took"] = time.monotonic() - t0

    th = threading.Thread(target=hang)
    th.start()
    time.sleep(0.05)
    t0 = time.monotonic()
    assert fetch(web.url("camliova", "/kurumsal/stratejik-plan/"))[0] == 200
    assert fetch(web.url("altinkoru", "/meclis/"))[0] == 200
    assert time.monotonic() - t0 < 1.0
    th.join()
    assert outcome["result"] == "timeout" and outcome["took"] < HANG


# --- epochs ------------------------------------------------------------------------------------

def _get_following(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=15) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def _served_shas(web, epoch: int) -> dict[tuple, str]:
    """Fetch every expected document at every location; check bytes and types; return shas."""
    web.set_epoch(epoch)
    failing = f"{HOSTS['mavikiyi']}:{web.port}/" if epoch == 2 else None
    out = {}
    for d in expected_documents(epoch, web.port):
        status, headers, body = fetch(d["url"])
        if failing and failing in d["url"]:
            assert status == 500
        else:
            assert status == 200, d["url"]
            assert headers["Content-Type"] == d["served_content_type"]
            assert hashlib.sha256(body).hexdigest() == d["sha256"]
        for alt in d["alternate_urls"] + d["other_urls"]:
            status, body = _get_following(alt)
            if failing and failing in alt:
                assert status == 500
            else:
                assert status == 200 and hashlib.sha256(body).hexdigest() == d["sha256"], alt
        out[(d["municipality_id"], d["doc_type"], d["period"], d["variant"])] = d["sha256"]
    return out


def test_epoch_switch_changes_exactly_the_designed_documents(web):
    e1, e2 = _served_shas(web, 1), _served_shas(web, 2)
    changed = {k for k in e1.keys() & e2.keys() if e1[k] != e2[k]}
    designed_changed = {i for ch in DESIGNED_CHANGES if ch.category in ("gender", "noise")
                        for i in ch.identities if i in e1}
    designed_new = {i for ch in DESIGNED_CHANGES for i in ch.identities if i not in e1}
    assert changed == designed_changed == set(changed_documents(1, 2))
    assert set(e2) - set(e1) == designed_new == set(new_documents(1, 2))
    assert removed_documents(1, 2) == []
    # the failing CMS: its documents are expected but unreachable, except the plan via sp.gov.tr
    mavi = [d for d in expected_documents(2, web.port) if d["municipality_id"] == "mavikiyi"]
    assert {d["doc_type"] for d in mavi if d["reachable"]} == {C.STRATEGIC_PLAN}


def test_designed_changes_agree_with_the_corpus():
    cut = by_id("camliova-kres-butce-kesintisi")
    nursery = next(a for a in corpus.plan("camliova").activities() if a.key == "1.3.1")
    assert "kreş" in nursery.name and nursery.costs[2026] == cut.before_value == 3_200_000
    budgets = {e: {pa.activity.key: pa.budget for pa in corpus.programme("camliova", 2026, e).activities}
               for e in (1, 2)}
    assert budgets[1]["1.3.1"] == 3_200_000 and budgets[2]["1.3.1"] == cut.after_value == 1_900_000
    assert {k: v for k, v in budgets[1].items() if k != "1.3.1"} == \
        {k: v for k, v in budgets[2].items() if k != "1.3.1"}

    counselling = next(a for a in corpus.plan("altinkoru").activities() if a.key == "1.1.1")
    assert "Danışma Merkezi" in counselling.name
    keys = {e: {pa.activity.key for pa in corpus.programme("altinkoru", 2026, e).activities} for e in (1, 2)}
    assert keys[1] - keys[2] == {"1.1.1"} and keys[2] < keys[1]
    assert "1.1.1" in {pa.activity.key for pa in corpus.programme("altinkoru", 2025, 2).activities}
    assert by_id("altinkoru-danisma-merkezi-programdan-cikarildi").before_value == counselling.costs[2026]

    old, new = corpus.plan("camliova", 1), corpus.plan("camliova", 2)
    added = {o.key for o in new.objectives()} - {o.key for o in old.objectives()}
    assert added == {"1.4"} and "eşitlik eylem planı" in new.goals[0].objectives[3].title
    assert new.revision == "Güncelleme 1" and old.revision == ""

    e1 = {d.number for m in corpus.council_months("altinkoru", 1) for d in m.decisions}
    e2 = {d.number: d for m in corpus.council_months("altinkoru", 2) for d in m.decisions}
    assert "2025/97" not in e1 and "konukevi" in e2["2025/97"].subject.lower()
    for ch in DESIGNED_CHANGES:
        assert (ch.category == "gender") == ch.gender_alert
        assert all(k in C.CHANGE_KINDS for k in ch.kinds)


def test_noise_changes_keep_the_words():
    d1, d2 = catalog.by_identity(1), catalog.by_identity(2)
    words = {}
    for ident in (("camliova", C.PERFORMANCE_PROGRAMME, "2025", ""),
                  ("ilginpinar", C.PERFORMANCE_PROGRAMME, "2025", ""),
                  ("altinkoru", C.ACTIVITY_REPORT, "2025", "")):
        a, b = (pdf_text(catalog.render(d[ident])) for d in (d1, d2))
        assert catalog.render(d1[ident]) != catalog.render(d2[ident])
        words[ident[0]] = (a, b)
    meta_a, meta_b = words["camliova"]
    assert meta_a == meta_b
    flow_a, flow_b = words["ilginpinar"]
    assert " ".join(flow_a).split() == " ".join(flow_b).split()
    assert len(flow_b) > len(flow_a) and "\n".join(flow_a) != "\n".join(flow_b)
    print_a, print_b = words["altinkoru"]
    diff = [(x, y) for x, y in zip(" ".join(print_a).split(), " ".join(print_b).split()) if x != y]
    assert set(diff) == {("15.04.2026", "05.05.2026")} and len(print_a) == len(print_b)


# --- documents ---------------------------------------------------------------------------------

def test_pdfs_hold_turkish_text_without_broken_words():
    furniture = {"Sayfa", "Baskı", "Tarihi:", "-"}
    checked = 0
    for epoch in (1, 2):
        for doc in catalog.documents(epoch):
            if doc.fmt != "pdf":
                continue
            pages = pdf_text(catalog.render(doc))
            allowed = block_words(doc.blocks()) | furniture | set(doc.title.split())
            extracted = set(" ".join(pages).split())
            stray = {w for w in extracted - allowed if not w.isdigit() and not w.endswith(".2026")}
            assert not stray, (doc.key, sorted(stray)[:10])
            checked += 1
    assert checked >= 25
    plan_doc = catalog.by_identity(1)[("camliova", C.STRATEGIC_PLAN, "2025-2029", "")]
    plan = " ".join(" ".join(pdf_text(catalog.render(plan_doc))).split())
    for phrase in ("Kadın ve Aile Hizmetleri Müdürlüğü", "İşbirliği Yapılacak Birimler", "4.625.000,00",
                   "PG1.2.1", "Meslek edindirme kurslarına katılan kadın sayısı", "Güneş enerjisinden"):
        assert phrase in plan


def test_scanned_bundle_has_no_text_layer_but_ocr_reads_it():
    doc = catalog.by_identity(1)[("altinkoru", C.COUNCIL_DECISIONS, "2024-12", "")]
    data = catalog.render(doc)
    assert doc.fmt == "pdf-scan" and b"/Font" not in data
    pdf = pdfium.PdfDocument(data)
    assert len(pdf) == 3
    assert all(not pdf[i].get_textpage().get_text_range().strip() for i in range(len(pdf)))
    assert shutil.which("tesseract"), "tesseract not installed: `make test` installs tesseract-ocr and tesseract-ocr-tur"
    image = pdf[1].render(scale=200 / 72).to_pil()
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    out = subprocess.run(["tesseract", "stdin", "stdout", "-l", "tur"], input=buf.getvalue(),
                         capture_output=True, timeout=60, check=True).stdout.decode()
    assert "Eşitlik Biriminin Kurulması" in out and "2024/142" in out and "MECLİS KARARI" in out


def test_cms_docx_download(web):
    status, headers, body = fetch(web.url("mavikiyi", "/Dosya/Indir/1038"))
    assert status == 200 and headers["Content-Type"] == "application/octet-stream"
    assert "filename*=UTF-8''Mavik%C4%B1y%C4%B1_2025_Y%C4%B1l%C4%B1_Faaliyet_Raporu.docx" in headers["Content-Disposition"]
    import docx
    d = docx.Document(io.BytesIO(body))
    text = "\n".join(p.text for p in d.paragraphs)
    assert "2025 YILI FAALİYET RAPORU" in text and "Sorumlu Birim: Fen İşleri Müdürlüğü" in text
    cells = {c.text for t in d.tables for row in t.rows for c in row.cells}
    assert {"PG 1.1.1", "FP1.1.2", "İskele bakım onarım çalışmaları"} <= cells
    assert d.core_properties.created.year == 2026
    stamps = {i.date_time for i in zipfile.ZipFile(io.BytesIO(body)).infolist()}
    assert stamps == {(2020, 1, 1, 0, 0, 0)}


def test_xlsx_budget_table(web):
    import openpyxl
    d = catalog.by_identity(1)[("camliova", C.FINANCIAL_REPORT, "2025", "")]
    status, headers, body = fetch(web.url("camliova", d.path))
    assert status == 200 and headers["Content-Type"] == catalog.XLSX_TYPE
    ws = openpyxl.load_workbook(io.BytesIO(body)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[3][0] == "Ekonomik Kod" and rows[4][:3] == ("01", "Personel Giderleri", 412_500_000)
    assert rows[-1][1] == "TOPLAM" and rows[-1][2] == sum(b.budget for b in corpus.budget_lines("camliova"))


def test_rendering_is_deterministic_across_processes():
    idents = [("camliova", C.STRATEGIC_PLAN, "2025-2029", ""), ("mavikiyi", C.ACTIVITY_REPORT, "2025", ""),
              ("camliova", C.FINANCIAL_REPORT, "2025", ""), ("altinkoru", C.COUNCIL_DECISIONS, "2025-06", "ozet")]
    docs = catalog.by_identity(1)
    here = {i: catalog.sha256(docs[i]) for i in idents}
    again = {i: hashlib.sha256(docs[i].build()).hexdigest() for i in idents}   # bypasses the cache
    assert here == again
    code = ("import json,sys; from muniwatch.sampleweb import catalog; d=catalog.by_identity(1); "
            f"print(json.dumps([catalog.sha256(d[tuple(i)]) for i in {json.dumps(idents)}]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={"PYTHONHASHSEED": "123", "PATH": "/usr/bin:/bin"}, check=True)
    assert json.loads(out.stdout) == [here[i] for i in idents]


# --- sites and traps ---------------------------------------------------------------------------

def test_windows_1254_page_decodes_only_with_its_charset(web):
    status, headers, body = fetch(web.url("altinkoru", "/arsiv/eski-kararlar.asp"))
    assert headers["Content-Type"] == "text/html; charset=windows-1254"
    text = body.decode("windows-1254")
    assert "Aralık 2024 Meclis Kararları (taranmış nüsha)" in text
    assert 'href="/dosyalar/meclis/arsiv/2024-12-meclis-kararlari.pdf"' in text
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")


def test_js_page_shows_no_document_link_without_a_browser(web):
    html = fetch(web.url("ilginpinar", "/yayinlar/"))[2].decode()
    script = fetch(web.url("ilginpinar", site_js.SCRIPT_PATH))[2].decode()
    for raw in (html, script):
        assert ".pdf" not in raw and "yayinlar.json" not in raw and "/dosyalar/" not in raw
    assert "<noscript" not in html and 'id="yayin-listesi"' in html
    for site in HOSTS:
        if site != "internal":
            for path in ("/", "/yayinlar/"):
                assert site_js.API_PATH.encode() not in fetch(web.url(site, path))[2]
    items = json.loads(fetch(web.url("ilginpinar", site_js.API_PATH))[2])["yayinlar"]
    assert len(items) == 2 and all(fetch(web.url("ilginpinar", i["dosya"]))[2][:5] == b"%PDF-" for i in items)
    web.set_epoch(2)
    items2 = json.loads(fetch(web.url("ilginpinar", site_js.API_PATH))[2])["yayinlar"]
    assert {i["tur"] for i in items2} == {"Performans Programı", "Faaliyet Raporu"} and len(items2) == 3


@pytest.mark.browser
def test_js_page_shows_documents_in_a_browser(web):
    from playwright import sync_api

    chromium = shutil.which("chromium")
    assert chromium, "no Chromium on PATH: `make test` installs Debian's chromium (apt-get install chromium)"
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.goto(web.url("ilginpinar", "/yayinlar/"))
            page.wait_for_selector("#yayin-listesi[data-yuklendi=evet]", timeout=15000)
            hrefs = [a.get_attribute("href") for a in page.query_selector_all("#yayin-listesi a")]
        finally:
            browser.close()
    assert sorted(hrefs) == sorted(d.path for d in catalog.documents(1) if d.site == "ilginpinar")


def test_traps_behave_as_documented(web):
    base = web.base_url("camliova")
    s, h, b = fetch(base + site_camliova.SOFT_404)
    assert s == 200 and "Sayfa bulunamadı" in b.decode()
    assert "Stratejik Plan 2020-2024" in fetch(base + "/kurumsal/stratejik-plan/")[2].decode()
    s, h, b = fetch(base + site_camliova.MISLABELLED)
    assert s == 200 and h["Content-Type"].startswith("text/html") and not b.startswith(b"%PDF")
    s1, h1, _ = fetch(base + site_camliova.CHAIN_START)
    s2, h2, _ = fetch(base + h1["Location"])
    s3, h3, b3 = fetch(h2["Location"])
    assert (s1, s2, s3) == (301, 302, 200) and b3.startswith(b"%PDF")
    plan = catalog.by_identity(1)[("camliova", C.STRATEGIC_PLAN, "2025-2029", "")]
    variants = {fetch(base + plan.path + q)[2] for q in ("", "?v=1", "?download=true")}
    assert len(variants) == 1
    page = fetch(base + "/kurumsal/faaliyet-raporlari/")[2].decode()
    assert ">Faaliyet Roporu 2025</a>" in page
    hits = web.secret_hits
    for site, path in (("camliova", site_camliova.TO_PRIVATE), ("altinkoru", "/dosyalar/meclis-uyeleri.pdf")):
        s, h, _ = fetch(web.url(site, path))
        assert s == 302 and h["Location"] == web.url("internal", "/admin/secret")
    assert web.secret_hits == hits           # the redirect alone reaches nothing
    home = fetch(base + "/")[2].decode()
    for needle in ('href="mailto:', 'href="tel:', 'href="javascript:void(0)"', f"http://127.0.0.99:{web.port}/"):
        assert needle in home
    urls = trap_urls(1, web.port)
    assert len(urls) == len(set(urls)) and all(t["expect"] in (None, *C.FETCH_OUTCOMES) for t in traps(1, web.port))
    expected = {d["url"] for d in expected_documents(1, web.port)}
    assert not expected & set(urls)


def test_cms_listing_pages_and_failure(web):
    base = web.base_url("mavikiyi")
    from bs4 import BeautifulSoup
    sizes, url = [], base + "/Belgeler?sayfa=1"
    while url:
        soup = BeautifulSoup(fetch(url)[2], "lxml")
        rows = soup.select(site_cms.LISTING["row_selector"])
        sizes.append(len(rows))
        for row in rows:
            assert row.select_one(site_cms.LISTING["title_selector"]).get_text(strip=True)
            assert row.select_one(site_cms.LISTING["link_selector"])["href"].startswith("/Dosya/Indir/")
        nxt = soup.select_one(site_cms.LISTING["next_selector"])
        url = base + nxt["href"] if nxt else None
        assert nxt is None or nxt.get_text() == "Sonraki »"
    assert sizes == [3, 3, 1]
    s, h, b = fetch(base + "/Dosya/Indir/1017")
    assert s == 200 and b.startswith(b"%PDF") and 'filename="' in h["Content-Disposition"]
    assert fetch(base + "/Dosya/Indir/1018")[2] == b
    assert fetch(base + site_cms.DEAD_LINK)[0] == 404
    web.set_epoch(2)
    assert fetch(base + "/Belgeler?sayfa=2")[0] == 500 and fetch(base + "/Dosya/Indir/1017")[0] == 500
    assert fetch(base + "/")[0] == 200 and fetch(base + "/robots.txt")[0] == 200


def test_spgov_lists_all_plans_and_one_unmatched(web):
    from bs4 import BeautifulSoup
    listing = BeautifulSoup(fetch(web.url("spgov", "/tr/stratejik-plan"))[2], "lxml")
    names = [td.get_text() for td in listing.select("td.kurum")]
    assert names[:4] == [m.name for m in corpus.MUNICIPALITIES.values()] and names[4] == "Güneyyaka Belediyesi"
    link = listing.select_one("a.btn-incele")["href"]
    assert link == "/tr/stratejik-plan/s/2817/%C3%87aml%C4%B1ova+Belediyesi+_Ankara_+2025-2029"
    own = {d.municipality_id: d for d in catalog.documents(1) if d.doc_type == C.STRATEGIC_PLAN}
    for a in listing.select("a.btn-incele"):
        plan_page = BeautifulSoup(fetch(web.url("spgov", "/") + a["href"].lstrip("/"))[2], "lxml")
        href = plan_page.select_one("p.indir a")["href"]
        assert href.startswith("/upload/xSPStratejikPlan/files/") and href.split("/")[-1][5] == "+"
        body = fetch(web.url("spgov", "/") + href.lstrip("/"))[2]
        name = plan_page.select_one("h1").get_text()
        mid = next((m.id for m in corpus.MUNICIPALITIES.values() if m.name == name), None)
        if mid is None:
            assert name == "Güneyyaka Belediyesi" and body.startswith(b"%PDF")
            continue
        assert hashlib.sha256(body).hexdigest() == catalog.sha256(own[mid])
        assert (own[mid].site == "spgov") == (mid == "ilginpinar")
    old = catalog.by_identity(1)[("camliova", C.STRATEGIC_PLAN, "2025-2029", "")]
    old_spgov = old.alternates[0][1]
    web.set_epoch(2)
    assert fetch(web.url("spgov", old_spgov))[0] == 404
    assert "Güncelleme 1" in fetch(web.url("spgov", "/") + link.lstrip("/"))[2].decode()
    s, h, _ = fetch(web.url("camliova", old.path))
    assert s == 301 and h["Location"].endswith("guncelleme-1.pdf")


def test_council_pages(web):
    from bs4 import BeautifulSoup
    meclis = fetch(web.url("altinkoru", "/meclis/"))[2].decode()
    assert "/meclis-kararlari/2025-6" in meclis and "/meclis-kararlari/2025-8" not in meclis
    assert fetch(web.url("altinkoru", "/meclis-kararlari/2025-8"))[0] == 404
    soup = BeautifulSoup(fetch(web.url("altinkoru", "/meclis-kararlari/2025-6"))[2], "lxml")
    rows = [[td.get_text() for td in tr.select("td")] for tr in soup.select("table.karar-ozetleri tbody tr")]
    month = corpus.council_month("altinkoru", "2025-06")
    assert [r[0] for r in rows] == [d.number for d in month.decisions] and rows[0][1] == "04.06.2025"
    assert not [a["href"] for a in soup.select("a") if a["href"].startswith("http")]
    bundle = "\n".join(pdf_text(fetch(web.url("altinkoru", "/dosyalar/meclis/2025-06-meclis-kararlari.pdf"))[2]))
    for phrase in ("ALTINKORU BELEDİYESİ", "MECLİS KARARI", "Karar No", "2025/76", "KONU:", "TEKLİF",
                   "İlgi: Kadın ve Aile Hizmetleri Müdürlüğü'nün 19.05.2025 tarihli", "KOMİSYON GÖRÜŞÜ",
                   "oy birliği ile kabul"):
        assert phrase in bundle, phrase
    agenda = fetch(web.url("altinkoru", "/meclis/gundem/2025-8"))[2].decode()
    assert "Meclis Gündemi" in agenda and "Kadın konukevi" in agenda
    web.set_epoch(2)
    assert "/meclis-kararlari/2025-8" in fetch(web.url("altinkoru", "/meclis/"))[2].decode()
    summary = fetch(web.url("altinkoru", "/meclis-kararlari/2025-8"))[2].decode()
    assert "2025/97" in summary and "konukevi" in summary


# --- registry and corpus -----------------------------------------------------------------------

def test_registry_yaml_points_at_working_sources(web):
    from muniwatch.registry import load_registry_text
    loaded = load_registry_text(web.registry_yaml(), "sampleweb.yml", strict=True)   # the real loader
    assert sorted(loaded.municipalities) == sorted(corpus.MUNICIPALITIES)
    assert [s.id for s in loaded.national_sources()] == ["spgov-sample"]
    data = yaml.safe_load(web.registry_yaml())
    assert [m["id"] for m in data["municipalities"]] == ["camliova", "mavikiyi", "ilginpinar", "altinkoru"]
    kinds = {m["id"]: [(s["kind"], s["js"]) for s in m["sources"]] for m in data["municipalities"]}
    assert kinds == {"camliova": [("discovery", False)], "mavikiyi": [("listing", False)],
                     "ilginpinar": [("discovery", True)], "altinkoru": [("discovery", False)]}
    assert data["sources"][0]["kind"] == "spgov"
    for m in data["municipalities"]:
        assert m["homepage_verified"] is True and m["kind"] in C.MUNICIPALITY_KINDS
        for src in m["sources"]:
            assert src["kind"] in C.SOURCE_KINDS and src["trusted"] is True
            for url in src["start_urls"] + src.get("listing", {}).get("pages", []):
                assert fetch(url)[0] == 200


def test_corpus_structure_is_varied_and_consistent():
    styles = {mid: corpus.plan(mid).goals[0].code for mid in corpus.MUNICIPALITIES}
    assert styles == {"camliova": "Amaç 1", "mavikiyi": "A1", "ilginpinar": "AMAÇ 01",
                      "altinkoru": "Stratejik Amaç 1"}
    themed = {}
    for mid in corpus.MUNICIPALITIES:
        plan = corpus.plan(mid)
        assert 3 <= len(plan.goals) <= 4
        for g in plan.goals:
            assert 2 <= len(g.objectives) <= 3
            for o in g.objectives:
                assert o.parent_key == g.key and o.parent_code == g.code and o.directorate
                assert 1 <= len(o.indicators) <= 3 and 1 <= len(o.activities) <= 3
                for i in o.indicators:
                    assert set(i.targets) == {2025, 2026, 2027, 2028, 2029} and 2025 in i.realised
        themed[mid] = [x for x in plan.objectives() + plan.indicators() + plan.activities() if x.theme]
    assert not themed["mavikiyi"] and len(themed["camliova"]) > 15
    from muniwatch.sampleweb.model import GENDER_THEMES
    assert {x.theme for items in themed.values() for x in items} <= set(GENDER_THEMES)
    assert {ch.theme for ch in DESIGNED_CHANGES} - {None} <= set(GENDER_THEMES)
    assert any(i.sex == "kadın" for i in corpus.plan("camliova").indicators())
    assert any(i.sex == "erkek" for i in corpus.plan("camliova").indicators())
    names = " ".join(a.name for a in corpus.plan("camliova").activities()).lower()
    assert "danışma merkezi" in names and "kreş" in names and "konukevi" in names
