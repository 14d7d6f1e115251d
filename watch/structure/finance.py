"""Kurumsal Mali Durum ve Beklentiler Raporu: budget lines by economic code, and the headline totals.

The mid-year financial situation report (5018 sayılı Kanun md. 30) has a fixed shape: last year's
realisation against this year's initial appropriation, both years' January-June realisations, this
year's year-end forecast (each for expenditure, "gider", and revenue, "gelir"), a "Finansman" summary,
and annexes (EK-1, EK-2) with monthly realisations by two-level economic code.

PDFium gives each table row as a line ("01-Personel Giderleri 55.372.366,58 71.284.572,00 28,74%"),
labels sometimes wrapped onto the following lines, but the header cells come out scrambled and
sometimes after the rows. So columns are named from the table's title ("2020 ve 2021 Yılları
Ocak-Haziran Dönemi Bütçe Giderleri Gerçekleşmeleri"), whose wording the regulation fixes, and every
row's cell count is checked against it: a row that does not fit keeps its raw cells and gets no named
values, rather than wrong ones.

The same total is printed several times (Finansman, TOPLAM rows, prose) and the copies do not always
agree (a typo "987.290,00 TL" for 987.290.000,00; a prose rate beside a different table rate).
``budget_totals`` takes the Finansman figure first, then tables, then prose; ``total_disagreements``
lists every total printed with more than one value, which a monitor may want to know.
"""

from __future__ import annotations

import dataclasses
import re
import collections
from collections import Counter
from decimal import Decimal
from typing import Iterator

from muniwatch.constants import SEG_BUDGET_LINE
from watch.segments import Segment
from watch.turkish import fold, parse_number, parse_percent

__all__ = ["parse_financial_report", "budget_totals", "total_disagreements", "report_year", "cell_value",
           "TABLE_KINDS", "GIDER", "GELIR"]

GIDER, GELIR, DENGE = "gider", "gelir", "gelir_gider"
# Table kinds (the ``table_kind`` field).
KIND_GELISIM = "gelisim"          # last year's realisation vs this year's initial appropriation
KIND_DONEM = "ocak_haziran"       # both years' January-June realisations
KIND_TAHMIN = "yilsonu_tahmini"   # this year's budget, Jan-Jun realised, Jul-Dec forecast
KIND_EK = "ek"                    # annex: monthly realisations by two-level code
KIND_FINANSMAN = "finansman"      # the summary section
KIND_METIN = "metin"              # a headline figure stated in the prose
KIND_UNKNOWN = "bilinmeyen"
TABLE_KINDS = (KIND_GELISIM, KIND_DONEM, KIND_TAHMIN, KIND_EK, KIND_FINANSMAN, KIND_METIN, KIND_UNKNOWN)
_RANK = {KIND_FINANSMAN: 0, KIND_GELISIM: 1, KIND_DONEM: 1, KIND_TAHMIN: 1, KIND_METIN: 2}
# Column measure -> name of the total it states (budget_totals keys are <side>_<name>).
_KEY_FOR = {"oran": "ocak_haziran_orani", "tahmini_gerceklesme_orani": "yilsonu_orani"}

# Level-1 names of the analytic budget classification, for annex rows printed without a label.
_STANDARD_TITLES = {
    GIDER: {"01": "Personel Giderleri", "02": "Sosyal Güvenlik Kurumlarına Devlet Primi Giderleri",
            "03": "Mal ve Hizmet Alım Giderleri", "04": "Faiz Giderleri", "05": "Cari Transferler",
            "06": "Sermaye Giderleri", "07": "Sermaye Transferleri", "08": "Borç Verme",
            "09": "Yedek Ödenekler"},
    GELIR: {"01": "Vergi Gelirleri", "02": "Sosyal Güvenlik Gelirleri", "03": "Teşebbüs ve Mülkiyet Gelirleri",
            "04": "Alınan Bağış ve Yardımlar ile Özel Gelirler", "05": "Diğer Gelirler",
            "06": "Sermaye Gelirleri", "08": "Alacaklardan Tahsilat", "09": "Red ve İadeler"},
}
_MONTHS = ("ocak", "subat", "mart", "nisan", "mayis", "haziran")

