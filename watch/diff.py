"""Version and successor diffs over segment lists: what was added, removed, modified or moved.

Pure functions over ``Segment`` lists; the caller stores each ``SegmentChange`` as one ``changes`` row
(``to_dict``). Alignment runs in passes, each on what the earlier ones left unpaired, from the surest
evidence to the weakest, so a document of 50,000 segments with a few changes costs little more than
reading it:

1. same kind, same key (``fields["key"]`` or the number in the code, so "Hedef 1.2" = "H1.2") and the
   same raw text and numbers: identical, nothing to say (unless the parent changed);
2. the same with the text in comparison form (``compare_form``: reflow, hyphenation, print dates,
   page-number lines and case do not count);
3. under one parent, identical content in the same relative order (on the raw text right after 1,
   then on the comparison form after 2): renumbering after an insertion or a removal ("H1.3" is now
   "H1.2" because H1.2 went) is not a move;
4. same kind and key, content similar (``SIMILARITY_THRESHOLD``): modified. Less alike pairs wait for
   pass 7, in case a side is better explained elsewhere (an objective moved out and an unrelated one
   took its number; a reworded neighbour renumbered into the slot of a removed one);
5. identical content, different key or parent: moved (unless the parent was only renumbered);
6. what is still unpaired, by Turkish text similarity (``rapidfuzz.process.cdist`` on the comparison
   form, titles weighing as much as the whole), greedy best-first, one to one; blocked by kind, first
   under the same parent, then across parents, a large block cut along the diagonal. Across parents
   a pair must be more alike (halfway from the threshold to 1): unrelated activities share boilerplate.
7. pairs from 4 that were too unlike, if neither side found a better partner.

What is left is removed (old) or added (new). A pair is modified when its comparison text or a number
differs (a move with an edit is a modification whose parent codes differ); otherwise moved when its
parent is not its old parent's counterpart, or its key changed and it left its place among its
siblings (outside the longest run of pairs in unchanged order); otherwise nothing. So identical
segments never produce a change, whatever their order, pages, numbering shifts or code style. Output:
new document order (ordinal, then list position), then removals in old document order.
"""

from __future__ import annotations

import dataclasses
import gc
import math
import re
import threading
from collections import Counter, defaultdict
from contextlib import contextmanager
from difflib import SequenceMatcher
from typing import Any, Callable, Hashable, Iterable, Iterator, Mapping, Sequence, TypeVar

import numpy as np
from rapidfuzz import fuzz, process

from muniwatch.constants import CHANGE_ADDED, CHANGE_MODIFIED, CHANGE_MOVED, CHANGE_REMOVED
from watch.diff_items import Item, build_items, longest_increasing, segment_key, zip_candidates
from watch.diff_numeric import NUMERIC_FIELDS, NumericChange, numeric_changes
from watch.diff_text import TextChange, diff_text, split_sentences
from watch.diff_words import similarity, words_changed
from watch.segments import Segment
from watch.turkish import NORMALIZER_VERSION

__all__ = ["DIFF_VERSION", "NORMALIZER_VERSION", "SIMILARITY_THRESHOLD", "DiffError", "DuplicateYear",
           "SegmentChange", "NumericChange", "TextChange", "diff_segments", "diff_successor", "diff_text",
           "document_year", "numeric_changes", "segment_key", "split_sentences", "successor_pairs"]

#: Bump whenever the same inputs can give a different list of changes; stored with every change row.
DIFF_VERSION = 1
#: Pairs below this similarity (0..1, see ``diff_words.similarity``) are not the same segment reworded.
SIMILARITY_THRESHOLD = 0.7
_BLOCK_CELLS = 40_000    # largest similarity matrix computed in one piece
_CHUNK = 200             # side of the pieces a larger block is cut into

T = TypeVar("T")


class DiffError(ValueError):
    """A diff asked for on inputs that cannot be compared."""


class DuplicateYear(DiffError):
    """Two documents for one year given to ``successor_pairs``."""


