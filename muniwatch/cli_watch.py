"""`muniwatch process`, `muniwatch inspect` and `muniwatch search`: the understanding stage's commands.

Registered on the main ``cli`` group by the import at the end of ``muniwatch/cli.py``. Each command
is a thin skin over ``watch.process`` / ``watch.search``; errors inside become one line here.

``muniwatch inspect FILE --format json`` prints one JSON object whose shape is documented in the
README ("Inspecting one file") and kept stable: keys are only ever added.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from muniwatch import constants as C
from muniwatch import settings as settings_mod
from muniwatch.cli import cli, console

INSPECT_SCHEMA_VERSION = 1
EXCERPT_CHARS = 200


def _open_existing_store(settings: settings_mod.Settings):
    from db.store import open_store

    if not settings.database.exists():
        raise click.ClickException(f"no database at {settings.database}: run `muniwatch crawl` first")
    return open_store(settings)


# ------------------------------------------------------------------------------------------ process


@cli.command("process")
@click.option("--retry-errors", is_flag=True, help="Also retry versions whose last processing failed.")
@click.option("--force", is_flag=True, help="Re-extract and re-parse every selected version, even up-to-date ones.")
@click.option("--version-id", "version_ids", multiple=True, type=int, help="Process only these version ids.")
@click.pass_obj
def process_cmd(settings: settings_mod.Settings, retry_errors: bool, force: bool, version_ids: tuple[int, ...]) -> None:
    """Extract, detect and parse archived versions into pages, segments and the search index.

    Exits 0 even when some files could not be read: those are listed, recorded in the `processing`
    table with their error kind, and not retried until the extractor or a parser changes.
    """
    from watch.process import process_pending

    db, archive = _open_existing_store(settings)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("processing", total=None)

        def progress(done: int, total: int, label: str) -> None:
            bar.update(task, completed=done, total=total, description=label[-50:])

        report = process_pending(db, archive, settings, progress=progress,
                                 version_ids=list(version_ids) or None, force=force, retry_errors=retry_errors)
    click.echo(f"processed {report.processed}, failed {len(report.errors)}, up to date {report.skipped}")
    for failure in report.errors:  # one unwrapped line each: people grep these
        click.echo(f"  version {failure.version_id} ({failure.url}): {failure.kind}: {failure.message}")


# ------------------------------------------------------------------------------------------ inspect


def known_municipalities(settings: settings_mod.Settings) -> dict[str, str]:
    """Registry names to match "<X> BELEDİYESİ" against: the registry in use plus the sample web's."""
    from muniwatch.registry import load_registry
    from muniwatch.sampleweb import corpus

    names = {m.id: m.name for m in list(corpus.MUNICIPALITIES.values()) + list(corpus.UNREGISTERED.values())}
    names.update({m.id: m.name for m in load_registry(settings.registry).municipalities.values()})
    return names


def _excerpt(text: str | None, limit: int = EXCERPT_CHARS) -> str:
    flat = " ".join((text or "").split())
    return flat if len(flat) <= limit else flat[:limit - 1].rstrip() + "…"


def inspection(path: Path, understanding, *, size: int, sha256: str) -> dict:
    """The JSON object `muniwatch inspect --format json` prints (documented in the README)."""
    from watch.extract import EXTRACTOR_VERSION
    from watch.process import PARSER_VERSION, segment_key
    from watch.turkish import NORMALIZER_VERSION

    ex, det = understanding.extraction, understanding.detection
    words = sum(len(re.findall(r"[^\W_]+", p.text)) for p in ex.pages)
    return {
        "schema": INSPECT_SCHEMA_VERSION,
        "file": {"path": str(path), "name": path.name, "bytes": size, "sha256": sha256, "format": ex.format},
        "detected": {"doc_type": det.doc_type, "period": det.period, "municipality_id": det.municipality_id,
                     "municipality_name": det.municipality_name, "confidence": det.confidence,
                     "evidence": det.evidence},
        "doc_type": understanding.doc_type,
        "type_source": understanding.type_source,
        "parser": understanding.parser,
        "parse_error": understanding.parse_error,
        "extraction": {"page_count": ex.page_count, "pages_extracted": len(ex.pages), "truncated": ex.truncated,
                       "ocr_used": ex.ocr_used, "ocr_confidence": ex.ocr_confidence, "title": ex.title,
                       "warnings": ex.warnings},
        "text": {"chars": sum(len(p.text) for p in ex.pages), "words": words,
                 "pages_with_text": sum(1 for p in ex.pages if p.text.strip()),
                 "ocr_pages": [p.number for p in ex.pages if p.ocr]},
        "segment_count": len(understanding.segments),
        "segments": [{
            "ordinal": s.ordinal, "kind": s.kind, "code": s.code, "key": segment_key(s),
            "parent_code": s.parent_code, "page_start": s.page_start, "page_end": s.page_end,
            "title": _excerpt(s.title, 160), "excerpt": _excerpt(s.text), "fields": s.fields,
        } for s in understanding.segments],
        "versions": {"extractor": EXTRACTOR_VERSION, "parser": PARSER_VERSION, "normalizer": NORMALIZER_VERSION},
    }


