"""watch.diff: version and successor diffs over segments, sentence diffs over pages.

The examples are small plan and programme fragments written for these tests. Unit tests pin each kind
of change and each thing that must NOT be a change; hypothesis tests pin the promises (no change
without a change, whatever the order or the whitespace) on inputs nobody thought of.
"""

from __future__ import annotations

import copy
import gc
import json
import re
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from muniwatch.constants import (CHANGE_ADDED, CHANGE_MODIFIED, CHANGE_MOVED, CHANGE_REMOVED, SEG_ACTIVITY,
                                 SEG_DECISION, SEG_GOAL, SEG_INDICATOR, SEG_OBJECTIVE)
from watch.diff import (DIFF_VERSION, NORMALIZER_VERSION, DiffError, DuplicateYear, NumericChange,
                        diff_segments, diff_successor, diff_text, document_year, numeric_changes, segment_key,
                        split_sentences, successor_pairs)
from watch.diff_numeric import year_slice
from watch.diff_words import compare_form
from watch.segments import Segment

PROPS = settings(deadline=None, max_examples=120, database=None,
                 suppress_health_check=[HealthCheck.too_slow])


def seg(kind: str, code: str | None, title: str, text: str = "", parent: str | None = None, page: int = 1,
        ordinal: int = 0, **fields) -> Segment:
    return Segment(kind=kind, code=code, title=title, text=text, page_start=page, page_end=page,
                   parent_code=parent, ordinal=ordinal, fields=dict(fields))


def plan() -> list[Segment]:
    """A two-goal strategic plan fragment: goals, objectives, an indicator and activities with costs."""
    rows = [
        seg(SEG_GOAL, "A1", "Toplumsal cinsiyet eşitliğini gözeten hizmetler sunmak",
            "Belediye hizmetlerinde kadınların ve kız çocuklarının ihtiyaçları önceliklendirilecektir.", page=10),
        seg(SEG_OBJECTIVE, "H1.1", "Kadın danışma merkezinin kapasitesini artırmak",
            "Merkezin hizmet saatleri uzatılacak ve ilçenin kuzeyinde ikinci bir birim açılacaktır.",
            parent="A1", page=11),
        seg(SEG_INDICATOR, "PG1.1.1", "Danışmanlık verilen kadın sayısı", "Yıllık danışan sayısı.",
            parent="H1.1", page=11, baseline="850", targets={"2025": "900", "2026": "1000", "2027": "1100"}),
        seg(SEG_ACTIVITY, "F1.1.1", "Danışma merkezi ikinci biriminin açılması",
            "Kuzey mahallelerinde hizmet verecek birim için bina kiralanacak ve personel alınacaktır.",
            parent="H1.1", page=12, cost="3200000.00", responsible="Kadın ve Aile Hizmetleri Müdürlüğü"),
        seg(SEG_OBJECTIVE, "H1.2", "Gündüz bakımevi hizmetlerini yaygınlaştırmak",
            "Çalışan ebeveynlerin çocukları için mahalle kreşleri açılacaktır.", parent="A1", page=13),
        seg(SEG_ACTIVITY, "F1.2.1", "Üç mahalle kreşinin yapılması",
            "Kreş binalarının inşaatı tamamlanarak hizmete alınacaktır.", parent="H1.2", page=13,
            cost="12500000.00"),
        seg(SEG_GOAL, "A2", "Kamusal alanlarda güvenliği artırmak",
            "Parklar ve yürüyüş yolları kadınlar için güvenli hale getirilecektir.", page=20),
        seg(SEG_OBJECTIVE, "H2.1", "Park aydınlatmalarını iyileştirmek",
            "Tüm parklarda aydınlatma denetimi yapılacak ve eksikler giderilecektir.", parent="A2", page=21),
        seg(SEG_ACTIVITY, "F2.1.1", "Park aydınlatma denetimleri",
            "Her yıl en az iki kez gece denetimi yapılacaktır.", parent="H2.1", page=21, cost="450000.00"),
    ]
    for i, s in enumerate(rows):
        s.ordinal = i
    return rows


def by_code(segments: list[Segment], code: str) -> Segment:
    return next(s for s in segments if s.code == code)

# ----------------------------------------------------------------------------- no change at all


def test_versions_are_exposed():
    assert DIFF_VERSION == 1 and isinstance(NORMALIZER_VERSION, int)


