"""Alert messages in Turkish (default) or English: text, HTML (mail) and JSON (webhooks).

Every message says which municipality, which document and period, what changed (before/after
excerpts with the matched lexicon terms marked: «like this» in text, ``<mark>`` in HTML), how
significant it is, on which pages, and links to the change in Datasette
(``<base_url>/<db>/changes/<id>``) and to both archived originals (``/-/archive/<version>#page=<n>``),
so every alert can be traced to two versions, a page and the exact words. Digests group items by
municipality. Pure functions over rows: no database, no clock.

Items are dicts: a ``changes`` row plus ``item_type = "change"``, or an ``expected_missing`` row plus
``item_type = "missing"``; both joined with ``municipality_name`` and ``municipality_province``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import json
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from muniwatch import constants as C
from watch.turkish import fold, format_number_tr

EXCERPT_CHARS = 360
DIGEST_EXCERPT_CHARS = 160
JSON_SCHEMA = 1

MONTHS_TR = ("Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül", "Ekim",
             "Kasım", "Aralık")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December")

SEGMENT_LABELS = {
    C.SEG_GOAL: ("Amaç", "Goal"), C.SEG_OBJECTIVE: ("Hedef", "Objective"),
    C.SEG_INDICATOR: ("Performans göstergesi", "Indicator"), C.SEG_ACTIVITY: ("Faaliyet", "Activity"),
    C.SEG_DECISION: ("Karar", "Decision"), C.SEG_AGENDA_ITEM: ("Gündem maddesi", "Agenda item"),
    C.SEG_COMMITTEE_REPORT: ("Komisyon raporu", "Committee report"),
    C.SEG_BUDGET_LINE: ("Bütçe kalemi", "Budget line"), C.SEG_SECTION: ("Bölüm", "Section"),
}
# "{seg}" is the segment label and code ("Faaliyet F1.3.1").
KIND_HEADLINES = {
    C.CHANGE_ADDED: ("{seg} eklendi", "{seg} added"),
    C.CHANGE_REMOVED: ("{seg} çıkarıldı", "{seg} removed"),
    C.CHANGE_MODIFIED: ("{seg} değişti", "{seg} changed"),
    C.CHANGE_MOVED: ("{seg} taşındı", "{seg} moved"),
    C.CHANGE_NEW_DOCUMENT: ("Yeni belge yayımlandı", "New document published"),
    C.CHANGE_NEW_DECISION: ("Yeni meclis kararı: {seg}", "New council decision: {seg}"),
    C.CHANGE_DOCUMENT_MISSING: ("Belge artık bulunamıyor", "Document no longer found"),
    C.CHANGE_TEXT: ("Metin değişti", "Text changed"),
    C.CHANGE_PROMISE_DROPPED: ("Plandaki söz programdan çıkarıldı: {seg}", "Plan promise dropped from the programme: {seg}"),
    C.CHANGE_PROMISE_CUT: ("Plandaki sözün bütçesi kesildi: {seg}", "Budget of a plan promise cut: {seg}"),
}
SIGNIFICANCE_LABELS = {"high": ("yüksek", "high"), "medium": ("orta", "medium"), "low": ("düşük", "low")}
NUMERIC_LABELS = {"cost": ("Maliyet", "Cost"), "costs": ("Maliyet", "Cost"), "baseline": ("Başlangıç değeri", "Baseline"),
                  "targets": ("Hedef değer", "Target"), "realised": ("Gerçekleşen", "Realised"),
                  "values": ("Tutar", "Amount")}
RULE_HEADLINES = {
    "programme_missing": ("{doc} {period} bulunamadı", "{doc} {period} not found"),
    "activity_report_missing": ("{doc} {period} bulunamadı", "{doc} {period} not found"),
    "plan_missing": ("{doc} {period} bulunamadı", "{doc} {period} not found"),
    "council_silence": ("{months} aydır meclis kararı yok", "No council decisions for {months} months"),
    "source_failing": ("Kaynak {days} gündür okunamıyor: {source}", "Source failing for {days} days: {source}"),
}
WORDS = {  # key: (tr, en)
    "significance": ("Önem", "Significance"), "categories": ("Konular", "Topics"),
    "terms": ("Eşleşen terimler", "Matched terms"), "before": ("Önce", "Before"), "after": ("Sonra", "After"),
    "page": ("s.", "p."), "numbers": ("Sayılar", "Numbers"), "removed": ("Çıkan sözcükler", "Words removed"),
    "added": ("Eklenen sözcükler", "Words added"), "why": ("Neden ilgili", "Why it matters"),
    "change_link": ("Değişiklik", "Change"), "before_link": ("Önceki özgün belge", "Earlier original"),
    "after_link": ("Yeni özgün belge", "New original"), "due": ("Son tarih", "Due"),
    "municipality": ("Belediye", "Municipality"), "details": ("Ayrıntı", "Details"),
    "digest_daily": ("Günlük özet", "Daily digest"), "digest_weekly": ("Haftalık özet", "Weekly digest"),
    "items": ("bildirim", "alerts"), "municipalities": ("belediye", "municipalities"),
    "subscription": ("Abonelik", "Subscription"), "missing": ("Beklenen belge eksik", "Expected document missing"),
    "national": ("Ulusal kaynak", "National source"),
    "footer": ("Bu iletiyi muniwatch aboneliğiniz nedeniyle aldınız; aboneliği bırakmak için: "
               "muniwatch unsubscribe {name}",
               "You receive this because of your muniwatch subscription; to stop: muniwatch unsubscribe {name}"),
}


@dataclasses.dataclass(frozen=True)
class Message:
    title: str
    body: str


@dataclasses.dataclass(frozen=True)
class Links:
    """Where the published site lives: ``base_url`` and the Datasette database name."""
    base_url: str
    database: str

    def change(self, change_id: Any) -> str:
        return f"{self.base_url.rstrip('/')}/{self.database}/changes/{change_id}"

    def archive(self, version_id: Any, page: Any = None) -> str:
        return f"{self.base_url.rstrip('/')}/-/archive/{version_id}" + (f"#page={page}" if page else "")


def _t(pair: tuple[str, str], language: str) -> str:
    return pair[0] if language == "tr" else pair[1]


def w(key: str, language: str) -> str:
    return _t(WORDS[key], language)


def format_date(day: dt.date | str, language: str) -> str:
    day = dt.date.fromisoformat(day[:10]) if isinstance(day, str) else day
    months = MONTHS_TR if language == "tr" else MONTHS_EN
    return f"{day.day} {months[day.month - 1]} {day.year}"


def _json(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value


# ------------------------------------------------------------------------------ highlighting


def _fold_map(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each folded character, the index of the original it came from."""
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        folded = " " if ch.isspace() else fold(ch)
        out.append(folded)
        index.extend([i] * len(folded))
    return "".join(out), index


