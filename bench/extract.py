"""Extraction benchmark: speed against pdfminer.six and raw PDFium, memory of the isolated worker.

Run ``.venv/bin/python bench/extract.py`` (pdfminer.six comes with the ``test`` extra). It builds, in a
temporary folder and from a fixed seed, a 320-page Turkish plan-like PDF (headings, paragraphs,
indicator tables with Turkish number formatting) and a ~195 MB PDF of large random images with a
line of text per page, then prints a table. Timings are the median of three runs. Targets: at least
20x pdfminer's pages/s, at most 1.5x the time of a bare PDFium text loop, under 1 GiB peak RSS for
the worker on the big file. Prints numbers only; it asserts nothing.
"""

from __future__ import annotations

import io
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pypdfium2 as pdfium  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from watch.extract import Limits, extract_bytes, extract_file  # noqa: E402

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
PLAN_PAGES = 320
BIG_TARGET_BYTES = 195 * 1024 * 1024
RUNS = 3

WORDS = ("belediye hizmet kadın erkek eşitliği kreş gündüz bakımevi danışma merkezi park aydınlatma "
         "bütçe faaliyet proje hedef gösterge mahalle sosyal destek eğitim istihdam kooperatif "
         "katılım meclis komisyon müdürlüğü stratejik plan performans programı yıllık ödenek "
         "sığınmaevi şiddetin önlenmesi engelli yaşlı bakım çocuk oyun odası güvenlik acil düğme "
         "kent konseyi kadın meclisi toplumsal cinsiyet ihtiyaç analiz değerlendirme").split()
UNITS = ("Kadın ve Aile Hizmetleri Müdürlüğü", "Sosyal Destek Hizmetleri Müdürlüğü",
         "Park ve Bahçeler Müdürlüğü", "İmar ve Şehircilik Müdürlüğü", "Strateji Geliştirme Müdürlüğü")


def _tr_money(rng: random.Random) -> str:
    whole = f"{rng.randint(1_000, 90_000_000):,}".replace(",", ".")
    return f"{whole},{rng.randint(0, 99):02d}"


def make_plan_pdf(pages: int, seed: int = 2025) -> bytes:
    """A strategic-plan-like document: goal headings, prose, indicator tables, page footers."""
    rng = random.Random(seed)
    pdfmetrics.registerFont(TTFont("DejaVu", FONT))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pageCompression=1)
    c.setTitle("Örnek Belediyesi 2025-2029 Stratejik Planı")
    for n in range(1, pages + 1):
        goal, target = (n - 1) // 40 + 1, (n - 1) // 8 % 5 + 1
        y = 790
        c.setFont("DejaVu", 13)
        c.drawString(56, y, f"AMAÇ {goal}: {' '.join(rng.sample(WORDS, 5)).capitalize()}")
        y -= 22
        c.setFont("DejaVu", 11)
        c.drawString(56, y, f"HEDEF {goal}.{target}: {' '.join(rng.sample(WORDS, 7)).capitalize()}")
        y -= 20
        c.setFont("DejaVu", 9.5)
        for _ in range(14):
            line = " ".join(rng.choice(WORDS) for _ in range(13))
            c.drawString(56, y, line[:1].upper() + line[1:] + ".")
            y -= 13
        y -= 8
        cols = [56, 110, 300, 380, 460, 540]
        c.setFont("DejaVu", 8)
        header = ["Kod", "Performans göstergesi", "Başlangıç", "2025", "2029"]
        rows = [header] + [[f"PG{goal}.{target}.{k}", " ".join(rng.sample(WORDS, 3)),
                            _tr_money(rng), f"%{rng.randint(1, 99)},{rng.randint(0, 9)}", _tr_money(rng)]
                           for k in range(1, 13)]
        for row in rows:
            for x, cell in zip(cols, row):
                c.drawString(x + 3, y - 10, cell)
            c.line(cols[0], y, cols[-1], y)
            y -= 15
        c.line(cols[0], y, cols[-1], y)
        for x in cols:
            c.line(x, y, x, y + 15 * len(rows))
        y -= 20
        c.setFont("DejaVu", 9)
        c.drawString(56, y, f"Sorumlu birim: {rng.choice(UNITS)}; maliyet tahmini {_tr_money(rng)} TL")
        c.drawString(280, 30, f"Sayfa {n} / {pages}")
        c.showPage()
    c.save()
    return buf.getvalue()


