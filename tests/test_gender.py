"""Gender relevance: the lexicon, matching on folded Turkish, relevance rules, context and the checklist."""

from __future__ import annotations

import json
import re
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from muniwatch.constants import SEG_ACTIVITY, SEG_DECISION, SEG_GOAL, SEG_INDICATOR, SEG_OBJECTIVE, SEG_SECTION
from watch import gender
from watch.gender import (
    CHECKLIST_VERSION, LEXICON_VERSION, LexiconError, assess_segments, checklist, is_sex_disaggregated,
    is_womens_unit, load_lexicon, match, relevance,
)
from watch.segments import Segment
from watch.turkish import fold, tr_lower, tr_upper


def cats(text: str) -> set[str]:
    return {m.category for m in match(text)}


def check_positions(text: str) -> None:
    for m in match(text):
        assert text[m.start:m.end] == m.matched_text


# ----------------------------------------------------------------------------------- lexicon

REQUIRED = {
    "esitlik_mekanizmalari": ["eşitlik birim", "YEEP", "yerel eşitlik eylem plan", "kadın erkek fırsat eşitli"],
    "siddet": ["kadın* yönelik şiddet", "ŞÖNİM", "6284 sayılı", "sığınmaev", "kadın konukev"],
    "bakim": ["kreş", "gündüz bakım", "çocuk oyun oda", "evde bakım", "yaşlı* bakım", "engelli* bakım"],
    "ekonomik_guclenme": ["kadın kooperatif", "kadın emeği pazar", "kadın* istihdam", "kadın üretici pazar"],
    "katilim": ["kent konseyi kadın meclis", "kadın meclis", "kadın meclis üye"],
    "lgbti": ["LGBTİ+", "cinsel yönelim", "cinsiyet kimlik"],
    "saglik": ["kadın* sağlı", "üreme sağlı", "anne bebek sağlı", "meme kanser"],
    "kamusal_alan_guvenligi": ["güvenlik aydınlatma", "acil çağrı buton", "güvenli kent"],
    "cinsiyete_ayrilmis_veri": ["cinsiyet* göre", "kadın sayı", "kadın ve erkek"],
    "toplumsal_cinsiyet_butcesi": ["TCDB", "toplumsal cinsiyet* duyarlı bütçe"],
    "kadin_ve_aile_hizmetleri": ["kadın ve aile hizmetleri", "kadın danışma merkez", "aile danışma merkez",
                                 "kadın dayanışma merkez"],
    "babalik_ebeveynlik": ["babalık eğitim", "ebeveyn izn", "babalık izn"],
    "ozel_gunler": ["8 mart", "dünya kadınlar gün", "25 kasım"],
}


def test_lexicon_is_versioned_labelled_and_complete():
    lex = load_lexicon()
    assert lex.version == LEXICON_VERSION == 1
    assert load_lexicon() is lex                       # cached
    by_cat: dict[str, set[str]] = {}
    for t in lex.terms:
        by_cat.setdefault(t.category, set()).add(t.text)
    for cat, terms in REQUIRED.items():
        assert lex.categories[cat].label_tr and lex.categories[cat].label_en
        assert set(terms) <= by_cat[cat], (cat, set(terms) - by_cat[cat])
    weak = {t.text for t in lex.terms if t.weight == "weak"}
    assert {"kadın", "aile", "çocuk", "8 mart", "25 kasım"} <= weak


def _write(tmp_path, body: str):
    p = tmp_path / "lex.yml"
    p.write_text(body, encoding="utf-8")
    return p


GOOD_HEAD = "version: 3\ncategories:\n  bakim:\n    label_tr: Bakım\n    label_en: Care\n    terms:\n"


