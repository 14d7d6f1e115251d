"""Plan / programme / report structure on hand-written text in real-plan styles (our own Turkish,
laid out as pypdfium2 flattens real plans), and recognition of codes in every style."""

from __future__ import annotations

import re

import pytest

from muniwatch import constants as C
from muniwatch.constants import SEG_ACTIVITY, SEG_GOAL, SEG_INDICATOR, SEG_OBJECTIVE
from tests.plan_expect import CHECKED, Item, Key, diff
from watch.extract import extract_bytes
from watch.structure.plan_codes import match_code
from watch.structure.plans import UnsupportedDocType, parse_plan


# ------------------------------------------------------------ hand-written, real-plan layouts
# Our own text, laid out the way pypdfium2 flattens the hedef kartı of a 2025-2029 plan: a
# two-column card (labels without colons), a header wrapped cell by cell, code cells broken
# ("PERFORMANS" / "2.3.1"), ALL CAPS goal titles over two lines, "hedefe etkisi" weights, monitoring
# frequencies, percentages, a running header and page numbers, and a page break inside a card.

RUNNING = "Karaçam Belediyesi 2025-2029 Stratejik Planı"
CARD_HEADER = """Performans Göstergeleri Hedefe
Etkisi (%)
Plan Dönemi
Başlangıç
Değeri
2025 2026 2027 2028 2029 İzleme
Sıklığı
Raporlama
Sıklığı"""

REAL_PLAN = [
    f"""{RUNNING}
4.2. Hedef Kartları
AMAÇ 02 GÜVENLİ, ERİŞİLEBİLİR VE YAŞANABİLİR BİR KENT
İÇİN KENTSEL HİZMETLERİ GELİŞTİRMEK
HEDEF 2.3 Kadınların ve çocukların kamusal alanı gece de güvenle
kullanabilmesi için aydınlatmayı ve denetimi artırmak
{CARD_HEADER}
PERFORMANS
2.3.1
Güvenlik aydınlatması denetimi
yapılmış park sayısı
40 18 25 35 45 55 65 6 Ay 6 Ay
PERFORMANS
2.3.2
Acil çağrı butonu bulunan park
oranı
35 %10 %20 %35 %50 %65 %80 Yıllık Yıllık
PERFORMANS
2.3.3
Gece güvenli yürüyüş etkinliklerine
katılan kadın sayısı
25 0 60 120 180 240 300 6 Ay Yıllık
Sorumlu Birim Fen İşleri Müdürlüğü
İşbirliği Yapılacak
Birim(ler)
Park ve Bahçeler Müdürlüğü, Kadın ve Aile Hizmetleri Müdürlüğü,
Zabıta Müdürlüğü
Riskler • Enerji maliyetlerinin beklenenden hızlı artması
• Aydınlatma ekipmanına yönelik vandalizm
Stratejiler • Öncelik, kadın danışma noktaları ve okul yollarındaki
parklara verilecektir.
Maliyet Tahmini 48.750.000
Tespitler • Parkların yaklaşık üçte birinde gece aydınlatması yetersizdir.
44""",
    f"""{RUNNING}
İhtiyaçlar • Enerji tasarruflu armatür alımı
• Kadın örgütleriyle ortak güvenlik yürüyüşü programı
HEDEF 2.4 Mahalle ölçeğinde yeşil alan miktarını artırmak
{CARD_HEADER}
PERFORMANS
2.4.1
Kişi başına düşen aktif yeşil alan (m²) 100 7,4 7,6 7,9 8,2 8,6 9 Yıllık Yıllık
Sorumlu Birim Park ve Bahçeler Müdürlüğü
İşbirliği Yapılacak
Birim(ler)
İmar ve Şehircilik Müdürlüğü
Maliyet Tahmini 126.400.000
45""",
    f"""{RUNNING}
AMAÇ 03 KATILIMCI VE ŞEFFAF BİR YÖNETİM ANLAYIŞINI GÜÇLENDİRMEK
HEDEF 3.1 Karar süreçlerine kadınların ve gençlerin katılımını artırmak
{CARD_HEADER}
PERFORMANS
3.1.1
Mahalle forumlarına katılan kadın sayısı 50 220 300 380 460 540 620 6 Ay 6 Ay
PERFORMANS
3.1.2
Mahalle forumlarına katılan erkek sayısı 50 640 660 680 700 720 740 6 Ay 6 Ay
Sorumlu Birim Strateji Geliştirme Müdürlüğü
İşbirliği Yapılacak
Birim(ler)
Kent Konseyi, Basın Yayın ve Halkla İlişkiler Müdürlüğü
Maliyet Tahmini 3.200.000
46""",
]

