"""Text extraction from fetched files: PDF (per page, OCR for scans), HTML, DOCX, XLSX, plain text.

Two entry points:

* :func:`extract_bytes` runs in this process. It is bounded by the same limits (pages, bytes, a
  deadline checked between pages and passed to every Tesseract call) but a malicious file could still
  exhaust memory or hang inside PDFium's C code, so crawlers and the archive use
* :func:`extract_file`, which runs the extraction in a child process (``python -m
  watch.extract_worker``) in its own process group, with ``RLIMIT_AS`` set to ``memory_mb`` and a
  wall-clock timeout after which the whole group (the child and its Tesseract processes) is killed.
  The result comes back as JSON; a crash, ``MemoryError`` or timeout becomes an
  :class:`ExtractionError` with the matching ``kind``. It never hangs and never takes the caller down.

Format is decided by the bytes (:func:`sniff_format`); the content type and file name are only hints,
except that an HTML page served as a PDF (an error page, a login wall) is refused as ``wrong_type``
instead of being archived as a document. Per-format work lives in ``extract_pdf`` (with
``extract_ocr``), ``extract_html`` and ``extract_office``, isolation in ``extract_isolate`` and
``extract_worker``; this module holds the shared types and the dispatch.
"""

from __future__ import annotations

import dataclasses
import io
import os
import re
import time
import zipfile
from pathlib import Path
from typing import Any

EXTRACTOR_VERSION = 1

FORMATS = ("pdf", "html", "docx", "xlsx", "text")
ERROR_KINDS = ("corrupt", "encrypted", "empty", "wrong_type", "too_large", "timeout", "memory",
               "unsupported", "crashed")

@dataclasses.dataclass
class Limits:
    """Bounds on one extraction; defaults match ``muniwatch.settings`` (extract_*)."""

    timeout_s: float = 120
    memory_mb: int = 1536
    max_pages: int = 2000
    max_bytes: int = 200 * 1024 * 1024
    ocr_language: str = "tur"
    ocr_dpi: int = 200
    ocr_workers: int = 2  # Tesseract processes at a time (one per core on the 2-core machines)


@dataclasses.dataclass
class Page:
    number: int  # 1-based page number in the source file
    text: str
    ocr: bool = False
    ocr_confidence: float | None = None  # mean Tesseract word confidence, 0-100


@dataclasses.dataclass
class Extraction:
    format: str  # one of FORMATS
    pages: list[Page]
    page_count: int  # pages in the file, even when fewer were extracted (truncated)
    ocr_used: bool
    ocr_confidence: float | None  # mean over OCR'd pages, 0-100
    truncated: bool
    title: str | None
    metadata: dict[str, Any]
    warnings: list[str]
    extractor_version: int = EXTRACTOR_VERSION

    @property
    def text(self) -> str:
        """All pages' text, separated by form feeds (so offsets can be mapped back to pages)."""
        return "\f".join(p.text for p in self.pages)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Extraction":
        fields = {f.name for f in dataclasses.fields(cls)}
        kwargs = {k: v for k, v in d.items() if k in fields}
        kwargs["pages"] = [Page(**p) for p in d.get("pages", [])]
        return cls(**kwargs)


class ExtractionError(Exception):
    """Extraction refused or failed; ``kind`` says why (one of ERROR_KINDS), ``str(e)`` is one line."""

    def __init__(self, kind: str, message: str):
        if kind not in ERROR_KINDS:
            raise ValueError(f"unknown extraction error kind {kind!r}")
        self.kind = kind
        self.message = " ".join(str(message).split())
        super().__init__(self.message)


# --------------------------------------------------------------------------------------------------
# Format sniffing

_CT_FORMATS = {
    "application/pdf": "pdf", "application/x-pdf": "pdf", "application/acrobat": "pdf",
    "text/html": "html", "application/xhtml+xml": "html",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "text/plain": "text", "text/csv": "text",
}
_EXT_FORMATS = {".pdf": "pdf", ".html": "html", ".htm": "html", ".xhtml": "html", ".docx": "docx",
                ".xlsx": "xlsx", ".txt": "text", ".csv": "text"}
_LABELS = {"pdf": "PDF", "html": "HTML", "docx": "DOCX", "xlsx": "XLSX", "text": "plain text"}
_HTML_START = re.compile(rb"^(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
                         re.I | re.S)
