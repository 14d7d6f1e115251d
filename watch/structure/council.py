"""Field readers shared by the council parsers: who proposed, which committee, how the vote went.

Council decisions, agenda items and committee reports talk about the same things in the same
formulaic Turkish ("İlgi: Plan ve Proje Müdürlüğü'nün ... yazısı", "İmar Komisyonu Raporu",
"oy birliği ile kabul edildi"), so the readers live here once. They work on the text as printed
(or OCR'd): names are cut out of the original text with explicit Turkish character classes, and
yes/no decisions (vote, outcome) are taken on the folded text so that dropped diacritics and
ı/i confusion from OCR do not matter.
"""

from __future__ import annotations

import datetime as _dt
import re

from watch.turkish import fold, parse_date

UPPER = "A-ZÇĞİÖŞÜÂÎÛ"
LOWER = "a-zçğıöşüâîû"
APOSTROPHE = "’'`´‘"

# Outcome vocabulary (the `outcome` field of decisions, agenda items and committee reports).
OUTCOME_ACCEPTED = "kabul"
OUTCOME_REJECTED = "ret"
OUTCOME_RETURNED = "iade"          # sent back to a committee or directorate
OUTCOME_REFERRED = "havale"        # referred to a committee for examination (not yet decided)
OUTCOME_POSTPONED = "ertelendi"
OUTCOME_WITHDRAWN = "geri çekildi"
OUTCOME_NOTED = "bilgi"            # presented for information only
OUTCOMES = (OUTCOME_ACCEPTED, OUTCOME_REJECTED, OUTCOME_RETURNED, OUTCOME_REFERRED,
            OUTCOME_POSTPONED, OUTCOME_WITHDRAWN, OUTCOME_NOTED)

VOTE_UNANIMOUS = "oy birliği"
VOTE_MAJORITY = "oy çokluğu"


def squash(text: str) -> str:
    """One line, single spaces: regexes below must not care where the PDF broke lines."""
    text = re.sub("[\ufffe\u00ad]\\s*", "-", text)     # pdfium marks a line-end hyphen with U+FFFE
    return re.sub(r"\s+", " ", text).strip()


def original_tail(text: str, folded_tail: str) -> str:
    """The end of `text` whose fold is `folded_tail`: labels are matched on the folded line, values
    are cut from the printed one (fold keeps lengths for Turkish letters, not for ligatures)."""
    if not folded_tail:
        return ""
    cut = len(text) - len(folded_tail)
    if cut >= 0 and fold(text[cut:]) == folded_tail:
        return text[cut:]
    for start in range(len(text)):
        if fold(text[start:]) == folded_tail:
            return text[start:]
    return folded_tail


# ---------------------------------------------------------------------------------------------
# OCR-tolerant numbers and dates

_OCR_DIGITS = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "|": "1", "S": "5", "B": "8"})


def ocr_digits(token: str) -> str:
    """'O3.06.2O25' -> '03.06.2025', '(o79' -> '079': OCR puts letters where digits were."""
    return token.translate(_OCR_DIGITS)


_DATE = re.compile(r"([0-9Oo]{1,2})\s*[./-]\s*([0-9Oo]{1,2})\s*[./-]\s*([0-9Oo]{4})")


def find_date(text: str) -> _dt.date | None:
    """The first valid dd.mm.yyyy (or dd/mm/yyyy, with OCR letter-for-digit slips) in `text`."""
    for match in _DATE.finditer(text):
        found = parse_date(ocr_digits(match.group(0)).replace(" ", ""))
        if found:
            return found
    return None


# ---------------------------------------------------------------------------------------------
# Proposer

_NAME = rf"[{UPPER}][^\n;:()\[\]]{{1,90}}?"
UNIT_WORD = r"M[üuÜU]d[üuÜU]rl[üuÜU][ğgĞG][üuÜU]"     # "Müdürlüğü", or OCR's "Mudurlugu"
_POSSESSIVE = rf"\s*[{APOSTROPHE}]?\s*n[üuıi]n\b"
# Directorates of other institutions: named in "İlgi" lines, but they never propose to our council.
_EXTERNAL = re.compile(r"\b(il|bolge|genel|tapu|sube|ilce milli egitim)\s+mudurlugu$")
_EXTERNAL_WORDS = ("valiliği", "bakanlığı", "büyükşehir", "kaymakamlığı", "idaresi", "mahkemesi")