# ------------------------------------------------------------------------------------------ cells

_CELL = re.compile(r"""^(?:
    [-−]?₺?[-−]?\d(?:[\d.,]*\d)?%?     # 1.234,56  -1.234,56  ₺1.234,56  -₺25,05  31,02%  60.69  0
  | %[-−]?\d(?:[\d.,]*\d)?             # %45,73
  | %                                  # the detached sign of "117,74 %"
  | \*{1,3} | \#\S* | [-–—]            # footnote mark, Excel error (######, #SAYI/0!), dash for empty
)$""", re.X)
_FORMATTED = re.compile(r"[.,%₺]")
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufffe"})


def _split_cells(line: str) -> tuple[str, list[str]]:
    """'03-Mal ve Hizmet 154.494.052,51 29,91%' -> ('03-Mal ve Hizmet', ['154.494.052,51', '29,91%'])."""
    tokens = line.split()
    i = len(tokens)
    while i > 0 and _CELL.match(tokens[i - 1]):
        i -= 1
    cells: list[str] = []
    for tok in tokens[i:]:
        if tok == "%" and cells and cells[-1][-1:].isdigit():
            cells[-1] += "%"
        elif cells and cells[-1] == "%":
            cells[-1] += tok
        else:
            cells.append(tok)
    return " ".join(tokens[:i]), cells


def _is_data(cells: list[str]) -> bool:
    """At least two cells and one of them formatted: a row of bare years ("2020 2021") is a header."""
    return len(cells) >= 2 and any(_FORMATTED.search(c) for c in cells)


def cell_value(cell: str) -> Decimal | None:
    """One printed cell as a number: money, "31,02%", "117,74%", "%45,73", "-₺25,05"; "*" -> None."""
    text = cell.replace("₺", "").replace("−", "-")
    return parse_percent(text) if "%" in text else parse_number(text)


def _values(names: list[str], cells: list[str]) -> dict[str, str]:
    """Column name -> Decimal as a string ("282402641.23"); blank or starred cells are left out."""
    return {name: str(v) for name, cell in zip(names, cells) if (v := cell_value(cell)) is not None}

# ----------------------------------------------------------------------------------- row reading


@dataclasses.dataclass
class _Row:
    code: str            # "01", "03.2", "toplam"
    label: str
    cells: list[str]
    line_start: int      # index of its first and last line on the page
    line_end: int
    raw: str


_MAIN_START = re.compile(r"^(\d{2})\s*-\s*(\D.*)$")
_TOTAL_START = re.compile(r"^((?:genel\s+)?toplam)\b\s*(.*)$", re.I)
_ANNEX_START = re.compile(r"^(\d{1,2})(?:\s+([1-9]\d?))?(?=\s|$)\s*(.*)$")
_MAX_WRAP = 4


def _code(first: str, second: str | None) -> str:
    return f"{int(first):02d}" + (f".{int(second)}" if second else "")


def _read_rows(lines: list[str], annex: bool) -> list[_Row]:
    """Rows are a code line plus wrapped label lines, complete at the first line that ends in cells."""
    rows: list[_Row] = []
    pending: tuple[str, list[str], int] | None = None
    for i, line in enumerate(lines):
        start = None
        if annex and (m := _ANNEX_START.match(line)) and not _YEAR.match(line):
            start = (_code(m.group(1), m.group(2)), m.group(3))
        elif not annex and (m := _MAIN_START.match(line)):
            start = (m.group(1), m.group(2))
        if (m := _TOTAL_START.match(line)) and not annex:
            start = ("toplam", m.group(1) + " " + m.group(2))
        if start:
            pending = (start[0], [], i)
            rest = start[1]
        elif pending and i - pending[2] <= _MAX_WRAP:
            rest = line
        else:
            pending = None
            if annex and rows and rows[-1].line_end == i - 1:
                label, cells = _split_cells(line)   # a row's cells wrapped onto the next line
                if not label and cells:
                    rows[-1].cells += cells
                    rows[-1].line_end = i
            continue
        label, cells = _split_cells(" ".join(pending[1] + [rest]))  # cells may start on a wrapped line
        if _is_data(cells):
            rows.append(_Row(pending[0], label.strip(), cells, pending[2], i, " ".join(lines[pending[2]:i + 1])))
            pending = None
        elif rest:
            pending[1].append(rest)
    return rows


