"""Turkish text: case, folding, search keys, PDF cleanup, numbers and dates.

Every part of muniwatch (link matching, full-text search, diffs, structure parsing, the gender lexicon)
must agree on one notion of "the same Turkish word", so that notion lives here. Python's own
``str.lower()`` turns "KADIN" into "kadin" and "İ" into "i" plus a combining dot; Turkish needs
I→ı and İ→i. ``fold`` is the matching form (no case, no diacritics, ı = i); ``search_key`` adds a small,
predictable suffix stripper so that "kadınlara" finds "KADININ".
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import Counter
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import lru_cache

import snowballstemmer

#: Bump whenever ``normalize_for_compare`` gives a different output for any input; diffs store it.
NORMALIZER_VERSION = 1

# ----------------------------------------------------------------------------------------- case

def tr_lower(s: str) -> str:
    """Lower-case with Turkish dotted/dotless i (I→ı, İ→i); everything else as ``str.lower``."""
    return s.replace("I", "ı").replace("İ", "i").lower()


def tr_upper(s: str) -> str:
    """Upper-case with Turkish dotted/dotless i (i→İ, ı→I); everything else as ``str.upper``."""
    return s.replace("i", "İ").replace("ı", "I").upper()


_TITLE_RE = re.compile(r"(?<=[^\W_])['’][^\W_]+|[^\W_]+")


def tr_title(s: str) -> str:
    """Title case for display: "İSTANBUL'DA KADIN" → "İstanbul'da Kadın" (suffix after ' stays lower)."""
    def one(m: re.Match[str]) -> str:
        w = m.group(0)
        return tr_lower(w) if w[0] in "'’" else tr_upper(w[0]) + tr_lower(w[1:])
    return _TITLE_RE.sub(one, s)

# ------------------------------------------------------------------------------------- folding

_APOSTROPHES = "’‘`´ʼʻ′ʹ"
_FOLD_APOS = str.maketrans(dict.fromkeys(_APOSTROPHES, "'"))


def _fold_char_once(c: str) -> str:
    if c in _APOSTROPHES:
        return "'"
    if c.isspace():
        return " "
    out = unicodedata.normalize("NFKD", tr_lower(c)).replace("ı", "i")
    return "".join(" " if d.isspace() else "'" if d in _APOSTROPHES else d for d in out
                   if not unicodedata.combining(d) and unicodedata.category(d) != "Cf")


class _FoldTable(dict):
    """Per-character fold, iterated to a fixed point (so fold is idempotent even for "ℌ" → "H" → "h")."""

    def __missing__(self, code: int) -> str:  # str.translate looks characters up by code point
        cur = chr(code)
        for _ in range(8):
            nxt = "".join(_fold_char_once(d) for d in cur)
            if nxt == cur:
                break
            cur = nxt
        self[code] = cur
        return cur


_FOLD = _FoldTable()


def fold(s: str) -> str:
    """The search/matching form: Turkish lower case, ı ş ğ ç ö ü â î û → i s g c o u a i u, other
    diacritics and invisible format characters (soft hyphen, zero-width space) dropped, compatibility
    forms decomposed (ﬁ → fi), apostrophes → ', whitespace collapsed to single spaces. Idempotent."""
    if s.isascii():  # same result, without a Python call per character
        return " ".join(s.lower().replace("`", "'").split())
    return " ".join(s.translate(_FOLD).split())

# ----------------------------------------------------------------------------- stems and keys

_local = threading.local()


def stem(word: str) -> str:
    """Snowball's Turkish stem of one word (on ``tr_lower``; snowball does not lower-case itself).
    Not stable across suffixes ("kadın" → "kadı", "kadınlar" → "kadın"): use ``search_key`` to match."""
    st = getattr(_local, "stemmer", None)
    if st is None:
        st = _local.stemmer = snowballstemmer.stemmer("turkish")
    return st.stemWord(tr_lower(word))


# The key is NOT built on snowball: its cuts differ between forms of one word ("şiddete" → "şidde" but
# "şiddet" → "şiddet", "hizmete" → "hizme", "plana" → "pla"), which no later strip can undo. Instead a
# small stripper takes nominal inflection (plural, possessive, case, -ki) off the Turkish lower-case word
# (ş ≠ s there: "kreşi" is kreş+i, never kre+si), last suffix first, each only after the sound it needs
# (_SUFFIX_TEMPLATES), until nothing comes off or the stem would lose its last vowel; then ğ → k, and
# g → k / b → p after a vowel, at the end (eşitliği → eşitlik, kitabı → kitap); then fold. When a buffer
# letter allows two cuts ("planın" = plan+ın or pla+nın) the longer suffix wins, the reading that is right
# for most words in real council texts (belediye+nin, bütçe+si), unless the other cut is in _ROOTS (n/s/y-
# final and other domain roots, where stripping also stops) or _IRREGULAR (vowel drop, gemination, t/d).
# Derivation stays (eşit ≠ eşitlik ≠ eşitlikçi). Limits: verbs are not stemmed; a vowel-final root outside
# _ROOTS loses its vowel (bütçe → butc, for all its forms alike).
_TR_VOWELS = frozenset("aeıioöuü")
_VOICELESS = frozenset("çfhkpsşt")
_ANY, _C, _V, _N, _VL, _VD = range(6)  # the stem must end in: anything, consonant, vowel, ı/i/u/ü
_SUFFIX_TEMPLATES = {  # (pronominal n), voiceless consonant, vowel or voiced consonant; A = a/e, I = ı/i/u/ü
    _ANY: "lAr lArI", _C: "A I In lA ImIz InIz", _V: "yA yI nIn ylA sI mIz nIz",
    _N: "nA nI ndA ndAn ndAki", _VD: "dA dAn dAki", _VL: "tA tAn tAki"}


def _expand(template: str) -> list[str]:
    out = [""]
    for ch in template:
        out = [o + v for o in out for v in {"A": "ae", "I": "ıiuü"}.get(ch, ch)]
    return out


_SUFFIXES = sorted(((s, need) for need, ts in _SUFFIX_TEMPLATES.items() for t in ts.split()
                    for s in _expand(t)), key=lambda sn: -len(sn[0]))
_ROOTS = frozenset(fold(w) for w in """kadın belediye aile bütçe proje ilçe daire mahalle gösterge şube
    oyun zemin gelin için plan alan ilan komisyon kanun fonksiyon başkan uzman insan zaman liman meydan
    mekan yön son din gün ada üye yangın düğün meclis tesis nüfus husus ses ders kurs servis polis otobüs
    köy şey pay""".split())
_IRREGULAR = {fold(k): v for k, v in {  # keys folded
    "hakk": "hak", "hatt": "hat", "zamm": "zam", "redd": "ret", "red": "ret", "aff": "af", "şehr": "şehir",
    "kayd": "kayıt", "akl": "akıl", "fikr": "fikir", "ism": "isim", "ağz": "ağız", "oğl": "oğul",
    "hükm": "hüküm", "burn": "burun", "emr": "emir", "nehr": "nehir", "beyn": "beyin", "yurd": "yurt",
    "umud": "umut", "ümid": "ümit", "kağıd": "kağıt"}.items()}
_KEEP_MARKS = {"\u0327", "\u0306", "\u0308"}  # cedilla, breve, diaeresis: ş ç ğ ö ü survive until the end


def _allowed(rest: str, need: int) -> bool:
    if len(rest) < 2 or not _TR_VOWELS.intersection(rest):
        return False
    last = rest[-1]
    return (need == _ANY or (need == _C and last not in _TR_VOWELS) or (need == _V and last in _TR_VOWELS)
            or (need == _N and last in "ıiuü") or (need == _VL and last in _VOICELESS)
            or (need == _VD and last not in _VOICELESS))


@lru_cache(maxsize=100_000)
def search_key(word: str) -> str:
    """The index/query key of one word: inflection stripped (see the notes above), then folded."""
    w = unicodedata.normalize("NFKD", tr_lower(word.translate(_FOLD_APOS)).split("'")[0])
    w = "".join(c for c in w if c in _KEEP_MARKS or not unicodedata.combining(c))
    w = unicodedata.normalize("NFC", w)
    if not w.isalpha():
        return fold(w).replace(" ", "")

    def known(stem: str) -> bool:  # roots are compared folded, so "kadin" typed in ASCII stops too
        return fold(stem) in _ROOTS or fold(stem) in _IRREGULAR
    while not known(w):
        cuts = [w[: -len(s)] for s, need in _SUFFIXES if w.endswith(s) and _allowed(w[: -len(s)], need)]
        if not cuts:
            break
        w = next((c for c in cuts if known(c)), cuts[0])
    w = _IRREGULAR.get(fold(w), w)
    if w[-1] == "ğ" or (w[-1] in "gb" and len(w) > 2 and w[-2] in _TR_VOWELS):
        w = w[:-1] + ("p" if w[-1] == "b" else "k")
    return fold(w)


_TOKEN_RE = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_INVISIBLE_RE = re.compile(r"[\u0300-\u036f\u00ad\u200b-\u200d\u2060\ufeff]")


def search_tokens(text: str) -> list[str]:
    """Keys of every word (letters and digits; the suffix after an apostrophe, "Kadın'ın", dropped).
    Words are cut from the unfolded text (composed, so a decomposed "ş" stays one letter)."""
    t = _INVISIBLE_RE.sub("", unicodedata.normalize("NFC", text.translate(_FOLD_APOS)))
    return [search_key(m.group(0).split("'")[0]) for m in _TOKEN_RE.finditer(t)]


def search_text(text: str) -> str:
    """What goes into the FTS5 search column (unicode61 cannot fold ı, so we index keys)."""
    return " ".join(search_tokens(text))


def search_query(q: str) -> str:
    """A user query → FTS5 MATCH over ``search_text`` keys: every word keyed, quoted, AND-ed; a word
    ending in * is a prefix query on its key ("eşitl*" → '"esitl"*'). FTS5 operators typed by the
    user are treated as words. Returns "" when the query has no words (do not run MATCH then)."""
    parts: list[str] = []
    for word in q.split():
        prefix = word.endswith("*")
        keys = search_tokens(word.rstrip("*"))
        parts += [f'"{k}"' for k in keys]
        if prefix and keys:
            parts[-1] += "*"
    return " AND ".join(parts)

# ------------------------------------------------------------------------------ PDF text cleanup

# Windows-1252 glyphs shown for Windows-1254 codes (Ð Ý Þ ð ý þ) and the "Đ" of some broken fonts.
_BROKEN = str.maketrans({"Đ": "İ", "Ð": "Ğ", "Þ": "Ş", "Ý": "İ", "ý": "ı", "ð": "ğ", "þ": "ş"})


def repair_broken_font(s: str) -> str:
    """Fix letters from broken PDF encodings (Þ→Ş, Ý→İ, ý→ı, ð→ğ, þ→ş, Ð→Ğ, Đ→İ) and the "i̇" (i +
    combining dot above) that ``"İ".lower()`` leaves behind. Per character; Icelandic is not our concern."""
    return s.translate(_BROKEN).replace("i\u0307", "i").replace("I\u0307", "İ")


_LINE_HYPHEN_RE = re.compile(r"(?<=[^\W_])([-\u2010\u00ad])[^\S\n]*\n[^\S\n]*(?=[^\W_])")


def dehyphenate(text: str) -> str:
    """Join words split over a line break: "kadın-\\nların" → "kadınların" (next part lower case) but
    "Kadın-\\nErkek" → "Kadın-Erkek" and "2025-\\n2029" → "2025-2029" (upper case or digit keeps the
    hyphen). A soft hyphen always joins. Hyphens not at a line end are untouched."""
    def join(m: re.Match[str]) -> str:
        nxt = m.string[m.end()]
        if m.group(1) == "\u00ad" or (nxt.islower() and m.string[m.start() - 1].isalpha()):
            return ""
        return "-"
    return _LINE_HYPHEN_RE.sub(join, text)


def normalize_whitespace(text: str) -> str:
    """NBSP/tabs/runs of spaces → one space, lines stripped, at most one blank line in a row, CR/LF and
    Unicode line separators → \\n; form feeds (page breaks) are kept."""
    # Patterns match only what must change (not every single space): this runs on every page.
    t = _NEWLINES_RE.sub("\n", text)
    t = _SPACE_RUN_RE.sub(" ", t)
    t = _SPACE_AT_BREAK_RE.sub("", t)
    t = _BLANK_LINES_RE.sub("\n\n", t)
    return t.strip(" \n")


_NEWLINES_RE = re.compile(r"\r\n?|[\u2028\u2029\x85]")
_SPACE_RUN_RE = re.compile(r"[^\S\n\f]{2,}|[^\S\n\f ]")
_SPACE_AT_BREAK_RE = re.compile(r" (?=[\n\f])|(?<=[\n\f]) ")
_BLANK_LINES_RE = re.compile(r"\n{3,}")


_PAGE_NUMBER_RE = re.compile(r"(?:sayfa|page|s\.)\s*#(?:\s*(?:/|of|-)\s*#)?|-\s*#\s*-|#(?:\s*/\s*#)?")
_EDGE = 4


def _signature(line: str, page: int) -> str:
    """Digit-blind form of a line with letters; a page-number shape also carries number minus page index
    (so "12" in a table on every page is not a page number); other lines only repeat exactly."""
    f = fold(line)
    masked = re.sub(r"\d+", "#", f)
    number = re.search(r"\d+", f)
    if number and _PAGE_NUMBER_RE.fullmatch(masked):
        return f"{masked}@{int(number.group(0)) - page}"
    return masked if re.search(r"[^\W\d_]", f) else f


def strip_headers_footers(pages: list[str]) -> list[str]:
    """Drop running headers/footers: lines among the first or last four non-blank lines of a page whose
    digit-blind form ("Sayfa # / #", "- # -", "baski tarihi: #.#.#") is at that edge on at least half the
    pages (and two or more); page numbers need two pages numbered in step. Each such line goes at most once
    per edge of a page, and only from the edge inwards, so table rows below a header survive."""
    if len(pages) < 2:
        return list(pages)
    split = [p.split("\n") for p in pages]
    counts: dict[str, Counter[str]] = {"top": Counter(), "bottom": Counter()}
    for n, lines in enumerate(split):
        nonblank = [_signature(line, n) for line in lines if line.strip()]
        counts["top"].update(set(nonblank[:_EDGE]))
        counts["bottom"].update(set(nonblank[-_EDGE:]))
    need = max(2, (len(pages) + 1) // 2)
    running = {edge: {s for s, k in c.items() if s and (k >= need or (k >= 2 and "@" in s))}
               for edge, c in counts.items()}
    out = []
    for n, lines in enumerate(split):
        keep = [True] * len(lines)
        for edge, order in (("top", range(len(lines))), ("bottom", range(len(lines) - 1, -1, -1))):
            used: set[str] = set()
            seen = 0
            for i in order:
                if not lines[i].strip():
                    continue
                sig, seen = _signature(lines[i], n), seen + 1
                if seen > _EDGE or sig not in running[edge] or sig in used or not keep[i]:
                    break
                used.add(sig)
                keep[i] = False
        out.append("\n".join(line for line, k in zip(lines, keep) if k).strip("\n"))
    return out


_DATE_TIME = (r"(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{1,2}-\d{1,2}|\d{1,2} [a-z]+ \d{4})?"
              r"(?: ?(?:saat ?:? ?)?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)?")
_PRINT_DATE_RE = re.compile(r"\b(?:(?:baski|basim|yazdirma|yazdirilma|cikti(?: alma| alinma)?|olusturulma)"
                            r" tarihi|print(?:ed)? (?:date|on)|date printed) ?:? ?" + _DATE_TIME)
_PAGE_LINE_RE = re.compile(r"(?:sayfa|page|s\.) ?\d+(?: ?(?:/|of|-) ?\d+)?|- ?\d+ ?-|(\d+) ?/ ?(\d+)")


def _is_page_line(line: str) -> bool:
    m = _PAGE_LINE_RE.fullmatch(line)
    return bool(m) and (m.group(1) is None or int(m.group(1)) <= int(m.group(2)))


def normalize_for_compare(text: str) -> str:
    """The form two versions are compared in: broken fonts repaired, whitespace normalised, hyphenation
    joined, print dates ("Baskı Tarihi: 03.03.2026 14:05") and page-number lines ("Sayfa 3 / 40",
    "- 12 -") dropped, folded, and each paragraph (text between blank lines or page breaks) on ONE line,
    so re-flowed text compares equal. Bare numbers stay: in tables they are data. See NORMALIZER_VERSION."""
    t = dehyphenate(normalize_whitespace(repair_broken_font(text)))
    paragraphs = []
    for para in re.split(r"\n\s*\n|\f", t):
        lines = (_PRINT_DATE_RE.sub(" ", fold(line)).strip() for line in para.split("\n"))
        joined = " ".join(line for line in lines if line and not _is_page_line(line))
        if joined:
            paragraphs.append(joined)
    return "\n".join(paragraphs)

# -------------------------------------------------------------------------------------- numbers

def _grouped(s: str, sep: str) -> bool:
    parts = s.split(sep)
    return (1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:])
            and (len(parts) == 1 or not parts[0].startswith("0")))