GOAL_2 = "GÜVENLİ, ERİŞİLEBİLİR VE YAŞANABİLİR BİR KENT İÇİN KENTSEL HİZMETLERİ GELİŞTİRMEK"
OBJ_23 = ("Kadınların ve çocukların kamusal alanı gece de güvenle kullanabilmesi için aydınlatmayı ve "
          "denetimi artırmak")
YEARLY = ("2025", "2026", "2027", "2028", "2029")


def _targets(*values: str) -> dict[str, str]:
    return dict(zip(YEARLY, values))


REAL_PLAN_EXPECTED = {
    (SEG_GOAL, "2"): {"code": "AMAÇ 02", "parent": None, "title": GOAL_2},
    (SEG_OBJECTIVE, "2.3"): {
        "code": "HEDEF 2.3", "parent": "AMAÇ 02", "title": OBJ_23, "responsible": "Fen İşleri Müdürlüğü",
        "cooperating": ["Park ve Bahçeler Müdürlüğü", "Kadın ve Aile Hizmetleri Müdürlüğü", "Zabıta Müdürlüğü"],
        "risks": "Enerji maliyetlerinin beklenenden hızlı artması; Aydınlatma ekipmanına yönelik vandalizm",
        "strategies": "Öncelik, kadın danışma noktaları ve okul yollarındaki parklara verilecektir.",
        "cost": "48750000",
        "findings": "Parkların yaklaşık üçte birinde gece aydınlatması yetersizdir.",
        "needs": "Enerji tasarruflu armatür alımı; Kadın örgütleriyle ortak güvenlik yürüyüşü programı"},
    (SEG_INDICATOR, "2.3.1"): {
        "code": "PERFORMANS 2.3.1", "parent": "HEDEF 2.3",
        "title": "Güvenlik aydınlatması denetimi yapılmış park sayısı", "weight": "40", "baseline": "18",
        "targets": _targets("25", "35", "45", "55", "65"), "monitoring": "6 Ay", "reporting": "6 Ay"},
    (SEG_INDICATOR, "2.3.2"): {
        "code": "PERFORMANS 2.3.2", "parent": "HEDEF 2.3", "title": "Acil çağrı butonu bulunan park oranı",
        "weight": "35", "baseline": "10", "unit": "%", "targets": _targets("20", "35", "50", "65", "80"),
        "monitoring": "Yıllık", "reporting": "Yıllık"},
    (SEG_INDICATOR, "2.3.3"): {
        "code": "PERFORMANS 2.3.3", "parent": "HEDEF 2.3",
        "title": "Gece güvenli yürüyüş etkinliklerine katılan kadın sayısı", "weight": "25", "baseline": "0",
        "targets": _targets("60", "120", "180", "240", "300"), "monitoring": "6 Ay", "reporting": "Yıllık"},
    (SEG_OBJECTIVE, "2.4"): {
        "code": "HEDEF 2.4", "parent": "AMAÇ 02", "title": "Mahalle ölçeğinde yeşil alan miktarını artırmak",
        "responsible": "Park ve Bahçeler Müdürlüğü", "cooperating": ["İmar ve Şehircilik Müdürlüğü"],
        "cost": "126400000"},
    (SEG_INDICATOR, "2.4.1"): {
        "code": "PERFORMANS 2.4.1", "parent": "HEDEF 2.4", "title": "Kişi başına düşen aktif yeşil alan (m²)",
        "weight": "100", "baseline": "7.4", "targets": _targets("7.6", "7.9", "8.2", "8.6", "9"),
        "monitoring": "Yıllık", "reporting": "Yıllık"},
    (SEG_GOAL, "3"): {"code": "AMAÇ 03", "parent": None,
                      "title": "KATILIMCI VE ŞEFFAF BİR YÖNETİM ANLAYIŞINI GÜÇLENDİRMEK"},
    (SEG_OBJECTIVE, "3.1"): {
        "code": "HEDEF 3.1", "parent": "AMAÇ 03",
        "title": "Karar süreçlerine kadınların ve gençlerin katılımını artırmak",
        "responsible": "Strateji Geliştirme Müdürlüğü",
        "cooperating": ["Kent Konseyi", "Basın Yayın ve Halkla İlişkiler Müdürlüğü"], "cost": "3200000"},
    (SEG_INDICATOR, "3.1.1"): {
        "code": "PERFORMANS 3.1.1", "parent": "HEDEF 3.1", "title": "Mahalle forumlarına katılan kadın sayısı",
        "weight": "50", "baseline": "220", "targets": _targets("300", "380", "460", "540", "620"),
        "monitoring": "6 Ay", "reporting": "6 Ay"},
    (SEG_INDICATOR, "3.1.2"): {
        "code": "PERFORMANS 3.1.2", "parent": "HEDEF 3.1", "title": "Mahalle forumlarına katılan erkek sayısı",
        "weight": "50", "baseline": "640", "targets": _targets("660", "680", "700", "720", "740"),
        "monitoring": "6 Ay", "reporting": "6 Ay"},
}
REAL_CHECKED = CHECKED + ("weight", "monitoring", "reporting", "strategies", "estimated", "off_budget")


