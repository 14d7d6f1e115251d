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
    """Link archive paths and version ids to the archived original (at the page when one is known)."""
    if column in {"archive_path", "archive_url"} and value:
        version_id = row["id"] if table in {"versions"} else (row["version_id"] if "version_id" in row.keys() else None)
        if version_id is None:
            return None
        page = row["page"] if "page" in row.keys() else None
        href = f"/-/archive/{version_id}" + (f"#page={page}" if page else "")
        return Markup(f'<a href="{escape(href)}">{escape(str(value))}</a>')
    return None