@dataclasses.dataclass
class SegmentChange:
    """One row of the ``changes`` table. ``code``/``key``/``title`` are the new segment's (the old one's
    for a removal); the ``*_before`` fields are always the old segment's. ``similarity`` is 0..1 for a
    pair (1.0 for a move), None for an addition or removal. ``words_removed``/``words_added`` are the
    words that differ, as printed, in text order (empty for additions and removals: the whole text is
    in ``after_text``/``before_text``). ``numeric`` lists every number that differs; for an addition
    or removal, every number it carries (None on the missing side)."""
    kind: str
    segment_kind: str
    code: str | None
    key: str | None
    parent_code_before: str | None
    parent_code_after: str | None
    title: str
    before_text: str | None
    after_text: str | None
    page_before: int | None
    page_after: int | None
    numeric: list[NumericChange]
    similarity: float | None
    words_removed: list[str]
    words_added: list[str]
    code_before: str | None = None
    key_before: str | None = None
    title_before: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["numeric"] = [n.to_dict() for n in self.numeric]
        return d

# ----------------------------------------------------------------------------------------- passes


class _Differ:
    def __init__(self, old: Sequence[Segment], new: Sequence[Segment], threshold: float,
                 year_before: int | None = None, year_after: int | None = None) -> None:
        label = year_after if year_before is not None and year_after is not None else None
        self.years = tuple(y for y in (year_before, year_after) if y is not None)
        self.o = build_items(old, year_before, label, self.years)
        self.n = build_items(new, year_after, label, self.years)
        self.o_doc = sorted(self.o, key=lambda it: it.order)
        self.n_doc = sorted(self.n, key=lambda it: it.order)
        self.threshold = threshold
        self.cross_threshold = (1 + threshold) / 2
        self.pair_o: list[int | None] = [None] * len(self.o)
        self.pair_n: list[int | None] = [None] * len(self.n)
        self.in_order: set[int] = set()   # new positions whose pair kept its place among its siblings
        self.weak: list[tuple[Item, Item]] = []
        self._sim: dict[tuple[int, int], float] = {}

    def _pair(self, i: int, j: int) -> None:
        self.pair_o[i], self.pair_n[j] = j, i

    def _left(self) -> tuple[list[Item], list[Item]]:
        """Unpaired items of each side, in document order."""
        return ([it for it in self.o_doc if self.pair_o[it.pos] is None],
                [it for it in self.n_doc if self.pair_n[it.pos] is None])

    def _by(self, items: list[Item], key: Callable[[Item], Hashable | None]) -> dict[Hashable, list[Item]]:
        groups: dict[Hashable, list[Item]] = defaultdict(list)
        for it in items:   # already in document order
            k = key(it)
            if k is not None:
                groups[k].append(it)
        return groups

    def _zip_groups(self, key: Callable[[Item], Hashable | None],
                    accept: Callable[[Item, Item], bool] | None = None) -> None:
        olds, news = self._left()
        go, gn = self._by(olds, key), self._by(news, key)
        for k, a in go.items():
            for x, y in zip_candidates(a, gn.get(k, [])):
                if accept is None or accept(x, y):
                    self._pair(x.pos, y.pos)

    def similarity(self, o: Item, n: Item) -> float:
        """The pairing score: text similarity, averaged with the titles' when both have one (boilerplate
        shared by unrelated segments must not pair them). The same formula as ``_match_block``."""
        k = (o.pos, n.pos)
        if k not in self._sim:
            score = similarity(o.cmp, n.cmp)
            if o.tcmp and n.tcmp:
                score = round((score + similarity(o.tcmp, n.tcmp)) / 2, 4)
            self._sim[k] = score
        return self._sim[k]

    def run(self) -> list[SegmentChange]:
        self._zip_groups(lambda it: (it.seg.kind, it.key, it.seg.title, it.seg.text),
                         accept=lambda x, y: x.same_raw_numbers(y))
        self._local_order(lambda it: (it.seg.title, it.seg.text, it.raw_numbers))   # no normalising yet
        self._zip_groups(lambda it: (it.seg.kind, it.key, it.cmp, it.numfp))
        self._local_order(lambda it: it.content)
        self._by_key()
        self._zip_groups(lambda it: (it.seg.kind, it.cmp, it.numfp))
        self._by_similarity()
        self._weak_keys()
        return self._changes()

    def _local_order(self, content: Callable[[Item], Hashable]) -> None:
        """Pass 3: identical content under the same parent, kept in the same order (renumbering). Run
        first on the raw text, which spares normalising the neighbours of every insertion or removal."""
        olds, news = self._left()
        go = self._by(olds, lambda it: (it.seg.kind, it.parent_key))
        gn = self._by(news, lambda it: (it.seg.kind, it.parent_key))
        for k, a in go.items():
            b = gn.get(k)
            if not b:
                continue
            sm = SequenceMatcher(None, [content(x) for x in a], [content(y) for y in b], autojunk=False)
            for block in sm.get_matching_blocks():
                for d in range(block.size):
                    self._pair(a[block.a + d].pos, b[block.b + d].pos)

    def _by_key(self) -> None:
        """Pass 4: same kind and key (same parent first, then document order), if similar enough; a pair
        that is not waits until the end, in case one side is better explained by another segment (a
        renumbered neighbour, a segment moved in from elsewhere)."""
        olds, news = self._left()
        go = self._by(olds, lambda it: (it.seg.kind, it.key) if it.key else None)
        gn = self._by(news, lambda it: (it.seg.kind, it.key) if it.key else None)
        for k, a in go.items():
            b = gn.get(k)
            if not b:
                continue
            for x, y in zip_candidates(a, b):
                if self.similarity(x, y) >= self.threshold:
                    self._pair(x.pos, y.pos)
                else:
                    self.weak.append((x, y))

    def _weak_keys(self) -> None:
        """Last pass: key pairs too unlike to be paired early, whose segments found no better partner."""
        for x, y in self.weak:
            if self.pair_o[x.pos] is None and self.pair_n[y.pos] is None:
                self._pair(x.pos, y.pos)

    def _by_similarity(self) -> None:
        """Pass 6: the rest by text similarity, first under the same parent, then across parents. Blocks
        larger than _BLOCK_CELLS are cut along the diagonal (_chunks), so the cost follows the number of
        changes and stays linear in it, at the price of not pairing far-apart segments in large diffs."""
        olds, news = self._left()
        go, gn = self._by(olds, lambda it: it.seg.kind), self._by(news, lambda it: it.seg.kind)
        for kind in sorted(go.keys() & gn.keys()):
            po = self._by(go[kind], lambda it: it.parent_key or "")
            pn = self._by(gn[kind], lambda it: it.parent_key or "")
            for p in sorted(po.keys() & pn.keys()):
                for ca, cb in _chunks(po[p], pn[p]):
                    self._match_block(ca, cb)
            for ca, cb in _chunks(go[kind], gn[kind]):
                self._match_block(ca, cb)

    def _match_block(self, a: list[Item], b: list[Item]) -> None:
        a = [x for x in a if self.pair_o[x.pos] is None]
        b = [y for y in b if self.pair_n[y.pos] is None]
        if not a or not b:
            return
        ids: dict[str | None, int] = {}
        pa = np.array([ids.setdefault(x.parent_key, len(ids)) for x in a])
        pb = np.array([ids.setdefault(y.parent_key, len(ids)) for y in b])
        need = np.where(pa[:, None] == pb[None, :], self.threshold, self.cross_threshold)
        ta, tb = [x.tcmp for x in a], [y.tcmp for y in b]
        titled = np.outer([bool(t) for t in ta], [bool(t) for t in tb])
        if titled.any():
            # score = (text + title) / 2 and text ≤ 1, so a pair whose titles score below 2·need − 1
            # cannot make it: the titles (short, cheap) decide which texts are compared at all.
            title = _scores(ta, tb)
            maybe = ~titled | (title >= 2 * need - 1)
        else:
            title, maybe = None, np.ones_like(titled)
        if maybe.mean() > 0.25:
            text = _scores([x.cmp for x in a], [y.cmp for y in b])
        else:
            text = np.zeros(titled.shape, dtype=np.float32)
            for i, j in zip(*np.nonzero(maybe)):
                text[i, j] = similarity(a[i].cmp, b[j].cmp)
        scores = np.where(titled, (text + title) / 2, text) if title is not None else text
        ii, jj = np.nonzero(maybe & (scores >= need))
        if not len(ii):
            return
        best = scores[ii, jj]
        for k in np.lexsort((jj, ii, -best)):
            x, y = a[ii[k]], b[jj[k]]
            if self.pair_o[x.pos] is None and self.pair_n[y.pos] is None:
                self._pair(x.pos, y.pos)

    # ------------------------------------------------------------------------------------ output

    def _same_parent(self, o: Item, n: Item) -> bool:
        if o.parent is not None and n.parent is not None and self.pair_o[o.parent] is not None:
            return self.pair_o[o.parent] == n.parent
        return o.parent_key == n.parent_key

    def _moved(self, o: Item, n: Item) -> bool:
        """A move is a new parent, or a new number that is not explained by renumbering: the segment
        left its place in the order of its siblings (two objectives swapped numbers)."""
        if not self._same_parent(o, n):
            return True
        return o.key != n.key and n.pos not in self.in_order

    def _mark_in_order(self) -> None:
        """For each family (kind, new parent) of pairs that kept their parent, the longest run of pairs
        whose old order agrees with the new one (LIS): those were renumbered, not moved. A parent that
        was renumbered takes its children along, since parents are compared through the pairing."""
        families: dict[Hashable, list[tuple[tuple[int, int], int]]] = defaultdict(list)
        for n in self.n_doc:
            j = self.pair_n[n.pos]
            if j is not None and self._same_parent(self.o[j], n):
                family = (n.seg.kind, n.parent if n.parent is not None else ("key", n.parent_key))
                families[family].append((self.o[j].order, n.pos))
        for seq in families.values():
            self.in_order.update(seq[k][1] for k in longest_increasing([o for o, _ in seq]))

    def _changes(self) -> list[SegmentChange]:
        self._mark_in_order()
        out = []
        for n in self.n_doc:
            j = self.pair_n[n.pos]
            if j is None:
                out.append(self._change(CHANGE_ADDED, None, n))
                continue
            o = self.o[j]
            if not o.same_content(n):
                out.append(self._change(CHANGE_MODIFIED, o, n))
            elif self._moved(o, n):
                out.append(self._change(CHANGE_MOVED, o, n))
        for o in self.o_doc:
            if self.pair_o[o.pos] is None:
                out.append(self._change(CHANGE_REMOVED, o, None))
        return out

    def _change(self, kind: str, o: Item | None, n: Item | None) -> SegmentChange:
        so, sn = (o.seg if o else None), (n.seg if n else None)
        main = sn or so
        assert main is not None
        removed: list[str] = []
        added: list[str] = []
        sim = None
        if o is not None and n is not None:
            sim = 1.0 if kind == CHANGE_MOVED or o.cmp == n.cmp else self.similarity(o, n)
            if o.cmp != n.cmp:
                removed, added = words_changed(f"{so.title}\n{so.text}", f"{sn.title}\n{sn.text}",
                                               self.years)
        return SegmentChange(
            kind=kind, segment_kind=main.kind, code=main.code, key=(n or o).key,
            parent_code_before=so.parent_code if so else None,
            parent_code_after=sn.parent_code if sn else None,
            title=main.title, before_text=so.text if so else None, after_text=sn.text if sn else None,
            page_before=so.page_start if so else None, page_after=sn.page_start if sn else None,
            numeric=numeric_changes(o.num if o else None, n.num if n else None), similarity=sim,
            words_removed=removed, words_added=added,
            code_before=so.code if so else None, key_before=o.key if o else None,
            title_before=so.title if so else None)