def _items(segments, fields=REAL_CHECKED) -> dict[Key, Item]:
    out = {}
    for s in segments:
        item = {"code": s.code, "parent": s.parent_code, "title": s.title}
        item.update({f: s.fields[f] for f in fields if f in s.fields})
        out[(s.kind, s.fields["key"])] = item
    return out


def test_real_style_objective_cards():
    segments = parse_plan(REAL_PLAN, C.STRATEGIC_PLAN)
    problems = diff(REAL_PLAN_EXPECTED, _items(segments))
    assert not problems, "\n".join(problems)
    by_code = {s.code: s for s in segments}
    # the card of HEDEF 2.3 runs over the page break; page numbers and the running header are gone
    assert (by_code["HEDEF 2.3"].page_start, by_code["HEDEF 2.3"].page_end) == (1, 2)
    assert (by_code["AMAÇ 02"].page_start, by_code["AMAÇ 02"].page_end) == (1, 2)
    assert by_code["AMAÇ 03"].page_start == 3
    assert all(RUNNING not in s.text and "\n44" not in s.text for s in segments)
    assert "Kadın ve Aile Hizmetleri Müdürlüğü" in by_code["HEDEF 2.3"].text
    assert [s.kind for s in segments[:3]] == [SEG_GOAL, SEG_OBJECTIVE, SEG_INDICATOR]


def test_real_style_card_reflowed_reads_the_same():
    """The same cards with every cell on one line and no page breaks (a DOCX or HTML copy, or a
    wider layout): the same items and fields, on one page."""
    flat = "\n".join(p.split("\n", 1)[1].rsplit("\n", 1)[0] for p in REAL_PLAN)
    flat = flat.replace(CARD_HEADER, " ".join(CARD_HEADER.split("\n")))
    flat = flat.replace("PERFORMANS\n", "PERFORMANS ").replace("\nyapılmış", " yapılmış")
    flat = flat.replace("park\noranı", "park oranı").replace("etkinliklerine\nkatılan", "etkinliklerine katılan")
    flat = flat.replace("İşbirliği Yapılacak\nBirim(ler)\n", "İşbirliği Yapılacak Birim(ler) ")
    flat = re.sub(r"(PERFORMANS \d\.\d\.\d)\n", r"\1 ", flat)
    flat = re.sub(r"(PERFORMANS \d\.\d\.\d [^\n]+)\n(?=\d)", r"\1 ", flat)  # one row, one line
    assert "sayısı 40 18 25" in flat and "oranı 35 %10" in flat
    segments = parse_plan([flat], C.STRATEGIC_PLAN)
    problems = diff(REAL_PLAN_EXPECTED, _items(segments))
    assert not problems, "\n".join(problems)
    assert {(s.page_start, s.page_end) for s in segments} == {(1, 1)}