@pytest.mark.parametrize("terms, message", [
    ("      - term: kreş\n        weight: medium\n", "category 'bakim', term 'kreş': weight must be 'strong' or 'weak'"),
    ("      - term: kreş\n      - term: KREŞ\n", "term 'KREŞ': duplicate of 'bakim: kreş'"),
    ("      - term: kreş\n        wieght: weak\n", "unknown key(s) wieght"),
    ("      - term: kreş\n        exclude: kreş alanı\n", "term 'kreş': exclude: expected a list"),
    ("      - term: 'kre*ş'\n", "term 'kre*ş': '*' may only end a word"),
    ("      - term: '---'\n", "has no letters or digits"),
    ("      - term: kreş\n        unit_name: strong\n", "term 'kreş': unit_name may only be 'strong', and only on a weak term"),
])
def test_lexicon_validation_names_the_term(tmp_path, terms, message):
    with pytest.raises(LexiconError) as err:
        load_lexicon(_write(tmp_path, GOOD_HEAD + terms))
    assert "lex.yml" in str(err.value) and message in str(err.value)


def test_lexicon_validation_file_level(tmp_path):
    with pytest.raises(LexiconError, match=r"lex.yml: line \d+ invalid YAML"):
        load_lexicon(_write(tmp_path, "version: 1\ncategories: [unclosed\n"))
    with pytest.raises(LexiconError, match="version must be a positive integer"):
        load_lexicon(_write(tmp_path, GOOD_HEAD.replace("version: 3", "version: one") + "      - kreş\n"))
    with pytest.raises(LexiconError, match="checklist womens_unit_categories: unknown category nope"):
        load_lexicon(_write(tmp_path, GOOD_HEAD + "      - kreş\nchecklist:\n  womens_unit_categories: [nope]\n"))
    with pytest.raises(LexiconError, match=r"checklist labels: unknown key\(s\) typo_item"):
        load_lexicon(_write(tmp_path, GOOD_HEAD + "      - kreş\nchecklist:\n  labels:\n    typo_item: x\n"))
    with pytest.raises(LexiconError, match="cannot read the lexicon"):
        load_lexicon(tmp_path / "missing.yml")
    small = load_lexicon(_write(tmp_path, GOOD_HEAD + "      - kreş\n"))
    assert small.version == 3 and [m.term for m in match("Kreşlerimiz", small)] == ["kreş"]


# ---------------------------------------------------------------------------------- matching

