"""The published archive in a real browser: Playwright drives Chromium against a running Datasette.

Datasette serves the database the real pipeline built on the sample web (``tests/sample_pipeline``:
crawl epoch 1 and 2, process, watch, promises). A monitor searches for "kadın", opens the promise
tracker of Altınkoru for 2026 and the gender scorecard; each check reads what the page shows, and a
screenshot of each page is kept in ``tests/artifacts/`` (git-ignored) for a human to look at.

These tests run in CI (``make test`` installs Debian's chromium); a missing browser is a failure with
a message saying how to install one, never a skip.
"""

from __future__ import annotations

import re
import sqlite3

import pytest

from muniwatch.sampleweb import catalog
from tests.conftest import PROJECT_ROOT
from tests.helpers import running_datasette
from tests.sample_pipeline import shared
from watch.turkish import fold

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    pipeline = shared(tmp_path_factory)
    with running_datasette(pipeline.settings) as base:
        yield f"{base}/{pipeline.settings.database.stem}", pipeline


@pytest.fixture(scope="module")
def page(site):
    from crawler.settings import CHROMIUM_ARGS, ChromiumMissing, chromium_executable
    from playwright.sync_api import sync_playwright

    _base, pipeline = site
    try:
        executable = chromium_executable(pipeline.settings)
    except ChromiumMissing as exc:
        pytest.fail(f"browser tests need Chromium: {exc} (`make test` installs Debian's chromium)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1500, "height": 1000}, locale="tr-TR")
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()


def _read(pipeline) -> sqlite3.Connection:
    """A read-only connection: the test never takes a lock Datasette would wait on."""
    return sqlite3.connect(f"file:{pipeline.database}?mode=ro", uri=True)


def _column(page, name: str) -> list[str]:
    return [t.strip() for t in page.locator(f"table.rows-and-columns tbody td.col-{name}").all_inner_texts()]


def _document_text(doc) -> str:
    if doc.blocks is None:
        return re.sub(r"<[^>]+>", " ", catalog.render(doc).decode("utf-8", "replace"))
    parts = []
    for block in doc.blocks():
        for part in block[1:]:
            rows = part if isinstance(part, list) else [part]
            parts += [c for row in rows for c in (row if isinstance(row, list) else [row]) if isinstance(c, str)]
    return " ".join(parts)


def test_search_for_kadin_finds_the_expected_documents(site, page):
    base, pipeline = site
    page.goto(f"{base}/ara?q=kadın")
    page.screenshot(path=str(ARTIFACTS / "search-kadin.png"), full_page=False)
    document_ids = {int(x) for x in _column(page, "document_id")}
    found = {tuple(r) for r in _read(pipeline).execute(
        f"select municipality_id, doc_type, period, variant from documents where id in "
        f"({','.join(map(str, document_ids))})").fetchall()}
    expected = {(d.municipality_id, d.doc_type, d.period, d.variant) for d in catalog.documents(2)
                if re.search(r"(?<!\w)kadin", fold(_document_text(d)))}
    assert found == expected
    assert len(expected) == 22 and not any(m == "mavikiyi" for m, *_ in found)
    snippets = _column(page, "snippet")
    assert snippets and all("«" in s for s in snippets)   # the matched word is marked in every excerpt
    links = page.locator("table.rows-and-columns tbody td.col-archive_url a")
    href = links.first.get_attribute("href")
    assert re.fullmatch(r"/-/archive/\d+#page=\d+", href)
    response = page.request.get(base.rsplit("/", 1)[0] + href.split("#")[0])
    assert response.ok and response.headers["content-type"].split(";")[0] in ("application/pdf", "text/plain")


def test_promise_view_shows_the_dropped_counselling_activity(site, page):
    base, pipeline = site
    page.goto(f"{base}/soz_takibi?municipality=altinkoru&year=2026")
    page.screenshot(path=str(ARTIFACTS / "promise-view-altinkoru-2026.png"), full_page=True)
    titles = _column(page, "title")
    statuses = _column(page, "programme_status")
    row = titles.index("Kadın Danışma Merkezi hizmetlerinin yürütülmesi")
    assert row == 0 and statuses[0] == "not_programmed"     # missing promises come first
    assert _column(page, "code")[0] == "Faaliyet 1.1.1" and _column(page, "plan_cost")[0] == "680000"
    assert _column(page, "gender_relevant")[0] == "1" and _column(page, "programme_cost")[0] in ("", "\xa0")
    assert statuses.count("not_programmed") == 1
    plan_version = next(r["version_id"] for r in pipeline.epochs[2].promises
                        if r["municipality_id"] == "altinkoru" and r["code"] == "Faaliyet 1.1.1")
    link = page.locator("table.rows-and-columns tbody tr").first.locator("td.col-archive_url a")
    assert link.get_attribute("href") == f"/-/archive/{plan_version}#page=3"
    assert page.locator("h1").inner_text().startswith("Söz takibi")


def test_promise_view_shows_the_nursery_budget_cut(site, page):
    base, _pipeline = site
    page.goto(f"{base}/soz_takibi?municipality=camliova&year=2026")
    page.screenshot(path=str(ARTIFACTS / "promise-view-camliova-2026.png"), full_page=True)
    codes = _column(page, "code")
    i = codes.index("F1.3.1")
    assert _column(page, "programme_status")[i] == "programmed_changed"
    assert (_column(page, "plan_cost")[i], _column(page, "programme_cost")[i], _column(page, "cost_change")[i]) == \
        ("3200000", "1900000", "-1300000")
    j = codes.index("F1.4.1")   # added by the plan revision after the programme: shown, not blamed
    assert _column(page, "programme_status")[j] == "not_programmed" and _column(page, "revised_after_programme")[j] == "1"


def test_scorecard_shows_the_expected_values(site, page):
    base, _pipeline = site
    page.set_viewport_size({"width": 2200, "height": 1000})
    page.goto(f"{base}/karne")
    page.screenshot(path=str(ARTIFACTS / "scorecard.png"), full_page=True)
    page.set_viewport_size({"width": 1500, "height": 1000})
    yes, no = "evet / yes", "hayır / no"
    columns = ("score", "equality_goal_or_objective", "sex_disaggregated_indicators", "womens_directorate_owns",
               "equality_unit", "local_equality_action_plan", "gender_budgeting")
    shown = {mid: values for mid, *values in zip(_column(page, "municipality_id"), *(_column(page, c) for c in columns))}
    assert shown == {
        "camliova": ["5", yes, yes, yes, yes, yes, no],
        "altinkoru": ["4", yes, yes, yes, yes, no, no],
        "ilginpinar": ["2", yes, yes, no, no, no, no],
        "mavikiyi": ["0", no, no, no, no, no, no],
    }
    assert list(shown) == ["camliova", "altinkoru", "ilginpinar", "mavikiyi"]   # best first


def test_promise_feed_and_document_timeline(site, page):
    base, pipeline = site
    feed = page.request.get(f"{base}/soz_akisi.atom")
    assert feed.ok and feed.headers["content-type"].startswith("application/xml")
    body = feed.text()
    assert body.count("<entry>") == 2 and "Kadın Danışma Merkezi" in body and "bütçe kesildi / budget cut" in body
    plan = _read(pipeline).execute(
        "select id from documents where municipality_id = 'camliova' and doc_type = 'stratejik_plan'").fetchone()[0]
    page.goto(f"{base}/belge_zaman_cizelgesi?document_id={plan}")
    assert _column(page, "version_no") == ["2", "1"]
    assert _column(page, "processing_status") == ["ok", "ok"]
