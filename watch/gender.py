"""Gender relevance: which segments of a plan, programme, report or council bundle touch gender equality.

Monitors want to hear about a nursery plot re-zoned or a shelter budget cut, not about every "bakım
onarım" tender, so relevance is explainable and conservative: terms live as data in ``lexicon.yml``
(read its header for the matching and weighting rules), every match carries its position in the
ORIGINAL text and the words that triggered it, and generic words ("kadın", "aile", "çocuk") only count
together or inside a unit name. Matching runs on the Turkish-folded text (``watch.turkish.fold``), never
on ``str.lower()``. Context counts too: an indicator under a gender-equality objective is relevant
through its parent, and a decision proposed by a women's directorate is relevant through its proposer.
``checklist`` applies the gender-sensitivity questions for a strategic plan (seed 002, 14-18).
"""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from pathlib import Path
from typing import Any, Callable, Iterable

import yaml

from muniwatch.constants import SEG_DECISION, SEG_GOAL, SEG_INDICATOR, SEG_OBJECTIVE, SEG_SECTION
from watch.segments import Segment
from watch.turkish import fold

#: Must equal ``version`` in lexicon.yml: stored relevance says which lexicon produced it.
LEXICON_VERSION = 1
#: Bump when ``checklist`` answers a question differently for the same input.
CHECKLIST_VERSION = 1
DEFAULT_LEXICON = Path(__file__).with_name("lexicon.yml")
STRONG, WEAK = "strong", "weak"
_SCORE = {STRONG: 1.0, WEAK: 0.5}
_CHECKLIST_ITEMS = ("sex_disaggregated_situation_data", "womens_orgs_consulted", "equality_goal_or_objective",
                    "womens_directorate_owns", "sex_disaggregated_indicators", "women_or_men_specific_indicators",
                    "general_equality_indicators", "local_equality_action_plan", "gender_budgeting", "equality_unit")


class LexiconError(ValueError):
    """The lexicon file is malformed; the message names the file, category and term."""


# ----------------------------------------------------------------------------------- patterns

_LETTER = r"[^\W\d_]"
_START = r"(?<![^\W_])"                       # not after a letter or digit: a word start
_START_AFTER_FIRST = r"(?<![^\W_].)"          # the same, checked one character later
_END = r"(?![^\W_])"
_SUFFIX = rf"{_LETTER}*(?:'{_LETTER}+)?"          # Turkish suffixes, also after an apostrophe (ŞÖNİM'e)
_HYPHENS = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufffe"
_SEP = rf"[\s{_HYPHENS}/]+"                   # between words of a phrase
_SOFTENS = {"k": "[kg]", "p": "[pb]", "t": "[td]"}   # final consonant of a polysyllable before a vowel (ğ = g)
_WORD_SPLIT = re.compile(rf"[\s{_HYPHENS}/]+")
# A weak term followed, within four words on the same line, by a unit word.
_UNIT_AFTER = re.compile(rf"{_SUFFIX}(?:[ ,&/{_HYPHENS}]+{_LETTER}+){{0,4}}?[ ,{_HYPHENS}]+"
                         rf"(?:mudurlu|daire baskanlig|birimi{_END})")


def _compile(phrase: str, *, suffix: bool = True, where: str) -> re.Pattern[str]:
    """A phrase → regex over folded text (see the lexicon header: stems, `*`, separators)."""
    words = [w for w in _WORD_SPLIT.split(fold(phrase)) if w]
    if not words or not any(ch.isalnum() for ch in "".join(words)):
        raise LexiconError(f"{where}: the phrase has no letters or digits")
    parts = []
    for i, word in enumerate(words):
        star = word.endswith("*")
        word = word[:-1] if star else word
        if not word or "*" in word:
            raise LexiconError(f"{where}: '*' may only end a word")
        takes_suffix = star or (i == len(words) - 1 and suffix)
        if takes_suffix and word[-1] in _SOFTENS and sum(ch in "aeiou" for ch in word) > 1:  # dernek → derneği
            parts.append(re.escape(word[:-1]) + _SOFTENS[word[-1]] + _SUFFIX)
        else:
            parts.append(re.escape(word) + (_SUFFIX if takes_suffix else ""))
    body = _SEP.join(parts) + ("" if parts[-1].endswith(_SUFFIX) else _END)
    # The word-start check goes after the first character: a pattern that opens with a literal lets
    # the regex engine skip ahead to it (about 20 times faster over a 100-page bundle).
    first = 2 if body.startswith("\\") else 1
    return re.compile(body[:first] + _START_AFTER_FIRST + body[first:])