def normalise_unit(name: str) -> str:
    """'Kadın ve Aile Hizmetleri Müdürlüğü’ nün' -> 'Kadın ve Aile Hizmetleri Müdürlüğü'."""
    name = squash(name).strip(" .,;-")
    name = re.sub(rf"[{APOSTROPHE}]\s*$", "", name)
    name = re.sub(r"^(?:[a-zçğıöşü]\)\s*|\(?[a-z]\)\s*)", "", name)
    return name.strip()


def _internal_unit(name: str) -> str | None:
    name = normalise_unit(name)
    # A sentence may run into the name ("... yazısı ile Emlak Müdürlüğü"): keep the tail that is
    # a run of capitalised words (and "ve") ending in the unit word.
    words = name.split(" ")
    keep: list[str] = []
    for word in reversed(words):
        if word[:1].isupper() or word in ("ve", "-", "&") or word[:1].isdigit():
            keep.append(word)
        else:
            break
    name = " ".join(reversed(keep)).strip()
    while name.startswith("ve "):
        name = name[3:]
    lowered = fold(name)
    if not name or _EXTERNAL.search(lowered) or any(fold(w) in lowered for w in _EXTERNAL_WORDS):
        return None
    if lowered.startswith(("ilgi", "teklif")):
        return None
    return name


def read_proposer(text: str, dairesi: str | None = None) -> str | None:
    """The proposing directorate (or "Başkanlık Makamı", "Meclis Üyeleri", "Belediye Başkanı").

    Order of trust: the header table's "Dairesi"; the committee's "havale edilen; X Müdürlüğü'nün
    ... teklifi"; the first internal directorate in an "İlgi" line; the mayor's office; council
    members' motions; the mayor's oral motion.
    """
    if dairesi:
        unit = _internal_unit(dairesi)
        if unit:
            return unit
    flat = squash(text)
    match = re.search(rf"havale edilen\s*[;,]?\s*({_NAME}{UNIT_WORD}){_POSSESSIVE}", flat)
    if match and _internal_unit(match.group(1)):
        return _internal_unit(match.group(1))
    for match in re.finditer(r"[İI]lgi\s*(?:\(?[a-z]\)\s*)?[:;]?\s*(?:\(?[a-z]\)\s*)?(.{0,160})", flat):
        window = match.group(1)
        unit = re.match(rf"({_NAME}{UNIT_WORD}){_POSSESSIVE}", window)
        if unit and _internal_unit(unit.group(1)):
            return _internal_unit(unit.group(1))
        if re.search(r"Ba[şs]kanl[ıi]k\s+Makam", window):
            return "Başkanlık Makamı"
    folded = fold(flat)
    if re.search(r"baskanlik\s+makami", folded):
        return "Başkanlık Makamı"
    if re.search(r"meclis\s+uye(si|leri)\b.{0,160}?onerge", folded):
        return "Meclis Üyeleri"
    if re.search(r"belediye\s+baskani\b.{0,200}?sozlu\s+onerge", folded):
        return "Belediye Başkanı"
    unit = re.search(rf"({_NAME}{UNIT_WORD}){_POSSESSIVE}\s+\d", flat)
    if unit and _internal_unit(unit.group(1)):
        return _internal_unit(unit.group(1))
    return None


# ---------------------------------------------------------------------------------------------
# Committees

_COMMITTEE = re.compile(
    rf"((?:(?:[{UPPER}][{UPPER}{LOWER}\-]*,?|ve)\s+){{1,7}})[Kk]omisyon(u|una|unun|umuz|umuza|umuzca|umuzun)\b")
_NOT_NAME = {"şeklindeki", "ilgili", "raporu", "raporunun", "teklif", "teklifi", "meclis", "meclisi",
             "belediye", "belediyesi", "ile", "konu", "karar", "ilişkin", "hk", "kabul", "sayın",
             "müdürlüğü", "müdürlüğünün", "kocaeli", "gebze", "komisyon", "görüşü", "incelemesi"}
_NOT_NAME_FOLDED = {fold(w) for w in _NOT_NAME}
_CANONICAL = {fold("Plan Bütçe"): "Plan ve Bütçe", fold("İmar Bayındırlık"): "İmar ve Bayındırlık"}


def _committee_name(words: str) -> str | None:
    tokens = words.split()
    # Cut everything up to the last word that cannot be part of a committee's name.
    for i in range(len(tokens) - 1, -1, -1):
        if fold(tokens[i].rstrip(",")) in _NOT_NAME_FOLDED:
            tokens = tokens[i + 1:]
            break
    while tokens and tokens[0] == "ve":
        tokens = tokens[1:]
    if not tokens or any(t.isupper() and len(t) > 3 for t in tokens):
        return None          # an all-caps run is a heading ("KOMİSYON GÖRÜŞÜ"), not a name
    name = re.sub(r"-\s+", "-", " ".join(tokens).rstrip(","))        # "Gençlik- Spor" (line-break hyphen)
    name = _CANONICAL.get(fold(name), name)
    return f"{name} Komisyonu"


