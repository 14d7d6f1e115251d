"""The `muniwatch` command: a thin click skin over functions the tests also call.

Named errors from inside (registry issues, settings errors, extraction errors) become one clear
line here (`click.ClickException`); users never see a traceback for bad input.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from muniwatch import settings as settings_mod

console = Console(stderr=False, highlight=False)


@click.group()
@click.option("--data-dir", type=click.Path(file_okay=False), help="Folder for the database, archive and cache.")
@click.option("--db", "db_path", type=click.Path(dir_okay=False), help="SQLite database path.")
@click.version_option(package_name="muniwatch")
@click.pass_context
def cli(ctx: click.Context, data_dir: str | None, db_path: str | None) -> None:
    """muniwatch: belediye belgelerini izler / watches Turkish municipal documents."""
    try:
        ctx.obj = settings_mod.load(data_dir=data_dir, db_path=db_path)
    except settings_mod.SettingsError as exc:
        raise click.ClickException(str(exc)) from exc


@cli.command("settings")
@click.pass_obj
def settings_cmd(settings: settings_mod.Settings) -> None:
    """Print every setting, its value and what it is for."""
    table = Table("setting", "environment variable", "value", "help")
    for s in settings_mod.SETTINGS:
        table.add_row(s.name, f"MUNIWATCH_{s.name.upper()}", str(settings.values[s.name]), s.help)
    console.print(table)


# ------------------------------------------------------------------ registry


@cli.group()
def sources() -> None:
    """The registry of municipalities and their sources."""


def _load_registry(paths: tuple[str, ...] | list[Path]):
    from muniwatch import registry
    return registry.load_registry([Path(p) for p in paths])


@sources.command("list")
@click.option("--registry", "registry_paths", multiple=True, type=click.Path(exists=True),
              help="Registry file or folder (default: the bundled registry).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_obj
def sources_list(settings: settings_mod.Settings, registry_paths: tuple[str, ...], fmt: str) -> None:
    """List sources with their municipality and, when a database exists, their health."""
    from muniwatch.registry import registry_summary, source_table
    reg = _load_registry(registry_paths or [settings.registry])
    health = {}
    if settings.database.exists():
        from db.store import open_db
        db = open_db(settings.database)
        health = {r["id"]: r for r in db.query("select id, health, consecutive_failures from sources")}
    rows = []
    for row in source_table(reg):  # id, municipality, kind, start_url, js; health is ours to add
        h = health.get(row["id"], {})
        rows.append({**row, "health": h.get("health", "unknown"), "consecutive_failures": h.get("consecutive_failures", 0)})
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table("id", "municipality", "kind", "start URL", "js", "health")
    for r in rows:
        table.add_row(r["id"], r["municipality"], r["kind"], r["start_url"], "yes" if r["js"] else "",
                      r["health"] + (f" ({r['consecutive_failures']})" if r["consecutive_failures"] else ""))
    console.print(table)
    console.print(registry_summary(reg))


@sources.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.pass_obj
def sources_validate(settings: settings_mod.Settings, paths: tuple[str, ...]) -> None:
    """Check registry files; print each problem as FILE:LINE: field 'X': message."""
    reg = _load_registry(paths or [settings.registry])
    for issue in reg.issues:
        click.echo(str(issue))
    if reg.issues:
        raise click.ClickException(f"{len(reg.issues)} problem(s) in the registry; the other entries are valid")
    click.echo(f"ok: {len(reg.municipalities)} municipalities, {len(reg.sources)} sources")


# ------------------------------------------------------------------ crawling


@cli.command()
@click.option("--registry", "registry_paths", multiple=True, type=click.Path(exists=True),
              help="Registry file or folder (default: the bundled registry).")
@click.option("--source", "source_ids", multiple=True, help="Crawl only these source ids.")
@click.option("--municipality", "municipality_ids", multiple=True, help="Crawl only these municipalities' sources.")
@click.pass_obj
def crawl(settings: settings_mod.Settings, registry_paths, source_ids, municipality_ids) -> None:
    """Crawl sources (each crawl in its own process) and archive what changed."""
    from muniwatch.pipeline import crawl_with_progress
    reg = _load_registry(registry_paths or [settings.registry])
    for issue in reg.issues:
        console.print(f"[yellow]registry:[/] {issue}")
    ids = list(source_ids) or [s.id for s in reg.sources.values()
                               if not municipality_ids or s.municipality_id in municipality_ids]
    unknown = [i for i in ids if i not in reg.sources]
    if unknown:
        raise click.ClickException(f"unknown source id(s): {', '.join(unknown)} (see `muniwatch sources list`)")
    run_id = crawl_with_progress(settings, reg, ids, console=console)
    console.print(f"crawl run {run_id} finished")


# ------------------------------------------------------------------ sample web, demo, serve


@cli.command("demo-web")
@click.option("--port", type=int, default=None, help="Port (default: setting sampleweb_port; 0 = any free port).")
@click.option("--epoch", type=click.IntRange(1, 2), default=1, show_default=True)
@click.option("--hang-seconds", type=float, default=60.0, show_default=True,
              help="How long the deliberately hanging page hangs in epoch 2.")
@click.option("--print-registry", is_flag=True, help="Print the sample web's registry YAML and exit.")
@click.pass_obj
def demo_web(settings: settings_mod.Settings, port: int | None, epoch: int, hang_seconds: float,
             print_registry: bool) -> None:
    """Serve the bundled sample municipal web on loopback until Ctrl-C."""
    import threading

    from muniwatch.sampleweb import HOSTS
    from muniwatch.sampleweb.server import SampleWeb, SampleWebError
    web = SampleWeb(port=settings.sampleweb_port if port is None else port, epoch=epoch, hang_seconds=hang_seconds)
    try:
        web.start()
    except SampleWebError as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        if print_registry:
            click.echo(web.registry_yaml(), nl=False)
            return
        for site in HOSTS:
            console.print(f"{site:>12}  {web.url(site, '/')}")
        console.print(f"epoch {web.epoch}; switch with: curl -X POST {web.url('camliova', '/__sampleweb/epoch/2')}"
                      "  (Ctrl-C stops)")
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        web.stop()


@cli.command()
@click.option("--host", default=None, help="Address (default: setting datasette_host).")
@click.option("--port", type=int, default=None, help="Port (default: setting datasette_port).")
@click.pass_obj
def serve(settings: settings_mod.Settings, host: str | None, port: int | None) -> None:
    """Publish the database with Datasette (metadata from datasette_meta.yml)."""
    from muniwatch.publish import serve_datasette
    if not settings.database.exists():
        raise click.ClickException(f"no database at {settings.database}: run `muniwatch crawl` or `muniwatch demo` first")
    serve_datasette(settings, host=host or settings.datasette_host, port=port or settings.datasette_port)


@cli.command()
@click.option("--no-serve", is_flag=True, help="Stop after the summary instead of serving Datasette.")
@click.option("--port", type=int, default=None, help="Sample web port (default: a free port).")
@click.option("--db", "demo_db", type=click.Path(dir_okay=False),
              help="Demo database (default: <data_dir>/demo/muniwatch.db); started afresh each time.")
@click.pass_obj
def demo(settings: settings_mod.Settings, no_serve: bool, port: int | None, demo_db: str | None) -> None:
    """Run the whole pipeline on the bundled sample web (epoch 1, then epoch 2), then serve it."""
    from muniwatch.demo import DemoError, demo_settings, run_demo
    try:
        result = run_demo(settings, port=port, db_path=demo_db, console=console)
    except DemoError as exc:
        raise click.ClickException(str(exc)) from exc
    if not no_serve:
        from muniwatch.publish import serve_datasette
        serve_datasette(demo_settings(settings, demo_db), host=settings.datasette_host, port=settings.datasette_port)
    sys.exit(0 if result.ok else 1)


def main() -> None:  # pragma: no cover - console script entry
    cli()


from muniwatch import cli_watch  # noqa: E402,F401  (registers process/inspect)
from muniwatch import cli_alerts  # noqa: E402,F401
from muniwatch import cli_changes  # noqa: E402,F401  (registers changes)
from muniwatch import cli_promises  # noqa: E402,F401  (registers promises)