def test_identical_documents_give_nothing():
    assert diff_segments(plan(), plan()) == []
    assert diff_segments([], []) == []
    assert gc.isenabled()   # the collector, paused during a diff, is back on


def test_reflow_whitespace_hyphenation_print_date_and_page_numbers_are_not_changes():
    new = plan()
    act = by_code(new, "F1.1.1")
    act.text = ("Kuzey mahallelerinde hizmet verecek bi-\nrim için bina   kiralanacak\nve personel\t"
                "alınacaktır.\n\nSayfa 12 / 80\nBaskı Tarihi: 03.03.2026 14:05")
    goal = by_code(new, "A1")
    goal.title = "TOPLUMSAL CİNSİYET EŞİTLİĞİNİ GÖZETEN HİZMETLER SUNMAK"   # case is layout too
    goal.text = "Belediye hizmetlerinde kadınların ve kız\nçocuklarının ihtiyaçları\n\n- 10 -\n" \
                "önceliklendirilecektir."
    for s in new:
        s.page_start = (s.page_start or 0) + 2   # everything moved two pages down
    assert diff_segments(plan(), new) == []


def test_order_of_identical_segments_swapped_gives_nothing():
    new = plan()
    new[4], new[7] = new[7], new[4]
    new = list(reversed(new))
    for i, s in enumerate(new):
        s.ordinal = i
    assert diff_segments(plan(), new) == []


def test_duplicated_identical_segments_in_another_order_give_nothing():
    twin = seg(SEG_ACTIVITY, None, "Farkındalık semineri", "Mahalle evlerinde seminer düzenlenecektir.")
    other = seg(SEG_ACTIVITY, None, "Kooperatif pazarı", "Kadın kooperatiflerine pazar alanı ayrılacaktır.")
    old = [copy.deepcopy(twin), copy.deepcopy(other), copy.deepcopy(twin)]
    new = [copy.deepcopy(other), copy.deepcopy(twin), copy.deepcopy(twin)]
    for i, s in enumerate(new):
        s.ordinal, s.page_start = i, 5 + i
    assert diff_segments(old, new) == []


@pytest.mark.parametrize("style", [("Hedef 1.2", "H1.2"), ("HEDEF 1.2", "H 1.2"), ("H1.2", "h1.2")])
def test_code_style_change_with_same_key_gives_nothing(style):
    before, after = style
    old = [seg(SEG_GOAL, "A1", "Eşitlik"), seg(SEG_OBJECTIVE, before, "Kreş hizmetleri", parent="A1")]
    new = [seg(SEG_GOAL, "AMAÇ 1", "Eşitlik"), seg(SEG_OBJECTIVE, after, "Kreş hizmetleri", parent="Amaç 1")]
    assert diff_segments(old, new) == []
    # with an explicit key from the parser, and the code printed inside the title
    old[1].fields["key"] = new[1].fields["key"] = "1.2"
    old[1].title, new[1].title = f"{before}: Kreş hizmetleri", f"{after} - Kreş hizmetleri"
    assert diff_segments(old, new) == []


def test_segment_key_reads_the_number_in_a_code():
    assert segment_key("Hedef 1.2") == segment_key("H1.2") == segment_key("HEDEF 1.2") == "1.2"
    assert segment_key("AMAÇ 02") == segment_key("Stratejik Amaç 2") == "2"
    assert segment_key("PG1.1.1") == segment_key("PERFORMANS 1.1.1") == "1.1.1"
    assert segment_key("2025/123") == "2025/123"
    assert segment_key(None) is None and segment_key("  ") is None

# ------------------------------------------------------------------------------ each kind of change


def test_activity_removed_is_reported_with_its_text_and_page():
    new = [s for s in plan() if s.code != "F1.2.1"]
    [c] = diff_segments(plan(), new)
    assert c.kind == CHANGE_REMOVED and c.segment_kind == SEG_ACTIVITY
    assert (c.code, c.key, c.parent_code_before, c.page_before) == ("F1.2.1", "1.2.1", "H1.2", 13)
    assert c.before_text == "Kreş binalarının inşaatı tamamlanarak hizmete alınacaktır."
    assert c.after_text is None and c.page_after is None
    assert c.numeric == [NumericChange("cost", None, Decimal("12500000"), None)]


