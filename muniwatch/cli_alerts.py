"""`muniwatch subscribe`, `unsubscribe`, `subscriptions` and `alerts send|list|test`.

Registered on the main ``cli`` group by the import at the end of ``muniwatch/cli.py``. Each command
is a thin skin over ``watch.subscriptions`` / ``watch.alerts``; their named errors become one line
here. The clock is read here, at the edge, and passed down.
"""

from __future__ import annotations

import dataclasses
import json

import click
from rich.table import Table

from muniwatch import settings as settings_mod
from muniwatch.cli import cli, console
from muniwatch.jobs import utc_now


def _db(settings: settings_mod.Settings):
    from db.store import open_db

    return open_db(settings.database)


def _list(values: tuple[str, ...]) -> list[str]:
    """Repeated options, each of which may also be comma-separated."""
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


@cli.command("subscribe")
@click.argument("name", required=False)
@click.option("--file", "file_", type=click.Path(exists=True, dir_okay=False),
              help="Load (create or update) every subscription in this YAML file.")
@click.option("--channel", "channels", multiple=True,
              help="Apprise URL; secrets as {secret:NAME} from MUNIWATCH_SECRET_NAME. None: the Atom feed only.")
@click.option("--municipality", "municipalities", multiple=True, help="Registry id (repeatable).")
@click.option("--province", "provinces", multiple=True, help="Province, e.g. İzmir (repeatable).")
@click.option("--kind", "kinds", multiple=True, help="Municipality kind: büyükşehir, il, ilçe, belde.")
@click.option("--doc-type", "doc_types", multiple=True, help="Document type, e.g. performans_programi.")
@click.option("--category", "categories", multiple=True, help="Gender lexicon category, e.g. bakim, siddet.")
@click.option("--keyword", "keywords", multiple=True, help="Keyword (Turkish-folded, at a word start).")
@click.option("--change-kind", "change_kinds", multiple=True, help="Change kind, e.g. removed, modified.")
@click.option("--min-significance", type=click.Choice(["low", "medium", "high"]), default="low", show_default=True)
@click.option("--mode", type=click.Choice(["immediate", "daily", "weekly"]), default="immediate", show_default=True)
@click.option("--language", type=click.Choice(["tr", "en"]), default=None, help="Default: setting alert_language.")
@click.option("--all-changes", is_flag=True, help="Also changes that are not gender-relevant.")
@click.option("--no-missing", is_flag=True, help="No expected-but-missing alerts.")
@click.option("--since", help="Also changes detected from this date (YYYY-MM-DD); default: from now on.")
@click.pass_obj
def subscribe(settings: settings_mod.Settings, name, file_, channels, municipalities, provinces, kinds, doc_types,
              categories, keywords, change_kinds, min_significance, mode, language, all_changes, no_missing,
              since) -> None:
    """Create or update a subscription (by NAME), or load a YAML file of them (--file)."""
    from watch import subscriptions as S

    db = _db(settings)
    known = S.Known.from_db(db)
    try:
        if file_:
            if name:
                raise click.ClickException("give either NAME with options or --file, not both")
            from watch.subscription_files import load_yaml
            subs = load_yaml(file_, known)
        else:
            if not name:
                raise click.ClickException("give a subscription NAME (or --file FILE)")
            subs = [S.validated(S.Subscription(
                name=name, channels=list(channels), municipalities=_list(municipalities), provinces=_list(provinces),
                municipality_kinds=_list(kinds), doc_types=_list(doc_types), categories=_list(categories),
                keywords=_list(keywords), change_kinds=_list(change_kinds), min_significance=min_significance,
                gender_only=not all_changes, missing_alerts=not no_missing, mode=mode,
                language=language or settings.alert_language, since=since), known)]
    except S.SubscriptionError as exc:
        for issue in exc.issues:
            click.echo(str(issue), err=True)
        raise click.ClickException(f"{len(exc.issues)} problem(s); nothing was saved") from exc
    now = utc_now()
    for sub in subs:
        S.save(db, sub, now)
        channels_text = f"{len(sub.channels)} channel(s)" if sub.channels else "Atom feed only"
        click.echo(f"subscription {sub.name}: {sub.mode}, {sub.language}, {channels_text}; {sub.describe_filters()}")