_HTML_ANYWHERE = re.compile(rb"<(?:html|head|body|title|meta|script|div|p|table)\b[^>]*>", re.I)
_BINARY_MAGIC = [  # (magic, label) for files we recognise but cannot extract
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Word/Excel (OLE2 .doc/.xls) file"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"), (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"), (b"\x1f\x8b", "a gzip file"),
    (b"{\\rtf", "an RTF document"),
]


def _hint(content_type: str | None, filename: str | None) -> tuple[str | None, str]:
    """The format the server or the name claims, and how to name that claim in a message."""
    if content_type:
        ct = content_type.split(";")[0].strip().lower()
        if ct in _CT_FORMATS:
            return _CT_FORMATS[ct], f"content-type {ct}"
    if filename:
        ext = os.path.splitext(filename.split("?")[0])[1].lower()
        if ext in _EXT_FORMATS:
            return _EXT_FORMATS[ext], f"file name {os.path.basename(filename)}"
    return None, ""


def _looks_like_html(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if _HTML_START.match(start[:4096]):
        return True
    return start[:1].startswith(b"<") and len(_HTML_ANYWHERE.findall(start[:4096])) >= 2


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls <= len(head) // 100


def _zip_format(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "[Content_Types].xml" in names:
                types = zf.read("[Content_Types].xml")[:65536]
                if b"wordprocessingml.document.main" in types:
                    return "docx"
                if b"spreadsheetml.sheet.main" in types:
                    return "xlsx"
    except (zipfile.BadZipFile, KeyError, OSError, EOFError) as e:
        raise ExtractionError("corrupt", f"damaged ZIP/Office file ({e})") from None
    raise ExtractionError("unsupported", "ZIP archive that is neither DOCX nor XLSX")


def sniff_format(data: bytes, content_type: str | None = None, filename: str | None = None) -> str:
    """Decide the format from magic bytes; the content type and file name only break ties.

    An HTML (or plain-text, or image) body where a document was announced raises ``wrong_type``:
    such a body is an error page, never the document.
    """
    if not data:
        raise ExtractionError("empty", "file is empty (0 bytes)")
    hinted, claim = _hint(content_type, filename)
    head = data[:8192]
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_format(data)

    def refuse(actual: str) -> None:
        if hinted in ("pdf", "docx", "xlsx"):
            raise ExtractionError("wrong_type", f"file is {actual}, not {_LABELS[hinted]} ({claim})")

    for magic, label in _BINARY_MAGIC:
        if head.startswith(magic):
            refuse(label)
            raise ExtractionError("unsupported", f"file is {label}")
    if _looks_like_html(head):
        refuse("HTML")
        return "html"
    if _looks_like_text(head):
        refuse("plain text")
        return "html" if hinted == "html" and b"<" in head else "text"
    if hinted == "pdf":
        raise ExtractionError("corrupt", f"no %PDF- header although announced as PDF ({claim})")
    if hinted in ("docx", "xlsx"):
        raise ExtractionError("corrupt", f"not a ZIP container although announced as {_LABELS[hinted]} ({claim})")
    raise ExtractionError("unsupported", "unrecognised binary file format")


# --------------------------------------------------------------------------------------------------
# Shared helpers for the per-format modules


class Deadline:
    """A wall-clock budget shared by every step of one extraction (pages, Tesseract calls)."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.end - time.monotonic()

    def check(self, what: str = "extraction") -> None:
        if self.remaining() <= 0:
            raise ExtractionError("timeout", f"{what} took longer than {self.seconds:g} s")


def turkish():
    """``watch.turkish`` (normalisation shared with the rest of watch/), imported when first needed."""
    from watch import turkish as tr

    return tr


_TAB_KEEPER = "\ue000"  # private-use stand-in: normalize_whitespace turns tabs into spaces


_repair_probe: "re.Pattern[str] | None" = None


def _needs_repair(text: str, tr) -> bool:
    """Whether ``repair_broken_font`` could change ``text``: it maps a handful of characters, and
    translating every page costs more than all of PDFium's text extraction overhead budget allows."""
    global _repair_probe
    if _repair_probe is None:
        table = getattr(tr, "_BROKEN", None)
        if not isinstance(table, dict):
            return True  # the table moved: always repair rather than guess
        chars = "".join(chr(k) for k in table) + "\u0307"
        _repair_probe = re.compile("[" + re.escape(chars) + "]")
    return _repair_probe.search(text) is not None


def clean_text(text: str, *, repair: bool = False, dehyphenate: bool = False,
               keep_tabs: bool = False) -> str:
    """The normalisation every page gets: broken-font repair (PDF text layers), hyphen joins, spaces.

    ``keep_tabs`` protects the tabs that separate table cells (HTML, DOCX, XLSX rows).
    """
    tr = turkish()
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace(_TAB_KEEPER, " ")
    if repair and _needs_repair(text, tr):
        text = tr.repair_broken_font(text)
    if dehyphenate:
        text = tr.dehyphenate(text)
    if keep_tabs:
        text = text.replace("\t", _TAB_KEEPER)
    text = tr.normalize_whitespace(text)
    return text.replace(_TAB_KEEPER, "\t") if keep_tabs else text


def finish(fmt: str, pages: list[Page], *, page_count: int, truncated: bool = False,
           title: str | None = None, metadata: dict[str, Any] | None = None,
           warnings: list[str] | None = None) -> Extraction:
    """Build the result; a file that yields no text at all is an error, never an empty document."""
    if page_count == 0 or not pages:
        raise ExtractionError("empty", f"{_LABELS[fmt]} file has no pages")
    if not any(p.text.strip() for p in pages):
        why = f" ({warnings[0]})" if warnings else ""
        raise ExtractionError("empty", f"no text in {_LABELS[fmt]} file with {len(pages)} page(s){why}")
    confs = [p.ocr_confidence for p in pages if p.ocr and p.ocr_confidence is not None]
    return Extraction(
        format=fmt, pages=pages, page_count=page_count, ocr_used=any(p.ocr for p in pages),
        ocr_confidence=round(sum(confs) / len(confs), 2) if confs else None, truncated=truncated,
        title=(title or "").strip() or None, metadata=_jsonable(metadata or {}),
        warnings=list(warnings or []), extractor_version=EXTRACTOR_VERSION)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return str(value).replace("\x00", "")


# --------------------------------------------------------------------------------------------------
# In-process extraction


def extract_bytes(data: bytes, *, content_type: str | None = None, filename: str | None = None,
                  limits: Limits | None = None) -> Extraction:
    """Extract ``data`` in this process (no isolation: use :func:`extract_file` for untrusted files)."""
    limits = limits or Limits()
    if len(data) > limits.max_bytes:
        raise ExtractionError("too_large", f"file is {len(data):,} bytes, limit is {limits.max_bytes:,}")
    fmt = sniff_format(data, content_type, filename)
    return _extract(fmt, data, None, content_type, limits)


def _extract(fmt: str, data: bytes | None, path: Path | None, content_type: str | None,
             limits: Limits) -> Extraction:
    """Dispatch to the format's extractor; PDFs may be given as a path (PDFium reads lazily)."""
    deadline = Deadline(limits.timeout_s)
    if fmt == "pdf":
        from watch.extract_pdf import extract_pdf

        return extract_pdf(path if data is None else data, limits, deadline)
    if data is None:
        data = Path(path).read_bytes()  # type: ignore[arg-type]
    if fmt in ("html", "text"):
        from watch.extract_html import extract_html, extract_text

        fn = extract_html if fmt == "html" else extract_text
        return fn(data, content_type, limits)
    if fmt == "docx":
        from watch.extract_office import extract_docx

        return extract_docx(data, limits)
    if fmt == "xlsx":
        from watch.extract_office import extract_xlsx

        return extract_xlsx(data, limits, deadline)
    raise ExtractionError("unsupported", f"no extractor for format {fmt!r}")


def extract_path_inprocess(path: Path, content_type: str | None, limits: Limits) -> Extraction:
    """What the worker runs: sniff the head of the file, let PDFium read PDFs from disk."""
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise ExtractionError("too_large", f"file is {size:,} bytes, limit is {limits.max_bytes:,}")
    with open(path, "rb") as f:
        head = f.read(8192)
    if head.startswith(b"PK\x03\x04"):  # the ZIP directory sits at the end: sniff the whole file
        data = path.read_bytes()
        return _extract(sniff_format(data, content_type, path.name), data, None, content_type, limits)
    fmt = sniff_format(head, content_type, path.name)
    if fmt == "pdf":
        return _extract(fmt, None, path, content_type, limits)
    return _extract(fmt, path.read_bytes(), None, content_type, limits)


def extract_file(path: str | os.PathLike, *, content_type: str | None = None,
                 limits: Limits | None = None) -> Extraction:
    """Extract a file in an isolated child process (memory limit, wall-clock timeout, process
    group killed afterwards); see ``watch.extract_isolate``. Never hangs, never crashes the caller."""
    from watch.extract_isolate import extract_isolated

    return extract_isolated(Path(path), content_type, limits or Limits())
