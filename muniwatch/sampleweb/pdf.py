"""Render text blocks to PDF bytes: reportlab + DejaVu (TTF, so İıŞşĞğ extract as themselves).

``invariant=1`` fixes reportlab's creation date and document id, so identical input gives identical
bytes across runs and processes. A :class:`PdfLayout` carries everything that may differ between
two renderings of the same words: page size, margins, font size (reflow), running header and footer
(print date), and metadata (a "re-export" with a new creator/producer/title).
"""

from __future__ import annotations

import dataclasses
import io
import threading
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONT_DIR = "/usr/share/fonts/truetype/dejavu"
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"

_font_lock = threading.Lock()
_fonts_ready = False


class FontMissing(RuntimeError):
    """DejaVu fonts are needed to render Turkish text (apt package fonts-dejavu-core)."""


def ensure_fonts() -> None:
    """Register DejaVu once per process (reportlab's font registry is global)."""
    global _fonts_ready
    with _font_lock:
        if _fonts_ready:
            return
        try:
            pdfmetrics.registerFont(TTFont(FONT, f"{FONT_DIR}/DejaVuSans.ttf"))
            pdfmetrics.registerFont(TTFont(FONT_BOLD, f"{FONT_DIR}/DejaVuSans-Bold.ttf"))
        except OSError as exc:  # the TTF file is absent
            raise FontMissing(f"cannot load DejaVu fonts from {FONT_DIR}: {exc}") from exc
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT,
                                      boldItalic=FONT_BOLD)
        _fonts_ready = True


@dataclasses.dataclass(frozen=True)
class PdfLayout:
    pagesize: tuple[float, float] = A4
    margin_cm: float = 2.0
    font_size: float = 10.0
    table_font_size: float = 7.5
    header: str = ""               # running header (left), empty for none
    page_numbers: bool = True      # "Sayfa n" in the footer
    footer_extra: str = ""         # e.g. "Baskı Tarihi: 15.04.2026"
    title: str = ""
    author: str = ""
    subject: str = ""
    creator: str = "Belediye Belge Yönetim Sistemi"
    producer: str | None = None    # None: reportlab's default producer string
    keywords: str = ""


def _styles(layout: PdfLayout) -> dict[str, ParagraphStyle]:
    fs = layout.font_size
    base = ParagraphStyle("body", fontName=FONT, fontSize=fs, leading=fs * 1.35, spaceAfter=fs * 0.4)
    return {
        "p": base,
        "center": ParagraphStyle("center", parent=base, fontName=FONT_BOLD, alignment=TA_CENTER),
        "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=fs * 2,
                                leading=fs * 2.5, alignment=TA_CENTER, spaceBefore=fs * 6),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontName=FONT_BOLD, fontSize=fs * 1.5,
                                   leading=fs * 2, alignment=TA_CENTER, spaceAfter=fs * 2),
        "h1": ParagraphStyle("h1", parent=base, fontName=FONT_BOLD, fontSize=fs * 1.4,
                             leading=fs * 1.8, spaceBefore=fs, spaceAfter=fs * 0.6),
        "h2": ParagraphStyle("h2", parent=base, fontName=FONT_BOLD, fontSize=fs * 1.2,
                             leading=fs * 1.6, spaceBefore=fs * 0.8),
        "h3": ParagraphStyle("h3", parent=base, fontName=FONT_BOLD, fontSize=fs * 1.05,
                             leading=fs * 1.4, spaceBefore=fs * 0.6),
        "cell": ParagraphStyle("cell", fontName=FONT, fontSize=layout.table_font_size,
                               leading=layout.table_font_size * 1.25),
        "head": ParagraphStyle("head", fontName=FONT_BOLD, fontSize=layout.table_font_size,
                               leading=layout.table_font_size * 1.25),
    }


def _table(rows: list[list[str]], widths: list[float], width: float, st: dict, grid: bool = True):
    data = [[Paragraph(escape(str(c)), st["head"] if r == 0 and grid else st["cell"]) for c in row]
            for r, row in enumerate(rows)]
    t = Table(data, colWidths=[w * width for w in widths], repeatRows=1 if grid else 0)
    style = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 3),
             ("RIGHTPADDING", (0, 0), (-1, -1), 3)]
    if grid:
        style += [("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                  ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9))]
    t.setStyle(TableStyle(style))
    return t


def _flowables(blocks: list[tuple], layout: PdfLayout, width: float) -> list:
    st = _styles(layout)
    out: list = []
    for b in blocks:
        kind = b[0]
        if kind == "break":
            out.append(PageBreak())
        elif kind == "kv":
            out.append(Paragraph(f"<b>{escape(b[1])}:</b> {escape(b[2])}", st["p"]))
        elif kind == "table":
            out.append(_table(b[1], b[2], width, st))
            out.append(Spacer(1, layout.font_size * 0.6))
        elif kind == "sign":
            n = len(b[1][0])
            out.append(Spacer(1, layout.font_size))
            out.append(_table(b[1], [1 / n] * n, width, st, grid=False))
        else:
            out.append(Paragraph(escape(b[1]), st[kind]))
    return out


def render_pdf(blocks: list[tuple], layout: PdfLayout) -> bytes:
    """Blocks -> PDF bytes; same blocks and layout always give the same bytes."""
    ensure_fonts()
    buf = io.BytesIO()
    margin = layout.margin_cm * cm
    doc = SimpleDocTemplate(
        buf, pagesize=layout.pagesize, leftMargin=margin, rightMargin=margin, topMargin=margin,
        bottomMargin=margin, invariant=1, title=layout.title, author=layout.author,
        subject=layout.subject, creator=layout.creator, keywords=layout.keywords,
        **({"producer": layout.producer} if layout.producer else {}),
    )

    def furniture(canvas, doc_):
        canvas.saveState()
        w, h = layout.pagesize
        small = max(layout.font_size - 2, 6)
        canvas.setFont(FONT, small)
        if layout.header:
            canvas.drawString(margin, h - margin + small * 1.5, layout.header)
        parts = [p for p in (layout.footer_extra, f"Sayfa {doc_.page}" if layout.page_numbers else "") if p]
        if parts:
            canvas.drawCentredString(w / 2, margin / 2, "   ".join(parts))
        canvas.restoreState()

    doc.build(_flowables(blocks, layout, doc.width), onFirstPage=furniture, onLaterPages=furniture)
    return buf.getvalue()
