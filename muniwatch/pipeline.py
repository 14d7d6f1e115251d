"""The steps a run is made of, shown with progress: crawl (own process) → process → watch.

The CLI, the demo and the scheduler call these; each step is a function the tests also call.
"""

from __future__ import annotations

from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from muniwatch.settings import Settings


def crawl_with_progress(settings: Settings, registry: Any, source_ids: list[str], *,
                        console: Console | None = None, label: str = "crawl") -> int:
    """Crawl in a child process, one progress tick per finished source; return the run id."""
    from crawler.run import CrawlError, run_crawl

    console = console or Console()
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[last]}"), TimeElapsedColumn(), console=console,
                  transient=False) as progress:
        task = progress.add_task(label, total=len(source_ids), last="")

        def on_progress(event: dict) -> None:
            if event.get("event") == "source_finished":
                progress.update(task, completed=event.get("done", 0),
                                last=f"{event['source_id']}: {event.get('documents', 0)} documents, "
                                     f"{event.get('new_versions', 0)} new versions, {event.get('errors', 0)} errors")

        try:
            return run_crawl(settings, registry, source_ids, on_progress=on_progress)
        except CrawlError as exc:
            raise click.ClickException(str(exc)) from exc


def process_with_progress(settings: Settings, *, console: Console | None = None) -> Any:
    """Extract and structure every version not yet processed (or processed by an older parser)."""
    from db.store import open_store
    from watch.process import process_pending

    console = console or Console()
    db, archive = open_store(settings)
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[last]}"), TimeElapsedColumn(), console=console) as progress:
        task = progress.add_task("process", total=None, last="")

        def on_progress(done: int, total: int, label: str = "") -> None:
            progress.update(task, completed=done, total=total, last=label)

        report = process_pending(db, archive, settings, progress=on_progress)
    return report


def watch_step(settings: Settings, run_id: int | None = None) -> Any:
    """Compare every newly processed version and look for missing documents; return the
    ``watch.watcher.WatchReport`` (the scheduler records its counts)."""
    from db.store import open_store
    from watch.watcher import watch_step as watch

    db, _archive = open_store(settings)
    try:
        return watch(db, settings, run_id=run_id)
    finally:
        db.close()


def watch_with_progress(settings: Settings, *, console: Console | None = None, run_id: int | None = None) -> Any:
    """``watch_step`` with a progress bar and a one-line summary of what it found."""
    from db.store import open_store
    from watch.watcher import watch_step as watch

    console = console or Console()
    db, _archive = open_store(settings)
    try:
        with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TextColumn("{task.fields[last]}"), TimeElapsedColumn(), console=console) as progress:
            task = progress.add_task("watch", total=None, last="")

            def on_progress(done: int, total: int, label: str = "") -> None:
                progress.update(task, completed=done, total=total, last=label)

            report = watch(db, settings, run_id=run_id, progress=on_progress)
    finally:
        db.close()
    console.print(f"watch: {report.compared} versions compared, {report.changes} changes "
                  f"({report.gender_relevant} gender-relevant), {report.missing} documents missing")
    return report


def promises_with_progress(settings: Settings, *, console: Console | None = None) -> Any:
    """Track plan → programme → report promises, raise promise changes, refresh the scorecard."""
    from watch.promises import promises_step

    console = console or Console()
    with console.status("promises: matching plans, programmes and reports"):
        report = promises_step(settings)
    console.print(f"promises: {report.promises} tracked ({report.gender_relevant} gender-relevant), "
                  f"{len(report.changes)} promise changes")
    return report