def _title(label: str) -> str:
    """The row label as printed, its footnote star dropped ('09-Yedek Ödenek*' -> 'Yedek Ödenek')."""
    return re.sub(r"\s*\*+$", "", label).strip(" -:")

# ------------------------------------------------------------------------------------ main tables

_HEADING = re.compile(r"^(?:tablo\s*\d+\s*[:.-]\s*)?(?:19|20)\d{2}\b.{0,140}(?:gerceklesmeleri|gelisimi)$")


def _schema(heading: str | None, ncells: int, year: int | None) -> tuple[str, list[int], list[str]]:
    """Table kind, its years, and its column names, from the title (or the cell count without one)."""
    folded = fold(heading or "")
    years = [int(y) for y in _YEAR.findall(folded)]
    if heading is None and year:
        years = {3: [year - 1, year], 7: [year - 1, year], 4: [year]}.get(ncells, [])
    if len(years) >= 2 and ("ocak-haziran" in folded or ncells == 7 and not folded):
        kind = KIND_DONEM
    elif len(years) >= 2:
        kind = KIND_GELISIM
    elif len(years) == 1:
        kind = KIND_TAHMIN
    else:
        return KIND_UNKNOWN, years, [f"c{i}" for i in range(1, ncells + 1)]
    a, b = years[0], years[-1]
    names = {
        KIND_GELISIM: [f"gerceklesme_{a}", f"butce_{b}", "artis_orani"],
        KIND_DONEM: [f"gerceklesme_{a}", f"butce_{b}", f"ocak_haziran_{a}", f"ocak_haziran_{b}",
                     f"oran_{a}", f"oran_{b}", "artis_orani"],
        KIND_TAHMIN: [f"butce_{a}", f"ocak_haziran_{a}", f"temmuz_aralik_tahmini_{a}",
                      "tahmini_gerceklesme_orani"],
    }[kind]
    return kind, sorted(set(years)), names


def _side(*texts: str) -> str | None:
    """'gider' or 'gelir' from the first text that names one (title, header words, row labels)."""
    for text in texts:
        f = fold(text)
        has_gider = re.search(r"gider|odenek|butce tertibi", f)
        has_gelir = re.search(r"gelir", f)
        if has_gider and not has_gelir:
            return GIDER
        if has_gelir and not has_gider:
            return GELIR
    return None


def _group(rows: list[_Row], lines: list[str]) -> list[list[_Row]]:
    """Consecutive rows form a table until a TOPLAM row, a table title, or a long gap."""
    tables: list[list[_Row]] = []
    for row in rows:
        cur = tables[-1] if tables else None
        if (cur is None or cur[-1].code == "toplam" or row.line_start - cur[-1].line_end > 6
                or any(_HEADING.match(fold(ln)) for ln in lines[cur[-1].line_end + 1:row.line_start])):
            tables.append([row])
        else:
            cur.append(row)
    return tables


