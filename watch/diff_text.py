"""Sentence-level diff for documents without structure (a letter, a notice, a page of prose).

Pages are cleaned (running headers and footers, page numbers, print dates dropped; hyphenation over a
line end joined), joined, and cut into sentences the Turkish way: no cut after "vb.", "No.", "Md.",
"T.C.", an ordinal ("5. Olağan Toplantı", "II. Dönem"), a section number ("2.1. Amaçlar") or before a
lower-case word; "1.250" and "03.03.2026" are never cut since no space follows their dots. Blank lines
and bullets also end a sentence. Each sentence keeps the page it starts on and is compared in
``compare_form``, so re-flowed or re-paginated text gives no change.
"""

from __future__ import annotations

import bisect
import dataclasses
import math
import re
from collections import Counter
from difflib import SequenceMatcher
from typing import Any, Sequence

import numpy as np
from rapidfuzz import fuzz, process

from muniwatch.constants import CHANGE_ADDED, CHANGE_MODIFIED, CHANGE_REMOVED
from watch.diff_words import compare_form, similarity, words_changed
from watch.turkish import fold, normalize_whitespace, repair_broken_font, strip_headers_footers

__all__ = ["Sentence", "TextChange", "diff_text", "split_sentences"]

_BLOCK_CELLS = 250_000
_CHUNK = 400
# Folded; an abbreviation's own inner dots included ("t.c").
_ABBREVIATIONS = frozenset(fold(a) for a in """vb vs vd bkz örn yy s sf syf no nu nr md mad sn sy dr
    prof doç av mah cad sok sk bul blv apt tel faks fax t.c a.ş ltd şti ltd.şti müd bşk yrd uzm öğr gör
    arş hz kom mrk san tic koop yön gen top yak ort bel bld ek çev""".split())
_END_RE = re.compile(r"([.!?…]+)[\"'”’»)\]]*(?=\s)")
_BREAK_RE = re.compile(r"\n[^\S\n]*\n\s*|\f\s*|\n(?=[^\S\n]*[•▪●◦■➢►])")
_ROMAN_RE = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")


@dataclasses.dataclass(frozen=True)
class Sentence:
    text: str
    page: int          # 1-based page the sentence starts on


@dataclasses.dataclass
class TextChange:
    """One changed sentence: added (``before`` None), removed (``after`` None) or modified (a reworded
    sentence, paired by similarity, with the words that differ)."""
    kind: str
    before: str | None
    after: str | None
    page_before: int | None
    page_after: int | None
    words_removed: list[str]
    words_added: list[str]
    similarity: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def _keeps_going(text: str, start: int, end: int) -> bool:
    """True when the "." at text[start:end] does not end a sentence (see the module notes)."""
    rest = text[end:].lstrip()
    if not rest:
        return False
    if rest[0].islower():
        return True
    if text[start:end].strip("\"'”’»)]") != ".":
        return False
    ws = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start))
    word = text[ws + 1:start].lstrip("(\"'“‘«[")
    w = fold(word)
    return bool(w in _ABBREVIATIONS or re.fullmatch(r"\d{1,3}|\d+(?:\.\d{1,2})+|[^\W\d_]", w)
                or (word and _ROMAN_RE.fullmatch(word)))


def split_sentences(pages: Sequence[str]) -> list[Sentence]:
    """Sentences of a document given page by page, each with the page it starts on (1-based)."""
    cleaned = strip_headers_footers([normalize_whitespace(repair_broken_font(p)) for p in pages])
    starts, parts, at = [], [], 0
    for page in cleaned:
        starts.append(at)
        parts.append(page)
        at += len(page) + 1
    text = "\n".join(parts)
    cuts = {0, len(text)}
    for m in _BREAK_RE.finditer(text):
        cuts.add(m.start())
    for m in _END_RE.finditer(text):
        if not _keeps_going(text, m.start(), m.end()):
            cuts.add(m.end())
    out = []
    edges = sorted(cuts)
    for a, b in zip(edges, edges[1:]):
        piece = text[a:b]
        stripped = piece.strip()
        if stripped:
            first = a + len(piece) - len(piece.lstrip())
            out.append(Sentence(stripped, bisect.bisect_right(starts, first)))
    return out


