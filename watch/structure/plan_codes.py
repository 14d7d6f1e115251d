"""Codes, labels and section lines of strategic plans, performance programmes and activity reports.

Real plans print the same hierarchy in many styles: "Amaç 1", "A1", "AMAÇ 02", "Stratejik Amaç 1";
"Hedef 1.1", "H1.1", "HEDEF 2.3", "Stratejik Hedef 1.2", "Performans Hedefi 1.1"; "PG1.1.1",
"PG 1.1.1", "PERFORMANS 5.3.1", "G1.1.1", "Performans Göstergesi 1.1.1"; "F1.1.1", "FP1.1.1",
"Faaliyet 1.1.1", "FAALİYET 1.1.1", "Proje 1.1.1". This module recognises them at the start of a
line and turns each into its kind, the code *as printed* and a normalised key ("AMAÇ 02" → "2"),
so a plan and next year's programme can be compared even when one says "H1.1" and the other
"Hedef 1.1".

Matching runs on a one-to-one fold of the line (:func:`fold1`: Turkish lower case, no diacritics,
same length as the original), so a match span cuts the printed code out of the original text.
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache

from muniwatch.constants import SEG_ACTIVITY, SEG_GOAL, SEG_INDICATOR, SEG_OBJECTIVE
from watch.turkish import fold

#: How many number components a full code of each kind has ("1", "1.1", "1.1.1").
DEPTH = {SEG_GOAL: 1, SEG_OBJECTIVE: 2, SEG_INDICATOR: 3, SEG_ACTIVITY: 3}
LEVEL = {SEG_GOAL: 0, SEG_OBJECTIVE: 1, SEG_INDICATOR: 2, SEG_ACTIVITY: 2}
KINDS = (SEG_GOAL, SEG_OBJECTIVE, SEG_INDICATOR, SEG_ACTIVITY)

UPPER = "A-ZÇĞİÖŞÜÂÎÛ"
LOWER = "a-zçğıöşüâîû"


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    if c.isspace():
        return " "
    f = fold(c)
    return f[0] if f else "\x00"


@lru_cache(maxsize=16384)
def fold1(s: str) -> str:
    """``fold`` character by character, keeping the length (so spans map back to the original)."""
    return "".join(_fold_char(c) for c in s)


# Prefixes per kind (folded), longest first inside each alternation. Word prefixes may be followed
# by fewer components than the kind's depth ("PG1" under an objective); single letters F, P, G may
# not (too easily a stray word), H needs a depth-1 form to be followed by ":" (global numbering "H7:").
_WORD_PREFIXES = {
    SEG_GOAL: ("stratejik amac", "amac"),
    SEG_OBJECTIVE: ("stratejik hedef", "performans hedefi", "hedef"),
    SEG_INDICATOR: ("performans gostergesi", "performans", "gosterge"),
    SEG_ACTIVITY: ("faaliyet/proje", "faaliyet", "proje"),
}
_SHORT_PREFIXES = {
    SEG_GOAL: ("sa", "a"),
    SEG_OBJECTIVE: ("sh", "ph", "h"),
    SEG_INDICATOR: ("pg", "pi"),
    SEG_ACTIVITY: ("fp", "pf"),
}
_LETTER_PREFIXES = {SEG_INDICATOR: ("g",), SEG_ACTIVITY: ("f", "p")}


def _num(min_parts: int, max_parts: int) -> str:
    more = f"(?:\\.\\s?\\d{{1,2}}){{{min_parts - 1},{max_parts - 1}}}"
    return rf"(?P<num>\d{{1,2}}{more})\.?(?![.,]?\d)"


def _code_regex(kind: str) -> re.Pattern[str]:
    depth = DEPTH[kind]
    words = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in _WORD_PREFIXES[kind])
    shorts = "|".join(_SHORT_PREFIXES[kind])
    alts = [rf"(?:{words})\s*(?:no\s*)?[:.]?\s*{_num(1, depth)}",
            rf"(?:{shorts})[\s.]?{_num(1, depth)}"]
    if kind in _LETTER_PREFIXES:
        alts.append(rf"(?:{'|'.join(_LETTER_PREFIXES[kind])})[\s.]?{_num(depth, depth)}")
    return re.compile("|".join(f"(?P<c{i}>{a.replace('(?P<num>', f'(?P<n{i}>')})"
                               for i, a in enumerate(alts)))


_CODE_RES = {k: _code_regex(k) for k in KINDS}
# Labels that may stand before a code ("Amaç A1:", "Performans Hedefi HEDEF 1.1:", "Kod: PG1.1.1").
_LABEL = re.compile(r"(?:stratejik\s+amac|amac|stratejik\s+hedef|performans\s+hedefi|hedef|"
                    r"performans\s+gostergesi|gosterge|faaliyet\s*/\s*proje|faaliyet|proje|kodu?|no)"
                    r"\s*[:\-–]?\s+")
_BULLET = re.compile(r"[•▪◦●\-–*]\s+")


@dataclasses.dataclass
class CodeMatch:
    kind: str
    code: str            # as printed ("AMAÇ 02")
    parts: tuple[int, ...]
    sep: str             # what followed the code: ":" "-" "." ")" or "" (space / end of line)
    rest: str            # the text after the code and its separator
    start: int           # span of the code in the line
    end: int

    @property
    def number(self) -> str:
        return ".".join(str(p) for p in self.parts)


def _match_at(line: str, folded: str, pos: int) -> CodeMatch | None:
    best: CodeMatch | None = None
    for kind in KINDS:
        m = _CODE_RES[kind].match(folded, pos)
        if not m:
            continue
        group = next(g for g in m.groupdict() if g.startswith("c") and m.group(g) is not None)
        num = m.group("n" + group[1:])
        parts = tuple(int(p) for p in re.split(r"\.\s?", num))
        if (group == "c1" and kind == SEG_OBJECTIVE and len(parts) < DEPTH[kind]
                and not re.match(r"\s*[:\-–]", folded[m.end():])):
            continue  # "H7" alone is too weak; "H7:" is a globally numbered objective
        end = m.end()
        while end > pos and folded[end - 1] in " .":
            end -= 1
        after = line[end:]
        sep_m = re.match(r"\s*([:\-–—.)])\s*|\s*", after)
        sep = sep_m.group(1) or ""
        cand = CodeMatch(kind, line[pos:end].strip(), parts, sep, after[sep_m.end():].strip(), pos, end)
        if best is None or cand.end > best.end:
            best = cand
    return best


def match_code(line: str) -> CodeMatch | None:
    """The code a line starts with (after an optional bullet or label), or None."""
    folded = fold1(line)
    pos = len(line) - len(line.lstrip())
    b = _BULLET.match(folded, pos)
    if b:
        pos = b.end()
    found = _match_at(line, folded, pos)
    if found is None:
        lab = _LABEL.match(folded, pos)
        if lab:
            found = _match_at(line, folded, lab.end())
    if found is None:
        return None
    if found.rest and found.rest[0].isdigit() and found.sep == ".":
        return None  # "Hedef 1. 5 ..." - a sentence, not a code
    return found


def normalise_key(kind: str, parts: tuple[int, ...], context_key: str | None) -> str:
    """Hierarchical key: "1.1.1"; a short code ("PG2" under objective 1.3) borrows its parent's key."""
    depth = DEPTH[kind]
    nums = [str(p) for p in parts]
    if len(nums) < depth and context_key:
        ctx = context_key.split(".")
        if len(ctx) >= depth - len(nums):
            nums = ctx[: depth - len(nums)] + nums
    return ".".join(nums)


