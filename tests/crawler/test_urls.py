"""URL canonicalisation and link filtering shared by every spider."""

from __future__ import annotations

import pytest

from spiders.base import canonical_url, content_kind, file_kind, host_allowed, skippable_href


@pytest.mark.parametrize("raw,canonical", [
    ("HTTP://WWW.Ornek.BEL.TR:80/belgeler/plan.pdf?v=3#sayfa=2", "http://www.ornek.bel.tr/belgeler/plan.pdf"),
    ("https://ornek.bel.tr:443/a.pdf?ver=2&download=1&dl=1", "https://ornek.bel.tr/a.pdf"),
    ("https://ornek.bel.tr/a?utm_source=x&utm_medium=y&id=5&fbclid=abc", "https://ornek.bel.tr/a?id=5"),
    ("https://ornek.bel.tr/liste?sayfa=2&kategori=meclis", "https://ornek.bel.tr/liste?sayfa=2&kategori=meclis"),
    ("https://ornek.bel.tr/sayfa?yazdir&id=7", "https://ornek.bel.tr/sayfa?yazdir&id=7"),       # kept as written
    ("https://ornek.bel.tr/dl?file=meclis+gundemi.pdf&UTM_Source=x", "https://ornek.bel.tr/dl?file=meclis+gundemi.pdf"),
    ("https://ornek.bel.tr", "https://ornek.bel.tr/"),
    ("http://127.0.0.11:8765/x", "http://127.0.0.11:8765/x"),
    ("https://ornek.bel.tr/dosyalar/Faaliyet Raporu 2024.pdf",
     "https://ornek.bel.tr/dosyalar/Faaliyet%20Raporu%202024.pdf"),
    ("https://ornek.bel.tr/dosyalar/Yılı.pdf", "https://ornek.bel.tr/dosyalar/Y%C4%B1l%C4%B1.pdf"),
])
def test_canonical_url(raw, canonical):
    assert canonical_url(raw) == canonical
    assert canonical_url(canonical) == canonical  # idempotent


def test_raw_and_encoded_turkish_are_one_url():
    assert canonical_url("https://x.bel.tr/Yılı.pdf") == canonical_url("https://x.bel.tr/Y%C4%B1l%C4%B1.pdf")


@pytest.mark.parametrize("href", ["mailto:baskan@ornek.bel.tr", "tel:+902120000000", "javascript:void(0)",
                                  "JavaScript:window.print()", "#", "#icerik", "", None, "  ", "data:text/html,x"])
def test_skippable(href):
    assert skippable_href(href)


def test_not_skippable():
    assert not skippable_href("/meclis")
    assert not skippable_href("https://ornek.bel.tr/a.pdf")


def test_host_allowed_subdomains_only():
    allowed = ["ornek.bel.tr", "127.0.0.11"]
    assert host_allowed("https://www.ornek.bel.tr/a", allowed)
    assert host_allowed("https://dosya.ornek.bel.tr/a.pdf", allowed)
    assert host_allowed("http://127.0.0.11:8765/", allowed)
    assert not host_allowed("https://kotuornek.bel.tr/", allowed)
    assert not host_allowed("http://127.0.0.1:8765/admin/secret", allowed)
    assert not host_allowed("http://127.0.0.111/", allowed)


def test_file_and_content_kinds():
    assert file_kind("https://x/a/Plan.PDF") == "pdf"
    assert file_kind("https://x/indir.php?dosya=rapor.docx") == "doc"
    assert file_kind("https://x/tablo.xlsx") == "xls"
    assert file_kind("https://x/meclis-kararlari/2025-6") is None
    assert file_kind("https://x/sayfa.html") is None
    assert content_kind("application/pdf") == "pdf"
    assert content_kind("text/html; charset=windows-1254") == "html"
    assert content_kind("application/octet-stream") is None
