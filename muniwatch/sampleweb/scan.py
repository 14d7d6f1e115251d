"""An image-only ("scanned") PDF: text blocks drawn onto page images, no text layer at all.

Pages are drawn with Pillow and DejaVu at ``DPI`` so Tesseract (``tur``) can read them back; the PDF
holds only the images (reportlab ``drawImage``), so a text extractor finds nothing and must fall
back to OCR. Deterministic: same blocks -> same pixels -> same bytes (``invariant=1``).
"""

from __future__ import annotations

import zlib

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4

from muniwatch.sampleweb.pdf import FONT_DIR

DPI = 200
_PT = DPI / 72.0


def _font(size_pt: float, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(f"{FONT_DIR}/{name}", round(size_pt * _PT))


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: float) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if line and font.getlength(trial) > width:
            lines.append(line)
            line = word
        else:
            line = trial
    if line:
        lines.append(line)
    return lines


def _lines(blocks: list[tuple]) -> list[tuple[str, str, bool]]:
    """Flatten blocks to (kind, text, bold) lines; tables become one line per row."""
    out: list[tuple[str, str, bool]] = []
    for b in blocks:
        kind = b[0]
        if kind == "break":
            out.append(("break", "", False))
        elif kind == "kv":
            out.append(("p", f"{b[1]}: {b[2]}", False))
        elif kind in ("table", "sign"):
            for row in b[1]:
                out.append(("p", "    ".join(c for c in row if c), kind == "sign"))
        elif kind in ("center", "title", "subtitle"):
            out.append(("center", b[1], True))
        elif kind in ("h1", "h2", "h3"):
            out.append(("p", b[1], True))
        else:
            out.append(("p", b[1], False))
    return out


def render_pages(blocks: list[tuple], font_pt: float = 11.0) -> list[Image.Image]:
    w_pt, h_pt = A4
    width, height = round(w_pt * _PT), round(h_pt * _PT)
    margin = round(2.0 / 2.54 * DPI)
    regular, bold = _font(font_pt), _font(font_pt, bold=True)
    line_h = round(font_pt * 1.5 * _PT)
    pages: list[Image.Image] = []
    page = draw = None
    y = 0

    def new_page():
        nonlocal page, draw, y
        page = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(page)
        pages.append(page)
        y = margin

    new_page()
    for kind, text, is_bold in _lines(blocks):
        if kind == "break":
            new_page()
            continue
        font = bold if is_bold else regular
        for line in _wrap(text, font, width - 2 * margin):
            if y + line_h > height - margin:
                new_page()
            x = (width - font.getlength(line)) / 2 if kind == "center" else margin
            draw.text((x, y), line, fill=0, font=font)
            y += line_h
        y += line_h // 3
    return pages


def _pdf(objects: list[bytes]) -> bytes:
    """Serialise numbered objects (1..n, object 1 the catalog) with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    return bytes(out)


def _stream(dictionary: str, data: bytes) -> bytes:
    return f"<< {dictionary} /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"


def render_scanned_pdf(blocks: list[tuple], title: str = "") -> bytes:
    """Blocks -> a PDF whose pages hold one grey image each: no fonts, no text operators.

    Written by hand (not reportlab, which always declares a font) so it looks like a scanner's
    output: an extractor finds no text and no font, only images.
    """
    # a scanner's page: slightly grey paper, fed in a little crooked
    pages = [img.point(lambda v: 40 + v * 205 // 255).rotate(0.4, resample=Image.BICUBIC, fillcolor=245)
             for img in render_pages(blocks)]
    w_pt, h_pt = A4
    n = len(pages)
    # objects: 1 catalog, 2 pages, then per page (page, content, image), then info
    page_ids = [3 + 3 * i for i in range(n)]
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{' '.join(f'{p} 0 R' for p in page_ids)}] /Count {n} >>".encode(),
    ]
    for i, img in enumerate(pages):
        page_id = page_ids[i]
        draw = f"q {w_pt:.2f} 0 0 {h_pt:.2f} 0 0 cm /Im0 Do Q".encode()
        objects.append((f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {w_pt:.2f} {h_pt:.2f}] "
                        f"/Resources << /XObject << /Im0 {page_id + 2} 0 R >> >> "
                        f"/Contents {page_id + 1} 0 R >>").encode())
        objects.append(_stream("", draw))
        objects.append(_stream(f"/Type /XObject /Subtype /Image /Width {img.width} /Height {img.height} "
                               f"/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode",
                               zlib.compress(img.tobytes(), 6)))
    safe_title = title.encode("utf-16-be").hex().upper()
    objects.append(f"<< /Producer (TARAYICI-3000 Tarama Yaziliminin PDF Modulu) /Title <FEFF{safe_title}> "
                   f"/CreationDate (D:20241216093000+03'00') >>".encode())
    return _pdf(objects)