# The official performance-target table of a programme ("Performans Hedefi Tablosu"): rows numbered
# 1, 2 instead of coded, "2024 Gerçekleşme / 2025 Gerçekleşme Tahmini / 2026 Hedef" columns, and a
# "Kaynak İhtiyacı 2026 (TL)" group header over Bütçe / Bütçe Dışı / Toplam.
REAL_PROGRAMME = ["""KARAÇAM BELEDİYESİ
2026 YILI PERFORMANS PROGRAMI""", """Karaçam Belediyesi 2026 Yılı Performans Programı
Performans Hedefi Tablosu
İdare Adı KARAÇAM BELEDİYESİ
Stratejik Amaç A2: Güvenli, erişilebilir ve yaşanabilir bir kent için kentsel hizmetleri
geliştirmek
Performans Hedefi PH2.3: Kadınların ve çocukların kamusal alanı gece de güvenle
kullanabilmesi için aydınlatmayı ve denetimi artırmak
Performans Göstergeleri Ölçü Birimi 2024
Gerçekleşme
2025
Gerçekleşme
Tahmini
2026 Hedef
1 Güvenlik aydınlatması denetimi yapılmış park sayısı Adet 18 27 35
2 Gece güvenli yürüyüş etkinliklerine katılan kadın
sayısı
Kişi 0 64 120
Faaliyetler Kaynak İhtiyacı 2026 (TL)
Bütçe Bütçe Dışı Toplam
1 Park ve oyun alanlarında aydınlatma yenilemesi 9.750.000 0 9.750.000
2 Kadın örgütleriyle gece güvenlik yürüyüşleri 450.000 120.000 570.000
Genel Toplam 10.200.000 120.000 10.320.000
Sorumlu Harcama Birimi Fen İşleri Müdürlüğü
Sayfa 12""", """Karaçam Belediyesi 2026 Yılı Performans Programı
Performans Hedefi Tablosu
İdare Adı KARAÇAM BELEDİYESİ
Stratejik Amaç A3: Katılımcı ve şeffaf bir yönetim anlayışını güçlendirmek
Performans Hedefi PH3.1: Karar süreçlerine kadınların ve gençlerin katılımını artırmak
Performans Göstergeleri Ölçü Birimi 2024
Gerçekleşme
2025
Gerçekleşme
Tahmini
2026 Hedef
1 Mahalle forumlarına katılan kadın sayısı Kişi 220 290 380
Faaliyetler Kaynak İhtiyacı 2026 (TL)
Bütçe Bütçe Dışı Toplam
1 Mahalle forumlarının düzenlenmesi 640.000 0 640.000
Genel Toplam 640.000 0 640.000
Sorumlu Harcama Birimi Strateji Geliştirme Müdürlüğü
Sayfa 13"""]

def test_real_style_programme_table():
    segments = parse_plan(REAL_PROGRAMME, C.PERFORMANCE_PROGRAMME)
    got = _items(segments, REAL_CHECKED + ("total",))
    expected = {
        (SEG_GOAL, "2"): {"code": "A2", "parent": None,
                          "title": "Güvenli, erişilebilir ve yaşanabilir bir kent için kentsel hizmetleri geliştirmek"},
        (SEG_OBJECTIVE, "2.3"): {"code": "PH2.3", "parent": "A2", "title": OBJ_23, "year": "2026",
                                 "responsible": "Fen İşleri Müdürlüğü"},
        (SEG_INDICATOR, "2.3.1"): {"code": "1", "parent": "PH2.3", "year": "2026", "unit": "Adet",
                                   "title": "Güvenlik aydınlatması denetimi yapılmış park sayısı",
                                   "realised": {"2024": "18"}, "estimated": {"2025": "27"},
                                   "targets": {"2026": "35"}},
        (SEG_INDICATOR, "2.3.2"): {"code": "2", "parent": "PH2.3", "year": "2026", "unit": "Kişi",
                                   "title": "Gece güvenli yürüyüş etkinliklerine katılan kadın sayısı",
                                   "realised": {"2024": "0"}, "estimated": {"2025": "64"},
                                   "targets": {"2026": "120"}},
        (SEG_ACTIVITY, "2.3.1"): {"code": "1", "parent": "PH2.3", "year": "2026",
                                  "title": "Park ve oyun alanlarında aydınlatma yenilemesi", "cost": "9750000",
                                  "costs": {"2026": "9750000"}, "off_budget": "0", "total": "9750000"},
        (SEG_ACTIVITY, "2.3.2"): {"code": "2", "parent": "PH2.3", "year": "2026",
                                  "title": "Kadın örgütleriyle gece güvenlik yürüyüşleri", "cost": "450000",
                                  "costs": {"2026": "450000"}, "off_budget": "120000", "total": "570000"},
        (SEG_GOAL, "3"): {"code": "A3", "parent": None,
                          "title": "Katılımcı ve şeffaf bir yönetim anlayışını güçlendirmek"},
        (SEG_OBJECTIVE, "3.1"): {"code": "PH3.1", "parent": "A3", "year": "2026",
                                 "title": "Karar süreçlerine kadınların ve gençlerin katılımını artırmak",
                                 "responsible": "Strateji Geliştirme Müdürlüğü"},
        (SEG_INDICATOR, "3.1.1"): {"code": "1", "parent": "PH3.1", "year": "2026", "unit": "Kişi",
                                   "title": "Mahalle forumlarına katılan kadın sayısı",
                                   "realised": {"2024": "220"}, "estimated": {"2025": "290"},
                                   "targets": {"2026": "380"}},
        (SEG_ACTIVITY, "3.1.1"): {"code": "1", "parent": "PH3.1", "year": "2026",
                                  "title": "Mahalle forumlarının düzenlenmesi", "cost": "640000",
                                  "costs": {"2026": "640000"}, "off_budget": "0", "total": "640000"},
    }
    problems = diff(expected, got)
    assert not problems, "\n".join(problems)


