"""Council decisions published as HTML: a table or a list of cards (karar no, tarih, özü, oy).

Municipal sites print their decision lists in many shapes. Tables are read by their header row
(columns recognised by folded words: "Karar No", "Tarih", "Kararın Özü", "Oylama"...); anything else
is read as cards: each decision is the largest element that holds exactly one "yyyy/n" karar
number, and its fields come from "Label: value" lines (or <dt>/<dd> pairs) inside it.
"""

from __future__ import annotations

import re

from muniwatch.constants import SEG_DECISION
from watch.segments import Segment
from watch.structure.council import (
    find_date, original_tail, read_committees, read_outcome, read_proposer, read_vote, squash,
)
from watch.turkish import fold

__all__ = ["parse_html_decisions"]

_CODE = re.compile(r"(?<![\d/.])((?:19|20)\d\d)\s*/\s*(\d{1,4})(?![\d/])")
_COLUMNS = (                        # folded header words -> field, first match wins
    ("karar_tarihi", ("tarih",)),
    ("karar_no", ("karar no", "karar sayi", "sayi", "no", "numara")),
    ("vote", ("oy", "sonuc", "durum", "netice")),
    ("proposer", ("mudurluk", "birim", "teklif", "daire")),
    ("committees", ("komisyon",)),
    ("konu", ("ozu", "ozet", "konu", "baslik", "karar", "aciklama")),
)
_LABELS = {"karar_no": r"karar\s*(no|sayisi|numarasi)", "karar_tarihi": r"(karar\s*)?tarih(i)?",
           "konu": r"(kararin\s*ozu|karar\s*ozeti|ozet|ozu|konu(su)?)", "vote": r"(oy(lama)?|sonuc)",
           "proposer": r"(teklif\s*eden|mudurluk|birim|dairesi)", "committees": r"komisyon(u)?"}


def _column_field(header: str) -> str | None:
    folded = fold(header)
    for field, words in _COLUMNS:
        if any(re.search(rf"\b{w}", folded) for w in words):
            if field == "konu" and re.search(r"karar\s*(no|tarih|sayi)", folded):
                continue
            return field
    return None


def _html_segment(values: dict[str, str], text: str, ordinal: int, url: str | None) -> Segment | None:
    raw_no = values.get("karar_no") or text
    match = _CODE.search(raw_no)
    date = find_date(values.get("karar_tarihi") or text)
    if match:
        year, number = int(match.group(1)), int(match.group(2))
    else:
        found = re.search(r"\d{1,4}", values.get("karar_no") or "")
        if not found:
            return None
        year, number = (date.year if date else None), int(found.group(0))
    code = f"{year}/{number}" if year else str(number)
    title = squash(values.get("konu") or "")
    # What was decided comes from the vote/result cell, never from the subject ("... kabulü" names
    # what was proposed); without such a cell, from the rest of the entry.
    decisive = values.get("vote") or text.replace(values.get("konu") or "\0", " ")
    vote = read_vote(decisive)
    outcome = read_outcome(decisive) or ("kabul" if vote else None)    # a recorded vote carried it
    committees = [c.strip() for c in re.split(r"[;]", values.get("committees") or "") if c.strip()]
    fields = {
        "karar_no": code, "karar_sayi": number, "karar_tarihi": date.isoformat() if date else None,
        "konu": title,
        "proposer": read_proposer("", values["proposer"]) if values.get("proposer") else read_proposer(text),
        "committees": committees or read_committees(text)[0], "referred_to": read_committees(decisive)[1],
        "vote": vote, "outcome": outcome,
        "session_date": date.isoformat() if date else None,
    }
    if url:
        fields["url"] = url
    return Segment(kind=SEG_DECISION, code=code, title=title, text=squash(text), ordinal=ordinal, fields=fields)


def _from_tables(soup) -> list[Segment]:
    segments: list[Segment] = []
    for table in soup.find_all("table"):
        rows = table.find_all("tr")
        header_index = next((i for i, row in enumerate(rows) if row.find("th")), 0)
        if not rows:
            continue
        columns = [_column_field(cell.get_text(" ", strip=True))
                   for cell in rows[header_index].find_all(["th", "td"])]
        if "karar_no" not in columns and "konu" not in columns:
            continue
        for row in rows[header_index + 1:]:
            cells = row.find_all(["td", "th"])
            values: dict[str, str] = {}
            for column, cell in zip(columns, cells):
                if column:
                    values.setdefault(column, cell.get_text(" ", strip=True))
            link = row.find("a", href=True)
            segment = _html_segment(values, row.get_text(" ", strip=True), len(segments),
                                    link["href"] if link else None)
            if segment:
                segments.append(segment)
    return segments


def _from_blocks(soup) -> list[Segment]:
    """Lists and cards: each decision is the largest element holding exactly one karar number."""
    def count(tag) -> int:
        return len(_CODE.findall(tag.get_text(" ", strip=True)))
    blocks = [tag for tag in soup.find_all(["li", "article", "section", "div", "dl", "p", "tr"])
              if count(tag) == 1 and (tag.parent is None or count(tag.parent) > 1)]
    segments: list[Segment] = []
    for block in blocks:
        lines = [squash(x) for x in block.stripped_strings]     # one line per text node
        values: dict[str, str] = {}
        for i, line in enumerate(lines):
            for field, label in _LABELS.items():
                match = re.match(rf"^(?:{label})\s*(?:[:\-–]|$)\s*(?P<v>.*)$", fold(line))
                if match and field not in values:
                    value = original_tail(line, match.group("v"))
                    if not value.strip(" :") and i + 1 < len(lines):
                        value = lines[i + 1]
                    values[field] = value.strip(" :-–")
                    break
        if "konu" not in values:
            heading = block.find(["h1", "h2", "h3", "h4", "h5", "strong", "b"])
            values["konu"] = _CODE.sub("", heading.get_text(" ", strip=True) if heading else "").strip(" :-–")
        link = block.find("a", href=True)
        segment = _html_segment(values, "\n".join(lines), len(segments), link["href"] if link else None)
        if segment:
            segments.append(segment)
    return segments


def parse_html_decisions(html_text: str) -> list[Segment]:
    """Decision summaries published as an HTML table or list (karar no, tarih, özü, oy)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html_text, "lxml")
    for tag in soup(["script", "style", "nav", "header", "footer"]):
        tag.decompose()
    return _from_tables(soup) or _from_blocks(soup)
