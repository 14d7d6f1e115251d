"""Datasette over a real archive: every table described, archived originals download."""

from __future__ import annotations

import json
import urllib.request

import pytest

from db import store as S
from muniwatch import constants as C
from muniwatch.publish import load_metadata, metadata_for
from tests.helpers import http_get, running_datasette


@pytest.fixture
def served(store, settings):
    db, archive = store
    db["municipalities"].insert({"id": "m1", "name": "Örnek Belediyesi", "kind": "ilçe"})
    db["sources"].insert({"id": "src", "municipality_id": "m1", "kind": "discovery"})
    run = S.start_run(db, ["src"])
    fetch = S.DocumentFetch(run_id=run, source_id="src", municipality_id="m1", doc_type=C.STRATEGIC_PLAN,
                            period="2025-2029", url="http://127.0.0.11/plan.pdf", content_type="application/pdf",
                            filename="stratejik-plan.pdf")
    S.record_document(db, archive, fetch, b"%PDF-1.4 kadin")
    S.finish_run(db, run)
    with running_datasette(settings) as base:
        yield base, settings.database.stem


def test_archived_original_downloads_and_is_linked(served):
    base, name = served
    status, headers, body = http_get(f"{base}/-/archive/1")
    assert status == 200 and body == b"%PDF-1.4 kadin"
    assert headers["content-type"].startswith("application/pdf")
    assert "stratejik-plan.pdf" in headers["content-disposition"]
    _, _, html = http_get(f"{base}/{name}/versions")
    assert b'href="/-/archive/1"' in html


def test_missing_version_is_a_clear_404(served):
    base, _ = served
    with pytest.raises(urllib.error.HTTPError) as err:
        http_get(f"{base}/-/archive/999")
    assert err.value.code == 404


def test_metadata_applies_to_any_database_name(served):
    base, name = served
    _, _, body = http_get(f"{base}/-/metadata.json")
    meta = json.loads(body)
    assert "versions" in meta["databases"][name]["tables"]


def test_every_table_and_column_described_in_turkish_and_english(fresh_db):
    tables = load_metadata()["databases"]["muniwatch"]["tables"]
    for table in fresh_db.table_names():
        if table.startswith(("sqlite_",)) or "_fts" in table:
            continue
        assert table in tables, f"{table} has no description in datasette_meta.yml"
        described = tables[table]
        assert " / " in described["description"], f"{table}: description needs 'Türkçe / English'"
        for column in fresh_db[table].columns_dict:
            assert column in described.get("columns", {}), f"{table}.{column} has no description"
    for view in fresh_db.view_names():
        assert view in tables and " / " in tables[view]["description"], f"view {view} not described"


def test_metadata_for_renames_the_database(tmp_path):
    meta = metadata_for(tmp_path / "other.db")
    assert "other" in meta["databases"] and "muniwatch" not in meta["databases"]


def test_every_canned_query_has_a_turkish_and_english_title_and_description():
    queries = load_metadata()["databases"]["muniwatch"].get("queries", {})
    assert queries, "datasette_meta.yml has no canned queries"
    for name, query in queries.items():
        for field in ("title", "description"):
            text = query.get(field) or ""
            assert " / " in text, f"canned query {name}: {field} needs 'Türkçe / English'"