REAL_REPORT = ["""Karaçam Belediyesi 2025 Yılı İdare Faaliyet Raporu
PERFORMANS SONUÇLARI
Performans Hedefi 2.3: Kadınların ve çocukların kamusal alanı gece de güvenle
kullanabilmesi için aydınlatmayı ve denetimi artırmak
Performans Göstergesi Yılsonu Hedeflenen Değer Yılsonu Gerçekleşme Değeri Gerçekleşme
Oranı (%)
PG2.3.1 Güvenlik aydınlatması denetimi yapılmış park sayısı 25 27 %108
PG2.3.2 Acil çağrı butonu bulunan park oranı %20 %18 %90
Faaliyet / Proje Sorumlu Birim Bütçe (TL) Harcama (TL) Durum
F2.3.1 Park aydınlatmalarının yenilenmesi Fen İşleri Müdürlüğü 9.100.000,00 8.874.250,40 Tamamlandı
F2.3.2 Acil çağrı butonlarının kurulması Park ve Bahçeler Müdürlüğü 1.250.000,00 310.000,00 Devam
Ediyor
Değerlendirme: Aydınlatma denetimleri hedefin üzerinde gerçekleşmiştir; buton kurulumu ihale
gecikmesi nedeniyle 2026 yılına sarkmıştır.
3. KURUMSAL KABİLİYET VE KAPASİTENİN DEĞERLENDİRİLMESİ
Üstünlükler: Kadın ve Aile Hizmetleri Müdürlüğü ile ortak çalışma kültürü."""]


def test_real_style_activity_report():
    segments = parse_plan(REAL_REPORT, C.ACTIVITY_REPORT)
    expected = {
        (SEG_OBJECTIVE, "2.3"): {"code": "Performans Hedefi 2.3", "parent": None, "title": OBJ_23, "year": "2025"},
        (SEG_INDICATOR, "2.3.1"): {"code": "PG2.3.1", "parent": "Performans Hedefi 2.3", "year": "2025",
                                   "title": "Güvenlik aydınlatması denetimi yapılmış park sayısı",
                                   "targets": {"2025": "25"}, "realised": {"2025": "27"}, "rate": "108"},
        (SEG_INDICATOR, "2.3.2"): {"code": "PG2.3.2", "parent": "Performans Hedefi 2.3", "year": "2025",
                                   "title": "Acil çağrı butonu bulunan park oranı", "unit": "%",
                                   "targets": {"2025": "20"}, "realised": {"2025": "18"}, "rate": "90"},
        (SEG_ACTIVITY, "2.3.1"): {"code": "F2.3.1", "parent": "Performans Hedefi 2.3", "year": "2025",
                                  "title": "Park aydınlatmalarının yenilenmesi", "responsible": "Fen İşleri Müdürlüğü",
                                  "cost": "9100000", "spent": "8874250.4", "status": "Tamamlandı"},
        (SEG_ACTIVITY, "2.3.2"): {"code": "F2.3.2", "parent": "Performans Hedefi 2.3", "year": "2025",
                                  "title": "Acil çağrı butonlarının kurulması",
                                  "responsible": "Park ve Bahçeler Müdürlüğü", "cost": "1250000",
                                  "spent": "310000", "status": "Devam Ediyor"},
    }
    problems = diff(expected, _items(segments))
    assert not problems, "\n".join(problems)
    objective = segments[0]
    assert "Değerlendirme: Aydınlatma denetimleri" in objective.text   # its own free text ...
    assert "Üstünlükler" not in objective.text                         # ... up to the next section
    assert objective.fields["parent_key"] == "2"