def make_big_pdf(path: Path, target_bytes: int) -> int:
    """Pages of 1600x1200 uncompressed random RGB (5.5 MiB each) plus a text line; written raw."""
    w, h = 1600, 1200
    image_bytes = w * h * 3
    n_pages = max(1, target_bytes // (image_bytes + 600))
    rng = random.Random(7)
    offsets: list[int] = []
    with open(path, "wb") as f:
        f.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")

        def obj(num: int, body: bytes, stream: bytes | None = None) -> None:
            offsets.append(f.tell())
            f.write(f"{num} 0 obj\n".encode() + body)
            if stream is not None:
                f.write(b"\nstream\n" + stream + b"\nendstream")
            f.write(b"\nendobj\n")

        # objects: 1 catalog, 2 pages, 3 font, then per page: image, content, page
        obj(1, b"<< /Type /Catalog /Pages 2 0 R >>")
        kids = " ".join(f"{4 + 3 * i + 2} 0 R" for i in range(n_pages))
        obj(2, f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode())
        obj(3, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
        for i in range(n_pages):
            img, cont, page = 4 + 3 * i, 5 + 3 * i, 6 + 3 * i
            obj(img, f"<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceRGB "
                     f"/BitsPerComponent 8 /Length {image_bytes} >>".encode(), rng.randbytes(image_bytes))
            text = f"q 595 0 0 446 0 300 cm /Im1 Do Q BT /F1 11 Tf 40 60 Td (Ek {i + 1}: imar plani " \
                   f"paftasi ve belediye hizmet alani) Tj ET".encode()
            obj(cont, f"<< /Length {len(text)} >>".encode(), text)
            obj(page, f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {cont} 0 R "
                      f"/Resources << /Font << /F1 3 0 R >> /XObject << /Im1 {img} 0 R >> >> >>".encode())
        xref = f.tell()
        f.write(f"xref\n0 {len(offsets) + 1}\n0000000000 65535 f \n".encode())
        f.writelines(f"{o:010d} 00000 n \n".encode() for o in offsets)
        f.write(f"trailer\n<< /Size {len(offsets) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return n_pages


def median_times(*fns, runs: int = RUNS) -> list[float]:
    """Median wall time of each function; runs are interleaved so that load from other processes
    on the shared machine falls on all of them alike."""
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(runs):
        for fn, bucket in zip(fns, times):
            start = time.perf_counter()
            fn()
            bucket.append(time.perf_counter() - start)
    return [statistics.median(t) for t in times]


def raw_pdfium(data: bytes) -> None:
    doc = pdfium.PdfDocument(data)
    for i in range(len(doc)):
        page = doc[i]
        textpage = page.get_textpage()
        textpage.get_text_range()
        textpage.close()
        page.close()
    doc.close()


def pdfminer_all(data: bytes) -> None:
    from pdfminer.high_level import extract_pages

    for _ in extract_pages(io.BytesIO(data)):
        pass


def main() -> None:
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="muniwatch-bench-") as tmp:
        start = time.perf_counter()
        plan = make_plan_pdf(PLAN_PAGES)
        rows.append(("plan PDF generated", f"{PLAN_PAGES} pages, {len(plan) / 1e6:.1f} MB "
                                           f"in {time.perf_counter() - start:.1f} s"))
        result = extract_bytes(plan)
        assert_like = result.page_count == PLAN_PAGES  # printed, not asserted
        ours, raw = median_times(lambda: extract_bytes(plan), lambda: raw_pdfium(plan))
        try:
            import pdfminer  # noqa: F401

            (miner,) = median_times(lambda: pdfminer_all(plan))
        except ImportError:
            miner = None
        rows.append(("extract_bytes", f"{PLAN_PAGES / ours:8.1f} pages/s  ({ours:.2f} s, "
                                      f"{result.page_count} pages read: {assert_like})"))
        rows.append(("raw pypdfium2 get_text_range", f"{PLAN_PAGES / raw:8.1f} pages/s  ({raw:.2f} s)"))
        rows.append(("  our overhead (time ratio)", f"{ours / raw:8.2f} x   (target < 1.5)"))
        if miner is not None:
            rows.append(("pdfminer.six extract_pages", f"{PLAN_PAGES / miner:8.1f} pages/s  ({miner:.2f} s)"))
            rows.append(("  speed-up over pdfminer", f"{miner / ours:8.1f} x   (target >= 20)"))
        else:
            rows.append(("pdfminer.six", "not installed (pip install '.[test]')"))

        big = Path(tmp) / "big.pdf"
        start = time.perf_counter()
        n_big = make_big_pdf(big, BIG_TARGET_BYTES)
        rows.append(("big PDF generated", f"{big.stat().st_size / 2**20:.0f} MiB, {n_big} pages "
                                          f"in {time.perf_counter() - start:.1f} s"))
        start = time.perf_counter()
        big_result = extract_file(big, limits=Limits())
        elapsed = time.perf_counter() - start
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        rows.append(("isolated extract_file (big)", f"{elapsed:.2f} s, {len(big_result.pages)} pages, "
                                                   f"OCR used: {big_result.ocr_used}"))
        rows.append(("  worker peak RSS", f"{peak_kib / 1024:8.0f} MiB  (target < 1024)"))
    width = max(len(k) for k, _ in rows)
    print(f"{'measure':<{width}}  value")
    print(f"{'-' * width}  {'-' * 40}")
    for key, value in rows:
        print(f"{key:<{width}}  {value}")


if __name__ == "__main__":
    main()
