"""Strategic plans, performance programmes and activity reports → goal/objective/indicator/activity
segments.

One reader for the three document types, because they print the same hierarchy: goals (Amaç),
objectives (Hedef, "Performans Hedefi" in programmes), and under each objective its indicators
(Performans Göstergesi) and activities or projects (Faaliyet / Proje). What differs is which columns
their tables carry: a plan's hedef kartı has a baseline, five yearly targets, maybe a "hedefe etkisi"
weight and monitoring frequencies, and a cost estimate per activity (the costing section repeats the
activities with one cost per year); a programme has that year's target and budget; an activity report
has target, realised value, budget, spending and a status. The header of each table says which, and
:mod:`watch.structure.plan_tables` reads the rows against it.

The reader walks the lines of all pages as one stream (running headers and footers removed first),
so an objective card cut by a page break stays one card, and a table whose header repeats on the
next page stays one table. An item printed twice (the plan's summary table and its card, an activity
in its card and in the costing table) becomes one segment: the fullest printing gives its code,
title, text and pages, and the fields of all printings are merged.

Fields (``Segment.fields``): every segment has ``key``, the normalised hierarchical number ("AMAÇ
02" → "2", "PERFORMANS 5.3.1" → "5.3.1"), and ``parent_key`` when it has a parent. Objectives:
``responsible`` (Sorumlu Birim), ``cooperating`` (list), ``risks``, ``findings``, ``needs``,
``strategies``, ``cost`` where printed. Indicators: ``unit``, ``baseline`` (+ ``baseline_year``),
``targets`` and ``realised`` ({"2025": "350"}), ``rate`` (gerçekleşme oranı), ``weight`` (hedefe
etkisi), ``monitoring``/``reporting`` frequencies. Activities: ``kind`` (Faaliyet/Proje), ``cost``
(the plan's total estimate, the programme's or report's budget for its year), ``costs`` per year,
``responsible``, ``spent``, ``status``; the official programme table adds ``estimated``
(gerçekleşme tahmini), ``off_budget`` and ``total``. Numbers are canonical Decimal strings, year keys
strings. Programmes and reports also get ``year``. Rows numbered 1, 2, 3 instead of coded (the
official "Performans Hedefi Tablosu") keep that number as ``code`` and take their key from the
objective ("PH2.3" row 1 → "2.3.1").

Modules: ``plan_codes`` (codes, labels, section lines), ``plan_tables`` (headers, rows),
``plan_vocab`` (values, vocabularies, directorates, broken words), ``plan_segments`` (line stream
in, segments out) and this reader.
"""

from __future__ import annotations

import dataclasses
import re

from muniwatch.constants import (
    ACTIVITY_REPORT, PERFORMANCE_PROGRAMME, SEG_ACTIVITY, SEG_GOAL, SEG_OBJECTIVE, STRATEGIC_PLAN,
)
from watch.segments import Segment
from watch.structure import plan_codes as pc
from watch.structure import plan_tables as pt
from watch.structure import plan_vocab as pv
from watch.structure.plan_segments import (
    Line, Occ, apply_values, build_segments, clean, document_year, fallback_row, read_lines,
)
from watch.turkish import fold, parse_money

PLAN_DOC_TYPES = (STRATEGIC_PLAN, PERFORMANCE_PROGRAMME, ACTIVITY_REPORT)
MAX_HEADER_LINES = 40   # a header wrapped in narrow cells: "202" / "5" / "202" / "6" ...
MAX_HEADER_CHARS = 500

__all__ = ["PLAN_DOC_TYPES", "UnsupportedDocType", "parse_plan"]


class UnsupportedDocType(ValueError):
    """``parse_plan`` was asked to read a document type it does not know."""


@dataclasses.dataclass
class _Table:
    header: list[str]
    columns: list[pt.Column] | None = None
    rows: int = 0


@dataclasses.dataclass
class _Row:
    occ: Occ
    rest: list[str]           # text after the code, line by line
    cells: list[str] | None   # tab-separated cells after the code (DOCX/HTML), else None
    columns: list[pt.Column] | None


@dataclasses.dataclass
class _Kv:
    owner: Occ
    name: str
    parts: list[str]


def parse_plan(pages: list[str], doc_type: str) -> list[Segment]:
    """Goals, objectives, indicators and activities of a plan, programme or report, in document order.

    ``pages`` are page texts as extracted (index 0 = page 1); ``doc_type`` is one of
    :data:`PLAN_DOC_TYPES`. Returns an empty list for a document without any codes.
    """
    if doc_type not in PLAN_DOC_TYPES:
        raise UnsupportedDocType(f"parse_plan reads {', '.join(PLAN_DOC_TYPES)}, not {doc_type!r}")
    return _Reader(pages, doc_type).run()