def parent_key(kind: str, key: str) -> str | None:
    parts = key.split(".")
    if kind == SEG_GOAL or len(parts) < 2:
        return None
    return ".".join(parts[:-1])


# Bare prefix words that a narrow table cell puts on their own line ("PERFORMANS" / "1.1.1").
_BARE_PREFIX = re.compile(r"(?:stratejik\s+amac|amac|stratejik\s+hedef|performans\s+hedefi|hedef|"
                          r"performans\s+gostergesi|performans|gosterge|faaliyet|proje|pg|fp|sa|sh|ph)")
_LEADING_NUMBER = re.compile(r"\d{1,2}(?:\.\d{1,2})*\b")


def join_wrapped_code(line: str, nxt: str) -> str | None:
    """``line`` + ``nxt`` when a narrow cell wrapped a code: "PERFORMANS" / "1.1.1", or a prefix
    broken inside the word, "PERFORMA" / "NS 1.1.1"; None otherwise."""
    a, b = line.strip(), nxt.strip()
    if _BARE_PREFIX.fullmatch(fold1(a)) and _LEADING_NUMBER.match(b):
        return a + " " + b
    head, _, tail = b.partition(" ")
    if " " not in a and tail and _BARE_PREFIX.fullmatch(fold1(a + head)) and _LEADING_NUMBER.match(tail):
        return a + b
    return None


# --------------------------------------------------------------------------------- labels (kv)

KV_PARENT_GOAL = "parent_goal"
KV_PARENT_OBJECTIVE = "parent_objective"
KV_RESPONSIBLE = "responsible"
KV_COOPERATING = "cooperating"
KV_RISKS = "risks"
KV_FINDINGS = "findings"
KV_NEEDS = "needs"
KV_STRATEGIES = "strategies"
KV_COST = "cost"

