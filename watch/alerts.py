"""The alerts outbox: changes and expected-but-missing occurrences become alert rows, then messages.

The promise: an alert is never sent twice and never lost. How:

1. **Queue** (:func:`queue_alerts`): for each active subscription, the changes (and missing
   occurrences) after its watermark that pass its filters become one ``alerts`` row per channel,
   ``status = 'pending'``. ``dedupe_key`` = sha1(subscription, occurrence, channel) is UNIQUE and rows
   are inserted with INSERT OR IGNORE, in the same transaction that moves the watermark: a crash
   before the commit queues nothing (the next run queues it all), after it everything is queued.
2. **Claim** (:func:`claim`): one UPDATE moves due rows to ``sending`` with this sender's token and
   counts the attempt. Only rows still pending/failed and due are taken, so two senders never take
   the same row.
3. **Deliver** through Apprise, then **settle** in one transaction: ``sent`` (with ``sent_at``), or
   ``failed`` with ``next_attempt_at`` after an exponential backoff (``MUNIWATCH_ALERT_RETRY_SECONDS``
   doubling up to ``MUNIWATCH_ALERT_RETRY_MAX_SECONDS``); after ``MUNIWATCH_ALERT_MAX_ATTEMPTS`` it
   stays ``failed`` with no next attempt (``muniwatch alerts send --retry-failed`` tries again).
4. A ``sending`` row older than ``MUNIWATCH_ALERT_LEASE_SECONDS`` belongs to a sender that died: it is
   due again (:func:`reclaim_stale`).

The one window left: the receiving server accepted the message and the process dies before step 3
commits (microseconds after ``notify`` returns; one local SQLite UPDATE). Then the message is sent
again after the lease. No protocol can close this window with SMTP or a webhook (the receiver does
not take part in our transaction); it is kept as small as possible, and mails carry an
``X-Muniwatch-Alert`` header with the alert ids so the one duplicate can be recognised.

Digests (mode daily/weekly) share a ``digest_key`` (subscription, channel, day or ISO week in
``MUNIWATCH_TIMEZONE``); they are due at ``MUNIWATCH_DIGEST_HOUR`` the next day (next Monday) and go
out as one message, claimed and settled together. A subscription without channels gets one row per
occurrence on the ``atom`` pseudo-channel, marked sent at once: its Atom feed is the delivery.

Every function takes ``now`` (an aware datetime); nothing here reads the clock.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import uuid
from collections import defaultdict
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

import sqlite_utils

from muniwatch.settings import Settings
from watch import alert_channels, messages
from watch.subscriptions import Subscription, all_subscriptions, get

PENDING, SENDING, SENT, FAILED, CANCELLED = "pending", "sending", "sent", "failed", "cancelled"
STATUSES = (PENDING, SENDING, SENT, FAILED, CANCELLED)


def iso(moment: dt.datetime) -> str:
    """The one timestamp format of the outbox (UTC, seconds): string order is time order."""
    if moment.tzinfo is None:
        raise ValueError("an aware datetime is needed (got a naive one)")
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="seconds")


def dedupe_key(subscription_id: int, occurrence: str, channel: str) -> str:
    return hashlib.sha1(f"{subscription_id}\x1f{occurrence}\x1f{channel}".encode()).hexdigest()


def links_for(settings: Settings) -> messages.Links:
    return messages.Links(settings.base_url, settings.database.stem)


def record_site(db: sqlite_utils.Database, settings: Settings) -> None:
    """Keep the published site's base URL and database name in ``_muniwatch``: the Atom feeds' SQL
    builds absolute links from them (SQL cannot know the URL it is served at)."""
    from db.store import get_meta, set_meta

    for key, value in (("base_url", settings.base_url.rstrip("/")), ("database_name", settings.database.stem)):
        if get_meta(db, key) != value:
            set_meta(db, key, value)


# ------------------------------------------------------------------------------------ queueing


@dataclasses.dataclass
class QueueReport:
    queued: int = 0                                   # rows to deliver (pending)
    feed: int = 0                                     # rows on the atom pseudo-channel
    by_subscription: dict[str, int] = dataclasses.field(default_factory=dict)


def _changes_after(db: sqlite_utils.Database, after: int) -> list[dict]:
    if "changes" not in db.table_names():
        return []
    return list(db.query(
        """select c.*, m.name as municipality_name, m.province as municipality_province,
                  m.kind as municipality_kind
           from changes c left join municipalities m on m.id = c.municipality_id
           where c.id > ? order by c.id""", [after]))


def _missing_after(db: sqlite_utils.Database, after: int) -> list[dict]:
    return list(db.query(
        """select e.*, m.name as municipality_name, m.province as municipality_province,
                  m.kind as municipality_kind
           from expected_missing e left join municipalities m on m.id = e.municipality_id
           where e.id > ? and e.resolved_at is null order by e.id""", [after]))


def digest_slot(mode: str, moment: dt.datetime, settings: Settings) -> tuple[str, dt.datetime]:
    """(label, due time) of the digest an alert queued at ``moment`` belongs to."""
    tz = ZoneInfo(settings.timezone)
    day = moment.astimezone(tz).date()
    if mode == "weekly":
        start = day - dt.timedelta(days=day.weekday())
        label, due_day = f"{start.isocalendar().year}-W{start.isocalendar().week:02d}", start + dt.timedelta(days=7)
    else:
        label, due_day = day.isoformat(), day + dt.timedelta(days=1)
    return label, dt.datetime.combine(due_day, dt.time(int(settings.digest_hour)), tz)


_ROW_DEFAULTS = {"kind": None, "change_id": None, "missing_id": None, "rule_key": None, "municipality_id": None,
                 "next_attempt_at": None, "sent_at": None, "digest_key": None}


def _rows_for(sub: Subscription, occurrence: str, base: dict[str, Any], now: dt.datetime,
              settings: Settings) -> list[dict[str, Any]]:
    rows = []
    for channel in sub.channels or [alert_channels.FEED]:
        row = {**_ROW_DEFAULTS, **base, "subscription_id": sub.id, "occurrence": occurrence, "channel": channel,
               "dedupe_key": dedupe_key(sub.id, occurrence, channel), "created_at": iso(now), "attempts": 0}
        if channel == alert_channels.FEED:
            row.update(status=SENT, sent_at=iso(now))
        elif sub.mode in {"daily", "weekly"}:
            label, due = digest_slot(sub.mode, now, settings)
            channel_id = hashlib.sha1(channel.encode()).hexdigest()[:10]
            row.update(status=PENDING, next_attempt_at=iso(due), digest_key=f"{sub.id}:{channel_id}:{sub.mode}:{label}")
        else:
            row.update(status=PENDING, next_attempt_at=iso(now))
        rows.append(row)
    return rows


def queue_alerts(db: sqlite_utils.Database, settings: Settings, now: dt.datetime) -> QueueReport:
    """Queue an alert row per channel for every new change and missing occurrence a subscription matches."""
    report = QueueReport()
    record_site(db, settings)
    subs = all_subscriptions(db, active_only=True)
    if not subs:
        return report
    changes = _changes_after(db, min(_watermarks(db, s)[0] for s in subs))
    missing = _missing_after(db, min(_watermarks(db, s)[1] for s in subs))
    top_change = max((c["id"] for c in changes), default=None)
    top_missing = max((m["id"] for m in missing), default=None)
    for sub in subs:
        last_change, last_missing = _watermarks(db, sub)
        rows: list[dict[str, Any]] = []
        for c in changes:
            if c["id"] > last_change and sub.matches_change(c):
                rows += _rows_for(sub, f"change:{c['dedupe_key'] or c['id']}",
                                  {"kind": "change", "change_id": c["id"], "municipality_id": c["municipality_id"]},
                                  now, settings)
        for m in missing:
            if m["id"] > last_missing and sub.matches_missing(m):
                rows += _rows_for(sub, f"missing:{m['rule_key']}",
                                  {"kind": "missing", "missing_id": m["id"], "rule_key": m["rule_key"],
                                   "municipality_id": m["municipality_id"]}, now, settings)
        with db.conn:
            before = db.execute("select count(*) from alerts where subscription_id = ?", [sub.id]).fetchone()[0]
            if rows:
                db["alerts"].insert_all(rows, ignore=True, alter=False)
            added = db.execute("select count(*) from alerts where subscription_id = ?", [sub.id]).fetchone()[0] - before
            db.execute("update subscriptions set last_change_id = max(last_change_id, ?), "
                       "last_missing_id = max(last_missing_id, ?) where id = ?",
                       [top_change or 0, top_missing or 0, sub.id])
        feed = sum(1 for r in rows if r["channel"] == alert_channels.FEED)
        report.feed += min(feed, added)
        report.queued += max(0, added - feed)
        report.by_subscription[sub.name] = added
    return report


def _watermarks(db: sqlite_utils.Database, sub: Subscription) -> tuple[int, int]:
    row = db.execute("select last_change_id, last_missing_id from subscriptions where id = ?", [sub.id]).fetchone()
    return (row[0] or 0, row[1] or 0)


# ------------------------------------------------------------------------------------ sending


@dataclasses.dataclass
class SendReport:
    messages: int = 0            # messages accepted by a channel
    sent: int = 0                # alert rows settled as sent
    failed: int = 0              # alert rows that failed this time (retry scheduled or given up)
    gave_up: int = 0
    reclaimed: int = 0           # 'sending' rows whose sender had died
    errors: list[str] = dataclasses.field(default_factory=list)


def reclaim_stale(db: sqlite_utils.Database, settings: Settings, now: dt.datetime) -> int:
    """Make ``sending`` rows older than the lease due again: their sender died mid-delivery."""
    cutoff = iso(now - dt.timedelta(seconds=int(settings.alert_lease_seconds)))
    with db.conn:
        cur = db.execute(
            "update alerts set status = ?, next_attempt_at = ?, claim_token = null, "
            "last_error = 'the sender stopped while sending (lease expired); sending again' "
            "where status = ? and claimed_at < ?", [FAILED, iso(now), SENDING, cutoff])
    return cur.rowcount


def due_groups(db: sqlite_utils.Database, now: dt.datetime) -> list[list[int]]:
    """Ids of due alerts, one list per message to send (a digest's rows together)."""
    groups: dict[str, list[int]] = defaultdict(list)
    for alert_id, digest in db.execute(
            "select id, digest_key from alerts where status in (?, ?) and next_attempt_at is not null "
            "and next_attempt_at <= ? order by id", [PENDING, FAILED, iso(now)]):
        groups[digest or f"id:{alert_id}"].append(alert_id)
    return list(groups.values())


def claim(db: sqlite_utils.Database, alert_ids: Iterable[int], now: dt.datetime, token: str) -> list[dict]:
    """Take due rows for one sender (status ``sending``, attempt counted); return the rows taken."""
    ids = list(alert_ids)
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    with db.conn:
        db.execute(f"update alerts set status = ?, claimed_at = ?, claim_token = ?, attempts = attempts + 1 "
                   f"where id in ({marks}) and status in (?, ?) and next_attempt_at <= ?",
                   [SENDING, iso(now), token, *ids, PENDING, FAILED, iso(now)])
    return list(db.query("select * from alerts where claim_token = ? and status = ? order by id", [token, SENDING]))


def backoff(settings: Settings, attempts: int) -> dt.timedelta:
    base = int(settings.alert_retry_seconds)
    return dt.timedelta(seconds=min(base * 2 ** max(0, attempts - 1), int(settings.alert_retry_max_seconds)))


def settle(db: sqlite_utils.Database, settings: Settings, token: str, now: dt.datetime, ok: bool,
           error: str | None = None, *, permanent: bool = False) -> tuple[int, int]:
    """Record the outcome for every row this sender claimed; return (rows settled, rows given up)."""
    with db.conn:
        if ok:
            cur = db.execute("update alerts set status = ?, sent_at = ?, next_attempt_at = null, last_error = null, "
                             "claim_token = null where claim_token = ? and status = ?", [SENT, iso(now), token, SENDING])
            return cur.rowcount, 0
        rows = list(db.execute("select id, attempts from alerts where claim_token = ? and status = ?", [token, SENDING]))
        gave_up = 0
        for alert_id, attempts in rows:
            final = permanent or attempts >= int(settings.alert_max_attempts)
            gave_up += final
            db.execute("update alerts set status = ?, next_attempt_at = ?, last_error = ?, claim_token = null "
                       "where id = ?",
                       [FAILED, None if final else iso(now + backoff(settings, attempts)),
                        (f"gave up after {attempts} attempt(s): {error}" if final else error), alert_id])
        return len(rows), gave_up


def load_items(db: sqlite_utils.Database, alerts: list[dict]) -> list[dict]:
    """The change or missing-occurrence row behind each alert, as ``messages`` items."""
    items = []
    for a in alerts:
        if a["kind"] == "change":
            row = next(db.query(
                """select c.*, m.name as municipality_name, m.province as municipality_province
                   from changes c left join municipalities m on m.id = c.municipality_id where c.id = ?""",
                [a["change_id"]]), None)
        else:
            row = next(db.query(
                """select e.*, m.name as municipality_name, m.province as municipality_province
                   from expected_missing e left join municipalities m on m.id = e.municipality_id where e.id = ?""",
                [a["missing_id"]]), None)
        if row is not None:
            items.append({**row, "item_type": a["kind"]})
    return items


def message_for(db: sqlite_utils.Database, settings: Settings, sub: Subscription, channel: str,
                alerts: list[dict]) -> messages.Message | None:
    items = load_items(db, alerts)
    if not items:
        return None
    digest_day = None
    if alerts[0]["digest_key"]:
        label = alerts[0]["digest_key"].rsplit(":", 1)[1]
        digest_day = (dt.date.fromisoformat(label) if "W" not in label
                      else dt.date.fromisocalendar(int(label[:4]), int(label[6:]), 1))
    return messages.render(items, fmt=alert_channels.message_format(channel), language=sub.language,
                           links=links_for(settings), subscription=sub.name,
                           mode=sub.mode if alerts[0]["digest_key"] else "immediate", digest_day=digest_day)


def send_claimed(db: sqlite_utils.Database, settings: Settings, claimed: list[dict], token: str,
                 now: dt.datetime, report: SendReport, environ: dict[str, str] | None = None) -> None:
    """Deliver one claimed group (one message) and settle it."""
    sub_row = db["subscriptions"].get(claimed[0]["subscription_id"])
    sub = get(db, sub_row["name"])
    message = message_for(db, settings, sub, claimed[0]["channel"], claimed)
    if message is None:
        n, _ = settle(db, settings, token, now, False, "the change behind this alert no longer exists", permanent=True)
        report.failed += n
        report.gave_up += n
        return
    result = alert_channels.deliver(claimed[0]["channel"], message.title, message.body, settings,
                                    alert_ids=[a["id"] for a in claimed], environ=environ)
    n, gave_up = settle(db, settings, token, now, result.ok, result.error, permanent=result.permanent)
    if result.ok:
        report.messages += 1
        report.sent += n
    else:
        report.failed += n
        report.gave_up += gave_up
        report.errors.append(f"{sub.name}: {result.error}")


def send_due(db: sqlite_utils.Database, settings: Settings, now: dt.datetime, *,
             environ: dict[str, str] | None = None) -> SendReport:
    """Send every due alert (digests as one message each); failures are scheduled for a retry."""
    report = SendReport(reclaimed=reclaim_stale(db, settings, now))
    for group in due_groups(db, now):
        token = uuid.uuid4().hex
        claimed = claim(db, group, now, token)
        if claimed:
            send_claimed(db, settings, claimed, token, now, report, environ)
    return report


def retry_failed(db: sqlite_utils.Database, now: dt.datetime) -> int:
    """Make alerts that were given up due again (after the channel was fixed)."""
    with db.conn:
        return db.execute("update alerts set next_attempt_at = ?, attempts = 0 where status = ? and next_attempt_at is null",
                          [iso(now), FAILED]).rowcount


# ------------------------------------------------------------------------------------ listing, test


def list_alerts(db: sqlite_utils.Database, *, status: str | None = None, subscription: str | None = None,
                limit: int = 50) -> list[dict]:
    where, params = [], []
    if status:
        where.append("a.status = ?")
        params.append(status)
    if subscription:
        where.append("s.name = ?")
        params.append(subscription)
    sql = ("select a.id, s.name as subscription, a.kind, coalesce(a.change_id, a.rule_key) as what, "
           "a.municipality_id, a.channel, a.status, a.attempts, a.next_attempt_at, a.sent_at, a.last_error, "
           "a.digest_key from alerts a join subscriptions s on s.id = a.subscription_id "
           + (f"where {' and '.join(where)} " if where else "") + "order by a.id desc limit ?")
    return list(db.query(sql, [*params, limit]))


def send_test(db: sqlite_utils.Database, settings: Settings, name: str, *,
              environ: dict[str, str] | None = None) -> list[tuple[str, alert_channels.DeliveryResult]]:
    """Send one test message to each channel of a subscription, now, outside the outbox.

    It shows the most recent change the subscription matches (so the format can be judged), or a
    short text naming the filters when none matches yet."""
    sub = get(db, name)
    latest = next((c for c in reversed(_changes_after(db, 0)[-500:]) if sub.matches_change(c)), None)
    results = []
    for channel in sub.channels:
        fmt = alert_channels.message_format(channel)
        if latest is not None:
            msg = messages.render([{**latest, "item_type": "change"}], fmt=fmt, language=sub.language,
                                  links=links_for(settings), subscription=sub.name)
            title = ("[deneme] " if sub.language == "tr" else "[test] ") + msg.title
            body = msg.body
        else:
            title = "[muniwatch] " + ("Deneme bildirimi" if sub.language == "tr" else "Test notification")
            body = (f"{'Abonelik' if sub.language == 'tr' else 'Subscription'}: {sub.name} ({sub.describe_filters()}); "
                    + ("henüz eşleşen değişiklik yok." if sub.language == "tr" else "no matching change yet."))
            if fmt == "json":
                import json
                body = json.dumps({"schema": messages.JSON_SCHEMA, "subscription": sub.name, "test": True,
                                   "items": []}, ensure_ascii=False)
        results.append((channel, alert_channels.deliver(channel, title, body, settings, environ=environ)))
    return results