POSITIVE = [  # (text, category, the words that must be the match)
    ("Belediyemizde eşitlik birimleri kurulacaktır.", "esitlik_mekanizmalari", "eşitlik birimleri"),
    ("YEEP'in izlenmesi için takvim", "esitlik_mekanizmalari", "YEEP'in"),
    ("Yerel Eşitlik Eylem Planımız kabul edildi", "esitlik_mekanizmalari", "Yerel Eşitlik Eylem Planımız"),
    ("KADIN-ERKEK FIRSAT EŞİTLİĞİ KOMİSYONU toplandı", "esitlik_mekanizmalari", "KADIN-ERKEK FIRSAT EŞİTLİĞİ"),
    ("toplumsal cinsiyet eşitliğinin gözetilmesi", "esitlik_mekanizmalari", "toplumsal cinsiyet eşitliğinin"),
    ("kadınlara yönelik şiddetin önlenmesi", "siddet", "kadınlara yönelik şiddetin"),
    ("Sığınmaevlerinin kapasitesi artırıldı", "siddet", "Sığınmaevlerinin"),
    ("ŞÖNİM'e yönlendirilen başvurular", "siddet", "ŞÖNİM'e"),
    ("6284 sayılı Kanun kapsamında tedbir", "siddet", "6284 sayılı"),
    ("kadın konukevlerinde kalan aileler", "siddet", "kadın konukevlerinde"),
    ("mahalle kreşlerinin açılış saatleri", "bakim", "kreşlerinin"),
    ("gündüz bakımevi ücret tarifesi", "bakim", "gündüz bakımevi"),
    ("hizmet binasında çocuk oyun odası açıldı", "bakim", "çocuk oyun odası"),
    ("yaşlı bakım hizmetleri yaygınlaştırılacak", "bakim", "yaşlı bakım"),
    ("evde bakım desteği alan hane", "bakim", "evde bakım"),
    ("kadın kooperatiflerine satış noktası", "ekonomik_guclenme", "kadın kooperatiflerine"),
    ("Kadın Emeği Pazarı her cumartesi kurulur", "ekonomik_guclenme", "Kadın Emeği Pazarı"),
    ("kadınların istihdamını artırmak", "ekonomik_guclenme", "kadınların istihdamını"),
    ("Kent Konseyi Kadın Meclisi'nin önerileri", "katilim", "Kent Konseyi Kadın Meclisi'nin"),
    ("kadın meclis üyelerinin oranı", "katilim", "kadın meclis üyelerinin"),
    ("LGBTİ+'lara yönelik ayrımcılık", "lgbti", "LGBTİ+'lara"),
    ("cinsel yönelim ve cinsiyet kimliği temelli", "lgbti", "cinsiyet kimliği"),
    ("anne-bebek sağlığı eğitimleri", "saglik", "anne-bebek sağlığı"),
    ("ücretsiz meme kanseri taraması", "saglik", "meme kanseri"),
    ("parklarda güvenlik aydınlatmasının denetimi", "kamusal_alan_guvenligi", "güvenlik aydınlatmasının"),
    ("durakların acil çağrı butonu ile donatılması", "kamusal_alan_guvenligi", "acil çağrı butonu"),
    ("nüfusun cinsiyete göre dağılımı", "cinsiyete_ayrilmis_veri", "cinsiyete göre"),
    ("meclisteki kadın sayısı", "cinsiyete_ayrilmis_veri", "kadın sayısı"),
    ("TCDB'nin uygulanması", "toplumsal_cinsiyet_butcesi", "TCDB'nin"),
    ("toplumsal cinsiyete duyarlı bütçeleme eğitimi", "toplumsal_cinsiyet_butcesi", "toplumsal cinsiyete duyarlı bütçeleme"),
    ("İlgi: Kadın ve Aile Hizmetleri Müdürlüğü'nün yazısı", "kadin_ve_aile_hizmetleri", "Kadın ve Aile Hizmetleri"),
    ("kadın danışma merkezlerinin adresleri", "kadin_ve_aile_hizmetleri", "kadın danışma merkezlerinin"),
    ("Kadın Dayanışma Merkezi'ne başvuru", "kadin_ve_aile_hizmetleri", "Kadın Dayanışma Merkezi'ne"),
    ("babalık eğitimlerine katılan", "babalik_ebeveynlik", "babalık eğitimlerine"),
    ("ebeveyn izni kullanan personel", "babalik_ebeveynlik", "ebeveyn izni"),
    ("8 Mart Dünya Kadınlar Günü etkinliği", "ozel_gunler", "8 Mart Dünya Kadınlar Günü"),
    ("Kadına Yönelik Şiddete Karşı Uluslararası Mücadele Günü", "ozel_gunler",
     "Kadına Yönelik Şiddete Karşı Uluslararası Mücadele"),
]


@pytest.mark.parametrize("text, category, words", POSITIVE)
def test_positive_examples(text, category, words):
    found = [(m.category, m.matched_text) for m in match(text)]
    assert (category, words) in found, found
    assert relevance(text).relevant
    check_positions(text)


