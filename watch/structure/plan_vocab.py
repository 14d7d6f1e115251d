"""Values and vocabularies of plan tables: Turkish numbers as canonical strings, units, statuses,
monitoring frequencies, directorate names, and words or amounts that a narrow cell broke in two.

Values are canonical Decimal strings ("15000", "3.2", "104.6") so that stored fields compare exactly
whatever the print format ("15.000", "3,2", "%104,6").
"""

from __future__ import annotations

import re
from decimal import Decimal

from watch.turkish import fold, parse_money, parse_number, parse_percent

# ------------------------------------------------------------------------------------- values

DASHES = {"-", "–", "—", "--", "---", "…", "...", "yok"}
_CURRENCY = {"tl", "₺", "try"}


def dec_str(d: Decimal) -> str:
    """Canonical string of a Decimal: no exponent, no trailing zeros ("4905000", "3.2")."""
    if d == d.to_integral_value():
        return str(int(d))
    return format(d.normalize(), "f")


def read_value(token: str) -> tuple[bool, str | None, bool]:
    """(is a value, canonical number or None for a dash, written as a percentage)."""
    t = token.strip()
    if fold(t) in DASHES:
        return True, None, False
    if "%" in t or fold(t).startswith("yuzde"):
        p = parse_percent(t)
        return (True, dec_str(p), True) if p is not None else (False, None, False)
    v = parse_number(t)
    if v is None:
        v = parse_money(t)
    return (True, dec_str(v), False) if v is not None else (False, None, False)


def tokens(text: str) -> list[str]:
    """Whitespace tokens with "%" glued to its number and currency marks next to amounts dropped."""
    raw = text.split()
    out: list[str] = []
    i = 0
    while i < len(raw):
        t = raw[i]
        if t == "%" and i + 1 < len(raw) and read_value(raw[i + 1])[0] and "%" not in raw[i + 1]:
            out.append("%" + raw[i + 1])
            i += 2
            continue
        if t == "%" and out and read_value(out[-1])[0] and "%" not in out[-1] and (
                i + 1 >= len(raw) or not read_value(raw[i + 1])[0]):
            out[-1] += "%"
            i += 1
            continue
        if fold(t) in _CURRENCY and out and read_value(out[-1])[0]:
            i += 1
            continue
        out.append(t)
        i += 1
    return out


# ------------------------------------------------------------------------------- vocabularies

UNITS = {fold(u) for u in """kişi adet % km m m² m2 m³ m3 ton kg hektar ha dekar mwh kwh gwh kw mw
    saat gün ay yıl tl sayı oran yüzde hane aile metre metrekare km² km2 lt litre ton/yıl kişi/yıl
    öğrenci çocuk kurs etkinlik proje faaliyet dosya başvuru ziyaret araç sefer ağaç fidan kitap
    abone mahalle park puan gün/yıl ay/yıl""".split()}
STOP_WORDS = {"ve", "ile", "veya", "icin", "de", "da", "bir", "olan", "ya"}
STATUSES = [tuple(fold(s).split()) for s in (
    "Tamamlandı", "Tamamlanmıştır", "Devam Ediyor", "Devam Etmektedir", "Başlanmadı", "Başlanmamıştır",
    "Ertelendi", "Ertelenmiştir", "İptal Edildi", "İptal", "Kısmen Tamamlandı", "Kısmen Gerçekleşti",
    "Gerçekleşti", "Gerçekleşmedi", "Gerçekleştirildi", "Planlandı", "Sürekli", "Yapıldı", "Yapılmadı",
    "İhale Aşamasında", "Proje Aşamasında")]
STATUSES.sort(key=len, reverse=True)
FREQUENCY = re.compile(r"(?:\d{1,2}|bir|iki|uc|alti|on\s+iki)\s+ay(?:lik|da\s+bir)?|(?:\d{1,2}\s+)?aylik|yillik|"
                       r"yilda\s+bir|donemsel|ceyreklik|haftalik|gunluk|\d{1,2}\s+ayda\s+bir")
KIND_WORDS = {"faaliyet": "Faaliyet", "proje": "Proje"}
UNIT_SUFFIXES = {"mudurlugu", "mudurlukleri", "baskanligi", "birimi", "musavirligi", "amirligi",
                 "koordinatorlugu", "sekreterligi", "mufettisligi", "kurulu", "konseyi", "mudurluk",
                 "baskanlik"}
