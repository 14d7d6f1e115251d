"""Messages: Turkish and English text, HTML with <mark>, JSON, highlighting with Turkish folding, digests."""

from __future__ import annotations

import json

from tests.alerts.conftest import KRES_CUT, SHELTER
from watch import messages as M

LINKS = M.Links("http://veri.example.org/", "muniwatch")


def _item(change: dict, change_id: int, **extra) -> dict:
    row = {**change, "id": change_id, "item_type": "change", **extra}
    for key in ("categories", "matched_terms", "numeric", "words_removed", "words_added"):
        row[key] = json.dumps(row.get(key, []), ensure_ascii=False)
    return row


KRES = _item(KRES_CUT, 17, municipality_name="Çamlıova Belediyesi", municipality_province="Ankara")
SHELTER_ITEM = _item(SHELTER, 18, municipality_name="Altınkoru Belediyesi", municipality_province="Balıkesir")


def test_turkish_text_names_everything_a_monitor_needs():
    msg = M.render([KRES], fmt="text", language="tr", links=LINKS, subscription="kres")
    assert msg.title == ("[muniwatch] Çamlıova Belediyesi – Performans Programı 2026: Faaliyet F1.3.1 değişti: "
                         "Mahalle kreşlerinin açılması ve işletilmesi (yüksek önem)")
    body = msg.body
    assert "Çamlıova Belediyesi (Ankara) · Performans Programı 2026" in body
    assert "Önem: yüksek · Konular: Bakım hizmetleri" in body and "Eşleşen terimler: «kreşlerinin»" in body
    assert "Önce (s. 7): F1.3.1 Mahalle «kreşlerinin» açılması" in body
    assert "Sonra (s. 7): F1.3.1 Mahalle «kreşlerinin» açılması" in body and "1.900.000,00 TL" in body
    assert "Sayılar: Maliyet 2026: 3.200.000,00 → 1.900.000,00" in body
    assert "Değişiklik: http://veri.example.org/muniwatch/changes/17" in body
    assert "Önceki özgün belge: http://veri.example.org/-/archive/3#page=7" in body
    assert "Yeni özgün belge: http://veri.example.org/-/archive/9#page=7" in body
    assert body.endswith("aboneliği bırakmak için: muniwatch unsubscribe kres")


def test_english_text():
    body = M.render([KRES], fmt="text", language="en", links=LINKS, subscription="kres").body
    assert "Activity F1.3.1 changed: Mahalle kreşlerinin" in body
    assert "Significance: high · Topics: Care services" in body
    assert "Before (p. 7):" in body and "Numbers: Cost 2026: 3,200,000.00 → 1,900,000.00" in body
    assert "Earlier original: http://veri.example.org/-/archive/3#page=7" in body


def test_html_marks_terms_and_escapes_municipal_text():
    nasty = _item({**KRES_CUT, "after_text": "<script>alert(1)</script> Kreşler & bakım evleri"}, 19,
                  municipality_name="Çamlıova Belediyesi")
    body = M.render([nasty], fmt="html", language="tr", links=LINKS, subscription="kres").body
    assert "<script>" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<mark>Kreşler</mark> &amp; bakım" in body
    assert '<a href="http://veri.example.org/-/archive/9#page=7">http://veri.example.org/-/archive/9#page=7</a>' in body


def test_json_message_is_structured():
    msg = M.render([SHELTER_ITEM], fmt="json", language="tr", links=LINKS, subscription="kanca")
    doc = json.loads(msg.body)
    item = doc["items"][0]
    assert doc["schema"] == 1 and doc["subscription"] == "kanca" and doc["mode"] == "immediate"
    assert item["kind"] == "new_decision" and item["code"] == "2025/97" and item["matched_terms"] == ["konukevi"]
    assert item["headline"] == "Yeni meclis kararı: Karar 2025/97: Kadın konukevi açılması"
    assert item["after"]["archive_url"] == "http://veri.example.org/-/archive/12#page=3"
    assert item["before"] == {"excerpt": "", "marks": [], "page": None, "archive_url": None}
    start, end = item["after"]["marks"][0]
    assert item["after"]["excerpt"][start:end] == "konukevi"


