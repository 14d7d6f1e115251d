"""From what the diff found to ``changes`` rows: gender relevance, significance and the dedupe key.

Pure functions over segments and versions already loaded (``watch_store`` loads them, ``watcher``
decides what to compare). A row is a dict with the columns of the ``changes`` table (see
notes/CHANGES_SCHEMA.md); JSON columns are JSON text.

Relevance of a change reads both sides: the old segment (``where: before``) and the new one
(``where: after``) are each assessed with ``gender.assess_segments`` over their whole version, so
a segment under a gender-relevant goal or objective is relevant through it (``where: inherited``,
the parent's own matched words) and a decision proposed by a women's directorate through its
proposer (``where: proposer``; ``responsible`` for an objective's responsible unit). A change is
relevant when either side is: a term that disappears matters as much as one that appears.

Significance (what alerts rank by): **high** when a gender-relevant goal, objective, indicator,
activity or budget line is removed, when a gender-relevant cost or budget value is cut (both
values known, the new one smaller), or for a new gender-relevant council decision; **medium** for
any other gender-relevant change; **low** otherwise.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable, Sequence

from muniwatch import constants as C
from watch import gender
from watch.diff import DIFF_VERSION, SegmentChange, TextChange
from watch.diff_words import compare_form
from watch.process import PARSER_VERSION
from watch.segments import Segment
from watch.turkish import NORMALIZER_VERSION

HIGH, MEDIUM, LOW = "high", "medium", "low"
#: Segment kinds whose removal, when gender-relevant, is the loss a monitor must hear about first.
REMOVAL_MATTERS = frozenset({C.SEG_GOAL, C.SEG_OBJECTIVE, C.SEG_INDICATOR, C.SEG_ACTIVITY, C.SEG_BUDGET_LINE})
#: Numeric fields that are money: a smaller value is a cut.
MONEY_FIELDS = frozenset({"cost", "costs", "values"})
TITLE_CHARS = 160


@dataclasses.dataclass(frozen=True)
class VersionInfo:
    """What a change row needs to know about one archived version and its document."""
    version_id: int
    document_id: int
    identity: str
    municipality_id: str | None
    doc_type: str
    period: str | None
    variant: str
    title: str | None
    sha256: str
    crawl_run_id: int | None
    format: str | None


class Side:
    """One version's segments with their gender assessment (computed once, on first use)."""

    def __init__(self, info: VersionInfo, segments: Sequence[Segment], lexicon: gender.Lexicon) -> None:
        self.info = info
        self.segments = list(segments)
        self.lexicon = lexicon
        self._assessed: dict[int, gender.Relevance] | None = None
        self._index: dict[tuple, Segment] | None = None
        self._by_code: dict[str, Segment] | None = None

    @property
    def assessed(self) -> dict[int, gender.Relevance]:
        if self._assessed is None:
            self._assessed = gender.assess_segments(self.segments, self.lexicon)
        return self._assessed

    def find(self, kind: str, code: str | None, parent: str | None, title: str | None,
             text: str | None) -> Segment | None:
        """The segment a diff change speaks of (the diff reports content, not list positions)."""
        if self._index is None:
            self._index = {}
            for s in self.segments:
                self._index.setdefault((s.kind, s.code, s.parent_code, s.title, s.text), s)
                self._index.setdefault((s.kind, s.code, None, s.title, s.text), s)
        return self._index.get((kind, code, parent, title, text)) or self._index.get((kind, code, None, title, text))

    def by_code(self, code: str) -> Segment | None:
        if self._by_code is None:
            self._by_code = {}
            for s in self.segments:
                if s.code and s.kind in (C.SEG_GOAL, C.SEG_OBJECTIVE):
                    self._by_code.setdefault(s.code, s)
        return self._by_code.get(code)


# ------------------------------------------------------------------------------------- relevance


@dataclasses.dataclass
class Verdict:
    relevant: bool = False
    categories: list[str] = dataclasses.field(default_factory=list)
    terms: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    explanation: str = ""

    def merge(self, other: "Verdict", label: str, order: list[str]) -> None:
        if not other.relevant:
            return
        self.relevant = True
        self.categories = sorted({*self.categories, *other.categories}, key=_index_in(order))
        self.terms += other.terms
        self.explanation = "; ".join(x for x in (self.explanation, f"{label}: {other.explanation}") if x)


def _index_in(order: list[str]):
    return lambda c: order.index(c) if c in order else len(order)