@cli.command("unsubscribe")
@click.argument("name")
@click.pass_obj
def unsubscribe(settings: settings_mod.Settings, name: str) -> None:
    """Deactivate a subscription and cancel its undelivered alerts."""
    from watch import subscriptions as S

    try:
        cancelled = S.unsubscribe(_db(settings), name, utc_now())
    except S.SubscriptionNotFound as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"unsubscribed {name}; {cancelled} undelivered alert(s) cancelled")


@cli.command("subscriptions")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--all", "show_all", is_flag=True, help="Include inactive subscriptions.")
@click.pass_obj
def subscriptions_cmd(settings: settings_mod.Settings, fmt: str, show_all: bool) -> None:
    """List subscriptions with their channels, filters, mode and language."""
    from watch import subscriptions as S

    subs = S.all_subscriptions(_db(settings), active_only=not show_all)
    if fmt == "json":
        click.echo(json.dumps([dataclasses.asdict(s) for s in subs], ensure_ascii=False, indent=2))
        return
    table = Table("name", "mode", "lang", "channels", "filters", "active")
    for s in subs:
        table.add_row(s.name, s.mode, s.language, "\n".join(s.channels) or "(Atom feed)", s.describe_filters(),
                      "yes" if s.active else "no")
    console.print(table)


@cli.group("alerts")
def alerts_group() -> None:
    """The alerts outbox: send, list, test."""


@alerts_group.command("send")
@click.option("--check-missing", is_flag=True, help="Evaluate the expected-but-missing rules first.")
@click.option("--retry-failed", is_flag=True, help="Try again alerts that were given up.")
@click.pass_obj
def alerts_send(settings: settings_mod.Settings, check_missing: bool, retry_failed: bool) -> None:
    """Queue alerts for new changes, then deliver every due alert (retries and digests included)."""
    from watch import alerts as A

    db = _db(settings)
    now = utc_now()
    if check_missing:
        from watch.calendar_rules import RuleConfigError, check_missing as run_rules
        try:
            rules = run_rules(db, settings, now)
        except RuleConfigError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"expected but missing: {rules.open} open, {rules.new} new, {rules.resolved} resolved")
    if retry_failed:
        click.echo(f"{A.retry_failed(db, now)} given-up alert(s) due again")
    queued = A.queue_alerts(db, settings, now)
    report = A.send_due(db, settings, now)
    click.echo(f"queued {queued.queued}; sent {report.messages} message(s) for {report.sent} alert(s); "
               f"failed {report.failed} (given up {report.gave_up})")
    for error in report.errors:
        click.echo(f"  {error}", err=True)


@alerts_group.command("list")
@click.option("--status", type=click.Choice(["pending", "sending", "sent", "failed", "cancelled"]))
@click.option("--subscription", help="Only this subscription's alerts.")
@click.option("--limit", type=int, default=50, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_obj
def alerts_list(settings: settings_mod.Settings, status, subscription, limit, fmt) -> None:
    """List alerts, newest first, with status, attempts, next attempt and last error."""
    from watch.alerts import list_alerts

    rows = list_alerts(_db(settings), status=status, subscription=subscription, limit=limit)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table("id", "subscription", "what", "channel", "status", "attempts", "next attempt / sent", "last error")
    for r in rows:
        what = f"change {r['what']}" if r["kind"] == "change" else str(r["what"])
        table.add_row(str(r["id"]), r["subscription"], what, r["channel"].split("?")[0], r["status"],
                      str(r["attempts"]), r["sent_at"] or r["next_attempt_at"] or "", r["last_error"] or "")
    console.print(table)


@alerts_group.command("test")
@click.argument("subscription")
@click.pass_obj
def alerts_test(settings: settings_mod.Settings, subscription: str) -> None:
    """Send a test message to every channel of SUBSCRIPTION now (exit 1 if one fails)."""
    from watch.alerts import send_test
    from watch.subscriptions import SubscriptionNotFound

    try:
        results = send_test(_db(settings), settings, subscription)
    except SubscriptionNotFound as exc:
        raise click.ClickException(str(exc)) from exc
    if not results:
        raise click.ClickException(f"{subscription} has no channels (Atom feed only): nothing to test")
    failed = 0
    for channel, result in results:
        click.echo(f"{channel.split('?')[0]}: {'ok' if result.ok else 'FAILED: ' + (result.error or '')}")
        failed += not result.ok
    if failed:
        raise click.ClickException(f"{failed} of {len(results)} channel(s) failed")

