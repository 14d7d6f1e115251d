"""Which document a link points to: type, period and variant, from its text, URL and context.

Why a module of its own: the stable identity of a document (municipality + type + period + variant,
see ``db.store.identity``) is decided here, before a byte is downloaded, from nothing but what the
linking page says. It is pure (no network, no clock) so every real-world spelling we meet can be
pinned in a unit test.

Matching is Turkish-aware: text goes through ``watch.turkish.fold`` (so "FAALİYET RAPORU",
"Faalıyet Raporu" and "faaliyet raporu" meet), then loses its diacritics, so URL slugs written in
ASCII ("performans-programi") match too. URLs are percent-decoded (UTF-8, falling back to
windows-1254, which many municipal servers still use) and ``-``/``_``/``+`` read as spaces.

Sources are read in order of trust: the link text, the file name, the URL, then the surrounding
context (a table row, the page heading). The type comes from the first that names one; the period
from the first that gives one valid for that type. Anything that is a guide, a preparation
programme or an evaluation of a plan is deliberately *not* classified: it would otherwise share the
identity of the plan itself and show up as a bogus new version.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes, urlsplit

from rapidfuzz import fuzz

from muniwatch import constants as C
from watch.turkish import MONTH_NAMES, fold

__all__ = ["SUMMARY_VARIANT", "Classification", "classify", "norm", "url_text", "find_period", "committee_slug",
           "mentions_documents"]

_ASCII = str.maketrans("çğıöşüâîûéè", "cgiosuaiuee")
# windows-1254 text decoded as latin-1/cp1252 by a server or CMS that forgot its charset ("Yýlý").
_MOJIBAKE = str.maketrans("ýþðÝÞÐ", "ışğİŞĞ")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_YEAR = r"20[0-9]{2}"


# Council decision *summaries* ("Meclis Karar Özetleri", and HTML decision pages) are a document of
# their own beside the monthly bundle of full decisions: same type and month, this variant.
SUMMARY_VARIANT = "ozet"


@dataclass(frozen=True)
class Classification:
    doc_type: str
    period: str | None
    variant: str
    confidence: float
    reason: str


def norm(text: str) -> str:
    """Turkish fold, then ASCII, then words separated by single spaces ("İmar-Bayındırlık" -> "imar bayindirlik")."""
    return " ".join(_NON_WORD.sub(" ", fold(text.translate(_MOJIBAKE)).translate(_ASCII)).split())


def _light(text: str) -> str:
    """Fold and ASCII but keep punctuation (periods need "06.2025", "2025-2029", "/2025-6")."""
    return fold(text.translate(_MOJIBAKE)).translate(_ASCII)


def _decode(raw: str) -> str:
    data = unquote_to_bytes(raw)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("windows-1254", errors="replace")


def url_text(url: str) -> str:
    """The path of a URL (and its query values) as words: decoded, ``-_+/.=&`` read as spaces."""
    parts = urlsplit(url)
    path = _decode(parts.path.replace("+", " "))
    query = _decode(parts.query.replace("+", " "))
    return re.sub(r"[-_+/.=&?]+", " ", f"{path} {query}").strip()


def _url_raw(url: str) -> str:
    parts = urlsplit(url)
    return _decode(parts.path) + (" " + _decode(parts.query) if parts.query else "")


def _filename_of(url: str) -> str:
    last = _decode(urlsplit(url).path).rsplit("/", 1)[-1]
    return last if "." in last else ""


# ---------------------------------------------------------------- document types

# (doc type, exact phrases in normalised text, fuzzy phrase or None). Order = priority when a text
# names two types: the more specific wins ("2026 Performans Programı (2025-2029 Stratejik Planı)").
_TYPES: tuple[tuple[str, tuple[str, ...], str | None], ...] = (
    (C.FINANCIAL_REPORT, ("mali durum ve beklentiler", "mali durum beklentiler"), "mali durum ve beklentiler"),
    (C.COMMITTEE_REPORT, ("komisyon raporu", "komisyon raporlari", "komisyonu raporu", "komisyonu raporlari",
                          "komisyon rapor", "komisyonu karari", "komisyon kararlari"), None),
    (C.COUNCIL_DECISIONS, ("meclis kararlari", "meclis karari", "meclis karar", "karar ozetleri", "karar ozeti",
                           "kararlar ozeti", "alinan kararlar", "meclis kararlar"), "meclis kararlari"),
    (C.COUNCIL_AGENDA, ("meclis gundemi", "meclis gundem", "toplanti gundemi", "oturum gundemi",
                        "birlesim gundemi", "gundem maddeleri"), "meclis gundemi"),
    (C.ACTIVITY_REPORT, ("faaliyet raporu", "faaliyet raporlari", "faaliyet rapor", "faaliyet raporumuz"),
     "faaliyet raporu"),
    (C.PERFORMANCE_PROGRAMME, ("performans programi", "performans programlari", "performans program",
                               "performans programimiz"),
     "performans programi"),
    (C.STRATEGIC_PLAN, ("stratejik plan", "stratejik plani", "stratejik planlari", "stratejik planimiz",
                        "stratejik plana", "stratejik planina"), "stratejik plan"),
)
_FUZZY_MIN = 88.0

# Things that mention a type but are not that document (they would steal its identity).
_NOT_DOCUMENT = ("hazirlik programi", "hazirlik rehberi", "rehber", "kilavuz", "izleme ve degerlendirme",
                 "degerlendirme raporu", "izleme raporu", "genelge", "yonetmelik", "egitim sunumu",
                 "duyuru", "ilan ")

# Words that make a page worth following in discovery (type words plus where sites file them).
_TOPIC_WORDS = ("stratejik", "plan", "performans", "program", "faaliyet", "rapor", "meclis", "karar",
                "gundem", "komisyon", "stratejik yonetim", "kurumsal", "yayinlar", "belgeler",
                "mali durum", "yazi isleri", "raporlar", "dokuman", "dokumanlar", "mevzuat")


def mentions_documents(text: str) -> bool:
    """True when ``text`` (link text or URL words) speaks of the documents we look for."""
    words = f" {norm(text)} "
    return any(f" {w}" in words for w in _TOPIC_WORDS)


def _type_of(text: str) -> tuple[str, float, str] | None:
    """(doc type, confidence, matched phrase) named by already-normalised ``text``."""
    if not text:
        return None
    padded = f" {text} "
    for doc_type, phrases, _ in _TYPES:
        for phrase in phrases:
            if f" {phrase} " in padded:
                return doc_type, 1.0, phrase
    for doc_type, _, fuzzy in _TYPES:
        if fuzzy and len(text) >= len(fuzzy) - 3:
            score = fuzz.partial_ratio(fuzzy, text)
            if score >= _FUZZY_MIN:
                return doc_type, 0.85, f"~{fuzzy} ({score:.0f})"
    return None


def _excluded(text: str) -> str | None:
    padded = f" {text} "
    return next((w.strip() for w in _NOT_DOCUMENT if f" {w}" in padded), None)


# ---------------------------------------------------------------- periods

_MONTHS = tuple(fold(name) for name in MONTH_NAMES)   # folded: "subat", "agustos"
_MONTH_RE = "|".join(_MONTHS)
_RANGE = re.compile(rf"(?<!\d)({_YEAR})\s*(?:[-–—/_]|\s)\s*((?:20)?[0-9]{{2}})(?!\d)")
_YEAR_RE = re.compile(rf"(?<!\d)({_YEAR})(?!\d)")
_DATE_DMY = re.compile(rf"(?<!\d)([0-3]?[0-9])[./-](0?[1-9]|1[0-2])[./-]({_YEAR})(?!\d)")
_DATE_YMD = re.compile(rf"(?<!\d)({_YEAR})[-/.](0?[1-9]|1[0-2])(?:[-/.]([0-3]?[0-9]))?(?!\d)")
_MY = re.compile(rf"(?<!\d)(0?[1-9]|1[0-2])[./-]({_YEAR})(?!\d)")
_NAME_Y = re.compile(rf"\b({_MONTH_RE})(?:\s+ayi)?\s*[-,/]?\s*({_YEAR})(?!\d)")
_Y_NAME = re.compile(rf"(?<!\d)({_YEAR})\s*(?:yili)?\s*[-,/]?\s*({_MONTH_RE})\b")
_NAME = re.compile(rf"\b({_MONTH_RE})\b")

_PLAN_TYPES = {C.STRATEGIC_PLAN}
_MONTH_TYPES = {C.COUNCIL_DECISIONS, C.COUNCIL_AGENDA, C.COMMITTEE_REPORT}


def _plan_span(text: str) -> str | None:
    for m in _RANGE.finditer(text):
        start = int(m.group(1))
        end_raw = m.group(2)
        end = int(end_raw) if len(end_raw) == 4 else (start // 100) * 100 + int(end_raw)
        if end - start == 4:
            return f"{start}-{end}"
    return None


def _month(text: str) -> str | None:
    for rx, y, mo in ((_NAME_Y, 2, 1), (_Y_NAME, 1, 2)):
        m = rx.search(text)
        if m:
            return f"{m.group(y)}-{_MONTHS.index(m.group(mo)) + 1:02d}"
    m = _DATE_DMY.search(text)
    if m:
        return f"{m.group(3)}-{int(m.group(2)):02d}"
    m = _DATE_YMD.search(text)
    if m:
        return f"{m.group(1)}-{int(m.group(2)):02d}"
    m = _MY.search(text)
    if m:
        return f"{m.group(2)}-{int(m.group(1)):02d}"
    return None


def _month_and_year_apart(texts: list[str]) -> tuple[str | None, str | None]:
    """"Ağustos Ayı Meclis Gündemi" under a heading "2025 Yılı ...": month and year from two places."""
    month = next((m.group(1) for t in texts if (m := _NAME.search(_light(t)))), None)
    years = next((ys for t in texts if (ys := _single_years(_light(t)))), None)
    if month is None or not years or len({y for y, _ in years}) != 1:
        return None, None
    return f"{years[0][0]}-{_MONTHS.index(month) + 1:02d}", "month and year found apart"


def _single_years(text: str) -> list[tuple[int, int]]:
    """(year, position) of years that are not part of a five-year span."""
    spans = []
    for m in _RANGE.finditer(text):
        start, end_raw = int(m.group(1)), m.group(2)
        end = int(end_raw) if len(end_raw) == 4 else (start // 100) * 100 + int(end_raw)
        if 1 <= end - start <= 5:
            spans.append(m.span())
    return [(int(m.group(1)), m.start()) for m in _YEAR_RE.finditer(text)
            if not any(a <= m.start() < b for a, b in spans)]


def _year(text: str, doc_type: str) -> str | None:
    years = _single_years(text)
    if not years:
        return None
    if len({y for y, _ in years}) == 1:
        return str(years[0][0])
    # "2024 Yılı Faaliyet Raporu" / "2026 yılı performans programı": the year said with "yılı" wins.
    for m in re.finditer(rf"(?<!\d)({_YEAR})\s+yili\b", text):
        if any(m.start() == pos for _, pos in years):
            return m.group(1)
    values = sorted({y for y, _ in years})
    # An activity report is published the year after the one it reports on; a programme the year before.
    return str(values[0] if doc_type == C.ACTIVITY_REPORT else values[-1])


def find_period(text: str, doc_type: str) -> str | None:
    """The period ``text`` gives for a document of ``doc_type`` ("2025-2029", "2026", "2025-06")."""
    light = _light(text)
    if doc_type in _PLAN_TYPES:
        span = _plan_span(light)
        if span:
            return span
        # "Stratejik Plan 2025": plans run five years from the year after the local elections, so a
        # lone year is the first year of the span (the 2025-2029 plans followed the 2024 elections).
        years = _single_years(light)
        return f"{years[0][0]}-{years[0][0] + 4}" if len(years) == 1 else None
    if doc_type in _MONTH_TYPES:
        return _month(light)
    return _year(light, doc_type)


# ---------------------------------------------------------------- committee variants

_SLUG_STOP = {"meclis", "ihtisas", "belediye", "belediyesi", "raporu", "raporlari", "karari", "komisyon",
              "komisyonlari", "komisyonu", "dosyalar", "dosya", "uploads", "upload", "pdf", "yili", "ayi"} | set(_MONTHS)
_SLUG_DROP_LEAD = {"ve", "donem", "tarihli", "nolu", "sayili", "ait", "iliskin"}


def committee_slug(text: str) -> str:
    """The committee a report is from, as a slug ('' if none is named).

    "Kadın-Erkek Fırsat Eşitliği Komisyonu Raporu" -> "kadin-erkek-firsat-esitligi-komisyonu": the
    committee's own name, so the slug of the link text and of a URL written from it agree.
    """
    words = norm(re.sub(r"\d+", " ", text)).split()
    for i, word in enumerate(words):
        if word not in ("komisyonu", "komisyonunun", "komisyonumuz"):
            continue
        kept: list[str] = []
        for prev in reversed(words[max(0, i - 6):i]):
            if prev in _SLUG_STOP:
                break
            kept.insert(0, prev)
        while kept and kept[0] in _SLUG_DROP_LEAD:
            kept.pop(0)
        if kept:
            return "-".join(kept + ["komisyonu"])
    return ""


# ---------------------------------------------------------------- the classifier

_GENERIC = {"indir", "tikla", "tiklayiniz", "tiklayin", "goruntule", "pdf", "incele", "detay", "dosya",
            "ek", "link", "buraya tiklayin", "buradan", "oku", "ac", "download"}


def classify(link_text: str, url: str, context_text: str = "", filename: str | None = None) -> Classification | None:
    """Classify a candidate document link; ``None`` when it is not one of our document types.

    ``context_text`` is the table row, list item or page heading around the link; it is used only
    when the link itself does not say enough. ``filename`` is a Content-Disposition name, if known.
    """
    link = norm(link_text or "")
    if link in _GENERIC:
        link = ""
    fname = filename or _filename_of(url)
    sources = [
        ("link text", link_text or "", link, 1.0),
        ("file name", fname, norm(re.sub(r"[-_+.]", " ", fname)), 0.9),
        ("URL", _url_raw(url), norm(url_text(url)), 0.8),
        ("context", context_text or "", norm(context_text or ""), 0.6),
    ]
    found = None
    for where, raw, text, weight in sources:
        hit = _type_of(text)
        if hit:
            found = (where, raw, text, weight, hit)
            break
    if found is None:
        return None
    where, _, text, weight, (doc_type, match_conf, phrase) = found
    blocked = _excluded(text)
    if blocked:
        return None
    period, period_from = None, None
    for p_where, p_raw, _, _ in sources:
        candidate = find_period(p_raw if p_where != "URL" else p_raw.replace("+", " "), doc_type)
        if candidate is None and p_where == "URL":
            candidate = find_period(url_text(url), doc_type)
        if candidate:
            period, period_from = candidate, p_where
            break
    if period is None and doc_type in _MONTH_TYPES:
        period, period_from = _month_and_year_apart([raw for _, raw, _, _ in sources])
    variant = ""
    if doc_type == C.COUNCIL_DECISIONS and any(" ozet" in f" {text}" for _, _, text, _ in sources[:3]):
        variant = SUMMARY_VARIANT
    if doc_type == C.COMMITTEE_REPORT:
        for where_, raw, _, _ in sources:
            variant = committee_slug(url_text(url) if where_ == "URL" else raw)
            if variant:
                break
    confidence = round(weight * match_conf * (1.0 if period else 0.6), 3)
    reason = f"{where}: '{phrase}'" + (f"; period from {period_from}" if period else "; no period")
    return Classification(doc_type, period, variant, confidence, reason)
