"""The archive and the spine tables: versions only when bytes change, atomic content-addressed files."""

from __future__ import annotations


import pytest

from db import store as S
from db.archive import Archive, ArchiveError
from db.migrations import MIGRATIONS, applied, migrate
from muniwatch import constants as C


def _fetch(run_id, url="http://127.0.0.11/plan.pdf", **kw):
    base = dict(run_id=run_id, source_id="src", municipality_id="m1", doc_type=C.STRATEGIC_PLAN,
                period="2025-2029", url=url, content_type="application/pdf")
    base.update(kw)
    return S.DocumentFetch(**base)


@pytest.fixture
def run(fresh_db):
    fresh_db["municipalities"].insert({"id": "m1", "name": "Örnek Belediyesi", "kind": "ilçe"})
    fresh_db["sources"].insert({"id": "src", "municipality_id": "m1", "kind": "discovery"})
    return S.start_run(fresh_db, ["src"])


def test_migrations_apply_once_and_wal(fresh_db):
    assert applied(fresh_db) == [name for name, _ in MIGRATIONS]
    assert migrate(fresh_db) == []
    assert fresh_db.execute("pragma journal_mode").fetchone()[0] == "wal"
    for table in ["municipalities", "sources", "documents", "versions", "crawl_runs", "fetches", "document_urls"]:
        assert table in fresh_db.table_names()


def test_new_version_only_when_bytes_change(store, run):
    db, archive = store
    assert S.record_document(db, archive, _fetch(run), b"%PDF-1 a")[0] == C.FETCH_NEW_DOCUMENT
    assert S.record_document(db, archive, _fetch(run), b"%PDF-1 a")[0] == C.FETCH_UNCHANGED
    assert S.record_document(db, archive, _fetch(run, http_status=304), b"%PDF-1 a")[0] == C.FETCH_NOT_MODIFIED
    outcome, doc_id, version_id = S.record_document(db, archive, _fetch(run), b"%PDF-1 b")
    assert outcome == C.FETCH_NEW_VERSION and version_id
    doc = db["documents"].get(doc_id)
    assert doc["version_count"] == 2 and doc["current_version_id"] == version_id
    assert db["versions"].count == 2


def test_same_identity_new_url_is_a_new_version_of_the_same_document(store, run):
    db, archive = store
    _, first, _ = S.record_document(db, archive, _fetch(run), b"%PDF old")
    outcome, second, _ = S.record_document(db, archive, _fetch(run, url="http://127.0.0.11/yeni/plan.pdf"), b"%PDF new")
    assert (outcome, second) == (C.FETCH_NEW_VERSION, first)


def test_two_urls_with_different_files_do_not_flip_flop(store, run):
    db, archive = store
    for _ in range(3):
        S.record_document(db, archive, _fetch(run, url="http://127.0.0.11/a.pdf"), b"%PDF A")
        S.record_document(db, archive, _fetch(run, url="http://127.0.0.11/b.pdf"), b"%PDF B")
    assert db["versions"].count == 2


def test_archive_is_content_addressed_and_atomic(tmp_path):
    archive = Archive(tmp_path / "a")
    sha, rel = archive.store(b"hello", "application/pdf")
    assert rel == f"{sha[:2]}/{sha[2:4]}/{sha}.pdf"
    assert archive.read(rel) == b"hello"
    assert archive.store(b"hello", "application/pdf") == (sha, rel)
    leftovers = [p for p in (tmp_path / "a").rglob("*") if p.name.startswith(".tmp-")]
    assert leftovers == []


def test_archive_refuses_paths_outside_and_hostile_names(tmp_path):
    archive = Archive(tmp_path / "a")
    with pytest.raises(ArchiveError):
        archive.path("../../etc/passwd")
    with pytest.raises(ArchiveError):
        archive.relative_path("../" * 20, ".pdf")
    # A hostile filename from Content-Disposition never chooses the extension or the folder.
    sha, rel = archive.store(b"x", None, filename="../../evil.sh")
    assert rel.endswith(".bin") and ".." not in rel


def test_run_counts_and_health(store, run):
    db, archive = store
    S.record_document(db, archive, _fetch(run), b"%PDF 1")
    S.record_fetch(db, run, source_id="src", url="http://127.0.0.11/x", outcome=C.FETCH_HTTP_ERROR, http_status=500)
    S.finish_run(db, run)
    row = db["crawl_runs"].get(run)
    assert (row["requests"], row["new_documents"], row["errors"], row["status"]) == (2, 1, 1, "finished")
    assert S.update_source_health(db, run, ["src"]) == {"src": C.HEALTH_OK}


def test_failing_source_health_counts_consecutive_failures(store, run):
    db, _ = store
    for run_id in (run, S.start_run(db, ["src"])):
        S.record_fetch(db, run_id, source_id="src", url="http://127.0.0.12/", outcome=C.FETCH_HTTP_ERROR, http_status=500)
        assert S.update_source_health(db, run_id, ["src"]) == {"src": C.HEALTH_FAILING}
    src = db["sources"].get("src")
    assert src["consecutive_failures"] == 2 and "http_error" in src["last_error"]


def test_unreachable_source(store, run):
    db, _ = store
    S.record_fetch(db, run, source_id="src", url="http://127.0.0.12/", outcome=C.FETCH_TIMEOUT)
    assert S.update_source_health(db, run, ["src"]) == {"src": C.HEALTH_UNREACHABLE}


def test_archive_root_recorded_for_datasette(store, settings):
    db, archive = store
    assert S.get_meta(db, "archive_root") == str(archive.root.resolve())
