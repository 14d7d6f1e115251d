"""Datasette plugin: serve archived originals and link to them from every row that names a version.

``/-/archive/<version_id>`` streams the archived bytes of one version with its content type and a
download file name. The archive root is read from the database's own ``_muniwatch`` table (written
by ``db.store.open_db``'s caller), so the published database is self-describing and no environment
variable is needed. Links can carry ``#page=N``: PDF viewers open the right page.
"""

from __future__ import annotations

import re
from pathlib import Path

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

from db.archive import Archive, ArchiveError

_FILENAME_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


async def _archive_root(datasette) -> Path | None:
    for name, database in datasette.databases.items():
        if name == "_internal":
            continue
        if await database.table_exists("_muniwatch"):
            row = (await database.execute("select value from _muniwatch where key = 'archive_root'")).first()
            if row:
                return Path(row[0]), database
    return None


async def serve_archived(request, datasette):
    version_id = request.url_vars["version_id"]
    found = await _archive_root(datasette)
    if not found:
        return Response.text("This database has no archive configured.", status=404)
    root, database = found
    row = (await database.execute(
        "select v.archive_path, v.content_type, v.filename, v.sha256, d.identity from versions v "
        "join documents d on d.id = v.document_id where v.id = ?", [version_id])).first()
    if not row:
        return Response.text(f"No version {version_id}.", status=404)
    try:
        data = Archive(root).read(row["archive_path"])
    except ArchiveError as exc:
        return Response.text(str(exc), status=410)
    suffix = Path(row["archive_path"]).suffix
    name = _FILENAME_SAFE.sub("_", (row["filename"] or row["identity"]).replace("|", "_")).strip("_") or row["sha256"]
    if not name.endswith(suffix):
        name += suffix
    content_type = (row["content_type"] or "application/octet-stream").split(";")[0]
    if content_type == "text/html":
        # Archived pages are shown as text, never rendered as our own origin's HTML.
        content_type = "text/plain; charset=utf-8"
    disposition = "inline" if content_type.startswith(("application/pdf", "text/plain")) else "attachment"
    return Response(data, status=200, content_type=content_type, headers={
        "content-disposition": f'{disposition}; filename="{name}"',
        "x-content-type-options": "nosniff",
        "cache-control": "public, max-age=31536000, immutable",
    })


@hookimpl
def register_routes():
    return [(r"^/-/archive/(?P<version_id>\d+)$", serve_archived)]


@hookimpl
def render_cell(value, column, table, row):
    """Link archive paths and version ids to the archived original (at the page when one is known).

    ``archive_url`` uses the row's ``version_id`` and ``page``; a prefixed ``<p>archive_url`` (the
    promise tracker's ``programme_archive_url``, ``report_archive_url``) uses ``<p>version_id`` and
    ``<p>page`` of the same row, so one row can link to several originals."""
    if column == "archive_path" or column.endswith("archive_url"):
        if not value:
            return None
        prefix = column[: -len("archive_url")] if column.endswith("archive_url") else ""
        keys = row.keys()
        if table in {"versions"} and column == "archive_path":
            version_id = row["id"]
        else:
            version_id = row[f"{prefix}version_id"] if f"{prefix}version_id" in keys else None
        if version_id is None:
            return None
        page = row[f"{prefix}page"] if f"{prefix}page" in keys else None
        href = f"/-/archive/{version_id}" + (f"#page={page}" if page else "")
        return Markup(f'<a href="{escape(href)}">{escape(str(value))}</a>')
    return None


# ------------------------------------------------------------------------------ Turkish search (#3)

# Table pages whose ?_search= is rewritten into Turkish search keys (HTML, .json, .csv).
_SEARCHABLE_PATH = re.compile(r"^/[^/]+/(?:pages|segments)(?:\.(?:json|csv))?$")
# A value already in key form (a "next page" link carries the rewritten query): left alone.
_ALREADY_KEYS = re.compile(r'^"[^"\s]*"\*?(?: AND "[^"\s]*"\*?)*$')


@hookimpl
def prepare_connection(conn):
    """SQL functions for Turkish search: tr_search(text) is the indexed form of a text, tr_query(q)
    the FTS5 MATCH expression of a user query ('""' matches nothing), tr_snippet(text, q) an excerpt
    with the matching words marked «like this»."""
    from watch.search import match_expression, snippet
    from watch.turkish import search_text

    conn.create_function("tr_search", 1, lambda text: None if text is None else search_text(text),
                         deterministic=True)
    conn.create_function("tr_query", 1, lambda q: match_expression(q or ""), deterministic=True)
    conn.create_function("tr_snippet", 2, lambda text, q: snippet(text, q or ""), deterministic=True)


def turkish_search_query_string(query_string: bytes) -> bytes:
    """Rewrite ``_search=`` into the FTS5 expression over Turkish keys; drop it when it has no words
    (with ``searchmode: raw`` an empty MATCH would be an SQL error)."""
    from urllib.parse import parse_qsl, urlencode

    from watch.search import search_query

    pairs = []
    for key, value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True, encoding="utf-8"):
        if key == "_search" and not _ALREADY_KEYS.match(value):
            value = search_query(value)
            if not value:
                continue
        pairs.append((key, value))
    return urlencode(pairs, encoding="utf-8").encode("ascii")


@hookimpl
def asgi_wrapper(datasette):
    """Let Datasette's own search box and JSON API understand Turkish: on the pages and segments
    tables, ``?_search=KADINLARIN`` becomes ``?_search="kadin"`` before Datasette sees it."""
    def wrap(app):
        async def turkish_search(scope, receive, send):
            if (scope.get("type") == "http" and _SEARCHABLE_PATH.match(scope.get("path", ""))
                    and b"_search=" in scope.get("query_string", b"")):
                scope = dict(scope, query_string=turkish_search_query_string(scope["query_string"]))
            await app(scope, receive, send)
        return turkish_search
    return wrap