def _scores(a: list[str], b: list[str]) -> np.ndarray:
    """``diff_words.similarity`` for every pair of a × b, as a matrix."""
    return (process.cdist(a, b, scorer=fuzz.ratio, dtype=np.float32, workers=1)
            + process.cdist(a, b, scorer=fuzz.token_set_ratio, dtype=np.float32, workers=1)) / 200


def _chunks(a: list[Item], b: list[Item]) -> Iterable[tuple[list[Item], list[Item]]]:
    """A block too large for one matrix, cut along its diagonal: piece k of the old list against piece
    k of the new one (both in document order), so the cost stays linear in the block's size."""
    if not a or not b:
        return
    if len(a) * len(b) <= _BLOCK_CELLS:
        yield a, b
        return
    pieces = math.ceil(max(len(a), len(b)) / _CHUNK)
    for k in range(pieces):
        yield (a[k * len(a) // pieces:(k + 1) * len(a) // pieces],
               b[k * len(b) // pieces:(k + 1) * len(b) // pieces])

# -------------------------------------------------------------------------------------- public

_gc_lock = threading.Lock()
_gc_state = {"depth": 0, "was_enabled": False}


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a diff runs (Mercurial's ``util.nogc`` trick). A diff
    allocates hundreds of thousands of small containers and makes no reference cycles, so each
    collection it triggers only walks the caller's heap (the segment lists) again: on 50,000 segments
    that is a third of the time, and grows faster than the input. Nested and concurrent diffs share
    one pause; the collector is switched back on by the last one out, and only if it was on."""
    with _gc_lock:
        if _gc_state["depth"] == 0:
            _gc_state["was_enabled"] = gc.isenabled()
            gc.disable()
        _gc_state["depth"] += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_state["depth"] -= 1
            if _gc_state["depth"] == 0 and _gc_state["was_enabled"]:
                gc.enable()


def diff_segments(old: Sequence[Segment], new: Sequence[Segment], *,
                  threshold: float = SIMILARITY_THRESHOLD) -> list[SegmentChange]:
    """Changes from ``old`` to ``new`` (two versions of one document), see the module notes."""
    with _gc_paused():
        return _Differ(old, new, threshold).run()


def document_year(segments: Iterable[Segment]) -> int | None:
    """The year a yearly document is about, read from its per-year numeric fields: the year most of
    them are keyed by (the later one on a tie). None when no field is keyed by year."""
    counts: Counter[int] = Counter()
    for s in segments:
        for name in NUMERIC_FIELDS:
            value = (s.fields or {}).get(name)
            if isinstance(value, Mapping):
                counts.update(int(k) for k in value if re.fullmatch(r"(?:19|20)\d\d", str(k)))
    if not counts:
        return None
    top = max(counts.values())
    return max(y for y, c in counts.items() if c == top)


def diff_successor(prev_year_segments: Sequence[Segment], this_year_segments: Sequence[Segment], *,
                   prev_year: int | None = None, this_year: int | None = None,
                   threshold: float = SIMILARITY_THRESHOLD) -> list[SegmentChange]:
    """This year's programme (or report) against last year's: ``diff_segments`` where each side's
    per-year numbers are cut to its own year (2025's cost of an activity against 2026's, reported as
    ``NumericChange(year="2026")``), and a standalone mention of either year counts as one word ("2025
    yılında" → "2026 yılında" is no change). The price, paid knowingly: "2025'te bitecek" → "2026'da
    bitecek" (a year's delay said in words) is no change either; a delay that matters shows in the
    yearly targets and costs. Years are read with ``document_year`` when not given (one from the
    other, ±1). Keys naming years ("butce_2021") are shifted too, see ``diff_numeric.year_slice``."""
    prev_year = prev_year if prev_year is not None else document_year(prev_year_segments)
    this_year = this_year if this_year is not None else document_year(this_year_segments)
    if prev_year is None and this_year is not None:
        prev_year = this_year - 1
    if this_year is None and prev_year is not None:
        this_year = prev_year + 1
    if prev_year is not None and this_year is not None and prev_year >= this_year:
        raise DiffError(f"successor diff needs an earlier year first, got {prev_year} then {this_year}")
    with _gc_paused():
        return _Differ(prev_year_segments, this_year_segments, threshold, prev_year, this_year).run()


def successor_pairs(documents: Iterable[tuple[int, T]], max_gap: int = 1) -> list[tuple[int, T, int, T]]:
    """Which yearly documents to diff: each year against the closest earlier year at most ``max_gap``
    years before, as (prev_year, prev, this_year, this), oldest first. ``documents`` are (year, anything:
    an id, a segment list); one per year, or ``DuplicateYear``."""
    by_year: dict[int, T] = {}
    for year, doc in documents:
        if year in by_year:
            raise DuplicateYear(f"two documents for {year}: choose one version per year before pairing")
        by_year[year] = doc
    years = sorted(by_year)
    return [(a, by_year[a], b, by_year[b]) for a, b in zip(years, years[1:]) if b - a <= max_gap]