_KV = re.compile(
    r"(?P<parent_goal>bagli\s+oldugu\s+(?:stratejik\s+)?amac)"
    r"|(?P<parent_objective>bagli\s+oldugu\s+(?:performans\s+|stratejik\s+)?hedef)"
    r"|(?P<cooperating>is\s?birligi\s+yapilacak(?:\s+(?:birim|mudurluk)(?:\s*\(\s*ler\s*\)|ler(?:i)?|luk)?)?"
    r"|isbirligi\s+yapilacak\s+birim(?:ler)?|ilgili\s+birimler|koordinasyon\s+birimleri?)"
    r"|(?P<responsible>sorumlu\s+(?:birim(?:i|ler)?|mudurluk|harcama\s+birimi)|sorumlu)"
    r"|(?P<risks>riskler)"
    r"|(?P<findings>tespitler)"
    r"|(?P<needs>ihtiyaclar)"
    r"|(?P<strategies>stratejiler)"
    r"|(?P<cost>maliyet\s+tahmini(?:\s*\(\s*tl\s*\))?|tahmini\s+maliyet(?:\s*\(\s*tl\s*\))?)"
)


def match_kv(line: str) -> tuple[str, str] | None:
    """("responsible", "Fen İşleri Müdürlüğü") for "Sorumlu Birim: Fen İşleri Müdürlüğü" (with or
    without the colon: hedef kartları are two-column tables, flattened to "Sorumlu Birim Fen ...")."""
    folded = fold1(line)
    m = _KV.match(folded)
    if not m:
        return None
    after = line[m.end():]
    sep = re.match(r"\s*[:\-–]\s*|\s+|$", after)
    if sep is None or (sep.group(0) == "" and after):
        return None
    value = after[sep.end():].strip()
    if ":" not in sep.group(0):
        if m.group(0) == "sorumlu":
            return None  # "Sorumlu olarak ..." - the bare word needs its colon
        if value and not (value[0].isupper() or value[0].isdigit() or value[0] in "•▪◦●-–*(\"'“"):
            return None  # "Riskler arasında ..." is a sentence
    return m.lastgroup or "", value


# ------------------------------------------------------------------------------ section lines

# Labels that announce a table inside a card ("Performans Göstergeleri", "Faaliyet ve Projeler").
_SECTION_LABEL = re.compile(r"(?:performans\s+gostergeleri?|gostergeler|faaliyet(?:ler)?\s*(?:ve|/)\s*projeler?|"
                            r"faaliyetler|projeler|faaliyet\s+ve\s+projeler)\s*:?")
# Top-level sections that end every open card ("5. MALİYETLENDİRME", "3. DEĞERLENDİRME").
_NUMBERED = re.compile(r"(?:bolum\s+)?[0-9ivx]{1,3}(?:\.\d{1,2})*\s*[.)-]?\s+(?P<text>.+)")
_SECTION_WORDS = re.compile(r"maliyetlendirme|degerlendirme|izleme|genel bilgiler|ekler|birimlere gore|"
                            r"kaynak tablosu|toplam kaynak|durum analizi|sunus|misyon|vizyon|"
                            r"temel degerler|performans bilgileri|performans hedefleri|hedef kartlari|"
                            r"amac ve hedefler|mali bilgiler|kurumsal kabiliyet")


def is_section_label(line: str) -> bool:
    return bool(_SECTION_LABEL.fullmatch(fold1(line.strip())))


def _mostly_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) / len(letters) >= 0.8


def is_section_heading(line: str) -> bool:
    """A numbered ALL CAPS heading ("5. MALİYETLENDİRME") or a known ALL CAPS section title."""
    s = line.strip()
    m = _NUMBERED.fullmatch(fold1(s))
    if m and _mostly_upper(s[m.start("text"):]):
        return True
    return _mostly_upper(s) and bool(_SECTION_WORDS.match(fold1(s))) and len(s) < 80


def is_total_line(line: str) -> bool:
    return bool(re.match(r"(?:genel\s+)?toplam\b", fold1(line.strip())))


def starts_lower(line: str) -> bool:
    s = line.lstrip("•▪◦●-–* (\"'“")
    return bool(s) and s[0].islower()


def all_caps(text: str) -> bool:
    return _mostly_upper(text)


def looks_like_heading_rest(m: CodeMatch) -> bool:
    """A goal/objective code opens a heading when followed by a separator, nothing (title on the next
    line) or a capitalised word; "Hedef 1.1 kapsamında ..." is a sentence that mentions one."""
    if m.sep in (":", "-", "–", "—", ")"):
        return True
    if not m.rest:
        return True
    return m.rest[0].isupper() or m.rest[0] in "\"'“«("
