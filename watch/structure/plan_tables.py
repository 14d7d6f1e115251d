"""Tables of plans, programmes and reports: headers → columns, rows → values.

PDF text layers (pypdfium2) flatten a table cell by cell: each row comes out as its code, the
name wrapped over several lines, then the remaining cells ("kişi 0 350 450 ...", "Proje Kadın ve
Aile Hizmetleri" / "Müdürlüğü" / "4.905.000,00"). Cell borders are gone, so a row is read from the
right, column by column, with the column types the header announced: numbers, money, a unit, a
status ("Devam Ediyor"), a monitoring frequency ("6 Ay"), a kind (Faaliyet/Proje), a directorate
(known names first, then the "... Müdürlüğü" shape); what is left after the code is the name.
DOCX and HTML extraction keep cells apart with tabs, and those rows are read cell by cell.

Values are returned as canonical Decimal strings ("15000", "3.2", "104.6") so that stored fields
compare exactly; years are string keys ("2025") so fields survive a JSON round trip unchanged.
"""

from __future__ import annotations

import dataclasses
import re

from watch.structure.plan_codes import fold1
from watch.structure.plan_vocab import (
    DASHES, FREQUENCY, KIND_WORDS, STATUSES, STOP_WORDS, UNITS, Directorates, read_value, tokens,
)
from watch.turkish import fold

# Column types.
NAME, UNIT, WEIGHT, BASELINE, TARGET, REALISED, RATE, COST, TOTAL, SPENT = (
    "name", "unit", "weight", "baseline", "target", "realised", "rate", "cost", "total", "spent")
DIR, COOP, KIND, STATUS, FREQ, YEAR, CODE, OTHER = (
    "responsible", "cooperating", "kind", "status", "frequency", "year", "code", "other")
ESTIMATE, OFFBUDGET, GROUP = "estimate", "offbudget", "group"
NUMERIC = {WEIGHT, BASELINE, TARGET, REALISED, ESTIMATE, RATE, COST, OFFBUDGET, TOTAL, SPENT, YEAR}

_HEADER = re.compile(
    r"(?P<code>\b(?:kod(?:u|lari)?|sira\s+no)\b)"
    r"|(?P<weight>hedefe\s+etkisi(?:\s*\(\s*%\s*\))?)"
    r"|(?P<baseline>(?:plan\s+donemi\s+)?baslangic(?:\s+(?:yili\s+)?degeri)?(?:\s*\(\s*(?P<bly>\d{4})\s*\))?)"
    r"|(?P<rate>gerceklesme\s+oran[i]?(?:\s*\(\s*%\s*\))?|basari\s+orani)"
    r"|(?P<spent>(?:gerceklesen\s+)?harcama(?:\s+tutari)?(?:\s*\(\s*tl\s*\))?|harcanan(?:\s+tutar)?(?:\s*\(\s*tl\s*\))?)"
    r"|(?P<status>(?:gerceklesme\s+)?durum(?:u)?\b)"
    r"|(?P<estimate>(?P<ey>\d{4})\s+(?:yili\s+)?gerceklesme\s+tahmini)"
    r"|(?P<realised>(?:(?P<ry>\d{4})\s+(?:yili\s+)?)?(?:yil\s*sonu\s+)?(?:gerceklesen|gerceklesme(?:\s+degeri)?)"
    r"(?:\s*\(\s*(?P<ry2>\d{4})\s*\))?)"
    r"|(?P<target>(?P<ty>\d{4})\s+(?:yili\s+)?hedef(?:i|lenen)?\b|(?:yil\s*sonu\s+)?hedef(?:i|lenen)?\b(?:\s+deger)?(?:\s*\(\s*(?P<ty2>\d{4})\s*\))?)"
    r"|(?P<offbudget>butce\s+disi(?:\s*\(\s*tl\s*\))?)"
    r"|(?P<cost>(?P<by>\d{4})\s+(?:yili\s+)?(?:butcesi?|odenegi?|maliyeti?|kaynak\s+ihtiyaci)(?:\s*\(\s*tl\s*\))?"
    r"|(?:tahmini\s+)?maliyet(?:\s+tahmini)?(?:\s*\(\s*tl\s*\))?|butce(?:si)?(?:\s*\(\s*tl\s*\))?|odenek(?:\s*\(\s*tl\s*\))?"
    r")"
    r"|(?P<group>kaynak\s+ihtiyaci(?:\s+(?P<gy>\d{4}))?(?:\s*\(\s*tl\s*\))?)"
    r"|(?P<total>(?:genel\s+)?toplam(?:\s+maliyet)?(?:\s*\(\s*tl\s*\))?)"
    r"|(?P<responsible>sorumlu\s+(?:birim(?:i|ler)?|mudurluk)|sorumlu)"
    r"|(?P<cooperating>is\s?birligi\s+yapilacak\s+birim(?:\s*\(\s*ler\s*\)|ler)?)"
    r"|(?P<kind>\btur(?:u)?\b)"
    r"|(?P<frequency>(?:izleme|raporlama)\s+sikligi)"
    r"|(?P<unit>(?:olcu\s+)?birim(?:i)?\b)"
    r"|(?P<name>performans\s+gosterge(?:si|leri?)?|gosterge(?:ler|nin)?(?:\s+adi)?|faaliyet\s*/\s*proje(?:\s+adi)?"
    r"|faaliyet(?:ler)?(?:\s+ve\s+projeler)?(?:\s+adi)?|proje(?:ler)?(?:\s+adi)?)"
    r"|(?P<other>aciklama(?:lar)?)"
    r"|(?P<year>\b20\d{2}\b)"
)


