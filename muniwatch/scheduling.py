"""The scheduler service: APScheduler 3 with a SQLAlchemy job store on SQLite, one at a time.

Why these choices:

- **Persistent job store** (``<data_dir>/scheduler.db``): next run times survive a restart, so a run
  that fell due while the scheduler was stopped is known on start. Stored jobs whose trigger is
  unchanged are kept as they are (their past next-run time is what makes the catch-up happen);
  changed ones are rescheduled, removed ones deleted (:func:`sync_jobs`).
- **Coalesce + misfire grace**: however many runs were missed, a job catches up once
  (``coalesce=True``), if the last missed run is no older than ``MUNIWATCH_SCHEDULER_MISFIRE_GRACE``.
- **One executor thread**: jobs run one after another; a crawl never runs beside another crawl.
- **A lock** (``fcntl.flock`` on ``<data_dir>/scheduler.lock``, holding the pid): a second scheduler
  refuses to start with a message naming the first one's pid. The kernel drops the lock when the
  process dies, so a crash never leaves a stale lock.
- **SIGTERM/SIGINT**: stop taking jobs, let the running job finish its current step (the rest are
  recorded as skipped), release the lock, exit 0.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import fcntl
import os
import signal
import threading
from pathlib import Path
from typing import Any, Callable
from zoneinfo import ZoneInfo

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import STATE_STOPPED

from muniwatch import jobs
from muniwatch.jobs import JobSpec, Runtime
from muniwatch.settings import Settings

JOB_FUNC = "muniwatch.jobs:scheduled"


class SchedulerLocked(RuntimeError):
    """Another scheduler holds the lock."""


class SchedulerLock:
    """An exclusive, non-blocking ``flock`` on the lock file, released on close or process death."""

    def __init__(self, path: Path):
        self.path = path
        self._handle: Any = None

    def acquire(self) -> "SchedulerLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            handle.close()
            raise SchedulerLocked(f"another scheduler is running (pid {holder}; lock {self.path})") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        self._handle = handle
        return self

    def release(self) -> None:
        if self._handle is not None:
            self._handle.seek(0)
            self._handle.truncate()
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None

    def __enter__(self) -> "SchedulerLock":
        return self.acquire()

    def __exit__(self, *exc: Any) -> None:
        self.release()


class _Scheduler(BackgroundScheduler):
    """APScheduler 3's loop makes one more pass over due jobs after ``shutdown()``: with the executor
    already shut down it cannot submit a due job, yet it moves the job's next run time on, and the
    run is lost. Skipping that pass leaves the job due, to be caught up on the next start."""

    def _process_jobs(self):  # noqa: D401 - APScheduler hook
        if self.state == STATE_STOPPED:
            return None
        return super()._process_jobs()


def make_scheduler(settings: Settings) -> BackgroundScheduler:
    store_path, _ = jobs.paths(settings)
    store_path.parent.mkdir(parents=True, exist_ok=True)
    return _Scheduler(
        jobstores={"default": SQLAlchemyJobStore(url=f"sqlite:///{store_path}")},
        executors={"default": ThreadPoolExecutor(1)},
        job_defaults={"coalesce": True, "max_instances": 1,
                      "misfire_grace_time": int(settings.scheduler_misfire_grace)},
        timezone=ZoneInfo(settings.timezone))


@dataclasses.dataclass
class SyncReport:
    added: list[str] = dataclasses.field(default_factory=list)
    rescheduled: list[str] = dataclasses.field(default_factory=list)
    removed: list[str] = dataclasses.field(default_factory=list)
    kept: list[str] = dataclasses.field(default_factory=list)


def sync_jobs(scheduler: BackgroundScheduler, specs: list[JobSpec], timezone: str) -> SyncReport:
    """Make the job store hold exactly ``specs``, keeping unchanged jobs' next run times."""
    report = SyncReport()
    existing = {job.id: job for job in scheduler.get_jobs()}
    for spec in specs:
        kwargs = {"job_id": spec.id, "fingerprint": spec.fingerprint()}
        job = existing.pop(spec.id, None)
        if job is None:
            scheduler.add_job(JOB_FUNC, trigger=spec.make_trigger(timezone), id=spec.id, name=spec.description,
                              kwargs=kwargs)
            report.added.append(spec.id)
        elif job.kwargs.get("fingerprint") != kwargs["fingerprint"]:
            job.modify(kwargs=kwargs, name=spec.description)
            job.reschedule(trigger=spec.make_trigger(timezone))
            report.rescheduled.append(spec.id)
        else:
            if job.name != spec.description:
                job.modify(name=spec.description)
            report.kept.append(spec.id)
    for job_id in existing:
        scheduler.remove_job(job_id)
        report.removed.append(job_id)
    return report