def _term(m: gender.Match, where: str, **extra: Any) -> dict[str, Any]:
    return {"term": m.term, "category": m.category, "matched_text": " ".join(m.matched_text.split()),
            "where": where, "start": m.start, "end": m.end, **{k: v for k, v in extra.items() if v is not None}}


def _unit_terms(seg: Segment, lex: gender.Lexicon) -> list[dict[str, Any]]:
    """The women's-directorate words in a decision's proposer or an objective's responsible unit."""
    out = []
    for field in ("proposer", "responsible"):
        value = (seg.fields or {}).get(field)
        names = [value] if isinstance(value, str) else [v for v in value or () if isinstance(v, str)]
        for name in names:
            if gender.is_womens_unit(name, lex):
                where = "proposer" if field == "proposer" else "responsible"
                out += [_term(m, where, unit=name) for m in gender.match(name, lex)
                        if m.category in lex.womens_unit_categories]
    return out


def segment_verdict(side: Side, seg: Segment, where: str) -> Verdict:
    """Why one segment (in its version) is gender-relevant, with every matched word and where it is."""
    lex = side.lexicon
    rel = side.assessed.get(seg.ordinal)
    if rel is None:   # a segment not in the side's list (should not happen): judge its own words
        rel = gender.assess_segments([seg], lex)[seg.ordinal]
    if not rel.relevant:
        return Verdict()
    terms = [_term(m, where) for m in rel.matches]
    terms += _unit_terms(seg, lex)
    if rel.inherited_from:
        parent = side.by_code(rel.inherited_from)
        if parent is not None:
            up = side.assessed.get(parent.ordinal)
            terms += [_term(m, "inherited", code=parent.code) for m in (up.matches if up else [])]
            terms += [dict(t, where="inherited", code=parent.code) for t in _unit_terms(parent, lex)]
    return Verdict(True, list(rel.categories), terms, rel.explanation)


def text_verdict(text: str | None, where: str, lex: gender.Lexicon) -> Verdict:
    if not text:
        return Verdict()
    rel = gender.relevance(text, lex)
    if not rel.relevant:
        return Verdict()
    return Verdict(True, list(rel.categories), [_term(m, where) for m in rel.matches], rel.explanation)


def change_verdict(change: SegmentChange, old: Side | None, new: Side | None) -> Verdict:
    """Relevance of one segment change: the old segment's (before) and the new one's (after)."""
    lex = (new or old).lexicon  # type: ignore[union-attr]
    order = list(lex.categories)
    out = Verdict()
    if old is not None and change.before_text is not None:
        seg = old.find(change.segment_kind, change.code_before, change.parent_code_before,
                       change.title_before, change.before_text)
        v = segment_verdict(old, seg, "before") if seg else text_verdict(change.before_text, "before", lex)
        out.merge(v, "önce/before", order)
    if new is not None and change.after_text is not None:
        seg = new.find(change.segment_kind, change.code, change.parent_code_after, change.title, change.after_text)
        v = segment_verdict(new, seg, "after") if seg else text_verdict(change.after_text, "after", lex)
        out.merge(v, "sonra/after", order)
    return out


def texts_verdict(before: str | None, after: str | None, lex: gender.Lexicon) -> Verdict:
    order = list(lex.categories)
    out = Verdict()
    out.merge(text_verdict(before, "before", lex), "önce/before", order)
    out.merge(text_verdict(after, "after", lex), "sonra/after", order)
    return out


# ----------------------------------------------------------------------------------- significance


def _dec(value: Any) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def is_cut(numeric: Iterable[dict[str, Any]]) -> bool:
    """A money value that went down (both sides known: a value the parser could not read is no cut)."""
    for n in numeric:
        before, after = _dec(n.get("before")), _dec(n.get("after"))
        if n.get("field") in MONEY_FIELDS and before is not None and after is not None and after < before:
            return True
    return False


def significance(kind: str, segment_kind: str | None, relevant: bool, numeric: Iterable[dict[str, Any]] = ()) -> str:
    """high / medium / low (see the module notes)."""
    if not relevant:
        return LOW
    if kind == C.CHANGE_REMOVED and segment_kind in REMOVAL_MATTERS:
        return HIGH
    if kind == C.CHANGE_NEW_DECISION or is_cut(numeric):
        return HIGH
    return MEDIUM


# ------------------------------------------------------------------------------------ dedupe key


def dedupe_key(*parts: Any) -> str:
    """sha1 of the parts, each as text, separated by a unit separator (no two part lists collide)."""
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _norm(text: str | None) -> str:
    return compare_form(text) if text else ""