def _pairs(ca: list[str], cb: list[str], threshold: float) -> list[tuple[int, int]]:
    """One-to-one best-first pairs of similar sentences in a replaced block (indices into ca, cb)."""
    pairs: list[tuple[int, int]] = []
    if not ca or not cb:
        return pairs
    pieces = 1 if len(ca) * len(cb) <= _BLOCK_CELLS else math.ceil(max(len(ca), len(cb)) / _CHUNK)
    for k in range(pieces):
        a0, a1 = k * len(ca) // pieces, (k + 1) * len(ca) // pieces
        b0, b1 = k * len(cb) // pieces, (k + 1) * len(cb) // pieces
        if a0 == a1 or b0 == b1:
            continue
        sa, sb = ca[a0:a1], cb[b0:b1]
        scores = (process.cdist(sa, sb, scorer=fuzz.ratio, dtype=np.float32, workers=1)
                  + process.cdist(sa, sb, scorer=fuzz.token_set_ratio, dtype=np.float32, workers=1)) / 200
        ii, jj = np.nonzero(scores >= threshold)
        used_a: set[int] = set()
        used_b: set[int] = set()
        for n in np.lexsort((jj, ii, -scores[ii, jj])):
            i, j = int(ii[n]), int(jj[n])
            if i not in used_a and j not in used_b:
                used_a.add(i)
                used_b.add(j)
                pairs.append((a0 + i, b0 + j))
    return pairs


def diff_text(old_pages: Sequence[str], new_pages: Sequence[str], *,
              threshold: float = 0.7) -> list[TextChange]:
    """Changed sentences between two versions of an unstructured document, in document order (within
    a changed stretch: removals first, then the new sentences). A sentence that only moved (removed
    in one place, added unchanged in another) is not a change."""
    forms: dict[str, str] = {}   # most sentences occur in both versions: normalise each text once

    def form(text: str) -> str:
        if text not in forms:
            forms[text] = compare_form(text)
        return forms[text]

    a = [s for s in split_sentences(old_pages) if form(s.text)]
    b = [s for s in split_sentences(new_pages) if form(s.text)]
    ca, cb = [form(s.text) for s in a], [form(s.text) for s in b]
    changes: list[tuple[str, int | None, int | None]] = []   # (kind, old index, new index)
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, ca, cb, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        paired = dict((j1 + j, i1 + i) for i, j in _pairs(ca[i1:i2], cb[j1:j2], threshold))
        taken = set(paired.values())
        changes += [(CHANGE_REMOVED, i, None) for i in range(i1, i2) if i not in taken]
        changes += [(CHANGE_MODIFIED, paired[j], j) if j in paired else (CHANGE_ADDED, None, j)
                    for j in range(j1, j2)]
    moved = Counter(ca[i] for k, i, _ in changes if k == CHANGE_REMOVED) \
        & Counter(cb[j] for k, _, j in changes if k == CHANGE_ADDED)
    drop_r, drop_a = Counter(moved), Counter(moved)
    out = []
    for kind, i, j in changes:
        if kind == CHANGE_REMOVED and drop_r[ca[i]] > 0:
            drop_r[ca[i]] -= 1
            continue
        if kind == CHANGE_ADDED and drop_a[cb[j]] > 0:
            drop_a[cb[j]] -= 1
            continue
        old, new = (a[i] if i is not None else None), (b[j] if j is not None else None)
        removed, added, sim = [], [], None
        if old and new:
            removed, added = words_changed(old.text, new.text)
            sim = similarity(ca[i], cb[j])
        out.append(TextChange(kind, old.text if old else None, new.text if new else None,
                              old.page if old else None, new.page if new else None, removed, added, sim))
    return out
