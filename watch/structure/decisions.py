"""Council decisions: one segment per karar in a monthly bundle (PDF text or OCR) or an HTML list.

A bundle is a run of decisions, each opened by a heading block ("T.C. / <X> BELEDİYESİ / MECLİS
KARARI", or on e-Devlet prints "<X> BELEDİYESİ / BELEDİYE MECLİSİ" followed by "Karar No"), with
annex tables in between and a summary page ("MECLİS KARAR ÖZETLERİ", "... BİRLEŞİM TUTANAĞI") at
either end. One decision can carry two headings (a committee report page, then a page repeating the
header with "Kararın Özü" and the resolution), and the small header table (Karar Tarihi / Karar No
/ Konu / Dairesi) may come before or after the body depending on the extractor. So we split at
every heading, find each piece's karar number, and merge consecutive pieces with the same number
(or the same subject, when OCR garbled a number). Pages without a heading (annex tables) belong to
the decision before them. Karar numbers run one by one through a bundle, so a number OCR could not
read is restored from its neighbours when they leave exactly one place for it.

Fields (all in ``Segment.fields``): karar_no "yyyy/n", karar_sayi, karar_tarihi and session_date
(ISO), konu, proposer, committees (reports adopted), referred_to (committees it was sent to),
vote, outcome (see ``council.OUTCOMES``), resolution (the "KARAR:" text), gundem_no (from the
summary page), and when they apply karar_tarihi_printed, proposer_printed, karar_sayi_as_read.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import re
from collections import Counter

from muniwatch.constants import SEG_DECISION
from watch.segments import Segment
from watch.structure.council import (
    UNIT_WORD, UPPER, find_date, ocr_digits, original_tail, read_committees, read_outcome,
    read_proposer, read_vote, squash,
)
from watch.structure.decisions_html import parse_html_decisions
from watch.turkish import fold

__all__ = ["parse_decision_bundle", "parse_html_decisions", "parse_summary_entries", "resolution_text"]


@dataclasses.dataclass
class _Line:
    page: int
    text: str


@dataclasses.dataclass
class _Block:
    kind: str                       # "preamble" | "decision" | "summary"
    lines: list[_Line]
    number: int | None = None


# ---------------------------------------------------------------------------------------------
# OCR-tolerant primitives

_HEADING = re.compile(r"^\W*m[e3]c[l1i][i1l]s\s*karar[i1l]\W*$")
_EDEVLET_HEADING = re.compile(r"^\W*belediye\s+meclisi\W*$")
_SUMMARY_HEADING = re.compile(r"karar\s*ozetleri|tutanag|tutanak\s+ozeti")
_HEAD_PREFIX = re.compile(r"^\W*(t\s*\.?\s*c\W*|.*belediyes[i1]|.*belediye\s+baskanligi)\W*$")
_KARAR_NO = re.compile(r"karar\s*n[o0]\b\s*[:.;]?\s*(.*)$")
_KARAR_TARIHI = re.compile(r"karar\s*tar[i1]h[i1]\s*[:.;]?\s*(.*)$")
_CLOSING = re.compile(r"al[ıi]nan\s+(\d{1,4})\s+say[ıi]l[ıi]\s+karard[ıi]r")


def _heading_kind(lines: list[_Line], i: int) -> str | None:
    folded = fold(lines[i].text)
    if _HEADING.match(folded):
        return "decision"
    letters = [c for c in lines[i].text if c.isalpha()]
    if _SUMMARY_HEADING.search(folded) and len(folded) < 80 \
            and sum(c.isupper() for c in letters) >= 0.8 * len(letters):     # a heading, not a sentence
        return "summary"
    if _EDEVLET_HEADING.match(folded):
        window = " ".join(fold(line.text) for line in lines[i + 1:i + 6])
        if re.search(r"karar\s*n[o0]|karar\s*tar[i1]h", window):
            return "decision"
    return None


def _number_in(rest: str) -> tuple[int | None, int | None]:
    """(year, number) from what follows a "Karar No" label: '10', '2025 /10', ': (o79'."""
    rest = re.sub(r"^[\s:;.,(\[{oO]*", "", rest)       # OCR: "KararNo: (o 79", "KararNo: o 82"
    rest = ocr_digits(rest)
    match = re.match(r"(\d{4})\s*/\s*(\d{1,4})\b", rest) or re.match(r"()(\d{1,4})\b", rest)
    if not match:
        return None, None
    year = int(match.group(1)) if match.group(1) else None
    return year, int(match.group(2))


def _block_numbers(lines: list[_Line]) -> tuple[list[tuple[int | None, int]], list[int]]:
    """Karar numbers named in a block: (year, n) from "Karar No" labels, n from closing sentences."""
    labelled: list[tuple[int | None, int]] = []
    closing: list[int] = []
    for i, line in enumerate(lines):
        folded = fold(line.text)
        match = _KARAR_NO.search(folded)
        if match and not re.search(r"\(\s*karar\s*no", folded):
            rest = original_tail(line.text, match.group(1))
            year, number = _number_in(rest)
            if number is None and not rest.strip() and i + 1 < len(lines):
                year, number = _number_in(lines[i + 1].text)
            if number:
                labelled.append((year, number))
        for found in _CLOSING.finditer(line.text):
            closing.append(int(found.group(1)))
    return labelled, closing


def _split(pages: list[str]) -> list[_Block]:
    lines = [_Line(number, squash(text)) for number, page in enumerate(pages, start=1)
             for text in page.splitlines() if text.strip()]
    blocks = [_Block("preamble", [])]
    for i in range(len(lines)):
        kind = _heading_kind(lines, i)
        if kind:
            # The "T.C." and "<X> BELEDİYESİ" lines just before the heading open the new block.
            moved: list[_Line] = []
            previous = blocks[-1].lines
            while previous and len(moved) < 3 and len(previous[-1].text) < 60 \
                    and _HEAD_PREFIX.match(fold(previous[-1].text)):
                moved.insert(0, previous.pop())
            blocks.append(_Block(kind, moved + [lines[i]]))
        else:
            blocks[-1].lines.append(lines[i])
    for block in blocks:
        if block.kind == "decision":
            labelled, closing = _block_numbers(block.lines)
            votes = Counter(n for _, n in labelled) + Counter(closing)
            if votes:
                block.number = votes.most_common(1)[0][0]
    return blocks


def _same_matter(a: _Block, b: _Block) -> bool:
    ta, tb = _title(a.lines), _title(b.lines)
    return bool(ta) and fold(ta) == fold(tb or "")


def _merge(blocks: list[_Block]) -> list[_Block]:
    """Join the pieces of one decision: same number, or same subject where a number is unreadable."""
    merged: list[_Block] = []
    for block in blocks:
        if block.kind != "decision":
            continue
        previous = merged[-1] if merged else None
        if previous is not None and (
                block.number == previous.number
                or (_same_matter(previous, block)
                    and (block.number is None or previous.number is None
                         or block.number != previous.number + 1))):
            previous.lines.extend(block.lines)
            previous.number = previous.number if previous.number is not None else block.number
            continue
        merged.append(_Block("decision", list(block.lines), block.number))
    return merged


def _repair_numbers(decisions: list[_Block]) -> dict[int, int | None]:
    """Karar numbers run one by one through a bundle: fill an unreadable or misread one (OCR) from
    its neighbours when they leave exactly one place for it. Returns {index: number as read}."""
    repaired: dict[int, int | None] = {}
    for i, block in enumerate(decisions):
        before = decisions[i - 1].number if i > 0 else None
        after = decisions[i + 1].number if i + 1 < len(decisions) else None
        fits = block.number is not None and (before is None or block.number > before) \
            and (after is None or block.number < after)
        if fits:
            continue
        guess = None
        if before is not None and after is not None and after - before == 2:
            guess = before + 1
        elif block.number is None and before is not None and after is None:
            guess = before + 1
        elif block.number is None and after is not None and before is None:
            guess = after - 1
        if guess is not None:
            repaired[i] = block.number
            block.number = guess
    return repaired


# ---------------------------------------------------------------------------------------------
# Fields of one decision

_STOP_TITLE = re.compile(r"^(teklif|ilgi|komisyon|belediye meclisine|seklindeki|karar\b|-|bilindigi|dairesi"
                         r"|evrak|konu\b|sayfa\b|[a-z]\)|\d+[-.)])")


def _title(lines: list[_Line]) -> str | None:
    texts = [line.text for line in lines]
    folded = [fold(t) for t in texts]
    for i, f in enumerate(folded):                 # header table: "Konu ..." up to "Dairesi"
        if texts[i].startswith("Konu ") and any(_KARAR_NO.search(x) for x in folded[max(0, i - 3):i]):
            parts = [texts[i][5:]]
            for t, ft in zip(texts[i + 1:i + 4], folded[i + 1:i + 4]):
                if ft.startswith(("dairesi", "evrak", "belediye")):
                    break
                parts.append(t)
            return squash(" ".join(parts)).rstrip(". ")
    for i, f in enumerate(folded):                 # "Karar Özeti: ..." / "Kararın Özü ..."
        match = re.match(r"karar(in)?\s*oz(u|eti)\s*[:;]?\s*(.*)$", f)
        split_label = f == "kararin" and i + 1 < len(folded) and re.match(r"ozu\b", folded[i + 1])
        if not (match or split_label):
            continue
        if match:
            parts, start = [original_tail(texts[i], match.group(3))], i + 1
        else:
            parts, start = [original_tail(texts[i + 1], folded[i + 1][3:].strip())], i + 2
        parts = [p for p in parts if p]
        for t, ft in zip(texts[start:start + 3], folded[start:start + 3]):
            if _STOP_TITLE.match(ft) or (parts and parts[-1].rstrip().endswith(".")):
                break
            parts.append(t)
        if parts:
            return squash(" ".join(parts)).rstrip(". ")
    for i, f in enumerate(folded):                 # body "KONU :"
        match = re.match(r"konu\s*[:;]\s*(.*)$", f)
        if match:
            if match.group(1) and not _STOP_TITLE.match(match.group(1)):
                return squash(original_tail(texts[i], match.group(1))).rstrip(". ")
            parts = []
            for t, ft in zip(texts[i + 1:i + 4], folded[i + 1:i + 4]):
                if _STOP_TITLE.match(ft):
                    break
                parts.append(t)
            if parts:
                return squash(" ".join(parts)).rstrip(". ")
    return None


def resolution_text(text: str) -> str | None:
    """The council's own resolution: the text after the last "KARAR:" label, without signatures."""
    lines = text.splitlines()
    start = None
    for i, line in enumerate(lines):
        folded = fold(line.strip())
        if re.match(r"^karar\s*(?:[:;]|$)", folded) or re.match(r"^karar\s*:\s*\S", folded):
            start = i
    if start is None:
        return None
    body: list[str] = []
    first = re.sub(r"^\s*KARAR\s*[:;]?\s*", "", lines[start], flags=re.I)
    if first.strip():
        body.append(first)
    for line in lines[start + 1:]:
        folded = fold(line.strip())
        if re.match(r"^(karar\s*tarihi|karar\s*no|(belediye\s*)?baskan[iı]?\W*$|belediye\s*baskani\s+k[aâ]tip"
                    r"|k[aâ]tip\b|meclis\s*[1i]\.?\s*baskan|bu belge|ek\s*:|-\s*\d+\s*-$|dairesi\b|belediye$)",
                    folded):
            break
        body.append(line)
        if re.search(r"(kabul edildi|karar verildi|reddedildi|seçildiler)\.?\s*$", line):
            break
    section = squash(" ".join(body))
    # e-Devlet prints repeat the committee's opinion after the label; the resolution proper opens
    # with "(Teklif üzerine) mecliste yapılan müzakere neticesinde".
    opening = list(re.finditer(r"(Teklif\s+üzerine\s+)?(mecliste\s+)?(yapılan\s+)?müzakere\s+neticesinde",
                               section, flags=re.I))
    if opening:
        section = section[opening[-1].start():]
    section = re.sub(r"^Şeklindeki .*?edilmiştir\.\s*", "", section)
    return section or None


