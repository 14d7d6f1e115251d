"""Turn every archived version into pages, segments and search rows (issue #3).

One version at a time: extract the archived file in an isolated worker (``watch.extract.extract_file``
with the limits from settings), read what the file says it is (``watch.detect``), parse it with the
structure parser for its type, and write its ``pages``, ``segments`` and ``processing`` rows in ONE
transaction (old rows of that version are replaced). A file that cannot be read ends as a
``processing`` row with ``status='error'``, an ``error_kind`` and a one-line ``error``; the run goes on.

What gets (re)processed: a version with no ``processing`` row, or whose row was made by another
``EXTRACTOR_VERSION``, ``PARSER_VERSION`` or ``NORMALIZER_VERSION``. A failed version is not retried
on every run (``retry_errors=True`` does that) unless one of those versions changed. When only the
parser or normaliser changed and the stored extraction is still good, the stored page texts are
parsed again: an OCR'd bundle is never OCR'd twice for a parser fix.

Type decision (documented in README): the content overrides the crawler's ``doc_type`` only when
``detect`` found a title with confidence >= ``OVERRIDE_CONFIDENCE``, or when the crawler had no type
(``diger``). ``processing.doc_type`` is the type the segments were parsed as and ``type_source`` says
where it came from ("crawler" or "content"). ``documents.doc_type`` and ``period`` are never
rewritten: a disagreement is recorded (``detected_type``/``detected_period``) and listed by the
``type_disagreements`` view, and is not an error (the file was understood).

Error kinds: the extractor's (``watch.extract.ERROR_KINDS``), ``archive_missing`` (the archived file
is gone) and ``parse_failed`` (our parser raised: the pages are kept and searchable, the segments
are not written; this is a bug to fix, not a property of the file).
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import re
import time
from pathlib import Path
from typing import Any, Callable, Iterable

import sqlite_utils

from muniwatch import constants as C
from watch import detect as detect_mod
from watch.extract import EXTRACTOR_VERSION, Extraction, ExtractionError, Limits, Page, extract_file
from watch.segments import Segment
from watch.turkish import NORMALIZER_VERSION, search_text

#: Bump when what this module derives from a parser's segments changes (keys, search_text).
PROCESS_VERSION = 1
OVERRIDE_CONFIDENCE = 0.75
ERROR_KINDS = ("archive_missing", "parse_failed")   # besides watch.extract.ERROR_KINDS
PLAN_TYPES = (C.STRATEGIC_PLAN, C.PERFORMANCE_PROGRAMME, C.ACTIVITY_REPORT)
_PLANS_MODULE = "watch.structure.plans"


def _optional(module: str):
    """A parser module written separately (the plans parser): None until it exists."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name != module:
            raise
        return None


def _parser_version() -> str:
    """Every parser's version in one string; any difference re-processes (no "older/newer" order).

    Bump rule: a parser module may declare ``PARSER_VERSION`` (picked up here); otherwise bump its
    entry below whenever its output changes for some input. The plans parser counts as "0" while it
    does not exist, so its arrival re-parses every plan, programme and report.
    """
    own = {"decisions": 1, "agenda": 1, "finance": 1}
    parts = []
    for name, default in own.items():
        module = importlib.import_module(f"watch.structure.{name}")
        parts.append(f"{name}{getattr(module, 'PARSER_VERSION', default)}")
    plans = _optional(_PLANS_MODULE)
    parts.append(f"plans{getattr(plans, 'PARSER_VERSION', 1) if plans else 0}")
    parts.append(f"detect{detect_mod.DETECT_VERSION}")
    parts.append(f"process{PROCESS_VERSION}")
    return "+".join(parts)


PARSER_VERSION = _parser_version()


# ------------------------------------------------------------------------------------------ types


@dataclasses.dataclass
class ProcessFailure:
    version_id: int
    document_id: int
    url: str | None
    kind: str
    message: str


@dataclasses.dataclass
class ProcessReport:
    processed: int = 0                      # versions understood (pages written) this run
    errors: list[ProcessFailure] = dataclasses.field(default_factory=list)
    skipped: int = 0                        # versions already up to date

    @property
    def total(self) -> int:
        return self.processed + len(self.errors)


