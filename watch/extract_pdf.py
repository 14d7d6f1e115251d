"""PDF extraction with PDFium: text page by page, OCR for pages that are pictures of text.

Reading order: ``PdfTextPage.get_text_range()``. On the Gebze council bundles it gives the same order
as ``get_text_bounded()`` (both follow PDFium's character order, so the small "Karar Tarihi / Karar No"
header table comes out where Word drew it, after the body on continuation pages, either way) but
``get_text_bounded()`` drops the line break between stacked table cells, gluing numbers together:
the 2021 financial report's "0,00" / "0,00" became "0,000,00" and "1.000,00" / "10.000,00" became
"1.000,0010.000,00". A diff over budget figures cannot live with that, so we keep the line breaks.

PDFium reports a hyphen that ended a line as U+FFFE (``\\x02`` from the bounded call) and removes the
line break after it. In Gebze's files those are real hyphens ("Ocak-Haziran", "TOKMAK-Ahmet"), so we
put back "-" plus the line break and let ``watch.turkish.dehyphenate`` decide whether to join.

A page is OCR'd when its text layer has fewer than ``MIN_TEXT_CHARS`` non-space characters and
images (or, for outlined text, many vector paths) cover it: the Gebze 2025-05 bundle is 44 such
pages, the 2021 financial report's front and back covers are two more.
"""

from __future__ import annotations

import concurrent.futures as cf
import io
import math
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from watch.extract import (Deadline, Extraction, ExtractionError, Limits, Page, clean_text,
                           finish)

if TYPE_CHECKING:
    from watch.extract_ocr import OcrResult

MIN_TEXT_CHARS = 20          # fewer non-space characters than this: the page may be a scan
MIN_IMAGE_COVERAGE = 0.25    # share of the page area under images/forms that makes it OCR-worthy
MIN_OUTLINE_PATHS = 500      # ...or this many vector paths (text converted to outlines)
MAX_OBJECTS_INSPECTED = 5000
# OCR of a photograph gives a few low-confidence "words" ("İ 24 7 / Eş / EN 10 77" at 32 on the back
# cover of Gebze's 2021 report); a text page, even a poor scan, gives many. Keep the layer text then.
MIN_OCR_CONFIDENCE = 40.0
MIN_OCR_WORDS_UNCHECKED = 50
MAX_RENDER_PIXELS = 60_000_000       # larger renders get a lower dpi instead
MAX_SOURCE_IMAGE_PIXELS = 200_000_000  # an embedded image this large is not decoded for OCR
_EOF_WINDOW = 4096
_HYPHEN_MARKS = re.compile("[\ufffe\x02]")
_NON_SPACE = re.compile(r"\S+")
_META_KEYS = {"Title": "title", "Author": "author", "Subject": "subject", "Keywords": "keywords",
              "Creator": "creator", "Producer": "producer", "CreationDate": "creation_date",
              "ModDate": "mod_date"}


def extract_pdf(source: bytes | Path, limits: Limits, deadline: Deadline) -> Extraction:
    """Extract every page (up to ``max_pages``) of a PDF given as bytes or as a path."""
    _check_complete(source)
    doc = _open(source)
    try:
        return _extract_doc(doc, limits, deadline)
    finally:
        doc.close()


def _check_complete(source: bytes | Path) -> None:
    """A PDF whose end is missing is a cut-off download; PDFium would quietly rebuild half of it."""
    if isinstance(source, (bytes, bytearray)):
        size, tail = len(source), bytes(source[-_EOF_WINDOW:])
    else:
        with open(source, "rb") as f:
            size = f.seek(0, 2)
            f.seek(max(0, size - _EOF_WINDOW))
            tail = f.read()
    if b"%%EOF" not in tail:
        raise ExtractionError("corrupt", f"PDF is truncated: no %%EOF marker at the end of its "
                              f"{size:,} bytes")