def _main_tables(lines: list[str], page_no: int, year: int | None) -> Iterator[Segment]:
    tables = _group(_read_rows(lines, annex=False), lines)
    for t, rows in enumerate(tables):
        lo = tables[t - 1][-1].line_end + 1 if t else 0
        hi = tables[t + 1][0].line_start if t + 1 < len(tables) else len(lines)
        before = [ln for ln in lines[lo:rows[0].line_start] if _HEADING.match(fold(ln))]
        after = [ln for ln in lines[rows[-1].line_end + 1:hi] if _HEADING.match(fold(ln))]
        heading = before[-1] if before else after[0] if after else None
        width = Counter(len(r.cells) for r in rows).most_common(1)[0][0]
        kind, years, names = _schema(heading, width, year)
        if len(names) != width and heading is not None:   # a title that does not fit these rows
            kind, years, names = _schema(None, width, year)
        header = " ".join(lines[lo:rows[0].line_start][-8:])
        side = _side(heading or "", header, " ".join(r.label for r in rows))
        for row in rows:
            fields = {"table": " ".join((heading or "").split()) or None, "table_kind": kind,
                      "side": side, "years": years, "page": page_no, "cells": row.cells, "values": {}}
            if len(row.cells) == len(names):
                fields["values"] = _values(names, row.cells)
            else:
                fields["warning"] = f"{len(row.cells)} cells where the table has {len(names)} columns"
            title = "Toplam" if row.code == "toplam" else _title(row.label)
            yield Segment(SEG_BUDGET_LINE, row.code, title, " ".join(row.raw.split()), page_no, page_no,
                          fields=fields)

# --------------------------------------------------------------------------------------- annexes

_ANNEX_HEADING = re.compile(r"^ek\s*-?\s*(\d+)\b\s*(.*)$")


def _annex_heading(lines: list[str]) -> str | None:
    for line in lines:
        folded = fold(line)
        if len(folded) < 80 and _ANNEX_HEADING.match(folded) and re.search(r"gider|gelir", folded):
            return " ".join(line.split())
    return None


def _annex(lines: list[str], heading: str, page_no: int, year: int | None) -> Iterator[Segment]:
    """EK-1/EK-2: year total, budget, six months x two years, Jan-Jun sums, rates, forecasts."""
    side = _side(heading) or GIDER
    header = next((ln for ln in lines if re.match(r"^(?:(?:19|20)\d\d\**\s+){3}(?:19|20)\d\d", ln)), "")
    years = sorted({int(y) for y in _YEAR.findall(header)})    # "2020 2021 2020 2021 ... 2021**"
    if len(years) < 2 and year:
        years = [year - 1, year]
    rows = _read_rows(lines, annex=True)
    width = Counter(len(r.cells) for r in rows).most_common(1)[0][0] if rows else 0
    names: list[str] = []
    if len(years) >= 2 and width in (20, 21):
        a, b = years[0], years[-1]
        names = [f"gerceklesme_{a}", f"butce_{b}"]
        names += [f"{m}_{y}" for m in _MONTHS for y in (a, b)]
        names += [f"ocak_haziran_{a}", f"ocak_haziran_{b}", "artis_orani", f"oran_{a}", f"oran_{b}"]
        names += ([f"temmuz_aralik_tahmini_{b}"] if width == 21 else []) + [f"yilsonu_tahmini_{b}"]
    for row in rows:
        fields = {"table": heading, "table_kind": KIND_EK, "side": side, "years": years,
                  "page": page_no, "cells": row.cells, "values": {}}
        if names and len(row.cells) == len(names):
            fields["values"] = _values(names, row.cells)
        else:
            fields["warning"] = f"{len(row.cells)} cells where most rows have {width}: columns unknown"
        level1 = row.code.split(".")[0]
        title = _title(row.label) or _STANDARD_TITLES[side].get(row.code, "")
        yield Segment(SEG_BUDGET_LINE, row.code, title, " ".join(row.raw.split()), page_no, page_no,
                      parent_code=level1 if "." in row.code else None, fields=fields)

# ------------------------------------------------------------------------------ Finansman + prose

_NUM = r"(-?\d{1,3}(?:\.\d{3})*(?:, ?\d+)?)"
_PCT = r"(-?\d+(?:, ?\d+)?)"
_FIN_ITEM = re.compile(
    rf"(\d{{4}}) yili (gelir butcesi|butce odenegi) ?: ?{_NUM} ?tl ?"
    rf"(ocak-haziran gerceklesme|yilsonu beklenen gerceklesme) ?: ?{_NUM} ?tl ?\( ?% ?{_PCT} ?gerceklesme ?\)")
