"""The outbox: dedupe, delivery through Apprise to a real SMTP server and webhook, retries with
backoff, leases, a crash between queueing and sending, digests, feed-only subscriptions, the CLI."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import signal
import subprocess
import sys

import pytest
from click.testing import CliRunner

from muniwatch.cli import cli
from tests.alerts.conftest import NOW
from tests.conftest import PROJECT_ROOT
from watch import alerts as A
from watch import subscriptions as S


def _subscribe(db, name: str, channels: list[str], **filters) -> S.Subscription:
    sub = S.validated(S.Subscription(name, channels=channels, since="2026-01-01", **filters), S.Known.from_db(db))
    return S.save(db, sub, NOW)


def _statuses(db) -> list[tuple]:
    return [tuple(r) for r in db.execute("select id, status, attempts from alerts order by id")]


def _alert_ids(smtp) -> list[str]:
    return [i for m in smtp.messages for i in m["X-Muniwatch-Alert"].split(",")]


def test_queueing_twice_queues_once(db, alert_settings, changes):
    _subscribe(db, "iki-kanal", ["json://127.0.0.1:9/a", "json://127.0.0.1:9/b"], gender_only=False)
    first = A.queue_alerts(db, alert_settings, NOW)
    assert first.queued == 6                                  # 3 changes × 2 channels
    assert A.queue_alerts(db, alert_settings, NOW).queued == 0
    db.execute("update subscriptions set last_change_id = 0")  # even a lost watermark cannot queue twice
    db.conn.commit()
    assert A.queue_alerts(db, alert_settings, NOW).queued == 0
    assert db.execute("select count(*), count(distinct dedupe_key) from alerts").fetchone() == (6, 6)


def test_delivery_to_smtp_and_webhook_once(db, alert_settings, changes, smtp, webhook):
    _subscribe(db, "camliova-bakim", [smtp.url(), webhook.url()], municipalities=["camliova"], categories=["bakim"])
    assert A.queue_alerts(db, alert_settings, NOW).queued == 2
    report = A.send_due(db, alert_settings, NOW)
    assert (report.messages, report.sent, report.failed) == (2, 2, 0)
    [mail] = smtp.messages
    assert mail["Subject"].startswith("[muniwatch] Çamlıova Belediyesi – Performans Programı 2026: Faaliyet F1.3.1")
    assert mail["To"] == "izleme@example.org" and mail["X-Muniwatch-Alert"] == "1"
    assert "<mark>kreşlerinin</mark>" in mail.get_body(("html",)).get_content()
    text = mail.get_body(("plain",)).get_content()
    assert "Değişiklik: http://veri.example.org/muniwatch/changes/1" in text
    [hook] = webhook.received
    payload = json.loads(hook["message"])
    assert hook["title"] == mail["Subject"] and payload["items"][0]["change_id"] == changes["kres"]
    assert A.send_due(db, alert_settings, NOW + dt.timedelta(days=1)).messages == 0
    assert len(smtp.messages) == 1 and len(webhook.received) == 1
    assert {s for _, s, _ in _statuses(db)} == {"sent"}


def test_smtp_down_then_back_delivers_once(db, alert_settings, changes, smtp):
    _subscribe(db, "kres", [smtp.url()], municipalities=["camliova"])
    A.queue_alerts(db, alert_settings, NOW)
    smtp.stop()
    report = A.send_due(db, alert_settings, NOW)
    assert (report.sent, report.failed) == (0, 1)
    row = db.execute("select status, attempts, next_attempt_at, last_error from alerts").fetchone()
    assert row[:3] == ("failed", 1, "2026-01-10T09:01:00+00:00")      # retry after 60 s
    assert "Connection refused" in row[3]
    assert A.send_due(db, alert_settings, NOW + dt.timedelta(seconds=30)).failed == 0   # not due yet
    smtp.start()
    later = A.send_due(db, alert_settings, NOW + dt.timedelta(seconds=61))
    assert (later.messages, later.sent) == (1, 1)
    assert A.send_due(db, alert_settings, NOW + dt.timedelta(hours=5)).messages == 0
    assert len(smtp.messages) == 1 and _statuses(db) == [(1, "sent", 2)]


def test_backoff_doubles_then_gives_up_and_retry_failed_revives(db, alert_settings, changes, webhook):
    settings = alert_settings.replace(alert_max_attempts=3)
    _subscribe(db, "kanca", [webhook.url()], municipalities=["altinkoru"])
    A.queue_alerts(db, settings, NOW)
    webhook.status = 500
    moments, now = [], NOW
    for _ in range(3):
        A.send_due(db, settings, now)
        row = db.execute("select status, attempts, next_attempt_at, last_error from alerts").fetchone()
        moments.append(row[2])
        now = dt.datetime.fromisoformat(row[2]) if row[2] else now
    assert moments == ["2026-01-10T09:01:00+00:00", "2026-01-10T09:03:00+00:00", None]   # +60 s, +120 s, gave up
    assert row[0] == "failed" and row[3].startswith("gave up after 3 attempt(s):") and "500" in row[3]
    webhook.status = 200
    assert A.send_due(db, settings, now + dt.timedelta(days=1)).messages == 0
    assert A.retry_failed(db, now) == 1
    assert A.send_due(db, settings, now).messages == 1 and len(webhook.received) == 1


def test_a_sending_row_past_its_lease_is_sent_again(db, alert_settings, changes, smtp):
    _subscribe(db, "kres", [smtp.url()], municipalities=["camliova"])
    A.queue_alerts(db, alert_settings, NOW)
    assert [a["id"] for a in A.claim(db, [1], NOW, "dead-sender")] == [1]
    assert A.send_due(db, alert_settings, NOW + dt.timedelta(seconds=599)).messages == 0   # still leased
    report = A.send_due(db, alert_settings, NOW + dt.timedelta(seconds=601))
    assert (report.reclaimed, report.messages) == (1, 1) and _alert_ids(smtp) == ["1"]


CHILD = """
import datetime as dt, json, sys
from muniwatch.settings import Settings
from db.store import open_db
from watch import alerts as A
job = json.loads(sys.stdin.readline())
settings, now = Settings(job["settings"]), dt.datetime.fromisoformat(job["now"])
db = open_db(settings.database)
queued = A.queue_alerts(db, settings, now).queued
claimed = A.claim(db, A.due_groups(db, now)[0], now, "child")
print(json.dumps({"queued": queued, "claimed": [a["id"] for a in claimed]}), flush=True)
sys.stdin.readline()   # blocks here: killed after queueing (and claiming one) and before sending
"""


def test_killed_after_queueing_then_each_alert_is_delivered_exactly_once(db, alert_settings, changes, smtp):
    _subscribe(db, "hepsi", [smtp.url()], gender_only=False)
    child = subprocess.Popen([sys.executable, "-c", CHILD], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             cwd=PROJECT_ROOT, text=True)
    child.stdin.write(json.dumps({"settings": alert_settings.values, "now": NOW.isoformat()}) + "\n")
    child.stdin.flush()
    state = json.loads(child.stdout.readline())
    os.kill(child.pid, signal.SIGKILL)
    assert child.wait() == -signal.SIGKILL
    assert state == {"queued": 3, "claimed": [1]} and smtp.messages == []
    assert _statuses(db) == [(1, "sending", 1), (2, "pending", 0), (3, "pending", 0)]
    A.send_due(db, alert_settings, NOW)                                   # a fresh run: the pending ones
    assert sorted(_alert_ids(smtp)) == ["2", "3"]
    A.send_due(db, alert_settings, NOW + dt.timedelta(minutes=11))        # the claimed one, after its lease
    A.send_due(db, alert_settings, NOW + dt.timedelta(days=2))            # and nothing more, ever
    assert sorted(_alert_ids(smtp)) == ["1", "2", "3"]
    assert {s for _, s, _ in _statuses(db)} == {"sent"}


def test_daily_digest_is_one_message_after_the_digest_hour(db, alert_settings, changes, smtp):
    _subscribe(db, "gunluk", [smtp.url("ozet@example.org")], gender_only=False, mode="daily")
    A.queue_alerts(db, alert_settings, NOW)
    keys = {r[0] for r in db.execute("select distinct digest_key from alerts")}
    assert len(keys) == 1 and keys.pop().endswith(":daily:2026-01-10")
    assert A.send_due(db, alert_settings, NOW).messages == 0
    before_eight = dt.datetime(2026, 1, 11, 4, 59, tzinfo=dt.timezone.utc)     # 07:59 in Istanbul
    assert A.send_due(db, alert_settings, before_eight).messages == 0
    report = A.send_due(db, alert_settings, before_eight + dt.timedelta(minutes=1))
    assert (report.messages, report.sent) == (1, 3)
    [mail] = smtp.messages
    assert mail["Subject"] == "[muniwatch] Günlük özet 10 Ocak 2026: 3 bildirim, 3 belediye"
    html = mail.get_body(("html",)).get_content()
    assert html.index("Çamlıova Belediyesi (Ankara) (1)") < html.index("Altınkoru Belediyesi (Balıkesir) (1)")
    assert sorted(mail["X-Muniwatch-Alert"].split(",")) == ["1", "2", "3"]
    assert A.send_due(db, alert_settings, before_eight + dt.timedelta(days=3)).messages == 0


def test_weekly_digest_waits_for_monday(db, alert_settings, changes, webhook):
    _subscribe(db, "haftalik", [webhook.url()], mode="weekly", municipalities=["camliova", "altinkoru"])
    A.queue_alerts(db, alert_settings, NOW)
    sunday = dt.datetime(2026, 1, 11, 20, 0, tzinfo=dt.timezone.utc)
    assert A.send_due(db, alert_settings, sunday).messages == 0
    monday = dt.datetime(2026, 1, 12, 5, 0, tzinfo=dt.timezone.utc)
    assert A.send_due(db, alert_settings, monday).messages == 1
    payload = json.loads(webhook.received[0]["message"])
    assert payload["mode"] == "weekly" and payload["digest_day"] == "2026-01-05" and len(payload["items"]) == 2


def test_subscription_without_channels_is_fed_to_its_atom_feed(db, alert_settings, changes):
    _subscribe(db, "akis", [], municipalities=["altinkoru"])
    report = A.queue_alerts(db, alert_settings, NOW)
    assert (report.queued, report.feed) == (0, 1)
    assert db.execute("select channel, status from alerts").fetchall() == [("atom", "sent")]
    assert A.send_due(db, alert_settings, NOW).messages == 0


def test_unsubscribe_cancels_undelivered_alerts(db, alert_settings, changes):
    _subscribe(db, "kres", ["json://127.0.0.1:9/x"], gender_only=False)
    A.queue_alerts(db, alert_settings, NOW)
    assert S.unsubscribe(db, "kres", NOW) == 3
    assert A.send_due(db, alert_settings, NOW).messages == 0
    assert {r[0] for r in db.execute("select status from alerts")} == {"cancelled"}


def test_secrets_come_from_the_environment_and_never_reach_the_database(db, alert_settings, changes, webhook):
    url = f"json://izleme:{{secret:HOOK_PASSWORD}}@127.0.0.1:{webhook.port}/kanca"
    _subscribe(db, "gizli", [url], municipalities=["camliova"])
    A.queue_alerts(db, alert_settings, NOW)
    A.send_due(db, alert_settings, NOW, environ={})
    row = db.execute("select status, last_error from alerts").fetchone()
    assert row == ("failed", "secret MUNIWATCH_SECRET_HOOK_PASSWORD is not set")
    A.send_due(db, alert_settings, NOW + dt.timedelta(minutes=5), environ={"MUNIWATCH_SECRET_HOOK_PASSWORD": "gizli/sifre@1:x"})
    assert webhook.headers[0]["Authorization"] == "Basic " + base64.b64encode("izleme:gizli/sifre@1:x".encode()).decode()
    dump = "\n".join(db.iterdump())
    assert "gizli/sifre" not in dump and "{secret:HOOK_PASSWORD}" in dump


@pytest.fixture
def runner_args(alert_settings):
    return CliRunner(), ["--data-dir", str(alert_settings.data_path)]


def test_cli_alerts_send_list_and_test(db, changes, smtp, runner_args, monkeypatch):
    runner, base = runner_args
    monkeypatch.setenv("MUNIWATCH_BASE_URL", "http://veri.example.org")
    _subscribe(db, "kres", [smtp.url()], municipalities=["camliova"])
    sent = runner.invoke(cli, base + ["alerts", "send", "--check-missing"])
    assert sent.exit_code == 0, sent.output
    assert "queued 1; sent 1 message(s) for 1 alert(s); failed 0 (given up 0)" in sent.output
    listed = json.loads(runner.invoke(cli, base + ["alerts", "list", "--format", "json"]).output)
    assert [(r["subscription"], r["status"], r["what"]) for r in listed] == [("kres", "sent", changes["kres"])]
    tested = runner.invoke(cli, base + ["alerts", "test", "kres"])
    assert tested.exit_code == 0 and tested.output.strip().endswith(": ok")
    assert smtp.messages[-1]["Subject"].startswith("[deneme] [muniwatch] Çamlıova Belediyesi")
    smtp.stop()
    failed = runner.invoke(cli, base + ["alerts", "test", "kres"])
    assert failed.exit_code == 1 and "FAILED: Connection error" in failed.output
    assert "Error: 1 of 1 channel(s) failed" in failed.output