def parse_number(s: str) -> Decimal | None:
    """Turkish-formatted number → Decimal: "4.625.000,00", "1.250" (=1250), "12,5", "-3.000,50",
    "(3.000,50)" (negative), "4625000", "4 625 000". English "4,625,000.00" only when unambiguous: with
    both separators the last one is the decimal mark; several commas alone are thousands; a single comma
    is always decimal (Turkish "1,250" = 1.25); a single dot before exactly three digits is thousands
    ("1.250"), before any other count a decimal point ("12.5"). Anything else → None."""
    t = s.strip()
    neg = t.startswith("(") and t.endswith(")")
    t = t[1:-1].strip() if neg else t
    if t[:1] in ("-", "−", "–", "+"):
        neg, t = neg != (t[0] != "+"), t[1:].strip()
    t = re.sub(r"(?<=\d)[ \u00a0\u202f\u2009](?=\d{3}(?!\d))", "", t)
    if not re.fullmatch(r"\d(?:[\d.,]*\d)?", t):
        return None
    dots, commas = t.count("."), t.count(",")
    if dots and commas:
        dec, thou = (",", ".") if t.rfind(",") > t.rfind(".") else (".", ",")
        whole, _, frac = t.partition(dec)
        if dec in frac or not _grouped(whole, thou):
            return None
        digits = whole.replace(thou, "") + "." + frac
    elif commas == 1:
        digits = t.replace(",", ".")
    elif commas or dots > 1:
        sep = "," if commas else "."
        if not _grouped(t, sep):
            return None
        digits = t.replace(sep, "")
    elif dots == 1:
        whole, _, frac = t.partition(".")
        digits = whole + frac if _grouped(t, ".") else t
    else:
        digits = t
    value = Decimal(digits)
    return -value if neg else value