_CONNECTORS = {"ve", "ile", "&", "-", ","}

#: Directorates of Turkish municipalities seen often enough to trust as names (matched before the
#: "... Müdürlüğü" shape, so an activity name ending in capitalised words is not swallowed).
COMMON_DIRECTORATES = tuple(f"{n} Müdürlüğü" for n in (
    "Fen İşleri", "İmar ve Şehircilik", "Park ve Bahçeler", "Zabıta", "Temizlik İşleri",
    "Kültür ve Sosyal İşler", "Sosyal Yardım İşleri", "Kadın ve Aile Hizmetleri", "Strateji Geliştirme",
    "Mali Hizmetler", "İnsan Kaynakları ve Eğitim", "Yazı İşleri", "Hukuk İşleri", "Destek Hizmetleri",
    "Bilgi İşlem", "Basın Yayın ve Halkla İlişkiler", "Emlak ve İstimlak", "Plan ve Proje",
    "Etüt ve Proje", "Veteriner İşleri", "Sağlık İşleri", "Çevre Koruma ve Kontrol",
    "İklim Değişikliği ve Sıfır Atık", "Ruhsat ve Denetim", "Kentsel Dönüşüm", "Afet İşleri",
    "Spor Hizmetleri", "Gençlik ve Spor Hizmetleri", "Gençlik ve Spor", "Özel Kalem", "Muhtarlık İşleri",
    "Dış İlişkiler", "Makine İkmal Bakım ve Onarım", "Ulaşım Hizmetleri", "Tarımsal Hizmetler",
    "Kültür ve Turizm", "Sosyal Destek Hizmetleri", "Engelli Hizmetleri", "Yapı Kontrol",
    "Sosyal Hizmetler", "Kadın Çalışmaları", "Kadın ve Aile", "Kreş ve Gündüz Bakımevi",
    "Halkla İlişkiler", "Bilgi İşlem ve Elektronik Hizmetler", "Kent Estetiği", "Su ve Kanalizasyon",
)) + ("Teftiş Kurulu Müdürlüğü", "İç Denetim Birimi", "Hukuk Müşavirliği", "Eşitlik Birimi",
      "Kent Konseyi", "Kent Konseyi Kadın Meclisi")


class Directorates:
    """Directorate names known for one document: from its own "Sorumlu Birim" lines and budget
    tables first, then the common names; matched as the longest suffix of a token list."""

    def __init__(self) -> None:
        self._known: dict[tuple[str, ...], str] = {}
        for name in COMMON_DIRECTORATES:
            self.add(name)

    def add(self, name: str) -> None:
        name = " ".join(name.split()).strip(" ,;.")
        key = tuple(fold(name).replace(",", " ").split())
        if len(key) >= 2 or (key and key[-1] in UNIT_SUFFIXES):
            self._known.setdefault(key, name)

    def names(self) -> list[tuple[str, ...]]:
        return list(self._known)

    def suffix(self, toks: list[str]) -> int:
        """How many tokens at the end of ``toks`` name a directorate (0 if none)."""
        folded = [fold(t).strip(",;") for t in toks]
        best = 0
        for key in self._known:
            n = len(key)
            if n > best and n <= len(folded) and tuple(folded[-n:]) == key:
                best = n
        if best:
            return best
        return _shape_suffix(toks, folded)


def _capitalised(tok: str) -> bool:
    return bool(tok) and (tok[0].isupper() or tok[0].isdigit())


def _shape_suffix(toks: list[str], folded: list[str]) -> int:
    """"... Xxx ve Yyy Müdürlüğü" at the end: capitalised words (and connectors) before a unit word."""
    if not folded or folded[-1] not in UNIT_SUFFIXES:
        return 0
    n = 1
    while n < len(toks) and n < 7:
        tok, f = toks[-n - 1], folded[-n - 1]
        if f in KIND_WORDS or f in UNIT_SUFFIXES or f == "merkezi":
            break
        if f in _CONNECTORS or _capitalised(tok):
            n += 1
            continue
        break
    while n > 1 and folded[-n] in _CONNECTORS:
        n -= 1
    return n


