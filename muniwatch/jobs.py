"""Scheduler jobs: the legal calendar as data, and what one job run does.

A crawl job runs: crawl its sources (in a child process: ``crawler.run.run_crawl``) → process new
versions (``watch.process.process_pending``) → watch/diff (``muniwatch.pipeline.watch_step``) →
promises (``watch.promises.promises_step``) →
expected-but-missing rules → queue and send alerts; and records the run in ``job_runs`` with every
step's outcome. A step that fails is recorded and the next steps still run (alerts already queued
must go out even when today's crawl failed); the run is then ``failed``. Runs are serialised by a
lock file (``<scheduler_lock>.run``) so ``python scheduler.py --once`` never crawls beside the
scheduler.

The default jobs follow DESIGN.md's calendar (times in ``MUNIWATCH_TIMEZONE``, Europe/Istanbul):

- council pages around each monthly meeting: daily on days 1-15 (the council meets early in the
  month, committees within five working days, decisions follow), Mondays otherwise;
- performance programmes daily in January, weekly otherwise; activity reports daily in April-May;
- strategic plans and sp.gov.tr weekly;
- expected-but-missing rules daily; due alerts, retries and digests every ten minutes.

A source with ``schedule`` in the registry (``interval_hours`` or cron fields) leaves the calendar
jobs and gets its own job ``source-<id>``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import fcntl
import json
import logging
import os
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from muniwatch import constants as C
from muniwatch.settings import Settings

log = logging.getLogger("muniwatch.jobs")

CRAWL_STEPS = ("crawl", "process", "watch", "promises", "rules", "alerts")
CRON_ORDER = ("month", "day", "week", "day_of_week", "hour", "minute")


class JobError(RuntimeError):
    """A job cannot run (unknown job id, no scheduler runtime)."""


@dataclasses.dataclass(frozen=True)
class JobSpec:
    """One scheduled job: an id, what it is for, when (trigger as data) and which sources it crawls."""
    id: str
    description: str
    trigger: tuple[tuple[str, Any], ...]        # ("interval", ...) or cron fields, as sorted pairs
    source_ids: tuple[str, ...] = ()
    steps: tuple[str, ...] = CRAWL_STEPS

    @classmethod
    def cron(cls, id: str, description: str, source_ids=(), steps=CRAWL_STEPS, **fields: Any) -> "JobSpec":
        return cls(id, description, tuple(sorted({"type": "cron", **fields}.items())), tuple(source_ids), tuple(steps))

    @classmethod
    def every(cls, id: str, description: str, source_ids=(), steps=CRAWL_STEPS, *, hours: int = 0,
              minutes: int = 0) -> "JobSpec":
        return cls(id, description, tuple(sorted({"type": "interval", "hours": hours, "minutes": minutes}.items())),
                   tuple(source_ids), tuple(steps))

    def make_trigger(self, timezone: str) -> BaseTrigger:
        fields = dict(self.trigger)
        kind = fields.pop("type")
        if kind == "interval":
            return IntervalTrigger(hours=fields.get("hours", 0), minutes=fields.get("minutes", 0),
                                   timezone=ZoneInfo(timezone))
        return CronTrigger(timezone=ZoneInfo(timezone), **fields)

    def fingerprint(self) -> str:
        """Changes when the trigger or the steps change (then the stored job is rescheduled)."""
        return json.dumps([self.trigger, self.steps], default=str, sort_keys=True)

    def schedule_text(self) -> str:
        fields = dict(self.trigger)
        if fields.pop("type") == "interval":
            hours, minutes = fields.get("hours", 0), fields.get("minutes", 0)
            return "every " + " ".join(p for p in (f"{hours} h" if hours else "", f"{minutes} min" if minutes else "") if p)
        clock = f"{int(fields.pop('hour', 0)):02d}:{int(fields.pop('minute', 0)):02d}"
        rest = ", ".join(f"{k.replace('day_of_week', 'weekday')} {fields[k]}" for k in CRON_ORDER if k in fields)
        return f"cron {rest + ', ' if rest else 'daily, '}{clock}"


def _sources_for(registry: Any, doc_types: set[str], excluded: set[str]) -> list[str]:
    return sorted(s.id for s in registry.sources.values()
                  if s.id not in excluded and doc_types & set(s.doc_types or C.DOC_TYPES))


def default_jobs(registry: Any) -> list[JobSpec]:
    """The legal calendar's jobs for a registry, plus one job per source with its own schedule."""
    overridden = {s.id for s in registry.sources.values() if s.schedule}
    council = _sources_for(registry, {C.COUNCIL_DECISIONS, C.COUNCIL_AGENDA, C.COMMITTEE_REPORT}, overridden)
    programme = _sources_for(registry, {C.PERFORMANCE_PROGRAMME}, overridden)
    report = _sources_for(registry, {C.ACTIVITY_REPORT}, overridden)
    plans = _sources_for(registry, {C.STRATEGIC_PLAN}, overridden)
    specs = [
        JobSpec.every("alerts-send", "send due alerts, retries and digests", steps=("alerts",), minutes=10),
        JobSpec.cron("missing-check", "expected-but-missing rules, then alerts", steps=("rules", "alerts"),
                     hour=9, minute=0),
        JobSpec.cron("council-early-month", "council agendas, decisions, committee reports (days 1-15)",
                     council, day="1-15", hour=7, minute=0),
        JobSpec.cron("council-late-month", "council pages, Mondays of the second half of the month",
                     council, day="16-31", day_of_week="mon", hour=7, minute=0),
        JobSpec.cron("programme-january", "performance programmes, daily in January", programme,
                     month="1", hour=6, minute=0),
        JobSpec.cron("programme-weekly", "performance programmes, weekly February-December", programme,
                     month="2-12", day_of_week="tue", hour=6, minute=0),
        JobSpec.cron("activity-report-april-may", "activity reports, daily in April and May", report,
                     month="4-5", hour=6, minute=30),
        JobSpec.cron("plans-weekly", "strategic plans and sp.gov.tr, weekly", plans,
                     day_of_week="wed", hour=5, minute=0),
    ]
    for source in sorted(registry.sources.values(), key=lambda s: s.id):
        if not source.schedule:
            continue
        if "interval_hours" in source.schedule:
            specs.append(JobSpec.every(f"source-{source.id}", f"{source.id} (registry schedule)", [source.id],
                                       hours=int(source.schedule["interval_hours"])))
        else:
            fields = {"hour": 6, "minute": 0, **source.schedule}
            specs.append(JobSpec.cron(f"source-{source.id}", f"{source.id} (registry schedule)", [source.id], **fields))
    return [s for s in specs if s.source_ids or "crawl" not in s.steps]