@dataclasses.dataclass(frozen=True)
class Column:
    type: str
    year: str | None = None
    label: str = ""      # the header words (folded), e.g. "performans gostergeleri"


def _columns_in(folded: str) -> tuple[list[Column], int]:
    """Columns named in ``folded`` and how many characters the column names cover."""
    cols, covered, group_year = [], 0, None
    for m in _HEADER.finditer(folded):
        t = m.lastgroup or OTHER  # the outer group: it closes last
        covered += len(m.group(0).replace(" ", ""))
        if t == GROUP:  # "Kaynak İhtiyacı 2026 (TL)" spans the money columns after it
            group_year = m.group("gy")
            continue
        year = next((m.group(g) for g in ("ey", "ry", "ry2", "ty", "ty2", "by", "bly") if m.group(g)), None)
        if t == YEAR:
            year = m.group(0)
        elif t in (COST, OFFBUDGET, TOTAL) and year is None:
            year = group_year
        cols.append(Column(t, year, m.group(0)))
    return cols, covered


def header_columns(text: str, strict: bool = True) -> list[Column] | None:
    """Columns of a table header (flattened or tab-separated), or None if ``text`` is no header.

    A header names at least two kinds of column ("Kod" + "Gösterge", "Sorumlu Birim" + "2025
    Bütçesi"), or starts with "Kod"; with ``strict`` (a first header line) column names must make
    up most of the line, so a sentence mentioning "2025 yılı bütçesi" and "toplam" is no header.
    """
    if "\t" in text:
        cols = []
        for cell in text.split("\t"):
            found, _ = _columns_in(fold1(cell))
            cols.append(Column(OTHER) if not found else found[0] if len(found) == 1 else _merge_cell(found))
        covered = None
    else:
        cols, covered = _columns_in(fold1(text))
    kinds = {c.type for c in cols if c.type != OTHER}
    folded = fold1(text.strip())
    if len(kinds) < 2 and not (kinds - {CODE} and folded.startswith("kod")):
        return None
    if kinds <= {YEAR, TOTAL}:
        return None
    if strict and covered is not None:
        letters = len(re.sub(r"[\s()/%.:,-]", "", folded))
        if covered < 0.6 * letters:
            return None
    return cols


def _merge_cell(found: list[Column]) -> Column:
    """One header cell that matched twice ("2025 Hedefi" split oddly): keep the most specific."""
    for c in found:
        if c.year and c.type != YEAR:
            return c
    return next((c for c in found if c.type != YEAR), found[0])


_TABLE_LABEL = re.compile(r"(?:performans\s+gostergeleri?|gostergeler|faaliyet(?:ler)?\s*(?:ve|/)\s*projeler?|"
                          r"faaliyetler|projeler|faaliyet\s*/\s*proje|maliyetlendirme)\b")


def opens_table(text: str) -> bool:
    """A header line, or a table label ("Performans Göstergeleri", maybe followed by the first
    header cells, "Performans Göstergeleri Hedefe") after which header lines may follow."""
    if header_columns(text) is not None:
        return True
    folded = fold1(text.strip())
    m = _TABLE_LABEL.match(folded)
    if not m:
        return False
    rest = folded[m.end():].strip(" :")
    return len(rest.split()) <= 6 and not re.search(r"\d|[.;]", re.sub(r"\b20\d\d\b|\(%\)", "", rest))


