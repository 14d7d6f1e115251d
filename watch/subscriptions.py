"""Subscriptions: who wants to hear about which changes, where, how often and in which language.

Why it is built this way: subscriptions are written by monitors (often not programmers), in YAML or
with ``muniwatch subscribe``, so every mistake comes back as one line naming the file, the line and
the field ("abonelikler.yml:7: subscription 'kres': field 'mode': 'hourly' is not one of immediate,
daily, weekly"), and a file with a mistake loads nothing: half a subscription list would silently
drop alerts. Filters compare Turkish text folded (``watch.turkish.fold``: "Istanbul" = "İstanbul",
"KREŞ" = "kreş"). Channel URLs are Apprise URLs whose secrets are written ``{secret:NAME}`` and come
from ``MUNIWATCH_SECRET_NAME`` at delivery time, never from the file or the database.

File format (read by ``watch.subscription_files``)::

    subscriptions:
      - name: camliova-bakim            # unique; letters, digits, "-", "_", "."
        channels:                        # Apprise URLs; none = the Atom feed only
          - "mailtos://izleme:{secret:SMTP_PASSWORD}@smtp.example.org?to=izleme@example.org"
          - "json://hooks.example.org/muniwatch"
        municipalities: [camliova]       # registry ids
        provinces: [Ankara]
        municipality_kinds: [ilçe]       # büyükşehir / il / ilçe / belde
        doc_types: [performans_programi] # muniwatch.constants doc types
        categories: [bakim]              # gender lexicon categories (watch/lexicon.yml)
        keywords: [kreş]                 # any of them, Turkish-folded, at a word start
        change_kinds: [modified, removed]
        min_significance: medium         # low / medium / high
        gender_only: true                # only gender-relevant changes (default true)
        missing_alerts: true             # expected-but-missing alerts too (default true)
        mode: immediate                  # immediate / daily / weekly (digests)
        language: tr                     # tr / en
        since: 2026-01-01                # also changes detected from this day (default: from now)

Every filter is optional; an empty filter lets everything through; filters combine with AND, the
values inside one filter with OR.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

import sqlite_utils

from muniwatch import constants as C
from watch.turkish import fold

MODES = ("immediate", "daily", "weekly")
LANGUAGES = ("tr", "en")
SIGNIFICANCE = ("low", "medium", "high")
LIST_FIELDS = ("channels", "municipalities", "provinces", "municipality_kinds", "doc_types", "categories",
               "keywords", "change_kinds")
BOOL_FIELDS = ("gender_only", "missing_alerts", "active")
FIELDS = ("name", *LIST_FIELDS, "min_significance", *BOOL_FIELDS, "mode", "language", "since")
_NAME = re.compile(r"^[\w.-]{1,64}$")


class SubscriptionError(ValueError):
    """Subscriptions that cannot be saved; ``issues`` holds one line per problem."""

    def __init__(self, issues: list["SubscriptionIssue"]):
        self.issues = issues
        super().__init__("\n".join(str(i) for i in issues))


class SubscriptionNotFound(LookupError):
    """No subscription by that name."""


@dataclasses.dataclass(frozen=True)
class SubscriptionIssue:
    file: str
    line: int
    name: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}: " if self.file else ""
        who = f"subscription {self.name!r}: " if self.name else ""
        what = f"field {self.field!r}: " if self.field else ""
        return f"{where}{who}{what}{self.message}"


@dataclasses.dataclass
class Subscription:
    name: str
    channels: list[str] = dataclasses.field(default_factory=list)
    municipalities: list[str] = dataclasses.field(default_factory=list)
    provinces: list[str] = dataclasses.field(default_factory=list)
    municipality_kinds: list[str] = dataclasses.field(default_factory=list)
    doc_types: list[str] = dataclasses.field(default_factory=list)
    categories: list[str] = dataclasses.field(default_factory=list)
    keywords: list[str] = dataclasses.field(default_factory=list)
    change_kinds: list[str] = dataclasses.field(default_factory=list)
    min_significance: str = "low"
    gender_only: bool = True
    missing_alerts: bool = True
    mode: str = "immediate"
    language: str = "tr"
    active: bool = True
    since: str | None = None
    id: int | None = None
    source_file: str | None = None
    source_line: int | None = None

    # ------------------------------------------------------------------ matching (pure)

    def matches_change(self, change: Mapping[str, Any]) -> bool:
        """Whether a ``changes`` row (joined with its municipality's ``municipality_province`` and
        ``municipality_kind``) passes every filter."""
        if not self._place_matches(change):
            return False
        if self.doc_types and change.get("doc_type") not in self.doc_types:
            return False
        if self.change_kinds and change.get("kind") not in self.change_kinds:
            return False
        if self.gender_only and not change.get("gender_relevant"):
            return False
        if self.categories and not set(self.categories) & set(_json_list(change.get("categories"))):
            return False
        if SIGNIFICANCE.index(_significance(change.get("significance"))) < SIGNIFICANCE.index(self.min_significance):
            return False
        if self.keywords:
            text = " ".join(str(change.get(k) or "") for k in ("title", "code", "before_text", "after_text"))
            if not any(keyword_in(k, text) for k in self.keywords):
                return False
        if self.since and str(change.get("detected_at") or "")[:10] < self.since:
            return False
        return True

    def matches_missing(self, missing: Mapping[str, Any]) -> bool:
        """Expected-but-missing occurrences pass the place and document-type filters only: they have
        no categories, keywords or significance."""
        if not self.missing_alerts or not self._place_matches(missing):
            return False
        doc_type = missing.get("doc_type")
        return not (self.doc_types and doc_type and doc_type not in self.doc_types)

    def _place_matches(self, row: Mapping[str, Any]) -> bool:
        if self.municipalities and row.get("municipality_id") not in self.municipalities:
            return False
        if self.provinces and fold(row.get("municipality_province") or "") not in {fold(p) for p in self.provinces}:
            return False
        if self.municipality_kinds and fold(row.get("municipality_kind") or "") not in {
                fold(k) for k in self.municipality_kinds}:
            return False
        return True

    def describe_filters(self) -> str:
        parts = [f"{f}={','.join(getattr(self, f))}" for f in LIST_FIELDS[1:] if getattr(self, f)]
        if self.min_significance != "low":
            parts.append(f"min_significance={self.min_significance}")
        if not self.gender_only:
            parts.append("all changes")
        if not self.missing_alerts:
            parts.append("no missing alerts")
        return "; ".join(parts) or "everything gender-relevant"


def _significance(value: Any) -> str:
    return value if value in SIGNIFICANCE else "low"


def _json_list(value: Any) -> list:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            return []
    return list(value) if isinstance(value, (list, tuple)) else []


def keyword_in(keyword: str, text: str) -> bool:
    """A keyword matches at a word start, case- and diacritic-folded the Turkish way, suffixes allowed
    ("kreş" finds "KREŞLERİN", "eşit" does not find "çeşitli")."""
    key = fold(keyword)
    return bool(key) and re.search(r"(?<!\w)" + re.escape(key), fold(text)) is not None


# ---------------------------------------------------------------------------------- validation


@dataclasses.dataclass
class Known:
    """What references are checked against: registry municipality ids (empty: not checked) and
    lexicon categories."""
    municipalities: set[str] = dataclasses.field(default_factory=set)
    categories: set[str] = dataclasses.field(default_factory=set)

    @classmethod
    def from_db(cls, db: sqlite_utils.Database | None) -> "Known":
        from watch.gender import load_lexicon

        ids = set()
        if db is not None and "municipalities" in db.table_names():
            ids = {r[0] for r in db.execute("select id from municipalities")}
        return cls(ids, set(load_lexicon().categories))


def suggest(value: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, sorted(options), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _canonical(value: str, options: Iterable[str]) -> str | None:
    by_fold = {fold(o): o for o in options}
    return by_fold.get(fold(value))


def check(sub: Subscription, known: Known) -> list[tuple[str, int | None, str]]:
    """Problems with one subscription as (field, index in a list field or None, message); also puts
    provinces and municipality kinds in their official spelling."""
    from watch.alert_channels import check_channel

    problems: list[tuple[str, int | None, str]] = []
    if not isinstance(sub.name, str) or not _NAME.match(sub.name):
        problems.append(("name", None, f"{sub.name!r} is not a name of 1-64 letters, digits, '-', '_' or '.'"))
    for i, url in enumerate(sub.channels):
        error = check_channel(url)
        if error:
            problems.append(("channels", i, error))
    for i, mid in enumerate(sub.municipalities):
        if known.municipalities and mid not in known.municipalities:
            problems.append(("municipalities", i, f"unknown municipality {mid!r}{suggest(mid, known.municipalities)}"))
    for field_name, options in (("provinces", C.PROVINCES), ("municipality_kinds", C.MUNICIPALITY_KINDS)):
        values = getattr(sub, field_name)
        for i, value in enumerate(values):
            canonical = _canonical(value, options)
            if canonical is None:
                problems.append((field_name, i, f"{value!r} is not one of {', '.join(options)}"
                                 if field_name == "municipality_kinds" else
                                 f"{value!r} is not a province{suggest(value, options)}"))
            else:
                values[i] = canonical
    for field_name, options in (("doc_types", tuple(C.DOC_TYPES)), ("change_kinds", C.CHANGE_KINDS),
                                ("categories", tuple(sorted(known.categories)))):
        for i, value in enumerate(getattr(sub, field_name)):
            if value not in options:
                problems.append((field_name, i, f"{value!r} is not one of {', '.join(options)}"))
    for i, keyword in enumerate(sub.keywords):
        if not fold(keyword).strip():
            problems.append(("keywords", i, "an empty keyword matches nothing"))
    for field_name, options in (("min_significance", SIGNIFICANCE), ("mode", MODES), ("language", LANGUAGES)):
        if getattr(sub, field_name) not in options:
            problems.append((field_name, None, f"{getattr(sub, field_name)!r} is not one of {', '.join(options)}"))
    if sub.since is not None:
        try:
            sub.since = dt.date.fromisoformat(str(sub.since)).isoformat()
        except ValueError:
            problems.append(("since", None, f"{sub.since!r} is not a date like 2026-01-31"))
    return problems


def validated(sub: Subscription, known: Known) -> Subscription:
    """The subscription, checked; raises :class:`SubscriptionError` naming every problem."""
    problems = check(sub, known)
    if problems:
        raise SubscriptionError([SubscriptionIssue("", 0, sub.name, f"{f}[{i}]" if i is not None else f, m)
                                 for f, i, m in problems])
    return sub


# ------------------------------------------------------------------------------------ database


def _row(sub: Subscription) -> dict[str, Any]:
    row = {f: json.dumps(getattr(sub, f), ensure_ascii=False) for f in LIST_FIELDS}
    row.update({f: int(getattr(sub, f)) for f in BOOL_FIELDS})
    row.update(name=sub.name, min_significance=sub.min_significance, mode=sub.mode, language=sub.language,
               since=sub.since, source_file=sub.source_file, source_line=sub.source_line)
    return row


def from_row(row: Mapping[str, Any]) -> Subscription:
    return Subscription(
        **{f: _json_list(row[f]) for f in LIST_FIELDS}, **{f: bool(row[f]) for f in BOOL_FIELDS},
        name=row["name"], min_significance=row["min_significance"] or "low", mode=row["mode"],
        language=row["language"], since=row["since"], id=row["id"], source_file=row["source_file"],
        source_line=row["source_line"])


def _max_id(db: sqlite_utils.Database, table: str) -> int:
    if table not in db.table_names():
        return 0
    return db.execute(f"select coalesce(max(id), 0) from [{table}]").fetchone()[0]


def save(db: sqlite_utils.Database, sub: Subscription, now: dt.datetime) -> Subscription:
    """Create or update (by name) a validated subscription.

    A new or re-activated subscription hears about changes detected from now on (its watermark
    starts at the newest change), or from ``since`` when given; expected-but-missing occurrences
    still open are included.
    """
    stamp = now.astimezone(dt.timezone.utc).isoformat(timespec="seconds")
    row = _row(sub)
    with db.conn:
        existing = db.execute("select id, active from subscriptions where name = ?", [sub.name]).fetchone()
        start = {"last_change_id": 0 if sub.since else _max_id(db, "changes"), "last_missing_id": 0}
        if existing is None:
            sub.id = db["subscriptions"].insert({**row, **start, "created_at": stamp, "updated_at": stamp}).last_pk
        else:
            sub.id = existing[0]
            changes = {**row, "updated_at": stamp}
            if not existing[1] and sub.active:
                changes.update(start)
            db["subscriptions"].update(sub.id, changes)
    return sub


def get(db: sqlite_utils.Database, name: str) -> Subscription:
    row = next(db.query("select * from subscriptions where name = ?", [name]), None)
    if row is None:
        known = [r[0] for r in db.execute("select name from subscriptions")]
        raise SubscriptionNotFound(f"no subscription named {name!r}{suggest(name, known)}")
    return from_row(row)


def all_subscriptions(db: sqlite_utils.Database, *, active_only: bool = False) -> list[Subscription]:
    where = "where active = 1 " if active_only else ""
    return [from_row(r) for r in db.query(f"select * from subscriptions {where}order by name")]


def unsubscribe(db: sqlite_utils.Database, name: str, now: dt.datetime) -> int:
    """Deactivate a subscription and cancel its undelivered alerts; return how many were cancelled.

    The row stays (its sent alerts keep their history and its dedupe keys keep a re-subscription
    from hearing the same change twice)."""
    sub = get(db, name)
    stamp = now.astimezone(dt.timezone.utc).isoformat(timespec="seconds")
    with db.conn:
        db["subscriptions"].update(sub.id, {"active": 0, "updated_at": stamp})
        cur = db.execute("update alerts set status = 'cancelled', next_attempt_at = null, "
                         "last_error = 'unsubscribed' where subscription_id = ? and status in ('pending', 'failed')",
                         [sub.id])
    return cur.rowcount
