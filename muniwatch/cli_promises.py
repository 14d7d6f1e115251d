"""`muniwatch promises` and `muniwatch promises override`: the promise tracker's commands.

Registered on the main ``cli`` group by the import at the end of ``muniwatch/cli.py``. Listing
recomputes the municipality's rows for the year first (cheap, and an override just made shows at
once) but raises no changes: the pipeline's promise step does that.
"""

from __future__ import annotations

import csv
import io
import json
import re

import click
from rich.table import Table

from muniwatch import constants as C
from muniwatch import settings as settings_mod
from muniwatch.cli import cli, console

KINDS = (C.SEG_ACTIVITY, C.SEG_INDICATOR, C.SEG_OBJECTIVE)
STATUS_LABELS = {
    C.PROMISE_PROGRAMMED: "programda / programmed",
    C.PROMISE_PROGRAMMED_CHANGED: "programda, değişti / programmed, changed",
    C.PROMISE_NOT_PROGRAMMED: "programda YOK / NOT programmed",
    C.PROMISE_NOT_DUE: "bu yıl yok / not due",
    C.PROMISE_NO_PROGRAMME: "program yok / no programme",
    C.PROMISE_REPORTED_DONE: "yapıldı / done",
    C.PROMISE_REPORTED_NOT_DONE: "yapılmadı / not done",
    C.PROMISE_REPORTED: "raporda / reported",
    C.PROMISE_NOT_REPORTED: "raporda yok / not reported",
    C.PROMISE_NO_REPORT: "rapor yok / no report",
}


def _open_db(settings: settings_mod.Settings):
    from db.store import open_db

    if not settings.database.exists():
        raise click.ClickException(f"no database at {settings.database}: run `muniwatch crawl` and `muniwatch process` first")
    return open_db(settings.database)


def _known_municipality(db, municipality: str) -> None:
    if not db.execute("select 1 from municipalities where id = ?", [municipality]).fetchone():
        known = [r[0] for r in db.execute("select distinct municipality_id from documents where doc_type = ? "
                                          "order by 1", [C.STRATEGIC_PLAN])]
        raise click.ClickException(f"unknown municipality {municipality!r}; municipalities with a strategic plan: "
                                   f"{', '.join(known) or 'none yet'}")


def _money(value: str | None) -> str:
    if value is None:
        return ""
    from decimal import Decimal

    from watch.turkish import format_number_tr
    return format_number_tr(Decimal(value), 0)


def _budget(row: dict) -> str:
    plan, prog = row["plan_cost"], row["programme_cost"]
    if row["kind"] == C.SEG_INDICATOR:
        plan, prog = row["plan_target"], row["programme_target"]
        return f"{plan or '-'} → {prog or '-'}" if plan != prog and prog is not None else (plan or "")
    if plan != prog and prog is not None:
        return f"{_money(plan) or '-'} → {_money(prog)}"
    return _money(plan)


def _text_table(rows: list[dict], municipality: str, year: int) -> Table:
    table = Table(title=f"{municipality} {year}: plan → program → rapor / plan → programme → report")
    for name, kw in (("kod/code", {"no_wrap": True}), ("başlık/title", {"max_width": 42}),
                     ("program/programme", {}), ("bütçe/budget", {"justify": "right"}), ("rapor/report", {}),
                     ("gerçekleşen/realised", {"justify": "right"}), ("TC", {}), ("eşleşme/match", {})):
        table.add_column(name, **kw)
    for r in rows:
        match = f"{r['match_method']} {r['similarity']:.2f}" if r["match_method"] else ""
        status = r["programme_status"] + (" (revised after)" if r["revised_after_programme"] else "")
        realised = r["realised"] or (_money(r["spent"]) if r["spent"] else "")
        table.add_row(r["code"] or "", r["title"] or "", status, _budget(r), r["report_status"], realised,
                      "✓" if r["gender_relevant"] else "", match)
    return table


def _plan_key(value: str) -> str:
    m = re.search(r"\d+(?:\.\d+)*", value or "")
    if not m:
        raise click.BadParameter(f"{value!r} has no plan number (e.g. 1.1.1 or F1.1.1)", param_hint="--plan-key")
    return ".".join(str(int(p)) for p in m.group(0).split("."))