_FIN_GAP = re.compile(rf"gelir giderden {_NUM} ?tl fazla|(gider|gelir) butcesinin (?:gerceklesen )?(?:gider|gelir) "
                      rf"butcesini {_NUM} ?tl as")
_SECTION = re.compile(r"^(?:[ivx]+|[a-h])\s*[-.]\s*\S")

# (pattern, side, [(group, measure), ...]); the first group is always the year the figure is for.
_PROSE = [
    (rf"(\d{{4}}) mali yilina ait giderlerde .{{0,60}}?toplam {_NUM} ?tl odenek ayrilmistir",
     GIDER, [(2, "butce")]),
    (rf"(\d{{4}}) yilinda {_NUM} ?tl gider gerceklesmesi olmustur", GIDER, [(2, "gerceklesme")]),
    (rf"(\d{{4}}) mali yili ocak-aralik donemi butce gider gerceklesmeleri.{{0,120}}?toplam {_NUM} ?tl olarak "
     r"gerceklesmistir", GIDER, [(2, "gerceklesme")]),
    (rf"(\d{{4}}) yilsonu gerceklesmelerinin % ?{_PCT} ?'\w* ocak-haziran", GIDER, [(2, "oran")]),
    (rf"(\d{{4}}) mali yili ocak-haziran donemi icin ilk alti aylik butce giderleri toplami ise {_NUM} ?tl "
     rf"olarak gerceklesmis olup, bu donemde butcenin kullanim orani % ?{_PCT}", GIDER,
     [(2, "ocak_haziran"), (3, "oran")]),
    (rf"\d{{4}} ve (\d{{4}}) yillari haziran sonu itibariyle gider gerceklesme toplamlari karsilastirildiginda, "
     rf"giderlerde % ?{_PCT} oraninda bir artis", GIDER, [(2, "ocak_haziran_artis_orani")]),
    (rf"(\d{{4}}) yili icin ongorulen baslangic odeneklerinde.{{0,80}}?gore (?:% ?{_PCT}|{_PCT} ?%) artis",
     GIDER, [(2, "butce_artis_orani"), (3, "butce_artis_orani")]),
    (rf"(\d{{4}}) mali yilinda toplam {_NUM} ?tl butce geliri ongorulmustur", GELIR, [(2, "butce")]),
    (rf"(\d{{4}}) mali yili ocak-aralik doneminde ise toplam net {_NUM} ?tl gelir gerceklesmistir",
     GELIR, [(2, "gerceklesme")]),
    (rf"(\d{{4}}) mali yili ocak-haziran doneminde ise toplam {_NUM} ?tl gelir gerceklesmistir",
     GELIR, [(2, "ocak_haziran")]),
    (rf"(\d{{4}}) yilsonu itibariyle yaklasik olarak {_NUM} ?tl (gider|gelir) butce gerceklesmesi",
     None, [(2, "yilsonu_tahmini")]),
    (rf"(\d{{4}}) yili butcesinde ongorulen butce gelirlerinin yaklasik % ?{_PCT}", GELIR,
     [(2, "yilsonu_orani")]),
]
_PROSE_RE = [(re.compile(p), side, groups) for p, side, groups in _PROSE]


def _number(text: str | None, percent: bool = False) -> Decimal | None:
    return None if text is None else cell_value(text.replace(" ", "") + ("%" if percent else ""))


