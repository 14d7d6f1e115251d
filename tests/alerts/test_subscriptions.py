"""Subscriptions: CRUD, YAML with file:line:field errors, Turkish-folded filters, the CLI."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from muniwatch.cli import cli
from tests.alerts.conftest import KRES_CUT, NOW, ROAD, SHELTER
from watch import subscriptions as S
from watch.subscription_files import load_yaml


@pytest.fixture
def known(db):
    return S.Known.from_db(db)


def _row(change: dict, province: str, kind: str = "ilçe") -> dict:
    row = dict(change)
    for key in ("categories", "matched_terms"):
        row[key] = json.dumps(row.get(key, []), ensure_ascii=False)
    return {**row, "municipality_province": province, "municipality_kind": kind}


KRES_ROW = _row(KRES_CUT, "Ankara")
SHELTER_ROW = _row(SHELTER, "Balıkesir")
ROAD_ROW = _row(ROAD, "İzmir")


def test_save_get_list_and_unsubscribe(db, known):
    sub = S.save(db, S.validated(S.Subscription("kres", channels=["json://127.0.0.1:9/x"],
                                                municipalities=["camliova"]), known), NOW)
    assert sub.id and S.get(db, "kres").municipalities == ["camliova"]
    S.save(db, S.validated(S.Subscription("kres", channels=["json://127.0.0.1:9/y"], mode="daily"), known), NOW)
    again = S.get(db, "kres")
    assert again.id == sub.id and again.mode == "daily" and again.municipalities == []
    assert [s.name for s in S.all_subscriptions(db)] == ["kres"]
    S.unsubscribe(db, "kres", NOW)
    assert S.all_subscriptions(db, active_only=True) == []
    assert not S.get(db, "kres").active
    with pytest.raises(S.SubscriptionNotFound, match="no subscription named 'kre' \\(did you mean 'kres'\\?\\)"):
        S.get(db, "kre")


def test_a_new_subscription_starts_from_now_unless_since_is_given(db, known, changes):
    late = S.save(db, S.Subscription("sonradan"), NOW)
    early = S.save(db, S.validated(S.Subscription("geriye", since="2026-01-01"), known), NOW)
    rows = {r["name"]: r for r in db.query("select name, last_change_id from subscriptions")}
    assert rows["sonradan"]["last_change_id"] == max(changes.values())
    assert rows["geriye"]["last_change_id"] == 0 and late.id != early.id


GOOD_YAML = """\
x-ortak: &ortak
  language: tr
  mode: immediate
subscriptions:
  - name: camliova-bakim
    <<: *ortak
    channels:
      - "mailtos://izleme:{secret:SMTP_PASSWORD}@smtp.example.org?to=izleme@example.org"
    municipalities: [camliova]
    categories: [bakim]
    keywords: KREŞ
  - name: ege-ozet
    channels: []
    provinces: [izmir]
    municipality_kinds: [ILÇE]
    mode: weekly
    language: en
    since: 2026-01-01