@dataclasses.dataclass
class Understanding:
    """Everything learnt from one file, before it is stored (``muniwatch inspect`` prints this)."""
    extraction: Extraction
    detection: detect_mod.Detection
    doc_type: str                  # the type the segments were parsed as
    type_source: str               # "crawler" / "content" / "given" (inspect --type)
    parser: str | None             # which parser ran; None when the type has none
    segments: list[Segment]
    parse_error: str | None = None


def limits_from(settings) -> Limits:
    return Limits(timeout_s=settings.extract_timeout, memory_mb=settings.extract_memory_mb,
                  max_pages=settings.extract_max_pages, max_bytes=settings.max_download_bytes,
                  ocr_language=settings.ocr_language)


def choose_type(crawler_type: str | None, detection: detect_mod.Detection) -> tuple[str, str]:
    """(type to parse as, "crawler" | "content"); see the module docstring."""
    if detection.doc_type and (not crawler_type or crawler_type == C.OTHER):
        return detection.doc_type, "content"
    if detection.doc_type and detection.doc_type != crawler_type and detection.confidence >= OVERRIDE_CONFIDENCE:
        return detection.doc_type, "content"
    return crawler_type or C.OTHER, "crawler"


# ---------------------------------------------------------------------------------------- parsing


def _html_text(raw: Callable[[], bytes], content_type: str | None) -> str:
    from watch.extract_html import decode

    return decode(raw(), content_type, html=True)[0]


def parse_segments(doc_type: str, fmt: str, pages: list[str], raw: Callable[[], bytes],
                   content_type: str | None = None) -> tuple[str | None, list[Segment]]:
    """(parser name, segments) for one file; ``raw`` gives the original bytes (HTML parsers need them).

    Decision bundles get the unstripped page texts: ``strip_headers_footers`` would remove the
    "MECLİS KARARI" heading that the splitter cuts at. Agendas and committee reports too (a heading
    repeated on every page is a new report there, not a running header).
    """
    if doc_type in PLAN_TYPES:
        plans = _optional(_PLANS_MODULE)
        if plans is None:
            return None, []
        return "plans", list(plans.parse_plan(pages, doc_type))
    if doc_type == C.COUNCIL_DECISIONS:
        from watch.structure import decisions
        if fmt == "html":
            return "decisions_html", decisions.parse_html_decisions(_html_text(raw, content_type))
        return "decisions", decisions.parse_decision_bundle(pages)
    if doc_type == C.COUNCIL_AGENDA:
        from watch.structure import agenda
        if fmt == "html":
            return "agenda_html", agenda.parse_html_agenda(_html_text(raw, content_type))
        return "agenda", agenda.parse_agenda(pages)
    if doc_type == C.COMMITTEE_REPORT:
        from watch.structure import agenda
        return "committee_report", agenda.parse_committee_report(pages)
    if doc_type == C.FINANCIAL_REPORT:
        from watch.structure import finance
        return "finance", finance.parse_financial_report(pages)
    return None, []


def understand_extraction(extraction: Extraction, *, raw: Callable[[], bytes], content_type: str | None,
                          hint_type: str | None, hint_period: str | None,
                          registry_names: dict[str, str], force_type: str | None = None) -> Understanding:
    """Detect and parse an extraction. A parser exception is caught here (an isolation boundary:
    one buggy parser must not lose the pages) and returned as ``parse_error``."""
    texts = [p.text for p in extraction.pages]
    detection = detect_mod.detect(texts, hint_type=hint_type, hint_period=hint_period,
                                  registry_names=registry_names)
    if force_type:
        doc_type, source = force_type, "given"
    else:
        doc_type, source = choose_type(hint_type, detection)
    try:
        parser, segments = parse_segments(doc_type, extraction.format, texts, raw, content_type)
        error = None
    except Exception as exc:  # isolation boundary: recorded as parse_failed, the run goes on
        parser, segments = None, []
        error = f"{type(exc).__name__}: {' '.join(str(exc).split())}"[:500]
    for i, seg in enumerate(segments):
        seg.ordinal = i
    return Understanding(extraction, detection, doc_type, source, parser, segments, error)


def understand_file(path: str | Path, *, content_type: str | None = None, hint_type: str | None = None,
                    hint_period: str | None = None, registry_names: dict[str, str] | None = None,
                    limits: Limits | None = None, force_type: str | None = None) -> Understanding:
    """Extract (isolated), detect and parse one file. Raises ``ExtractionError``."""
    path = Path(path)
    extraction = extract_file(path, content_type=content_type, limits=limits or Limits())
    return understand_extraction(extraction, raw=path.read_bytes, content_type=content_type,
                                 hint_type=hint_type, hint_period=hint_period,
                                 registry_names=registry_names or {}, force_type=force_type)