def _dairesi(lines: list[_Line]) -> str | None:
    """The header table's "Dairesi" (proposing unit). Some extractors print the table's labels as
    one column and the values after them: then the value is the next line that is a unit's name."""
    for i, line in enumerate(lines):
        if line.text.startswith("Dairesi ") or line.text == "Dairesi":
            value = line.text[len("Dairesi"):].strip(" :")
            if value:
                return value
            for later in lines[i + 1:i + 7]:
                if re.fullmatch(rf"[{UPPER}][^:;]{{2,80}}{UNIT_WORD}", later.text):
                    return later.text
            return None
    return None


def _dates(lines: list[_Line]) -> tuple[list[_dt.date], list[_dt.date]]:
    printed: list[_dt.date] = []
    closing: list[_dt.date] = []       # "... 1. Birleşimi 04.02.2025 Salı günü ...": the session itself
    session: list[_dt.date] = []       # "... 04.02.2025 tarihli meclis toplantısında görüşülerek"
    for i, line in enumerate(lines):
        folded = fold(line.text)
        match = _KARAR_TARIHI.search(folded)
        if match:
            found = find_date(original_tail(line.text, match.group(1)))
            if not found and i + 1 < len(lines):
                found = find_date(lines[i + 1].text)
            if found:
                printed.append(found)
        if re.search(r"birlesim\w*\s+\d|tarihli meclis toplant", folded):
            found = find_date(line.text)
            if found:
                (closing if "birlesim" in folded else session).append(found)
    return printed, closing + session


