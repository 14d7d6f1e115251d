"""End to end: the sample web in epoch 1, a scheduled job runs; epoch 2, the job runs again; a local SMTP
server and a local webhook receive exactly the expected alerts; a daily digest is one message; running
again sends nothing new.
"""

from __future__ import annotations

import datetime as dt
import json
import queue
import re
from zoneinfo import ZoneInfo

import pytest
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED

from db.store import open_store
from muniwatch.jobs import JobSpec
from muniwatch.registry import load_registry_text
from muniwatch.sampleweb import TRUSTED_NETWORK, SampleWeb
from muniwatch.scheduling import SchedulerService
from tests.alerts.conftest import BASE_URL
from watch import alerts as A
from watch import subscriptions as S

pytestmark = pytest.mark.slow

SOURCES = ["camliova-web", "altinkoru-web"]     # no JavaScript source: no browser needed
IST = ZoneInfo("Europe/Istanbul")


def _ids(sql: str, db) -> list[int]:
    return sorted(r[0] for r in db.execute(sql))


def _change_ids(text: str) -> list[int]:
    return [int(i) for i in re.findall(r"/changes/(\d+)", text)]


def test_sample_web_two_epochs_to_exact_alerts(settings, smtp, webhook):
    with SampleWeb(port=0, epoch=1, hang_seconds=3) as web:
        registry = load_registry_text(web.registry_yaml(), "sampleweb.yml", strict=True)
        st = settings.replace(trusted_networks=TRUSTED_NETWORK, download_delay=0.0, download_timeout=2,
                              retry_times=0, base_url=BASE_URL)
        db, _ = open_store(st)
        known = S.Known(set(), S.Known.from_db(None).categories)
        start = dt.datetime.now(dt.timezone.utc)
        for sub in (S.Subscription("camliova-bakim", [smtp.url("izleme@example.org")], municipalities=["camliova"],
                                   categories=["bakim"], missing_alerts=False),
                    S.Subscription("altinkoru-kanca", [webhook.url()], municipalities=["altinkoru"],
                                   missing_alerts=False),
                    S.Subscription("gunluk-ozet", [smtp.url("ozet@example.org")], mode="daily", missing_alerts=False)):
            S.save(db, S.validated(sub, known), start)

        spec = JobSpec.every("ornek-tarama", "sample web", SOURCES, hours=24)
        service = SchedulerService(st, registry, specs=[spec])
        finished: queue.Queue = queue.Queue()
        service.start()
        service.scheduler.add_listener(finished.put, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)

        def run_scheduled_job() -> None:
            service.scheduler.modify_job(spec.id, next_run_time=dt.datetime.now(IST))
            event = finished.get(timeout=300)
            assert event.exception is None, event.traceback

        try:
            run_scheduled_job()                     # epoch 1
            web.set_epoch(2)
            run_scheduled_job()                     # epoch 2: the designed changes
            mails_after_two, hooks_after_two = len(smtp.messages), len(webhook.received)
            run_scheduled_job()                     # nothing changed: nothing new
        finally:
            service.stop()

    runs = list(db.query("select status, steps from job_runs order by id"))
    assert [r["status"] for r in runs] == ["finished"] * 3
    assert all(json.loads(r["steps"])[step]["status"] == "ok" for r in runs for step in ("watch", "promises"))

    # 1. The subscription limited to Çamlıova and care services: one mail per matching change, once.
    expected = _ids("""select id from changes where municipality_id = 'camliova' and gender_relevant = 1
                       and exists (select 1 from json_each(categories) where value = 'bakim')""", db)
    nursery = _ids("""select id from changes where municipality_id = 'camliova' and doc_type = 'performans_programi'
                      and period = '2026' and (numeric like '%1900000%' or after_text like '%1.900.000,00%')""", db)
    assert nursery and set(nursery) <= set(expected)
    mails = [m for m in smtp.messages if m["To"] == "izleme@example.org"]
    received = sorted(_change_ids(m.get_body(("plain",)).get_content())[0] for m in mails)
    assert received == expected
    promise_cut = _ids("select id from changes where municipality_id = 'camliova' and kind = 'promise_budget_cut'", db)
    assert promise_cut and set(promise_cut) <= set(received)     # the plan's nursery promise, cut (issue 6)
    assert all(m["Subject"].startswith("[muniwatch] Çamlıova Belediyesi") for m in mails)

    # 2. The webhook for Altınkoru: every gender-relevant change of Altınkoru, once, as JSON.
    items = [i for r in webhook.received for i in json.loads(r["message"])["items"]]
    assert sorted(i["change_id"] for i in items) == _ids(
        "select id from changes where municipality_id = 'altinkoru' and gender_relevant = 1", db)
    assert any(i["code"] == "2025/97" and i["kind"] == "new_decision" for i in items)       # the shelter decision
    assert any(i["kind"] == "promise_dropped" for i in items)     # the counselling centre left out of 2026

    # 3. The daily digest: nothing before the digest hour, then one message per day's digest.
    digest_keys = {r[0] for r in db.execute(
        "select distinct a.digest_key from alerts a join subscriptions s on s.id = a.subscription_id "
        "where s.name = 'gunluk-ozet'")}
    assert len(digest_keys) in (1, 2)        # two only when the runs straddle midnight in Istanbul
    last_day = max(dt.date.fromisoformat(k.rsplit(":", 1)[1]) for k in digest_keys)
    assert A.send_due(db, st, dt.datetime.combine(last_day, dt.time(23, 59), IST)).messages == len(digest_keys) - 1
    due = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(8, 1), IST)
    A.send_due(db, st, due)
    digests = [m for m in smtp.messages if m["To"] == "ozet@example.org"]
    assert len(digests) == len(digest_keys)
    assert all(m["Subject"].startswith("[muniwatch] Günlük özet") for m in digests)
    assert sorted(int(i) for m in digests for i in m["X-Muniwatch-Alert"].split(",")) == _ids(
        "select a.id from alerts a join subscriptions s on s.id = a.subscription_id where s.name = 'gunluk-ozet'", db)

    # 4. Running again sent nothing new, and nothing is left to send.
    assert (len(smtp.messages) - len(digests), len(webhook.received)) == (mails_after_two, hooks_after_two)
    assert A.send_due(db, st, due + dt.timedelta(days=30)).messages == 0
    assert {r[0] for r in db.execute("select status from alerts")} == {"sent"}