def test_term_spans_fold_turkish_case_and_respect_word_starts():
    text = "KADIN DANIŞMA MERKEZİ ile İlçe kreşleri; çeşitli eşitlik çalışmaları"
    spans = M.term_spans(text, ["kadın danışma merkezi", "Kreş", "eşit"])
    assert [text[s:e] for s, e in spans] == ["KADIN DANIŞMA MERKEZİ", "kreşleri", "eşitlik"]
    assert M.marked_text(text, spans).startswith("«KADIN DANIŞMA MERKEZİ» ile İlçe «kreşleri»; çeşitli «eşitlik»")


def test_long_texts_are_cut_around_the_first_mark():
    text = ("Giriş cümlesi uzun bir açıklama. " * 30) + "Burada kadın konukevi geçiyor. " + ("Son söz. " * 40)
    excerpt, spans = M.excerpt(text, M.term_spans(text, ["konukevi"]), 120)
    assert len(excerpt) <= 122 and excerpt.startswith("…") and excerpt.endswith("…")
    assert [excerpt[s:e] for s, e in spans] == ["konukevi"]


def test_digest_groups_by_municipality():
    import datetime as dt

    second = _item({**KRES_CUT, "code": "F1.3.2", "title": "Gündüz bakımevi"}, 20,
                   municipality_name="Çamlıova Belediyesi", municipality_province="Ankara")
    msg = M.render([KRES, SHELTER_ITEM, second], fmt="text", language="tr", links=LINKS, subscription="ozet",
                   mode="daily", digest_day=dt.date(2026, 1, 10))
    assert msg.title == "[muniwatch] Günlük özet 10 Ocak 2026: 3 bildirim, 2 belediye"
    assert msg.body.index("== Çamlıova Belediyesi (Ankara) (2) ==") < msg.body.index("F1.3.2")
    assert msg.body.index("F1.3.2") < msg.body.index("== Altınkoru Belediyesi (Balıkesir) (1) ==")
    html = M.render([KRES, SHELTER_ITEM], fmt="html", language="en", links=LINKS, subscription="ozet",
                    mode="weekly", digest_day=dt.date(2026, 1, 5)).body
    assert "<h2>Çamlıova Belediyesi (Ankara) (1)</h2>" in html and "<h2>Altınkoru Belediyesi (Balıkesir) (1)</h2>" in html


def test_missing_item_message():
    item = {"item_type": "missing", "rule": "programme_missing", "rule_key": "programme_missing|camliova|2026",
            "municipality_id": "camliova", "municipality_name": "Çamlıova Belediyesi", "municipality_province": "Ankara",
            "doc_type": "performans_programi", "period": "2026", "due_date": "2026-02-15",
            "details": json.dumps({"explanation_tr": "2026 performans programı son tarihten sonra da bulunamadı.",
                                   "explanation_en": "Not found after the due date."})}
    msg = M.render([item], fmt="text", language="tr", links=LINKS, subscription="kres")
    assert msg.title == ("[muniwatch] Beklenen belge eksik – Çamlıova Belediyesi – Performans Programı 2026: "
                         "Performans Programı 2026 bulunamadı")
    assert "Son tarih: 15 Şubat 2026" in msg.body and "son tarihten sonra da bulunamadı" in msg.body
    assert "Due: 15 February 2026" in M.render([item], fmt="text", language="en", links=LINKS, subscription="k").body


def test_why_names_each_phrase_its_category_and_where_it_was_found():
    from watch.messages import why

    matched = [
        {"term": "kreş", "matched_text": "kreşlerinin", "category": "bakim", "where": "before"},
        {"term": "kreş", "matched_text": "kreşlerinin", "category": "bakim", "where": "after"},
        {"term": "yerel eşitlik eylem planı", "matched_text": "Yerel Eşitlik Eylem Planı",
         "category": "esitlik_mekanizmalari", "where": "inherited", "code": "H1.4"},
    ]
    tr = why(matched, "tr")
    assert tr.startswith("«kreşlerinin» (") and "eski metinde, yeni metinde" in tr
    assert "üst amaç/hedefte (H1.4)" in tr and "@" not in tr
    assert "in the old text, in the new text" in why(matched, "en")
