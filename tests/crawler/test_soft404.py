"""soft_404_reason(): 200 pages that really say "not found", and real pages that must pass."""

from __future__ import annotations

import pytest

from crawler.soft404 import soft_404_reason


def page(title: str, h1: str = "", body: str = "") -> str:
    return f"<html><head><title>{title}</title></head><body><h1>{h1}</h1><div>{body}</div></body></html>"


@pytest.mark.parametrize("html", [
    page("Sayfa Bulunamadı - Örnek Belediyesi", "Sayfa Bulunamadı"),
    page("ÖRNEK BELEDİYESİ", "SAYFA BULUNAMADI"),
    page("Hata 404", "Bir sorun oluştu"),
    page("Örnek Belediyesi", "Üzgünüz", "Aradığınız sayfaya ulaşılamıyor. Ana sayfaya dönmek için tıklayın."),
    page("Örnek Belediyesi", "", "ARADIĞINIZ İÇERİK BULUNAMADI"),
    page("404 Not Found", "Not Found"),
    page("Belge", "İçerik bulunamadı"),
    "<html><body><h2 class='error-title'>Dosya bulunamadı</h2></body></html>".encode("windows-1254").decode("latin-1"),
])
def test_soft_404_detected(html):
    assert soft_404_reason(html)


def test_windows_1254_bytes():
    html = "<html><head><meta charset='windows-1254'><title>Sayfa Bulunamadı</title></head></html>"
    assert soft_404_reason(html)
    assert soft_404_reason(html.encode("utf-8"))


@pytest.mark.parametrize("html", [
    page("Meclis Kararları - Örnek Belediyesi", "Meclis Kararları",
         "Haziran 2025 meclis kararları aşağıdadır. " + "Karar no 2025/87 kabul edildi. " * 80
         + " Aradığınız belgeyi bulamadıysanız yazı işleri müdürlüğüne başvurunuz."),
    page("Stratejik Plan", "Stratejik Plan 2025-2029", "Planımız 404 sayfadan oluşmaktadır ve ekte sunulmuştur."),
    page("Örnek Belediyesi", "Duyurular", "Kayıp eşya bulundu: belediye binasına başvurunuz."),
    page("Yayınlar", "Faaliyet Raporları", "2024 Yılı Faaliyet Raporu"),
])
def test_real_pages_pass(html):
    assert soft_404_reason(html) is None
