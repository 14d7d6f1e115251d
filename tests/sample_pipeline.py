"""The real pipeline on the sample web, built once per test session and shared (promises, browser).

Crawl epoch 1 (child process, real HTTP on loopback) → process → watch → promises → switch to epoch 2
→ crawl → process → watch → promises. What the promise step found after each epoch is kept
(changes, statuses, scorecards), so tests can tell what a monitor sees at the first crawl and what
epoch 2 adds. Building takes about 30 s; :func:`shared` caches the result for the whole session, so
``tests/test_promises.py`` and ``tests/browser/`` pay for it once. Tests that write must work on
:func:`copy_database`, never on the shared file.
"""

from __future__ import annotations

import dataclasses
import sqlite3
import time
from pathlib import Path

from muniwatch import constants as C
from muniwatch import settings as settings_mod

PROMISE_KINDS = (C.CHANGE_PROMISE_DROPPED, C.CHANGE_PROMISE_CUT)


@dataclasses.dataclass
class Epoch:
    run_id: int
    promise_changes: list[dict]       # promise changes inserted by this epoch's promise step
    promises: list[dict]              # the promises table after this epoch
    scorecard: dict[str, dict]        # municipality id -> scorecard row after this epoch
    report: object                    # watch.promises.PromiseReport


@dataclasses.dataclass
class SamplePipeline:
    settings: settings_mod.Settings
    epochs: dict[int, Epoch]
    seconds: float

    @property
    def database(self) -> Path:
        return self.settings.database


_BUILT: dict[str, SamplePipeline] = {}


def pipeline_settings(data_dir: Path) -> settings_mod.Settings:
    from muniwatch.sampleweb import TRUSTED_NETWORK

    return settings_mod.load(environ={}, data_dir=str(data_dir), download_delay=0.0, download_timeout=3,
                             retry_times=0, autothrottle_max_delay=1.0, concurrency_per_domain=4,
                             trusted_networks=TRUSTED_NETWORK)


def _snapshot(settings: settings_mod.Settings, run_id: int, report) -> Epoch:
    from db.store import open_db

    db = open_db(settings.database)
    try:
        promises = list(db.query("select * from promises order by municipality_id, year, id"))
        scorecard = {r["municipality_id"]: r for r in db.query("select * from scorecard")}
    finally:
        db.close()
    changes = [c for c in report.changes if c["kind"] in PROMISE_KINDS]
    return Epoch(run_id, changes, promises, scorecard, report)


def build(data_dir: Path) -> SamplePipeline:
    from crawler.run import run_crawl
    from db.store import open_store
    from muniwatch.registry import load_registry_text
    from muniwatch.sampleweb import SampleWeb
    from watch.process import process_pending
    from watch.promises import promises_step
    from watch.watcher import watch_step

    started = time.monotonic()
    settings = pipeline_settings(data_dir)
    epochs: dict[int, Epoch] = {}
    with SampleWeb(port=0, epoch=1, hang_seconds=5) as web:
        registry = load_registry_text(web.registry_yaml(), "sampleweb.yml", strict=True)
        for epoch in (1, 2):   # render every document now, not while the crawler waits on it
            web.expected_documents(epoch)
        for epoch in (1, 2):
            web.set_epoch(epoch)
            run_id = run_crawl(settings, registry)
            db, archive = open_store(settings)
            try:
                process_pending(db, archive, settings)
                watch_step(db, settings, run_id=run_id)
            finally:
                db.close()
            report = promises_step(settings)
            epochs[epoch] = _snapshot(settings, run_id, report)
    return SamplePipeline(settings, epochs, time.monotonic() - started)


def shared(tmp_path_factory) -> SamplePipeline:
    """The session's sample pipeline, built on first use."""
    if "pipeline" not in _BUILT:
        _BUILT["pipeline"] = build(tmp_path_factory.mktemp("sample-pipeline"))
    return _BUILT["pipeline"]


def copy_database(pipeline: SamplePipeline, data_dir: Path) -> settings_mod.Settings:
    """Settings for a private copy of the pipeline's database (same archive, read only)."""
    settings = pipeline_settings(data_dir).replace(archive_dir=str(pipeline.settings.archive))
    settings.database.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(pipeline.database)
    target = sqlite3.connect(settings.database)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    return settings
