"""DOCX (python-docx) and XLSX (openpyxl) renderings with deterministic bytes.

Both libraries stamp the current time into the core properties and into every zip entry; we fix
the core-property dates and rewrite the zip with a fixed entry timestamp, in the original entry
order, so identical input gives identical bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

import docx
from openpyxl import Workbook

from muniwatch.sampleweb.model import BudgetLine, tr_upper

FIXED_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


_CORE_TIME = re.compile(rb"(<dcterms:(?:created|modified)\b[^>]*>)[^<]*(</dcterms:)")


def normalise_zip(data: bytes, core_time: datetime | None = None) -> bytes:
    """Rewrite a zip with fixed timestamps and permissions (content and order unchanged).

    ``core_time`` also overwrites the created/modified stamps in ``docProps/core.xml`` (openpyxl
    writes the save time there whatever the properties say).
    """
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            body = src.read(info.filename)
            if core_time is not None and info.filename == "docProps/core.xml":
                stamp = core_time.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                body = _CORE_TIME.sub(lambda m: m.group(1) + stamp + m.group(2), body)
            dst.writestr(fixed, body)
    return out.getvalue()


def render_docx(blocks: list[tuple], *, title: str, author: str, when: datetime) -> bytes:
    d = docx.Document()
    cp = d.core_properties
    cp.title, cp.author, cp.last_modified_by = title, author, author
    cp.created = cp.modified = cp.last_printed = when
    cp.revision = 1
    cp.comments = ""
    for b in blocks:
        kind = b[0]
        if kind == "break":
            d.add_page_break()
        elif kind == "title":
            d.add_heading(b[1], level=0)
        elif kind in ("subtitle", "h1"):
            d.add_heading(b[1], level=1)
        elif kind == "h2":
            d.add_heading(b[1], level=2)
        elif kind == "h3":
            d.add_heading(b[1], level=3)
        elif kind == "kv":
            p = d.add_paragraph()
            p.add_run(f"{b[1]}: ").bold = True
            p.add_run(b[2])
        elif kind in ("table", "sign"):
            rows = b[1]
            t = d.add_table(rows=len(rows), cols=len(rows[0]))
            if kind == "table":
                t.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, val in enumerate(row):
                    t.cell(r, c).text = str(val)
        elif kind == "center":
            p = d.add_paragraph(b[1])
            p.alignment = 1
        else:
            d.add_paragraph(b[1])
    buf = io.BytesIO()
    d.save(buf)
    return normalise_zip(buf.getvalue(), core_time=when)


def render_budget_xlsx(muni_name: str, year: int, lines: list[BudgetLine], *, when: datetime) -> bytes:
    """The mid-year budget table of a Kurumsal Mali Durum ve Beklentiler Raporu."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Bütçe Gerçekleşme"
    wb.properties.creator = muni_name
    wb.properties.lastModifiedBy = muni_name
    wb.properties.title = f"{year} Yılı Kurumsal Mali Durum ve Beklentiler Raporu"
    wb.properties.created = wb.properties.modified = when
    ws.append([tr_upper(muni_name)])
    ws.append([f"{year} YILI KURUMSAL MALİ DURUM VE BEKLENTİLER RAPORU - BÜTÇE GİDERLERİ"])
    ws.append([])
    ws.append(["Ekonomik Kod", "Açıklama", f"{year} Yılı Bütçesi (TL)", "Ocak-Haziran Gerçekleşme (TL)",
               "Gerçekleşme Oranı (%)"])
    for ln in lines:
        ws.append([ln.code, ln.name, ln.budget, ln.spent_half, round(ln.spent_half / ln.budget * 100, 2)])
    total_b = sum(ln.budget for ln in lines)
    total_s = sum(ln.spent_half for ln in lines)
    ws.append(["", "TOPLAM", total_b, round(total_s, 2), round(total_s / total_b * 100, 2)])
    for col, width in zip("ABCDE", (14, 52, 22, 28, 22)):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=5, min_col=3, max_col=4):
        for cell in row:
            cell.number_format = "#,##0.00"
    buf = io.BytesIO()
    wb.save(buf)
    return normalise_zip(buf.getvalue(), core_time=when)