class SchedulerService:
    """The running scheduler: lock, runtime, job store and APScheduler, started and stopped together."""

    def __init__(self, settings: Settings, registry: Any, *, specs: list[JobSpec] | None = None,
                 runner: Callable[[Runtime, str, str], Any] | None = None,
                 clock: Callable[[], dt.datetime] = jobs.utc_now, environ: dict[str, str] | None = None):
        self.settings = settings
        self.specs = specs if specs is not None else jobs.default_jobs(registry)
        self.runtime = Runtime(settings, registry, {s.id: s for s in self.specs}, runner=runner, clock=clock,
                               environ=environ)
        self.lock = SchedulerLock(jobs.paths(settings)[1])
        self.scheduler: BackgroundScheduler | None = None
        self.sync: SyncReport | None = None

    def start(self) -> SyncReport:
        self.lock.acquire()
        try:
            jobs.install(self.runtime)
            self.scheduler = make_scheduler(self.settings)
            self.scheduler.start(paused=True)
            self.sync = sync_jobs(self.scheduler, self.specs, self.settings.timezone)
            self.scheduler.resume()
        except BaseException:
            self.stop(wait=False)
            raise
        return self.sync

    def stop(self, wait: bool = True) -> None:
        """Stop taking jobs; with ``wait`` the running job finishes its current step first."""
        self.runtime.stop.set()
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=wait)
        self.scheduler = None
        jobs.install(None)
        self.lock.release()

    def run_forever(self, on_started: Callable[["SchedulerService"], None] | None = None) -> None:
        """Run until SIGTERM or SIGINT, then shut down cleanly."""
        stopping = threading.Event()

        def request_stop(signum: int, frame: Any) -> None:
            stopping.set()

        previous = {s: signal.signal(s, request_stop) for s in (signal.SIGTERM, signal.SIGINT)}
        try:
            self.start()
            if on_started:
                on_started(self)
            stopping.wait()
        finally:
            self.stop(wait=True)
            for s, handler in previous.items():
                signal.signal(s, handler)


# ---------------------------------------------------------------------------------- listing


@dataclasses.dataclass(frozen=True)
class Listing:
    id: str
    next_run: dt.datetime | None
    schedule: str
    sources: int
    description: str
    stored: bool                 # False: not in the job store yet (the scheduler has not run since)


def stored_jobs(settings: Settings) -> dict[str, Any]:
    """The jobs in the job store, read without starting a scheduler or taking the lock."""
    store_path, _ = jobs.paths(settings)
    if not store_path.exists():
        return {}
    store = SQLAlchemyJobStore(url=f"sqlite:///{store_path}")
    store.start(make_scheduler(settings), "default")
    try:
        return {job.id: job for job in store.get_all_jobs()}
    finally:
        store.shutdown()


def list_jobs(settings: Settings, specs: list[JobSpec], now: dt.datetime) -> list[Listing]:
    """Each job with its next run: the stored one when the stored job is current, else computed."""
    stored = stored_jobs(settings)
    tz = ZoneInfo(settings.timezone)
    rows = []
    for spec in specs:
        job = stored.get(spec.id)
        if job is not None and job.kwargs.get("fingerprint") == spec.fingerprint():
            next_run, is_stored = job.next_run_time, True
        else:
            next_run, is_stored = spec.make_trigger(settings.timezone).get_next_fire_time(None, now.astimezone(tz)), False
        rows.append(Listing(spec.id, next_run.astimezone(tz) if next_run else None, spec.schedule_text(),
                            len(spec.source_ids), spec.description, is_stored))
    return sorted(rows, key=lambda r: (r.next_run is None, r.next_run or now, r.id))


def format_listing(rows: list[Listing], timezone: str) -> str:
    """The ``python scheduler.py --list`` table (documented in the README)."""
    head = ("JOB", f"NEXT RUN ({timezone})", "SCHEDULE", "SOURCES", "WHAT")
    table = [head] + [(r.id, (r.next_run.strftime("%Y-%m-%d %H:%M") if r.next_run else "paused")
                       + ("" if r.stored else " *"), r.schedule, str(r.sources) if r.sources else "-", r.description)
                      for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(4)]
    lines = ["  ".join(cell.ljust(widths[i]) if i < 4 else cell for i, cell in enumerate(row)).rstrip()
             for row in table]
    if any(not r.stored for r in rows):
        lines.append("* not in the job store yet: computed from the schedule (the scheduler stores it when it starts)")
    return "\n".join(lines)