NEGATIVE = [
    "çeşitli etkinlikler düzenlendi",                  # çeşitli is not eşitli
    "ÇEŞİTLİ GELİRLER",
    "park bakım onarım işleri",                        # maintenance, not care
    "araç bakım hizmetleri alımı",
    "asansör bakım hizmeti ihalesi",
    "Makine İkmal, Bakım ve Onarım Müdürlüğü",
    "Bakım ve Akaryakıt İstasyonu Alanı",
    "sokak hayvanları bakımevi",
    "akreşya transferi için paket",                    # no word-start: not kreş
    "18 Mart tarihli yazı",
    "yol yapım ve bakım-onarım çalışmaları",
    "otopark, çocuk bahçesi ve aile sağlık merkezi",    # two weak words, both inside exclusions
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative_examples(text):
    rel = relevance(text)
    assert not rel.relevant, rel.explanation
    assert not [m for m in rel.matches if m.weight == "strong"]


def test_care_survives_next_to_maintenance():
    assert "bakim" in cats("yaşlı bakım hizmetleri")
    assert "bakim" in cats("kreş binasının bakım onarım işleri")          # the nursery still counts
    assert cats("bakım onarım") == set()


def test_weak_terms_need_company_or_a_unit_name():
    assert not relevance("kadın").relevant
    assert not relevance("kadınlar ve kadının").relevant               # the same term twice
    assert relevance("kadın ve çocuk").relevant                        # two different weak terms
    assert not relevance("25 Kasım 2024 tarihli toplantı").relevant
    assert relevance("25 Kasım'da şiddete karşı yürüyüş").relevant     # weak + weak
    unit = relevance("Kadın, Aile ve Gençlik Hizmetleri Müdürlüğü teklifi")
    assert unit.relevant and any(m.promoted and m.matched_text == "Kadın" for m in unit.matches)
    header = relevance("Konu Engelliler Komisyonu Üyeliği Seçimi\nDairesi Yazı İşleri Müdürlüğü")
    assert not [m for m in header.matches if m.promoted]


def test_phrases_tolerate_whitespace_hyphens_and_line_breaks():
    for text in ["Kadın Erkek Fırsat Eşitliği", "Kadın-Erkek Fırsat Eşitliği", "kadın –  erkek\nfırsat   eşitliği",
                 "Kadın\ufffe\r\nErkek Fırsat Eşitliği"]:
        assert [m.term for m in match(text)] == ["kadın erkek fırsat eşitli"], text
    split = "toplumsal cin-\nsiyet eşitliği"                         # a word hyphenated over a line
    (m,) = match(split)
    assert m.term == "toplumsal cinsiyet eşitli" and m.matched_text == split


def test_longest_match_wins_and_explanation():
    (m,) = match("Kadın Danışma Merkezi")
    assert m.term == "kadın danışma merkez"
    rel = relevance("Yeni kreş\nhizmete açıldı")
    assert rel.explanation == "ilgili/relevant: bakim: 'kreş' @5" and rel.score == 1.0
    assert rel.categories == ["bakim"]
    json.dumps(rel.to_dict())


def test_positions_map_back_to_the_original_text():
    text = ("İLÇEMİZDE ﬁili olarak KADIN DANIŞMA MERKEZLERİNİN sayısı\u00ad artırılacak; Şİ\u0307DDET "
            "önleme çalışmaları, sığın-\nmaevleri ve KREŞLER.")
    ms = match(text)
    assert {m.matched_text for m in ms} >= {"KADIN DANIŞMA MERKEZLERİNİN", "sığın-\nmaevleri", "KREŞLER"}
    for m in ms:
        assert text[m.start:m.end] == m.matched_text


def test_sex_disaggregated_recognition():
    yes = ["Gıda yardımı alan kadın/erkek sayısı", "kadın ve erkek sayısı", "hizmet alan kişi sayısı (K/E)",
           "Nüfusun cinsiyete göre dağılımı", "kadın-erkek oranı", "kız ve erkek öğrenci sayısı",
           "çalışan kadın sayısı ve erkek sayısı", "Kadın / Erkek"]
    no = ["Kadın-Erkek Fırsat Eşitliği Komisyonu toplantı sayısı", "kadın sayısı", "Kadın Erkek Eşitliği Şartı",
          "kadın ve erkeklere eğitim verilmesi", "kişi sayısı", "erkek personel sayısı"]
    assert [t for t in yes if not is_sex_disaggregated(t)] == []
    assert [t for t in no if is_sex_disaggregated(t)] == []
    assert is_sex_disaggregated("Kadın-Erkek Fırsat Eşitliği Komisyonu üyelerinin kadın/erkek sayısı")


def test_womens_units():
    assert is_womens_unit("Kadın ve Aile Hizmetleri Müdürlüğü")
    assert is_womens_unit("KADIN ÇALIŞMALARI MÜDÜRLÜĞÜ")
    assert is_womens_unit("Kadın, Aile ve Gençlik Müdürlüğü")
    assert not is_womens_unit("Aile ve Sosyal Hizmetler Müdürlüğü")
    assert not is_womens_unit("Fen İşleri Müdürlüğü")


# ------------------------------------------------------------------------------ segments

def seg(kind, code, title, text="", parent=None, ordinal=0, **fields):
    return Segment(kind=kind, code=code, title=title, text=text, parent_code=parent, ordinal=ordinal, fields=fields)


def test_inheritance_from_goal_and_objective():
    plan = [
        seg(SEG_GOAL, "A1", "Toplumsal cinsiyet eşitliğini tüm hizmetlerde gözetmek", ordinal=0),
        seg(SEG_OBJECTIVE, "H1.1", "Hizmet binalarını erişilebilir kılmak", parent="A1", ordinal=1),
        seg(SEG_INDICATOR, "PG1.1.1", "Düzenlenen bina sayısı", parent="H1.1", ordinal=2),
        seg(SEG_GOAL, "A2", "Ulaşımı iyileştirmek", ordinal=3),
        seg(SEG_OBJECTIVE, "H2.1", "Yolları yenilemek", parent="A2", ordinal=4),
        seg(SEG_INDICATOR, "PG2.1.1", "Yenilenen yol uzunluğu", parent="H2.1", ordinal=5),
        seg(SEG_OBJECTIVE, "H2.2", "Kreş servis güzergahlarını planlamak", parent="A2", ordinal=6),
        seg(SEG_ACTIVITY, "F2.2.1", "Güzergah etüdü", parent="H2.2", ordinal=7),
        seg(SEG_DECISION, "2025/9", "Yol çalışması", parent="A1", ordinal=8),
    ]
    rel = assess_segments(plan)
    assert rel[0].relevant and rel[0].via == "text" and rel[0].inherited_from is None
    assert rel[1].relevant and rel[1].inherited_from == "A1" and rel[1].via == "inherited"
    assert rel[2].inherited_from == "A1" and "A1" in rel[2].explanation
    assert rel[1].categories == ["esitlik_mekanizmalari"]
    assert not any(rel[i].relevant for i in (3, 4, 5))
    assert rel[6].relevant and rel[6].inherited_from is None
    assert rel[7].inherited_from == "H2.2" and rel[7].categories == ["bakim"]
    assert not rel[8].relevant                                        # decisions do not inherit


def test_proposer_and_responsible_units():
    decisions = [
        seg(SEG_DECISION, "2025/10", "Kira bedelinin belirlenmesi", "Taşınmazın aylık kira bedeli belirlendi.",
            ordinal=0, proposer="Kadın ve Aile Hizmetleri Müdürlüğü"),
        seg(SEG_DECISION, "2025/11", "Kira bedelinin belirlenmesi", "Taşınmazın aylık kira bedeli belirlendi.",
            ordinal=1, proposer="Fen İşleri Müdürlüğü"),
        seg(SEG_DECISION, "2025/12", "Kreş ücretleri", "Kreş ücret tarifesi.", ordinal=2,
            proposer="Kadın ve Aile Hizmetleri Müdürlüğü"),
        seg(SEG_OBJECTIVE, "H3.1", "Hizmet kalitesini artırmak", ordinal=3,
            responsible=["Bilgi İşlem Müdürlüğü", "Kadın Çalışmaları Müdürlüğü"]),
    ]
    rel = assess_segments(decisions)
    assert rel[0].relevant and rel[0].via == "proposer"
    assert "Kadın ve Aile Hizmetleri Müdürlüğü" in rel[0].explanation
    assert rel[0].categories == ["kadin_ve_aile_hizmetleri"]
    assert not rel[1].relevant
    assert rel[2].via == "text" and rel[2].categories == ["bakim", "kadin_ve_aile_hizmetleri"]
    assert rel[3].relevant and rel[3].via == "responsible"


def small_plan() -> list[Segment]:
    return [
        seg(SEG_SECTION, "2", "Durum Analizi", "İlçe nüfusunun cinsiyete göre dağılımı: 181.200 kadın, 183.900 erkek. "
            "Paydaş toplantılarına Kent Konseyi Kadın Meclisi ve iki kadın derneği katıldı.", ordinal=0),
        seg(SEG_GOAL, "A1", "Toplumsal cinsiyet eşitliğini yerel hizmetlerde güçlendirmek", ordinal=1),
        seg(SEG_OBJECTIVE, "H1.1", "Kadın danışma merkezi hizmetlerini yaygınlaştırmak", parent="A1", ordinal=2,
            responsible="Kadın ve Aile Hizmetleri Müdürlüğü"),
        seg(SEG_OBJECTIVE, "H1.2", "Parklarda ve sokaklarda güvenliği artırmak", parent="A1", ordinal=3,
            responsible="Fen İşleri Müdürlüğü"),
        seg(SEG_INDICATOR, "PG1.1.1", "Danışma merkezine başvuran kadın/erkek sayısı", parent="H1.1", ordinal=4),
        seg(SEG_INDICATOR, "PG1.1.2", "Ebeveyn izni kullanan erkek personel sayısı", parent="H1.1", ordinal=5),
        seg(SEG_INDICATOR, "PG1.1.3", "Kadın-Erkek Fırsat Eşitliği Komisyonu toplantı sayısı", parent="H1.1", ordinal=6),
        seg(SEG_INDICATOR, "PG1.2.1", "Güvenlik aydınlatması denetimi yapılmış park sayısı", parent="H1.2", ordinal=7),
        seg(SEG_ACTIVITY, "F1.1.1", "Yerel eşitlik eylem planının hazırlanması", parent="H1.1", ordinal=8),
        seg(SEG_ACTIVITY, "F1.1.2", "Toplumsal cinsiyete duyarlı bütçe çalışması", parent="H1.1", ordinal=9),
        seg(SEG_GOAL, "A2", "Kentsel altyapıyı yenilemek", ordinal=10),
        seg(SEG_OBJECTIVE, "H2.1", "Yolların bakım onarımını yapmak", parent="A2", ordinal=11,
            responsible="Fen İşleri Müdürlüğü"),
        seg(SEG_INDICATOR, "PG2.1.1", "Bakım onarımı yapılan yol uzunluğu (km)", parent="H2.1", ordinal=12),
    ]


def test_checklist_on_a_small_plan():
    result = checklist(small_plan(), municipality_has_equality_unit=True)
    json.dumps(result, ensure_ascii=False)
    assert result["checklist_version"] == CHECKLIST_VERSION and result["lexicon_version"] == LEXICON_VERSION
    items = result["items"]
    values = {k: v["value"] for k, v in items.items()}
    assert all(values.values()), values
    assert items["equality_goal_or_objective"]["codes"] == ["A1", "H1.1"]
    assert items["womens_directorate_owns"]["codes"] == ["H1.1"]
    assert items["sex_disaggregated_indicators"]["codes"] == ["PG1.1.1"]
    assert items["women_or_men_specific_indicators"]["codes"] == ["PG1.1.2"]
    assert items["general_equality_indicators"]["codes"] == ["PG1.1.3", "PG1.2.1"]
    assert items["local_equality_action_plan"]["codes"] == ["F1.1.1"]
    assert items["gender_budgeting"]["codes"] == ["F1.1.2"]
    orgs = items["womens_orgs_consulted"]["evidence"][0]
    assert orgs["code"] == "2" and {"kadın dernek", "kadın meclis"} <= set(orgs["terms"])
    assert "cinsiyete göre" in items["sex_disaggregated_situation_data"]["evidence"][0]["terms"]
    assert items["equality_unit"]["value"] is True
    assert items["gender_budgeting"]["label"].startswith("Toplumsal cinsiyete duyarlı bütçeleme (TCDB) / ")


def test_checklist_on_a_blind_plan():
    plan = [s for s in small_plan() if s.code in ("A2", "H2.1", "PG2.1.1")]
    items = checklist(plan, municipality_has_equality_unit=None)["items"]
    assert items["sex_disaggregated_situation_data"]["value"] is None     # nothing to judge
    assert items["womens_orgs_consulted"]["value"] is None
    assert items["equality_unit"]["value"] is None
    for key in ("equality_goal_or_objective", "womens_directorate_owns", "sex_disaggregated_indicators",
                "women_or_men_specific_indicators", "general_equality_indicators", "local_equality_action_plan",
                "gender_budgeting"):
        assert items[key] == {**items[key], "value": False, "codes": [], "evidence": []}, key
    given_text = checklist(plan, municipality_has_equality_unit=False,
                           situation_text="Nüfus 365.100 kişidir. Paydaşlar: muhtarlar, esnaf odası.")["items"]
    assert given_text["sex_disaggregated_situation_data"]["value"] is False
    assert given_text["womens_orgs_consulted"]["value"] is False


# ------------------------------------------------------------------------------ properties

TR_LETTERS = "abcçdefgğhıijklmnoöprsştuüvyzABCÇDEFGĞHIİJKLMNOÖPRSŞTUÜVYZâî"


@lru_cache(maxsize=1)
def _instances() -> list[tuple[str, str, str]]:
    """(term, category, a plain instance of it) for every strong term without special characters."""
    out = []
    for t in load_lexicon().terms:
        text = t.text.replace("*", "")
        if t.weight == "strong" and all(ch.isalpha() or ch in " -" for ch in text):
            out.append((t.text, t.category, text))
    return out


filler = st.text(alphabet=TR_LETTERS, min_size=1, max_size=8)
pieces = st.lists(st.one_of(st.sampled_from(range(10_000)).map(lambda i: _instances()[i % len(_instances())][2]),
                            filler), min_size=1, max_size=8)
seps = st.sampled_from([" ", "  ", "\n", ", ", ". ", " - ", "\t"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces, seps)
def test_matching_is_invariant_under_turkish_case(words, sep):
    text = sep.join(words)
    base = [(m.term, m.category) for m in match(text)]
    assert [(m.term, m.category) for m in match(tr_upper(text))] == base
    assert [(m.term, m.category) for m in match(tr_lower(text))] == base
    check_positions(text)


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0, max_value=10_000), st.lists(st.sampled_from([" ", "  ", "\n", " \n ", "\t", "-"]),
                                                            min_size=8, max_size=8))
