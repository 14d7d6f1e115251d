"""Extraction: every format, every refusal, the isolation of the worker, and Gebze's real files.

All inputs are generated here (reportlab + DejaVu for Turkish PDFs, Pillow for scans, python-docx,
openpyxl, a few-line raw PDF writer for the big and hostile files); real files are read from
../shared/realdata and the tests that need them skip when it is absent.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from tests.helpers import raw_pdf
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from watch import extract as ex
from watch import extract_isolate as iso
from watch.extract import Extraction, ExtractionError, Limits, extract_bytes, extract_file, sniff_format

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
REALDATA = Path(__file__).resolve().parent.parent.parent / "shared" / "realdata"

SCAN_LINES = [
    "BELEDİYE MECLİSİ KARARI",
    "Belediye Meclisi bugün toplandı.",
    "Kadın danışma merkezi için ödenek",
    "ayrılması oy birliği ile kabul edildi.",
]


# ------------------------------------------------------------------------------------------ builders


def register_font() -> None:
    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", FONT))


def text_pdf(pages: list[list[str]], *, title: str | None = None, encrypt=None) -> bytes:
    register_font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=encrypt)
    if title:
        c.setTitle(title)
    for lines in pages:
        c.setFont("DejaVu", 12)
        for k, line in enumerate(lines):
            c.drawString(72, 770 - 18 * k, line)
        c.showPage()
    c.save()
    return buf.getvalue()


def scan_image(lines: list[str], size=(1654, 1169), font_px=40) -> Image.Image:
    """A page of text as a picture (200 dpi, A5 landscape by default), as a scanner would give it."""
    img = Image.new("L", size, 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, font_px)
    for k, line in enumerate(lines):
        draw.text((120, 120 + k * int(font_px * 1.8)), line, font=font, fill=0)
    return img


def image_pdf(images: list[Image.Image], page_size=(595, 420), extra_text: str | None = None) -> bytes:
    register_font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=page_size)
    for img in images:
        c.drawImage(ImageReader(img), 0, 0, width=page_size[0], height=page_size[1])
        if extra_text:
            c.setFont("DejaVu", 8)
            c.drawString(10, 10, extra_text)
        c.showPage()
    c.save()
    return buf.getvalue()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def session_members(sid: int) -> list[int]:
    """Processes still alive (not zombies) in session ``sid``: the worker and its Tesseract children."""
    alive = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[3]) == sid and fields[0] != "Z":
            alive.append(int(entry))
    return alive


@pytest.fixture
def worker_pids(monkeypatch):
    """Records the pid of every worker extract_file starts (each is its own session leader)."""
    pids: list[int] = []
    real = subprocess.Popen

    class Recording(real):  # type: ignore[misc,valid-type]
        def __init__(self, *a, **kw):
            super().__init__(*a, **kw)
            pids.append(self.pid)

    monkeypatch.setattr(iso.subprocess, "Popen", Recording)
    return pids


# ------------------------------------------------------------------------------------------ PDF text


def test_turkish_pdf_round_trip_keeps_page_numbers():
    pages = [["Stratejik Plan 2025-2029", "Amaç 1: Kadın ve Aile Hizmetleri Müdürlüğü"],
             ["Hedef 1.2: Kreş ve gündüz bakımevi sayısını artırmak", "ŞİĞÇÖÜ ışığöçü"],
             ["Performans göstergesi: eğitime katılan kadın sayısı"]]
    result = extract_bytes(text_pdf(pages, title="Gebze Örnek Plan"), filename="plan.pdf")
    assert result.format == "pdf"
    assert result.page_count == 3 and [p.number for p in result.pages] == [1, 2, 3]
    assert result.pages[0].text == "Stratejik Plan 2025-2029\nAmaç 1: Kadın ve Aile Hizmetleri Müdürlüğü"
    assert "ŞİĞÇÖÜ ışığöçü" in result.pages[1].text
    assert "kadın sayısı" in result.pages[2].text and "Kreş" not in result.pages[2].text
    assert not result.ocr_used and result.ocr_confidence is None and not result.truncated
    assert result.title == "Gebze Örnek Plan"
    assert result.extractor_version == ex.EXTRACTOR_VERSION
    assert result.text.split("\f")[1] == result.pages[1].text


def test_broken_font_letters_are_repaired_and_line_end_hyphens_resolved():
    data = text_pdf([["BELEDÝYE MECLÝSÝ kararý Þubat ayý", "Toplantýya katýlan", "kadýn-",
                      "larýn sayýsý ve Ocak-", "Haziran dönemi"]])
    text = extract_bytes(data).pages[0].text
    assert text.startswith("BELEDİYE MECLİSİ kararı Şubat ayı\nToplantıya katılan\n")
    assert "kadınların sayısı ve Ocak-Haziran dönemi" in text  # PDFium's U+FFFE hyphen mark undone
    assert "\ufffe" not in text and "ý" not in text


def test_result_survives_json_round_trip():
    result = extract_bytes(text_pdf([["Meclis kararı 2025/97", "Azalan kreş alanı"]]))
    again = Extraction.from_dict(json.loads(json.dumps(result.to_dict())))
    assert again == result


# ------------------------------------------------------------------------------------------ OCR


def test_image_only_pdf_is_ocrd():
    data = image_pdf([scan_image(SCAN_LINES)])
    result = extract_bytes(data)
    page = result.pages[0]
    assert result.ocr_used and page.ocr
    assert result.ocr_confidence is not None and result.ocr_confidence > 50
    assert page.ocr_confidence == result.ocr_confidence
    assert "Belediye Meclisi" in page.text
    assert "oy birliği" in page.text
    assert result.metadata["ocr_pages"] == [1]


def test_page_with_text_layer_is_not_ocrd_even_with_a_full_page_image():
    data = image_pdf([scan_image(["GÖRSEL"])], extra_text="Bu sayfanın metin katmanı yeterince uzun.")
    result = extract_bytes(data)
    assert not result.ocr_used
    assert result.pages[0].text == "Bu sayfanın metin katmanı yeterince uzun."


def test_huge_page_is_rendered_at_lower_dpi(monkeypatch):
    """A 200x100-inch page at 200 dpi would be 800 megapixels: rendered within the pixel cap instead
    (lowered here from 60 to 6 megapixels to keep the test fast)."""
    from watch import extract_pdf

    monkeypatch.setattr(extract_pdf, "MAX_RENDER_PIXELS", 6_000_000)
    img = scan_image(["BELEDİYE MECLİSİ"], size=(1400, 700), font_px=110)
    result = extract_bytes(image_pdf([img], page_size=(14400, 7200)))
    assert result.warnings == ["page 1 is very large; rendered for OCR at 17 dpi"]
    assert result.ocr_used and "MECLİSİ" in result.pages[0].text


def test_oversized_embedded_image_is_not_decoded(tmp_path):
    """A 20000x12000 image (240 MP, 250 KB compressed) is not rendered; the text layer is kept."""
    comp = zlib.compressobj(1)
    zeros = bytes(1_000_000)
    stream = b"".join(comp.compress(zeros) for _ in range(240)) + comp.flush()  # 20000 * 12000 bytes
    info = {"Width": 20000, "Height": 12000, "ColorSpace": "/DeviceGray", "BitsPerComponent": 8,
            "Filter": "/FlateDecode"}
    path = write(tmp_path, "bomb.pdf", raw_pdf([("Ek-1 Harita", stream, info)]))
    # Finishing at all proves it stayed within timeout_s: the worker is killed at the limit.
    result = extract_file(path, limits=Limits(timeout_s=60))
    assert result.pages[0].text == "Ek-1 Harita" and not result.ocr_used
    assert any("20000x12000 pixels is too large" in w for w in result.warnings)


# ------------------------------------------------------------------------------------------ refusals


def test_corrupt_pdf():
    with pytest.raises(ExtractionError) as err:
        extract_bytes(b"%PDF-1.7\n" + os.urandom(4000) + b"\n%%EOF\n")
    assert err.value.kind == "corrupt"
    assert str(err.value).startswith("PDF cannot be read")


def test_truncated_pdf_is_corrupt():
    data = text_pdf([["Birinci sayfa metni uzun bir satır"]] * 6)
    with pytest.raises(ExtractionError) as err:
        extract_bytes(data[: len(data) // 2])
    assert err.value.kind == "corrupt" and "truncated" in str(err.value)


def test_encrypted_pdf():
    with pytest.raises(ExtractionError) as err:
        extract_bytes(text_pdf([["Gizli meclis tutanağı"]], encrypt="parola"))
    assert (err.value.kind, str(err.value)) == ("encrypted", "PDF is password-protected")


def test_pdf_with_only_an_owner_password_still_extracts():
    from reportlab.lib.pdfencrypt import StandardEncryption

    enc = StandardEncryption("", ownerPassword="sahip", canCopy=0, canModify=0)
    result = extract_bytes(text_pdf([["Kopyalanamaz ama okunabilir karar metni"]], encrypt=enc))
    assert result.pages[0].text == "Kopyalanamaz ama okunabilir karar metni"


@pytest.mark.parametrize("pages", [None, [[]], [[" "], []]], ids=["no-bytes", "blank-page", "blank-pages"])
def test_empty(pages):
    with pytest.raises(ExtractionError) as err:
        extract_bytes(b"" if pages is None else text_pdf(pages))
    assert err.value.kind == "empty"


def test_empty_file_isolated(tmp_path):
    with pytest.raises(ExtractionError) as err:
        extract_file(write(tmp_path, "bos.pdf", b""))
    assert err.value.kind == "empty"


def test_html_served_as_pdf_is_refused():
    page = b"<!DOCTYPE html><html><head><title>Sayfa bulunamad\xc4\xb1</title></head><body>404</body></html>"
    with pytest.raises(ExtractionError) as err:
        extract_bytes(page, content_type="application/pdf; charset=utf-8")
    assert err.value.kind == "wrong_type"
    assert str(err.value) == "file is HTML, not PDF (content-type application/pdf)"
    with pytest.raises(ExtractionError) as err:
        extract_bytes(b"\r\n  " + page, filename="karar.pdf")
    assert str(err.value) == "file is HTML, not PDF (file name karar.pdf)"


def test_too_large(tmp_path):
    data = text_pdf([["Bütçe"]])
    with pytest.raises(ExtractionError) as err:
        extract_bytes(data, limits=Limits(max_bytes=100))
    assert err.value.kind == "too_large"
    with pytest.raises(ExtractionError) as err:
        extract_file(write(tmp_path, "b.pdf", data), limits=Limits(max_bytes=100))
    assert err.value.kind == "too_large"


@pytest.mark.parametrize("data, hint, expected", [
    (b"%PDF-1.4 ...", "text/html", "pdf"),                       # bytes win over the header
    (b"junk\n%PDF-1.4 ...", None, "pdf"),                        # junk before the header is allowed
    (b"  <html><body><p>Duyuru</p></body></html>", None, "html"),
    (b"Meclis gundemi\n1. madde", "text/plain", "text"),
    (b"<p>Duyuru</p><div>metin</div>", "text/html", "html"),
])
def test_sniff_format(data, hint, expected):
    assert sniff_format(data, content_type=hint) == expected


@pytest.mark.parametrize("data, hint, kind, message", [
    (b"\x89PNG\r\n\x1a\n" + bytes(50), "application/pdf", "wrong_type",
     "file is a PNG image, not PDF (content-type application/pdf)"),
    (b"Not Found", "application/pdf", "wrong_type", "file is plain text, not PDF (content-type application/pdf)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), None, "unsupported",
     "file is a legacy Word/Excel (OLE2 .doc/.xls) file"),
    (b"\x00\x01\x02\x03" * 50, None, "unsupported", "unrecognised binary file format"),
    (b"PK\x03\x04broken", None, "corrupt", None),
])
def test_sniff_refusals(data, hint, kind, message):
    with pytest.raises(ExtractionError) as err:
        sniff_format(data, content_type=hint)
    assert err.value.kind == kind
    if message:
        assert str(err.value) == message


def test_zip_that_is_not_office_is_unsupported():
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("ek/plan.txt", "metin")
    with pytest.raises(ExtractionError) as err:
        sniff_format(buf.getvalue(), filename="ekler.zip")
    assert err.value.kind == "unsupported"


# ------------------------------------------------------------------------------------------ hostile


def test_thousands_of_pages_are_truncated_quickly(tmp_path):
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(72, 72))
    for i in range(5000):
        c.drawString(5, 30, f"s{i + 1}")
        c.showPage()
    c.save()
    path = write(tmp_path, "many.pdf", buf.getvalue())
    result = extract_file(path, limits=Limits(max_pages=300, timeout_s=30))
    assert result.truncated and result.page_count == 5000 and len(result.pages) == 300
    assert result.pages[-1] == ex.Page(number=300, text="s300")
    assert result.warnings == ["only the first 300 of 5000 pages were extracted (max_pages=300)"]


def test_fifty_megabyte_pdf_extracts_within_limits(tmp_path):
    side = 1024  # 3 MiB of random RGB per page, 17 pages
    info = {"Width": side, "Height": side, "ColorSpace": "/DeviceRGB", "BitsPerComponent": 8}
    pages = [(f"Sayfa {n}: belediye butce tablosu eki", os.urandom(side * side * 3), info)
             for n in range(1, 18)]
    path = write(tmp_path, "big.pdf", raw_pdf(pages))
    assert path.stat().st_size > 50 * 1024 * 1024
    result = extract_file(path, limits=Limits(timeout_s=60))
    assert result.page_count == 17 and not result.ocr_used
    assert result.pages[16].text == "Sayfa 17: belediye butce tablosu eki"


def test_worker_memory_limit(tmp_path):
    """A 60-megapixel render for OCR does not fit in 150 MiB: the worker reports it, the parent lives.
    (With 200-300 MiB the render fits and Tesseract, which inherits the limit, is the one that fails:
    also "memory", but it takes seconds longer.)"""
    img = scan_image(["BELEDİYE"], size=(800, 400))
    path = write(tmp_path, "wide.pdf", image_pdf([img], page_size=(4000, 4000)))
    with pytest.raises(ExtractionError) as err:
        extract_file(path, limits=Limits(memory_mb=150, timeout_s=60))
    assert err.value.kind in ("memory", "crashed"), err.value
    assert str(err.value) == "extraction exceeded the 150 MiB memory limit"


def test_timeout_kills_worker_and_tesseract(tmp_path, worker_pids):
    images = [scan_image(SCAN_LINES * 6, size=(1654, 2339), font_px=34) for _ in range(6)]
    path = write(tmp_path, "scan.pdf", image_pdf(images, page_size=(595, 842)))
    start = time.monotonic()
    with pytest.raises(ExtractionError) as err:
        extract_file(path, limits=Limits(timeout_s=1.0))
    elapsed = time.monotonic() - start
    assert err.value.kind == "timeout"
    assert elapsed < 1.0 + iso.HARD_KILL_GRACE_S + 10  # killed at the limit, not left to finish
    assert worker_pids and session_members(worker_pids[0]) == []


def test_hard_kill_takes_the_whole_process_group(tmp_path, worker_pids):
    """A worker stuck where it cannot check its deadline is killed with its children."""
    code = ("import subprocess, time; subprocess.Popen(['sleep', '60']); "
            "subprocess.Popen(['sleep', '60']); time.sleep(60)")
    start = time.monotonic()
    status = iso.run_worker([sys.executable, "-c", code], tmp_path / "err.txt", hard_timeout=1.0)
    assert status.timed_out and time.monotonic() - start < 15
    assert session_members(worker_pids[0]) == []


def test_worker_death_by_signal_is_crashed(tmp_path):
    code = "import os, signal; os.kill(os.getpid(), signal.SIGSEGV)"
    status = iso.run_worker([sys.executable, "-c", code], tmp_path / "err.txt", hard_timeout=30)
    assert status.returncode == -signal.SIGSEGV and not status.timed_out
    error = iso._death_error(status, Limits())
    assert error.kind == "crashed" and "SIGSEGV" in str(error)


# ------------------------------------------------------------------------------------------ HTML


NAV_PAGE = """<!DOCTYPE html>
<html lang="tr"><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1254">
<title>Meclis Kararları - Örnek Belediyesi</title><style>.x{{color:red}}</style>
<script>var menü = "gizli";</script></head>
<body class="page has-sidebar">
<header><a href="/">Ana Sayfa</a> Kurumsal</header>
<nav><ul><li>Duyurular</li><li>İhaleler</li></ul></nav>
<div id="cookie-banner">Çerezleri kabul ediyor musunuz?</div>
<div class="breadcrumb">Ana Sayfa &gt; Meclis</div>
<div id="content">
  <h1>Şubat 2025 Meclis Kararları</h1>
  <p>Kadın   ve Aile Hizmetleri Müdürlüğü'nün teklifi
     görüşüldü.</p>
  <div class="sidebar-menu">Hızlı Erişim</div>
  <table><tr><th>Karar No</th><th>Konu</th></tr>
  <tr><td>2025/14</td><td>Kreş alanı düzenlemesi</td></tr></table>
  <p>Toplantıya {filler}</p>