def test_cost_cut_is_a_numeric_modification():
    old, new = plan(), plan()
    by_code(old, "F1.1.1").fields["cost"] = "3.200.000,00"
    by_code(new, "F1.1.1").fields["cost"] = "1.900.000,00"
    [c] = diff_segments(old, new)
    assert c.kind == CHANGE_MODIFIED and c.code == "F1.1.1"
    assert c.numeric == [NumericChange("cost", None, Decimal("3200000"), Decimal("1900000"))]
    assert c.words_removed == [] and c.words_added == [] and c.similarity == 1.0
    assert c.to_dict()["numeric"] == [{"field": "cost", "year": None, "before": "3200000", "after": "1900000"}]


def test_target_changed_for_one_year():
    new = plan()
    by_code(new, "PG1.1.1").fields["targets"] = {"2025": "900", "2026": "950", "2027": "1100.00"}
    [c] = diff_segments(plan(), new)
    assert c.kind == CHANGE_MODIFIED and c.code == "PG1.1.1" and c.page_before == c.page_after == 11
    assert c.numeric == [NumericChange("targets", "2026", Decimal(1000), Decimal(950))]


def test_new_objective_under_goal_2_is_added_with_its_parent():
    new = plan()
    new.append(seg(SEG_OBJECTIVE, "H2.2", "Acil yardım butonları kurmak",
                   "Parklara ve otobüs duraklarına acil yardım butonu yerleştirilecektir.", parent="A2",
                   page=22, ordinal=9))
    [c] = diff_segments(plan(), new)
    assert c.kind == CHANGE_ADDED and (c.code, c.key, c.parent_code_after) == ("H2.2", "2.2", "A2")
    assert c.parent_code_before is None and c.before_text is None and c.page_after == 22
    assert c.after_text.startswith("Parklara")


def test_objective_moved_to_another_goal():
    new = plan()
    moved = by_code(new, "H1.2")
    moved.code, moved.parent_code = "H2.2", "A2"
    child = by_code(new, "F1.2.1")
    child.code, child.parent_code = "F2.2.1", "H2.2"
    new.remove(moved)
    new.remove(child)
    new += [moved, child]
    for i, s in enumerate(new):
        s.ordinal = i
    changes = diff_segments(plan(), new)
    assert [(c.kind, c.code_before, c.code, c.parent_code_before, c.parent_code_after) for c in changes] == [
        (CHANGE_MOVED, "H1.2", "H2.2", "A1", "A2")]   # the activity went along with its objective
    assert changes[0].similarity == 1.0


def test_renumbering_after_a_removal_is_not_a_move():
    old = [seg(SEG_GOAL, "A1", "Eşitlik")] + [
        seg(SEG_ACTIVITY, f"F{i}", t, parent="A1", ordinal=i)
        for i, t in enumerate(["Kreş açılması", "Sığınmaevi kapasitesinin artırılması", "Park aydınlatması",
                               "Kadın kooperatifi pazarı", "Babalık eğitimi seminerleri"], 1)]
    new = [s for s in copy.deepcopy(old) if s.code != "F2"]
    for i, s in enumerate(new[2:], 2):
        s.code = f"F{i}"
    [c] = diff_segments(old, new)
    assert (c.kind, c.code, c.title) == (CHANGE_REMOVED, "F2", "Sığınmaevi kapasitesinin artırılması")


def test_renumbered_and_reworded_neighbour_of_a_removal():
    old = [seg(SEG_ACTIVITY, f"F{i}", t, parent="H1", ordinal=i) for i, t in enumerate(
        ["Kreş açılması ve işletilmesi", "Sığınmaevi kapasitesinin artırılması",
         "Park aydınlatmalarının denetlenmesi ve yenilenmesi"], 1)]
    new = [copy.deepcopy(old[0]), seg(SEG_ACTIVITY, "F2", "Park aydınlatmalarının denetlenmesi ve onarılması",
                                      parent="H1", ordinal=2)]
    changes = diff_segments(old, new)
    assert [(c.kind, c.code_before, c.code) for c in changes] == [
        (CHANGE_MODIFIED, "F3", "F2"), (CHANGE_REMOVED, "F2", "F2")]
    assert (changes[0].words_removed, changes[0].words_added) == (["yenilenmesi"], ["onarılması"])


