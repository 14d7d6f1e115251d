"""Turkish full-text search over archived pages and segments.

Both FTS5 tables index ``search_text``: every word's ``watch.turkish.search_key`` (Turkish case
folded, inflection stripped), because FTS5's own tokenizer turns "KADIN" into "kadin" but "kadın"
into "kadın", and knows nothing of "kadınlara". Queries go through the same keys
(``search_query``), so kadin, KADINLARIN and kadınlara all find "kadınlar", and "esitlik" finds
"eşitliğini". Snippets are cut from the original text, not from the keys, with the matching words
marked «like this»; the same function is the ``tr_snippet`` SQL function in Datasette.
"""

from __future__ import annotations

import dataclasses
import re

import sqlite_utils

from watch.turkish import search_query, search_tokens

SNIPPET_CHARS = 240
MARK_OPEN, MARK_CLOSE = "«", "»"
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


@dataclasses.dataclass
class Hit:
    source: str                  # "page" or "segment"
    version_id: int
    document_id: int
    municipality_id: str | None
    municipality: str | None     # the municipality's name
    doc_type: str
    period: str | None
    page: int | None             # the page of the hit (a segment's first page)
    snippet: str
    rank: float                  # FTS5 bm25 rank: lower is better
    segment_id: int | None = None
    kind: str | None = None      # segment kind
    code: str | None = None
    title: str | None = None

    @property
    def archive_url(self) -> str:
        """Link to the archived original at the page (served by the Datasette plugin)."""
        return f"/-/archive/{self.version_id}" + (f"#page={self.page}" if self.page else "")

    def to_dict(self) -> dict:
        return {**dataclasses.asdict(self), "archive_url": self.archive_url}


def _query_keys(query: str) -> list[tuple[str, bool]]:
    """(key, is_prefix) for every word of the query, as ``search_query`` builds them."""
    keys = []
    for word in query.split():
        prefix = word.endswith("*")
        tokens = search_tokens(word.rstrip("*"))
        keys += [(k, False) for k in tokens[:-1]]
        if tokens:
            keys.append((tokens[-1], prefix))
    return keys


def snippet(text: str | None, query: str, width: int = SNIPPET_CHARS) -> str:
    """About ``width`` characters of ``text`` around the first word matching the query, matches marked."""
    if not text:
        return ""
    keys = _query_keys(query)
    spans = []
    for m in _WORD.finditer(text):
        word_keys = search_tokens(m.group(0))
        if any(k == key or (prefix and k.startswith(key)) for key, prefix in keys for k in word_keys):
            spans.append((m.start(), m.end()))
    if not spans:
        flat = " ".join(text[:width].split())
        return flat + ("…" if len(text) > width else "")
    start = max(0, spans[0][0] - width // 3)
    end = min(len(text), start + width)
    if start > 0:  # begin at a word boundary
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < spans[0][0] else start
    out, pos = [], start
    for s, e in spans:
        if s < start or e > end:
            continue
        out += [text[pos:s], MARK_OPEN, text[s:e], MARK_CLOSE]
        pos = e
    out.append(text[pos:end])
    body = " ".join("".join(out).split())
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")


def _segment_text(title: str | None, text: str | None) -> str:
    """Title and text once: most segments' text already begins with (or contains) their title."""
    title, text = title or "", text or ""
    return text if title and " ".join(title.split()) in " ".join(text.split()) else f"{title}\n{text}".strip()


def match_expression(query: str) -> str:
    """The FTS5 MATCH expression for a user query; '""' (matches nothing) when it has no words."""
    return search_query(query) or '""'


_COMMON = """join versions v on v.id = x.version_id
    join documents d on d.id = v.document_id
    left join municipalities m on m.id = d.municipality_id
    where {fts} match :q {filters}
    order by {fts}.rank limit :limit"""


def search(db: sqlite_utils.Database, query: str, *, limit: int = 20, municipality: str | None = None,
           doc_type: str | None = None, all_versions: bool = False) -> list[Hit]:
    """Pages and segments matching ``query`` (every word, Turkish-aware), best first.

    By default only each document's current version is searched (older versions repeat its text);
    ``all_versions=True`` searches every archived version. ``municipality`` is a registry id.
    """
    expression = search_query(query)
    if not expression:
        return []
    filters = ""
    params: dict = {"q": expression, "limit": limit}
    if not all_versions:
        filters += " and d.current_version_id = x.version_id"
    if municipality:
        filters += " and d.municipality_id = :municipality"
        params["municipality"] = municipality
    if doc_type:
        filters += " and d.doc_type = :doc_type"
        params["doc_type"] = doc_type
    pages_sql = ("select x.version_id, v.document_id, d.municipality_id, m.name as municipality, d.doc_type, "
                 "d.period, x.page, x.text, pages_fts.rank as rank from pages_fts "
                 "join pages x on x.rowid = pages_fts.rowid " + _COMMON.format(fts="pages_fts", filters=filters))
    segments_sql = ("select x.id as segment_id, x.version_id, v.document_id, d.municipality_id, "
                    "m.name as municipality, d.doc_type, d.period, x.page_start as page, x.kind, x.code, "
                    "x.title, x.text, segments_fts.rank as rank from segments_fts "
                    "join segments x on x.id = segments_fts.rowid "
                    + _COMMON.format(fts="segments_fts", filters=filters))
    hits = []
    for row in db.query(pages_sql, params):
        hits.append(Hit(source="page", version_id=row["version_id"], document_id=row["document_id"],
                        municipality_id=row["municipality_id"], municipality=row["municipality"],
                        doc_type=row["doc_type"], period=row["period"], page=row["page"],
                        snippet=snippet(row["text"], query), rank=row["rank"]))
    for row in db.query(segments_sql, params):
        hits.append(Hit(source="segment", version_id=row["version_id"], document_id=row["document_id"],
                        municipality_id=row["municipality_id"], municipality=row["municipality"],
                        doc_type=row["doc_type"], period=row["period"], page=row["page"],
                        snippet=snippet(_segment_text(row["title"], row["text"]), query),
                        rank=row["rank"], segment_id=row["segment_id"], kind=row["kind"],
                        code=row["code"], title=row["title"]))
    hits.sort(key=lambda h: h.rank)
    return hits[:limit]
