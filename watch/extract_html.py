"""HTML and plain-text extraction: the main text of a page, decoded with the right Turkish charset.

Charset, first match wins: a byte-order mark; the ``charset`` of the Content-Type header; a ``<meta>``
declaration; strict UTF-8; ``charset-normalizer``'s guess; windows-1254. Labels are read the way
browsers read them (WHATWG): ``iso-8859-9`` means windows-1254, ``iso-8859-1`` means windows-1252. A
page declared Latin-1/windows-1252 that contains the bytes where windows-1254 keeps İ ı Ş ş Ğ ğ is
decoded as windows-1254 (Turkish servers often announce the wrong one) and says so in a warning.

Main text: scripts, styles, forms, navigation, site headers/footers, asides and elements whose class
or id speaks of menus, sidebars, breadcrumbs or cookie banners are dropped; ``<main>``, a single
``<article>``, ``[role=main]`` or a ``#content``-like element is preferred to the whole body when it
holds real text. Tables come out one row per line with tab-separated cells (like XLSX pages).
"""

from __future__ import annotations

import codecs
import re

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from watch.extract import Extraction, Limits, Page, clean_text, finish

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_CT_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)
_TURKISH_1254_BYTES = re.compile(rb"[\xd0\xdd\xde\xf0\xfd\xfe]")
_WHATWG = {"iso8859-9": "cp1254", "latin-1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252",
           "iso8859-15": "cp1252"}
_LATIN_SINGLE_BYTE = {"cp1252", "latin_1", "iso8859_1", "iso8859_15", "cp1250", "iso8859_2",
                      "iso8859_9", "cp1254", "mac_roman", "mac_turkish", "cp850", "cp857"}

_DROP_TAGS = ["script", "style", "noscript", "template", "svg", "iframe", "object", "embed",
              "canvas", "form", "button", "select", "input", "textarea", "nav", "aside"]
_PAGE_CHROME = ["header", "footer"]  # dropped unless inside the article they describe
_BOILER_WORDS = ("menu", "nav", "sidebar", "footer", "breadcrumb", "cookie", "topbar", "masthead",
                 "social", "share", "skip")
_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")
_MAIN_IDS = ("content", "main-content", "maincontent", "main", "icerik", "sayfa-icerik", "page-content")
_BLOCK = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
          "li", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "caption", "blockquote",
          "pre", "address", "figure", "figcaption", "hr", "header", "footer", "center", "body"}
_MIN_MAIN_CHARS = 200


def _codec(label: str) -> str | None:
    try:
        name = codecs.lookup(label.strip().strip("'\"")).name
    except LookupError:
        return None
    return _WHATWG.get(name, name)


