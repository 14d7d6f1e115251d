"""muniwatch's scheduler: crawl, process, watch and alert on the legal calendar.

    python scheduler.py                  # run until SIGTERM / Ctrl-C (one scheduler at a time)
    python scheduler.py --list           # each job with its next run time
    python scheduler.py --once JOB       # run one job now, in the foreground

A thin skin: the calendar and the job steps are in ``muniwatch/jobs.py``, the APScheduler service
(job store, lock, catch-up, SIGTERM) in ``muniwatch/scheduling.py``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python scheduler.py", description=__doc__.split("\n")[0])
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--list", action="store_true", help="show each job with its next run time and exit")
    action.add_argument("--once", metavar="JOB", help="run one job now and exit (1 when a step failed)")
    parser.add_argument("--registry", action="append", default=[], metavar="PATH",
                        help="registry file or folder (default: the bundled registry); may be repeated")
    parser.add_argument("--data-dir", help="folder for the database, archive and job store (MUNIWATCH_DATA_DIR)")
    parser.add_argument("--log-level", default="INFO", help="logging level (default INFO)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from muniwatch import jobs, scheduling
    from muniwatch import settings as settings_mod
    from muniwatch.registry import load_registry

    try:
        settings = settings_mod.load(data_dir=args.data_dir)
    except settings_mod.SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    registry = load_registry([Path(p) for p in args.registry] or [settings.registry])
    for issue in registry.issues:
        print(f"registry: {issue}", file=sys.stderr)
    specs = jobs.default_jobs(registry)
    if args.list:
        rows = scheduling.list_jobs(settings, specs, jobs.utc_now())
        print(scheduling.format_listing(rows, settings.timezone))
        return 0
    if args.once:
        runtime = jobs.Runtime(settings, registry, {s.id: s for s in specs})
        try:
            row = jobs.run_job(runtime, args.once, "once")
        except jobs.JobError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        print(f"job {row['job_id']}: {row['status']}")
        for step, outcome in json.loads(row["steps"] or "{}").items():
            detail = outcome.get("error") or outcome.get("result") or outcome.get("reason") or ""
            print(f"  {step}: {outcome['status']} {json.dumps(detail, ensure_ascii=False) if detail else ''}".rstrip())
        return 0 if row["status"] == "finished" else 1
    service = scheduling.SchedulerService(settings, registry, specs=specs)

    def started(svc: scheduling.SchedulerService) -> None:
        sync = svc.sync
        print(f"scheduler started (pid {os.getpid()}, lock {jobs.paths(settings)[1]}): {len(specs)} jobs; added {len(sync.added)}, "
              f"rescheduled {len(sync.rescheduled)}, kept {len(sync.kept)}, removed {len(sync.removed)}", flush=True)

    try:
        service.run_forever(on_started=started)
    except scheduling.SchedulerLocked as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print("scheduler stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