def test_swapping_two_objectives_numbers_is_a_move():
    old = [seg(SEG_OBJECTIVE, "H1.1", "Kreş açılması", parent="A1", ordinal=0),
           seg(SEG_OBJECTIVE, "H1.2", "Sığınmaevi kapasitesi", parent="A1", ordinal=1)]
    new = [seg(SEG_OBJECTIVE, "H1.1", "Sığınmaevi kapasitesi", parent="A1", ordinal=0),
           seg(SEG_OBJECTIVE, "H1.2", "Kreş açılması", parent="A1", ordinal=1)]
    changes = diff_segments(old, new)
    assert [c.kind for c in changes] == [CHANGE_MOVED]
    assert {(c.code_before, c.code) for c in changes} <= {("H1.2", "H1.1"), ("H1.1", "H1.2")}


def test_renumbered_goal_takes_its_children_without_moves():
    def bump(code: str) -> str:   # "A1" → "A2", "PG1.1.1" → "PG2.1.1"
        return re.sub(r"\d+", lambda m: str(int(m.group(0)) + 1), code, count=1)
    new = plan()
    for s in new:
        s.code, s.parent_code = bump(s.code), bump(s.parent_code) if s.parent_code else None
    new.insert(0, seg(SEG_GOAL, "A1", "Katılımcı yönetişimi güçlendirmek", "Kent konseyi desteklenecektir."))
    for i, s in enumerate(new):
        s.ordinal = i
    assert by_code(new, "F2.1.1").parent_code == "H2.1" and by_code(new, "F3.1.1").fields["cost"] == "450000.00"
    changes = diff_segments(plan(), new)
    assert [(c.kind, c.code) for c in changes] == [(CHANGE_ADDED, "A1")]


def test_unrelated_objective_taking_a_moved_ones_number_is_not_a_modification():
    new = plan()
    moved = by_code(new, "H1.2")
    moved.code, moved.parent_code, moved.ordinal = "H2.2", "A2", 20
    child = by_code(new, "F1.2.1")
    child.code, child.parent_code, child.ordinal = "F2.2.1", "H2.2", 21
    new.append(seg(SEG_OBJECTIVE, "H1.2", "Kadın istihdamını desteklemek",
                   "Meslek edindirme kursları açılacaktır.", parent="A1", ordinal=5))
    kinds = {(c.kind, c.code) for c in diff_segments(plan(), new)}
    assert kinds == {(CHANGE_MOVED, "H2.2"), (CHANGE_ADDED, "H1.2")}


def test_rewording_with_high_similarity_quotes_the_exact_words():
    new = plan()
    by_code(new, "H1.1").text = ("Merkezin hizmet saatleri kısaltılacak ve ilçenin kuzeyinde ikinci bir "
                                 "birim açılacaktır.")
    [c] = diff_segments(plan(), new)
    assert c.kind == CHANGE_MODIFIED and c.code == "H1.1" and c.numeric == []
    assert (c.words_removed, c.words_added) == (["uzatılacak"], ["kısaltılacak"])
    assert 0.9 < c.similarity < 1.0


def test_rewording_without_codes_is_paired_by_similarity_and_threshold_is_tunable():
    old = [seg(SEG_DECISION, None, "Kadın Danışma Merkezi",
               "Kadın danışma merkezinin Çarşı Mahallesi'ndeki binaya taşınmasına oybirliğiyle karar verildi."),
           seg(SEG_DECISION, None, "Park", "Yeni park alanının Kreş olarak kullanılmasına karar verildi.")]
    new = [copy.deepcopy(old[1]),
           seg(SEG_DECISION, None, "Kadın Danışma Merkezi",
               "Kadın danışma merkezinin Cumhuriyet Mahallesi'ndeki binaya taşınmasına oyçokluğuyla karar verildi.")]
    [c] = diff_segments(old, new)
    assert c.kind == CHANGE_MODIFIED and c.code is None
    assert c.words_removed == ["Çarşı", "oybirliğiyle"]
    assert c.words_added == ["Cumhuriyet", "oyçokluğuyla"]
    strict = diff_segments(old, new, threshold=0.99)
    assert [c.kind for c in strict] == [CHANGE_ADDED, CHANGE_REMOVED]


