"""Run one crawl, in a process of its own, and return its ``crawl_runs`` id.

Why a child process: Twisted's reactor cannot be restarted, so a long-lived caller (the scheduler,
the CLI, a test session) would be able to crawl only once. :func:`run_crawl` starts
``python -m crawler.run``, hands it the job as JSON on stdin (settings values, the registry's
municipalities and sources, the source ids, the log level) and waits for it.

Inside the child (:func:`main`): open the database (migrating it), sync the registry, ``start_run``,
one crawler per source in one ``AsyncCrawlerProcess`` (Playwright only for ``js`` sources), then
``finish_run`` (``finished``, or ``crashed`` with the error) and ``update_source_health``. Every fetch
row is committed as it happens, so a crash leaves a consistent database; if the child dies
without finishing its run (killed, out of memory) the parent marks the run ``crashed``.

Progress: the child prints one JSON object per line on stdout; :func:`run_crawl` passes each to
``on_progress``. Scrapy's log goes to stderr, kept in ``<data_dir>/logs/crawl-<run id>.log``.

* ``{"event": "run_started", "run_id": 7, "sources": ["camliova-site", "spgov"]}``
* ``{"event": "source_finished", "run_id": 7, "source_id": "camliova-site", "reason": "finished",
  "requests": 41, "bytes": 183220, "responses_304": 0, "documents": 12, "new_documents": 12,
  "new_versions": 0, "errors": 1, "done": 1, "total": 2}``
  (``reason`` is Scrapy's close reason; counts are this run's fetch rows for the source)
* ``{"event": "run_finished", "run_id": 7, "status": "finished", "error": null,
  "health": {"camliova-site": "ok", "spgov": "ok"}}``
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from muniwatch import constants as C
from muniwatch.settings import Settings

PROGRESS_EVENTS = ("run_started", "source_finished", "run_finished")


class CrawlError(RuntimeError):
    """The crawl could not start, or its run crashed; the message says why in one line."""

    def __init__(self, message: str, run_id: int | None = None):
        super().__init__(message)
        self.run_id = run_id


# ---------------------------------------------------------------- parent side


def _job(settings: Settings, registry: Any, source_ids: list[str], log_level: str) -> dict[str, Any]:
    from muniwatch.registry import registry_rows

    municipality_rows, source_rows = registry_rows(registry)
    return {
        "settings": dict(settings.values),
        "municipality_rows": municipality_rows,
        "source_rows": source_rows,
        "municipalities": [dataclasses.asdict(m) for m in registry.municipalities.values()],
        "sources": [dataclasses.asdict(registry.sources[sid]) for sid in source_ids],
        "source_ids": source_ids,
        "log_level": log_level,
    }


def select_sources(registry: Any, source_ids: Iterable[str] | None) -> list[str]:
    """The sources to crawl (all, by default), checked against the registry."""
    if source_ids is None:
        return sorted(registry.sources)
    chosen = list(dict.fromkeys(source_ids))
    unknown = [s for s in chosen if s not in registry.sources]
    if unknown:
        raise CrawlError(f"unknown source id(s): {', '.join(unknown)} (see 'muniwatch sources list')")
    return chosen


def run_crawl(settings: Settings, registry: Any, source_ids: Iterable[str] | None = None, *,
              log_level: str = "WARNING", on_progress: Callable[[dict], None] | None = None) -> int:
    """Crawl ``source_ids`` (default: every source) in a child process; return the run id when it ends."""
    ids = select_sources(registry, source_ids)
    if not ids:
        raise CrawlError("no sources to crawl")
    if any(registry.sources[s].js for s in ids):
        from crawler.settings import ChromiumMissing, chromium_executable
        try:
            chromium_executable(settings)
        except ChromiumMissing as exc:
            raise CrawlError(str(exc)) from None
    logs = settings.data_path / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(_job(settings, registry, ids, log_level), ensure_ascii=False, default=str)
    run_id: int | None = None
    finished: dict | None = None
    with tempfile.NamedTemporaryFile("w+b", dir=logs, prefix="crawl-", suffix=".log", delete=False) as err:
        proc = subprocess.Popen([sys.executable, "-m", "crawler.run"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=err, cwd=str(_project_root()), text=True,
                                encoding="utf-8")
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(payload)
        proc.stdin.close()
        for line in proc.stdout:
            event = _parse_line(line)
            if event is None:
                continue
            if event.get("event") == "run_started":
                run_id = int(event["run_id"])
            elif event.get("event") == "run_finished":
                finished = event
            if on_progress is not None:
                on_progress(event)
        code = proc.wait()
    log_path = Path(err.name)
    if run_id is not None:
        log_path = log_path.replace(logs / f"crawl-{run_id}.log")
    if run_id is None:
        raise CrawlError(f"crawl process failed before starting a run (exit {code}): {_tail(log_path)}")
    if finished is None:
        _mark_crashed(settings, run_id, f"crawl process exited with code {code}: {_tail(log_path)}")
        raise CrawlError(f"crawl run {run_id} crashed (exit {code}); log: {log_path}", run_id)
    if finished.get("status") != "finished":
        raise CrawlError(f"crawl run {run_id} crashed: {finished.get('error')}; log: {log_path}", run_id)
    return run_id


def _project_root() -> Path:
    return Path(__file__).resolve().parent.parent


def _parse_line(line: str) -> dict | None:
    line = line.strip()
    if not line.startswith("{"):
        return None
    try:
        event = json.loads(line)
    except json.JSONDecodeError:
        return None
    return event if isinstance(event, dict) and event.get("event") in PROGRESS_EVENTS else None


def _tail(path: Path, lines: int = 5) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    except OSError:
        return "(no log)"
    return " | ".join(text[-lines:]) or "(empty log)"


def _mark_crashed(settings: Settings, run_id: int, error: str) -> None:
    from db.store import finish_run, open_db

    db = open_db(settings.database)
    try:
        row = db["crawl_runs"].get(run_id)
        if row["status"] == "running":
            finish_run(db, run_id, status="crashed", error=error)
            update_health(db, run_id, json.loads(row["sources"] or "[]"))
    finally:
        db.close()


def update_health(db: Any, run_id: int, source_ids: list[str]) -> dict[str, str]:
    from db.store import update_source_health

    return update_source_health(db, run_id, source_ids)


# ---------------------------------------------------------------- child side


def _emit(event: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(event, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def _rebuild(job: dict[str, Any]) -> tuple[dict[str, Any], list[Any]]:
    from muniwatch.registry import ListingConfig, Municipality, Source

    sources = {}
    for raw in job["sources"]:
        raw = dict(raw)
        listing = raw.pop("listing", None)
        sources[raw["id"]] = Source(**raw, listing=ListingConfig(**listing) if listing else None)
    municipalities = [Municipality(**m) for m in job["municipalities"]]
    return sources, municipalities


def source_counts(db: Any, run_id: int, source_id: str) -> dict[str, int]:
    row = db.execute(
        """select count(*), coalesce(sum(bytes), 0), coalesce(sum(http_status = 304), 0),
                  coalesce(sum(document_id is not null), 0), coalesce(sum(outcome = ?), 0),
                  coalesce(sum(outcome = ?), 0), coalesce(sum(outcome in (%s)), 0)
           from fetches where crawl_run_id = ? and source_id = ?""" % ",".join("?" * len(C.FETCH_FAILURES)),
        [C.FETCH_NEW_DOCUMENT, C.FETCH_NEW_VERSION, *sorted(C.FETCH_FAILURES), run_id, source_id]).fetchone()
    keys = ("requests", "bytes", "responses_304", "documents", "new_documents", "new_versions", "errors")
    return dict(zip(keys, row))


def _crawl(settings: Settings, job: dict[str, Any], db: Any, run_id: int) -> dict[str, Any]:
    """Run every source's crawler in one process; return Scrapy stats per source."""
    from scrapy import signals
    from scrapy.crawler import AsyncCrawlerProcess, Crawler
    from scrapy.settings import Settings as ScrapySettings

    from crawler.settings import browser_timeout, scrapy_settings, source_settings
    from spiders import SPIDERS

    sources, municipalities = _rebuild(job)
    base = scrapy_settings(settings, run_id=run_id, log_level=job.get("log_level", "WARNING"))
    process = AsyncCrawlerProcess(base)
    stats: dict[str, Any] = {}
    total = len(job["source_ids"])

    def closed(spider: Any, reason: str) -> None:
        sid = spider.source.id
        stats[sid] = {k: v for k, v in spider.crawler.stats.get_stats().items()
                      if k.startswith(("muniwatch/", "downloader/response_status_count", "httpcache/",
                                       "log_count/ERROR", "finish_reason", "playwright/request_count"))}
        _emit({"event": "source_finished", "run_id": run_id, "source_id": sid, "reason": reason,
               **source_counts(db, run_id, sid), "done": len(stats), "total": total})

    for sid in job["source_ids"]:
        source = sources[sid]
        scrapy_conf = ScrapySettings()
        scrapy_conf.setdict(base, priority="project")
        scrapy_conf.setdict(source_settings(source, settings), priority="spider")
        crawler = Crawler(SPIDERS[source.kind], scrapy_conf)
        crawler.signals.connect(closed, signal=signals.spider_closed)
        process.crawl(crawler, source=source, run_id=run_id, depth=int(settings.discovery_depth),
                      municipalities=municipalities, browser_timeout=browser_timeout(settings))
    process.start()
    if process.bootstrap_failed:
        raise CrawlError("a spider failed to start (see the log)")
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.run",
                                     description="Run one crawl from a JSON job on stdin (used by run_crawl).")
    parser.parse_args(argv)
    job = json.loads(sys.stdin.read())
    settings = Settings(job["settings"])

    from db.store import finish_run, open_db, start_run, sync_registry

    db = open_db(settings.database)
    sync_registry(db, job["municipality_rows"], job["source_rows"])
    run_id = start_run(db, job["source_ids"], pid=os.getpid())
    _emit({"event": "run_started", "run_id": run_id, "sources": job["source_ids"]})
    status, error, stats = "finished", None, {}
    try:
        stats = _crawl(settings, job, db, run_id)
    except BaseException as exc:  # isolation boundary: record the crash, then re-raise
        status, error = "crashed", f"{type(exc).__name__}: {exc}"
        traceback.print_exc(file=sys.stderr)
        raise
    finally:
        finish_run(db, run_id, status=status, stats=stats, error=error)
        health = update_health(db, run_id, job["source_ids"])
        _emit({"event": "run_finished", "run_id": run_id, "status": status, "error": error, "health": health})
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
