"""DOCX and XLSX extraction.

DOCX: body paragraphs and tables in document order (content controls included, deleted revisions
and field codes left out). Word does not store page numbers, so a new page starts only at an explicit
page break (``<w:br w:type="page"/>`` or "page break before"); table rows become lines of
tab-separated cells.

XLSX: one page per worksheet, read with openpyxl in read-only mode with cached formula values; a row
is its cells separated by tabs (trailing empties dropped, empty rows skipped). Numbers are written as
read from the file, not as Excel would display them: 1234.0 → "1234", 0.3102 → "0.3102",
dates in ISO form, so that a format change in the sheet is not mistaken for a change of figures.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from watch.extract import Deadline, Extraction, ExtractionError, Limits, Page, clean_text, finish

MAX_XLSX_CELLS = 2_000_000  # non-empty cells read before the workbook is cut (truncated=True)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"


# ----------------------------------------------------------------------------------------------- DOCX


def extract_docx(data: bytes, limits: Limits) -> Extraction:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    # python-docx meets a damaged package with whatever its parser trips on (an AttributeError
    # for a malformed [Content_Types].xml, lxml's XMLSyntaxError, a KeyError for a missing part).
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, SyntaxError,
            AttributeError, TypeError) as e:
        raise ExtractionError("corrupt", f"DOCX cannot be read ({type(e).__name__}: {e})") from None
    body = document.element.body
    # Text boxes are stored twice (DrawingML and a VML fallback): read the first copy only.
    for fallback in list(body.iter(_MC + "Fallback")):
        fallback.getparent().remove(fallback)
    writer = _DocxWriter()
    writer.block_items(body)
    texts = writer.pages()
    warnings: list[str] = []
    truncated = len(texts) > limits.max_pages
    if truncated:
        warnings.append(f"only the first {limits.max_pages} of {len(texts)} pages were extracted "
                        f"(max_pages={limits.max_pages})")
    pages = [Page(number=i + 1, text=clean_text(t, keep_tabs=True)) for i, t in enumerate(texts[:limits.max_pages])]
    props = document.core_properties
    meta = {k: v for k, v in {"author": props.author, "title": props.title, "subject": props.subject,
                              "created": props.created.isoformat() if props.created else None,
                              "modified": props.modified.isoformat() if props.modified else None,
                              "page_breaks": "explicit"}.items() if v}
    return finish("docx", pages, page_count=len(texts), truncated=truncated, title=props.title,
                  metadata=meta, warnings=warnings)


class _DocxWriter:
    """Walks the body XML once, collecting lines and starting a page at each explicit break."""

    def __init__(self) -> None:
        self._pages: list[list[str]] = [[]]
        self._line: list[str] = []

    def pages(self) -> list[str]:
        self._end_line()
        texts = ["\n".join(lines) for lines in self._pages]
        while len(texts) > 1 and not texts[-1].strip():
            texts.pop()
        return texts

    def _end_line(self) -> None:
        line = "".join(self._line)
        self._line = []
        if line.strip():
            self._pages[-1].append(line)

    def _new_page(self) -> None:
        self._end_line()
        if self._pages[-1]:
            self._pages.append([])

    def block_items(self, parent) -> None:
        for child in parent.iterchildren():
            if child.tag == _W + "p":
                self.paragraph(child)
            elif child.tag == _W + "tbl":
                self.table(child)
            elif child.tag == _W + "sdt":
                content = child.find(_W + "sdtContent")
                if content is not None:
                    self.block_items(content)

    def paragraph(self, p) -> None:
        ppr = p.find(_W + "pPr")
        if ppr is not None and ppr.find(_W + "pageBreakBefore") is not None:
            self._new_page()
        for el in p.iter(_W + "t", _W + "tab", _W + "br", _W + "cr"):
            if el.tag == _W + "t":
                self._line.append(el.text or "")
            elif el.getparent().tag != _W + "r":
                continue  # tab stops (w:tabs/w:tab) are layout, not text
            elif el.tag == _W + "tab":
                self._line.append("\t")
            elif el.get(_W + "type") == "page":
                self._new_page()
            else:
                self._end_line()
        self._end_line()

    def table(self, tbl) -> None:
        for tr in tbl.iter(_W + "tr"):
            if tr.getparent() is not tbl:
                continue  # rows of nested tables are read inside their cell
            cells = []
            for tc in tr.iterchildren(_W + "tc"):
                cells.append(" ".join("".join(t.text or "" for t in tc.iter(_W + "t")).split()))
            while cells and not cells[-1]:
                cells.pop()
            if cells:
                self._end_line()
                self._line.append("\t".join(cells))
                self._end_line()


# ----------------------------------------------------------------------------------------------- XLSX


def format_cell(value) -> str:
    """A cell value as text, the way it was stored (see module docstring)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return " ".join(str(value).split())


def extract_xlsx(data: bytes, limits: Limits, deadline: Deadline) -> Extraction:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, SyntaxError) as e:
        raise ExtractionError("corrupt", f"XLSX cannot be read ({type(e).__name__}: {e})") from None
    try:
        sheets = wb.worksheets
        warnings: list[str] = []
        truncated = len(sheets) > limits.max_pages
        if truncated:
            warnings.append(f"only the first {limits.max_pages} of {len(sheets)} sheets were "
                            f"extracted (max_pages={limits.max_pages})")
        pages: list[Page] = []
        cells_read = 0
        for number, ws in enumerate(sheets[:limits.max_pages], start=1):
            lines = []
            for row in ws.iter_rows(values_only=True):
                cells = [format_cell(v) for v in row]
                while cells and not cells[-1]:
                    cells.pop()
                if not cells:
                    continue
                cells_read += sum(1 for c in cells if c)
                lines.append("\t".join(cells))
                if cells_read > MAX_XLSX_CELLS:
                    break
                if len(lines) % 5000 == 0:
                    deadline.check("XLSX extraction")
            pages.append(Page(number=number, text=clean_text("\n".join(lines), keep_tabs=True)))
            if cells_read > MAX_XLSX_CELLS:
                truncated = True
                warnings.append(f"stopped after {MAX_XLSX_CELLS:,} cells (sheet {ws.title!r})")
                break
        meta = {"sheets": [ws.title for ws in sheets]}
        props = wb.properties
        if props.creator:
            meta["author"] = props.creator
        if props.title:
            meta["title"] = props.title
        return finish("xlsx", pages, page_count=len(sheets), truncated=truncated, title=props.title,
                      metadata=meta, warnings=warnings)
    finally:
        wb.close()
