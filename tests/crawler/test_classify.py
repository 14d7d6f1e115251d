"""classify(): Turkish link texts and URLs as municipal sites really write them."""

from __future__ import annotations

import pytest

from crawler.classify import classify, committee_slug, find_period, mentions_documents, norm, url_text
from muniwatch import constants as C

PDF = "https://www.ornek.bel.tr/uploads/dosya.pdf"

CASES = [
    # (link text, url, context, doc_type, period, variant)
    ("2025 Yılı Performans Programı", PDF, "", C.PERFORMANCE_PROGRAMME, "2025", ""),
    ("2026 YILI PERFORMANS PROGRAMI", PDF, "", C.PERFORMANCE_PROGRAMME, "2026", ""),
    ("Performans Programı 2026", PDF, "", C.PERFORMANCE_PROGRAMME, "2026", ""),
    ("2024 Faaliyet Raporu", PDF, "", C.ACTIVITY_REPORT, "2024", ""),
    ("FAALİYET RAPORU 2024", PDF, "", C.ACTIVITY_REPORT, "2024", ""),
    ("FAALIYET RAPORU 2024", PDF, "", C.ACTIVITY_REPORT, "2024", ""),   # ASCII I typed for İ
    ("Faaliyet Roporu 2024", PDF, "", C.ACTIVITY_REPORT, "2024", ""),   # typo, fuzzy
    ("Faliyet Raporu (2023)", PDF, "", C.ACTIVITY_REPORT, "2023", ""),
    # published in 2025 about 2024: the reported year wins
    ("2024 Yılı Faaliyet Raporu (Nisan 2025 Meclisinde Kabul Edildi)", PDF, "", C.ACTIVITY_REPORT, "2024", ""),
    ("Stratejik Plan (2025-2029)", PDF, "", C.STRATEGIC_PLAN, "2025-2029", ""),
    ("2025 - 2029 STRATEJİK PLANI", PDF, "", C.STRATEGIC_PLAN, "2025-2029", ""),
    ("2025–2029 Dönemi Stratejik Planımız", PDF, "", C.STRATEGIC_PLAN, "2025-2029", ""),
    ("Stratejik Plan 2025-29", PDF, "", C.STRATEGIC_PLAN, "2025-2029", ""),
    ("Meclis Karar Özetleri - Haziran 2025", PDF, "", C.COUNCIL_DECISIONS, "2025-06", "ozet"),
    ("MECLİS KARARLARI 2025 HAZİRAN", PDF, "", C.COUNCIL_DECISIONS, "2025-06", ""),
    ("Meclis Kararları 06.2025", PDF, "", C.COUNCIL_DECISIONS, "2025-06", ""),
    ("Karar Özeti", "https://www.ornek.bel.tr/meclis/2025/temmuz", "", C.COUNCIL_DECISIONS, "2025-07", "ozet"),
    ("03.07.2025 Tarihli Meclis Kararları", PDF, "", C.COUNCIL_DECISIONS, "2025-07", ""),
    ("Haziran 2025", "https://www.ornek.bel.tr/meclis-kararlari/2025-6", "", C.COUNCIL_DECISIONS, "2025-06", ""),
    ("Detay", "https://www.ornek.bel.tr/meclis-kararlari/2025-6", "", C.COUNCIL_DECISIONS, "2025-06", ""),
    ("Meclis Gündemi 2025 Haziran", PDF, "", C.COUNCIL_AGENDA, "2025-06", ""),
    ("Ağustos Ayı Meclis Gündemi", PDF, "2025 Yılı Meclis Toplantıları", C.COUNCIL_AGENDA, "2025-08", ""),
    ("Kadın-Erkek Fırsat Eşitliği Komisyonu Raporu (Mayıs 2025)", PDF, "", C.COMMITTEE_REPORT, "2025-05",
     "kadin-erkek-firsat-esitligi-komisyonu"),
    ("Plan ve Bütçe Komisyonu Raporu - 06.2025", PDF, "", C.COMMITTEE_REPORT, "2025-06",
     "plan-ve-butce-komisyonu"),
    ("HAZİRAN 2025 İMAR VE BAYINDIRLIK KOMİSYONU RAPORU", PDF, "", C.COMMITTEE_REPORT, "2025-06",
     "imar-ve-bayindirlik-komisyonu"),
    ("2025 Yılı Kurumsal Mali Durum ve Beklentiler Raporu", PDF, "", C.FINANCIAL_REPORT, "2025", ""),
    # generic link text: the file name or URL speaks
    ("İNDİR", "https://www.ornek.bel.tr/dosyalar/stratejik-plan-2025-2029.pdf", "", C.STRATEGIC_PLAN,
     "2025-2029", ""),
    ("PDF", "https://www.ornek.bel.tr/upload/2025%20Y%C4%B1l%C4%B1%20Performans%20Program%C4%B1.pdf", "",
     C.PERFORMANCE_PROGRAMME, "2025", ""),
    # windows-1254 percent-encoding (%FD = ı)
    ("PDF", "https://www.ornek.bel.tr/upload/2024%20Y%FDl%FD%20Faaliyet%20Raporu.pdf", "", C.ACTIVITY_REPORT,
     "2024", ""),
    ("Görüntüle", PDF, "2024 Yılı Faaliyet Raporu 12.04.2025", C.ACTIVITY_REPORT, "2024", ""),
    ("Tıklayınız", "https://www.ornek.bel.tr/files/performans_programi_2026.pdf", "", C.PERFORMANCE_PROGRAMME,
     "2026", ""),
    ("indir", "https://www.ornek.bel.tr/dl?file=meclis+gundemi+2025-09.pdf", "", C.COUNCIL_AGENDA, "2025-09", ""),
]