def _finansman(lines: list[str], page_no: int, year: int | None) -> Iterator[Segment]:
    for i, line in enumerate(lines):
        if not re.fullmatch(r"(?:[a-h]\s*\.\s*)?finansman", fold(line)):
            continue
        end = next((j for j in range(i + 1, len(lines)) if _SECTION.match(fold(lines[j]))), len(lines))
        original = " ".join(lines[i + 1:end])
        text, where = _folded_with_map(original)
        phase = None
        for m in _FIN_ITEM.finditer(text):
            stated = int(m.group(1))
            y = year or stated
            side = GELIR if m.group(2).startswith("gelir") else GIDER
            phase = "ocak_haziran" if m.group(4).startswith("ocak") else "yilsonu"
            rate = "oran" if phase == "ocak_haziran" else "yilsonu_orani"
            measure = "ocak_haziran" if phase == "ocak_haziran" else "yilsonu_tahmini"
            values = {f"butce_{y}": _number(m.group(3)), f"{measure}_{y}": _number(m.group(5)),
                      f"{rate}_{y}": _number(m.group(6), percent=True)}
            fields = {"table": "Finansman", "table_kind": KIND_FINANSMAN, "side": side, "years": [y],
                      "page": page_no, "values": {k: str(v) for k, v in values.items() if v is not None}}
            if stated != y:
                fields["stated_year"] = stated
                fields["warning"] = f"printed as {stated} in a {y} report"
            yield Segment(SEG_BUDGET_LINE, side, "Gelir" if side == GELIR else "Gider",
                          _span(original, where, m), page_no, page_no, fields=fields)
        if (m := _FIN_GAP.search(text)) and phase:   # y: the year of the block's last figure
            amount = _number(m.group(1) or m.group(3))
            if amount is not None:
                amount = -amount if m.group(2) == GIDER else amount
                yield Segment(SEG_BUDGET_LINE, "fark", "Gelir - Gider", _span(original, where, m),
                              page_no, page_no,
                              fields={"table": "Finansman", "table_kind": KIND_FINANSMAN, "side": DENGE,
                                      "years": [y], "page": page_no,
                                      "values": {f"farki_{phase}_{y}": str(amount)}})


_MEASURE_TITLES = {
    "butce": "bütçesi", "gerceklesme": "yıllık gerçekleşme", "ocak_haziran": "Ocak-Haziran gerçekleşme",
    "ocak_haziran_orani": "Ocak-Haziran gerçekleşme oranı", "butce_artis_orani": "bütçe artış oranı",
    "ocak_haziran_artis_orani": "Ocak-Haziran artış oranı", "yilsonu_tahmini": "yılsonu gerçekleşme tahmini",
    "yilsonu_orani": "yılsonu tahmini gerçekleşme oranı",
}


def _folded_with_map(text: str) -> tuple[str, list[int]]:
    """The folded text (single spaces) and, for each of its characters, where it came from in ``text``:
    patterns match the folded form, segments quote the printed one."""
    out: list[str] = []
    where: list[int] = []
    for i, c in enumerate(text):
        piece = " " if c.isspace() else fold(c)
        if piece == " " and (not out or out[-1] == " "):
            continue
        out.extend(piece)
        where.extend([i] * len(piece))
    return "".join(out), where


def _span(text: str, where: list[int], m: re.Match) -> str:
    """The printed words behind a match on the folded text."""
    return " ".join(text[where[m.start()]:where[m.end() - 1] + 1].split())


def _prose(text: str, page_no: int) -> Iterator[Segment]:
    folded, where = _folded_with_map(text)
    for pattern, side, groups in _PROSE_RE:
        for m in pattern.finditer(folded):
            y = int(m.group(1))
            this_side = side or m.group(m.lastindex)
            values = {f"{measure}_{y}": str(v) for group, measure in groups
                      if (v := _number(m.group(group), percent="oran" in measure)) is not None}
            if values:
                measure = next(iter(values)).rsplit("_", 1)[0]
                measure = _KEY_FOR.get(measure, measure)
                title = f"{this_side.capitalize()} {_MEASURE_TITLES.get(measure, measure)} ({y})"
                yield Segment(SEG_BUDGET_LINE, f"{this_side}_{measure}", title, _span(text, where, m),
                              page_no, page_no,
                              fields={"table": "Metin", "table_kind": KIND_METIN, "side": this_side,
                                      "years": [y], "page": page_no, "values": values})

# ------------------------------------------------------------------------------------ public API