def decode(data: bytes, content_type: str | None, *, html: bool) -> tuple[str, dict, list[str]]:
    """Decode bytes to text; returns (text, {"charset", "charset_source"}, warnings)."""
    warnings: list[str] = []
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                     (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(enc, "replace"), {"charset": enc, "charset_source": "bom"}, []
    declared: list[tuple[str, str]] = []
    if content_type and (m := _CT_CHARSET.search(content_type)):
        declared.append((m.group(1), "http"))
    if html and (m := _META_CHARSET.search(data[:8192])):
        declared.append((m.group(1).decode("ascii", "replace"), "meta"))
    for label, source in declared:
        enc = _codec(label)
        if enc is None:
            warnings.append(f"unknown charset {label!r} declared ({source})")
            continue
        if enc == "cp1252" and _TURKISH_1254_BYTES.search(data):
            warnings.append(f"declared charset {label} ({source}) read as windows-1254: the page has "
                            "bytes that are Turkish letters only there")
            return data.decode("cp1254", "replace"), {"charset": "cp1254", "charset_source": source}, warnings
        try:
            return data.decode(enc), {"charset": enc, "charset_source": source}, warnings
        except UnicodeDecodeError:
            warnings.append(f"declared charset {label} ({source}) does not fit the bytes")
            break
    try:
        return data.decode("utf-8"), {"charset": "utf-8", "charset_source": "utf-8"}, warnings
    except UnicodeDecodeError:
        pass
    guess = _detect(data)
    if guess and guess not in _LATIN_SINGLE_BYTE:
        return data.decode(guess, "replace"), {"charset": guess, "charset_source": "detected"}, warnings
    return data.decode("cp1254", "replace"), {"charset": "cp1254", "charset_source": "fallback"}, warnings


def _detect(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # optional: requests brings it; without it we fall back to windows-1254
        return None
    best = from_bytes(data[:200_000]).best()
    return _codec(best.encoding) if best else None


def extract_text(data: bytes, content_type: str | None, limits: Limits) -> Extraction:
    text, meta, warnings = decode(data, content_type, html=False)
    page = Page(number=1, text=clean_text(text))
    return finish("text", [page], page_count=1, metadata=meta, warnings=warnings)


def extract_html(data: bytes, content_type: str | None, limits: Limits) -> Extraction:
    markup, meta, warnings = decode(data, content_type, html=True)
    soup = BeautifulSoup(markup, "lxml")
    title = _title(soup)
    html_tag = soup.find("html")
    if isinstance(html_tag, Tag) and html_tag.get("lang"):
        meta["lang"] = str(html_tag.get("lang"))
    for node in soup.find_all(string=lambda s: isinstance(s, Comment)):
        node.extract()
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    root = _main_root(soup)
    meta["main"] = _describe(root)
    for tag in root.find_all(_PAGE_CHROME):
        if not tag.find_parent(["article", "main"]):
            tag.decompose()
    total = len(root.get_text(" ", strip=True))
    for tag in root.find_all(_is_boilerplate):
        # A wrapper such as <div class="page has-sidebar"> holds the content itself: keep it.
        if not tag.decomposed and len(tag.get_text(" ", strip=True)) < total / 2:
            tag.decompose()
    text = clean_text(render(root), keep_tabs=True)
    return finish("html", [Page(number=1, text=text)], page_count=1, title=title, metadata=meta,
                  warnings=warnings)


def _title(soup: BeautifulSoup) -> str | None:
    if soup.title and soup.title.get_text(strip=True):
        return " ".join(soup.title.get_text().split())
    h1 = soup.find("h1")
    return " ".join(h1.get_text().split()) if h1 else None


def _is_boilerplate(tag: Tag) -> bool:
    if tag.name in ("html", "body", "main", "article"):
        return False
    attrs = " ".join([*(tag.get("class") or []), str(tag.get("id") or ""), str(tag.get("role") or "")])
    if not attrs.strip():
        return False
    tokens = _TOKEN_SPLIT.split(attrs.lower())
    return any(tok.startswith(_BOILER_WORDS) for tok in tokens if tok) or tag.get("role") in (
        "navigation", "banner", "contentinfo", "complementary")


def _main_root(soup: BeautifulSoup) -> Tag:
    body = soup.body or soup
    candidates: list[Tag] = []
    candidates += soup.find_all("main")
    candidates += soup.find_all(attrs={"role": "main"})
    articles = soup.find_all("article")
    if len(articles) == 1:
        candidates += articles
    for ident in _MAIN_IDS:
        candidates += soup.find_all(id=ident)
    for ident in ("content", "icerik", "main-content", "page-content"):
        candidates += soup.find_all(class_=ident)
    for tag in candidates:
        if len(tag.get_text(" ", strip=True)) >= _MIN_MAIN_CHARS:
            return tag
    return body


def _describe(tag: Tag) -> str:
    if tag.get("id"):
        return f"{tag.name}#{tag.get('id')}"
    return tag.name or "document"


def render(root: Tag) -> str:
    """Text of an element with block structure kept; iterative so deep nesting cannot overflow."""
    out: list[str] = []
    stack: list[tuple[object, bool, bool]] = [(root, False, False)]
    while stack:
        node, closing, in_pre = stack.pop()
        if isinstance(node, NavigableString):
            out.append(str(node) if in_pre else re.sub(r"\s+", " ", str(node)))
            continue
        if not isinstance(node, Tag):
            continue
        name = node.name
        if closing:
            if name in ("td", "th"):
                out.append("\t")
            elif name in _BLOCK or name == "br":
                out.append("\n")
            continue
        if name == "br":
            out.append("\n")
            continue
        if name in _BLOCK:
            out.append("\n")
        stack.append((node, True, in_pre))
        in_pre = in_pre or name == "pre"
        stack.extend((child, False, in_pre) for child in reversed(node.contents))
    lines = []
    for line in "".join(out).split("\n"):
        cells = [" ".join(c.split()) for c in line.split("\t")]
        while cells and not cells[-1]:
            cells.pop()
        lines.append("\t".join(cells).strip(" "))
    return re.sub(r"\n{2,}", "\n", "\n".join(lines)).strip()  # one line per block, as in PDFs