"""


def test_yaml_loads_and_puts_names_in_their_official_spelling(tmp_path, known):
    path = tmp_path / "abonelikler.yml"
    path.write_text(GOOD_YAML, encoding="utf-8")
    first, second = load_yaml(path, known)
    assert (first.name, first.keywords, first.categories, first.source_line) == ("camliova-bakim", ["KREŞ"], ["bakim"], 5)
    assert second.provinces == ["İzmir"] and second.municipality_kinds == ["ilçe"]
    assert (second.mode, second.language, second.since, second.channels) == ("weekly", "en", "2026-01-01", [])


BAD_YAML = """\
subscriptions:
  - name: kres
    mode: hourly
    municipalities:
      - camliova
      - camlliova
    categories: [bakım]
    channels:
      - "mailtos://izleme:acik-parola@smtp.example.org?to=a@example.org"
      - "nosuch://example.org"
  - name: kres
    colour: mavi
    gender_only: evet
  - channels: [json://x]
"""


def test_yaml_errors_name_file_line_and_field_and_nothing_loads(tmp_path, known):
    path = tmp_path / "abonelikler.yml"
    path.write_text(BAD_YAML, encoding="utf-8")
    with pytest.raises(S.SubscriptionError) as err:
        load_yaml(path, known)
    lines = [str(i) for i in err.value.issues]
    assert "abonelikler.yml:3: subscription 'kres': field 'mode': 'hourly' is not one of immediate, daily, weekly" in lines
    assert ("abonelikler.yml:6: subscription 'kres': field 'municipalities': unknown municipality 'camlliova' "
            "(did you mean 'camliova'?)") in lines
    assert any(line.startswith("abonelikler.yml:7: subscription 'kres': field 'categories': 'bakım' is not one of")
               for line in lines)
    assert ("abonelikler.yml:9: subscription 'kres': field 'channels': a password is written in the URL: set it as "
            "MUNIWATCH_SECRET_<NAME> in the environment and write {secret:<NAME>} instead") in lines
    assert any(line.startswith("abonelikler.yml:10: subscription 'kres': field 'channels': Apprise cannot use 'nosuch'")
               for line in lines)
    assert "abonelikler.yml:11: subscription 'kres': field 'name': duplicate name (first at line 2)" in lines
    assert "abonelikler.yml:12: subscription 'kres': field 'colour': unknown field" in lines
    assert "abonelikler.yml:13: subscription 'kres': field 'gender_only': expected true or false, got 'evet'" in lines
    assert "abonelikler.yml:14: field 'name': every subscription needs a name" in lines


def test_invalid_yaml_is_one_line(tmp_path, known):
    path = tmp_path / "bozuk.yml"
    path.write_text("subscriptions:\n  - name: [a\n", encoding="utf-8")
    with pytest.raises(S.SubscriptionError, match=r"^bozuk.yml:3: invalid YAML"):
        load_yaml(path, known)


@pytest.mark.parametrize("sub, row, expected", [
    (S.Subscription("a", municipalities=["camliova"]), KRES_ROW, True),
    (S.Subscription("a", municipalities=["altinkoru"]), KRES_ROW, False),
    (S.Subscription("a", provinces=["ankara"]), KRES_ROW, True),          # folded: ankara = Ankara
    (S.Subscription("a", provinces=["Izmir"]), ROAD_ROW, False),           # not gender-relevant
    (S.Subscription("a", provinces=["Izmir"], gender_only=False), ROAD_ROW, True),   # Izmir = İzmir
    (S.Subscription("a", municipality_kinds=["büyükşehir"]), KRES_ROW, False),
    (S.Subscription("a", doc_types=["meclis_kararlari"]), SHELTER_ROW, True),
    (S.Subscription("a", doc_types=["meclis_kararlari"]), KRES_ROW, False),
    (S.Subscription("a", categories=["bakim", "esitlik_mekanizmalari"]), KRES_ROW, True),
    (S.Subscription("a", categories=["siddet"]), KRES_ROW, False),
    (S.Subscription("a", keywords=["KREŞ"]), KRES_ROW, True),              # "kreşlerinin", case folded
    (S.Subscription("a", keywords=["kres"]), KRES_ROW, True),              # no diacritics
    (S.Subscription("a", keywords=["eşit"], gender_only=False), ROAD_ROW, False),   # not inside "çeşitli"
    (S.Subscription("a", keywords=["KONUKEVİ"]), SHELTER_ROW, True),
    (S.Subscription("a", min_significance="high"), KRES_ROW, True),
    (S.Subscription("a", min_significance="medium", gender_only=False), ROAD_ROW, False),
    (S.Subscription("a", change_kinds=["removed"]), KRES_ROW, False),
    (S.Subscription("a", since="2026-01-11"), KRES_ROW, False),
    (S.Subscription("a", since="2026-01-10"), KRES_ROW, True),
])
def test_filters(sub, row, expected):
    assert sub.matches_change(row) is expected


def test_missing_occurrences_pass_place_and_type_filters_only():
    occurrence = {"municipality_id": "camliova", "municipality_province": "Ankara", "municipality_kind": "ilçe",
                  "doc_type": "performans_programi"}
    assert S.Subscription("a", municipalities=["camliova"], categories=["bakim"]).matches_missing(occurrence)
    assert not S.Subscription("a", doc_types=["faaliyet_raporu"]).matches_missing(occurrence)
    assert not S.Subscription("a", missing_alerts=False).matches_missing(occurrence)
    assert S.Subscription("a", doc_types=["faaliyet_raporu"]).matches_missing({**occurrence, "doc_type": None})


def test_cli_subscribe_list_unsubscribe(alert_settings, db):
    runner = CliRunner()
    base = ["--data-dir", str(alert_settings.data_path)]
    result = runner.invoke(cli, base + ["subscribe", "kres", "--channel", "json://127.0.0.1:9/kanca",
                                        "--municipality", "camliova", "--category", "bakim,siddet", "--mode", "daily"])
    assert result.exit_code == 0, result.output
    assert "subscription kres: daily, tr, 1 channel(s); municipalities=camliova; categories=bakim,siddet" in result.output
    listed = json.loads(runner.invoke(cli, base + ["subscriptions", "--format", "json"]).output)
    assert listed[0]["categories"] == ["bakim", "siddet"] and listed[0]["channels"] == ["json://127.0.0.1:9/kanca"]
    bad = runner.invoke(cli, base + ["subscribe", "yanlis", "--municipality", "camlliova"])
    assert bad.exit_code == 1
    assert "subscription 'yanlis': field 'municipalities[0]': unknown municipality 'camlliova'" in bad.output
    assert "Error: 1 problem(s); nothing was saved" in bad.output and "Traceback" not in bad.output
    assert runner.invoke(cli, base + ["unsubscribe", "kres"]).output.startswith("unsubscribed kres")
    missing = runner.invoke(cli, base + ["unsubscribe", "yok"])
    assert missing.exit_code == 1 and "Error: no subscription named 'yok'" in missing.output


def test_cli_subscribe_from_file(alert_settings, db, tmp_path):
    path = tmp_path / "abonelikler.yml"
    path.write_text(GOOD_YAML, encoding="utf-8")
    result = CliRunner().invoke(cli, ["--data-dir", str(alert_settings.data_path), "subscribe", "--file", str(path)])
    assert result.exit_code == 0, result.output
    assert "subscription ege-ozet: weekly, en, Atom feed only" in result.output
    assert [s.name for s in S.all_subscriptions(db)] == ["camliova-bakim", "ege-ozet"]