_REPORT_YEAR = [re.compile(r"((?:19|20)\d{2}) yili kurumsal mali durum"),
                re.compile(r"ocak-haziran ((?:19|20)\d{2}) donemi butce uygulama")]


def report_year(pages: list[str]) -> int | None:
    """The fiscal year the report is about, from its title line or its first section heading."""
    for pattern in _REPORT_YEAR:
        for text in pages:
            if m := pattern.search(fold(text.translate(_DASHES))):
                return int(m.group(1))
    return None


def parse_financial_report(pages: list[str], year: int | None = None) -> list[Segment]:
    """Every budget line of the report: table rows, annex rows, Finansman figures, prose totals."""
    year = year or report_year(pages)
    segments: list[Segment] = []
    for page_no, raw in enumerate(pages, 1):
        text = raw.translate(_DASHES)
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        heading = _annex_heading(lines)
        if heading:
            segments += _annex(lines, heading, page_no, year)
            continue
        segments += _main_tables(lines, page_no, year)
        segments += _finansman(lines, page_no, year)
        segments += _prose(text, page_no)
    for i, seg in enumerate(segments):
        seg.ordinal = i
    return segments


_Candidate = collections.namedtuple("_Candidate", "year key value rank page table")


def _candidates(segments: list[Segment]) -> Iterator[_Candidate]:
    """(year, key, value) of every printed total: TOPLAM rows, Finansman lines and prose figures."""
    for seg in segments:
        f = seg.fields
        kind = f.get("table_kind")
        if kind not in _RANK or (kind not in (KIND_FINANSMAN, KIND_METIN) and seg.code != "toplam"):
            continue
        if not f.get("side") or not f.get("years"):
            continue
        for name, value in f.get("values", {}).items():
            measure, _, tail = name.rpartition("_")
            if tail.isdigit() and len(tail) == 4:
                y = int(tail)
            else:
                measure, y = name, f["years"][-1]
            if measure == "artis_orani":
                measure = "butce_artis_orani" if kind == KIND_GELISIM else "ocak_haziran_artis_orani"
            key = f"{f['side']}_{_KEY_FOR.get(measure, measure)}"
            yield _Candidate(y, key, Decimal(value), _RANK[kind], seg.page_start, f.get("table") or kind)


def budget_totals(segments: list[Segment]) -> dict[int, dict[str, Decimal]]:
    """Headline totals per year as the report states them: {2021: {"gider_butce": ..., ...}}.

    Keys are ``<gider|gelir>_<measure>``: butce (initial appropriation / planned revenue), gerceklesme
    (whole-year realisation), ocak_haziran (Jan-Jun realisation), ocak_haziran_orani, butce_artis_orani,
    ocak_haziran_artis_orani, temmuz_aralik_tahmini, yilsonu_tahmini, yilsonu_orani; rates in percent.
    ``gelir_gider_farki_<phase>`` is revenue minus expenditure as the Finansman section states it.
    Finansman beats the tables, tables beat prose; within a rank the first printed wins.
    """
    best: dict[tuple[int, str], _Candidate] = {}
    for cand in _candidates(segments):
        cur = best.get((cand.year, cand.key))
        if cur is None or cand.rank < cur.rank:
            best[(cand.year, cand.key)] = cand
    out: dict[int, dict[str, Decimal]] = {}
    for (y, key), cand in sorted(best.items()):
        out.setdefault(y, {})[key] = cand.value
    return out


def total_disagreements(segments: list[Segment]) -> list[dict]:
    """Totals the report prints with different values: [{year, key, values: [(value, table, page)]}]."""
    seen: dict[tuple[int, str], list[_Candidate]] = {}
    for cand in _candidates(segments):
        seen.setdefault((cand.year, cand.key), []).append(cand)
    out = []
    for (y, key), cands in sorted(seen.items()):
        if len({c.value for c in cands}) > 1:
            out.append({"year": y, "key": key,
                        "values": [(c.value, c.table, c.page) for c in sorted(cands, key=lambda c: c.rank)]})
    return out