def format_number_tr(d: Decimal | int | str, places: int = 2) -> str:
    """Display form: 4625000 → "4.625.000,00" (rounded half up to ``places``)."""
    with localcontext() as ctx:
        ctx.prec = 200
        value = Decimal(d)
        if not value.is_finite():
            raise ValueError(f"cannot format {d!r}: not a finite number")
        value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    whole, _, frac = f"{abs(value):f}".partition(".")
    body = f"{int(whole):,}".replace(",", ".") + ("," + frac if places > 0 else "")
    return ("-" if value < 0 else "") + body


def format_percent_tr(d: Decimal | int | str, places: int = 2) -> str:
    """Display form of a percentage, Turkish style with the sign first: 31.02 → "%31,02"."""
    return "%" + format_number_tr(d, places)


_NUM = r"\(?[-−+]?\d(?:[\d.,]*\d)?\)?"
_SCALES = {"bin": 10**3, "milyon": 10**6, "milyar": 10**9, "trilyon": 10**12}
_CURRENCY = r"tl|₺|try|turk lirasi|lira"
_PCT_RE = re.compile(rf"(?:%|yuzde) ?({_NUM})|({_NUM}) ?%")
_MONEY_RE = re.compile(rf"(?:(?:{_CURRENCY}) ?)?({_NUM})(?: ?({'|'.join(_SCALES)}))?(?: ?(?:{_CURRENCY}))?")