# ------------------------------------------------------------------------------ codes and keys

@pytest.mark.parametrize("line,kind,code,key", [
    ("Amaç 1: Kapsayıcı sosyal hizmetler", SEG_GOAL, "Amaç 1", "1"),
    ("A1 Kapsayıcı sosyal hizmetler", SEG_GOAL, "A1", "1"),
    ("AMAÇ 02 YAŞANABİLİR BİR KENT", SEG_GOAL, "AMAÇ 02", "2"),
    ("Stratejik Amaç 3 - Katılımcı yönetim", SEG_GOAL, "Stratejik Amaç 3", "3"),
    ("Amaç A4: İklime duyarlı ilçe", SEG_GOAL, "A4", "4"),
    ("Hedef 1.1: Şiddetle mücadele", SEG_OBJECTIVE, "Hedef 1.1", "1.1"),
    ("H1.2 Kadın istihdamı", SEG_OBJECTIVE, "H1.2", "1.2"),
    ("HEDEF 2.3 GÜVENLİ PARKLAR", SEG_OBJECTIVE, "HEDEF 2.3", "2.3"),
    ("Stratejik Hedef 02.01: Afet toplanma alanları", SEG_OBJECTIVE, "Stratejik Hedef 02.01", "2.1"),
    ("Performans Hedefi HEDEF 1.1: Danışma", SEG_OBJECTIVE, "HEDEF 1.1", "1.1"),
    ("Performans Hedefi 4.2 Enerji", SEG_OBJECTIVE, "Performans Hedefi 4.2", "4.2"),
    ("PG1.1.1 Başvuran kadın sayısı", SEG_INDICATOR, "PG1.1.1", "1.1.1"),
    ("PG 2.1.2 Yenilenen park alanı", SEG_INDICATOR, "PG 2.1.2", "2.1.2"),
    ("PERFORMANS 5.3.1 Aydınlatılan sokak", SEG_INDICATOR, "PERFORMANS 5.3.1", "5.3.1"),
    ("Performans Göstergesi 1.1.1: Kreş kapasitesi", SEG_INDICATOR, "Performans Göstergesi 1.1.1", "1.1.1"),
    ("G3.1.2 Fide dağıtılan kadın üretici", SEG_INDICATOR, "G3.1.2", "3.1.2"),
    ("F1.3.1 Mahalle kreşleri", SEG_ACTIVITY, "F1.3.1", "1.3.1"),
    ("FP1.1.1 Sahil yürüyüş yolu", SEG_ACTIVITY, "FP1.1.1", "1.1.1"),
    ("FAALİYET 1.2.1 Evde bakım", SEG_ACTIVITY, "FAALİYET 1.2.1", "1.2.1"),
    ("Faaliyet 1.1.2 Şiddeti önleme eğitimleri", SEG_ACTIVITY, "Faaliyet 1.1.2", "1.1.2"),
    ("• Proje 2.2.1 Kapalı spor salonu", SEG_ACTIVITY, "Proje 2.2.1", "2.2.1"),
    ("H.2.1 - Yağmur suyu hatları", SEG_OBJECTIVE, "H.2.1", "2.1"),
    ("SA2: Dirençli kent", SEG_GOAL, "SA2", "2"),
])
def test_codes_in_every_style(line, kind, code, key):
    m = match_code(line)
    assert m is not None and (m.kind, m.code, m.number) == (kind, code, key)


@pytest.mark.parametrize("line", [
    "Proje 4.905.000,00",                 # an amount after the kind cell, not a code
    "2.1. Paydaş Analizi",
    "Hedef 2025 yılında aşılmıştır",
    "A4 kâğıdına basılmıştır",            # a goal code needs a capital, a colon or nothing after it
    "Performans Göstergeleri",
    "Faaliyet ve Projeler",
    "Kod Faaliyet / Proje Tür Sorumlu Birim Maliyet Tahmini",
    "F1 yarışları",
])
def test_not_codes(line):
    m = match_code(line)
    assert m is None or (m.kind == SEG_GOAL and m.rest and m.rest[0].islower())