# ---------------------------------------------------------------------------------- the runtime


def utc_now() -> dt.datetime:
    """The clock, read only at the edge (job start); everything below takes ``now``."""
    return dt.datetime.now(dt.timezone.utc)


@dataclasses.dataclass
class Runtime:
    """What a job needs at run time; APScheduler stores only the job id, never these objects."""
    settings: Settings
    registry: Any
    specs: dict[str, JobSpec]
    stop: threading.Event = dataclasses.field(default_factory=threading.Event)
    runner: Callable[["Runtime", str, str], Any] | None = None
    clock: Callable[[], dt.datetime] = utc_now
    environ: dict[str, str] | None = None


_RUNTIME: Runtime | None = None


def install(runtime: Runtime | None) -> None:
    global _RUNTIME
    _RUNTIME = runtime


def scheduled(job_id: str, fingerprint: str = "") -> None:
    """The callable APScheduler runs (stored by reference as ``muniwatch.jobs:scheduled``)."""
    runtime = _RUNTIME
    if runtime is None:
        raise JobError(f"job {job_id}: no scheduler runtime in this process")
    (runtime.runner or run_job)(runtime, job_id, "schedule")


def paths(settings: Settings) -> tuple[Path, Path]:
    """(job store file, lock file)."""
    store = Path(settings.scheduler_db).expanduser() if settings.scheduler_db else settings.data_path / "scheduler.db"
    lock = Path(settings.scheduler_lock).expanduser() if settings.scheduler_lock else settings.data_path / "scheduler.lock"
    return store, lock


@contextlib.contextmanager
def run_lock(settings: Settings) -> Iterator[None]:
    """One job run at a time across processes (the scheduler and ``--once``); waits for the other."""
    path = Path(str(paths(settings)[1]) + ".run")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _summary(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: v for k, v in dataclasses.asdict(value).items() if isinstance(v, (int, float, str, type(None)))}
    return value if isinstance(value, (int, float, str, dict, list, type(None))) else repr(value)[:500]