def _decision_segment(block: _Block, ordinal: int, summary: dict[int, dict]) -> Segment:
    lines = block.lines
    text = "\n".join(line.text for line in lines)
    labelled, _ = _block_numbers(lines)
    printed, session = _dates(lines)
    votes = Counter(printed) + Counter(session)
    karar_tarihi = None
    if votes:
        best = votes.most_common()
        top = [d for d, c in best if c == best[0][1]]
        karar_tarihi = session[0] if session and session[0] in top else top[0]
    session_date = session[0] if session else karar_tarihi
    n = block.number
    entry = summary.get(n, {}) if n is not None else {}
    year = next((y for y, m in labelled if y and m == n), None) or entry.get("year") \
        or (karar_tarihi.year if karar_tarihi else None)
    code = f"{year}/{n}" if year and n is not None else (str(n) if n is not None else None)
    title = _title(lines) or entry.get("text", "")[:200] or ""
    resolution = resolution_text(text)
    decisive = resolution or entry.get("text")
    examined, referred = read_committees(text)
    fields = {
        "karar_no": code,
        "karar_sayi": n,
        "karar_tarihi": karar_tarihi.isoformat() if karar_tarihi else None,
        "konu": title,
        "proposer": read_proposer(text, _dairesi(lines)),
        # The resolution names the report it adopted; the body can carry a clerk's copy-paste slip.
        "committees": (read_committees(resolution)[0] if resolution else []) or examined,
        "referred_to": read_committees(decisive)[1] if decisive else referred,
        "vote": read_vote(decisive) if decisive else None,
        "outcome": read_outcome(decisive) if decisive else None,
        "session_date": session_date.isoformat() if session_date else None,
        "resolution": resolution,
    }
    if printed and karar_tarihi and printed[0] != karar_tarihi:
        fields["karar_tarihi_printed"] = printed[0].isoformat()   # a clerical slip in the header
    if entry.get("gundem_no") is not None:
        fields["gundem_no"] = entry["gundem_no"]
    return Segment(kind=SEG_DECISION, code=code, title=title, text=text,
                   page_start=_first_page(lines), page_end=lines[-1].page if lines else None,
                   ordinal=ordinal, fields=fields)