def test_hedef_mentioned_in_a_sentence_is_no_heading():
    pages = ["Hedef 1.1: Kreş kapasitesini artırmak\nSorumlu Birim: Kadın ve Aile Hizmetleri Müdürlüğü\n"
             "Hedef 1.1 kapsamında iki yeni kreş açılacaktır."]
    segments = parse_plan(pages, C.STRATEGIC_PLAN)
    assert [(s.kind, s.code) for s in segments] == [(SEG_OBJECTIVE, "Hedef 1.1")]
    assert "iki yeni kreş" in segments[0].text


def test_keys_agree_across_code_styles():
    """A plan printed "A1 / H1.1 / PG1.1.1" and a programme printed "Amaç 1 / Hedef 1.1 / PG 1.1.1"
    give the same keys, so promises can be followed from one to the other."""
    plan = ["A1: Kapsayıcı sosyal hizmetler sunmak\nH1.1: Kreş kapasitesini artırmak\n"
            "Sorumlu Birim: Kadın ve Aile Hizmetleri Müdürlüğü\n"
            "Kod Gösterge Birim Başlangıç Değeri (2024) 2025 2026 2027 2028 2029\n"
            "PG1.1.1 Kreşte hizmet alan çocuk sayısı kişi 120 160 220 260 300 320"]
    programme = ["2026 YILI PERFORMANS PROGRAMI\nPerformans Hedefi Hedef 1.1: Kreş kapasitesini artırmak\n"
                 "Bağlı Olduğu Amaç: Amaç 1: Kapsayıcı sosyal hizmetler sunmak\n"
                 "Kod Performans Göstergesi Birim 2026 Hedefi\nPG 1.1.1 Kreşte hizmet alan çocuk sayısı kişi 220"]
    a = {(s.kind, s.fields["key"]): s for s in parse_plan(plan, C.STRATEGIC_PLAN)}
    b = {(s.kind, s.fields["key"]): s for s in parse_plan(programme, C.PERFORMANCE_PROGRAMME)}
    assert a.keys() == b.keys() == {(SEG_GOAL, "1"), (SEG_OBJECTIVE, "1.1"), (SEG_INDICATOR, "1.1.1")}
    assert a[(SEG_INDICATOR, "1.1.1")].fields["targets"]["2026"] == b[(SEG_INDICATOR, "1.1.1")].fields["targets"]["2026"]
    assert (a[(SEG_OBJECTIVE, "1.1")].code, b[(SEG_OBJECTIVE, "1.1")].code) == ("H1.1", "Hedef 1.1")


def test_short_codes_borrow_the_objective_key():
    pages = ["HEDEF 2.3: Parkları güvenli hale getirmek\nPerformans Göstergeleri\n"
             "Kod Gösterge Birim 2025 Hedefi\nPG1 Denetlenen park sayısı adet 25\nPG2 Acil butonlu park sayısı adet 8"]
    segments = parse_plan(pages, C.PERFORMANCE_PROGRAMME)
    keys = {s.code: s.fields["key"] for s in segments}
    assert keys == {"HEDEF 2.3": "2.3", "PG1": "2.3.1", "PG2": "2.3.2"}


def test_unknown_doc_type_and_text_without_codes():
    with pytest.raises(UnsupportedDocType, match="meclis_kararlari"):
        parse_plan(["Hedef 1.1: x"], C.COUNCIL_DECISIONS)
    assert parse_plan(["Bu belgede amaç ve hedef yoktur.", ""], C.STRATEGIC_PLAN) == []
    assert parse_plan([], C.ACTIVITY_REPORT) == []


@pytest.mark.parametrize("name", ["gebze_kurumsal-mali-durum-ve-beklentiler-raporu_2022.pdf",
                                  "gebze_meclis-kararlari_2025-08.pdf"])
def test_real_municipal_pdfs_without_plan_codes_give_nothing(realdata, name):
    """Real Gebze PDFs (a budget report full of percentages and economic codes, a council bundle that
    quotes directorates and "Stratejik Plan") are no plans: reading them as one must find nothing."""
    ex = extract_bytes((realdata / name).read_bytes(), content_type="application/pdf")
    pages = [p.text for p in ex.pages]
    assert parse_plan(pages, C.ACTIVITY_REPORT) == []
    assert parse_plan(pages, C.STRATEGIC_PLAN) == []