@pytest.mark.parametrize("text,url,context,doc_type,period,variant", CASES)
def test_classify(text, url, context, doc_type, period, variant):
    found = classify(text, url, context)
    assert found is not None, f"{text!r} not classified"
    assert (found.doc_type, found.period, found.variant) == (doc_type, period, variant), found.reason
    assert 0 < found.confidence <= 1


def test_windows_1254_decoded_text_matches_like_utf8():
    raw = "2024 Yılı Faaliyet Raporu".encode("windows-1254")
    assert classify(raw.decode("windows-1254"), PDF).doc_type == C.ACTIVITY_REPORT


@pytest.mark.parametrize("text,url", [
    ("Haberler", "https://www.ornek.bel.tr/haberler"),
    ("Faaliyet Alanlarımız", PDF),
    ("Etkinlik Takvimi", PDF),
    ("Stratejik Plan Hazırlık Programı", PDF),            # preparation programme, not the plan
    ("2026 Performans Programı Hazırlama Rehberi", PDF),   # ministry guide
    ("Stratejik Plan İzleme ve Değerlendirme Raporu 2025", PDF),
    ("Denetim Raporu 2024", PDF),
    ("Meclis Üyelerimiz", "https://www.ornek.bel.tr/meclis-uyeleri"),
])
def test_not_classified(text, url):
    assert classify(text, url) is None


def test_no_period_is_low_confidence():
    found = classify("Stratejik Planımız", PDF)
    assert found.doc_type == C.STRATEGIC_PLAN and found.period is None and found.confidence < 0.7


def test_link_text_beats_context_and_url():
    found = classify("2026 Yılı Performans Programı", "https://x.bel.tr/stratejik-plan/pp.pdf",
                     "Stratejik Plan 2025-2029")
    assert (found.doc_type, found.period) == (C.PERFORMANCE_PROGRAMME, "2026")


def test_find_period_rules():
    assert find_period("2020-2023", C.STRATEGIC_PLAN) is None          # not a five-year span
    assert find_period("Stratejik Plan 2025", C.STRATEGIC_PLAN) == "2025-2029"
    assert find_period("2025-2029 planına göre 2026 programı", C.PERFORMANCE_PROGRAMME) == "2026"
    assert find_period("Aralık 2025", C.COUNCIL_DECISIONS) == "2025-12"
    assert find_period("2025 Şubat", C.COUNCIL_AGENDA) == "2025-02"
    assert find_period("/meclis-kararlari/2025-11", C.COUNCIL_DECISIONS) == "2025-11"


def test_helpers():
    assert norm("İMAR-BAYINDIRLIK  Komisyonu") == "imar bayindirlik komisyonu"
    assert url_text("https://x/a/meclis_kararlari+2025-6.pdf?v=2") == "a meclis kararlari 2025 6 pdf v 2"
    assert committee_slug("Toplumsal Cinsiyet Eşitliği Komisyonu Raporları") == "toplumsal-cinsiyet-esitligi-komisyonu"
    # the URL written from the name gives the same slug
    assert committee_slug("dosyalar komisyon kadin erkek firsat esitligi komisyonu raporu 2025 06 pdf") == \
        "kadin-erkek-firsat-esitligi-komisyonu"
    assert committee_slug("Meclis Kararları") == ""
    for text in ("Kurumsal", "Stratejik Yönetim", "YAYINLAR", "Meclis", "Belgeler", "Komisyonlar",
                 "/tr/meclis-gundemi"):
        assert mentions_documents(text), text
    for text in ("Haberler", "İletişim", "Galeri", "/tr/etkinlikler"):
        assert not mentions_documents(text), text


def test_mojibake_from_windows_1254_read_as_latin1():
    garbled = "2025 Yılı Performans Programı".encode("windows-1254").decode("latin-1")  # "2025 Yýlý ... Programý"
    found = classify(garbled, PDF)
    assert (found.doc_type, found.period, found.confidence) == (C.PERFORMANCE_PROGRAMME, "2025", 1.0)