</div>
<aside>Son haberler</aside>
<footer>© Örnek Belediyesi. Tüm hakları saklıdır.</footer>
</body></html>
"""


def nav_page(charset_line: str | None = None) -> str:
    page = NAV_PAGE.format(filler="katılan üyelerin " * 20)
    if charset_line is not None:
        page = page.replace('<meta http-equiv="Content-Type" content="text/html; charset=windows-1254">',
                            charset_line)
    return page


def test_windows_1254_html_main_text():
    result = extract_bytes(nav_page().encode("cp1254"), content_type="text/html")
    text = result.pages[0].text
    assert result.format == "html" and result.page_count == 1
    assert result.metadata["charset"] == "cp1254" and result.metadata["charset_source"] == "meta"
    assert result.metadata["main"] == "div#content" and result.metadata["lang"] == "tr"
    assert result.title == "Meclis Kararları - Örnek Belediyesi"
    assert text.startswith("Şubat 2025 Meclis Kararları\nKadın ve Aile Hizmetleri Müdürlüğü'nün "
                           "teklifi görüşüldü.\nKarar No\tKonu\n2025/14\tKreş alanı düzenlemesi\n")
    for chrome in ("Duyurular", "Çerez", "Ana Sayfa", "Hızlı Erişim", "Son haberler", "hakları", "gizli"):
        assert chrome not in text


def test_html_charset_from_http_header_and_misdeclared_latin1():
    body = nav_page("").encode("cp1254")
    result = extract_bytes(body, content_type="text/html; charset=ISO-8859-9")
    assert result.metadata["charset_source"] == "http" and "Kreş alanı" in result.pages[0].text
    result = extract_bytes(nav_page('<meta charset="iso-8859-1">').encode("cp1254"))
    assert "Kreş alanı düzenlemesi" in result.pages[0].text
    assert any("read as windows-1254" in w for w in result.warnings)


def test_html_without_declaration_falls_back_to_turkish():
    result = extract_bytes(nav_page("").encode("cp1254"))
    assert "Şubat 2025 Meclis Kararları" in result.pages[0].text
    assert result.metadata["charset"] == "cp1254"
    result = extract_bytes(nav_page("").encode("utf-8"))
    assert result.metadata["charset"] == "utf-8" and "Müdürlüğü" in result.pages[0].text


def test_html_prefers_main_element_and_keeps_article_header():
    page = ("<html><body><div class='menu'>Menü</div><main><article><header><h1>Kadın Meclisi "
            "Toplandı</h1></header><p>" + "Kent konseyi kadın meclisi toplantısı yapıldı. " * 6
            + "</p></article></main><div>Bize ulaşın</div></body></html>")
    result = extract_bytes(page.encode(), content_type="text/html")
    assert result.metadata["main"] == "main"
    assert result.pages[0].text.startswith("Kadın Meclisi Toplandı\nKent konseyi")
    assert "ulaşın" not in result.pages[0].text and "Menü" not in result.pages[0].text


def test_deeply_nested_html_does_not_overflow():
    page = "<html><body>" + "<div>" * 3000 + "Derin metin" + "</div>" * 3000 + "</body></html>"
    assert "Derin metin" in extract_bytes(page.encode()).pages[0].text


def test_plain_text_cp1254():
    result = extract_bytes("Gündem:\n1. Kreş   açılışı\r\n".encode("cp1254"), content_type="text/plain")
    assert result.format == "text" and result.pages[0].text == "Gündem:\n1. Kreş açılışı"


# ------------------------------------------------------------------------------------------ Office


def test_docx_paragraphs_tables_and_page_breaks(tmp_path):
    import docx
    from docx.enum.text import WD_BREAK

    d = docx.Document()
    d.core_properties.title = "Performans Programı 2026"
    d.add_heading("Performans Programı", level=1)
    d.add_paragraph("Faaliyet listesi aşağıdadır.")
    table = d.add_table(rows=2, cols=3)
    for cell, value in zip(table.rows[0].cells, ["Faaliyet", "Birim", "Maliyet (TL)"]):
        cell.text = value
    for cell, value in zip(table.rows[1].cells, ["Kreş hizmeti", "Kadın ve Aile", "150.000,00"]):
        cell.text = value
    d.add_paragraph("Tablo sonrası not.")
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    d.add_paragraph("İkinci sayfa: gösterge kartları.")
    path = tmp_path / "pp.docx"
    d.save(path)
    result = extract_file(path)
    assert result.format == "docx" and result.page_count == 2
    assert result.pages[0].text == ("Performans Programı\nFaaliyet listesi aşağıdadır.\n"
                                    "Faaliyet\tBirim\tMaliyet (TL)\nKreş hizmeti\tKadın ve Aile\t"
                                    "150.000,00\nTablo sonrası not.")
    assert result.pages[1] == ex.Page(number=2, text="İkinci sayfa: gösterge kartları.")
    assert result.title == "Performans Programı 2026"


def test_xlsx_one_page_per_sheet(tmp_path):
    import datetime as dt

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Gider"
    ws.append(["Ekonomik Kod", "Açıklama", "Başlangıç Ödeneği", "Oran"])
    ws.append(["01", "Personel Giderleri", 71284572.0, 0.3102])
    ws.append([])
    ws.append(["05", "Cari Transferler", 1234, None, None])
    ws2 = wb.create_sheet("Takvim")
    ws2.append(["Meclis toplantısı", dt.date(2025, 6, 3)])
    path = tmp_path / "butce.xlsx"
    wb.save(path)
    result = extract_file(path)
    assert result.format == "xlsx" and result.page_count == 2
    assert result.pages[0].text == ("Ekonomik Kod\tAçıklama\tBaşlangıç Ödeneği\tOran\n"
                                    "01\tPersonel Giderleri\t71284572\t0.3102\n05\tCari Transferler\t1234")
    assert result.pages[1].text == "Meclis toplantısı\t2025-06-03"
    assert result.metadata["sheets"] == ["Gider", "Takvim"]


@pytest.mark.parametrize("part", ["word/document.xml", "xl/workbook.xml"])
def test_damaged_office_files_are_corrupt(part):
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr(part, "<w:document><unclosed")
    with pytest.raises(ExtractionError) as err:
        extract_bytes(buf.getvalue())
    assert err.value.kind == "corrupt"


def test_docx_announced_but_html(tmp_path):
    with pytest.raises(ExtractionError) as err:
        extract_file(write(tmp_path, "rapor.docx", b"<html><body>Oturum s\xc3\xbcresi doldu</body></html>"))
    assert str(err.value) == "file is HTML, not DOCX (file name rapor.docx)"


# ------------------------------------------------------------------------------------------ real data

needs_realdata = pytest.mark.skipif(not REALDATA.is_dir(),
                                    reason=f"real Gebze documents not present at {REALDATA}")


@pytest.mark.realdata
@needs_realdata
@pytest.mark.parametrize("month, pages", [("01", 15), ("02", 28), ("04", 41), ("06", 16), ("08", 23)])
def test_gebze_bundles_page_counts(month, pages):
    path = REALDATA / f"gebze_meclis-kararlari_2025-{month}.pdf"
    result = extract_file(path)
    assert result.page_count == pages and len(result.pages) == pages
    assert not result.ocr_used
    assert all(p.text.strip() for p in result.pages)
    assert "MECLİS KARARI" in result.pages[0].text


@pytest.mark.realdata
@needs_realdata
def test_gebze_june_has_the_nursery_decision_and_hyphens():
    result = extract_bytes((REALDATA / "gebze_meclis-kararlari_2025-06.pdf").read_bytes())
    text = result.text
    assert "Azalan kreş alanı" in text or "Azalan Kreş Alanı" in text
    assert "\ufffe" not in text and "Birgül TOKMAK-Ahmet" in text


@pytest.mark.realdata
@pytest.mark.slow
def test_gebze_scan_is_ocrd(gebze_scan):
    assert gebze_scan.page_count == 44 and len(gebze_scan.pages) == 44
    assert gebze_scan.ocr_used and all(p.ocr for p in gebze_scan.pages)
    assert gebze_scan.ocr_confidence > 80
    assert "BELEDİYE MECLİSİ" in gebze_scan.pages[5].text
    assert "Karar Tarihi : 06.05.2025" in gebze_scan.text


@pytest.mark.realdata
@needs_realdata
def test_gebze_financial_reports():
    r2021 = extract_file(REALDATA / "gebze_kurumsal-mali-durum-ve-beklentiler-raporu_2021.pdf")
    r2022 = extract_file(REALDATA / "gebze_kurumsal-mali-durum-ve-beklentiler-raporu_2022.pdf")
    assert (r2021.page_count, r2022.page_count) == (14, 11)
    # 2021: only the front and back covers are pictures; the front cover's title is OCR'd, the back
    # cover (a photograph) gives nothing worth keeping.
    assert [p.number for p in r2021.pages if p.ocr] == [1]
    assert "BEKLENTİLER" in r2021.pages[0].text
    assert any("page 14: OCR result discarded" in w for w in r2021.warnings)
    assert "422.914.996,83 TL" in r2021.pages[5].text and "543.183.405,31 TL" in r2022.pages[4].text
    assert "117,74 %" in r2022.text
    assert not r2022.ocr_used
    assert "0,000,00" not in r2021.text  # get_text_range keeps stacked table cells apart