def _open(source: bytes | Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(source if isinstance(source, (bytes, bytearray)) else str(source))
    except pdfium.PdfiumError as e:
        code = getattr(e, "err_code", None)
        if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise ExtractionError("encrypted", "PDF is password-protected") from None
        raise ExtractionError("corrupt", f"PDF cannot be read ({e})") from None


def _metadata(doc: pdfium.PdfDocument) -> dict:
    meta: dict = {}
    try:
        for key, value in doc.get_metadata_dict().items():
            value = (value or "").replace("\x00", "").strip()
            if value and key in _META_KEYS:
                meta[_META_KEYS[key]] = value
        version = doc.get_version()
        if version:
            meta["pdf_version"] = f"{version // 10}.{version % 10}"
    except pdfium.PdfiumError:
        pass  # metadata is a nicety; a broken Info dictionary must not lose the text
    return meta


def _extract_doc(doc: pdfium.PdfDocument, limits: Limits, deadline: Deadline) -> Extraction:
    n = len(doc)
    if n == 0:
        raise ExtractionError("empty", "PDF has no pages")
    meta = _metadata(doc)
    warnings: list[str] = []
    todo = min(n, limits.max_pages)
    if todo < n:
        warnings.append(f"only the first {todo} of {n} pages were extracted (max_pages={limits.max_pages})")
    pages: list[Page] = []
    ocr = _OcrQueue(limits, deadline, warnings)
    try:
        for i in range(todo):
            deadline.check(f"extraction (at page {i + 1} of {todo})")
            pages.append(_page(doc, i, limits, ocr, warnings))
        ocr.finish(pages)
    finally:
        ocr.close()
    if ocr.pages:
        meta["ocr_pages"] = sorted(ocr.pages)
    return finish("pdf", pages, page_count=n, truncated=todo < n, title=meta.get("title"),
                  metadata=meta, warnings=warnings)


def _page(doc: pdfium.PdfDocument, i: int, limits: Limits, ocr: "_OcrQueue",
          warnings: list[str]) -> Page:
    try:
        page = doc[i]
    except pdfium.PdfiumError as e:
        warnings.append(f"page {i + 1} could not be loaded ({e})")
        return Page(number=i + 1, text="")
    try:
        try:
            textpage = page.get_textpage()
        except pdfium.PdfiumError as e:
            warnings.append(f"page {i + 1} has an unreadable text layer ({e})")
            return Page(number=i + 1, text="")
        try:
            raw = textpage.get_text_range()
        finally:
            textpage.close()
        raw = raw.replace("\r\n", "\n")
        if "\ufffe" in raw or "\x02" in raw:
            raw = _HYPHEN_MARKS.sub("-\n", raw)
        text = clean_text(raw, repair=True, dehyphenate=True)
        if _few_chars(raw) and _looks_scanned(page, i, warnings):
            ocr.submit(i, page)
        return Page(number=i + 1, text=text)
    finally:
        page.close()


def _few_chars(text: str) -> bool:
    """Fewer than MIN_TEXT_CHARS non-space characters; stops counting as soon as there are enough."""
    count = 0
    for m in _NON_SPACE.finditer(text):
        count += m.end() - m.start()
        if count >= MIN_TEXT_CHARS:
            return False
    return True


def _looks_scanned(page: pdfium.PdfPage, i: int, warnings: list[str]) -> bool:
    """Images covering a good part of the page (or text drawn as outlines), and none too big to decode."""
    width, height = page.get_size()
    area = max(width * height, 1.0)
    covered = 0.0
    paths = 0
    for k, obj in enumerate(page.get_objects(max_depth=3)):
        if k >= MAX_OBJECTS_INSPECTED:
            break
        if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
            paths += 1
        elif obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            px_w, px_h = obj.get_px_size()
            if px_w * px_h > MAX_SOURCE_IMAGE_PIXELS:
                warnings.append(f"page {i + 1}: embedded image of {px_w}x{px_h} pixels is too large "
                                "to render for OCR")
                return False
        if obj.level == 0 and obj.type in (pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_FORM):
            left, bottom, right, top = obj.get_bounds()
            w = max(0.0, min(right, width) - max(left, 0.0))
            h = max(0.0, min(top, height) - max(bottom, 0.0))
            covered += w * h / area
    return covered >= MIN_IMAGE_COVERAGE or paths >= MIN_OUTLINE_PATHS


def render_for_ocr(page: pdfium.PdfPage, dpi: int) -> tuple[bytes, int, bool]:
    """Render a page in greyscale as PGM bytes; returns (image, dpi used, whether dpi was lowered)."""
    width, height = page.get_size()
    scale = dpi / 72
    lowered = width * height * scale * scale > MAX_RENDER_PIXELS
    if lowered:
        scale = math.sqrt(MAX_RENDER_PIXELS / max(width * height, 1.0))
    bitmap = page.render(scale=scale, grayscale=True)
    try:
        image = bitmap.to_pil()
        buf = io.BytesIO()
        image.save(buf, format="PPM")
        del image
    finally:
        bitmap.close()
    return buf.getvalue(), max(1, round(scale * 72)), lowered


class _OcrQueue:
    """Renders pages in the calling thread (PDFium is not thread-safe) and keeps up to
    ``ocr_workers`` Tesseract processes busy; at most two renders per worker wait in memory."""

    def __init__(self, limits: Limits, deadline: Deadline, warnings: list[str]):
        self.limits = limits
        self.deadline = deadline
        self.warnings = warnings
        self.pool: cf.ThreadPoolExecutor | None = None
        self.futures: dict[cf.Future, int] = {}
        self.results: dict[int, OcrResult] = {}
        self.failures: dict[int, str] = {}
        self.pages: set[int] = set()

    def submit(self, i: int, page: pdfium.PdfPage) -> None:
        from watch.extract_ocr import check_language, ocr_image

        check_language(self.limits.ocr_language)
        image, dpi, lowered = render_for_ocr(page, self.limits.ocr_dpi)
        if lowered:
            self.warnings.append(f"page {i + 1} is very large; rendered for OCR at {dpi} dpi")
        if self.pool is None:
            self.pool = cf.ThreadPoolExecutor(max_workers=max(1, self.limits.ocr_workers),
                                              thread_name_prefix="ocr")
        while len(self.futures) >= 2 * max(1, self.limits.ocr_workers):
            self._collect(cf.FIRST_COMPLETED)
        fut = self.pool.submit(ocr_image, image, lang=self.limits.ocr_language, dpi=dpi,
                               deadline=self.deadline)
        self.futures[fut] = i

    def _collect(self, mode: str) -> None:
        from watch.extract_ocr import OcrFailed

        done, _ = cf.wait(list(self.futures), timeout=max(self.deadline.remaining(), 0) + 5,
                          return_when=mode)
        if not done:
            self.deadline.check("OCR")
        for fut in done:
            i = self.futures.pop(fut)
            try:
                self.results[i] = fut.result()
            except OcrFailed as e:
                self.failures[i] = f"page {i + 1}: OCR failed ({e})"

    def finish(self, pages: list[Page]) -> None:
        while self.futures:
            self._collect(cf.ALL_COMPLETED)
        self.warnings.extend(msg for _, msg in sorted(self.failures.items()))  # page order
        for i, result in sorted(self.results.items()):
            text = clean_text(result.text, dehyphenate=True)
            if result.words < MIN_OCR_WORDS_UNCHECKED and (result.confidence or 0) < MIN_OCR_CONFIDENCE:
                if result.words:
                    self.warnings.append(f"page {i + 1}: OCR result discarded ({result.words} words, "
                                         f"confidence {result.confidence:.0f}: a picture, not text)")
                continue
            if len("".join(text.split())) > len("".join(pages[i].text.split())):
                pages[i] = Page(number=i + 1, text=text, ocr=True, ocr_confidence=result.confidence)
                self.pages.add(i + 1)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