def run_job(runtime: Runtime, job_id: str, trigger: str = "schedule") -> dict[str, Any]:
    """Run one job now: its steps in order, each recorded; return the ``job_runs`` row."""
    from db.store import open_store

    spec = runtime.specs.get(job_id)
    if spec is None:
        raise JobError(f"unknown job {job_id!r} (see `python scheduler.py --list`)")
    settings = runtime.settings
    with run_lock(settings):
        db, archive = open_store(settings)
        try:
            return _run(runtime, spec, trigger, db, archive)
        finally:
            db.close()


def _run(runtime: Runtime, spec: JobSpec, trigger: str, db: Any, archive: Any) -> dict[str, Any]:
    from watch.alerts import iso

    started = runtime.clock()
    with db.conn:
        run_id = db["job_runs"].insert({
            "job_id": spec.id, "trigger": trigger, "started_at": iso(started), "status": "running",
            "pid": os.getpid(), "sources": json.dumps(list(spec.source_ids))}).last_pk
    steps: dict[str, Any] = {}
    totals: dict[str, Any] = {}
    for step in spec.steps:
        if runtime.stop.is_set():
            steps[step] = {"status": "skipped", "reason": "scheduler stopping"}
            continue
        t0 = time.monotonic()
        try:
            result = STEPS[step](runtime, spec, db, archive, totals)
            steps[step] = {"status": "ok", "result": _summary(result)}
        except Exception as exc:  # isolation boundary: record the step's failure, run the next steps
            log.error("job %s step %s failed: %s\n%s", spec.id, step, exc, traceback.format_exc())
            steps[step] = {"status": "failed", "error": f"{type(exc).__name__}: {exc}"[:500]}
        steps[step]["seconds"] = round(time.monotonic() - t0, 2)
    failed = [s for s, v in steps.items() if v["status"] == "failed"]
    status = "interrupted" if runtime.stop.is_set() else "failed" if failed else "finished"
    row = {"finished_at": iso(runtime.clock()), "status": status, "steps": json.dumps(steps, ensure_ascii=False),
           "error": "; ".join(f"{s}: {steps[s]['error']}" for s in failed) or None, **totals}
    with db.conn:
        db["job_runs"].update(run_id, row)
    return db["job_runs"].get(run_id)


def _crawl(runtime: Runtime, spec: JobSpec, db: Any, archive: Any, totals: dict) -> Any:
    from crawler.run import CrawlError, run_crawl

    if not spec.source_ids:
        return "no sources"
    try:
        totals["crawl_run_id"] = run_crawl(runtime.settings, runtime.registry, list(spec.source_ids))
    except CrawlError as exc:
        totals["crawl_run_id"] = exc.run_id
        raise
    return {"crawl_run_id": totals["crawl_run_id"]}


def _process(runtime: Runtime, spec: JobSpec, db: Any, archive: Any, totals: dict) -> Any:
    from watch.process import process_pending

    report = process_pending(db, archive, runtime.settings)
    totals["versions_processed"] = report.processed
    return {"processed": report.processed, "errors": len(report.errors), "skipped": report.skipped}


def _watch(runtime: Runtime, spec: JobSpec, db: Any, archive: Any, totals: dict) -> Any:
    from muniwatch.pipeline import watch_step

    return watch_step(runtime.settings, totals.get("crawl_run_id"))


def _promises(runtime: Runtime, spec: JobSpec, db: Any, archive: Any, totals: dict) -> Any:
    from watch.promises import promises_step

    report = promises_step(runtime.settings)
    return {"promises": report.promises, "changes": len(report.changes), "scorecards": report.scorecards}


def _rules(runtime: Runtime, spec: JobSpec, db: Any, archive: Any, totals: dict) -> Any:
    from watch.calendar_rules import check_missing

    report = check_missing(db, runtime.settings, runtime.clock())
    totals["missing_found"] = report.new
    return report


def _alerts(runtime: Runtime, spec: JobSpec, db: Any, archive: Any, totals: dict) -> Any:
    from watch.alerts import queue_alerts, send_due

    queued = queue_alerts(db, runtime.settings, runtime.clock())
    sent = send_due(db, runtime.settings, runtime.clock(), environ=runtime.environ)
    totals.update(alerts_queued=queued.queued, alerts_sent=sent.sent, alerts_failed=sent.failed)
    return {"queued": queued.queued, "messages": sent.messages, "sent": sent.sent, "failed": sent.failed,
            "errors": sent.errors[:5]}


STEPS: dict[str, Callable[..., Any]] = {"crawl": _crawl, "process": _process, "watch": _watch,
                                        "promises": _promises, "rules": _rules, "alerts": _alerts}