def test_decision_text_changed_keeps_its_number():
    old = [seg(SEG_DECISION, "2025/41", "Kreş yeri tahsisi", "Parselin kreş alanı olarak ayrılması kabul edildi.",
               karar_no="2025/41")]
    new = copy.deepcopy(old)
    new[0].text = "Parselin ticaret alanı olarak ayrılması kabul edildi."
    [c] = diff_segments(old, new)
    assert (c.kind, c.code, c.words_removed, c.words_added) == (CHANGE_MODIFIED, "2025/41", ["kreş"], ["ticaret"])


def test_output_is_in_document_order_then_removals_and_serialises():
    old, new = plan(), plan()
    new = [s for s in new if s.code not in ("F1.1.1", "H2.1")]
    new.insert(1, seg(SEG_ACTIVITY, "F1.0.1", "Eşitlik birimi kurulması", "Birim kurulacaktır.", parent="A1"))
    by_code(new, "F2.1.1").fields["cost"] = "500000"
    for i, s in enumerate(new):
        s.ordinal = i
    changes = diff_segments(old, new)
    assert [(c.kind, c.code) for c in changes] == [
        (CHANGE_ADDED, "F1.0.1"), (CHANGE_MODIFIED, "F2.1.1"), (CHANGE_REMOVED, "F1.1.1"),
        (CHANGE_REMOVED, "H2.1")]
    assert changes == diff_segments(old, new)
    rows = json.loads(json.dumps([c.to_dict() for c in changes]))
    assert set(rows[0]) >= {"kind", "segment_kind", "code", "key", "parent_code_before", "parent_code_after",
                            "title", "before_text", "after_text", "page_before", "page_after", "numeric",
                            "similarity", "words_removed", "words_added"}


def test_large_unmatched_blocks_are_still_paired_near_the_diagonal():
    words = "kadın kreş park eşitlik bütçe mahalle hizmet danışma merkez sığınma eğitim istihdam".split()
    old = [seg(SEG_ACTIVITY, None, f"Faaliyet {i}", " ".join(words[(i + k) % len(words)] for k in range(8))
               + f" numara {i} için yapılacaktır", ordinal=i) for i in range(700)]
    new = copy.deepcopy(old)
    for s in new:
        s.text = s.text.replace("yapılacaktır", "tamamlanacaktır")
    changes = diff_segments(old, new)
    assert len(changes) == 700 and {c.kind for c in changes} == {CHANGE_MODIFIED}
    assert all(c.title == c.title_before for c in changes)

# -------------------------------------------------------------------------------------- numbers


def test_numeric_changes_compare_as_decimals():
    assert numeric_changes({"cost": "3200000.00"}, {"cost": "3200000"}) == []
    assert numeric_changes({"cost": "3.200.000,00"}, {"cost": Decimal("3200000")}) == []
    assert numeric_changes({"costs": {2026: "10"}}, {"costs": {"2026": 10.0}}) == []
    assert numeric_changes({"baseline": "%12,5"}, {"baseline": "12.5"}) == []
    assert numeric_changes({"cost": "3200000", "realised": {"2025": "5"}, "responsible": "A"},
                           {"cost": "1900000", "realised": {"2025": "5", "2026": "7"}, "responsible": "B"}) == [
        NumericChange("cost", None, Decimal("3200000"), Decimal("1900000")),
        NumericChange("realised", "2026", None, Decimal(7))]
    assert numeric_changes({"targets": {"2026": "Artırılacak"}}, {"targets": {"2026": "Azaltılacak"}}) == []
    assert numeric_changes(None, {"values": {"butce": "1.5"}}) == [NumericChange("values", "butce", None,
                                                                                 Decimal("1.5"))]

def test_year_slice_files_each_years_own_numbers_under_this_year():
    fields = {"costs": {"2025": "10", "2026": "12"}, "values": {"butce_2021": "5", "gerceklesme_2020": "4",
                                                                 "artis_orani": "1"}, "cost": "7"}
    assert year_slice(fields, 2025, 2026) == {
        "costs": {"2026": "10"}, "cost": "7",
        "values": {"butce_2022": "5", "gerceklesme_2021": "4", "artis_orani": "1"}}
    assert year_slice(fields, 2026, 2026)["costs"] == {"2026": "12"}

# ------------------------------------------------------------------------------------ successors