# -------------------------------------------------------------------------------------------- rows


def base_row(doc: VersionInfo, *, kind: str, detected_at: str, crawl_run_id: int | None) -> dict[str, Any]:
    return {
        "document_id": doc.document_id, "municipality_id": doc.municipality_id, "doc_type": doc.doc_type,
        "period": doc.period, "kind": kind, "detected_at": detected_at, "crawl_run_id": crawl_run_id,
        "diff_version": DIFF_VERSION, "normalizer_version": NORMALIZER_VERSION, "parser_version": PARSER_VERSION,
        "lexicon_version": gender.LEXICON_VERSION, "numeric": "[]", "words_removed": "[]", "words_added": "[]",
        "categories": "[]", "matched_terms": "[]", "gender_relevant": 0, "significance": LOW,
    }


def _with_verdict(row: dict[str, Any], verdict: Verdict, numeric: list[dict[str, Any]]) -> dict[str, Any]:
    row.update(gender_relevant=int(verdict.relevant),
               categories=json.dumps(verdict.categories, ensure_ascii=False),
               matched_terms=json.dumps(verdict.terms, ensure_ascii=False),
               relevance_explanation=verdict.explanation or None,
               significance=significance(row["kind"], row.get("segment_kind"), verdict.relevant, numeric))
    return row


def one_line(text: str | None, limit: int = TITLE_CHARS) -> str:
    flat = " ".join((text or "").split())
    return flat if len(flat) <= limit else flat[:limit - 1].rstrip() + "…"


def segment_rows(changes: Sequence[SegmentChange], old: Side, new: Side, *, detected_at: str,
                 crawl_run_id: int | None, predecessor: VersionInfo | None = None) -> list[dict[str, Any]]:
    """Rows for a version diff (``predecessor`` None: ``old`` is an earlier version of ``new``'s
    document) or a successor diff (``old`` is last year's document). A decision that appears in a
    later version of a council page is a ``new_decision``, keyed like one in a new bundle."""
    rows, seen = [], {}
    for ch in changes:
        kind = ch.kind
        if kind == C.CHANGE_ADDED and ch.segment_kind == C.SEG_DECISION and predecessor is None:
            kind = C.CHANGE_NEW_DECISION
        row = base_row(new.info, kind=kind, detected_at=detected_at, crawl_run_id=crawl_run_id)
        numeric = [n.to_dict() for n in ch.numeric]
        row.update(
            from_version_id=old.info.version_id, to_version_id=new.info.version_id,
            predecessor_document_id=predecessor.document_id if predecessor else None,
            segment_kind=ch.segment_kind, code=ch.code, key=ch.key,
            parent_code=ch.parent_code_after if ch.after_text is not None else ch.parent_code_before,
            title=one_line(ch.title) or None, before_text=ch.before_text, after_text=ch.after_text,
            numeric=json.dumps(numeric, ensure_ascii=False), page_before=ch.page_before, page_after=ch.page_after,
            words_removed=json.dumps(ch.words_removed, ensure_ascii=False),
            words_added=json.dumps(ch.words_added, ensure_ascii=False))
        if kind == C.CHANGE_NEW_DECISION:
            row["dedupe_key"] = decision_key(new.info.municipality_id, ch.key or ch.code)
        else:
            base = (new.info.identity, predecessor.identity if predecessor else "", kind, ch.segment_kind,
                    ch.key or ch.code, old.info.sha256, new.info.sha256, _norm(ch.before_text), _norm(ch.after_text))
            n = seen[base] = seen.get(base, -1) + 1   # identical twins (two equal segments removed) stay two rows
            row["dedupe_key"] = dedupe_key(*base, n)
        rows.append(_with_verdict(row, change_verdict(ch, old, new), numeric))
    return rows


_TEXT_TITLES = {C.CHANGE_ADDED: "Eklenen cümle / Sentence added", C.CHANGE_REMOVED: "Çıkarılan cümle / Sentence removed",
                C.CHANGE_MODIFIED: "Değişen cümle / Sentence changed"}