def parse_percent(s: str) -> Decimal | None:
    """"%31,02", "% 31,02", "31,02%", "117,74 %", "yüzde 12" → the number (31.02); no % sign → None."""
    m = _PCT_RE.fullmatch(fold(s))
    return parse_number(m.group(1) or m.group(2)) if m else None


def parse_money(s: str) -> Decimal | None:
    """"4.625.000,00 TL", "17.361.533,39 ₺", "₺ 1.500", "TL 3.000", "1,5 milyon TL" (1500000), "250 bin TL"
    → Decimal. The currency is optional (table cells under a "Tutar (TL)" header have none)."""
    m = _MONEY_RE.fullmatch(fold(s))
    value = parse_number(m.group(1)) if m else None
    if value is None:
        return None
    return value * _SCALES[m.group(2)] if m.group(2) else value


_RT_NUM = r"(?<![\w.,/-])[-−]?\d(?:[\d.,]*\d)?(?![\d/]|[.,]\d)"
_AMOUNT_RE = re.compile(
    rf"(?:(?P<pre>%|₺|\bTL\b|\bTRY\b|\byüzde\b) ?)?(?P<num>{_RT_NUM})"
    r"(?: ?(?P<scale>\b(?:bin|milyon|milyar)\b))?(?: ?(?P<post>%|₺|\bTL\b|\bTRY\b|\bTürk Liras[ıi]\b))?",
    re.IGNORECASE)