class _Reader:
    def __init__(self, pages: list[str], doc_type: str) -> None:
        self.doc_type = doc_type
        self.year = document_year(pages) if doc_type != STRATEGIC_PLAN else None
        self.lines = read_lines(pages)
        self.dirs = pv.Directorates()
        self.occs: list[Occ] = []
        self.goal: Occ | None = None
        self.obj: Occ | None = None
        self.table: _Table | None = None
        self.row: _Row | None = None
        self.kv: _Kv | None = None
        self.title_open: Occ | None = None

    # ------------------------------------------------------------------------------ main loop

    def run(self) -> list[Segment]:
        self._learn_directorates()
        self.vocab = pv.row_vocab(self.dirs)
        for line in self.lines:
            self._line(line)
        self._close_all()
        return build_segments(self.occs, self.lines, self.year)

    def _learn_directorates(self) -> None:
        """Directorate names the document itself prints: "Sorumlu Birim" values, cooperating lists,
        and the rows of a "Sorumlu Birim | Bütçe" table; rows then split name from directorate."""
        in_dir_table = False
        for line in self.lines:
            kv = pc.match_kv(line.text)
            cols = pt.header_columns(line.text)
            if cols is not None:
                in_dir_table = bool(cols) and cols[0].type == pt.DIR
                continue
            if kv and kv[0] == pc.KV_RESPONSIBLE and kv[1]:
                self.dirs.add(kv[1])
            elif kv and kv[0] == pc.KV_COOPERATING:
                for name in pv.split_list(kv[1]):
                    self.dirs.add(name)
            elif in_dir_table:
                m = re.match(r"(.+?)\s+[\d.,%-]+(?:\s+[\d.,%-]+)*$", line.text.replace("\t", " "))
                if m and not pc.is_total_line(line.text):
                    self.dirs.add(m.group(1))
                elif not m:
                    in_dir_table = False

    def _line(self, line: Line) -> None:
        text = line.text
        m = pc.match_code(text.split("\t")[0])
        if m is not None:
            if m.kind in (SEG_GOAL, SEG_OBJECTIVE):
                if self._cost_row(m, line):
                    return
                if pc.looks_like_heading_rest(m):
                    self._heading(m, line)
                    return
            else:
                self._start_row(m, line)
                return
        if pc.is_total_line(text):
            self._close_row()
            self._touch(line)
            return
        if pc.is_section_heading(text) and not (self.title_open and pc.all_caps(self.title_open.title)
                                                 and self._continues_title(text)):
            self._close_all()
            return
        if m is None and self._ordinal_row(line):
            return
        kv = pc.match_kv(text)
        explicit_kv = kv is not None and re.match(r"[^:]{3,60}:", text) is not None
        kv_valued = kv is not None and bool(re.sub(r"\(\s*(?:tl|%)\s*\)", "", kv[1], flags=re.I).strip())
        if not explicit_kv and pt.opens_table(text) and not self._header_goes_on(text):
            self._close_row()
            self._close_kv()
            self.title_open = None
            self.table = _Table([text])
            self._touch(line)
            return
        if self.table and self.table.rows == 0 and self.row is None and not explicit_kv \
                and not kv_valued and len(self.table.header) < MAX_HEADER_LINES \
                and sum(map(len, self.table.header)) < MAX_HEADER_CHARS:
            self.table.header.append(text)
            self._touch(line)
            return
        if kv is not None and (self.obj or self.goal):
            self._close_row()
            self._close_kv()
            self.title_open = None
            self.table = None
            owner = self.obj or self.goal
            self.kv = _Kv(owner, kv[0], [kv[1]] if kv[1] else [])
            owner.lines.append(line)
            self._touch(line)
            return
        if self.row is not None:
            fragment = bool(self.row.rest) and pv.continues_fragment(self.row.rest[-1], text, self.vocab)
            if self.row.cells is None and self.row.rest and re.fullmatch(r"\d{1,3}", text) \
                    and self._row_complete() and pv.read_value(self.row.rest[-1].split()[-1])[0]:
                self.row.rest[-1] += text  # the last cell's overflow: "%10" / "0" after a full row
                self.row.occ.lines.append(line)
                return
            if (fragment or not self._row_complete()) and "\t" not in text:
                self.row.rest.append(text)
                self.row.occ.lines.append(line)
                self.row.occ.end = line.idx
                self._touch(line)
                return
            self._close_row()
        if self.kv is not None:
            if self._continues_kv(text):
                self.kv.parts.append(text)
                self.kv.owner.lines.append(line)
                self._touch(line)
                return
            self._close_kv()
        if self.title_open is not None:
            if self._continues_title(text):
                occ = self.title_open
                occ.title = (occ.title + " " + text).strip()
                occ.lines.append(line)
                self._touch(line)
                return
            self.title_open = None
        owner = self.obj or self.goal
        if owner is not None:
            owner.lines.append(line)
            self._touch(line)

    def _touch(self, line: Line) -> None:
        """The open goal and objective span at least up to ``line``."""
        for occ in (self.goal, self.obj):
            if occ is not None:
                occ.end = max(occ.end, line.idx)

    # ------------------------------------------------------------------------------- headings

    def _heading(self, m: pc.CodeMatch, line: Line) -> None:
        self._close_row()
        self._close_kv()
        self.table = None
        if m.kind == SEG_GOAL:
            self.obj = None
            key = pc.normalise_key(SEG_GOAL, m.parts, None)
            occ = Occ(SEG_GOAL, m.code, key, clean(m.rest), line.idx, line.idx, [line])
            self.goal = occ
        else:
            ctx = self.goal.key if self.goal else None
            key = pc.normalise_key(SEG_OBJECTIVE, m.parts, ctx)
            occ = Occ(SEG_OBJECTIVE, m.code, key, clean(m.rest), line.idx, line.idx, [line])
            if self.goal is not None and pc.parent_key(SEG_OBJECTIVE, key) == self.goal.key:
                occ.parent_hint = self.goal.code
            self.obj = occ
        occ.order = line.idx
        self.occs.append(occ)
        self.title_open = occ

    def _continues_title(self, text: str) -> bool:
        occ = self.title_open
        if occ is None or pc.match_code(text) or pc.match_kv(text) or pt.opens_table(text):
            return False
        if not occ.title:
            return True
        if pc.starts_lower(text):
            return True
        return pc.all_caps(occ.title) and pc.all_caps(text) and len(occ.title) < 200

    def _cost_row(self, m: pc.CodeMatch, line: Line) -> bool:
        """A goal/objective row of a costing table ("Hedef 1.1  1.250.000  ...  6.500.000")."""
        if self.table is None or not m.rest:
            return False
        toks = pv.tokens(m.rest.replace("\t", " "))
        if not toks or not all(pv.read_value(t)[0] for t in toks):
            return False
        cols = self._columns()
        if not cols:
            return False
        ctx = self.goal.key if (m.kind == SEG_OBJECTIVE and self.goal) else None
        occ = Occ(m.kind, m.code, pc.normalise_key(m.kind, m.parts, ctx), "", line.idx, line.idx,
                   [line], ref=True, order=line.idx)
        values = pt.read_flat(" ".join(toks), cols, self.dirs)
        apply_values(occ, SEG_ACTIVITY, values, self.year)
        self.occs.append(occ)
        self.table.rows += 1
        return True

    # ----------------------------------------------------------------------------------- rows

    def _columns(self) -> list[pt.Column] | None:
        if self.table is None:
            return None
        if self.table.columns is None:
            text = pv.join_lines(self.table.header, self.vocab, header=True) if "\t" not in self.table.header[0] \
                else self.table.header[0]
            self.table.columns = pt.header_columns(text, strict=False) or []
        return self.table.columns

    def _start_row(self, m: pc.CodeMatch, line: Line) -> None:
        self._close_row()
        self._close_kv()
        self.title_open = None
        ctx = self.obj.key if self.obj else None
        key = pc.normalise_key(m.kind, m.parts, ctx)
        occ = Occ(m.kind, m.code, key, "", line.idx, line.idx, [line], order=line.idx)
        if self.obj is not None and pc.parent_key(m.kind, key) == self.obj.key:
            occ.parent_hint = self.obj.code
        cells = None
        if "\t" in line.text:
            cells = line.text.split("\t")[1:]
            if m.rest and m.rest.split("\t")[0].strip():  # code and name in one cell
                cells = [m.rest.split("\t")[0]] + cells
        self.row = _Row(occ, [m.rest] if m.rest and cells is None else [], cells, self._columns())
        if self.table is not None:
            self.table.rows += 1
        self.occs.append(occ)
        self._touch(line)

    def _header_goes_on(self, text: str) -> bool:
        """A header line that adds columns to a header still being read ("Faaliyetler Kaynak İhtiyacı
        2026 (TL)" / "Bütçe Bütçe Dışı Toplam"), rather than starting a new table (which names its
        code or name column again)."""
        if self.table is None or self.table.rows or self.row is not None or "\t" in text:
            return False
        new = pt.header_columns(text) or []
        return bool(new) and not any(c.type in (pt.CODE, pt.NAME) for c in new)

    def _ordinal_row(self, line: Line) -> bool:
        """"1 Güvenlik aydınlatması ..." in an indicator or activity table of an objective: the
        official performance-target table numbers its rows instead of coding them."""
        if self.table is None or self.obj is None or self.kv is not None or pc.is_section_heading(line.text):
            return False
        om = re.match(r"(\d{1,2})[.)]?\s+(?=[^\W\d_])", line.text)
        cols = self._columns() if om else None
        kind = pt.row_kind(cols) if cols else None
        if kind is None:
            return False
        if self.row is not None and not self._row_complete():
            return False
        n = int(om.group(1))
        code_match = pc.CodeMatch(kind, om.group(1), (n,), "", line.text[om.end():].strip(), 0, om.end())
        self._start_row(code_match, line)
        return True

    def _read_row(self, row: _Row) -> pt.RowValues:
        cols = row.columns or []
        if row.cells is not None and cols:
            got = pt.read_cells(row.cells, cols, self.dirs)
            if got is not None:
                return got
        text = pv.join_lines(row.rest, self.vocab) if row.cells is None else " ".join(row.cells)
        if not cols:
            return fallback_row(text, row.occ.kind)
        return pt.read_flat(text, cols, self.dirs)

    def _row_complete(self) -> bool:
        row = self.row
        if row is None:
            return True
        if row.cells is not None:
            return True
        if not row.columns:
            return bool(row.rest) and pv.read_value(row.rest[-1].split()[-1])[0]
        return self._read_row(row).complete

    def _close_row(self) -> None:
        row, self.row = self.row, None
        if row is None:
            return
        values = self._read_row(row)
        row.occ.title = clean(values.name)
        apply_values(row.occ, row.occ.kind, values, self.year)

    # ------------------------------------------------------------------------------ key-values

    def _continues_kv(self, text: str) -> bool:
        kv = self.kv
        if kv is None or pc.match_code(text) or pt.opens_table(text):
            return False
        value = re.sub(r"^\(\s*(?:tl|%)\s*\)$", "", " ".join(kv.parts), flags=re.I)
        if not value or pc.starts_lower(text) or re.search(r"([,;:-]|\bve)$", value):
            return True
        if re.match(r"[•▪◦●\-–*]\s", text) and kv.name not in (pc.KV_RESPONSIBLE, pc.KV_PARENT_GOAL):
            return True
        if kv.name in (pc.KV_RESPONSIBLE, pc.KV_COOPERATING):
            toks = text.split()
            return (self.dirs.suffix(toks) == len(toks) or fold(toks[-1]).strip(",") in pv.UNIT_SUFFIXES
                    or fold(toks[0]).strip(",") in pv.UNIT_SUFFIXES)
        if kv.name == pc.KV_PARENT_GOAL:
            return pc.all_caps(value) and pc.all_caps(text)
        return False

    def _close_kv(self) -> None:
        kv, self.kv = self.kv, None
        if kv is None:
            return
        value = " ".join(" ".join(kv.parts).split())
        value = re.sub(r"^birim\s*\(\s*ler\s*\)\s*|^birimler\s*|^\(\s*(?:tl|%)\s*\)\s*", "", value, flags=re.I)
        occ = kv.owner
        if kv.name == pc.KV_PARENT_GOAL:
            m = pc.match_code(value)
            if m is not None and m.kind == SEG_GOAL:
                key = pc.normalise_key(SEG_GOAL, m.parts, None)
                occ.parent_hint = m.code
                ref = Occ(SEG_GOAL, m.code, key, clean(m.rest), occ.start, occ.start,
                           [Line(occ.start, self.lines[occ.start].page, value)], ref=True,
                           order=occ.start - 0.5)
                self.occs.append(ref)
        elif kv.name == pc.KV_PARENT_OBJECTIVE:
            m = pc.match_code(value)
            if m is not None and m.kind == SEG_OBJECTIVE:
                occ.parent_hint = m.code
        elif kv.name == pc.KV_RESPONSIBLE:
            if value and fold(value) not in ("-", "yok"):
                occ.fields["responsible"] = value
        elif kv.name == pc.KV_COOPERATING:
            occ.fields["cooperating"] = pv.split_list(value)
        elif kv.name == pc.KV_COST:
            amount = parse_money(value.split(" TL")[0]) if value else None
            if amount is None:
                toks = [t for t in pv.tokens(value) if pv.read_value(t)[1] is not None]
                amount = parse_money(toks[-1]) if toks else None
            if amount is not None:
                occ.fields["cost"] = pv.dec_str(amount)
        elif value:
            occ.fields[kv.name] = pv.tidy_list_text(value)

    def _close_all(self) -> None:
        self._close_row()
        self._close_kv()
        self.table = None
        self.title_open = None
        self.goal = self.obj = None
