"""The line stream in, segments out.

In: page texts become one stream of lines (:func:`read_lines`) without running headers and footers
(but with the card lines and table headers that repeat at page edges), with code cells that a narrow
column wrapped joined again. Out: values read from a row become fields; an item printed more than
once (summary table and card, card and costing table) becomes one segment.

The reader (:mod:`watch.structure.plans`) records each printing of an item as an :class:`Occ`:
a heading, a table row or a reference ("Bağlı Olduğu Amaç: ..."). Here the fullest printing of
each (kind, key) gives the segment its code, title, text and pages; the fields of all printings
are merged; parents are resolved through the normalised keys, so "H1.1" finds "A1" even when the
card printed its goal elsewhere.
"""

from __future__ import annotations

import dataclasses
import re

from muniwatch.constants import SEG_ACTIVITY, SEG_GOAL, SEG_INDICATOR, SEG_OBJECTIVE
from watch.segments import Segment
from watch.structure import plan_codes as pc
from watch.structure import plan_tables as pt
from watch.structure import plan_vocab as pv
from watch.turkish import fold, normalize_whitespace, strip_headers_footers


@dataclasses.dataclass
class Line:
    idx: int
    page: int
    text: str


@dataclasses.dataclass
class Occ:
    """One printing of an item: a heading, a table row, or a reference ("Bağlı Olduğu Amaç: ...")."""

    kind: str
    code: str
    key: str
    title: str
    start: int
    end: int
    lines: list[Line] = dataclasses.field(default_factory=list)
    fields: dict = dataclasses.field(default_factory=dict)
    parent_hint: str | None = None
    ref: bool = False
    order: float = 0.0


# ------------------------------------------------------------------------------------- lines

def document_year(pages: list[str]) -> str | None:
    """The year of a programme or report, from its title page ("2025 YILI FAALİYET RAPORU")."""
    head = fold(" ".join(pages[:3]))[:6000]
    m = re.search(r"\b(20\d{2})\s+(?:mali\s+)?yili\s+(?:performans\s+programi|(?:idare\s+)?faaliyet\s+raporu)"
                  r"|(?:performans\s+programi|faaliyet\s+raporu)\s*\(?\s*(20\d{2})\b", head)
    return (m.group(1) or m.group(2)) if m else None


def strip_furniture(pages: list[str]) -> list[list[str]]:
    """Non-blank lines per page without running headers and footers. Some lines repeat at a page edge
    without being furniture, and are put back: a table header repeated on every page of a long table
    (it says what the columns below are), with the lines that continue it, and a fragment of a row
    broken at the page end ("ndı" of "Tamamlandı", lower case; furniture starts upper case or is a
    number, unless it is an address), and card lines that end many pages alike ("Maliyet Tahmini
    48.750.000") or start them (a code)."""
    pages = [normalize_whitespace(p) if "\t" not in p else p for p in pages]
    out = []
    for before, after in zip(pages, strip_headers_footers(pages)):
        lines = [ln.strip(" ") for ln in before.split("\n") if ln.strip()]
        kept = [ln.strip(" ") for ln in after.split("\n") if ln.strip()]
        result, j, restoring = [], 0, False
        for line in lines:
            if j < len(kept) and line == kept[j]:
                result.append(line)
                j += 1
                restoring = False
                continue
            fragment = pc.starts_lower(line) and not re.search(r"www\.|https?:|@|\.(?:tr|com)\b", line)
            kv = pc.match_kv(line)
            content = fragment or pc.match_code(line) is not None or bool(kv and kv[1])
            header = j == 0 and (pt.opens_table(line) or (restoring and not _PAGE_LIKE.fullmatch(fold(line))))
            if content or header:
                result.append(line)
                restoring = header
        out.append(result)
    return out


_PAGE_LIKE = re.compile(r"[\d\s/.-]+|sayfa.*|page.*")


def read_lines(pages: list[str]) -> list[Line]:
    """All non-blank lines, headers and footers removed, with code prefixes re-joined to their
    numbers when a narrow cell wrapped them ("PERFORMANS" / "1.1.1")."""
    raw: list[tuple[int, str]] = []
    for n, page_lines in enumerate(strip_furniture(pages), start=1):
        raw.extend((n, line) for line in page_lines)
    out: list[Line] = []
    i = 0
    while i < len(raw):
        page, text = raw[i]
        joined = pc.join_wrapped_code(text, raw[i + 1][1]) if i + 1 < len(raw) else None
        if joined is not None:
            text = joined
            i += 1
        out.append(Line(len(out), page, text))
        i += 1
    return out


# ------------------------------------------------------------------------------------- values

def clean(text: str) -> str:
    return " ".join(text.replace("\t", " ").split()).strip(" :-–")


def fallback_row(text: str, kind: str) -> pt.RowValues:
    """A row outside any table: the name, then numbers (kept as a plain list) or one amount (cost)."""
    toks = pv.tokens(text)
    nums: list[tuple[str | None, bool]] = []
    while toks and pv.read_value(toks[-1])[0]:
        _, val, pct = pv.read_value(toks.pop())
        nums.append((val, pct))
    nums.reverse()
    values: list[tuple[pt.Column, object]] = []
    if kind == SEG_ACTIVITY and len(nums) == 1:
        values.append((pt.Column(pt.COST), nums[0]))
    elif nums:
        values.append((pt.Column(pt.OTHER), [v for v, _ in nums]))
    return pt.RowValues(" ".join(toks), values, True)


