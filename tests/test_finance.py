"""Kurumsal Mali Durum ve Beklentiler Raporu: table rows, Finansman figures and headline totals.

The real-data tests hold the totals as printed in Gebze's 2021 and 2022 reports (read off the rendered
pages), so a parser change that moves one cent, one column or one year fails here.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from muniwatch.constants import SEG_BUDGET_LINE
from watch.structure.finance import (
    budget_totals, cell_value, parse_financial_report, report_year, total_disagreements,
)

D = Decimal

# Our own sample report (invented municipality and figures; the rows add up).
SAMPLE_PAGE_1 = """\
1
ÖRNEKKÖY BELEDİYESİ 2030 YILI KURUMSAL MALİ DURUM VE BEKLENTİLER RAPORU
I. OCAK-HAZİRAN 2030 DÖNEMİ BÜTÇE UYGULAMA SONUÇLARI
A. Bütçe Giderleri
2030 mali yılına ait giderlerde kullanılmak üzere Belediyemize toplam 9.880,00 TL ödenek ayrılmıştır.
2030 yılı için öngörülen başlangıç ödeneklerinde, 2029 yılında gerçekleşen giderlere göre 23,50% artış olmuştur.
2029 Gider Gerçekleşmeleri ile 2030 Başlangıç Ödeneği Gelişimi
Bütçe Tertibi
2029 2030
Artış Oranı
01-Personel Giderleri 5.000.000,00 6.551.000,00 31,02%
03-Mal ve Hizmet Alımı
Giderleri 3.000.000,00 3.318.000,00 10,60%
05-Cari Transferler 0,00 11.000,00 *
TOPLAM 8.000.000,00 9.880.000,00 23,50%
*Transfer kalemi geçen yıl kullanılmamıştır. 5.000.000,00 3.000.000,00
01-Personel
Giderleri
03-Mal ve
Hizmet Alımı
"""

SAMPLE_PAGE_2 = """\
2
B. Bütçe Gelirleri
Gelir kalemlerinin iki yıllık seyri aşağıdadır.
2029 2030 2029 2030
01-Vergi Gelirleri 8.000.000,00 9.000.000,00 2.000.000,00 4.354.800,00 25,00% 48,39% 117,74 %
04-Alınan Bağış ve
Yardımlar ile Özel
Gelirler
0,00 1.000.000,00 0,00 250.000,00 0,00% 25,00% *
09-Red ve İadeler -100.000,00 -120.000,00 -40.000,00 -60.000,00 40,00% 50,00% 50,00%
TOPLAM 7.900.000,00 9.880.000,00 1.960.000,00 4.544.800,00 24,81% 46,00% 131,88%
2029 ve 2030 Yılları Ocak-Haziran Dönemi Bütçe Gelirlerinin Gelişimi
Gelir Ekonomik Kod 2029 Gelir Gerçekleşmesi 2030 Planlanan Gelir
C. Finansman
Gelir
2030 Yılı Gelir Bütçesi: 9.880.000,00 TL
Ocak-Haziran Gerçekleşme: 4.544.800,00 TL ( %46,00 gerçekleşme )
Gider 2030 Yılı Bütçe Ödeneği: 9.880.000,00TL
Ocak-Haziran Gerçekleşme: 3.064.776,00 TL ( % 31,02 gerçekleşme )
Bütçenin ilk altı aylık döneminde; gelir giderden 1.480.024,00 TL fazla olarak gerçekleşmiştir.
II- OCAK-HAZİRAN 2030 DÖNEMİNDE YÜRÜTÜLEN FAALİYETLER
Hizmetler plana uygun sürdürülmüştür.
"""


def _by(segments, kind):
    return [s for s in segments if s.fields["table_kind"] == kind]


def test_sample_tables_rows_and_columns():
    segs = parse_financial_report([SAMPLE_PAGE_1, SAMPLE_PAGE_2])
    assert all(s.kind == SEG_BUDGET_LINE for s in segs)
    gelisim = _by(segs, "gelisim")
    assert [s.code for s in gelisim] == ["01", "03", "05", "toplam"]   # chart labels are not rows
    assert [s.title for s in gelisim] == ["Personel Giderleri", "Mal ve Hizmet Alımı Giderleri",
                                          "Cari Transferler", "Toplam"]
    first = gelisim[0].fields
    assert first["table"] == "2029 Gider Gerçekleşmeleri ile 2030 Başlangıç Ödeneği Gelişimi"
    assert first["side"] == "gider" and first["page"] == 1
    assert first["values"] == {"gerceklesme_2029": "5000000.00", "butce_2030": "6551000.00",
                               "artis_orani": "31.02"}
    assert gelisim[2].fields["values"] == {"gerceklesme_2029": "0.00", "butce_2030": "11000.00"}  # "*"

    gelir = _by(segs, "ocak_haziran")       # its title comes after the rows, as PDFium prints some tables
    assert [s.code for s in gelir] == ["01", "04", "09", "toplam"]
    assert gelir[0].fields["side"] == "gelir"
    assert gelir[0].fields["table"] == "2029 ve 2030 Yılları Ocak-Haziran Dönemi Bütçe Gelirlerinin Gelişimi"
    assert gelir[0].fields["values"]["artis_orani"] == "117.74"          # "117,74 %"
    assert gelir[1].title == "Alınan Bağış ve Yardımlar ile Özel Gelirler"
    assert gelir[1].fields["values"]["ocak_haziran_2030"] == "250000.00"
    assert gelir[2].fields["values"]["gerceklesme_2029"] == "-100000.00"
    assert [s.ordinal for s in segs] == list(range(len(segs)))


def test_sample_totals_prefer_finansman_and_tables_and_report_disagreements():
    segs = parse_financial_report([SAMPLE_PAGE_1, SAMPLE_PAGE_2])
    assert report_year([SAMPLE_PAGE_1]) == 2030
    totals = budget_totals(segs)
    assert totals[2029] == {
        "gider_gerceklesme": D("8000000.00"),
        "gelir_gerceklesme": D("7900000.00"), "gelir_ocak_haziran": D("1960000.00"),
        "gelir_ocak_haziran_orani": D("24.81"),
    }
    assert totals[2030] == {
        "gider_butce": D("9880000.00"), "gider_butce_artis_orani": D("23.50"),
        "gider_ocak_haziran": D("3064776.00"), "gider_ocak_haziran_orani": D("31.02"),
        "gelir_butce": D("9880000.00"), "gelir_ocak_haziran": D("4544800.00"),
        "gelir_ocak_haziran_orani": D("46.00"), "gelir_ocak_haziran_artis_orani": D("131.88"),
        "gelir_gider_farki_ocak_haziran": D("1480024.00"),
    }
    # The prose typo (9.880,00 TL) loses to the tables, and is reported.
    assert total_disagreements(segs) == [{
        "year": 2030, "key": "gider_butce",
        "values": [(D("9880000.00"), "Finansman", 2),
                   (D("9880000.00"), "2029 Gider Gerçekleşmeleri ile 2030 Başlangıç Ödeneği Gelişimi", 1),
                   (D("9880.00"), "Metin", 1)],
    }]
    prose = _by(segs, "metin")[0]
    assert prose.text.startswith("2030 mali yılına ait giderlerde")   # quoted as printed, not folded


def test_untitled_table_is_named_by_width_and_report_year():
    page = ("2031 YILI KURUMSAL MALİ DURUM VE BEKLENTİLER RAPORU\n"
            "01-Personel Giderleri 6.000.000,00 2.900.000,00 3.100.000,00 100,00%\n"
            "TOPLAM 6.000.000,00 2.900.000,00 3.100.000,00 100,00%\n")
    toplam = parse_financial_report([page])[-1]
    assert toplam.fields["table_kind"] == "yilsonu_tahmini" and toplam.fields["table"] is None
    assert toplam.fields["values"] == {"butce_2031": "6000000.00", "ocak_haziran_2031": "2900000.00",
                                       "temmuz_aralik_tahmini_2031": "3100000.00",
                                       "tahmini_gerceklesme_orani": "100.00"}
    assert toplam.fields["side"] == "gider"


def test_row_with_wrong_cell_count_keeps_cells_without_guessing():
    page = ("2029 Gider Gerçekleşmeleri ile 2030 Başlangıç Ödeneği Gelişimi\n"
            "01-Personel Giderleri 5.000.000,00 6.551.000,00 31,02%\n"
            "02-SGK Devlet Primi Giderleri 700.000,00 12,50%\n"
            "TOPLAM 5.700.000,00 6.551.000,00 14,93%\n")
    segs = parse_financial_report([page])
    sgk = next(s for s in segs if s.code == "02")
    assert sgk.fields["values"] == {} and sgk.fields["cells"] == ["700.000,00", "12,50%"]
    assert "2 cells" in sgk.fields["warning"]


@pytest.mark.parametrize("cell, value", [
    ("31,02%", "31.02"), ("117,74%", "117.74"), ("%45,73", "45.73"), ("-35,83%", "-35.83"),
    ("282.402.641,23", "282402641.23"), ("-1.556.944,21", "-1556944.21"), ("₺63.784.986,77", "63784986.77"),
    ("-₺25,05", "-25.05"), ("55.372.367", "55372367"), ("*", None), ("######", None),
])
def test_cell_values(cell, value):
    got = cell_value(cell)
    assert (str(got) if got is not None else None) == value


# ------------------------------------------------------------------------------ the real reports

# As printed in the reports (Finansman section first, then TOPLAM rows, then the text).
GEBZE_TOTALS = {
    2021: {
        2020: {
            "gider_gerceklesme": "285706029.44", "gider_ocak_haziran": "126476777.76",
            "gider_ocak_haziran_orani": "44.27",
            "gelir_gerceklesme": "422914996.83", "gelir_ocak_haziran": "149292404.18",
            "gelir_ocak_haziran_orani": "35.30",
        },
        2021: {
            "gider_butce": "400000000.00", "gider_butce_artis_orani": "40.00",
            "gider_ocak_haziran": "182917543.71", "gider_ocak_haziran_orani": "45.73",
            "gider_ocak_haziran_artis_orani": "44.63", "gider_temmuz_aralik_tahmini": "203732401.27",
            "gider_yilsonu_tahmini": "386649945.00", "gider_yilsonu_orani": "96.66",
            "gelir_butce": "400000000.00", "gelir_ocak_haziran": "244606725.19",
            "gelir_ocak_haziran_orani": "61.15", "gelir_ocak_haziran_artis_orani": "63.84",
            "gelir_temmuz_aralik_tahmini": "180900000.00", "gelir_yilsonu_tahmini": "425506725.00",
            "gelir_yilsonu_orani": "106.38",
            "gelir_gider_farki_ocak_haziran": "61689181.48", "gelir_gider_farki_yilsonu": "38856780.00",
        },
    },
    2022: {
        2021: {
            "gider_gerceklesme": "453429172.82", "gider_ocak_haziran": "182916967.86",
            "gider_ocak_haziran_orani": "40.34", "gelir_gerceklesme": "543183405.31",
        },
        2022: {
            "gider_butce": "987290000.00", "gider_butce_artis_orani": "117.74",
            "gider_ocak_haziran": "351524749.48", "gider_ocak_haziran_orani": "35.61",
            "gider_ocak_haziran_artis_orani": "92.18", "gider_temmuz_aralik_tahmini": "565312122.68",
            "gider_yilsonu_tahmini": "916836872.16", "gider_yilsonu_orani": "92.86",
            "gelir_butce": "987290000.00", "gelir_ocak_haziran": "381851908.91",
            "gelir_ocak_haziran_orani": "38.68", "gelir_temmuz_aralik_tahmini": "525186281.73",
            "gelir_yilsonu_tahmini": "907038190.64", "gelir_yilsonu_orani": "91.87",
            "gelir_gider_farki_ocak_haziran": "30327159.43", "gelir_gider_farki_yilsonu": "-9798681.52",
        },
    },
}


@pytest.fixture(scope="module")
def gebze_reports(realdata):
    from watch.extract import extract_file

    out = {}
    for year in (2021, 2022):
        extraction = extract_file(realdata / f"gebze_kurumsal-mali-durum-ve-beklentiler-raporu_{year}.pdf")
        out[year] = (extraction, parse_financial_report([p.text for p in extraction.pages]))
    return out


@pytest.mark.realdata
@pytest.mark.parametrize("year", [2021, 2022])
def test_gebze_budget_totals_equal_the_printed_ones(gebze_reports, year):
    _, segs = gebze_reports[year]
    expected = {y: {k: D(v) for k, v in keys.items()} for y, keys in GEBZE_TOTALS[year].items()}
    assert budget_totals(segs) == expected


@pytest.mark.realdata
def test_gebze_2021_cover_is_a_picture_and_tables_are_text(gebze_reports):
    extraction, segs = gebze_reports[2021]
    assert extraction.pages[0].ocr                      # the cover page has no text layer
    assert not any(s.page_start in (1, 14) for s in segs)
    tables = [(s.fields["table_kind"], s.fields["side"]) for s in segs if s.code == "toplam"]
    assert tables == [("gelisim", "gider"), ("ocak_haziran", "gider"), ("ocak_haziran", "gelir"),
                      ("yilsonu_tahmini", "gider"), ("yilsonu_tahmini", "gelir")]
    row07 = next(s for s in segs if s.code == "07" and s.fields["table_kind"] == "gelisim")
    assert row07.title == "Sermaye Transferleri"
    assert row07.fields["values"] == {"gerceklesme_2020": "194574.29", "butce_2021": "1600000.00",
                                      "artis_orani": "722.31"}
    aid = next(s for s in segs if s.code == "05.4" and s.fields["table_kind"] == "ek")
    assert aid.title == "HANE HALKINA YAPILAN TRANSFERLER" and aid.parent_code == "05"
    assert aid.fields["values"]["gerceklesme_2020"] == "2060881"
    assert aid.fields["values"]["butce_2021"] == "2930000"
    assert aid.fields["values"]["yilsonu_tahmini_2021"] == "2722542"
    # The revenue forecast table prints a different Jan-Jun total from the Finansman section.
    assert {(d["year"], d["key"]) for d in total_disagreements(segs)} == {(2021, "gelir_ocak_haziran")}


@pytest.mark.realdata
def test_gebze_2022_rows_typos_and_disagreements(gebze_reports):
    _, segs = gebze_reports[2022]
    toplam = next(s for s in segs if s.code == "toplam" and s.fields["table_kind"] == "gelisim")
    assert toplam.fields["table"] == "2021 Gerçekleşmeleri ile 2022 Başlangıç Ödeneği Gelişimi"
    assert toplam.fields["values"]["artis_orani"] == "117.74"
    # "2020 Yılı Gelir Bütçesi" in the 2022 year-end Finansman block: kept for 2022, flagged.
    typo = [s for s in segs if s.fields.get("stated_year")]
    assert [(s.code, s.fields["stated_year"], s.fields["years"]) for s in typo] == [("gelir", 2020, [2022])]
    aid = next(s for s in segs if s.code == "05.4" and s.fields["table_kind"] == "ek")
    assert aid.fields["values"]["butce_2022"] == "6250000.00"
    assert aid.fields["values"]["temmuz_aralik_tahmini_2022"] == "1200000.00"
    assert aid.fields["values"]["yilsonu_tahmini_2022"] == "2737912.32"
    found = {(d["year"], d["key"]): [v for v, _, _ in d["values"]] for d in total_disagreements(segs)}
    assert found == {
        (2021, "gider_ocak_haziran_orani"): [D("40.34"), D("40.01")],
        (2022, "gider_butce"): [D("987290000.00")] * 5 + [D("987290.00")],   # "987.290,00 TL" in the text
        (2022, "gider_ocak_haziran_artis_orani"): [D("92.18"), D("93.76")],
    }