@cli.group("promises", invoke_without_command=True)
@click.option("--municipality", "-m", help="Municipality id (registry), e.g. altinkoru.")
@click.option("--year", "-y", type=int, help="Programme / report year, e.g. 2026.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True)
@click.option("--kind", type=click.Choice(KINDS), help="Only activities, indicators or objectives.")
@click.option("--gender-only", is_flag=True, help="Only gender-relevant promises.")
@click.pass_context
def promises_cmd(ctx: click.Context, municipality: str | None, year: int | None, fmt: str, kind: str | None,
                 gender_only: bool) -> None:
    """Plan promises of one municipality and year: in the programme (with budget)? done in the report?"""
    if ctx.invoked_subcommand:
        return
    if not municipality or year is None:
        raise click.UsageError("give --municipality and --year (e.g. muniwatch promises -m altinkoru -y 2026)")
    from watch.promises import list_promises, track_promises

    db = _open_db(ctx.obj)
    _known_municipality(db, municipality)
    track_promises(db, municipality_id=municipality, year=year, raise_changes=False)
    rows = [r for r in list_promises(db, municipality, year)
            if (not kind or r["kind"] == kind) and (not gender_only or r["gender_relevant"])]
    if not rows and not list_promises(db, municipality, year):
        raise click.ClickException(f"no promises for {municipality} in {year}: no readable strategic plan covering "
                                   f"{year} is archived (run `muniwatch crawl` and `muniwatch process`)")
    if fmt == "json":
        for r in rows:
            r["evidence"] = json.loads(r["evidence"] or "{}")
            r["categories"] = json.loads(r["categories"] or "[]")
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else ["municipality_id"])
        writer.writeheader()
        writer.writerows(rows)
        click.echo(out.getvalue(), nl=False)
    else:
        console.print(_text_table(rows, municipality, year))
        counts: dict[str, int] = {}
        for r in rows:
            counts[r["programme_status"]] = counts.get(r["programme_status"], 0) + 1
        console.print(", ".join(f"{STATUS_LABELS[s]}: {n}" for s, n in sorted(counts.items())))
        console.print("TC: toplumsal cinsiyet eşitliğiyle ilgili / gender-relevant; revised after: plan güncellemesi "
                      "programdan sonra / the plan was revised after the programme appeared")


@promises_cmd.command("override")
@click.option("--municipality", "-m", required=True, help="Municipality id.")
@click.option("--year", "-y", type=int, required=True, help="Programme year.")
@click.option("--plan-key", required=True, help="The plan item: its number or code (1.1.1, F1.1.1).")
@click.option("--kind", type=click.Choice(KINDS), default=C.SEG_ACTIVITY, show_default=True,
              help="Which kind of plan item the key names.")
@click.option("--programme-code", help="The programme item it is (confirm) or is not (reject): code or number.")
@click.option("--confirm", "decision", flag_value="confirm", help="The plan item IS this programme item.")
@click.option("--reject", "decision", flag_value="reject",
              help="The plan item is NOT this programme item (without --programme-code: not in the programme at all).")
@click.option("--note", help="Why (kept with the decision).")
@click.pass_obj
def override_cmd(settings: settings_mod.Settings, municipality: str, year: int, plan_key: str, kind: str,
                 programme_code: str | None, decision: str | None, note: str | None) -> None:
    """Confirm or reject a match; kept across re-processing (keyed by municipality, year, plan item, code)."""
    from watch.promises import PromiseError, add_override, list_promises

    if decision is None:
        raise click.UsageError("give --confirm or --reject")
    db = _open_db(settings)
    _known_municipality(db, municipality)
    key = _plan_key(plan_key)
    existing = list_promises(db, municipality, year)
    if existing and not any(r["kind"] == kind and r["key"] == key for r in existing):
        raise click.ClickException(f"{municipality} {year} has no plan {kind} {key} "
                                   f"(see `muniwatch promises -m {municipality} -y {year} --kind {kind}`)")
    try:
        override_id = add_override(db, municipality_id=municipality, year=year, plan_key=key, plan_kind=kind,
                                   decision=decision, programme_code=programme_code, note=note)
    except PromiseError as exc:
        raise click.ClickException(str(exc)) from exc
    row = next((r for r in list_promises(db, municipality, year) if r["kind"] == kind and r["key"] == key), None)
    now = f"; now: {row['code']} → {row['programme_code'] or '-'} ({row['programme_status']})" if row else ""
    click.echo(f"override {override_id} saved: {municipality} {year} {kind} {key} {decision} "
               f"{programme_code or '(not in the programme)'}{now}")