def tidy_list_text(value: str) -> str:
    """"• Birinci risk • İkinci risk" → "Birinci risk; İkinci risk" (bullets are layout)."""
    if not re.search(r"(?:^|\s)[•▪◦●]\s", value):
        return value
    items = [" ".join(p.split()) for p in re.split(r"(?:^|\s)[•▪◦●]\s", value)]
    return "; ".join(p.rstrip(" ;") for p in items if p.strip())


def split_list(value: str) -> list[str]:
    """"A Müdürlüğü, B Müdürlüğü" / bullets / "-" → names."""
    parts = re.split(r"\s*[,;•▪\n]\s*|\s+-\s+", value)
    out = []
    for p in parts:
        p = p.strip(" .-–")
        if p and fold(p) not in DASHES:
            out.append(" ".join(p.split()))
    return out


# ------------------------------------------------------------------------------ broken words

_HEADER_WORDS = {fold(w) for w in """kod gösterge göstergesi göstergeleri performans birim birimi başlangıç
    değeri hedefi hedef hedefe etkisi gerçekleşen gerçekleşme oranı bütçe bütçesi harcama durum durumu
    maliyet tahmini toplam sorumlu faaliyet proje izleme raporlama sıklığı açıklama ödenek yılı""".split()}
_MONEY_DONE = re.compile(r"[-−]?\d{1,3}(?:\.\d{3})*,\d{2}")
_NUMBERISH = re.compile(r"[-−]?[\d.,]*\d[\d.,]*")


def _vocab_join(a: str, b: str, vocab: set[str]) -> bool:
    """Were ``a`` and ``b`` one word that a narrow cell broke ("Faaliy" / "et", "Tamamla" / "ndı")?"""
    fa, fb = fold(a).strip(",;:()"), fold(b).strip(",;:()")
    return bool(fa and fb) and fold(a + b).strip(",;:()") in vocab and fa not in vocab and fb not in vocab


_GROUPED = re.compile(r"[-−]?\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_BROKEN_GROUP = re.compile(r"[-−]?\d{1,3}(?:\.\d{3})*\.\d{0,2}")


def _number_join(a: str, b: str, header: bool) -> bool:
    """Was one number broken over two lines ("3.600.000,0" / "0", "16.100.00" / "0,00", "3.50" /
    "0" - a dot before fewer than three digits is no Turkish number; in a header "202" / "5")?"""
    if not (_NUMBERISH.fullmatch(a) and _NUMBERISH.fullmatch(b)):
        return False
    if header:
        return bool(re.fullmatch(r"20\d", a) and re.fullmatch(r"\d", b))
    if not _MONEY_DONE.fullmatch(a) and _MONEY_DONE.fullmatch(a + b):
        return True
    return bool(_BROKEN_GROUP.fullmatch(a) and _GROUPED.fullmatch(a + b))


def continues_fragment(previous: str, line: str, vocab: set[str]) -> bool:
    """Does ``line`` start with the rest of a word or number that ``previous`` ends with?"""
    a, b = previous.split(), line.split()
    return bool(a and b) and (_number_join(a[-1], b[0], False) or _vocab_join(a[-1], b[0], vocab))


def join_lines(lines: list[str], vocab: set[str], header: bool = False) -> str:
    """Lines of one table cell run (a flattened row or header) as one string, re-joining words and
    numbers that a too-narrow cell broke without a hyphen; ",00" never stands alone."""
    toks: list[str] = []
    for n, line in enumerate(lines):
        for i, tok in enumerate(line.split()):
            if toks and i == 0 and n > 0 and (_number_join(toks[-1], tok, header)
                                               or _vocab_join(toks[-1], tok, vocab)):
                toks[-1] += tok
            elif toks and re.fullmatch(r",\d{1,2}", tok) and _NUMBERISH.fullmatch(toks[-1]):
                toks[-1] += tok
            elif toks and _vocab_join(toks[-1], tok, vocab):
                toks[-1] += tok
            else:
                toks.append(tok)
    return " ".join(toks)


def row_vocab(dirs: "Directorates") -> set[str]:
    words = set(_HEADER_WORDS) | set(KIND_WORDS) | UNIT_SUFFIXES | {w for st in STATUSES for w in st}
    words |= {u for u in UNITS if len(u) > 3}
    words |= {w for key in dirs.names() for w in key if len(w) > 3}
    return words