_DOTTED = re.compile(r"\d+(?:\.\d+)*")


def segment_key(seg: Segment) -> str | None:
    """A key that finds "the same" segment in another version: "1.2" for "H1.2"/"HEDEF 1.2"/"Hedef
    01.02", the karar no for a decision, table/side/code for a budget line, else the code."""
    if isinstance(seg.fields.get("key"), str):
        return seg.fields["key"]
    if seg.kind in (C.SEG_GOAL, C.SEG_OBJECTIVE, C.SEG_INDICATOR, C.SEG_ACTIVITY) and seg.code:
        if m := _DOTTED.search(seg.code):
            return ".".join(str(int(part)) for part in m.group(0).split("."))
    if seg.kind == C.SEG_DECISION:
        return seg.fields.get("karar_no") or seg.code
    if seg.kind == C.SEG_BUDGET_LINE and seg.code:
        return "/".join(str(seg.fields.get(k) or "-") for k in ("table_kind", "side")) + f"/{seg.code}"
    return seg.code


# ------------------------------------------------------------------------------------------ store


def registry_names(db: sqlite_utils.Database) -> dict[str, str]:
    return {r[0]: r[1] for r in db.execute("select id, name from municipalities").fetchall()}


def _pending(db: sqlite_utils.Database, version_ids: Iterable[int] | None, force: bool,
             retry_errors: bool) -> tuple[list[dict], int]:
    sql = """select v.id as version_id, v.document_id, v.archive_path, v.content_type, v.url,
                    d.doc_type, d.period, p.status, p.extractor_version, p.parser_version,
                    p.normalizer_version
             from versions v join documents d on d.id = v.document_id
             left join processing p on p.version_id = v.id"""
    params: list[Any] = []
    if version_ids is not None:
        ids = list(version_ids)
        sql += f" where v.id in ({','.join('?' * len(ids))})"
        params = ids
    todo, skipped = [], 0
    for row in db.query(sql + " order by v.id", params):
        current = (row["extractor_version"] == EXTRACTOR_VERSION and row["parser_version"] == PARSER_VERSION
                   and row["normalizer_version"] == NORMALIZER_VERSION)
        if row["status"] is None or not current or force or (retry_errors and row["status"] != "ok"):
            todo.append(row)
        else:
            skipped += 1
    return todo, skipped


def _stored_extraction(db: sqlite_utils.Database, version_id: int) -> Extraction | None:
    """The extraction kept from an earlier run, when the extractor has not changed since."""
    row = db.execute("select status, extractor_version, format, page_count, ocr_used, ocr_confidence, "
                     "truncated, warnings, error_kind from processing where version_id = ?", [version_id]).fetchone()
    if not row or row[1] != EXTRACTOR_VERSION or (row[0] != "ok" and row[8] != "parse_failed"):
        return None
    pages = [Page(number=n, text=t, ocr=bool(o), ocr_confidence=c) for n, t, o, c in db.execute(
        "select page, text, ocr, ocr_confidence from pages where version_id = ? order by page", [version_id])]
    if not pages:
        return None
    return Extraction(format=row[2], pages=pages, page_count=row[3], ocr_used=bool(row[4]),
                      ocr_confidence=row[5], truncated=bool(row[6]), title=None, metadata={},
                      warnings=json.loads(row[7] or "[]"))


def _processing_row(row: dict, started: float, **values: Any) -> dict:
    return {
        "version_id": row["version_id"], "extractor_version": EXTRACTOR_VERSION,
        "parser_version": PARSER_VERSION, "normalizer_version": NORMALIZER_VERSION,
        "processed_at": _now(), "duration_ms": int((time.monotonic() - started) * 1000), **values,
    }


def _now() -> str:
    from db.store import now
    return now()


def _write(db: sqlite_utils.Database, version_id: int, processing: dict, pages: list[Page],
           segments: list[dict]) -> None:
    """Replace one version's pages, segments and processing row, all or nothing."""
    with db.atomic():
        db.execute("delete from segments where version_id = ?", [version_id])
        db.execute("delete from pages where version_id = ?", [version_id])
        if pages:
            db.conn.executemany(
                "insert into pages (version_id, page, text, ocr, ocr_confidence, search_text) values (?,?,?,?,?,?)",
                [(version_id, p.number, p.text, int(p.ocr), p.ocr_confidence, search_text(p.text)) for p in pages])
        if segments:
            db["segments"].insert_all(segments)
        db["processing"].insert(processing, pk="version_id", replace=True)   # the whole row, no stale columns