def test_extra_whitespace_between_words_keeps_the_match(i, gaps):
    multi = [x for x in _instances() if len(x[2].split()) > 1]
    term, category, phrase = multi[i % len(multi)]
    words = phrase.split()
    text = words[0] + "".join(gap + w for gap, w in zip(gaps, words[1:]))
    ms = [m for m in match(text) if m.start == 0 and m.end == len(text)]
    assert ms, (term, text, match(text))
    assert ms[0].term == term or len(fold(ms[0].term)) >= len(fold(term))


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0, max_value=10_000), st.text(alphabet=TR_LETTERS + "0123456789", min_size=1, max_size=4))
def test_glued_prefix_never_matches_inside_a_word(i, prefix):
    term, _, phrase = _instances()[i % len(_instances())]
    text = prefix + phrase
    for m in match(text):
        assert m.start == 0 or not text[m.start - 1].isalnum(), (text, m)
        assert not (m.term == term and m.start == len(prefix)), (text, m)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=TR_LETTERS + " \n-\u00ad\ufffeﬁ\u0307'’.,İı", max_size=60), st.integers(0, 10_000))
def test_positions_always_slice_the_original(noise, i):
    phrase = _instances()[i % len(_instances())][2]
    text = noise[: len(noise) // 2] + " " + phrase + " " + noise[len(noise) // 2:]
    check_positions(text)
    assume(text.strip())


# ------------------------------------------------------------------------------ real data

@lru_cache(maxsize=None)
def _pages(path: str) -> tuple[str, ...]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        return tuple(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


def _text_layer_pdfs(realdata):
    found = [p for p in sorted(realdata.glob("*.pdf")) if "".join(_pages(str(p))).strip()]
    assert len(found) >= 6, found
    return found


@pytest.mark.realdata
def test_realdata_kres_alani_is_care(realdata):
    pages = _pages(str(realdata / "gebze_meclis-kararlari_2025-06.pdf"))
    page = next(p for p in pages if "Azalan kreş alanı" in p)
    at = page.index("Azalan kreş alanı")
    hits = [m for m in match(page) if at <= m.start < at + len("Azalan kreş alanı")]
    assert [(m.category, m.matched_text) for m in hits] == [("bakim", "kreş")]


@pytest.mark.realdata
def test_realdata_no_match_from_cesitli_and_print_matches(realdata):
    naive = 0
    for pdf in _text_layer_pdfs(realdata):
        print(f"\n== {pdf.name}")
        for n, page in enumerate(_pages(str(pdf)), 1):
            folded = fold(page)
            naive += folded.count("cesitli")
            for m in match(page):
                word = fold(page[m.start:m.start + 12])
                assert not word.startswith("cesit"), (pdf.name, n, m)
                ctx = " ".join(page[max(0, m.start - 40):m.end + 40].split())
                print(f"  p{n} {m.category} {m.weight} {m.term!r}: …{ctx}…")
    assert naive >= 2          # "çeşitli" is there: a substring matcher would have found "eşitli"


@pytest.mark.realdata
def test_realdata_decisions_flagged(realdata):
    from watch.structure import decisions

    flagged_by_bundle: dict[str, list] = {}
    for pdf in sorted(realdata.glob("gebze_meclis-kararlari_*.pdf")):
        segments = decisions.parse_decision_bundle(list(_pages(str(pdf))))
        rel = assess_segments(segments)
        flagged = [(s, rel[s.ordinal]) for s in segments if rel[s.ordinal].relevant]
        flagged_by_bundle[pdf.stem[-7:]] = flagged
        print(f"\n== {pdf.name}: {len(segments)} decisions, {len(flagged)} flagged")
        for s, r in flagged:
            print(f"  {s.code} {r.categories} via={r.via} proposer={s.fields.get('proposer')!r}: {r.explanation[:160]}")
    kres = [(s, r) for s, r in flagged_by_bundle["2025-06"] if "Azalan kreş alanı" in s.text]
    assert len(kres) == 1 and "bakim" in kres[0][1].categories
    womens = [(s, r) for s, r in flagged_by_bundle["2025-08"]
              if is_womens_unit(s.fields.get("proposer") or "")]
    assert womens and all("kadin_ve_aile_hizmetleri" in r.categories for _, r in womens)
    parsed = decisions.parse_decision_bundle(list(_pages(str(realdata / "gebze_meclis-kararlari_2025-08.pdf"))))
    proposed = [s for s in parsed if s.fields.get("proposer") == "Kadın ve Aile Hizmetleri Müdürlüğü"]
    assert proposed and {s.code for s in proposed} == {s.code for s, _ in womens}


def test_module_keeps_its_promises():
    assert gender.DEFAULT_LEXICON.name == "lexicon.yml"
    source = gender.__loader__.get_source("watch.gender")
    assert not re.search(r"(?<!str)\.(lower|upper|casefold)\(\)", source)          # Turkish case goes through fold
