"""Council agendas (meclis gündemi) and committee reports (komisyon raporu) as segments.

An agenda is a numbered list ("1- ...", "2.", "3)") of matters the council will discuss, often
grouped under section headings ("KOMİSYON RAPORLARI", "YENİ TEKLİFLER", "ÖNERGELER") and sometimes
saying where a matter goes ("(Plan ve Bütçe Komisyonuna)"). Item numbers run 1, 2, 3... through the
whole agenda; a number that does not continue the run is a list inside an item, not a new item.

A committee report names its committee in the heading ("PLAN VE BÜTÇE KOMİSYONU RAPORU"), then the
matter it received ("KOMİSYON İNCELEMESİ") and what it recommends ("KOMİSYON GÖRÜŞÜ: ... uygun
görülmüştür"). A PDF can hold several reports; each heading opens one.
"""

from __future__ import annotations

import re

from muniwatch.constants import SEG_AGENDA_ITEM, SEG_COMMITTEE_REPORT
from watch.segments import Segment
from watch.structure.council import (
    UNIT_WORD, UPPER, find_date, normalise_unit, original_tail, read_committees, read_outcome, read_proposer,
    read_vote, squash,
)
from watch.turkish import fold, tr_lower, tr_title

__all__ = ["parse_agenda", "parse_committee_report", "parse_html_agenda"]

_ITEM = re.compile(r"^\s*(?:Gündem\s*(?:No|Maddesi)?\s*[:.]?\s*)?(\d{1,3})\s*[-–.):]\s*(\S.*)$")
_SECTION = re.compile(rf"^[{UPPER}0-9 .,'’/()\-–]{{6,}}:?$")
_UNIT = rf"[{UPPER}][^\n;:(),]{{1,80}}?(?:{UNIT_WORD}|Başkanlık Makamı)"
_POSSESSIVE = r"\s*[’'`´]?\s*n[ıiüu]n\b"
_SMALL_WORDS = {"ve", "ile", "için", "veya"}


def _lines(pages: list[str]) -> list[tuple[int, str]]:
    return [(number, squash(text)) for number, page in enumerate(pages, start=1)
            for text in page.splitlines() if text.strip()]


def _referral(text: str) -> str | None:
    """The committee an agenda item is sent to, when the agenda says so."""
    referred = read_committees(text)[1]
    if referred:
        return referred[0]
    match = re.search(r"\(\s*([^()]*?Komisyon[a-zçğıöşü]*)\s*(?:havale|sevk)?\w*\s*\)", text)
    if match:
        name = re.sub(r"Komisyon[a-zçğıöşü]*$", "Komisyonu", squash(match.group(1)))
        return name
    return None


def _section_name(text: str) -> str:
    """'KOMİSYON RAPORLARI:' -> 'Komisyon Raporları', 'PLAN VE BÜTÇE' -> 'Plan ve Bütçe'."""
    words = tr_title(tr_lower(text.strip(" :"))).split()
    return " ".join(tr_lower(w) if tr_lower(w) in _SMALL_WORDS else w for w in words)


def parse_agenda(pages: list[str]) -> list[Segment]:
    """One SEG_AGENDA_ITEM per numbered agenda item, with proposer and committee referral."""
    lines = _lines(pages)
    meeting_date = None
    for _, text in lines[:15]:
        if re.search(r"toplan|gundem|meclis|birlesim|oturum", fold(text)):
            meeting_date = meeting_date or find_date(text)
    items: list[dict] = []
    section: str | None = None
    expected = 1
    for page, text in lines:
        match = _ITEM.match(text)
        if match and int(match.group(1)) == expected:
            items.append({"number": expected, "lines": [match.group(2)], "page_start": page,
                          "page_end": page, "section": section})
            expected += 1
            continue
        if _SECTION.match(text) and not re.search(r"\d{2}[./]\d{2}[./]\d{4}", text) \
                and len(text.split()) <= 8:
            section = _section_name(text)
            continue
        if items:
            if re.match(r"^(başkan|belediye başkanı|meclis başkanı|kâtip|katip)\b", tr_lower(text)):
                continue
            items[-1]["lines"].append(text)
            items[-1]["page_end"] = page
    segments = []
    for ordinal, item in enumerate(items):
        text = squash(" ".join(item["lines"]))
        trailing = re.search(rf"\s*[(–-]\s*({_UNIT})\s*\)?\s*\.?$", text)      # "... teklif (X Müdürlüğü)"
        opening = re.match(rf"({_UNIT}){_POSSESSIVE}", text) or trailing
        title = re.split(r"(?<=[.!?])\s", text[:trailing.start()] if trailing else text, maxsplit=1)[0][:300]
        reporting = re.search(rf"((?:[{UPPER}][^\s,;()]*\s+|ve\s+){{1,6}})Komisyonunun\b.{{0,200}}?\brapor", text)
        fields = {
            "gundem_no": item["number"],
            "proposer": normalise_unit(opening.group(1)) if opening else read_proposer(text),
            "committee": _referral(text),
            "reporting_committee": f"{squash(reporting.group(1))} Komisyonu" if reporting else None,
            "section": item["section"],
            "meeting_date": meeting_date.isoformat() if meeting_date else None,
        }
        segments.append(Segment(kind=SEG_AGENDA_ITEM, code=str(item["number"]), title=title, text=text,
                                page_start=item["page_start"], page_end=item["page_end"],
                                ordinal=ordinal, fields=fields))
    return segments