def _first_page(lines: list[_Line]) -> int | None:
    """The page of the decision's heading (a "T.C." left at the foot of the page before is not it)."""
    for line in lines:
        if _HEADING.match(fold(line.text)) or _EDEVLET_HEADING.match(fold(line.text)):
            return line.page
    return lines[0].page if lines else None


# ---------------------------------------------------------------------------------------------
# Summary pages ("Gündem No: 3- ... kabul edildi. (Karar No: 2025/12)")

_ENTRY = re.compile(r"G[üu]ndem\s*N[o0]\s*[:;.]?\s*(\d{1,3})\s*(?:\([^)]{0,20}\))?\s*[-–.)]\s*(.*?)"
                    r"\(\s*Karar\s*N[o0]\s*[:;.]?\s*(\d{4})\s*/\s*([0-9Oo]{1,4})\s*\)?", re.S)


def parse_summary_entries(text: str) -> dict[int, dict]:
    """karar number -> {"gundem_no", "year", "text"} from a bundle's summary page(s)."""
    entries: dict[int, dict] = {}
    for match in _ENTRY.finditer(text):
        number = int(ocr_digits(match.group(4)))
        entries[number] = {"gundem_no": int(match.group(1)), "year": int(match.group(3)),
                           "text": squash(match.group(2))}
    return entries


def parse_decision_bundle(pages: list[str]) -> list[Segment]:
    """One SEG_DECISION segment per decision in a monthly bundle (index 0 of `pages` is page 1)."""
    blocks = _split(pages)
    summary_text = "\n".join("\n".join(line.text for line in block.lines)
                             for block in blocks if block.kind != "decision")
    summary = parse_summary_entries(summary_text)
    decisions = _merge(blocks)
    repaired = _repair_numbers(decisions)
    kept: list[tuple[_Block, int | None]] = []      # (decision, its number as read when repaired)
    for index, block in enumerate(decisions):
        if block.number is not None:
            kept.append((block, repaired.get(index, block.number)))
        elif kept:                                  # unreadable and unplaceable: keep its text
            kept[-1][0].lines.extend(block.lines)
    segments = []
    for block, as_read in kept:
        segment = _decision_segment(block, len(segments), summary)
        if as_read != block.number:
            segment.fields["karar_sayi_as_read"] = as_read
        segments.append(segment)
    _harmonise_units(segments)
    return segments


def _harmonise_units(segments: list[Segment]) -> None:
    """One spelling per directorate in a bundle ("Emlak İstimlak" -> "Emlak ve İstimlak Müdürlüğü"):
    the printed form stays in `proposer_printed`."""
    def key(name: str) -> str:
        return re.sub(r"\bve\b|\W", "", fold(name))
    counts = Counter(s.fields["proposer"] for s in segments if s.fields.get("proposer"))
    best: dict[str, str] = {}
    for name in sorted(counts, key=lambda n: (" ve " in n, counts[n], len(n)), reverse=True):
        best.setdefault(key(name), name)
    for segment in segments:
        name = segment.fields.get("proposer")
        if name and best[key(name)] != name:
            segment.fields["proposer_printed"] = name
            segment.fields["proposer"] = best[key(name)]