def row_kind(columns: list[Column]) -> str | None:
    """What the rows of a table are, from its name column: "gosterge" or "faaliyet" (segment kinds),
    for rows numbered 1, 2, 3 instead of coded (the official performance-target table)."""
    from muniwatch.constants import SEG_ACTIVITY, SEG_INDICATOR

    name = next((c.label for c in columns if c.type == NAME), "")
    if "gosterge" in name:
        return SEG_INDICATOR
    if "faaliyet" in name or "proje" in name:
        return SEG_ACTIVITY
    return None


# ------------------------------------------------------------------------------------ row reading

@dataclasses.dataclass
class RowValues:
    name: str
    values: list[tuple[Column, object]]   # (column, value) for the columns that were read
    complete: bool                          # every typed column found a value of its type


def _take_status(toks: list[str]) -> int:
    folded = [fold(t) for t in toks]
    for st in STATUSES:
        if len(st) <= len(folded) and tuple(folded[-len(st):]) == st:
            return len(st)
    return 0


def _take_freq(toks: list[str]) -> int:
    for n in (3, 2, 1):
        if n <= len(toks) and FREQUENCY.fullmatch(fold(" ".join(toks[-n:]))):
            return n
    return 0


def _unit_ok(tok: str) -> bool:
    f = fold(tok)
    if f in UNITS:
        return True
    if f in STOP_WORDS or read_value(tok)[0]:
        return False
    return bool(re.search(r"[/²³\d]", tok)) or (len(tok) <= 4 and any(c.isupper() for c in tok[1:]))


def read_flat(text: str, columns: list[Column], dirs: Directorates) -> RowValues:
    """Read a flattened row (code already removed) against the header's columns, from the right."""
    toks = tokens(text)
    cols = [c for c in columns if c.type != CODE]
    if NAME in {c.type for c in cols}:
        name_at = next(i for i, c in enumerate(cols) if c.type == NAME)
        right = cols[name_at + 1:]
    else:
        right = cols
    values: list[tuple[Column, object]] = []
    complete = True
    for col in reversed(right):
        if col.type in NUMERIC:
            if toks and read_value(toks[-1])[0]:
                _, val, pct = read_value(toks.pop())
                values.append((col, (val, pct)))
            else:
                complete = False
        elif col.type == UNIT:
            if toks and (_unit_ok(toks[-1]) or (len(toks) > 1 and fold(toks[-1]) not in STOP_WORDS
                                                and not read_value(toks[-1])[0])):
                complete = complete and _unit_ok(toks[-1])
                values.append((col, toks.pop()))
            else:
                complete = False
        elif col.type == STATUS:
            n = _take_status(toks)
            if n:
                values.append((col, " ".join(toks[-n:])))
                del toks[-n:]
            else:
                complete = False
        elif col.type == FREQ:
            n = _take_freq(toks)
            if n:
                values.append((col, " ".join(toks[-n:])))
                del toks[-n:]
            else:
                complete = False
        elif col.type == KIND:
            if toks and fold(toks[-1]) in KIND_WORDS:
                values.append((col, KIND_WORDS[fold(toks.pop())]))
            else:
                complete = False
        elif col.type in (DIR, COOP):
            n = dirs.suffix(toks)
            if n and n < len(toks) + (0 if NAME in {c.type for c in cols} else 1):
                values.append((col, " ".join(toks[-n:])))
                del toks[-n:]
            else:
                complete = False
        else:  # a free-text column to the right of the name cannot be separated: leave it in
            complete = False
    name = " ".join(toks).strip()
    if any(c.type == NAME for c in cols) and not name:
        complete = False
    values.reverse()
    return RowValues(name, values, complete)


def read_cells(cells: list[str], columns: list[Column], dirs: Directorates) -> RowValues | None:
    """Read a tab-separated row (code cell already removed); None when cells and columns disagree."""
    cols = [c for c in columns if c.type != CODE]
    if len(cells) != len(cols):
        return None
    name, values = "", []
    for cell, col in zip(cells, cols):
        cell = " ".join(cell.split())
        if col.type == NAME:
            name = cell
        elif col.type in NUMERIC:
            ok, val, pct = read_value(cell.replace(" ", "") if re.fullmatch(r"[\d .,%]+", cell) else cell)
            if ok:
                values.append((col, (val, pct)))
        elif col.type == KIND:
            values.append((col, KIND_WORDS.get(fold(cell), cell)))
        elif cell and fold(cell) not in DASHES:
            values.append((col, cell))
    return RowValues(name, values, True)