def read_committees(text: str) -> tuple[list[str], list[str]]:
    """(committees that reported on it, committees it was referred to), in order of mention.

    A committee "examined" a matter when its report is read ("İmar Komisyonu Raporu", "Şeklindeki
    ... Komisyonu Raporu") or it speaks of the matter as sent to it ("komisyonumuza havale edilen").
    A matter is "referred" by "... Komisyonuna havalesi / havale edilmesine / iade edilmesine".
    Committees only named (elections of members, "Denetim Komisyonu Seçimi") are neither.
    """
    flat = squash(text)
    examined: list[str] = []
    referred: list[str] = []
    for match in _COMMITTEE.finditer(flat):
        name = _committee_name(match.group(1))
        if not name:
            continue
        suffix = match.group(2)
        after = fold(flat[match.end(2):match.end(2) + 40])
        if suffix in ("u", "unun") and re.match(r"\s*(rapor|tarafindan|ca\b)", after):
            target = examined            # "İmar Komisyonu Raporu", "... Komisyonu tarafından incelenmiş"
        elif suffix == "umuza" and re.match(r"\s*havale", after):
            target = examined            # "Plan ve Bütçe komisyonumuza havale edilen"
        elif suffix == "una" and re.match(r"\s*(tekrar\s+|yeniden\s+|geri\s+)?(havale|iade|sevk|gonder)", after):
            target = referred
        else:
            continue
        if name not in target:
            target.append(name)
    return examined, referred


# ---------------------------------------------------------------------------------------------
# Vote and outcome

_DISSENT = re.compile(r"\([^()]*\)|[^.;()]*oylar[ıi]na\s+kar[sş][ıi]n\)?", re.I)


def _without_dissent(text: str) -> str:
    """Drop "(... red, ... çekimser oylarına karşın)": names of dissenters, not the outcome."""
    previous = None
    while previous != text:
        previous, text = text, _DISSENT.sub(" ", text)
    return text


def read_vote(section: str) -> str | None:
    """'oy birliği' or 'oy çokluğu' from the text of a council's resolution."""
    folded = fold(squash(section))
    unanimous = re.search(r"oy\s*birlig", folded)
    majority = re.search(r"oy\s*coklug", folded)
    if unanimous and majority:
        return VOTE_UNANIMOUS if unanimous.start() > majority.start() else VOTE_MAJORITY
    if majority:
        return VOTE_MAJORITY
    if unanimous:
        return VOTE_UNANIMOUS
    if re.search(r"oylarina\s+karsin|(red|ret|cekimser)\s+oy", folded):
        return VOTE_MAJORITY     # dissenting votes recorded: not unanimous
    return None


def read_outcome(section: str) -> str | None:
    """What the council did with the matter, from the text of its resolution ("KARAR: ...")."""
    folded = fold(_without_dissent(squash(section)))
    if re.search(r"geri\s*cek|gundemden\s+(cikar|kaldir)", folded):
        return OUTCOME_WITHDRAWN
    if re.search(r"(komisyon|mudurlug|birim|makam)\w*\s+(tekrar\s+|yeniden\s+|geri\s+)?iade", folded):
        return OUTCOME_RETURNED
    if re.search(r"komisyon\w*\s+(tekrar\s+|yeniden\s+)?(havale|sevk)", folded):
        return OUTCOME_REFERRED
    if re.search(r"ertelen|ertelenmesine|bir sonraki (meclis|birlesim)\w* (gorusul|birak)", folded):
        return OUTCOME_POSTPONED
    if re.search(r"\bredd(i|ine|edil|edildi)\w*|\bre[dt]\s+edil|kabul\s+edilme(di|mis)|uygun\s+(goru|bulun)lme(di|mis)"
                 r"|uygun\s+olmadig", folded):
        return OUTCOME_REJECTED
    if re.search(r"bilgi\s+(edinildi|verildi|sunuldu)|bilgiye\s+sunul|bilgilendirme|okundu\w*\s+(ve\s+)?bilgi"
                 r"|bilgi\s+edinilmesine", folded):
        return OUTCOME_NOTED
    if re.search(r"kabul\s+edil|karar\s+veril|secil|uygun\s+(gorul|bulun)|onaylan|kabulune|kabul\s+karari"
                 r"|\bkabul(u|e)?\b", folded):
        return OUTCOME_ACCEPTED
    return None
