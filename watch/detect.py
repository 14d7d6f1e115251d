"""What a file says it is: document type, period and municipality, read from its first pages.

The crawler classifies a document from the link that led to it ("Meclis Kararları", a file name, a
menu); that guess is usually right and sometimes not (a programme filed under "Kararlar", a plan
uploaded as ``dosya_17.pdf``). A Turkish municipal document names itself on its cover or first page
in fixed words: "2025-2029 STRATEJİK PLANI", "2026 YILI PERFORMANS PROGRAMI", "2025 YILI FAALİYET
RAPORU", "MECLİS KARARI" (with "Karar Tarihi" dates), "MECLİS GÜNDEMİ", "... KOMİSYONU RAPORU",
"KURUMSAL MALİ DURUM VE BEKLENTİLER RAPORU", and "<X> BELEDİYESİ". :func:`detect` reads those words
(Turkish-folded, so "STRATEJİK PLANI", "Stratejik Planı" and OCR's "STRATEJIK PLANI" are one
phrase) and says what it found and why (``evidence``), so a wrong correction can be traced.

Detection only reports; ``watch.process`` decides whether the content overrides the crawler (see
``OVERRIDE_CONFIDENCE`` there) and records both, never rewriting ``documents``.

Confidence: 1.0 for a heading-like line (short, mostly capitals) on page 1, lower further down the
first pages or for a title-case line; 0.6 for a bundle recognised only by its "Karar No" labels.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter

from muniwatch import constants as C
from watch.turkish import fold, parse_month

#: Bump when detect() can give a different answer for some input (it is part of process.PARSER_VERSION).
DETECT_VERSION = 1

MAX_PAGES = 3          # type and municipality come from the first pages only
MAX_LINES = 80         # ...and from the first lines of each
MAX_HEADING_CHARS = 110

_YEAR = r"((?:19|20)\d\d)"
_MONTHS = r"(ocak|subat|mart|nisan|mayis|haziran|temmuz|agustos|eylul|ekim|kasim|aralik)"

# (doc type, pattern on a folded line); more specific titles first: a programme's cover may also
# name the plan it implements, a financial report is also a "rapor".
_TITLES: list[tuple[str, re.Pattern[str]]] = [
    (C.FINANCIAL_REPORT, re.compile(r"kurumsal mali durum(?: ve beklentiler)?(?: raporu)?")),
    (C.PERFORMANCE_PROGRAMME, re.compile(r"performans program")),
    (C.ACTIVITY_REPORT, re.compile(r"faaliyet rapor")),
    (C.STRATEGIC_PLAN, re.compile(r"stratejik plan(?:i|\b)")),
    (C.COMMITTEE_REPORT, re.compile(r"komisyonu? raporu\W*$")),
    (C.COUNCIL_AGENDA, re.compile(r"meclis(?: toplanti)? gundemi|^gundem\W*$|^gundem\s*[-:]")),
    (C.COUNCIL_DECISIONS, re.compile(r"^\W*meclis karar(?:i|lari)\b|karar ozetleri|meclis kararlari"
                                     r"|birlesim tutanag|tutanak ozeti")),
]
_EDEVLET_HEADING = re.compile(r"^\W*belediye meclisi\W*$")
_KARAR_LABEL = re.compile(r"karar\s*(?:no|tarihi)\b")
_DATE = re.compile(r"(?<!\d)(\d{1,2})\s*[./]\s*(\d{1,2})\s*[./]\s*((?:19|20)\d\d)(?!\d)")
_MONTH_YEAR = re.compile(rf"\b{_MONTHS}\s*[-/ ]?\s*{_YEAR}\b|\b{_YEAR}\s*[-/ ]?\s*{_MONTHS}\b")
_KIND_WORDS = {"ilce", "belde", "il"}   # "<X> İLÇE BELEDİYESİ" is "<X> Belediyesi"
_NAME = re.compile(r"((?:[^\W\d_][\w'.-]*\s+){1,3})(belediyesi|belediye baskanligi)\b")


@dataclasses.dataclass
class Detection:
    doc_type: str | None            # from the content; None when the first pages do not say
    period: str | None              # "2025-2029", "2026", "2025-06"; None when not found
    municipality_id: str | None     # a registry id when "<X> BELEDİYESİ" matched a registry name
    confidence: float               # of doc_type, 0..1 (0 when doc_type is None)
    evidence: list[str] = dataclasses.field(default_factory=list)
    municipality_name: str | None = None   # the name as printed, even when not in the registry

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)


@dataclasses.dataclass
class _Line:
    page: int       # 1-based
    index: int      # position among the page's non-blank lines
    text: str
    folded: str


def _lines(pages: list[str], max_pages: int = MAX_PAGES) -> list[_Line]:
    out = []
    for number, page in enumerate(pages[:max_pages], start=1):
        nonblank = [ln.strip() for ln in page.splitlines() if ln.strip()]
        out += [_Line(number, i, ln, fold(ln)) for i, ln in enumerate(nonblank[:MAX_LINES])]
    return out


def _heading_weight(line: _Line) -> float:
    """How much a line looks like a title: short and in capitals is a heading; a sentence is not."""
    if len(line.text) > MAX_HEADING_CHARS:
        return 0.0
    letters = [c for c in line.text if c.isalpha()]
    if not letters:
        return 0.0
    upper = sum(c.isupper() for c in letters) / len(letters)
    if upper >= 0.7:
        return 1.0
    return 0.8 if len(line.text.split()) <= 12 else 0.0


def _type_from_title(lines: list[_Line]) -> tuple[str | None, float, _Line | None]:
    best: tuple[float, int, str, _Line] | None = None
    for order, line in enumerate(lines):
        weight = _heading_weight(line)
        if not weight:
            continue
        for doc_type, pattern in _TITLES:
            if pattern.search(line.folded):
                score = weight - 0.1 * (line.page - 1) - 0.004 * line.index
                if best is None or score > best[0] + 1e-9:
                    best = (score, order, doc_type, line)
                break           # first (most specific) title pattern of the line only
    if best is None:
        return None, 0.0, None
    return best[2], round(max(0.3, min(1.0, best[0])), 2), best[3]


def _decision_labels(lines: list[_Line]) -> _Line | None:
    """A bundle printed without a "MECLİS KARARI" heading: "BELEDİYE MECLİSİ" then "Karar No"."""
    for i, line in enumerate(lines):
        if _EDEVLET_HEADING.match(line.folded):
            window = " ".join(other.folded for other in lines[i + 1:i + 6])
            if _KARAR_LABEL.search(window):
                return line
    labels = [line for line in lines if _KARAR_LABEL.search(line.folded)]
    return labels[0] if len(labels) >= 2 else None


# ------------------------------------------------------------------------------------------ period


def _years_near(lines: list[_Line], anchor: _Line | None, radius: int = 3) -> list[str]:
    if anchor is None:
        return []
    near = [ln for ln in lines if ln.page == anchor.page and abs(ln.index - anchor.index) <= radius]
    near.sort(key=lambda ln: abs(ln.index - anchor.index))
    return [ln.folded for ln in near]


def _plan_period(texts: list[str]) -> str | None:
    for text in texts:
        if m := re.search(rf"{_YEAR}\s*[-–/]\s*{_YEAR}", text):
            start, end = int(m.group(1)), int(m.group(2))
            if 0 < end - start <= 6:
                return f"{start}-{end}"
    return None


def _year_period(texts: list[str]) -> str | None:
    for pattern in (rf"{_YEAR}\s+(?:mali\s+)?yili", rf"ocak\s*-\s*haziran\s+{_YEAR}", rf"^\W*{_YEAR}\W*$",
                    rf"\b{_YEAR}\b(?!\s*[-–/]\s*\d)"):
        for text in texts:
            if m := re.search(pattern, text):
                return m.group(1)
    return None


def _month_of(text: str) -> str | None:
    for m in _MONTH_YEAR.finditer(text):
        found = parse_month(m.group(0))
        if found:
            return f"{found[0]}-{found[1]:02d}"
    return None


def _decision_month(pages: list[str]) -> str | None:
    """The month most "Karar Tarihi" dates fall in (a bundle is one monthly meeting)."""
    months: Counter[str] = Counter()
    for page in pages:
        lines = [fold(ln) for ln in page.splitlines() if ln.strip()]
        for i, line in enumerate(lines):
            if "karar tarihi" in line:
                window = " ".join(lines[i:i + 3])
                if m := _DATE.search(window[window.index("karar tarihi"):]):
                    day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
                    if 1 <= month <= 12 and 1 <= day <= 31:
                        months[f"{year}-{month:02d}"] += 1
    return months.most_common(1)[0][0] if months else None


def _first_date_month(texts: list[str], label: str | None = None) -> str | None:
    for text in texts:
        if label and label not in text:
            continue
        if m := _DATE.search(text[text.index(label):] if label else text):
            if 1 <= int(m.group(2)) <= 12:
                return f"{m.group(3)}-{int(m.group(2)):02d}"
    return None


def _period(doc_type: str | None, pages: list[str], lines: list[_Line], anchor: _Line | None) -> str | None:
    near = _years_near(lines, anchor)
    if doc_type == C.STRATEGIC_PLAN:
        return _plan_period(near) or _plan_period([ln.folded for ln in lines])
    if doc_type in (C.PERFORMANCE_PROGRAMME, C.ACTIVITY_REPORT, C.FINANCIAL_REPORT):
        return _year_period(near) or _year_period([ln.folded for ln in lines if _heading_weight(ln)])
    if doc_type == C.COUNCIL_DECISIONS:
        return (_decision_month(pages) or (_month_of(anchor.folded) if anchor else None)
                or next(filter(None, (_month_of(t) for t in near)), None))
    if doc_type in (C.COUNCIL_AGENDA, C.COMMITTEE_REPORT):
        head = [ln.folded for ln in lines if ln.page == 1][:15]
        return (next(filter(None, (_month_of(t) for t in near)), None)
                or _first_date_month(head, "rapor tarihi") or _first_date_month(head, "toplanti donemi")
                or next(filter(None, (_month_of(t) for t in head)), None) or _first_date_month(head))
    return None


# ------------------------------------------------------------------------------------ municipality


def _registry_index(registry_names: dict[str, str]) -> dict[str, str]:
    index = {}
    for mid, name in registry_names.items():
        folded = fold(name)
        if not folded.endswith("belediyesi"):
            folded += " belediyesi"
        index.setdefault(folded, mid)
    return index


def _municipality(lines: list[_Line], registry_names: dict[str, str]) -> tuple[str | None, str | None, str | None]:
    """(registry id, printed name, evidence) of the municipality named most often in the first pages."""
    index = _registry_index(registry_names)
    found: Counter[tuple[str | None, str]] = Counter()
    first: dict[tuple[str | None, str], _Line] = {}
    for line in lines:
        for m in _NAME.finditer(line.folded):
            words = m.group(1).split()
            while len(words) > 1 and words[-1] in _KIND_WORDS:   # "KOCAELİ GEBZE İLÇE BELEDİYESİ"
                words.pop()
            match = None
            for k in range(len(words), 0, -1):   # longest name first: "kocaeli buyuksehir belediyesi"
                candidate = " ".join(words[-k:]) + " belediyesi"
                if candidate in index:
                    match = (index[candidate], candidate)
                    break
            if match is None:
                tail = words[-2:] if words[-1] == "buyuksehir" else words[-1:]
                match = (None, " ".join(tail) + " belediyesi")
            weight = 2 if _heading_weight(line) == 1.0 else 1
            found[match] += weight
            first.setdefault(match, line)
    if not found:
        return None, None, None
    registered = [key for key in found if key[0] is not None]
    pool = registered or list(found)
    best = max(pool, key=lambda key: (found[key], -lines.index(first[key])))
    line = first[best]
    printed = _printed_name(line.text, best[1])
    return best[0], printed, f'p{line.page}: "{line.text[:90]}" → {best[0] or "not in the registry"}'


def _printed_name(text: str, folded_name: str) -> str:
    """The name as the document prints it ("GEBZE BELEDİYESİ"), found by folding word windows."""
    words = text.split()
    n = len(folded_name.split())
    for i in range(len(words) - n + 1):
        window = " ".join(words[i:i + n])
        if fold(window).strip(".,:;") == folded_name:
            return window.strip(".,:;")
    return folded_name


# ------------------------------------------------------------------------------------------ public


def detect(pages: list[str], *, hint_type: str | None = None, hint_period: str | None = None,
           registry_names: dict[str, str] | None = None) -> Detection:
    """Read type, period and municipality from the first pages' own words.

    ``hint_type`` (the crawler's type) only chooses how to look for a period when the content does
    not name its type; ``hint_period`` breaks no ties and is never returned as if detected. Both are
    in the signature so callers pass what they know and the evidence can say "agrees" or "differs".
    """
    lines = _lines(pages)
    evidence: list[str] = []
    doc_type, confidence, anchor = _type_from_title(lines)
    if doc_type is None:
        labelled = _decision_labels(_lines(pages, max_pages=2))
        if labelled is not None:
            doc_type, confidence, anchor = C.COUNCIL_DECISIONS, 0.6, labelled
    if anchor is not None:
        evidence.append(f'p{anchor.page}: "{anchor.text[:90]}" → {doc_type}')
    period = _period(doc_type or hint_type, pages, lines, anchor)
    if period:
        evidence.append(f"period {period}")
    if hint_type and doc_type:
        evidence.append(f"crawler said {hint_type}: {'agrees' if hint_type == doc_type else 'differs'}")
    if hint_period and period and hint_period != period:
        evidence.append(f"crawler said period {hint_period}: differs")
    municipality_id, printed, why = _municipality(lines, registry_names or {})
    if why:
        evidence.append(why)
    return Detection(doc_type=doc_type, period=period, municipality_id=municipality_id,
                     confidence=confidence if doc_type else 0.0, evidence=evidence,
                     municipality_name=printed)