_FORMATTED = re.compile(r"[-−]?\d{1,3}(?:\.\d{3})+(?:,\d+)?|[-−]?\d+,\d+")


def find_amounts(text: str) -> list[tuple[int, int, Decimal, str]]:
    """Money and percentages in running text as (start, end, value, unit), unit "TL", "%" or "" (a number
    in Turkish format, "1.250.000,00", or with bin/milyon, but no unit). Plain integers without a unit
    (years, counts, phone numbers), indicator codes ("PG1.1.1") and dates are not amounts."""
    taken = [(a, b) for a, b, _ in find_dates(text)]
    found = []
    for m in _AMOUNT_RE.finditer(text):
        if any(a < m.end("num") and m.start("num") < b for a, b in taken):
            continue
        value = parse_number(m.group("num"))
        marks = {fold(x) for x in (m.group("pre"), m.group("post")) if x}
        unit = "%" if marks & {"%", "yuzde"} else "TL" if marks else ""
        if value is None or (not unit and not m.group("scale") and not _FORMATTED.fullmatch(m.group("num"))):
            continue
        if m.group("scale") and unit != "%":
            value *= _SCALES[fold(m.group("scale"))]
        found.append((m.start(), m.end(), value, unit))
    return found

# ---------------------------------------------------------------------------------------- dates

