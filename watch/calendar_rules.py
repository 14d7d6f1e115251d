"""Expected but missing: calendar rules that raise alerts of their own kind when a document is late.

The legal calendar (DESIGN.md, seeds): a performance programme for year Y is published in January
(rule: missing after ``MUNIWATCH_RULE_PROGRAMME_DUE``, default 15 February); the activity report for
Y-1 is presented in April and published (rule: missing after 31 May); the strategic plan for the
current period is made within six months of the local elections (rule: missing after
``MUNIWATCH_RULE_PLAN_DUE``); the council meets monthly (rule: no decisions for
``MUNIWATCH_RULE_COUNCIL_SILENCE_MONTHS`` full months); and a source that has failed for
``MUNIWATCH_RULE_SOURCE_FAILING_DAYS`` days is itself an alert (we cannot see what it publishes).

Who is obliged: strategic plans, and so performance programmes, are required from municipalities of
``MUNIWATCH_RULE_PLAN_POPULATION`` (50,000) inhabitants; when the registry does not know the
population, metropolitan (büyükşehir) and provincial (il) municipalities are assumed obliged and
districts and towns are not (the occurrence says so). Activity reports and council decisions are
required of every municipality.

"Missing" is only said of what we can see: a document rule applies to a municipality only when one of
its own sources looks for that document type and has been crawled successfully at least once; a
source that cannot be crawled raises the source rule instead, never a "missing" document.

Rules are pure over the database and an explicit ``now`` (an aware datetime; dates are taken in
``MUNIWATCH_TIMEZONE``): tests freeze the clock by passing it. Each occurrence has a ``rule_key``
(rule + municipality or source + what is missing) recorded once in ``expected_missing``; when the
document arrives (or the source recovers) the occurrence is marked resolved.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from typing import Any
from zoneinfo import ZoneInfo

import sqlite_utils

from muniwatch import constants as C
from muniwatch.settings import Settings
from watch.turkish import tr_lower

RULES = ("programme_missing", "activity_report_missing", "plan_missing", "council_silence", "source_failing")
_MONTH_PERIOD = re.compile(r"^(\d{4})-(\d{2})$")


class RuleConfigError(ValueError):
    """A rule setting that cannot be read (e.g. a due date that is not MM-DD)."""


@dataclasses.dataclass(frozen=True)
class RuleConfig:
    programme_due: tuple[int, int] = (2, 15)
    activity_report_due: tuple[int, int] = (5, 31)
    plan_period: str = "2025-2029"
    plan_due: dt.date = dt.date(2024, 9, 30)
    plan_population: int = 50_000
    council_silence_months: int = 2
    source_failing_days: int = 7
    timezone: str = "Europe/Istanbul"

    @classmethod
    def from_settings(cls, settings: Settings) -> "RuleConfig":
        def month_day(name: str) -> tuple[int, int]:
            raw = str(settings.values[name])
            try:
                day = dt.date.fromisoformat(f"2024-{raw}")   # a leap year: 02-29 is allowed
            except ValueError:
                raise RuleConfigError(f"MUNIWATCH_{name.upper()}: expected MM-DD, got {raw!r}") from None
            return day.month, day.day

        try:
            plan_due = dt.date.fromisoformat(settings.rule_plan_due)
        except ValueError:
            raise RuleConfigError(f"MUNIWATCH_RULE_PLAN_DUE: expected YYYY-MM-DD, got {settings.rule_plan_due!r}") from None
        if not re.fullmatch(r"\d{4}-\d{4}", settings.rule_plan_period):
            raise RuleConfigError(f"MUNIWATCH_RULE_PLAN_PERIOD: expected YYYY-YYYY, got {settings.rule_plan_period!r}")
        return cls(month_day("rule_programme_due"), month_day("rule_activity_report_due"), settings.rule_plan_period,
                   plan_due, int(settings.rule_plan_population), int(settings.rule_council_silence_months),
                   int(settings.rule_source_failing_days), settings.timezone)


@dataclasses.dataclass(frozen=True)
class Occurrence:
    rule: str
    rule_key: str
    municipality_id: str | None
    source_id: str | None
    doc_type: str | None
    period: str | None
    due_date: str | None
    details: dict[str, Any]


def plan_obligation(municipality: dict, threshold: int) -> tuple[bool, str, str]:
    """(obliged, why in Turkish, why in English) for strategic plans and performance programmes."""
    population, kind = municipality.get("population"), municipality.get("kind")
    if population is not None:
        obliged = population >= threshold
        sign = "≥" if obliged else "<"
        return obliged, f"nüfus {population:,} {sign} {threshold:,}".replace(",", "."), \
            f"population {population:,} {sign} {threshold:,}"
    if kind in ("büyükşehir", "il"):
        return True, (f"nüfus bilinmiyor; {kind} belediyesi olduğu için {threshold:,} eşiğini aştığı varsayıldı"
                      .replace(",", ".")), f"population unknown; assumed above {threshold:,} as a {kind} municipality"
    return False, "nüfus bilinmiyor; yükümlülük varsayılmadı", "population unknown; not assumed obliged"


def _watched(db: sqlite_utils.Database) -> dict[str, set[str]]:
    """Municipality id → document types one of its own sources looks for and has crawled successfully."""
    watched: dict[str, set[str]] = {}
    for row in db.query("select municipality_id, doc_types from sources "
                        "where municipality_id is not null and last_ok_at is not null"):
        try:
            types = json.loads(row["doc_types"] or "[]") or list(C.DOC_TYPES)
        except json.JSONDecodeError:
            types = list(C.DOC_TYPES)
        watched.setdefault(row["municipality_id"], set()).update(types)
    return watched


def _has_document(db: sqlite_utils.Database, mid: str, doc_type: str, period: str) -> bool:
    return db.execute("select 1 from documents where municipality_id = ? and doc_type = ? and period = ? limit 1",
                      [mid, doc_type, period]).fetchone() is not None


def _document_rules(db: sqlite_utils.Database, today: dt.date, cfg: RuleConfig,
                    municipalities: dict[str, dict], watched: dict[str, set[str]]) -> list[Occurrence]:
    out = []
    year = today.year
    plan_start, plan_end = (int(p) for p in cfg.plan_period.split("-"))
    checks = [
        ("programme_missing", C.PERFORMANCE_PROGRAMME, str(year), dt.date(year, *cfg.programme_due), True),
        ("activity_report_missing", C.ACTIVITY_REPORT, str(year - 1), dt.date(year, *cfg.activity_report_due), False),
    ]
    if year <= plan_end:
        checks.append(("plan_missing", C.STRATEGIC_PLAN, cfg.plan_period, cfg.plan_due, True))
    for mid, types in sorted(watched.items()):
        muni = municipalities.get(mid, {})
        for rule, doc_type, period, due, needs_plan in checks:
            if today <= due or doc_type not in types or _has_document(db, mid, doc_type, period):
                continue
            why_tr, why_en = "her belediye için zorunlu", "required of every municipality"
            if needs_plan:
                obliged, why_tr, why_en = plan_obligation(muni, cfg.plan_population)
                if not obliged:
                    continue
            label_tr, label_en = C.DOC_TYPES[doc_type]
            out.append(Occurrence(rule, f"{rule}|{mid}|{period}", mid, None, doc_type, period, due.isoformat(), {
                "obligation_tr": why_tr, "obligation_en": why_en,
                "explanation_tr": f"{period} {tr_lower(label_tr)} son tarihten sonra da bulunamadı ({why_tr}).",
                "explanation_en": f"No {label_en.lower()} for {period} was found after the due date ({why_en}).",
            }))
    return out


def _month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


def _council_rule(db: sqlite_utils.Database, today: dt.date, cfg: RuleConfig,
                  watched: dict[str, set[str]]) -> list[Occurrence]:
    out = []
    now_index = _month_index(today.year, today.month)
    for mid, types in sorted(watched.items()):
        if C.COUNCIL_DECISIONS not in types:
            continue
        periods = [r[0] for r in db.execute(
            "select distinct period from documents where municipality_id = ? and doc_type = ?",
            [mid, C.COUNCIL_DECISIONS]) if r[0] and _MONTH_PERIOD.match(r[0])]
        latest = max(periods, default=None)
        if latest is None:
            first = db.execute("select min(f.at) from fetches f join sources s on s.id = f.source_id "
                               "where s.municipality_id = ?", [mid]).fetchone()[0]
            if first is None:
                continue
            start = dt.date.fromisoformat(first[:10])
            silent = now_index - _month_index(start.year, start.month)
        else:
            y, m = (int(p) for p in latest.split("-"))
            silent = now_index - _month_index(y, m) - 1
        if silent < cfg.council_silence_months:
            continue
        last_tr = f"son karar ayı {latest}" if latest else "hiç karar bulunamadı"
        last_en = f"latest decisions month {latest}" if latest else "no decisions ever found"
        out.append(Occurrence("council_silence", f"council_silence|{mid}|{latest or 'none'}", mid, None,
                              C.COUNCIL_DECISIONS, latest, None, {
                                  "months": silent, "latest_period": latest,
                                  "explanation_tr": f"{silent} tam aydır yeni meclis kararı yayımlanmadı ({last_tr}).",
                                  "explanation_en": f"No new council decisions for {silent} full months ({last_en}).",
                              }))
    return out


def _source_rule(db: sqlite_utils.Database, now: dt.datetime, cfg: RuleConfig) -> list[Occurrence]:
    out = []
    for row in db.query("select id, municipality_id, health, consecutive_failures, last_ok_at, last_error "
                        "from sources where consecutive_failures > 0 and health in (?, ?)",
                        [C.HEALTH_FAILING, C.HEALTH_UNREACHABLE]):
        since = row["last_ok_at"] or db.execute("select min(at) from fetches where source_id = ?",
                                                [row["id"]]).fetchone()[0]
        if since is None:
            continue
        since_at = dt.datetime.fromisoformat(since)
        if since_at.tzinfo is None:
            since_at = since_at.replace(tzinfo=dt.timezone.utc)
        days = (now - since_at).days
        if days < cfg.source_failing_days:
            continue
        ok_tr = f"son başarılı tarama {since[:10]}" if row["last_ok_at"] else f"ilk denemeden ({since[:10]}) beri hiç başarılı olmadı"
        ok_en = f"last successful crawl {since[:10]}" if row["last_ok_at"] else f"never succeeded since the first try ({since[:10]})"
        out.append(Occurrence("source_failing", f"source_failing|{row['id']}|{row['last_ok_at'] or 'never'}",
                              row["municipality_id"], row["id"], None, None, None, {
                                  "days": days, "health": row["health"], "failures": row["consecutive_failures"],
                                  "last_ok_at": row["last_ok_at"], "last_error": row["last_error"],
                                  "explanation_tr": f"{days} gündür okunamıyor ({row['health']}, {row['consecutive_failures']} "
                                                    f"başarısız tarama; {ok_tr}). Son hata: {row['last_error'] or '-'}",
                                  "explanation_en": f"Failing for {days} days ({row['health']}, {row['consecutive_failures']} "
                                                    f"failed crawls; {ok_en}). Last error: {row['last_error'] or '-'}",
                              }))
    return out


def evaluate(db: sqlite_utils.Database, now: dt.datetime, cfg: RuleConfig) -> list[Occurrence]:
    """Every expected-but-missing occurrence as of ``now`` (nothing is written)."""
    if now.tzinfo is None:
        raise ValueError("rules need an aware datetime for now")
    today = now.astimezone(ZoneInfo(cfg.timezone)).date()
    municipalities = {r["id"]: r for r in db.query("select id, kind, population from municipalities")}
    watched = _watched(db)
    return (_document_rules(db, today, cfg, municipalities, watched) + _council_rule(db, today, cfg, watched)
            + _source_rule(db, now, cfg))


@dataclasses.dataclass
class RulesReport:
    open: int = 0          # occurrences true now
    new: int = 0           # recorded for the first time now (these become alerts)
    resolved: int = 0      # recorded earlier, no longer true


def record(db: sqlite_utils.Database, occurrences: list[Occurrence], now: dt.datetime) -> RulesReport:
    """Record new occurrences once (by ``rule_key``) and resolve the ones no longer true, in one transaction."""
    stamp = now.astimezone(dt.timezone.utc).isoformat(timespec="seconds")
    keys = {o.rule_key for o in occurrences}
    report = RulesReport(open=len(occurrences))
    with db.conn:
        for o in occurrences:
            cur = db.execute(
                "insert or ignore into expected_missing (rule_key, rule, municipality_id, source_id, doc_type, period, "
                "due_date, detected_at, details) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [o.rule_key, o.rule, o.municipality_id, o.source_id, o.doc_type, o.period, o.due_date, stamp,
                 json.dumps(o.details, ensure_ascii=False)])
            report.new += cur.rowcount
            if not cur.rowcount:   # true again after it had been resolved: open it again (no new alert)
                db.execute("update expected_missing set resolved_at = null where rule_key = ? and resolved_at is not null",
                           [o.rule_key])
        for rid, key in list(db.execute("select id, rule_key from expected_missing where resolved_at is null")):
            if key not in keys:
                db.execute("update expected_missing set resolved_at = ? where id = ?", [stamp, rid])
                report.resolved += 1
    return report


def check_missing(db: sqlite_utils.Database, settings: Settings, now: dt.datetime) -> RulesReport:
    """Evaluate every rule with the settings' dates and record the result."""
    return record(db, evaluate(db, now, RuleConfig.from_settings(settings)), now)
