"""Expected-but-missing rules with a frozen clock: every ``now`` is passed in, nothing reads the time."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest

from watch import alerts as A
from watch import calendar_rules as R
from watch import subscriptions as S

IST = ZoneInfo("Europe/Istanbul")


def at(*args) -> dt.datetime:
    """A moment on the Istanbul wall clock."""
    return dt.datetime(*args, tzinfo=IST)


@pytest.fixture
def world(db):
    """Çamlıova (184,320 people), a small district (30,000), a metropolitan municipality and a district
    of unknown population; each with a crawled source; Çamlıova has its 2025 programme and plan."""
    with db.conn:
        db["municipalities"].insert_all([
            {"id": "kucukkoy", "name": "Küçükköy Belediyesi", "province": "Bolu", "kind": "ilçe", "population": 30000},
            {"id": "buyuksehir", "name": "Örnek Büyükşehir Belediyesi", "province": "Konya", "kind": "büyükşehir"},
            {"id": "bilinmeyen", "name": "Bilinmeyen Belediyesi", "province": "Sinop", "kind": "ilçe"},
        ])
        for mid in ("camliova", "kucukkoy", "buyuksehir", "bilinmeyen"):
            db["sources"].insert({"id": f"{mid}-web", "municipality_id": mid, "kind": "discovery",
                                  "doc_types": json.dumps(["stratejik_plan", "performans_programi", "faaliyet_raporu",
                                                           "meclis_kararlari"]),
                                  "health": "ok", "last_ok_at": "2025-12-01T06:00:00+00:00"})
        for mid, doc_type, period in (("camliova", "performans_programi", "2025"),
                                      ("camliova", "stratejik_plan", "2025-2029"),
                                      ("buyuksehir", "stratejik_plan", "2025-2029"),
                                      ("kucukkoy", "meclis_kararlari", "2025-11"),
                                      ("camliova", "meclis_kararlari", "2025-11"),
                                      ("buyuksehir", "meclis_kararlari", "2025-11"),
                                      ("bilinmeyen", "meclis_kararlari", "2025-11")):
            db["documents"].insert({"identity": f"{mid}|{doc_type}|{period}|", "municipality_id": mid,
                                    "doc_type": doc_type, "period": period})
    return db


def _rules(db, now, **config) -> dict[str, R.Occurrence]:
    return {o.rule_key: o for o in R.evaluate(db, now, R.RuleConfig(**config))}


def test_programme_missing_after_15_february_for_obliged_municipalities(world):
    assert not [k for k in _rules(world, at(2026, 2, 15, 23, 59)) if k.startswith("programme_missing")]
    found = _rules(world, at(2026, 2, 16, 0, 1))     # 15 Feb 21:01 UTC: already the 16th in Istanbul
    programme = {k: o for k, o in found.items() if o.rule == "programme_missing"}
    assert sorted(programme) == ["programme_missing|buyuksehir|2026", "programme_missing|camliova|2026"]
    assert programme["programme_missing|camliova|2026"].details["obligation_tr"] == "nüfus 184.320 ≥ 50.000"
    assert "nüfus bilinmiyor; büyükşehir belediyesi olduğu için" in \
        programme["programme_missing|buyuksehir|2026"].details["obligation_tr"]
    assert programme["programme_missing|camliova|2026"].due_date == "2026-02-15"


def test_a_published_programme_satisfies_the_rule(world):
    world["documents"].insert({"identity": "camliova|performans_programi|2026|", "municipality_id": "camliova",
                               "doc_type": "performans_programi", "period": "2026"})
    assert "programme_missing|camliova|2026" not in _rules(world, at(2026, 3, 1, 12))


def test_activity_report_for_last_year_by_31_may_for_every_municipality(world):
    assert not [k for k in _rules(world, at(2026, 5, 31, 23)) if k.startswith("activity")]
    late = sorted(k for k in _rules(world, at(2026, 6, 1, 9)) if k.startswith("activity"))
    assert late == [f"activity_report_missing|{m}|2025" for m in ("bilinmeyen", "buyuksehir", "camliova", "kucukkoy")]


def test_strategic_plan_only_for_municipalities_of_50000(world):
    plans = sorted(k for k, o in _rules(world, at(2025, 3, 1, 9)).items() if o.rule == "plan_missing")
    assert plans == []   # Çamlıova and the metropolitan one have theirs; the others are not obliged
    world.execute("update municipalities set population = 51000 where id = 'kucukkoy'")
    plans = sorted(k for k, o in _rules(world, at(2025, 3, 1, 9)).items() if o.rule == "plan_missing")
    assert plans == ["plan_missing|kucukkoy|2025-2029"]
    assert not [o for o in _rules(world, at(2030, 3, 1, 9)).values() if o.rule == "plan_missing"]   # period over


def test_council_silence_after_two_full_months(world):
    def silent(now):
        return {o.municipality_id: o for o in _rules(world, now).values() if o.rule == "council_silence"}

    assert silent(at(2026, 1, 31, 12)) == {}                     # only December is missing
    found = silent(at(2026, 2, 1, 0, 30))                        # December and January missing
    assert sorted(found) == ["bilinmeyen", "buyuksehir", "camliova", "kucukkoy"]
    assert found["camliova"].rule_key == "council_silence|camliova|2025-11"
    assert found["camliova"].details["months"] == 2
    assert found["camliova"].details["explanation_tr"] == "2 tam aydır yeni meclis kararı yayımlanmadı (son karar ayı 2025-11)."


def test_source_failing_for_seven_days(world):
    world.execute("update sources set health = 'unreachable', consecutive_failures = 9, last_error = 'timeout: /' "
                  "where id = 'kucukkoy-web'")
    world.conn.commit()

    def failing(now):
        return [o for o in _rules(world, now).values() if o.rule == "source_failing"]

    assert failing(dt.datetime(2025, 12, 8, 5, 59, tzinfo=dt.timezone.utc)) == []
    [occurrence] = failing(dt.datetime(2025, 12, 8, 6, 0, tzinfo=dt.timezone.utc))
    assert occurrence.rule_key == "source_failing|kucukkoy-web|2025-12-01T06:00:00+00:00"
    assert occurrence.details["days"] == 7 and occurrence.source_id == "kucukkoy-web"


def test_nothing_is_missing_where_we_could_not_look(world):
    world.execute("update sources set last_ok_at = null")
    world.conn.commit()
    assert _rules(world, at(2026, 6, 1, 9)) == {}


def test_dates_are_configurable(world, alert_settings):
    settings = alert_settings.replace(rule_programme_due="01-31", rule_council_silence_months=3)
    config = R.RuleConfig.from_settings(settings)
    found = {o.rule for o in R.evaluate(world, at(2026, 2, 1, 9), config)}
    assert "programme_missing" in found and "council_silence" not in found
    with pytest.raises(R.RuleConfigError, match="MUNIWATCH_RULE_PROGRAMME_DUE: expected MM-DD, got '15 Şubat'"):
        R.RuleConfig.from_settings(alert_settings.replace(rule_programme_due="15 Şubat"))


def test_recorded_once_resolved_when_the_document_arrives_and_alerted_once(world, alert_settings, webhook):
    S.save(world, S.Subscription("camliova", channels=[webhook.url()], municipalities=["camliova"]), at(2026, 1, 1))
    now = at(2026, 2, 16, 9)
    first = R.check_missing(world, alert_settings, now)
    assert first.new == first.open == 6     # 2 programmes (Çamlıova, metropolitan), 4 council silences
    assert R.check_missing(world, alert_settings, now + dt.timedelta(hours=1)).new == 0
    A.queue_alerts(world, alert_settings, now)
    A.send_due(world, alert_settings, now)
    received = [json.loads(r["message"])["items"][0] for r in webhook.received]
    assert sorted(i["rule"] for i in received) == ["council_silence", "programme_missing"]
    assert all(i["municipality_id"] == "camliova" for i in received)
    world["documents"].insert({"identity": "camliova|performans_programi|2026|", "municipality_id": "camliova",
                               "doc_type": "performans_programi", "period": "2026"})
    later = R.check_missing(world, alert_settings, now + dt.timedelta(days=1))
    assert later.resolved == 1
    assert world.execute("select resolved_at from expected_missing where rule_key = 'programme_missing|camliova|2026'"
                         ).fetchone()[0] == "2026-02-17T06:00:00+00:00"
    A.queue_alerts(world, alert_settings, now + dt.timedelta(days=1))
    assert A.send_due(world, alert_settings, now + dt.timedelta(days=1)).messages == 0


def test_rules_refuse_a_naive_clock(world):
    with pytest.raises(ValueError, match="aware datetime"):
        R.evaluate(world, dt.datetime(2026, 1, 1), R.RuleConfig())