# ------------------------------------------------------------------------------------ lexicon

@dataclasses.dataclass(frozen=True)
class Term:
    text: str
    category: str
    weight: str
    pattern: re.Pattern[str]
    excludes: tuple[re.Pattern[str], ...] = ()
    unit_name_strong: bool = False


@dataclasses.dataclass(frozen=True)
class Category:
    name: str
    label_tr: str
    label_en: str
    direct_equality: bool      # a goal matching it is "directly on gender equality" (checklist)


@dataclasses.dataclass(frozen=True)
class Lexicon:
    version: int
    path: str
    categories: dict[str, Category]
    terms: tuple[Term, ...]
    exclusions: tuple[re.Pattern[str], ...]
    womens_orgs: tuple[tuple[str, re.Pattern[str]], ...]
    action_plan: tuple[tuple[str, re.Pattern[str]], ...]
    budgeting_categories: frozenset[str]
    womens_unit_categories: frozenset[str]
    checklist_labels: dict[str, str]        # checklist item → "Türkçe / English" label


def _keys(obj: Any, allowed: set[str], required: set[str], where: str) -> dict:
    if not isinstance(obj, dict):
        raise LexiconError(f"{where}: expected a mapping, got {type(obj).__name__}")
    if unknown := set(obj) - allowed:
        raise LexiconError(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    if missing := required - set(obj):
        raise LexiconError(f"{where}: missing key(s) {', '.join(sorted(missing))}")
    return obj


def _strings(obj: Any, where: str) -> list[str]:
    if not isinstance(obj, list) or not all(isinstance(x, str) and x.strip() for x in obj):
        raise LexiconError(f"{where}: expected a list of non-empty strings")
    return obj


def _parse_term(raw: Any, cat: str, where: str) -> Term:
    raw = _keys({"term": raw} if isinstance(raw, str) else raw,
                {"term", "weight", "exclude", "suffix", "unit_name", "note"}, {"term"}, where)
    text, weight, suffix, unit = raw["term"], raw.get("weight", STRONG), raw.get("suffix", True), raw.get("unit_name")
    if not isinstance(text, str) or not text.strip():
        raise LexiconError(f"{where}: 'term' must be a non-empty string")
    where = f"{where.rsplit(',', 1)[0]}, term '{text}'"
    if weight not in _SCORE:
        raise LexiconError(f"{where}: weight must be 'strong' or 'weak', got {weight!r}")
    if not isinstance(suffix, bool):
        raise LexiconError(f"{where}: suffix must be true or false")
    if unit not in (None, STRONG) or (unit and weight != WEAK):
        raise LexiconError(f"{where}: unit_name may only be 'strong', and only on a weak term")
    excludes = tuple(_compile(p, where=f"{where}, exclude '{p}'")
                     for p in _strings(raw.get("exclude", []), f"{where}: exclude"))
    return Term(text, cat, weight, _compile(text, suffix=suffix, where=where), excludes, unit == STRONG)


def _parse(data: Any, path: Path) -> Lexicon:
    name = path.name
    data = _keys(data, {"version", "categories", "exclusions", "checklist"}, {"version", "categories"}, name)
    version = data["version"]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise LexiconError(f"{name}: version must be a positive integer, got {version!r}")
    if path == DEFAULT_LEXICON.resolve() and version != LEXICON_VERSION:
        raise LexiconError(f"{name}: version {version} but LEXICON_VERSION is {LEXICON_VERSION}; bump both")
    if not isinstance(data["categories"], dict) or not data["categories"]:
        raise LexiconError(f"{name}: 'categories' must be a non-empty mapping")
    categories: dict[str, Category] = {}
    terms: list[Term] = []
    seen: dict[str, str] = {}
    for cat, body in data["categories"].items():
        where = f"{name}: category '{cat}'"
        if not isinstance(cat, str) or not re.fullmatch(r"[a-z][a-z_]*", cat):
            raise LexiconError(f"{where}: names are lower-case ASCII with underscores")
        body = _keys(body, {"label_tr", "label_en", "terms", "direct_equality"}, {"label_tr", "label_en", "terms"}, where)
        if not isinstance(body["terms"], list) or not body["terms"]:
            raise LexiconError(f"{where}: 'terms' must be a non-empty list")
        categories[cat] = Category(cat, str(body["label_tr"]), str(body["label_en"]), bool(body.get("direct_equality")))
        for i, raw in enumerate(body["terms"], 1):
            term = _parse_term(raw, cat, f"{where}, term #{i}")
            if (key := term.pattern.pattern) in seen:
                raise LexiconError(f"{where}, term '{term.text}': duplicate of '{seen[key]}' (same folded form)")
            seen[key] = f"{cat}: {term.text}"
            terms.append(term)
    exclusions = tuple(_compile(str(_keys(raw, {"phrase", "note"}, {"phrase"}, f"{name}: exclusion #{i}")["phrase"]),
                                where=f"{name}: exclusion #{i}") for i, raw in enumerate(data.get("exclusions") or [], 1))
    check = _keys(data.get("checklist") or {}, {"womens_organisations", "equality_action_plan", "labels",
                  "gender_budgeting_categories", "womens_unit_categories"}, set(), f"{name}: checklist")
    labels = _keys(check.get("labels") or {}, set(_CHECKLIST_ITEMS), set(), f"{name}: checklist labels")
    lists = {key: _strings(check.get(key, []), f"{name}: checklist {key}") for key in
             ("womens_organisations", "equality_action_plan", "gender_budgeting_categories", "womens_unit_categories")}
    for key in ("gender_budgeting_categories", "womens_unit_categories"):
        if bad := [c for c in lists[key] if c not in categories]:
            raise LexiconError(f"{name}: checklist {key}: unknown category {', '.join(bad)}")
    phrases = {key: tuple((p, _compile(p, where=f"{name}: checklist {key} '{p}'")) for p in lists[key])
               for key in ("womens_organisations", "equality_action_plan")}
    return Lexicon(version, str(path), categories, tuple(terms), exclusions, phrases["womens_organisations"],
                   phrases["equality_action_plan"], frozenset(lists["gender_budgeting_categories"]),
                   frozenset(lists["womens_unit_categories"]), {k: str(v) for k, v in labels.items()})


@functools.lru_cache(maxsize=16)
def _load_cached(path: Path) -> Lexicon:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LexiconError(f"{path}: cannot read the lexicon ({exc.strerror or exc})") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise LexiconError(f"{path.name}:{f' line {mark.line + 1}' if mark else ''} invalid YAML "
                           f"({getattr(exc, 'problem', exc)})") from exc
    return _parse(data, path)


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """The lexicon at ``path`` (default: watch/lexicon.yml), parsed, validated and cached."""
    return _load_cached(Path(path or DEFAULT_LEXICON).resolve())


# ----------------------------------------------------------------------------------- matching

@dataclasses.dataclass(frozen=True)
class Match:
    term: str            # the lexicon term as written ("kadın* yönelik şiddet")
    category: str
    start: int           # positions in the ORIGINAL text: text[start:end] == matched_text
    end: int
    matched_text: str
    weight: str          # effective weight: a weak term inside a unit name counts as strong
    promoted: bool = False

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


# A word broken over a line: hyphen (or pdfium's U+FFFE, a soft hyphen), line break, lower-case next.
_JOIN = re.compile(rf"(?<={_LETTER})([-\u2010\u00ad\ufffe])[^\S\n]*\n[^\S\n]*(?={_LETTER})")


@functools.lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    return ("\n" if c == "\n" else " ") if c.isspace() else fold(c)   # lines kept for unit names


def _fold_with_map(text: str) -> tuple[str, list[int]]:
    """Folded text plus, for each folded character, the index of the original character it came from
    (fold is not length-preserving: "ﬁ" → "fi", combining dots and soft hyphens vanish)."""
    drop: set[int] = set()
    for m in _JOIN.finditer(text):
        if m.group(1) == "\u00ad" or text[m.end()].islower():
            drop.update(range(m.start(), m.end()))
    out: list[str] = []
    index: list[int] = []
    for i, c in enumerate(text):
        if i not in drop:
            out.append(f := _fold_char(c))
            index.extend([i] * len(f))
    return "".join(out), index


def _overlaps(s: int, e: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(a < e and s < b for a, b in spans)


def match(text: str, lexicon: Lexicon | None = None) -> list[Match]:
    """Every lexicon term in ``text``, in text order, exclusions applied, contained matches dropped
    (the longer phrase wins: "kadın danışma merkezi" hides its "kadın")."""
    lex = lexicon or load_lexicon()
    folded, index = _fold_with_map(text)
    excluded = [m.span() for p in lex.exclusions for m in p.finditer(folded)]
    raw: list[tuple[int, int, Term, bool]] = []
    for term in lex.terms:
        own: list[tuple[int, int]] | None = None
        for m in term.pattern.finditer(folded):
            s, e = m.span()
            if _overlaps(s, e, excluded):
                continue
            if term.excludes:
                own = own if own is not None else [x.span() for p in term.excludes for x in p.finditer(folded)]
                if _overlaps(s, e, own):
                    continue
            promoted = term.unit_name_strong and bool(_UNIT_AFTER.match(folded, e))
            raw.append((s, e, term, promoted))
    kept: list[tuple[int, int, Term, bool]] = []
    for r in sorted(raw, key=lambda r: (r[0] - r[1], -len(r[2].text), r[0])):   # longest first
        if not any(k[0] <= r[0] and r[1] <= k[1] for k in kept):
            kept.append(r)
    out = []
    for s, e, term, promoted in sorted(kept, key=lambda r: (r[0], r[1])):
        start, end = index[s], index[e - 1] + 1
        while end < len(text) and unicodedata.combining(text[end]):
            end += 1
        out.append(Match(term.text, term.category, start, end, text[start:end],
                         STRONG if promoted else term.weight, promoted))
    return out


# ---------------------------------------------------------------------------------- relevance

@dataclasses.dataclass(frozen=True)
class Relevance:
    relevant: bool
    categories: list[str]
    matches: list[Match]
    score: float
    explanation: str
    inherited_from: str | None = None   # code of the goal/objective the relevance comes from
    via: str = "text"                   # "text" | "inherited" | "proposer" | "responsible" | ""

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def _describe(ms: list[Match], limit: int = 6) -> str:
    parts = [f"{m.category}: '{' '.join(m.matched_text.split())}' @{m.start}"
             + (" (zayıf/weak)" if m.weight == WEAK else "") for m in ms[:limit]]
    return "; ".join(parts) + (f"; +{len(ms) - limit}" if len(ms) > limit else "")


def _judge(ms: list[Match], lex: Lexicon) -> Relevance:
    distinct: dict[tuple[str, str], str] = {}
    for m in sorted(ms, key=lambda m: m.weight != STRONG):       # a term counts once, at its best
        distinct.setdefault((m.category, m.term), m.weight)
    score = sum(_SCORE[w] for w in distinct.values())
    relevant = score >= 1.0
    cats = sorted({m.category for m in ms}, key=list(lex.categories).index) if relevant else []
    why = ("ilgili/relevant: " if relevant else "ilgisiz/not relevant, yalnız zayıf terim/weak term only: "
           if ms else "ilgisiz/not relevant: eşleşme yok/no match") + _describe(ms)
    return Relevance(relevant, cats, ms, score, why, None, "text" if relevant else "")


def relevance(text: str, lexicon: Lexicon | None = None) -> Relevance:
    """Is ``text`` gender-relevant? One strong term, or two different weak terms (see lexicon.yml)."""
    lex = lexicon or load_lexicon()
    return _judge(match(text, lex), lex)


def segment_text(seg: Segment) -> str:
    """The text relevance reads for a segment: its text, with the title first when the text lacks it.
    Match positions of ``assess_segments`` refer to this string."""
    if seg.title and fold(seg.title) not in fold(seg.text or ""):
        return f"{seg.title}\n{seg.text or ''}"
    return seg.text or ""


def _unit_names(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else [v for v in value or () if isinstance(v, str)]


def _womens_unit_matches(name: str, lex: Lexicon) -> list[Match]:
    """A field that holds a unit name is a unit name: its weak "kadın" counts as if promoted."""
    unit_terms = {(t.category, t.text) for t in lex.terms if t.unit_name_strong}
    return [m for m in match(name, lex) if m.category in lex.womens_unit_categories
            and (m.weight == STRONG or (m.category, m.term) in unit_terms)]


def is_womens_unit(name: str, lexicon: Lexicon | None = None) -> bool:
    """Is this directorate a women's (and family) directorate? "Kadın ve Aile Hizmetleri Müdürlüğü",
    "Kadın Çalışmaları Müdürlüğü", "Kadın, Aile ve Gençlik Müdürlüğü" yes; "Aile ve Sosyal Hizmetler" no."""
    return bool(_womens_unit_matches(name, lexicon or load_lexicon()))


def _by_unit(seg: Segment, rel: Relevance, lex: Lexicon) -> Relevance:
    """A women's directorate as proposer (decisions) or responsible unit (objectives) makes a segment
    relevant even when its own words do not (a fee table, a lease); the unit is named in the explanation."""
    for field, label in (("proposer", "teklif eden/proposer"), ("responsible", "sorumlu birim/responsible unit")):
        for name in _unit_names(seg.fields.get(field)):
            unit = _womens_unit_matches(name, lex)
            if unit:
                cats = sorted({*rel.categories, *(m.category for m in unit)}, key=list(lex.categories).index)
                if rel.relevant:
                    return dataclasses.replace(rel, categories=cats, explanation=f"{rel.explanation}; {label} '{name}'")
                why = f"ilgili/relevant: {label} '{name}'" + (f"; {_describe(rel.matches)}" if rel.matches else "")
                return dataclasses.replace(rel, relevant=True, categories=cats, explanation=why, via=field,
                                           score=max(rel.score, 1.0))
    return rel


def assess_segments(segments: list[Segment], lexicon: Lexicon | None = None) -> dict[int, Relevance]:
    """Relevance of each segment by ordinal: its own text, then its proposer or responsible unit, then
    the nearest relevant goal/objective above it (``inherited_from``). Decisions have no parents."""
    lex = lexicon or load_lexicon()
    base = {s.ordinal: _by_unit(s, relevance(segment_text(s), lex), lex) for s in segments}
    parents = {s.code: s for s in segments if s.code and s.kind in (SEG_GOAL, SEG_OBJECTIVE)}
    out: dict[int, Relevance] = {}
    for seg in segments:
        rel = base[seg.ordinal]
        code, seen = seg.parent_code, set()
        while not rel.relevant and seg.kind != SEG_DECISION and code and code not in seen:
            seen.add(code)
            parent = parents.get(code)
            if parent is None:
                break
            up = base[parent.ordinal]
            if up.relevant:
                why = f"ilgili/relevant: üst amaç-hedef/inherited from {code} ({', '.join(up.categories)})"
                rel = dataclasses.replace(rel, relevant=True, categories=list(up.categories),
                                          explanation=why, inherited_from=code, via="inherited")
            code = parent.parent_code
        out[seg.ordinal] = rel
    return out


# ------------------------------------------------------------------------ sex-disaggregation

_W = r"(?:kadin|kiz)"
_SLASHED = re.compile(rf"{_START}(?:{_W}{_LETTER}*\s*[/{_HYPHENS}]\s*erkek|erkek{_LETTER}*\s*[/{_HYPHENS}]\s*{_W})"
                      rf"{_LETTER}*")
_MECHANISM = re.compile(r"\s*(?:firsat\s+)?esit")      # "Kadın-Erkek (Fırsat) Eşitliği ..." is a name
_KE = re.compile(rf"{_START}(?:k\s*/\s*e|e\s*/\s*k){_END}")
_COUNT = r"(?:sayi|oran|dagilim|yuzde|ayri ayri)"
_AND = re.compile(rf"{_START}(?:{_W}{_LETTER}*\s+(?:ve|veya|ile)\s+erkek|erkek{_LETTER}*\s+(?:ve|veya|ile)\s+{_W})"
                  rf"{_LETTER}*(?:\s+{_LETTER}+){{0,3}}?\s+{_COUNT}")
_BY_SEX = re.compile(rf"{_START}cinsiyet{_LETTER}*\s+(?:gore|bazinda|kirilim|dagilim|ayrim{_LETTER}*da{_END})")
_BOTH = (re.compile(rf"{_START}{_W}{_LETTER}*\s+(?:sayi|oran)"), re.compile(rf"{_START}erkek{_LETTER}*\s+(?:sayi|oran)"))


def is_sex_disaggregated(indicator_text: str) -> bool:
    """Does the text split a figure by sex? "kadın/erkek sayısı", "kadın ve erkek sayısı", "cinsiyete
    göre", "(K/E)", "kadın-erkek oranı", "kız ve erkek öğrenci sayısı" yes; "Kadın-Erkek Fırsat
    Eşitliği Komisyonu" (a committee's name) no."""
    t = " ".join(fold(indicator_text).split())
    if any(not _MECHANISM.match(t, m.end()) for m in _SLASHED.finditer(t)):
        return True
    return bool(_KE.search(t) or _AND.search(t) or _BY_SEX.search(t) or all(p.search(t) for p in _BOTH))


_PERSON = re.compile(rf"{_START}(?:kadin|erkek|kiz cocu|kiz ogrenci|kizlar|anne|baba|gebe|hamile|lohusa){_LETTER}*")
# Names of mechanisms, services and days ("Kadın-Erkek Fırsat Eşitliği Komisyonu", "Kadın Danışma
# Merkezi", "Kadınlar Günü") mention women without making an indicator women-specific.
_NAME_CATEGORIES = frozenset({"esitlik_mekanizmalari", "kadin_ve_aile_hizmetleri", "toplumsal_cinsiyet_butcesi",
                              "ozel_gunler"})


def _mentions_women_or_men(text: str, lex: Lexicon) -> list[str]:
    chars = list(text)
    for m in match(text, lex):
        if m.category in _NAME_CATEGORIES and m.weight == STRONG:
            chars[m.start:m.end] = " " * (m.end - m.start)
    return sorted({m.group(0) for m in _PERSON.finditer(" ".join(fold("".join(chars)).split()))})


# --------------------------------------------------------------------------------- checklist

def _item(value: bool | None, evidence: list[dict[str, Any]]) -> dict[str, Any]:
    codes = [e["code"] for e in evidence if e.get("code")]
    return {"value": value, "codes": list(dict.fromkeys(codes)), "evidence": evidence}


def checklist(segments: list[Segment], *, municipality_has_equality_unit: bool | None,
              situation_text: str = "", lexicon: Lexicon | None = None) -> dict[str, Any]:
    """The gender-sensitivity checklist for a strategic plan (seed 002, questions 14-18), as a JSON-able
    dict: each item has ``value`` (True/False, or None when there was nothing to judge), ``codes`` and
    ``evidence`` (code, source, matched terms). ``situation_text`` is the situation analysis and
    stakeholder text; without it, sections titled "durum analizi"/"paydaş"/"katılım" are used."""
    lex = lexicon or load_lexicon()
    sources = [("situation_text", None, situation_text)] if situation_text.strip() else []
    sources += [("section", s.code, segment_text(s)) for s in segments if s.kind == SEG_SECTION
                and re.search(r"durum analiz|paydas|katilim", fold(s.title or ""))]
    others = [("segment", s.code, segment_text(s)) for s in segments if s.kind != SEG_SECTION]
    found = {id(text): match(text, lex) for _, _, text in sources + others}

    def hits(phrases: tuple[tuple[str, re.Pattern[str]], ...], pool: list) -> list[dict[str, Any]]:
        return [{"source": src, "code": code, "terms": t} for src, code, text in pool
                if (t := [p for p, rx in phrases if rx.search(_fold_with_map(text)[0])])]

    def matched(pool: list, keep: Callable[[Match], bool], also: Callable[[str], bool] = lambda t: False) -> list:
        return [{"source": src, "code": code, "terms": t} for src, code, text in pool
                if (t := [m.matched_text for m in found[id(text)] if keep(m)]) or also(text)]

    items: dict[str, dict[str, Any]] = {}
    ev = matched(sources, lambda m: m.category == "cinsiyete_ayrilmis_veri", is_sex_disaggregated)
    items["sex_disaggregated_situation_data"] = _item(bool(ev) if sources else None, ev)
    ev = hits(lex.womens_orgs, sources)
    items["womens_orgs_consulted"] = _item(bool(ev) if sources else None, ev)
    plan = [s for s in segments if s.kind in (SEG_GOAL, SEG_OBJECTIVE)]
    ev = [{"code": s.code, "kind": s.kind, "terms": direct} for s in plan
          if (direct := [m.matched_text for m in match(segment_text(s), lex)
                         if m.weight == STRONG and lex.categories[m.category].direct_equality])]
    items["equality_goal_or_objective"] = _item(bool(ev), ev)
    ev = [{"code": s.code, "kind": s.kind, "unit": name} for s in plan
          for name in _unit_names(s.fields.get("responsible")) if is_womens_unit(name, lex)]
    items["womens_directorate_owns"] = _item(bool(ev), ev)

    split, specific, general = [], [], []
    for s in (s for s in segments if s.kind == SEG_INDICATOR):
        text = segment_text(s)
        if is_sex_disaggregated(text):
            split.append({"code": s.code, "text": " ".join(text.split())[:160]})
        elif words := _mentions_women_or_men(text, lex):
            specific.append({"code": s.code, "terms": words})
        elif (rel := relevance(text, lex)).relevant:
            general.append({"code": s.code, "terms": [f"{m.category}: {m.matched_text}" for m in rel.matches]})
    items["sex_disaggregated_indicators"] = _item(bool(split), split)
    items["women_or_men_specific_indicators"] = _item(bool(specific), specific)
    items["general_equality_indicators"] = _item(bool(general), general)

    ev = hits(lex.action_plan, sources + others)
    items["local_equality_action_plan"] = _item(bool(ev), ev)
    ev = matched(sources + others, lambda m: m.category in lex.budgeting_categories)
    items["gender_budgeting"] = _item(bool(ev), ev)
    ev = matched(sources + others, lambda m: m.term == "eşitlik birim")
    items["equality_unit"] = _item(municipality_has_equality_unit, ev)
    for name, item in items.items():
        item["label"] = lex.checklist_labels.get(name, name)
    return {"checklist_version": CHECKLIST_VERSION, "lexicon_version": lex.version, "items": items}