def term_spans(text: str, terms: Sequence[str]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) spans of the words where ``terms`` occur in ``text``, matched
    Turkish-folded at a word start (suffixes belong to the word)."""
    if not text or not terms:
        return []
    folded, index = _fold_map(text)
    spans: list[tuple[int, int]] = []
    for term in sorted({t for t in terms if t and fold(t)}, key=lambda t: -len(t)):
        pattern = r"(?<!\w)" + r"\s+".join(re.escape(p) for p in fold(term).split())
        for m in re.finditer(pattern, folded):
            if m.end() <= m.start():
                continue
            start, end = index[m.start()], index[m.end() - 1] + 1
            while end < len(text) and text[end].isalnum():   # the whole word: «kreşlerinin», not «kreş»lerinin
                end += 1
            if not any(s < end and start < e for s, e in spans):
                spans.append((start, end))
    return sorted(spans)


def excerpt(text: str | None, spans: list[tuple[int, int]], width: int) -> tuple[str, list[tuple[int, int]]]:
    """At most ``width`` characters of ``text`` around its first marked span, cut at word boundaries
    with "…", and the spans that fall inside, shifted."""
    text = text or ""
    if not text:
        return "", []
    if len(text) <= width:
        return text, spans
    centre = spans[0][0] if spans else 0
    start = max(0, min(centre - width // 3, len(text) - width))
    end = min(len(text), start + width)
    if start > 0:
        start = text.find(" ", start) + 1 or start
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    inside = [(s - start, e - start) for s, e in spans if s >= start and e <= end]
    return ("…" if start > 0 else "") + text[start:end] + ("…" if end < len(text) else ""), \
        [(s + (1 if start > 0 else 0), e + (1 if start > 0 else 0)) for s, e in inside]


def marked_text(text: str, spans: list[tuple[int, int]]) -> str:
    out, last = [], 0
    for s, e in spans:
        out += [text[last:s], "«", text[s:e], "»"]
        last = e
    return "".join(out + [text[last:]])


def marked_html(text: str, spans: list[tuple[int, int]]) -> str:
    out, last = [], 0
    for s, e in spans:
        out += [html.escape(text[last:s]), "<mark>", html.escape(text[s:e]), "</mark>"]
        last = e
    return "".join(out + [html.escape(text[last:])])


# ------------------------------------------------------------------------------ one item, as data


def _number(value: Any, language: str) -> str:
    if value is None:
        return "—"
    try:
        d = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    places = 0 if d == d.to_integral_value() and abs(d) < 1000 else 2
    return format_number_tr(d, places) if language == "tr" else f"{d:,.{places}f}"


def _place(item: Mapping[str, Any], language: str) -> str:
    name = item.get("municipality_name") or item.get("municipality_id") or w("national", language)
    province = item.get("municipality_province")
    return f"{name} ({province})" if province else name


def _document(item: Mapping[str, Any], language: str) -> str:
    label = _t(C.DOC_TYPES.get(item.get("doc_type") or "", (item.get("doc_type") or "", item.get("doc_type") or "")),
               language)
    return f"{label} {item.get('period') or ''}".strip()


def _segment(item: Mapping[str, Any], language: str) -> str:
    label = _t(SEGMENT_LABELS.get(item.get("segment_kind") or "", ("Bölüm", "Section")), language)
    code = item.get("code") or ""
    return f"{label} {code}".strip() if not fold(code).startswith(fold(label)) else code


def headline(item: Mapping[str, Any], language: str) -> str:
    """One line: what happened (no municipality, no document)."""
    if item["item_type"] == "missing":
        details = _json(item.get("details")) or {}
        pair = RULE_HEADLINES.get(item["rule"], ("{rule}", "{rule}"))
        return _t(pair, language).format(
            doc=_t(C.DOC_TYPES.get(item.get("doc_type") or "", ("", "")), language), period=item.get("period") or "",
            months=details.get("months", ""), days=details.get("days", ""), source=item.get("source_id") or "",
            rule=item["rule"]).strip()
    pair = KIND_HEADLINES.get(item.get("kind") or "", ("{seg}", "{seg}"))
    text = _t(pair, language).format(seg=_segment(item, language))
    title = (item.get("title") or "").strip()
    return f"{text}: {title}" if title and title not in text else text


def describe(item: Mapping[str, Any], language: str, links: Links, width: int = EXCERPT_CHARS) -> dict[str, Any]:
    """Everything a message shows about one item, as data (the JSON webhook sends this)."""
    base = {"type": item["item_type"], "municipality_id": item.get("municipality_id"),
            "municipality": _place(item, language), "doc_type": item.get("doc_type"),
            "document": _document(item, language), "period": item.get("period"),
            "headline": headline(item, language)}
    if item["item_type"] == "missing":
        return {**base, "rule": item["rule"], "rule_key": item["rule_key"], "source_id": item.get("source_id"),
                "due_date": item.get("due_date"), "details": _json(item.get("details")) or {}}
    matched = _json(item.get("matched_terms")) or []
    terms = list(dict.fromkeys(m.get("matched_text") or m.get("term") for m in matched if isinstance(m, dict)))
    lexicon_terms = [str(m.get("term") or "").replace("*", "") for m in matched if isinstance(m, dict)]
    sides = {}
    for side, version, page in (("before", item.get("from_version_id"), item.get("page_before")),
                                ("after", item.get("to_version_id"), item.get("page_after"))):
        raw = " ".join((item.get(f"{side}_text") or "").split())
        text, spans = excerpt(raw, term_spans(raw, terms + lexicon_terms), width)
        sides[side] = {"excerpt": text, "marks": spans, "page": page,
                       "archive_url": links.archive(version, page) if version else None}
    significance = item.get("significance") or "low"
    return {**base, "change_id": item.get("id"), "kind": item.get("kind"), "segment_kind": item.get("segment_kind"),
            "code": item.get("code"), "title": item.get("title"), "significance": significance,
            "significance_label": _t(SIGNIFICANCE_LABELS.get(significance, (significance, significance)), language),
            "categories": _json(item.get("categories")) or [], "matched_terms": terms,
            "before": sides["before"], "after": sides["after"],
            "numeric": [{**n, "label": _t(NUMERIC_LABELS.get(n.get("field"), (n.get("field"), n.get("field"))), language)}
                        for n in (_json(item.get("numeric")) or []) if isinstance(n, dict)],
            "words_removed": _json(item.get("words_removed")) or [], "words_added": _json(item.get("words_added")) or [],
            "explanation": why(matched, language) or item.get("relevance_explanation"),
            "url": links.change(item.get("id")),
            "detected_at": item.get("detected_at")}


WHERE_LABELS = {
    "before": ("eski metinde", "in the old text"), "after": ("yeni metinde", "in the new text"),
    "inherited": ("üst amaç/hedefte", "in its parent goal/objective"),
    "proposer": ("teklif eden birim", "proposing directorate"), "responsible": ("sorumlu birim", "responsible unit"),
}


def why(matched: list, language: str) -> str:
    """A readable reason: each matched phrase, its category, and where it was found."""
    from watch.gender import load_lexicon

    cats = load_lexicon().categories
    grouped: dict[tuple[str, str], list[str]] = {}
    for m in matched:
        if not isinstance(m, dict) or not (m.get("matched_text") or m.get("term")):
            continue
        where = grouped.setdefault((m.get("matched_text") or m.get("term"), m.get("category") or ""), [])
        label = _t(WHERE_LABELS.get(m.get("where"), (m.get("where") or "", m.get("where") or "")), language)
        if m.get("where") == "inherited" and m.get("code"):
            label += f" ({m['code']})"
        if label and label not in where:
            where.append(label)
    parts = []
    for (text, category), wheres in grouped.items():
        cat = _t((cats[category].label_tr, cats[category].label_en), language) if category in cats else category
        parts.append(f"«{text}» ({cat})" + (f": {', '.join(wheres)}" if wheres else ""))
    return "; ".join(parts)


def _category_labels(ids: list[str], language: str) -> str:
    from watch.gender import load_lexicon

    cats = load_lexicon().categories
    return ", ".join(_t((cats[c].label_tr, cats[c].label_en), language) if c in cats else c for c in ids)


def _missing_details(d: Mapping[str, Any], language: str) -> list[tuple[str, str]]:
    details = d["details"]
    lines = []
    if d.get("due_date"):
        lines.append((w("due", language), format_date(d["due_date"], language)))
    explanation = details.get("explanation_tr" if language == "tr" else "explanation_en")
    if explanation:
        lines.append((w("details", language), explanation))
    return lines


# ------------------------------------------------------------------------------ text and HTML


def item_text(d: Mapping[str, Any], language: str, *, brief: bool = False) -> list[str]:
    lines = [f"{d['municipality']} · {d['document']}".rstrip(" ·"), d["headline"]]
    if d["type"] == "missing":
        return lines + [f"{k}: {v}" for k, v in _missing_details(d, language)]
    facts = [f"{w('significance', language)}: {d['significance_label']}"]
    if d["categories"]:
        facts.append(f"{w('categories', language)}: {_category_labels(d['categories'], language)}")
    if d["matched_terms"]:
        facts.append(f"{w('terms', language)}: " + ", ".join(f"«{t}»" for t in d["matched_terms"]))
    lines.append(" · ".join(facts))
    for side in ("before", "after"):
        s = d[side]
        if s["excerpt"]:
            page = f" ({w('page', language)} {s['page']})" if s["page"] else ""
            lines.append(f"{w(side, language)}{page}: {marked_text(s['excerpt'], s['marks'])}")
    if not brief:
        for n in d["numeric"]:
            year = f" {n['year']}" if n.get("year") else ""
            lines.append(f"{w('numbers', language)}: {n['label']}{year}: {_number(n.get('before'), language)} → "
                         f"{_number(n.get('after'), language)}")
        for key in ("removed", "added"):
            words = d[f"words_{key}"]
            if words:
                lines.append(f"{w(key, language)}: {' '.join(map(str, words[:40]))}")
        if d["explanation"]:
            lines.append(f"{w('why', language)}: {d['explanation']}")
    lines.append(f"{w('change_link', language)}: {d['url']}")
    for side in ("before", "after"):
        if d[side]["archive_url"]:
            lines.append(f"{w(side + '_link', language)}: {d[side]['archive_url']}")
    return lines


def item_html(d: Mapping[str, Any], language: str, *, brief: bool = False) -> str:
    e = html.escape
    parts = [f"<p><strong>{e(d['municipality'])}</strong> · {e(d['document'])}</p>", f"<h3>{e(d['headline'])}</h3>"]
    if d["type"] == "missing":
        return "".join(parts) + "".join(f"<p>{e(k)}: {e(v)}</p>" for k, v in _missing_details(d, language))
    facts = [f"{e(w('significance', language))}: <strong>{e(d['significance_label'])}</strong>"]
    if d["categories"]:
        facts.append(f"{e(w('categories', language))}: {e(_category_labels(d['categories'], language))}")
    if d["matched_terms"]:
        facts.append(f"{e(w('terms', language))}: " + ", ".join(f"<mark>{e(t)}</mark>" for t in d["matched_terms"]))
    parts.append(f"<p>{' · '.join(facts)}</p>")
    for side in ("before", "after"):
        s = d[side]
        if s["excerpt"]:
            page = f" ({e(w('page', language))} {s['page']})" if s["page"] else ""
            parts.append(f"<p><em>{e(w(side, language))}{page}:</em> {marked_html(s['excerpt'], s['marks'])}</p>")
    if not brief:
        rows = [f"<li>{e(n['label'])}{' ' + e(str(n['year'])) if n.get('year') else ''}: "
                f"{e(_number(n.get('before'), language))} → <strong>{e(_number(n.get('after'), language))}</strong></li>"
                for n in d["numeric"]]
        if rows:
            parts.append(f"<p>{e(w('numbers', language))}:</p><ul>{''.join(rows)}</ul>")
        if d["explanation"]:
            parts.append(f"<p>{e(w('why', language))}: {e(d['explanation'])}</p>")
    # Links are shown as the URLs themselves: the plain-text part Apprise derives from this HTML keeps them.
    links = [f'<li>{e(w("change_link", language))}: <a href="{e(d["url"])}">{e(d["url"])}</a></li>']
    for side in ("before", "after"):
        if d[side]["archive_url"]:
            url = d[side]["archive_url"]
            links.append(f'<li>{e(w(side + "_link", language))}: <a href="{e(url)}">{e(url)}</a></li>')
    parts.append(f"<ul>{''.join(links)}</ul>")
    return "".join(parts)


def _subject_one(d: Mapping[str, Any], language: str) -> str:
    place = d["municipality"].split(" (")[0]
    tail = f" ({d['significance_label']} {'önem' if language == 'tr' else 'significance'})" if d["type"] == "change" else ""
    prefix = f"{w('missing', language)} – " if d["type"] == "missing" else ""
    return f"[muniwatch] {prefix}{place} – {d['document']}: {d['headline']}{tail}"[:240]


def render(items: Sequence[Mapping[str, Any]], *, fmt: str, language: str, links: Links, subscription: str,
           mode: str = "immediate", digest_day: dt.date | None = None) -> Message:
    """One message for one item (immediate) or for a digest of items, in ``fmt`` (text/html/json)."""
    if not items:
        raise ValueError("a message needs at least one item")
    digest = mode in {"daily", "weekly"}
    described = [describe(i, language, links, DIGEST_EXCERPT_CHARS if digest else EXCERPT_CHARS) for i in items]
    if digest:
        places = list(dict.fromkeys(d["municipality"] for d in described))
        when = f" {format_date(digest_day, language)}" if digest_day else ""
        title = (f"[muniwatch] {w('digest_' + mode, language)}{when}: {len(described)} {w('items', language)}, "
                 f"{len(places)} {w('municipalities', language)}")
    else:
        places = [described[0]["municipality"]]
        title = _subject_one(described[0], language)
    footer = w("footer", language).format(name=subscription)
    if fmt == "json":
        return Message(title, json.dumps({"schema": JSON_SCHEMA, "subscription": subscription, "mode": mode,
                                          "language": language, "digest_day": digest_day.isoformat() if digest_day else None,
                                          "items": [{k: v for k, v in d.items()} for d in described]},
                                         ensure_ascii=False, default=str))
    grouped = {p: [d for d in described if d["municipality"] == p] for p in places}
    if fmt == "html":
        body = [f"<p>{html.escape(w('subscription', language))}: <strong>{html.escape(subscription)}</strong></p>"]
        for place, ds in grouped.items():
            if digest:
                body.append(f"<h2>{html.escape(place)} ({len(ds)})</h2>")
            body += [item_html(d, language, brief=digest) + "<hr>" for d in ds]
        body.append(f"<p><small>{html.escape(footer)}</small></p>")
        return Message(title, "".join(body))
    lines = [f"{w('subscription', language)}: {subscription}", ""]
    for place, ds in grouped.items():
        if digest:
            lines += [f"== {place} ({len(ds)}) ==", ""]
        for n, d in enumerate(ds, start=1):
            block = item_text(d, language, brief=digest)
            lines += ([f"{n}. {block[0]}"] + ["   " + b for b in block[1:]] if digest else block) + [""]
    lines.append(footer)
    return Message(title, "\n".join(lines))
