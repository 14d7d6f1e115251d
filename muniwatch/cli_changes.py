"""`muniwatch changes`: what the watch step reported, newest first.

Registered on the main ``cli`` group by the import at the end of ``muniwatch/cli.py``; a thin skin
over ``watch.watch_store.query_changes``. ``--format json`` prints a list of ``changes`` rows (every
column, JSON columns decoded, plus ``municipality_name`` and ``before_url``/``after_url``: the
archived originals at their pages).
"""

from __future__ import annotations

import datetime as dt
import json

import click

from muniwatch import settings as settings_mod
from muniwatch.cli import cli


def _since(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A YYYY-MM-DD date (or ISO time) as the UTC text ``detected_at`` is compared with."""
    if value is None:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD (or an ISO time)") from None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return parsed.isoformat(timespec="seconds")


def _archive_url(base: str, version_id: int | None, page: int | None) -> str | None:
    if version_id is None:
        return None
    return f"{base.rstrip('/')}/-/archive/{version_id}" + (f"#page={page}" if page else "")


def _numbers(numeric: list[dict]) -> str:
    return "; ".join(f"{n['field']}{' ' + n['year'] if n.get('year') else ''}: {n.get('before') or '—'} → "
                     f"{n.get('after') or '—'}" for n in numeric[:3]) + ("; …" if len(numeric) > 3 else "")


@cli.command("changes")
@click.option("--municipality", default=None, help="Only this municipality (registry id, e.g. camliova).")
@click.option("--since", default=None, callback=_since, help="Only changes detected on or after this date (YYYY-MM-DD, UTC).")
@click.option("--gender-only", is_flag=True, help="Only gender-relevant changes.")
@click.option("--limit", type=click.IntRange(1, 100000), default=200, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
def changes_cmd(settings: settings_mod.Settings, municipality: str | None, since: str | None, gender_only: bool,
                limit: int, fmt: str) -> None:
    """List the changes the watcher found (added, removed, modified, moved, new documents and decisions,
    missing documents), newest first, with gender relevance and significance."""
    from db.store import open_db
    from watch.watch_store import query_changes

    if not settings.database.exists():
        raise click.ClickException(f"no database at {settings.database}: run `muniwatch crawl` or `muniwatch demo` first")
    db = open_db(settings.database)
    rows = query_changes(db, municipality=municipality, since=since, gender_only=gender_only, limit=limit)
    for row in rows:
        row["before_url"] = _archive_url(settings.base_url, row["from_version_id"], row["page_before"])
        row["after_url"] = _archive_url(settings.base_url, row["to_version_id"], row["page_after"])
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        what = " ".join(x for x in (r["kind"], r["segment_kind"], r["code"]) if x)
        gender = f"{r['significance']}: {', '.join(r['categories'])}" if r["gender_relevant"] else r["significance"]
        place = f"{r['municipality_name'] or r['municipality_id'] or '-'} · {r['doc_type']} {r['period'] or ''}".strip()
        click.echo(f"#{r['id']} {(r['detected_at'] or '')[:10]} {place} · {what} · {gender}")
        numbers = _numbers(r["numeric"])
        pages = f"s./p. {r['page_before'] or '—'} → {r['page_after'] or '—'}"
        click.echo(f"    {r['title'] or ''}" + (f" — {numbers}" if numbers else "") + f" ({pages})")
    relevant = sum(1 for r in rows if r["gender_relevant"])
    click.echo(f"{len(rows)} change(s), {relevant} gender-relevant")
