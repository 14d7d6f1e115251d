"""watch.turkish: Turkish case, folding, search keys, PDF cleanup, numbers and dates.

Unit tests pin the Turkish edge cases; hypothesis tests pin the promises (idempotence, round trips,
suffix-stable search keys) on inputs nobody thought of.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from watch import turkish as tr
from watch.turkish import (
    MONTHS, NORMALIZER_VERSION, dehyphenate, find_amounts, find_dates, fold, format_number_tr,
    format_percent_tr, normalize_for_compare, normalize_whitespace, parse_date, parse_money, parse_month,
    parse_number, parse_percent, repair_broken_font, search_key, search_query, search_text, search_tokens,
    stem, strip_headers_footers, tr_lower, tr_title, tr_upper,
)

PROPS = settings(deadline=None, max_examples=150, database=None,
                 suppress_health_check=[HealthCheck.too_slow])

TR_LOWER = "abcçdefgğhıijklmnoöprsştuüvyz"
TR_UPPER = "ABCÇDEFGĞHIİJKLMNOÖPRSŞTUÜVYZ"
TR_LETTERS = TR_LOWER + TR_UPPER
turkish_words = st.text(alphabet=TR_LETTERS, min_size=1, max_size=20)

# Forms of one word must share one search key. Written for this test: base form first, then
# inflected forms (plural, possessive, case, -ki, combinations, other capitalisation).
WORD_FORMS: dict[str, list[str]] = {
    "kadın": ["kadınlar", "kadınların", "kadınlara", "kadına", "kadını", "kadının", "kadınlarla",
              "kadınlardan", "kadınlarımızın", "KADINLARIN", "Kadın'ın", "kadında", "kadınlarına", "kadin"],
    "eşitlik": ["eşitliği", "eşitliğini", "eşitliğin", "eşitliğe", "eşitlikte", "eşitliğinde", "EŞİTLİK",
                "esitlik", "eşitliğinin"],
    "kreş": ["kreşler", "kreşlerin", "kreşe", "kreşte", "kreşi", "kreşlere", "kreşlerde", "kreşten", "KREŞİ"],
    "sığınmaevi": ["sığınmaevleri", "sığınmaevinin", "sığınmaevine", "sığınmaevinde", "sığınmaevlerinin"],
    "şiddet": ["şiddete", "şiddetin", "şiddeti", "şiddetle", "şiddetten", "şiddetinin", "ŞİDDET"],
    "bütçe": ["bütçesi", "bütçeleri", "bütçenin", "bütçeye", "bütçede", "bütçesinde", "bütçeden", "bütçelerin"],
    "plan": ["planı", "planların", "planlar", "planda", "plana", "planın", "planına", "planlarında", "planının"],
    "belediye": ["belediyesi", "belediyeleri", "belediyenin", "belediyeye", "belediyemiz", "belediyemizin",
                 "belediyede", "belediyeden", "belediyelerin", "belediyesinin", "belediyedeki", "BELEDİYESİ"],
    "müdürlük": ["müdürlüğü", "müdürlüğünün", "müdürlükler", "müdürlüğe", "müdürlüğüne", "müdürlüklerin",
                 "müdürlükte", "MÜDÜRLÜĞÜ"],
    "hizmet": ["hizmetleri", "hizmetler", "hizmetin", "hizmete", "hizmette", "hizmetten", "hizmetlerinde"],
    "çocuk": ["çocuklar", "çocuğu", "çocuğun", "çocuklara", "çocuğa", "çocukların", "çocukta"],
    "merkez": ["merkezi", "merkezleri", "merkezinin", "merkeze", "merkezde", "merkezlerin"],
    "komisyon": ["komisyonu", "komisyonları", "komisyonun", "komisyona", "komisyonda", "komisyonunun"],
    "karar": ["kararı", "kararları", "kararların", "karara", "kararda", "kararın", "kararıyla"],
    "program": ["programı", "programları", "programın", "programa", "programda", "programının"],
    "rapor": ["raporu", "raporları", "raporun", "rapora", "raporda", "raporunda", "raporunun"],
    "faaliyet": ["faaliyetleri", "faaliyetin", "faaliyete", "faaliyetler", "faaliyetlerin"],
    "gösterge": ["göstergesi", "göstergeleri", "göstergenin", "göstergeler"],
    "hedef": ["hedefi", "hedefleri", "hedefin", "hedefe", "hedeflerin"],
    "amaç": ["amacı", "amaçları", "amacın", "amaca", "amaçlar", "amacıyla"],
    "aile": ["ailesi", "aileler", "ailelere", "ailenin", "aileye", "ailelerin"],
    "eğitim": ["eğitimi", "eğitimleri", "eğitimin", "eğitime", "eğitimde", "eğitimler"],
    "bakım": ["bakımı", "bakıma", "bakımın", "bakımda"],
    "bakımevi": ["bakımevleri", "bakımevinin", "bakımevine"],
    "yaşlı": ["yaşlılar", "yaşlıların", "yaşlılara", "yaşlıya"],
    "engelli": ["engelliler", "engellilerin", "engellilere", "engelliye"],
    "proje": ["projesi", "projeleri", "projenin", "projeye", "projede"],
    "meclis": ["meclisi", "meclise", "meclisin", "meclisinde", "meclislerin", "mecliste"],
    "istihdam": ["istihdamı", "istihdama", "istihdamın", "istihdamda"],
    "destek": ["desteği", "desteğin", "desteğe", "destekler", "desteklerin"],
    "hak": ["hakkı", "hakları", "hakların", "hakkında"],
    "şehir": ["şehri", "şehrin", "şehre", "şehirde", "şehirler"],
    "kayıt": ["kaydı", "kayıtlar", "kayda", "kayıtların"],
    "oyun": ["oyunu", "oyunlar", "oyuna"],
    "ilçe": ["ilçesi", "ilçeler", "ilçenin", "ilçede", "ilçemizde"],
    "parsel": ["parseli", "parselin", "parsele", "parsellerin", "parseldeki"],
    "gün": ["günü", "günün", "günler", "güne"],
}


# ----------------------------------------------------------------------------------------- case

def test_python_lower_is_wrong_for_turkish_and_tr_lower_is_right():
    assert "KADIN".lower() == "kadin"  # what Python does: wrong for Turkish (dotless ı lost)
    assert "İ".lower() == "i\u0307"  # and İ becomes i + combining dot
    assert tr_lower("KADIN") == "kadın"
    assert tr_lower("İSTANBUL") == "istanbul"
    assert tr_lower("EŞİTLİĞİ") == "eşitliği"
    assert tr_lower("IĞDIR İLİ") == "ığdır ili"


def test_tr_upper_and_title():
    assert "istanbul".upper() == "ISTANBUL"  # Python again: dotted i loses its dot
    assert tr_upper("istanbul") == "İSTANBUL"
    assert tr_upper("ılık şiddet") == "ILIK ŞİDDET"
    assert tr_title("İSTANBUL'DA KADIN DANIŞMA MERKEZİ") == "İstanbul'da Kadın Danışma Merkezi"
    assert tr_title("ilçe ıslahı") == "İlçe Islahı"


# ------------------------------------------------------------------------------------- folding

def test_fold_examples():
    assert fold("KADINLARIN") == fold("kadınların") == "kadinlarin"
    assert fold("EŞİTLİĞİNİ") == "esitligini"
    assert fold("Çocuk Gündüz Bakımevi") == "cocuk gunduz bakimevi"
    assert fold("Kâtip hükûmet îmar") == "katip hukumet imar"
    assert fold("i\u0307lçe") == "ilce"  # what "İlçe".lower() leaves behind
    assert fold("Kadın’ın  Kadın`ın Kadın´ın") == "kadin'in kadin'in kadin'in"
    assert fold("  ﬁnans\u00a0\t\n planı\u00ad ") == "finans plani"
    assert fold("s\u0327iddet") == "siddet"  # decomposed ş from a PDF


def test_fold_keeps_eşit_apart_from_çeşitli_as_words():
    assert fold("çeşitli") == "cesitli"
    assert re.search(r"\besit", fold("Çeşitli hizmetler")) is None
    assert search_key("çeşitli") != search_key("eşit")


# ----------------------------------------------------------------------------- stems and keys

def test_stem_is_snowball_on_turkish_lower_case_and_shows_the_trap():
    assert stem("KADINLAR") == stem("kadınlar") == "kadın"
    assert stem("EŞİTLİĞİNİ") == "eşitlik"
    # The trap that search_key exists for: snowball cuts the base form and its dative differently.
    assert stem("kadın") != stem("kadınlar")
    assert stem("şiddet") != stem("şiddete")


def test_word_list_is_large_enough():
    assert sum(len(forms) + 1 for forms in WORD_FORMS.values()) >= 60


@pytest.mark.parametrize("base,form", [(b, f) for b, forms in WORD_FORMS.items() for f in forms])
def test_every_form_shares_the_base_key(base, form):
    assert search_tokens(form) == [search_key(base)]


def test_keys_are_readable_and_distinct_where_meaning_differs():
    assert search_key("kadın") == "kadin"
    assert search_key("eşitliği") == "esitlik"
    assert search_key("müdürlüğünün") == "mudurluk"
    keys = [search_key(w) for w in ("kadın", "kadastro", "eşit", "eşitlik", "eşitlikçi", "çeşitli",
                                    "bakım", "bakımevi", "ilgi", "ilk", "plan", "planlama", "hisse", "his")]
    assert len(set(keys)) == len(keys)
    assert len({search_key(b) for b in WORD_FORMS}) == len(WORD_FORMS)


def test_search_tokens_split_words_apostrophes_and_digits():
    assert search_tokens("Kadın'ın eşitliği, 2025’te H1.1") == ["kadin", "esitlik", "2025", "h1", "1"]
    assert search_tokens("Kadın-Erkek Fırsat Eşitliği") == ["kadin", "erkek", "firsat", "esitlik"]
    assert search_tokens("ka\u00addınların") == ["kadin"]  # soft hyphen inside a word
    assert search_tokens("  ,;- ") == []
    assert search_text("KADINLARA yönelik şiddet") == "kadin yonelik siddet"


def test_search_query_builds_fts5_match():
    assert search_query("kadınlara şiddet") == '"kadin" AND "siddet"'
    assert search_query("EŞİTLİĞİ eşitl*") == '"esitlik" AND "esitl"*'
    assert search_query('kadın-erkek* OR "NOT"') == '"kadin" AND "erkek"* AND "or" AND "not"'
    assert search_query("  * ") == ""


def test_fts5_search_over_indexed_keys_finds_turkish_forms():
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE pages USING fts5(body, keys)")
    docs = ["KADINLARIN İSTİHDAMI için kooperatif", "Kadına yönelik şiddetle mücadele",
            "Toplumsal cinsiyet eşitliğini gözeten bütçe", "Çeşitli yol bakım onarım işleri",
            "Kadastro müdürlüğünün yazısı"]
    db.executemany("INSERT INTO pages VALUES (?, ?)", [(d, search_text(d)) for d in docs])

    def hits(q: str) -> list[int]:
        rows = db.execute("SELECT rowid FROM pages WHERE keys MATCH ? ORDER BY rowid", (search_query(q),))
        return [r[0] for r in rows]

    assert hits("kadın") == [1, 2]
    assert hits("KADINLARA şiddet") == [2]
    assert hits("eşitlik") == [3]
    assert hits("eşit") == []  # "çeşitli" is not "eşit"
    assert hits("eşitl*") == [3]
    assert hits("kad*") == [1, 2, 5]
    assert hits("müdürlük") == [5]


# ------------------------------------------------------------------------------ PDF text cleanup

def test_repair_broken_font():
    assert repair_broken_font("KADIN ÞÝDDETÝ") == "KADIN ŞİDDETİ"
    assert repair_broken_font("eþitliði ýþýk") == "eşitliği ışık"
    assert repair_broken_font("ÐÜNDEM Đstanbul") == "ĞÜNDEM İstanbul"
    assert repair_broken_font("İlçe".lower()) == "ilçe"
    assert repair_broken_font("Kadın-Erkek Fırsat Eşitliği") == "Kadın-Erkek Fırsat Eşitliği"


def test_dehyphenate():
    assert dehyphenate("kadın-\nların hakları") == "kadınların hakları"
    assert dehyphenate("danış- \n  manlık") == "danışmanlık"
    assert dehyphenate("Kadın-\nErkek Fırsat Eşitliği") == "Kadın-Erkek Fırsat Eşitliği"
    assert dehyphenate("2025-\n2029 dönemi") == "2025-2029 dönemi"
    assert dehyphenate("Kadın-Erkek Fırsat Eşitliği 2025-2029") == "Kadın-Erkek Fırsat Eşitliği 2025-2029"
    assert dehyphenate("bütçe -\nmadde") == "bütçe -\nmadde"  # a dash, not a broken word
    assert dehyphenate("liste:\n- kreş\n- park") == "liste:\n- kreş\n- park"
    assert dehyphenate("sığın\u00ad\nmaevi") == "sığınmaevi"


def test_normalize_whitespace():
    raw = "  Kadın\u00a0danışma\t\tmerkezi   \r\n\n\n\n\nkreş  \u2028park \f yeni sayfa "
    assert normalize_whitespace(raw) == "Kadın danışma merkezi\n\nkreş\npark\fyeni sayfa"


def _page(n: int, body: list[str]) -> str:
    return "\n".join(["GEBZE BELEDİYESİ 2025 YILI FAALİYET RAPORU", f"Baskı tarihi: 0{n % 9 + 1}.03.2026",
                      *body, f"- {n} -", f"Sayfa {n} / 6"])


BODY_WORDS = ["kreş", "park", "bütçe", "şiddet", "kooperatif", "aydınlatma", "danışma", "eşitlik"]


def test_strip_headers_footers_removes_running_lines_and_page_numbers():
    bodies = [[f"{BODY_WORDS[i]} hizmetleri anlatılır.", f"{BODY_WORDS[i + 1]} için {i * 1000} TL ayrıldı.",
               "Park aydınlatması yapıldı.", f"Sonuç: {BODY_WORDS[i + 2]} hedefine ulaşıldı.", "12"]
              for i in range(1, 6)]
    out = strip_headers_footers([_page(i, b) for i, b in enumerate(bodies, 1)])
    assert out == ["\n".join(b) for b in bodies]  # "12" closes every page but is no page number


def test_strip_headers_footers_leaves_single_pages_and_body_lines():
    assert strip_headers_footers(["Sayfa 1\nmetin"]) == ["Sayfa 1\nmetin"]
    pages = ["Başlık A\nmetin bir\nmetin iki\nmetin üç\nmetin dört\nGEBZE BELEDİYESİ\nson satır",
             "Başlık B\nGEBZE BELEDİYESİ\nbaşka\nmetin\nburada\nvar\nson"]
    assert strip_headers_footers(pages) == pages  # the repeated line is not at an edge of both pages


def test_normalize_for_compare_ignores_print_dates_page_numbers_and_reflow():
    v1 = ("Kadınlara yönelik danış-\nmanlık hizmeti sunulacaktır.\nBaskı Tarihi: 03.03.2026 14:05\n"
          "Sayfa 3 / 40\n\n\nKreş sayısı\n12\n- 12 -")
    v2 = ("KADINLARA YÖNELİK DANIŞMANLIK\nhizmeti  sunulacaktır.\nYazdırma tarihi: 04.03.2026\n"
          "Sayfa 3 / 41\n\nKreş sayısı 12\n- 13 -")
    assert normalize_for_compare(v1) == normalize_for_compare(v2)
    assert normalize_for_compare(v1) == "kadinlara yonelik danismanlik hizmeti sunulacaktir.\nkres sayisi 12"
    v3 = v2.replace("Kreş sayısı 12", "Kreş sayısı 10")
    assert normalize_for_compare(v3) != normalize_for_compare(v1)  # bare numbers are data
    assert normalize_for_compare("Þiddet önleme baskı ve dağıtım") == "siddet onleme baski ve dagitim"
    assert isinstance(NORMALIZER_VERSION, int) and NORMALIZER_VERSION >= 1


# -------------------------------------------------------------------------------------- numbers

@pytest.mark.parametrize("text,value", [
    ("4.625.000,00", "4625000.00"), ("282.402.641,23", "282402641.23"), ("1.250", "1250"), ("12,5", "12.5"),
    ("-3.000,50", "-3000.50"), ("(3.000,50)", "-3000.50"), ("4625000", "4625000"), ("0,00", "0"),
    ("4,625,000.00", "4625000.00"), ("1,250", "1.250"), ("12.5", "12.5"), ("4 625 000,00", "4625000.00"),
    ("−7,5", "-7.5"),
])
def test_parse_number(text, value):
    assert parse_number(text) == Decimal(value)


@pytest.mark.parametrize("text", ["", "abc", "1.2.3", "12,5,0", "4.62.000", "1,2.345", ",5", "5,", "0.500.000"])
def test_parse_number_rejects(text):
    assert parse_number(text) is None


@pytest.mark.parametrize("text,value", [
    ("4.625.000,00 TL", "4625000"), ("17.361.533,39 ₺", "17361533.39"), ("₺ 1.500", "1500"),
    ("1,5 milyon TL", "1500000"), ("250 bin TL", "250000"), ("TL 3.000", "3000"), ("2 MİLYAR TL", "2000000000"),
    ("12 Türk Lirası", "12"), ("4.625.000,00", "4625000"), ("-3.000 TL", "-3000"),
])
def test_parse_money(text, value):
    assert parse_money(text) == Decimal(value)


def test_parse_money_and_percent_reject_non_amounts():
    assert parse_money("TL") is None and parse_money("bin TL") is None and parse_money("kreş") is None
    assert parse_percent("31,02") is None  # no % sign: not a percentage
    assert parse_percent("%") is None


@pytest.mark.parametrize("text,value", [
    ("%31,02", "31.02"), ("% 31,02", "31.02"), ("31,02%", "31.02"), ("117,74 %", "117.74"), ("-35,83%", "-35.83"),
    ("yüzde 12", "12"), ("YÜZDE 7,5", "7.5"),
])
def test_parse_percent(text, value):
    assert parse_percent(text) == Decimal(value)


def test_format_number_tr():
    assert format_number_tr(Decimal("4625000")) == "4.625.000,00"
    assert format_number_tr(Decimal("-1234.565")) == "-1.234,57"
    assert format_number_tr(Decimal("999.999"), 0) == "1.000"
    assert format_number_tr(Decimal("-0.001")) == "0,00"
    assert format_percent_tr(Decimal("31.02")) == "%31,02"
    with pytest.raises(ValueError, match="not a finite number"):
        format_number_tr(Decimal("NaN"))


def test_find_amounts_in_running_text():
    text = ("Kreş için 4.625.000,00 TL ayrıldı, oran %31,02 (önceki yıl 117,74 %). Hedef 1.1 ve PG1.1.1 "
            "göstergeleri 2025-2029 döneminde, 03.03.2026 tarihli kararla 250 bin TL ek ödenek; toplam "
            "1.250.000,50; 12 kişi; ₺ 1.500 ve TL 3.000; faiz -35,83%.")
    found = [(text[a:b], v, u) for a, b, v, u in find_amounts(text)]
    assert found == [
        ("4.625.000,00 TL", Decimal("4625000.00"), "TL"), ("%31,02", Decimal("31.02"), "%"),
        ("117,74 %", Decimal("117.74"), "%"), ("250 bin TL", Decimal("250000"), "TL"),
        ("1.250.000,50", Decimal("1250000.50"), ""), ("₺ 1.500", Decimal("1500"), "TL"),
        ("TL 3.000", Decimal("3000"), "TL"), ("-35,83%", Decimal("-35.83"), "%"),
    ]


# ---------------------------------------------------------------------------------------- dates

@pytest.mark.parametrize("text", [
    "03.03.2026", "3.3.2026", "03/03/2026", "03-03-2026", "2026-03-03", "3 Mart 2026", "03 MART 2026",
    "3 mart 2026 Salı", "Salı, 3 Mart 2026", "3 Mar. 2026", " 3  MART  2026 ",
])
def test_parse_date_forms(text):
    assert parse_date(text) == date(2026, 3, 3)


@pytest.mark.parametrize("name,month", [
    ("Ocak", 1), ("Şubat", 2), ("SUBAT", 2), ("ŞUBAT", 2), ("Mart", 3), ("Nisan", 4), ("Mayıs", 5), ("MAYIS", 5),
    ("Haziran", 6), ("Temmuz", 7), ("Ağustos", 8), ("AGUSTOS", 8), ("AĞUSTOS", 8), ("Eylül", 9), ("EYLUL", 9),
    ("Ekim", 10), ("Kasım", 11), ("KASIM", 11), ("Aralık", 12), ("ARALIK", 12), ("aralik", 12),
])
def test_every_month_name_in_any_case(name, month):
    assert parse_date(f"1 {name} 2025") == date(2025, month, 1)
    assert parse_month(f"{name} 2025") == (2025, month)
    assert MONTHS[fold(name)] == month


def test_months_mapping_and_bad_dates():
    assert MONTHS["şubat"] == MONTHS["subat"] == 2 and MONTHS["aralık"] == 12
    for bad in ("31.02.2026", "03.03.26", "Ocak 2025", "3 Foo 2026", "2026-13-01", "kreş"):
        assert parse_date(bad) is None
    assert parse_month("01.2025") == parse_month("2025-01") == parse_month("OCAK-2025") == (2025, 1)
    assert parse_month("13.2025") is None and parse_month("3 Mart 2026") is None


def test_find_dates():
    text = "01.01.2025-31.12.2025 dönemi; 3 Mart 2026 Salı günü; ISO 2026-03-03; sayı 46229996-105.99"
    found = [(text[a:b], d) for a, b, d in find_dates(text)]
    assert found == [("01.01.2025", date(2025, 1, 1)), ("31.12.2025", date(2025, 12, 31)),
                     ("3 Mart 2026", date(2026, 3, 3)), ("2026-03-03", date(2026, 3, 3))]


# --------------------------------------------------------------------------- property-based tests

@PROPS
@given(st.text())
def test_fold_is_idempotent(s):
    assert fold(fold(s)) == fold(s)


@PROPS
@given(turkish_words)
def test_fold_ignores_turkish_case(s):
    assert fold(tr_upper(s)) == fold(tr_lower(s)) == fold(s)
    assert set(fold(s)) <= set("abcdefghijklmnopqrstuvwxyz")


@PROPS
@given(st.text(alphabet=TR_LETTERS + " '", max_size=30))
def test_turkish_case_round_trips(s):
    assert tr_upper(tr_lower(s)) == tr_upper(s)
    assert tr_lower(tr_upper(s)) == tr_lower(s)
    assert len(tr_lower(s)) == len(s) == len(tr_upper(s))


two_places = st.decimals(min_value=Decimal("-1e15"), max_value=Decimal("1e15"), places=2,
                         allow_nan=False, allow_infinity=False)


@PROPS
@given(two_places)
def test_number_format_round_trip(x):
    text = format_number_tr(x)
    assert parse_number(text) == x
    assert parse_money(text + " TL") == x == parse_money("₺ " + text)
    assert parse_number(format_number_tr(x.to_integral_value(), places=0)) == x.to_integral_value()


@PROPS
@given(st.decimals(min_value=Decimal("-1000"), max_value=Decimal("1000"), places=2))
def test_percent_format_round_trip(x):
    assert parse_percent(format_percent_tr(x)) == x
    assert parse_percent(format_number_tr(x) + " %") == x


@PROPS
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)),
       st.sampled_from([tr_lower, tr_upper, tr_title, fold]))
def test_date_format_round_trip(d, case):
    assert parse_date(d.strftime("%d.%m.%Y")) == d
    assert parse_date(f"{d.day}.{d.month}.{d.year}") == d
    assert parse_date(d.isoformat()) == d
    named = case(f"{d.day} {tr.MONTH_NAMES[d.month - 1]} {d.year}")
    assert parse_date(named) == d
    text = f"Karar {named} tarihinde alındı."
    assert [x[2] for x in find_dates(text)] == [d]


@PROPS
@given(st.text())
def test_dehyphenate_leaves_text_without_line_end_hyphens_alone(s):
    assume(not re.search(r"[-\u2010\u00ad][^\S\n]*\n", s))
    assert dehyphenate(s) == s


@PROPS
@given(st.text(alphabet=TR_LOWER, min_size=1, max_size=8), st.text(alphabet=TR_LOWER, min_size=1, max_size=8))
def test_dehyphenate_joins_lower_case_continuations(a, b):
    assert dehyphenate(f"{a}-\n{b}") == a + b
    assert dehyphenate(f"{a}-\n{tr_upper(b)}") == f"{a}-{tr_upper(b)}"


@PROPS
@given(st.sampled_from([(b, f) for b, forms in WORD_FORMS.items() for f in forms]),
       st.sampled_from([tr_lower, tr_upper, tr_title, lambda w: w]), st.sampled_from(["", "'ın", "’dan"]))
def test_search_key_stable_across_case_and_suffixes(pair, case, proper_noun_suffix):
    base, form = pair
    assert search_tokens(case(form) + proper_noun_suffix) == [search_key(base)]


@PROPS
@given(turkish_words)
def test_search_key_is_folded_and_never_empty(w):
    key = search_key(w)
    assert key and fold(key) == key and search_key(tr_upper(w)) == key


@PROPS
@given(st.lists(st.text(alphabet=TR_LETTERS, min_size=1, max_size=10), min_size=1, max_size=20),
       st.lists(st.sampled_from([" ", "  ", "\n", " \n ", "\t", "\u00a0"]), min_size=20, max_size=20))
def test_normalize_for_compare_ignores_reflow(words, gaps):
    reflowed = "".join(w + g for w, g in zip(words, gaps))
    assert normalize_for_compare(reflowed) == fold(" ".join(words))


# ---------------------------------------------------------------------------------- real files

@pytest.mark.realdata
def test_real_financial_report_amounts_and_council_search(realdata):
    pdfium = pytest.importorskip("pypdfium2")

    def pages(name: str) -> list[str]:
        doc = pdfium.PdfDocument(str(realdata / name))
        try:
            return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
        finally:
            doc.close()

    report = pages("gebze_kurumsal-mali-durum-ve-beklentiler-raporu_2021.pdf")
    amounts = [a for p in report for a in find_amounts(p)]
    assert (Decimal("285706029.44"), "") in {(v, u) for _, _, v, u in amounts}
    assert {Decimal("40.00"), Decimal("-35.83")} <= {v for _, _, v, u in amounts if u == "%"}

    council = pages("gebze_meclis-kararlari_2025-04.pdf")
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE p USING fts5(keys)")
    db.executemany("INSERT INTO p VALUES (?)", [(search_text(p),) for p in council])
    hits = {r[0] - 1 for r in db.execute("SELECT rowid FROM p WHERE keys MATCH ?", (search_query("eşitlik"),))}
    assert hits and all(re.search(r"\besitlig", fold(council[i])) for i in hits)
    assert all(re.search(r"\besitlig", fold(council[i])) is None for i in set(range(len(council))) - hits)