def text_rows(changes: Sequence[TextChange], old: VersionInfo, new: VersionInfo, lex: gender.Lexicon, *,
              detected_at: str, crawl_run_id: int | None) -> list[dict[str, Any]]:
    """Rows for a sentence diff of a document without structure (kind ``text_changed``)."""
    rows, seen = [], {}
    for ch in changes:
        row = base_row(new, kind=C.CHANGE_TEXT, detected_at=detected_at, crawl_run_id=crawl_run_id)
        row.update(from_version_id=old.version_id, to_version_id=new.version_id,
                   title=f"{_TEXT_TITLES.get(ch.kind, ch.kind)}: {one_line(ch.after or ch.before, 100)}",
                   before_text=ch.before, after_text=ch.after, page_before=ch.page_before, page_after=ch.page_after,
                   words_removed=json.dumps(ch.words_removed, ensure_ascii=False),
                   words_added=json.dumps(ch.words_added, ensure_ascii=False))
        base = (new.identity, C.CHANGE_TEXT, ch.kind, old.sha256, new.sha256, _norm(ch.before), _norm(ch.after))
        n = seen[base] = seen.get(base, -1) + 1
        row["dedupe_key"] = dedupe_key(*base, n)
        rows.append(_with_verdict(row, texts_verdict(ch.before, ch.after, lex), []))
    return rows


def decision_key(municipality_id: str | None, karar: str | None) -> str:
    """One council decision is one change, whether it came in the PDF bundle or the HTML summary."""
    return dedupe_key(municipality_id or "-", C.CHANGE_NEW_DECISION, karar)


def decision_row(seg: Segment, side: Side, *, detected_at: str, crawl_run_id: int | None) -> dict[str, Any]:
    key = seg.fields.get("karar_no") or seg.code
    row = base_row(side.info, kind=C.CHANGE_NEW_DECISION, detected_at=detected_at, crawl_run_id=crawl_run_id)
    row.update(to_version_id=side.info.version_id, segment_kind=seg.kind, code=seg.code, key=key,
               parent_code=seg.parent_code, title=one_line(seg.title) or None, after_text=seg.text,
               page_after=seg.page_start, dedupe_key=decision_key(side.info.municipality_id, key))
    return _with_verdict(row, segment_verdict(side, seg, "after"), [])


def document_title(info: VersionInfo) -> str:
    label = C.DOC_TYPES.get(info.doc_type, (info.doc_type, info.doc_type))
    return one_line(info.title) or f"{label[0]} {info.period or ''}".strip()


def new_document_row(side: Side, first_page: str, *, detected_at: str, crawl_run_id: int | None,
                     decisions_separately: bool) -> dict[str, Any]:
    """A document first seen after the baseline. Relevant by its title and first page, or (plans,
    programmes, reports) by a goal or objective that is relevant in its own words. A council
    bundle's decisions are reported one by one, so only its title counts for the bundle itself."""
    info, lex = side.info, side.lexicon
    order = list(lex.categories)
    row = base_row(info, kind=C.CHANGE_NEW_DOCUMENT, detected_at=detected_at, crawl_run_id=crawl_run_id)
    title = document_title(info)
    row.update(to_version_id=info.version_id, title=title, page_after=1,
               after_text=one_line(first_page, 2000) or None,
               dedupe_key=dedupe_key(info.identity, C.CHANGE_NEW_DOCUMENT))
    verdict = Verdict()
    verdict.merge(text_verdict(title if decisions_separately else f"{title}\n{first_page}", "after", lex),
                  "başlık ve ilk sayfa/title and first page", order)
    if not decisions_separately:
        for seg in side.segments:
            if seg.kind in (C.SEG_GOAL, C.SEG_OBJECTIVE):
                rel = side.assessed.get(seg.ordinal)
                if rel is not None and rel.relevant and rel.via == "text":
                    verdict.merge(Verdict(True, list(rel.categories),
                                          [_term(m, "after", code=seg.code) for m in rel.matches], rel.explanation),
                                  seg.code or seg.kind, order)
    return _with_verdict(row, verdict, [])


def missing_row(info: VersionInfo, *, evidence: str, absent_runs: int, detected_at: str, crawl_run_id: int,
                lex: gender.Lexicon) -> dict[str, Any]:
    row = base_row(info, kind=C.CHANGE_DOCUMENT_MISSING, detected_at=detected_at, crawl_run_id=crawl_run_id)
    title = document_title(info)
    row.update(from_version_id=info.version_id if info.version_id else None, to_version_id=None,
               title=f"{title} — bulunamıyor/missing: {absent_runs} başarılı taramada yok/absent in "
                     f"{absent_runs} successful crawls ({evidence})",
               dedupe_key=dedupe_key(info.identity, C.CHANGE_DOCUMENT_MISSING, crawl_run_id))
    return _with_verdict(row, text_verdict(title, "before", lex), [])