def _segment_rows(row: dict, segments: list[Segment]) -> list[dict]:
    return [{
        "version_id": row["version_id"], "document_id": row["document_id"], "ordinal": seg.ordinal,
        "kind": seg.kind, "code": seg.code, "key": segment_key(seg), "parent_code": seg.parent_code,
        "title": seg.title, "text": seg.text, "page_start": seg.page_start, "page_end": seg.page_end,
        "fields": json.dumps(seg.fields, ensure_ascii=False, default=str), "parser_version": PARSER_VERSION,
        "search_text": search_text(f"{seg.title or ''}\n{seg.text or ''}"),
    } for seg in segments]


def process_version(db: sqlite_utils.Database, archive, row: dict, limits: Limits,
                    names: dict[str, str], *, reextract: bool = False) -> ProcessFailure | None:
    """Process one version row (from ``_pending``); returns the failure, if any, after recording it.

    The stored page texts are reused when the extractor has not changed, unless ``reextract``."""
    from db.archive import ArchiveError

    started = time.monotonic()
    version_id = row["version_id"]
    try:
        path = archive.path(row["archive_path"])
        extraction = None if reextract else _stored_extraction(db, version_id)
        if extraction is None:
            if not path.exists():
                raise ArchiveError(f"archived file missing: {row['archive_path']}")
            extraction = extract_file(path, content_type=row["content_type"], limits=limits)
    except (ExtractionError, ArchiveError) as exc:
        kind = exc.kind if isinstance(exc, ExtractionError) else "archive_missing"
        message = " ".join(str(exc).split())
        _write(db, version_id, _processing_row(row, started, status="error", error_kind=kind, error=message),
               [], [])
        return ProcessFailure(version_id, row["document_id"], row["url"], kind, message)
    result = understand_extraction(extraction, raw=lambda: archive.read(row["archive_path"]),
                                   content_type=row["content_type"], hint_type=row["doc_type"],
                                   hint_period=row["period"], registry_names=names)
    det = result.detection
    values = {
        "status": "error" if result.parse_error else "ok",
        "error_kind": "parse_failed" if result.parse_error else None, "error": result.parse_error,
        "format": extraction.format, "page_count": extraction.page_count,
        "pages_extracted": len(extraction.pages), "ocr_used": int(extraction.ocr_used),
        "ocr_confidence": extraction.ocr_confidence, "truncated": int(extraction.truncated),
        "warnings": json.dumps(extraction.warnings, ensure_ascii=False),
        "doc_type": result.doc_type, "parser": result.parser, "segment_count": len(result.segments),
        "detected_type": det.doc_type, "detected_period": det.period,
        "detected_municipality_id": det.municipality_id, "detection_confidence": det.confidence,
        "detection_evidence": json.dumps(det.evidence, ensure_ascii=False), "type_source": result.type_source,
    }
    _write(db, version_id, _processing_row(row, started, **values), extraction.pages,
           _segment_rows(row, result.segments))
    if result.parse_error:
        return ProcessFailure(version_id, row["document_id"], row["url"], "parse_failed", result.parse_error)
    return None


def process_pending(db: sqlite_utils.Database, archive, settings, *,
                    progress: Callable[[int, int, str], None] | None = None,
                    version_ids: Iterable[int] | None = None, force: bool = False,
                    retry_errors: bool = False) -> ProcessReport:
    """Process every version that needs it (see the module docstring); never stops at a bad file.

    ``progress(done, total, label)`` is called after each version (the CLI draws a bar with it).
    """
    todo, skipped = _pending(db, version_ids, force, retry_errors)
    report = ProcessReport(skipped=skipped)
    limits = limits_from(settings)
    names = registry_names(db)
    for done, row in enumerate(todo, start=1):
        failure = process_version(db, archive, row, limits, names, reextract=force)
        if failure:
            report.errors.append(failure)
        else:
            report.processed += 1
        if progress:
            progress(done, len(todo), row["url"] or f"version {row['version_id']}")
    return report