MONTH_NAMES = ("Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül", "Ekim",
               "Kasım", "Aralık")
#: Month number by name, both Turkish lower case ("şubat") and folded ("subat"); look up ``fold(word)``.
MONTHS: dict[str, int] = {**{tr_lower(n): i for i, n in enumerate(MONTH_NAMES, 1)},
                          **{fold(n): i for i, n in enumerate(MONTH_NAMES, 1)}}
_MONTH_ABBR = {fold(n)[:3]: i for i, n in enumerate(MONTH_NAMES, 1)}  # "Şub", "AĞU", "Kas."
_WEEKDAYS = r"(?:pazartesi|sali|carsamba|persembe|cumartesi|cuma|pazar)"


def _month(word: str) -> int | None:
    w = fold(word).rstrip(".")
    return MONTHS.get(w) or _MONTH_ABBR.get(w)


def _make_date(y: str | int, m: str | int | None, d: str | int) -> date | None:
    try:
        return date(int(y), int(m), int(d)) if m else None
    except ValueError:
        return None


_NUMERIC_DATE = r"(\d{1,2})([./-])(\d{1,2})\2(\d{4})"
_ISO_DATE = r"(\d{4})-(\d{1,2})-(\d{1,2})"
_NAMED_DATE = r"(\d{1,2})\.? ([^\W\d_]+\.?) (\d{4})"


