"""Which item of a performance programme (or activity report) is the strategic plan's promise?

The promise tracker asks, for every plan activity, objective and indicator: is it in this year's
programme? Codes answer most of the time ("F1.3.1" in the plan is "F1.3.1" in the programme), but
not always: a revised plan renumbers, a programme prints "Faaliyet 4" where the plan said "FP2.1.4",
and wording drifts between the two documents ("Kadın konukevi inşası" / "Kadın konukevinin yapımı",
"Kadın ve Aile Hizmetleri Md." / "... Müdürlüğü", "KADEM" / "Kadın Danışma Merkezi"). So a match is
decided on evidence, from the surest to the weakest, one to one:

1. a researcher's override (``confirm`` forces a pair, ``reject`` forbids one or says "not there");
2. the same kind and key whose titles are alike enough (``CODE_SURE``): method ``code``;
3. what is left, best first by a score that adds small bonuses for an agreeing key and for sharing
   the matched parent objective ("within the same objective first"): a pair is accepted with an
   agreeing key from ``CODE_MIN``, under matched parents from ``PARENT_MIN``, elsewhere only from
   ``ANYWHERE_MIN`` (unrelated activities of one municipality share much boilerplate).

Titles are compared on :func:`title_tokens`: ``normalize_for_compare`` (Turkish folding, no layout),
abbreviations expanded ("Md." → müdürlük), acronyms spelled out from the other title ("YEEP" → yerel
eşitlik eylem planı), Turkish inflection stripped (``search_key``), a few synonyms merged (yapım /
inşa, işletilmesi / yürütülmesi) and filler words dropped. :func:`similarity` is a weighted soft Dice
over those tokens (a shared prefix of five letters counts as most of a match: derivation differs
between documents, "işletilmesi" / "işletimi"), blended with rapidfuzz's ``token_sort_ratio``. Two
guards keep near-identical twins apart: a title about women is never the same as its sibling about
men ("... katılan kadın sayısı" / "... katılan erkek sayısı"), and different numbers ("2. etap" /
"3. etap") count against a pair. Every pair carries its evidence: codes, score and matched words.
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache
from typing import Any, Iterable, Sequence

from rapidfuzz import fuzz

from muniwatch.constants import SEG_ACTIVITY, SEG_GOAL, SEG_INDICATOR, SEG_OBJECTIVE
from watch.turkish import fold, normalize_for_compare, search_key

__all__ = ["ANYWHERE_MIN", "CODE_MIN", "CODE_SURE", "MATCH_VERSION", "PARENT_MIN", "Item", "Overrides", "Pair",
           "match_items", "normalise_code", "similarity", "title_tokens"]

#: Bump whenever the same inputs can give different pairs or scores (stored with every promise).
MATCH_VERSION = 1
CODE_SURE = 0.9       # same key and this alike: matched by code at once (nothing can beat it by much)
CODE_MIN = 0.45       # same key: accepted from here when nothing better claims either side
PARENT_MIN = 0.65     # under matched parents
ANYWHERE_MIN = 0.72   # anywhere else
KEY_BONUS = 0.15
PARENT_BONUS = 0.1
MATCH_ORDER = (SEG_GOAL, SEG_OBJECTIVE, SEG_INDICATOR, SEG_ACTIVITY)
_PARENT_KIND = {SEG_OBJECTIVE: SEG_GOAL, SEG_INDICATOR: SEG_OBJECTIVE, SEG_ACTIVITY: SEG_OBJECTIVE}

# ------------------------------------------------------------------------------------ vocabulary

#: Abbreviations as folded tokens (dot stripped) → the word they stand for.
ABBREVIATIONS = {
    "md": "müdürlüğü", "mud": "müdürlüğü", "mdl": "müdürlüğü", "mudl": "müdürlüğü", "mdr": "müdürlüğü",
    "bsk": "başkanlığı", "bskl": "başkanlığı", "bask": "başkanlığı", "dai": "daire", "hiz": "hizmetleri",
    "mah": "mahallesi", "cad": "caddesi", "sok": "sokak", "koop": "kooperatifi", "bld": "belediyesi",
    "bel": "belediyesi", "egt": "eğitim", "prj": "proje", "faal": "faaliyet", "sos": "sosyal",
}
#: Groups of words that mean the same in a programme as in its plan (folded key prefixes).
SYNONYMS = (
    ("yapim", "yapil", "insa"),                      # yapımı / yapılması / inşası / inşaatı
    ("kurul", "olustur", "tesis"),                   # kurulması / oluşturulması / tesisi
    ("yurut", "islet", "surdur"),                    # yürütülmesi / işletilmesi / sürdürülmesi
    ("sunul", "veril", "sagla"),                     # sunulması / verilmesi / sağlanması
    ("duzenle", "organiz", "tertip"),                # düzenlenmesi / organizasyonu
    ("artir", "yukselt", "cogalt"),                  # artırılması / yükseltilmesi / çoğaltılması
    ("gelistir", "iyilestir"),                       # geliştirilmesi / iyileştirilmesi
    ("yenile", "rehabilit"),                         # yenilenmesi / rehabilitasyonu
    ("aydinlat", "isiklandir"),                      # aydınlatma / ışıklandırma
    ("farkindalik", "bilinclendir"),                 # farkındalık / bilinçlendirme
    ("konukev", "siginmaev"),                        # kadın konukevi / sığınmaevi
)
#: Words that say nothing about which activity it is.
FILLER = frozenset(fold(w) for w in """ve ile için bir olan ilgili veya ya da de ki bu şu her tüm gibi
    kapsamında edilmesi edilmesinin etmek yapılacak yönelik dönük konusunda amaçlı amacıyla""".split())
#: Words that say little (verbs of planning, generic nouns): counted, with less weight.
GENERIC = ("hizmet", "calism", "faaliyet", "proje", "program", "etkinlik", "destek", "sayi", "oran", "miktar",
           "yurut", "duzenle", "artir", "gelistir", "kurul", "yapim", "sunul", "belediye", "mudurluk")
GENERIC_WEIGHT = 0.45
#: A title on women (or girls, mothers) is never the same item as its twin on men.
_WOMEN = ("kadin", "kiz", "anne")
_MEN = ("erkek", "baba")
SEX_MISMATCH_FACTOR = 0.5
NUMBER_MISMATCH_FACTOR = 0.6
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?|\d+(?:[.,]\d+)*")


@dataclasses.dataclass(frozen=True)
class Token:
    word: str        # as printed (after abbreviation expansion)
    canon: str       # the form tokens are compared by
    weight: float


@lru_cache(maxsize=20_000)
def _canon(word: str) -> str:
    if word.isdigit() or re.fullmatch(r"\d+(?:[.,]\d+)*", word):
        return "#" + word
    key, folded = search_key(word), fold(word)
    for group in SYNONYMS:
        if any(key.startswith(p) or folded.startswith(p) for p in group):
            return group[0]
    return key


def _weight(canon: str) -> float:
    return GENERIC_WEIGHT if canon.startswith(GENERIC) else 1.0


def _acronyms(title: str) -> list[str]:
    """Upper-case words of 2-6 letters in a title that is not itself in capitals ("YEEP", "KADEM")."""
    letters = [c for c in title if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) / len(letters) > 0.6:
        return []
    return [w for w in re.findall(r"[^\W\d_]{2,6}", title) if w.isupper()]


def _spell_out(acronym: str, other_title: str) -> str | None:
    """The run of words in ``other_title`` whose initials spell ``acronym`` ("YEEP" → "Yerel Eşitlik
    Eylem Planının"; "SYDV" → "Sosyal Yardımlaşma ve Dayanışma Vakfı": a "ve" inside is skipped), or None."""
    target = fold(acronym)
    words = _WORD.findall(other_title)
    for start in range(len(words)):
        got, end = "", start
        while end < len(words) and len(got) < len(target):
            word = fold(words[end])
            if word == "ve" and got:
                end += 1
                continue
            if not word or word[0] != target[len(got)]:
                break
            got += word[0]
            end += 1
        if got == target:
            return " ".join(words[start:end])
    return None


@lru_cache(maxsize=20_000)
def title_tokens(title: str, other_title: str = "") -> tuple[Token, ...]:
    """The comparison tokens of a title; acronyms are spelled out when ``other_title`` spells them."""
    text = title or ""
    for acronym in _acronyms(text):
        spelled = _spell_out(acronym, other_title) if other_title else None
        if spelled and fold(spelled) not in fold(text):
            text = re.sub(rf"(?<![^\W_]){re.escape(acronym)}(?![^\W_])", spelled, text)
        elif spelled:
            text = re.sub(rf"\(?(?<![^\W_]){re.escape(acronym)}(?![^\W_])\)?", " ", text)  # "Plan (YEEP)"
    out: list[Token] = []
    for raw in _WORD.findall(normalize_for_compare(text).replace("\n", " ")):
        word = ABBREVIATIONS.get(raw.strip("."), raw)
        folded = fold(word)
        if folded in FILLER:
            continue
        canon = _canon(word)
        if canon in FILLER or not canon:
            continue
        out.append(Token(word, canon, _weight(canon)))
    return tuple(out)


def _token_score(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if a.startswith("#") or b.startswith("#"):
        return 0.0
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    if n >= 5:
        return 0.85
    if n >= 4 and min(len(a), len(b)) <= 5:
        return 0.7
    return 0.0


def _has(tokens: Iterable[Token], stems: tuple[str, ...]) -> bool:
    return any(t.canon.startswith(stems) for t in tokens)


def similarity(a_title: str, b_title: str) -> tuple[float, list[str], list[str], list[str]]:
    """(score 0..1, words of A matched in B, A's unmatched words, B's unmatched words)."""
    ta, tb = title_tokens(a_title, b_title), title_tokens(b_title, a_title)
    if not ta or not tb:
        return 0.0, [], [t.word for t in ta], [t.word for t in tb]
    best_a = [max((_token_score(x.canon, y.canon) for y in tb), default=0.0) for x in ta]
    best_b = [max((_token_score(y.canon, x.canon) for x in ta), default=0.0) for y in tb]
    total = sum(t.weight for t in ta) + sum(t.weight for t in tb)
    dice = (sum(s * t.weight for s, t in zip(best_a, ta)) + sum(s * t.weight for s, t in zip(best_b, tb))) / total
    chars = fuzz.token_sort_ratio(" ".join(t.canon for t in ta), " ".join(t.canon for t in tb)) / 100
    score = 0.8 * dice + 0.2 * chars
    women_a, men_a, women_b, men_b = _has(ta, _WOMEN), _has(ta, _MEN), _has(tb, _WOMEN), _has(tb, _MEN)
    if (women_a and not women_b and men_b) or (men_a and not men_b and women_b) \
            or (women_a != women_b and men_a != men_b):
        score *= SEX_MISMATCH_FACTOR
    nums_a = {t.canon for t in ta if t.canon.startswith("#")}
    nums_b = {t.canon for t in tb if t.canon.startswith("#")}
    if nums_a and nums_b and nums_a != nums_b:
        score *= NUMBER_MISMATCH_FACTOR
    matched = [t.word for s, t in zip(best_a, ta) if s > 0]
    return (round(score, 4), matched, [t.word for s, t in zip(best_a, ta) if s == 0],
            [t.word for s, t in zip(best_b, tb) if s == 0])


# ------------------------------------------------------------------------------------- matching

@dataclasses.dataclass
class Item:
    """One goal, objective, indicator or activity, on either side; ``ref`` is the caller's handle."""
    kind: str
    key: str | None
    code: str | None
    title: str
    parent_key: str | None = None
    ref: Any = None


@dataclasses.dataclass
class Pair:
    plan: Item
    other: Item | None
    method: str | None            # "code" | "similarity" | "override" | None (no counterpart)
    similarity: float | None
    evidence: dict[str, Any]


def normalise_code(code: str | None) -> str:
    """How override codes are compared: folded, without spaces ("F 1.3.1" = "f1.3.1")."""
    return re.sub(r"\s+", "", fold(code or ""))


@dataclasses.dataclass
class Overrides:
    """A researcher's decisions for one municipality and year, by (plan kind, plan key).

    ``forced``: the other side's code a plan item IS (confirm); ``forbidden``: codes it is NOT
    (reject); ``absent``: plan items the researcher says have no counterpart (reject, no code).
    ``ids`` names the override row behind each decision (for the evidence)."""
    forced: dict[tuple[str, str], str] = dataclasses.field(default_factory=dict)
    forbidden: dict[tuple[str, str], set[str]] = dataclasses.field(default_factory=dict)
    absent: set[tuple[str, str]] = dataclasses.field(default_factory=set)
    ids: dict[tuple[str, str, str], int] = dataclasses.field(default_factory=dict)

    @classmethod
    def from_rows(cls, rows: Iterable[dict]) -> "Overrides":
        """Rows of ``promise_overrides`` in the order they were made; a later decision on the same
        plan item and code replaces an earlier one, and a confirm ends an earlier "not there"."""
        out = cls()
        for row in rows:
            ident = (row["plan_kind"], row["plan_key"])
            code = normalise_code(row.get("programme_code")) or ""
            out.ids[(*ident, code)] = row.get("id")
            if row["decision"] == "confirm" and code:
                out.forced[ident] = code
                out.forbidden.get(ident, set()).discard(code)
                out.absent.discard(ident)
            elif row["decision"] == "reject" and code:
                out.forbidden.setdefault(ident, set()).add(code)
                if out.forced.get(ident) == code:
                    del out.forced[ident]
            elif row["decision"] == "reject":
                out.absent.add(ident)
                out.forced.pop(ident, None)
        return out


def _is_code(code: str, item: Item) -> bool:
    return code in (normalise_code(item.code), normalise_code(item.key))


def _evidence(p: Item, o: Item, method: str, score: float, matched: list[str], only_p: list[str],
              only_o: list[str], same_parent: bool) -> dict[str, Any]:
    return {"method": method, "plan_code": p.code, "plan_key": p.key, "other_code": o.code, "other_key": o.key,
            "keys_agree": bool(p.key and p.key == o.key), "same_parent": same_parent, "similarity": score,
            "matched_words": matched, "plan_only_words": only_p, "other_only_words": only_o}


def match_items(plan: Sequence[Item], other: Sequence[Item], overrides: Overrides | None = None) -> list[Pair]:
    """One pair per plan item (``other`` None when it has no counterpart), in plan order.

    Kinds are matched top-down (goals, objectives, then indicators and activities) so that children
    know whether their parents were paired: "within the same objective first"."""
    ov = overrides or Overrides()
    result: dict[int, Pair] = {}
    parent_map: dict[tuple[str, str], str] = {}      # (kind, plan key) -> other key
    for kind in MATCH_ORDER:
        ps = [p for p in plan if p.kind == kind]
        os_ = [o for o in other if o.kind == kind]
        for pair in _match_kind(kind, ps, os_, ov, parent_map):
            result[id(pair.plan)] = pair
            if pair.other is not None and pair.plan.key and pair.other.key:
                parent_map[(kind, pair.plan.key)] = pair.other.key
    return [result[id(p)] if id(p) in result else Pair(p, None, None, None, {"method": None})
            for p in plan]


def _match_kind(kind: str, plan: list[Item], other: list[Item], ov: Overrides,
                parent_map: dict[tuple[str, str], str]) -> list[Pair]:
    pairs: list[Pair] = []
    free_p = list(plan)
    free_o = list(other)
    parent_kind = _PARENT_KIND.get(kind)

    def same_parent(p: Item, o: Item) -> bool:
        if parent_kind is None or not p.parent_key or not o.parent_key:
            return False
        return parent_map.get((parent_kind, p.parent_key)) == o.parent_key

    def take(p: Item, o: Item | None, method: str | None, score: float | None, ev: dict) -> None:
        pairs.append(Pair(p, o, method, score, ev))
        free_p.remove(p)
        if o is not None:
            free_o.remove(o)

    def allowed(p: Item, o: Item) -> bool:
        banned = ov.forbidden.get((p.kind, p.key or ""), set())
        return not any(_is_code(code, o) for code in banned)

    # 1. overrides
    for p in list(free_p):
        ident = (p.kind, p.key or "")
        if ident in ov.absent:
            take(p, None, None, None, {"method": "override", "decision": "reject", "override_id": ov.ids.get((*ident, ""))})
        elif ident in ov.forced:
            code = ov.forced[ident]
            o = next((o for o in free_o if _is_code(code, o)), None)
            if o is not None:
                score, matched, only_p, only_o = similarity(p.title, o.title)
                ev = _evidence(p, o, "override", score, matched, only_p, only_o, same_parent(p, o))
                ev.update(decision="confirm", override_id=ov.ids.get((*ident, code)))
                take(p, o, "override", score, ev)
    # 2. same key, (nearly) the same title: code, at once (the common case costs one comparison)
    by_key: dict[str, list[Item]] = {}
    for o in free_o:
        if o.key:
            by_key.setdefault(o.key, []).append(o)
    for p in list(free_p):
        for o in by_key.get(p.key or "", []):
            if o in free_o and allowed(p, o):
                score, matched, only_p, only_o = similarity(p.title, o.title)
                if score >= CODE_SURE:
                    take(p, o, "code", score, _evidence(p, o, "code", score, matched, only_p, only_o,
                                                        same_parent(p, o)))
                    break
    # 3. the rest, best first: an agreeing key is a bonus, not a verdict (a revised plan renumbers)
    candidates = []
    for p in free_p:
        for o in free_o:
            if not allowed(p, o):
                continue
            score, matched, only_p, only_o = similarity(p.title, o.title)
            key_agrees = bool(p.key and p.key == o.key)
            parent = same_parent(p, o)
            floor = CODE_MIN if key_agrees else PARENT_MIN if parent else ANYWHERE_MIN
            if score < floor:
                continue
            rank = score + KEY_BONUS * key_agrees + PARENT_BONUS * parent
            method = "code" if key_agrees else "similarity"
            candidates.append((rank, score, p, o, _evidence(p, o, method, score, matched, only_p, only_o, parent)))
    candidates.sort(key=lambda c: (-c[0], plan.index(c[2]), other.index(c[3])))
    for _rank, score, p, o, ev in candidates:
        if p in free_p and o in free_o:
            take(p, o, ev["method"], score, ev)
    for p in list(free_p):
        rejected = sorted(ov.forbidden.get((p.kind, p.key or ""), set()))
        take(p, None, None, None, {"method": None, **({"rejected_codes": rejected} if rejected else {})})
    return pairs