def programme(year: int, cost: str, extra: bool = True) -> list[Segment]:
    rows = [seg(SEG_ACTIVITY, "F1", "Kadın danışma merkezi işletilmesi",
                f"{year} yılında merkezde haftada altı gün hizmet verilecektir.", costs={str(year): cost},
                targets={str(year): "1000"}),
            seg(SEG_ACTIVITY, "F2", "Mahalle kreşleri", f"{year} yılında iki kreş açılacaktır.",
                costs={str(year): "800000"})]
    if extra:
        rows.append(seg(SEG_ACTIVITY, "F3", "Babalık eğitimi", "Babalara yönelik seminerler düzenlenecektir.",
                        costs={str(year): "60000"}))
    for i, s in enumerate(rows):
        s.ordinal = i
    return rows


def test_successor_compares_each_years_own_budget():
    changes = diff_successor(programme(2025, "3200000.00"), programme(2026, "1900000", extra=False))
    assert [(c.kind, c.code) for c in changes] == [(CHANGE_MODIFIED, "F1"), (CHANGE_REMOVED, "F3")]
    assert changes[0].numeric == [NumericChange("costs", "2026", Decimal(3200000), Decimal(1900000))]
    assert changes[0].words_removed == changes[0].words_added == []   # "2025 yılında" → "2026 yılında"
    assert diff_successor(programme(2025, "5"), programme(2026, "5.00")) == []
    assert document_year(programme(2026, "1")) == 2026 and document_year([seg(SEG_GOAL, "A1", "x")]) is None


def test_successor_with_years_given_and_a_real_text_change():
    prev, this = programme(2025, "1"), programme(2026, "1")
    this[1].text = "2026 yılında üç kreş açılacaktır."
    [c] = diff_successor(prev, this, prev_year=2025, this_year=2026)
    assert (c.code, c.words_removed, c.words_added) == ("F2", ["iki"], ["üç"])
    with pytest.raises(DiffError, match="earlier year first"):
        diff_successor(prev, this, prev_year=2026, this_year=2025)


def test_successor_pairs_picks_consecutive_years():
    assert successor_pairs([(2026, "c"), (2024, "a"), (2025, "b"), (2022, "z")]) == [
        (2024, "a", 2025, "b"), (2025, "b", 2026, "c")]
    assert successor_pairs([(2022, "z"), (2024, "a")], max_gap=2) == [(2022, "z", 2024, "a")]
    with pytest.raises(DuplicateYear, match="two documents for 2025"):
        successor_pairs([(2025, "a"), (2025, "b")])

# ---------------------------------------------------------------------------------- text diffs


def pages_v1() -> list[str]:
    return [
        "Örnek Belediyesi Duyuru\nKadın danışma merkezi Cumartesi günleri de açık olacaktır. Başvurular "
        "için No. 12 numaralı\nodaya, vb. birimlere gidilebilir.\nSayfa 1 / 2",
        "Örnek Belediyesi Duyuru\n5. Olağan Toplantı 03.03.2026 tarihinde yapılacaktır. Toplam 1.250 kişiye\n"
        "hizmet verilmiştir. Kreş kayıtları Eylül ayında başlayacaktır.\nSayfa 2 / 2",
    ]


def test_sentences_are_cut_the_turkish_way_and_keep_their_page():
    got = [(s.text.replace("\n", " "), s.page) for s in split_sentences(pages_v1())]
    assert got == [
        ("Kadın danışma merkezi Cumartesi günleri de açık olacaktır.", 1),
        ("Başvurular için No. 12 numaralı odaya, vb. birimlere gidilebilir.", 1),
        ("5. Olağan Toplantı 03.03.2026 tarihinde yapılacaktır.", 2),
        ("Toplam 1.250 kişiye hizmet verilmiştir.", 2),
        ("Kreş kayıtları Eylül ayında başlayacaktır.", 2)]
    more = split_sentences(["T.C. Gebze Belediyesi II. Dönem Md. 18 uyarınca toplandı. Sn. Başkan açtı! "
                            "Soru var mı? Yok.\n\n2.1. Amaçlar\n• Birinci madde\n• İkinci madde"])
    assert [s.text for s in more] == ["T.C. Gebze Belediyesi II. Dönem Md. 18 uyarınca toplandı.",
                                      "Sn. Başkan açtı!", "Soru var mı?", "Yok.", "2.1. Amaçlar",
                                      "• Birinci madde", "• İkinci madde"]