def parse_html_agenda(html_text: str) -> list[Segment]:
    """An agenda published as a web page: list items (<ol>/<li value=...>) become "n- text" lines,
    which text extraction would otherwise lose, then the page is read like a printed agenda."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html_text, "lxml")
    for tag in soup(["script", "style", "nav", "header", "footer"]):
        tag.decompose()
    for ol in soup.find_all("ol"):
        start = int(ol.get("start", 1)) if str(ol.get("start", "1")).isdigit() else 1
        for offset, li in enumerate(ol.find_all("li", recursive=False)):
            value = li.get("value")
            number = int(value) if value and str(value).isdigit() else start + offset
            li.insert(0, f"{number}- ")
    root = soup.find("main") or soup.body or soup
    first_list = root.find("ol")
    blocks = []
    for el in root.find_all(["h1", "h2", "h3", "h4", "p", "li"]):
        if el.find(["p", "li"]):
            continue
        if el.name == "p" and first_list is not None and el.find_previous("ol") is not None:
            continue                    # text after the list (a "back" link) belongs to no item
        blocks.append(squash(el.get_text(" ")))
    return parse_agenda(["\n".join(b for b in blocks if b)])


# ---------------------------------------------------------------------------------------------
# Committee reports

_REPORT_HEADING = re.compile(r"^(.{0,90}?)\bkomisyonu?\s+raporu\b\W*$")
_LABEL = re.compile(r"^(konu|komisyon incelemesi|inceleme|komisyon gorusu|gorus|sonuc|karar|rapor tarihi"
                    r"|toplanti tarihi|tarih|rapor no|sayi|toplanti donemi|komisyon uyeleri|uyeler)"
                    r"\s*(?:[:;]|$)\s*(.*)$")


def _committee_from_heading(text: str) -> str | None:
    match = _REPORT_HEADING.match(fold(text))
    if not match or not match.group(1).strip():
        return None
    name = text[:len(match.group(1))].strip(" -–:")
    name = re.sub(r"^.*BELEDİYES[İI]\s+", "", name)
    return f"{_section_name(name)} Komisyonu" if name else None


def _labelled(lines: list[str]) -> dict[str, str]:
    """Text under each label ("KONU:", "KOMİSYON GÖRÜŞÜ:" ...) up to the next label."""
    out: dict[str, list[str]] = {}
    current: str | None = None
    for text in lines:
        match = _LABEL.match(fold(text))
        if match:
            current = match.group(1)
            rest = original_tail(text, match.group(2))
            out.setdefault(current, [])
            if rest.strip():
                out[current].append(rest)
            continue
        if current:
            out[current].append(text)
    return {key: squash(" ".join(value)) for key, value in out.items()}


def parse_committee_report(pages: list[str]) -> list[Segment]:
    """One SEG_COMMITTEE_REPORT per report: committee, date, subject, recommendation, outcome."""
    lines = _lines(pages)
    reports: list[dict] = []
    for page, text in lines:
        committee = _committee_from_heading(text) if len(text) < 120 else None
        if committee:
            reports.append({"committee": committee, "lines": [], "page_start": page, "page_end": page})
            continue
        if reports:
            reports[-1]["lines"].append(text)
            reports[-1]["page_end"] = page
    segments = []
    for ordinal, report in enumerate(reports):
        body = report["lines"]
        labelled = _labelled(body)
        text = "\n".join(body)
        opinion = (labelled.get("komisyon gorusu") or labelled.get("gorus") or labelled.get("sonuc")
                   or labelled.get("karar") or "")
        subject = labelled.get("konu") or ""
        subject = re.split(r"\s(?=İlgi\b)", subject)[0].strip(" .")
        date = find_date(labelled.get("rapor tarihi") or labelled.get("toplanti tarihi")
                          or labelled.get("tarih") or "") or find_date(text)
        number = re.search(r"\d{1,4}(?:\s*/\s*\d{1,4})?", labelled.get("rapor no") or labelled.get("sayi") or "")
        incelemesi = labelled.get("komisyon incelemesi") or labelled.get("inceleme") or ""
        members = labelled.get("komisyon uyeleri") or labelled.get("uyeler") or ""
        source = re.search(r"(\d{1,2}\s*[./]\s*\d{1,2}\s*[./]\s*\d{4}).{0,60}?(\d{1,3})\s*\.\s*gündem", incelemesi)
        fields = {
            "committee": report["committee"],
            "report_date": date.isoformat() if date else None,
            "konu": subject,
            "proposer": read_proposer(incelemesi or text),
            "recommendation": opinion,
            "outcome": read_outcome(opinion) if opinion else None,
            "vote": read_vote(opinion) if opinion else None,
            "meeting_date": find_date(source.group(1)).isoformat() if source and find_date(source.group(1))
            else None,
            "gundem_no": int(source.group(2)) if source else None,
            "members": [m.strip(" .") for m in re.split(r"[;,]\s*(?![^()]*\))", members) if m.strip(" .")],
        }
        segments.append(Segment(kind=SEG_COMMITTEE_REPORT,
                                code=squash(number.group(0)).replace(" ", "") if number else None,
                                title=subject or report["committee"], text=text,
                                page_start=report["page_start"], page_end=report["page_end"],
                                ordinal=ordinal, fields=fields))
    return segments
