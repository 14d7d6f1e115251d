"""Word-level pieces of the diff: the form texts are compared in, how alike two texts are, and the exact
words that changed between them (what an alert quotes).

Comparison happens on ``normalize_for_compare`` output with every whitespace run (paragraph breaks too)
collapsed to one space, so re-flowed, re-hyphenated, re-paginated or re-printed text compares equal.
The words an alert quotes, though, must be the document's own words (case, ş/ı, punctuation intact), so
``words_changed`` tokenises the cleaned but unfolded text and matches tokens by their folded form.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from rapidfuzz import fuzz

from watch.turkish import dehyphenate, fold, normalize_for_compare, normalize_whitespace, repair_broken_font

__all__ = ["compare_form", "similarity", "tokens", "words_changed", "year_blind"]

# A word with inner joiners kept whole ("3.200.000,00", "03.03.2026", "H1.2", "Kadın-Erkek", "Kadın'ın",
# "2025/123"), or one punctuation mark.
_TOKEN_RE = re.compile(r"[^\W_]+(?:[.,:/'’\-][^\W_]+)*|[^\w\s]")
_WORDLIKE_RE = re.compile(r"[^\W_]")
YEAR_MARK = "\x00yil"


_HYPHEN_SPACE_RE = re.compile(r"(?<=[^\W_])- +(?=[^\W_])")


def compare_form(text: str) -> str:
    """``normalize_for_compare`` on one line: paragraph breaks are layout, not content, for a diff. A
    space after a hyphen goes too: a line break after "II-" or "EK-" is read as a split compound
    ("II-\nOCAK" → "II-OCAK"), so the unbroken "II- OCAK" must compare equal to it."""
    return _HYPHEN_SPACE_RE.sub("-", " ".join(normalize_for_compare(text).split()))


def year_blind(cmp: str, years: tuple[int, ...] = ()) -> str:
    """Replace a standalone mention of any of ``years`` ("2025 yılında", not "2025-2029" or
    "03.03.2025") by one mark, so last year's programme and this year's compare equal where only the
    year moved on ("2025 yılında" → "2026 yılında"), or where the text stayed as it was."""
    if not years:
        return cmp
    alt = "|".join(str(y) for y in years)
    return re.sub(rf"(?<![\w.,/\-])(?:{alt})(?![\w/\-]|[.,]\d)", YEAR_MARK, cmp)


def similarity(a: str, b: str) -> float:
    """How alike two comparison forms are, 0..1: the mean of rapidfuzz's ``ratio`` (edit distance, order
    matters) and ``token_set_ratio`` (shared words, order and repetition do not). The mean keeps a text
    that merely contains the other (token_set 100) from counting as identical. ``diff.py`` uses the same
    formula in bulk through ``rapidfuzz.process.cdist``."""
    return round((fuzz.ratio(a, b) + fuzz.token_set_ratio(a, b)) / 200, 4)


def _clean(text: str) -> str:
    return dehyphenate(normalize_whitespace(repair_broken_font(text)))


def tokens(text: str) -> list[str]:
    """The words and punctuation of ``text`` as printed, minus what ``normalize_for_compare`` ignores
    (page-number lines, print dates) and with line-end hyphenation joined."""
    out: list[str] = []
    for line in re.split(r"[\n\f]", _clean(text)):
        toks = _TOKEN_RE.findall(line)
        if not toks:
            continue
        kept = normalize_for_compare(line)
        if not kept:
            continue  # a page-number or print-date line
        kept_toks = _TOKEN_RE.findall(kept)
        folded = [fold(t) for t in toks]
        if folded == kept_toks:
            out += toks
            continue
        # Something inside the line was dropped (a print date): keep the tokens that survived, in order.
        j, keep = 0, []
        for t, f in zip(toks, folded):
            if j < len(kept_toks) and f == kept_toks[j]:
                keep.append(t)
                j += 1
        out += keep if j == len(kept_toks) else toks  # fold changed token edges: keep the line whole
    return out


def words_changed(before: str, after: str, years: tuple[int, ...] = ()) -> tuple[list[str], list[str]]:
    """(words removed, words added), in text order, as printed. Tokens match on their folded form, so a
    change of case alone is no change (as in ``compare_form``); punctuation is reported only when no word
    changed. ``years`` are all one word (the successor diff, as in ``year_blind``)."""
    a, b = tokens(before), tokens(after)

    marks = {str(y) for y in years}

    def key(t: str) -> str:
        f = fold(t)
        return YEAR_MARK if f in marks else f

    sm = SequenceMatcher(None, [key(t) for t in a], [key(t) for t in b], autojunk=False)
    removed: list[str] = []
    added: list[str] = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag in ("replace", "delete"):
            removed += a[i1:i2]
        if tag in ("replace", "insert"):
            added += b[j1:j2]
    words_r = [t for t in removed if _WORDLIKE_RE.search(t)]
    words_a = [t for t in added if _WORDLIKE_RE.search(t)]
    if words_r or words_a:
        return words_r, words_a
    return removed, added