def test_text_diff_ignores_reflow_headers_page_numbers_and_print_dates():
    assert diff_text(pages_v1(), pages_v1()) == []
    reflowed = [
        "Örnek Belediyesi Duyuru\nBaskı Tarihi: 04.03.2026 09:12\nKadın danışma merkezi Cumartesi\ngünleri de "
        "açık olacaktır.\nBaşvurular için No. 12 numaralı odaya, vb. bi-\nrimlere gidilebilir.\n- 1 -",
        "Örnek Belediyesi Duyuru\nBaskı Tarihi: 04.03.2026 09:12\n5. Olağan   Toplantı 03.03.2026 tarihinde "
        "yapılacaktır.\nToplam 1.250 kişiye hizmet verilmiştir.",
        "Örnek Belediyesi Duyuru\nBaskı Tarihi: 04.03.2026 09:12\nKreş kayıtları Eylül ayında\nbaşlayacaktır.\n- 3 -",
    ]
    assert diff_text(pages_v1(), reflowed) == []


def test_text_diff_reports_sentences_with_pages_and_words():
    new = pages_v1()
    new[1] = new[1].replace("Eylül", "Ekim").replace("Toplam 1.250 kişiye\nhizmet verilmiştir. ", "")
    new[0] = new[0].replace("gidilebilir.", "gidilebilir. Merkez bayramlarda kapalıdır.")
    changes = diff_text(pages_v1(), new)
    assert [(c.kind, c.page_before, c.page_after) for c in changes] == [
        (CHANGE_ADDED, None, 1), (CHANGE_REMOVED, 2, None), (CHANGE_MODIFIED, 2, 2)]
    assert changes[0].after == "Merkez bayramlarda kapalıdır."
    assert changes[1].before.startswith("Toplam 1.250")
    assert (changes[2].words_removed, changes[2].words_added) == (["Eylül"], ["Ekim"])
    assert json.loads(json.dumps([c.to_dict() for c in changes]))[2]["kind"] == CHANGE_MODIFIED


def test_a_space_after_a_hyphen_is_layout():
    assert compare_form("II- OCAK-HAZİRAN 2021 DÖNEMİ") == compare_form("II-\nOCAK-HAZİRAN\n2021 DÖNEMİ")
    assert compare_form("EK- 1 BÜTÇE") == compare_form("EK-\n1 BÜTÇE") == "ek-1 butce"
    assert compare_form("2021 - 2022") == "2021 - 2022"


def test_text_diff_a_moved_sentence_is_not_a_change():
    new = pages_v1()
    new[0] = new[0].replace("Kadın danışma merkezi Cumartesi günleri de açık olacaktır. ", "")
    new[1] = new[1].replace("başlayacaktır.", "başlayacaktır. Kadın danışma merkezi Cumartesi günleri de "
                                               "açık olacaktır.")
    assert diff_text(pages_v1(), new) == []

# -------------------------------------------------------------------------------- properties


VOCAB = ("kadın erkek eşitlik kreş gündüz bakımevi danışma merkezi park aydınlatma bütçe faaliyet proje "
         "mahalle sosyal destek eğitim istihdam kooperatif katılım meclis komisyon müdürlüğü sığınmaevi "
         "şiddetin önlenmesi engelli yaşlı bakım çocuk Kadın Eşitlik KREŞ İlçe Işık ödenek 3.200.000,00 "
         "yapılacaktır, artırılacak. Belediye").split()
words = st.lists(st.sampled_from(VOCAB), min_size=1, max_size=10).map(" ".join)
codes = st.one_of(st.none(), st.builds(lambda p, a, b: f"{p}{a}" if b is None else f"{p}{a}.{b}",
                                       st.sampled_from(["A", "H", "F", "Hedef ", "PG"]), st.integers(1, 4),
                                       st.one_of(st.none(), st.integers(1, 4))))
money = st.decimals(min_value=0, max_value=10**8, places=2, allow_nan=False, allow_infinity=False).map(str)
segments_st = st.builds(
    Segment, kind=st.sampled_from([SEG_GOAL, SEG_OBJECTIVE, SEG_INDICATOR, SEG_ACTIVITY]), code=codes,
    title=words, text=words, page_start=st.integers(1, 60), parent_code=codes, ordinal=st.integers(0, 30),
    fields=st.fixed_dictionaries({}, optional={"cost": money,
                                               "targets": st.dictionaries(st.sampled_from(["2025", "2026"]),
                                                                          money, max_size=2)}))