def apply_values(occ: Occ, kind: str, values: pt.RowValues, year: str | None) -> None:
    f = occ.fields
    pct_seen = False
    frequencies = []
    for col, value in values.values:
        t = col.type
        if t in pt.NUMERIC:
            val, pct = value  # type: ignore[misc]
            if val is None:
                continue
            if t not in (pt.RATE, pt.WEIGHT):
                pct_seen = pct_seen or pct
            if t == pt.WEIGHT:
                f["weight"] = val
            elif t == pt.BASELINE:
                f["baseline"] = val
                if col.year:
                    f["baseline_year"] = col.year
            elif t == pt.TARGET:
                f.setdefault("targets", {})[col.year or year or ""] = val
            elif t == pt.REALISED:
                f.setdefault("realised", {})[col.year or year or ""] = val
            elif t == pt.ESTIMATE:
                f.setdefault("estimated", {})[col.year or year or ""] = val
            elif t == pt.OFFBUDGET:
                f["off_budget"] = val
            elif t == pt.RATE:
                f["rate"] = val
            elif t == pt.YEAR:
                f.setdefault("targets" if kind == SEG_INDICATOR else "costs", {})[col.year] = val
            elif t == pt.COST:
                if kind == SEG_INDICATOR:
                    continue
                f["cost"] = val
                if col.year:
                    f.setdefault("costs", {})[col.year] = val
            elif t == pt.TOTAL:
                f["total"] = val
                f.setdefault("cost", val)
            elif t == pt.SPENT:
                f["spent"] = val
        elif t == pt.UNIT:
            f["unit"] = value
        elif t == pt.KIND:
            f["kind"] = value
        elif t == pt.DIR:
            f["responsible"] = value
        elif t == pt.COOP:
            f["cooperating"] = pv.split_list(str(value))
        elif t == pt.STATUS:
            f["status"] = value
        elif t == pt.FREQ:
            frequencies.append(value)
        elif t == pt.OTHER and isinstance(value, list):
            f["values"] = value
    if kind == SEG_INDICATOR and pct_seen and "unit" not in f:
        f["unit"] = "%"
    for name, value in zip(("monitoring", "reporting"), frequencies):
        f[name] = value


# ------------------------------------------------------------------------------------ merging

def _home(group: list[Occ]) -> Occ:
    """The printing that represents an item: a real one, with a title, spanning the most lines."""
    return max(group, key=lambda o: (not o.ref, bool(o.title), o.end - o.start + len(o.lines), -o.start))


def _merge_fields(home: Occ, group: list[Occ]) -> dict:
    fields = dict(home.fields)
    for occ in group:
        if occ is home:
            continue
        for k, v in occ.fields.items():
            if isinstance(v, dict):
                merged = dict(v)
                merged.update(fields.get(k) or {})
                fields[k] = merged
            else:
                fields.setdefault(k, v)
    return fields


def build_segments(occs: list[Occ], lines: list[Line], year: str | None) -> list[Segment]:
    groups: dict[tuple[str, str], list[Occ]] = {}
    for occ in occs:
        groups.setdefault((occ.kind, occ.key), []).append(occ)
    homes = {k: _home(g) for k, g in groups.items()}
    parent_kind = {SEG_OBJECTIVE: SEG_GOAL, SEG_INDICATOR: SEG_OBJECTIVE, SEG_ACTIVITY: SEG_OBJECTIVE}
    ordered = sorted(groups, key=lambda k: (homes[k].order, pc.LEVEL[k[0]]))
    out = []
    for n, k in enumerate(ordered):
        group, home = groups[k], homes[k]
        kind, key = k
        fields = _merge_fields(home, group)
        fields["key"] = key
        if year and kind != SEG_GOAL:
            fields.setdefault("year", year)
        pkey = pc.parent_key(kind, key)
        parent = None
        if pkey is not None:
            fields["parent_key"] = pkey
            if (parent_kind[kind], pkey) in homes:
                parent = homes[(parent_kind[kind], pkey)].code
            else:
                parent = next((o.parent_hint for o in [home, *group] if o.parent_hint), None)
        title = home.title or next((o.title for o in group if o.title), "")
        if home.ref:
            text = title
        else:
            sep = " " if kind in (SEG_INDICATOR, SEG_ACTIVITY) else "\n"
            text = sep.join(clean(ln.text) if sep == " " else ln.text.replace("\t", " ")
                            for ln in home.lines)
        span = [ln.idx for ln in home.lines] + [home.start, home.end]
        first, last = min(span), max(span)
        out.append(Segment(
            kind=kind, code=home.code, title=title, text=text,
            page_start=lines[first].page if lines else None, page_end=lines[last].page if lines else None,
            parent_code=parent, ordinal=n, fields=fields))
    return out
