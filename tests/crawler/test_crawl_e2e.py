"""End to end over real HTTP on loopback: the sample web, crawled three times in child processes.

One module-scoped fixture runs the crawls (epoch 1, epoch 1 again unchanged, epoch 2) and keeps
what the server saw; each test then checks one promise against the database and the server's own
counters. JavaScript-listed documents need a real Chromium (scrapy-playwright): when none is found
the crawl fails with a message saying how to install one; these tests are never skipped.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest

from crawler.run import CrawlError, run_crawl
from db.store import open_db
from muniwatch import constants as C
from muniwatch import settings as settings_mod
from muniwatch.registry import Registry, Source, load_registry_text
from muniwatch.sampleweb import (EXTERNAL_HOST, HOSTS, TRUSTED_NETWORK, SampleWeb, changed_documents,
                                 new_documents, traps)
from muniwatch.sampleweb import site_council

pytestmark = [pytest.mark.slow, pytest.mark.browser]

SAMPLE_HOSTS = {h for site, h in HOSTS.items() if site != "internal"}
INTERNAL = HOSTS["internal"]
RUNS = (("first", 1), ("again", 1), ("epoch2", 2))


@dataclasses.dataclass
class Crawl:
    run_id: int
    server: dict
    events: list[dict]


def crawl_settings(data_dir: Path) -> settings_mod.Settings:
    return settings_mod.load(environ={}, data_dir=str(data_dir), download_delay=0.0, download_timeout=3,
                             retry_times=0, autothrottle_max_delay=1.0, concurrency_per_domain=4,
                             trusted_networks=TRUSTED_NETWORK)


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("crawl")
    with SampleWeb(port=0, epoch=1, hang_seconds=5) as web:
        registry = load_registry_text(web.registry_yaml(), "sampleweb.yml", strict=True)
        settings = crawl_settings(data_dir)
        # Rendering every document (for its sha256) also warms the server's render cache, so the
        # first request for a PDF is not slowed past the short test timeout by reportlab.
        expected = {epoch: web.expected_documents(epoch) for epoch in (1, 2)}
        crawls = {}
        for label, epoch in RUNS:
            web.set_epoch(epoch)
            web.reset_stats()
            events: list[dict] = []
            run_id = run_crawl(settings, registry, on_progress=events.append)
            crawls[label] = Crawl(run_id, web.stats(), events)
        port = web.port
    db = open_db(settings.database)
    yield SimpleNamespace(db=db, crawls=crawls, expected=expected, port=port, registry=registry,
                          settings=settings)
    db.close()


def identity(row) -> tuple[str, str, str, str]:
    return (row["municipality_id"], row["doc_type"], row["period"], row["variant"] or "")


def table(rows: list[tuple], header: tuple) -> str:
    lines = [" | ".join(header)] + [" | ".join(str(v) for v in r) for r in rows]
    return "\n".join(lines)


def outcomes(db, run_id: int) -> dict[str, list[dict]]:
    by: dict[str, list[dict]] = {}
    for row in db.query("select * from fetches where crawl_run_id = ?", [run_id]):
        by.setdefault(row["outcome"], []).append(row)
    return by


# ------------------------------------------------------------------------------------------ epoch 1


def test_every_expected_document_found(sample):
    expected = {identity(e): e for e in sample.expected[1] if e["reachable"]}
    # what the first crawl archived: each document's first version, made by that run
    found = {identity(r): r for r in sample.db.query(
        "select d.*, v.sha256, v.url as version_url from documents d join versions v on v.id = "
        "(select min(id) from versions where document_id = d.id) where v.crawl_run_id = ?",
        [sample.crawls["first"].run_id])}
    missing, extra = set(expected) - set(found), set(found) - set(expected)
    assert not missing and not extra, "\n" + table(
        sorted([("MISSING", *k) for k in missing] + [("EXTRA", *k, found[k]["version_url"]) for k in extra]),
        ("", "municipality", "type", "period", "variant", "url"))
    wrong = [(k, expected[k]["url"], found[k]["version_url"]) for k in expected
             if expected[k]["sha256"] != found[k]["sha256"]]
    assert not wrong, "archived bytes differ from the published ones:\n" + table(wrong, ("identity", "expected", "got"))


def test_javascript_listed_documents_need_and_get_a_browser(sample):
    js_sources = [s.id for s in sample.registry.sources.values() if s.js]
    assert js_sources, "the sample registry has a JavaScript source"
    rows = list(sample.db.query(
        "select d.period from documents d where d.source_id in (%s) and d.doc_type = ?"
        % ",".join("?" * len(js_sources)), [*js_sources, C.PERFORMANCE_PROGRAMME]))
    assert sorted(r["period"] for r in rows) == ["2025", "2026"], \
        "performance programmes listed only by JavaScript were not found (is Chromium working?)"


def test_nothing_outside_the_sample_sites(sample):
    for label, crawl in sample.crawls.items():
        hosts = {host for host, _, _ in crawl.server["log"]}
        assert hosts <= SAMPLE_HOSTS, f"{label}: requests reached {hosts - SAMPLE_HOSTS}"
        assert crawl.server["secret_hits"] == 0
    fetch_hosts = Counter(urlsplit(r["url"]).hostname for r in sample.db.query("select url from fetches"))
    assert set(fetch_hosts) <= SAMPLE_HOSTS
    final_hosts = {urlsplit(r["final_url"]).hostname for r in sample.db.query(
        "select final_url from fetches where outcome != ?", [C.FETCH_REFUSED_REDIRECT])}
    assert final_hosts <= SAMPLE_HOSTS
    assert EXTERNAL_HOST not in final_hosts | set(fetch_hosts)


def test_robots_txt_respected(sample):
    disallowed = [t for t in traps(1, sample.port) if t["expect"] == C.FETCH_ROBOTS]
    assert disallowed
    for crawl in sample.crawls.values():
        paths = {path for _, path, _ in crawl.server["log"]}
        assert not any(p.startswith(("/arsiv-eski/", "/__sampleweb/", "/wp-admin/")) for p in paths)
    recorded = {r["url"] for r in sample.db.query("select url from fetches where outcome = ?", [C.FETCH_ROBOTS])}
    assert {t["url"] for t in disallowed} <= recorded


def test_traps_are_never_archived(sample):
    archived = {r["url"] for r in sample.db.query("select url from versions")} | \
        {r["final_url"] for r in sample.db.query("select final_url from versions")} | \
        {r["url"] for r in sample.db.query("select url from document_urls")}
    first = sample.crawls["first"]
    requested = {f"http://{host}:{sample.port}{path}" for host, path, _ in first.server["log"]}
    rows = outcomes(sample.db, first.run_id)
    recorded = {(r["url"], o) for o, rs in rows.items() for r in rs}
    problems = []
    for trap in traps(1, sample.port):
        url = trap["url"]
        if url in archived:
            problems.append((url, "archived", trap["reason"]))
        if trap["never_request"] and url in requested:
            problems.append((url, "requested", trap["reason"]))
        if trap["expect"] and url in requested and (url, trap["expect"]) not in recorded:
            problems.append((url, f"not recorded as {trap['expect']}", trap["reason"]))
    assert not problems, "\n" + table(problems, ("url", "problem", "trap"))
    # the traps a discovery crawl meets are all exercised (not merely avoided)
    assert {C.FETCH_SOFT_404, C.FETCH_WRONG_TYPE, C.FETCH_ROBOTS, C.FETCH_REFUSED_REDIRECT,
            C.FETCH_HTTP_ERROR} <= set(rows)


def test_redirect_into_private_address_refused_and_logged(sample):
    trap = f"http://{HOSTS['altinkoru']}:{sample.port}{site_council.TO_PRIVATE}"
    rows = list(sample.db.query("select * from fetches where outcome = ? and crawl_run_id = ?",
                                [C.FETCH_REFUSED_REDIRECT, sample.crawls["first"].run_id]))
    assert [(r["source_id"], r["url"]) for r in rows] == [("altinkoru-web", trap)]
    assert urlsplit(rows[0]["final_url"]).hostname == INTERNAL
    assert "loopback" in rows[0]["error"]
    for crawl in sample.crawls.values():
        assert crawl.server["secret_hits"] == 0
        assert not [1 for host, _, _ in crawl.server["log"] if host == INTERNAL]


def test_progress_lines(sample):
    events = sample.crawls["first"].events
    kinds = [e["event"] for e in events]
    assert kinds[0] == "run_started" and kinds[-1] == "run_finished"
    finished = [e for e in events if e["event"] == "source_finished"]
    assert sorted(e["source_id"] for e in finished) == sorted(sample.registry.sources)
    assert [e["done"] for e in finished] == list(range(1, len(finished) + 1))
    assert sum(e["new_documents"] for e in finished) == len(
        [e for e in sample.expected[1] if e["reachable"]])
    assert events[-1]["status"] == "finished"


# --------------------------------------------------------------------------------------- unchanged


def test_unchanged_recrawl_is_mostly_304(sample):
    first, again = sample.crawls["first"], sample.crawls["again"]

    def totals(crawl):
        return {k: sum(s[k] for s in crawl.server["sites"].values()) for k in ("requests", "bytes", "not_modified")}

    t1, t2 = totals(first), totals(again)
    assert t2["not_modified"] / t2["requests"] >= 0.75, t2
    assert t2["bytes"] / t1["bytes"] < 0.05, (t1, t2)
    runs = {r["id"]: r for r in sample.db.query("select * from crawl_runs")}
    r1, r2 = runs[first.run_id], runs[again.run_id]
    assert r2["bytes_received"] / r1["bytes_received"] < 0.05
    assert r2["responses_304"] >= 0.75 * r2["documents_seen"]
    assert (r2["new_documents"], r2["new_versions"]) == (0, 0)
    by = outcomes(sample.db, again.run_id)
    assert C.FETCH_NOT_MODIFIED in by and C.FETCH_NEW_VERSION not in by and C.FETCH_NEW_DOCUMENT not in by


# ----------------------------------------------------------------------------------------- epoch 2


def test_epoch2_new_versions_exactly_for_changed_documents(sample):
    run = sample.crawls["epoch2"].run_id
    reachable = {identity(e) for e in sample.expected[2] if e["reachable"]}
    rows = list(sample.db.query(
        "select d.*, f.outcome from fetches f join documents d on d.id = f.document_id "
        "where f.crawl_run_id = ? and f.outcome in (?, ?)", [run, C.FETCH_NEW_VERSION, C.FETCH_NEW_DOCUMENT]))
    versions = sorted(identity(r) for r in rows if r["outcome"] == C.FETCH_NEW_VERSION)
    new = sorted(identity(r) for r in rows if r["outcome"] == C.FETCH_NEW_DOCUMENT)
    assert versions == sorted(set(changed_documents(1, 2)) & reachable)
    assert new == sorted(set(new_documents(1, 2)) & reachable)
    counts = {r["doc_id"]: r["n"] for r in sample.db.query(
        "select document_id as doc_id, count(*) as n from versions group by document_id")}
    assert max(counts.values()) == 2


def test_failing_and_hanging_sources_change_nothing(sample):
    run = sample.crawls["epoch2"].run_id
    failing = sample.db["sources"].get("mavikiyi-belgeler")
    assert failing["health"] in (C.HEALTH_FAILING, C.HEALTH_UNREACHABLE)
    assert failing["consecutive_failures"] >= 1 and "500" in failing["last_error"]
    docs = list(sample.db.query("select * from documents where source_id = ?", ["mavikiyi-belgeler"]))
    assert docs and all(d["status"] == C.DOC_ACTIVE and d["version_count"] == 1 for d in docs)
    errors = list(sample.db.query("select outcome, document_id from fetches where crawl_run_id = ? and source_id = ?",
                                  [run, "mavikiyi-belgeler"]))
    assert errors and {e["outcome"] for e in errors} == {C.FETCH_HTTP_ERROR}
    assert all(e["document_id"] is None for e in errors)
    timeouts = list(sample.db.query("select url from fetches where crawl_run_id = ? and outcome = ?",
                                    [run, C.FETCH_TIMEOUT]))
    assert [urlsplit(t["url"]).path for t in timeouts] == ["/kurumsal/mali-durum/"]
    assert sample.db["sources"].get("camliova-web")["health"] == C.HEALTH_OK
    assert {r["status"] for r in sample.db.query("select status from documents")} == {C.DOC_ACTIVE}
    assert sample.db.execute("select count(*) from crawl_runs where status != 'finished'").fetchone()[0] == 0


# ------------------------------------------------------------------------------------------- crash


def test_crash_leaves_a_consistent_run(tmp_path):
    """A spider that cannot start: the run is closed as crashed, with the error, and health updated."""
    bad = Source("bozuk-liste", "ornek", C.SOURCE_LISTING, ["http://127.0.0.11:9/"], allowed_domains=["127.0.0.11"])
    registry = load_registry_text(
        "municipalities:\n  - {id: ornek, name: Örnek Belediyesi, province: Ankara, kind: ilçe,\n"
        "     homepage: 'http://127.0.0.11:9/'}\n", "ornek.yml", strict=True)
    registry = Registry(registry.municipalities, {bad.id: bad})
    settings = crawl_settings(tmp_path)
    with pytest.raises(CrawlError, match="crashed") as info:
        run_crawl(settings, registry)
    db = open_db(settings.database)
    run = db["crawl_runs"].get(info.value.run_id)
    assert run["status"] == "crashed" and run["finished_at"] and "start" in run["error"]
    assert db["sources"].get("bozuk-liste")["health"] == C.HEALTH_UNREACHABLE