docs = st.lists(segments_st, max_size=14)


@PROPS
@given(docs)
def test_prop_a_document_against_itself_gives_nothing(x):
    assert diff_segments(x, copy.deepcopy(x)) == []


@PROPS
@given(docs, st.data())
def test_prop_order_never_matters(x, data):
    assert diff_segments(x, data.draw(st.permutations(x))) == []


@PROPS
@given(docs, segments_st)
def test_prop_one_more_segment_is_one_addition(x, s):
    [c] = diff_segments(x, x + [s])
    assert (c.kind, c.segment_kind, c.title, c.after_text) == (CHANGE_ADDED, s.kind, s.title, s.text)
    [r] = diff_segments(x + [s], x)
    assert (r.kind, r.title, r.before_text) == (CHANGE_REMOVED, s.title, s.text)


@PROPS
@given(docs, st.data())
def test_prop_whitespace_is_not_a_change(x, data):
    spaces = st.sampled_from([" ", "  ", "\n", " \n ", "\t", "\n\n", "\u00a0"])
    new = copy.deepcopy(x)
    for s in new:
        for attr in ("title", "text"):
            parts = getattr(s, attr).split(" ")
            setattr(s, attr, data.draw(spaces) + "".join(p + data.draw(spaces) for p in parts))
    assert diff_segments(x, new) == []


@PROPS
@given(st.lists(words, min_size=1, max_size=12), st.data())
def test_prop_text_diff_ignores_how_sentences_are_laid_out_on_pages(sentences, data):
    flat = " ".join(s[0].upper() + s[1:] + "." for s in sentences)
    toks = flat.split(" ")
    cut = sorted(data.draw(st.sets(st.integers(1, max(1, len(toks) - 1)), max_size=3)))
    pages = [" ".join(toks[a:b]) for a, b in zip([0] + cut, cut + [len(toks)])]
    # identical pages would rightly be taken for running headers; that is not what this property is about
    assume(len({re.sub(r"\d+", "#", p.lower()) for p in pages}) == len(pages))
    assert diff_text([flat], pages) == []


# -------------------------------------------------------------------------------- real documents


def _pdf_pages(path) -> list[str]:
    from watch.extract import extract_file
    return [p.text for p in extract_file(path).pages]


@pytest.mark.realdata
def test_real_report_against_itself_rewrapped_gives_nothing(realdata):
    pages = _pdf_pages(realdata / "gebze_kurumsal-mali-durum-ve-beklentiler-raporu_2021.pdf")
    rewrapped = [re.sub(r"(\S+) (\S+) ", r"\1\n\2 ", p) for p in pages]   # every other space a line break
    assert diff_text(pages, rewrapped) == []


@pytest.mark.realdata
def test_real_financial_reports_year_on_year(realdata):
    from watch.structure.finance import parse_financial_report
    prev = parse_financial_report(_pdf_pages(realdata / "gebze_kurumsal-mali-durum-ve-beklentiler-raporu_2021.pdf"))
    this = parse_financial_report(_pdf_pages(realdata / "gebze_kurumsal-mali-durum-ve-beklentiler-raporu_2022.pdf"))
    assert diff_segments(prev, copy.deepcopy(prev)) == []
    changes = diff_successor(prev, this, prev_year=2021, this_year=2022)
    personnel = next(c for c in changes if c.code == "01" and c.kind == CHANGE_MODIFIED)
    assert NumericChange("values", "butce_2022", Decimal("71284572"), Decimal("90214301")) in personnel.numeric
    assert "71.284.572,00" in personnel.words_removed and "90.214.301,00" in personnel.words_added


@PROPS
@given(docs, st.data())
def test_prop_every_modification_can_be_quoted(x, data):
    new = copy.deepcopy(x)
    for s in new:
        if data.draw(st.booleans()):
            s.text = data.draw(words)
        if data.draw(st.booleans()):
            s.fields["cost"] = data.draw(money)
    for c in diff_segments(x, new):
        if c.kind == CHANGE_MODIFIED:
            assert c.words_removed or c.words_added or c.numeric, c