def parse_date(s: str) -> date | None:
    """"03.03.2026", "3.3.2026", "03/03/2026", "2026-03-03", "3 Mart 2026", "03 MART 2026", "3 mart 2026
    Salı", "3 Şub. 2026" → date; invalid dates, two-digit years and month-only strings → None."""
    t = re.sub(rf"^{_WEEKDAYS},? |,? {_WEEKDAYS}$", "", fold(s).strip(" ,"))
    if m := re.fullmatch(_NUMERIC_DATE, t):
        return _make_date(m.group(4), m.group(3), m.group(1))
    if m := re.fullmatch(_ISO_DATE, t):
        return _make_date(m.group(1), m.group(2), m.group(3))
    if m := re.fullmatch(_NAMED_DATE, t):
        return _make_date(m.group(3), _month(m.group(2)), m.group(1))
    return None


def parse_month(s: str) -> tuple[int, int] | None:
    """"Ocak 2025", "OCAK-2025", "2025 Ocak", "01.2025", "01/2025", "2025-01" → (2025, 1)."""
    t = fold(s).strip(" ,")
    if m := re.fullmatch(r"([a-z]+\.?)[ ./-]?(\d{4})", t):
        month, year = _month(m.group(1)), int(m.group(2))
    elif m := re.fullmatch(r"(\d{4})[ ./-]?([a-z]+\.?)", t):
        month, year = _month(m.group(2)), int(m.group(1))
    elif m := re.fullmatch(r"(\d{1,2})[./](\d{4})|(\d{4})-(\d{1,2})", t):
        month, year = int(m.group(1) or m.group(4)), int(m.group(2) or m.group(3))
    else:
        return None
    return (year, month) if month and 1 <= month <= 12 else None


_NAMED_DATE_RT = _NAMED_DATE.replace(" ", r"\s+")
_FIND_DATE_RE = re.compile(rf"(?<![\w.,/])(?:{_NUMERIC_DATE}|{_ISO_DATE}|{_NAMED_DATE_RT})"
                           r"(?!\d|[.,/]\d)")


def find_dates(text: str) -> list[tuple[int, int, date]]:
    """Every date written as in ``parse_date`` in running text, as (start, end, date)."""
    found = []
    for m in _FIND_DATE_RE.finditer(text):
        g = m.groups()
        d = (_make_date(g[3], g[2], g[0]) if g[0] else _make_date(g[4], g[5], g[6]) if g[4]
             else _make_date(g[9], _month(g[8]), g[7]))
        if d:
            found.append((m.start(), m.end(), d))
    return found
