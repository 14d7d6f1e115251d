"""How the diff sees one segment: its identity (kind and key), its parent, its comparison form.

A key is the hierarchical number a code stands for, so "Hedef 1.2", "H1.2" and "HEDEF 1.2" are one
objective; a parent is resolved inside the same document; the comparison form (``diff_words``) is
built lazily, since most segments of a new version are byte-identical to the old ones and never need
it. Also the two small alignment helpers the passes in ``diff.py`` share.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict, deque
from functools import lru_cache
from typing import Any, Sequence

from watch.diff_numeric import NUMERIC_FIELDS, numeric_fingerprint, year_slice
from watch.diff_words import compare_form, year_blind
from watch.segments import Segment
from watch.turkish import fold

__all__ = ["Item", "build_items", "longest_increasing", "segment_key", "zip_candidates"]

_CODE_RE = re.compile(r"(?:[^\W\d_]+[ .:_\-]*){0,3}?(\d+(?:\.\d+)*)\.?")
_LABEL_RE = re.compile(r"(?:[^\W\d_]+ ){0,2}[^\W\d_]+ ?(\d+(?:\.\d+)*)\.?(?=[\s:.)\-–]|$)")
_STRIP = " .:)-–"
_PLAIN_KEY_RE = re.compile(r"[1-9]\d*(?:\.[1-9]\d*)*")


def segment_key(code: Any) -> str | None:
    """The hierarchical number a code stands for: "Hedef 1.2", "H1.2", "HEDEF 1.2", "1.2" → "1.2";
    "AMAÇ 02" → "2"; "PG1.1.1" → "1.1.1". Codes that are not a label plus a number ("2025/123")
    are kept folded, spaces dropped."""
    if code is None:
        return None
    if isinstance(code, str) and _PLAIN_KEY_RE.fullmatch(code):
        return code
    return _code_key(str(code))


@lru_cache(maxsize=65_536)
def _code_form(code: str) -> str:
    """A code as looked up: folded, spaces dropped ("Amaç 1" → "amac1")."""
    return fold(code).replace(" ", "")


@lru_cache(maxsize=65_536)
def _code_key(code: str) -> str | None:
    f = fold(code).strip()
    if not f:
        return None
    m = _CODE_RE.fullmatch(f)
    if m:
        return ".".join(str(int(p)) for p in m.group(1).split("."))
    return f.replace(" ", "")


def _ident(seg: Segment) -> str | None:
    key = (seg.fields or {}).get("key")
    return segment_key(key) if key not in (None, "") else segment_key(seg.code)


def _strip_own_code(cmp: str, code: str | None, key: str | None) -> str:
    """Drop the segment's own code from the front of its text ("H1.2 Kadın..." → "kadin..."), so a
    renumbered or restyled segment compares by what it says."""
    if code:
        c = fold(code)
        if c and cmp.startswith(c) and (len(cmp) == len(c) or not cmp[len(c)].isalnum()):
            return cmp[len(c):].lstrip(_STRIP)
    if key:
        m = _LABEL_RE.match(cmp)
        if m and segment_key(m.group(1)) == key:
            return cmp[m.end():].lstrip(_STRIP)
    return cmp


class Item:
    """One segment as the diff sees it; the comparison form is built only if a pass needs it."""
    __slots__ = ("seg", "pos", "order", "key", "code_f", "parent", "parent_key", "num", "years", "_numfp",
                 "_cmp", "_tcmp")

    def __init__(self, seg: Segment, pos: int, year: int | None, label: int | None,
                 years: tuple[int, ...]) -> None:
        self.seg, self.pos, self.years = seg, pos, years
        self.order = (seg.ordinal, pos)
        self.key = _ident(seg)
        self.code_f = _code_form(seg.code) if seg.code else None
        fields = seg.fields or {}
        self.num = year_slice(fields, year, label) if year is not None and label is not None else fields
        self._numfp: tuple | None = None
        self.parent: int | None = None
        self.parent_key: str | None = None
        self._cmp: str | None = None
        self._tcmp: str | None = None

    @property
    def cmp(self) -> str:
        if self._cmp is None:
            text = compare_form(f"{self.seg.title or ''}\n{self.seg.text or ''}")
            self._cmp = year_blind(_strip_own_code(text, self.seg.code, self.key), self.years)
        return self._cmp

    @property
    def numfp(self) -> tuple:
        if self._numfp is None:
            self._numfp = numeric_fingerprint(self.num)
        return self._numfp

    @property
    def raw_numbers(self) -> str:
        """The numeric fields as given, as one string (a fast equality check, not a canonical form)."""
        return repr([self.num.get(f) for f in NUMERIC_FIELDS])

    def same_raw_numbers(self, other: Item) -> bool:
        """The numeric fields are literally equal (no parsing: the common case, checked first)."""
        return all(self.num.get(f) == other.num.get(f) for f in NUMERIC_FIELDS)

    @property
    def tcmp(self) -> str:
        """The title alone in comparison form ("" when there is none)."""
        if self._tcmp is None:
            title = compare_form(self.seg.title or "")
            self._tcmp = year_blind(_strip_own_code(title, self.seg.code, self.key), self.years)
        return self._tcmp

    @property
    def content(self) -> tuple[str, tuple]:
        return (self.cmp, self.numfp)

    def same_content(self, other: Item) -> bool:
        """Content equality that skips normalising when the raw text is the same (most segments)."""
        if not self.same_raw_numbers(other) and self.numfp != other.numfp:
            return False
        if (self.seg.title, self.seg.text) == (other.seg.title, other.seg.text) and (
                self.seg.code == other.seg.code or self.key == other.key or not self.code_up_front()):
            return True
        return self.cmp == other.cmp

    def code_up_front(self) -> bool:
        """Whether the text may start with a code that ``cmp`` strips (then equal raw text under two
        different codes can differ in comparison form)."""
        head = fold(f"{self.seg.title or ''} {self.seg.text or ''}"[:40]).lstrip()
        return bool(head[:1].isdigit() or _LABEL_RE.match(head)
                    or (self.code_f and head.replace(" ", "").startswith(self.code_f)))


def build_items(segments: Sequence[Segment], year: int | None, label: int | None,
           years: tuple[int, ...]) -> list[Item]:
    """Items with their parents resolved inside the same document: the one segment whose code is the
    parent code or whose key is its number (among other kinds). An ambiguous or absent parent is known
    by the number in the parent code only. Order-independent, and adding segments can only make a
    resolved parent ambiguous, never point it elsewhere."""
    items = [Item(s, i, year, label, years) for i, s in enumerate(segments)]
    by_code: dict[str, list[int]] = defaultdict(list)
    by_key: dict[str, list[int]] = defaultdict(list)
    for it in items:
        if it.code_f:
            by_code[it.code_f].append(it.pos)
        if it.key:
            by_key[it.key].append(it.pos)
    for it in items:
        pc = it.seg.parent_code
        if pc in (None, ""):
            continue
        it.parent_key = segment_key(pc)
        cands = {c for c in by_code.get(_code_form(pc), ()) if c != it.pos}
        cands |= {c for c in by_key.get(it.parent_key or "", ()) if items[c].seg.kind != it.seg.kind}
        it.parent = cands.pop() if len(cands) == 1 else None
    return items


def zip_candidates(a: list[Item], b: list[Item]) -> list[tuple[Item, Item]]:
    """Pair two lists of candidates (document order): those with the same parent and code first
    (duplicated keys under local numbering, identical twins under different parents), then the rest."""
    if len(a) == 1 and len(b) == 1:
        return [(a[0], b[0])]
    by_place: dict[tuple, deque[Item]] = defaultdict(deque)
    for y in b:
        by_place[(y.parent_key, y.code_f)].append(y)
    pairs, rest_a = [], []
    for x in a:
        same = by_place.get((x.parent_key, x.code_f))
        if same:
            pairs.append((x, same.popleft()))
        else:
            rest_a.append(x)
    taken = {id(y) for _, y in pairs}
    return pairs + list(zip(rest_a, [y for y in b if id(y) not in taken]))


def longest_increasing(values: list[tuple[int, int]]) -> list[int]:
    """Indices of one longest strictly increasing subsequence (patience sorting, O(n log n); on ties the
    earliest-ending run wins, so the result is deterministic)."""
    tails: list[tuple[int, int]] = []   # smallest tail value of a run of each length
    tail_at: list[int] = []             # index of that tail
    back = [-1] * len(values)
    for i, v in enumerate(values):
        k = bisect.bisect_left(tails, v)
        back[i] = tail_at[k - 1] if k else -1
        if k == len(tails):
            tails.append(v)
            tail_at.append(i)
        else:
            tails[k], tail_at[k] = v, i
    out, i = [], (tail_at[-1] if tail_at else -1)
    while i >= 0:
        out.append(i)
        i = back[i]
    return out[::-1]
