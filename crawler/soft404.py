"""Soft-404 detection: a page that answers 200 but says "not found".

Why: many municipal CMSs answer a removed document or a mistyped URL with a normal 200 page saying
"Sayfa bulunamadı" or "Aradığınız sayfaya ulaşılamıyor". Archived as a document, such a page would
become a "new version" of a plan; crawled as a listing, it would hide that the listing is gone.
A promise of the system is that a failed fetch is never recorded as a change, so the pipeline runs
every HTML answer through :func:`soft_404_reason` first.

The test is deliberately narrow, to not flag real pages whose footer says "aradığınız belgeyi
bulamadıysanız bize yazın": a not-found phrase (or a bare "404") in the title or a main heading is
enough; in the body it counts only on a short page (a real listing or document page is long).
Matching uses the Turkish fold, so "SAYFA BULUNAMADI" and "Sayfa Bulunamadı" are the same phrase.
"""

from __future__ import annotations

import re

from parsel import Selector

from watch.turkish import fold

_ASCII = str.maketrans("çğıöşüâîû", "cgiosuaiu")
# windows-1254 text read as latin-1/cp1252 (an old server without a charset): "bulunamadý".
MOJIBAKE = str.maketrans("ýþðÝÞÐ", "ışğİŞĞ")

PHRASES = (
    "sayfa bulunamadi", "sayfa bulunamamistir", "sayfa mevcut degil", "sayfa bulunmamaktadir",
    "aradiginiz sayfa", "aradiginiz sayfaya", "aradiginiz icerik", "aradiginiz belge",
    "icerik bulunamadi", "belge bulunamadi", "dosya bulunamadi", "kayit bulunamadi",
    "sayfa kaldirilmis", "sayfaya ulasilamiyor", "boyle bir sayfa yok",
    "page not found", "not found", "the page you requested", "does not exist",
)
_HEADING_404 = re.compile(r"(?<!\d)404(?!\d)")
SHORT_PAGE_CHARS = 1500


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(text.translate(MOJIBAKE)).translate(_ASCII)).split())


def _phrase_in(text: str) -> str | None:
    padded = f" {_key(text)} "
    return next((p for p in PHRASES if f" {p} " in padded or f" {p}" in padded), None)


def visible_text(selector: Selector) -> str:
    """The page's readable text: no scripts, styles or templates."""
    parts = selector.xpath("//body//text()[not(ancestor::script) and not(ancestor::style) "
                           "and not(ancestor::template) and not(ancestor::noscript)]").getall()
    return " ".join(" ".join(parts).split())


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("windows-1254", errors="replace")


def soft_404_reason(html: str | bytes | Selector) -> str | None:
    """Why this 200 page is really a "not found" page, or ``None`` when it looks like content."""
    if isinstance(html, Selector):
        sel = html
    else:
        text = _decode(html) if isinstance(html, bytes) else html
        sel = Selector(text=text or "<html></html>")
    title = " ".join(sel.css("title::text").getall())
    headings = [" ".join(h.css("::text").getall()) for h in sel.css("h1, h2, .error-title, .page-title")]
    for where, text in [("title", title)] + [("heading", h) for h in headings]:
        if _HEADING_404.search(text):
            return f"{where} says 404: {' '.join(text.split())[:80]!r}"
        phrase = _phrase_in(text)
        if phrase:
            return f"{where} says {phrase!r}: {' '.join(text.split())[:80]!r}"
    body = visible_text(sel)
    if len(body) <= SHORT_PAGE_CHARS:
        phrase = _phrase_in(body)
        if phrase:
            return f"short page ({len(body)} chars) says {phrase!r}"
    return None
