"""The demo: the whole pipeline on the bundled sample web, with no internet.

Start the sample web (epoch 1) → crawl every sample source → process → switch to epoch 2 → crawl
again → process and watch → print a readable summary. ``muniwatch demo`` then serves Datasette.
The demo database starts empty every time so the two epochs tell their story.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

from rich.console import Console
from rich.table import Table

from muniwatch.settings import Settings


class DemoError(Exception):
    """The demo cannot run (e.g. it would overwrite a database it did not make)."""


@dataclasses.dataclass
class DemoResult:
    ok: bool
    runs: list[int]
    documents: dict[str, int]          # municipality id -> documents archived
    new_versions_second_run: int
    failing_sources: list[str]
    problems: list[str]


DEMO_MARKER = "demo"


def demo_settings(settings: Settings, db_path: str | None = None) -> Settings:
    """Settings for a demo run: its own data folder, the sample web trusted as 'public', quick timeouts."""
    from muniwatch.sampleweb import TRUSTED_NETWORK

    if db_path:
        data_dir = Path(db_path).expanduser().resolve().parent / (Path(db_path).stem + "-data")
        changes = {"db_path": str(Path(db_path).expanduser().resolve()), "data_dir": str(data_dir),
                   "archive_dir": str(data_dir / "archive")}
    else:
        data_dir = settings.data_path / "demo"
        changes = {"data_dir": str(data_dir), "db_path": "", "archive_dir": ""}
    return settings.replace(trusted_networks=TRUSTED_NETWORK, download_delay=0.05, download_timeout=8,
                            retry_times=1, **changes)


def _reset(settings: Settings) -> None:
    db_file = settings.database
    if db_file.exists():
        from db.store import get_meta, open_db
        if get_meta(open_db(db_file), DEMO_MARKER) != "1":
            raise DemoError(f"{db_file} exists and was not made by the demo; choose another --db")
    for path in (db_file, Path(f"{db_file}-wal"), Path(f"{db_file}-shm")):
        path.unlink(missing_ok=True)
    if settings.data_path.exists() and settings.data_path.name in {"demo"} | {db_file.stem + "-data"}:
        shutil.rmtree(settings.data_path)


def run_demo(settings: Settings, *, port: int | None = None, db_path: str | None = None,
             console: Console | None = None, hang_seconds: float = 60.0) -> DemoResult:
    from db.store import open_store, set_meta
    from muniwatch.pipeline import (crawl_with_progress, process_with_progress, promises_with_progress,
                                    watch_with_progress)
    from muniwatch.registry import load_registry_text
    from muniwatch.sampleweb import SampleWeb, registry_yaml

    console = console or Console()
    settings = demo_settings(settings, db_path)
    _reset(settings)
    db, _archive = open_store(settings)
    set_meta(db, DEMO_MARKER, "1")
    runs: list[int] = []
    with SampleWeb(port=port or 0, epoch=1, hang_seconds=hang_seconds) as web:
        registry = load_registry_text(registry_yaml(web.port), "sampleweb.yml")
        for epoch in (1, 2):  # render every sample document now, not while the crawler waits on it
            web.expected_documents(epoch)
        source_ids = sorted(registry.sources)
        console.rule(f"[bold]Sample web on port {web.port}: epoch 1")
        runs.append(crawl_with_progress(settings, registry, source_ids, console=console, label="crawl epoch 1"))
        process_with_progress(settings, console=console)
        watch_with_progress(settings, console=console, run_id=runs[-1])   # the baseline: no changes
        promises_with_progress(settings, console=console)
        web.set_epoch(2)
        console.rule("[bold]Epoch 2: the municipalities publish changes")
        runs.append(crawl_with_progress(settings, registry, source_ids, console=console, label="crawl epoch 2"))
        process_with_progress(settings, console=console)
        watch_with_progress(settings, console=console, run_id=runs[-1])
        promises_with_progress(settings, console=console)
    result = summarise(settings, registry, runs)
    print_summary(result, settings, console)
    return result


def summarise(settings: Settings, registry, runs: list[int]) -> DemoResult:
    from db.store import open_db

    db = open_db(settings.database)
    documents = {m: 0 for m in registry.municipalities}
    for row in db.query("select municipality_id, count(*) as n from documents group by municipality_id"):
        if row["municipality_id"] in documents:
            documents[row["municipality_id"]] = row["n"]
    second = db["crawl_runs"].get(runs[-1])
    failing = [r["id"] for r in db.query("select id from sources where health in ('failing', 'unreachable')")]
    problems = [f"{m}: no documents archived" for m, n in documents.items() if n == 0]
    statuses = {r["status"] for r in db.query("select status from crawl_runs")}
    if statuses != {"finished"}:
        problems.append(f"crawl run statuses: {sorted(statuses)}")
    return DemoResult(ok=not problems, runs=runs, documents=documents,
                      new_versions_second_run=second["new_versions"] or 0,
                      failing_sources=failing, problems=problems)


def print_summary(result: DemoResult, settings: Settings, console: Console) -> None:
    from db.store import open_db, summary

    db = open_db(settings.database)
    table = Table("municipality", "document type", "documents", "versions", title="Archive / Arşiv")
    for row in summary(db):
        table.add_row(row["municipality"] or "(national)", row["doc_type"], str(row["documents"]), str(row["versions"]))
    console.print(table)
    runs = Table("run", "requests", "bytes", "304s", "new documents", "new versions", "errors", title="Crawl runs")
    for row in db.query("select * from crawl_runs order by id"):
        runs.add_row(str(row["id"]), str(row["requests"]), f"{row['bytes_received']:,}", str(row["responses_304"]),
                     str(row["new_documents"]), str(row["new_versions"]), str(row["errors"]))
    console.print(runs)
    for row in db.query("select id, health, consecutive_failures, last_error from sources where health != 'ok'"):
        console.print(f"[yellow]source {row['id']}: {row['health']} ({row['consecutive_failures']}×) {row['last_error'] or ''}")
    if "changes" in db.table_names():
        n = db.execute("select count(*) from changes").fetchone()[0]
        g = db.execute("select count(*) from changes where gender_relevant = 1").fetchone()[0]
        console.print(f"changes detected: {n} ({g} gender-relevant)")
    for problem in result.problems:
        console.print(f"[red]problem: {problem}")
    console.print(f"database: {settings.database}")