def _print_inspection(report: dict) -> None:
    det, ex, text = report["detected"], report["extraction"], report["text"]
    console.print(f"[bold]{report['file']['name']}[/] ({report['file']['format']}, {report['file']['bytes']:,} bytes)")
    console.print(f"type: {report['doc_type']} ({report['type_source']}); detected: {det['doc_type'] or '-'} "
                  f"(confidence {det['confidence']}), period {det['period'] or '-'}, municipality "
                  f"{det['municipality_id'] or '-'} ({det['municipality_name'] or 'not named'})", markup=False)
    for line in det["evidence"]:
        console.print(f"  evidence: {line}", markup=False)
    ocr = f", OCR on pages {text['ocr_pages']} (confidence {ex['ocr_confidence']})" if ex["ocr_used"] else ", no OCR"
    console.print(f"pages: {ex['pages_extracted']} of {ex['page_count']}{' (truncated)' if ex['truncated'] else ''}"
                  f"{ocr}; {text['chars']:,} characters, {text['words']:,} words, "
                  f"{text['pages_with_text']} pages with text", markup=False)
    for warning in ex["warnings"]:
        console.print(f"  warning: {warning}", markup=False)
    if report["parse_error"]:
        console.print(f"[red]parser failed:[/] {report['parse_error']}")
    console.print(f"segments: {report['segment_count']} (parser {report['parser'] or 'none for this type'})")
    if not report["segments"]:
        return
    table = Table("#", "kind", "code", "parent", "pages", "title / text", "fields")
    for s in report["segments"]:
        pages = f"{s['page_start']}" + (f"-{s['page_end']}" if s["page_end"] not in (None, s["page_start"]) else "")
        fields = json.dumps({k: v for k, v in s["fields"].items() if v not in (None, [], "", {})},
                            ensure_ascii=False, default=str)
        table.add_row(*map(Text, (str(s["ordinal"]), s["kind"], s["code"] or "", s["parent_code"] or "", pages,
                                  f"{s['title']}\n{s['excerpt'][:120]}", _excerpt(fields, 300))))
    console.print(table)


@cli.command("inspect")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--type", "doc_type", type=click.Choice(sorted(C.DOC_TYPES)), default=None,
              help="Parse as this document type instead of the detected one.")
@click.option("--content-type", default=None, help="Content type the file was served with (a hint only).")
@click.pass_obj
def inspect_cmd(settings: settings_mod.Settings, path: Path, fmt: str, doc_type: str | None,
                content_type: str | None) -> None:
    """Show what muniwatch understands of one file (no database needed): type, period, municipality,
    pages, OCR, text statistics and every segment with its parsed fields."""
    from watch.extract import ExtractionError, sniff_format
    from watch.process import limits_from, understand_file

    limits = limits_from(settings)
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise ExtractionError("too_large", f"file is {size:,} bytes, limit is {limits.max_bytes:,}")
        data = path.read_bytes()
        sniff_format(data, content_type, path.name)
        understanding = understand_file(path, content_type=content_type, hint_type=doc_type,
                                        registry_names=known_municipalities(settings),
                                        limits=limits, force_type=doc_type)
    except ExtractionError as exc:
        raise click.ClickException(f"{path.name}: {exc.kind}: {exc}") from exc
    report = inspection(path, understanding, size=len(data), sha256=hashlib.sha256(data).hexdigest())
    if fmt == "json":
        click.echo(json.dumps(report, ensure_ascii=False, indent=2, default=str))
    else:
        _print_inspection(report)


# ------------------------------------------------------------------------------------------ search


@cli.command("search")
@click.argument("query")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@click.option("--municipality", default=None, help="Only this municipality (registry id).")
@click.option("--type", "doc_type", type=click.Choice(sorted(C.DOC_TYPES)), default=None)
@click.option("--all-versions", is_flag=True, help="Search every archived version, not only current ones.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
def search_cmd(settings: settings_mod.Settings, query: str, limit: int, municipality: str | None,
               doc_type: str | None, all_versions: bool, fmt: str) -> None:
    """Turkish full-text search over pages and segments (kadin, KADINLARIN and kadınlara all match)."""
    from watch.search import search

    db, _ = _open_existing_store(settings)
    hits = search(db, query, limit=limit, municipality=municipality, doc_type=doc_type,
                  all_versions=all_versions)
    if fmt == "json":
        click.echo(json.dumps([h.to_dict() for h in hits], ensure_ascii=False, indent=2))
        return
    table = Table("municipality", "type", "period", "page", "where", "snippet", "original")
    for h in hits:
        where = f"{h.kind} {h.code or ''}".strip() if h.source == "segment" else "page"
        table.add_row(*map(Text, (h.municipality or h.municipality_id or "-", h.doc_type, h.period or "",
                                  str(h.page or ""), where, h.snippet, settings.base_url.rstrip("/") + h.archive_url)))
    console.print(table)
    console.print(f"{len(hits)} hit(s)")
