"""Turkish full-text search: through watch.search and through a real Datasette server.

kadin, KADINLARIN and kadınlara must all find a page that says "kadınlar"; esitlik must find
"eşitliğini" and must not find "çeşitli" (a naive substring match would).
"""

from __future__ import annotations

import json
import urllib.parse

import pytest

from muniwatch import constants as C
from muniwatch.datasette_plugin import turkish_search_query_string
from tests.test_process import add_version, new_store, pdf_bytes
from tests.helpers import http_get, running_datasette
from watch import process as P
from watch.search import match_expression, search, snippet

PAGES = [
    ["T.C.", "ÇAYIRLI BELEDİYESİ", "2026 YILI PERFORMANS PROGRAMI"],
    ["Mahalle merkezlerinde kadınlar için danışma saatleri başlatılacaktır."],
    ["Toplumsal cinsiyet eşitliğini gözeten bütçe hazırlığı sürmektedir."],
    ["Çeşitli bakım onarım işleri için ödenek ayrılmıştır."],
]
DECISION = [["T.C.", "ÇAYIRLI BELEDİYESİ", "MECLİS KARARI", "Karar Tarihi 02.07.2025 Karar No 2025/44",
             "Kararın Özü Mahalle kreşi için arsa tahsisi", "KONU: Kreş Alanı Tahsisi", "TEKLİF",
             "İlgi: Emlak Müdürlüğü'nün 10.06.2025 tarihli ve E-91 sayılı yazısı.",
             "Yeni mahalle kreşi için 12 ada 4 parselin tahsisi önerilmektedir.",
             "KARAR: Teklifin kabulüne oy birliği ile karar verildi."]]


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    settings, db, archive = new_store(tmp_path_factory.mktemp("search"))
    version_id = add_version(db, archive, pdf_bytes(PAGES), C.PERFORMANCE_PROGRAMME, "2026")
    add_version(db, archive, pdf_bytes(DECISION), C.COUNCIL_DECISIONS, "2025-07")
    report = P.process_pending(db, archive, settings)
    assert (report.processed, report.errors) == (2, [])
    return settings, db, version_id


def _page_hits(db, query: str, **kw) -> list[int]:
    return [h.page for h in search(db, query, **kw) if h.source == "page"]


@pytest.mark.parametrize("query", ["kadin", "KADINLARIN", "kadınlara", "Kadın", "KADIN"])
def test_every_form_of_kadin_finds_kadinlar(indexed, query):
    _, db, _ = indexed
    assert _page_hits(db, query) == [2]


def test_esitlik_finds_esitligini_but_not_cesitli(indexed):
    _, db, _ = indexed
    assert _page_hits(db, "esitlik") == [3]
    assert _page_hits(db, "EŞİTLİK") == [3]
    assert _page_hits(db, "çeşitli") == [4]


def test_all_words_must_match_and_prefix_works(indexed):
    _, db, _ = indexed
    assert _page_hits(db, "kadın bütçe") == []
    assert _page_hits(db, "cinsiyet bütçe") == [3]
    assert _page_hits(db, "danış*") == [2]
    assert search(db, "   ") == [] and search(db, "?!") == []


def test_hits_carry_document_page_snippet_and_link(indexed):
    _, db, version_id = indexed
    hit = next(h for h in search(db, "KADINLARIN") if h.source == "page")
    assert (hit.version_id, hit.doc_type, hit.period, hit.municipality_id, hit.municipality) == \
        (version_id, C.PERFORMANCE_PROGRAMME, "2026", "cayirli", "Çayırlı Belediyesi")
    assert "«kadınlar»" in hit.snippet and hit.archive_url == f"/-/archive/{version_id}#page=2"


def test_segments_are_searched_too(indexed):
    _, db, _ = indexed
    hits = [h for h in search(db, "kreşlere") if h.source == "segment"]
    assert [(h.kind, h.code, h.doc_type, h.page) for h in hits] == [(C.SEG_DECISION, "2025/44", C.COUNCIL_DECISIONS, 1)]
    assert "«kreşi»" in hits[0].snippet


def test_filters(indexed):
    _, db, _ = indexed
    assert _page_hits(db, "kadin", municipality="cayirli", doc_type=C.PERFORMANCE_PROGRAMME) == [2]
    assert _page_hits(db, "kadin", municipality="gebze") == []
    assert _page_hits(db, "kadin", doc_type=C.STRATEGIC_PLAN) == []


def test_snippet_marks_matches_in_the_original_text():
    text = "Birinci cümle. " * 30 + "Kadınların eşitliğini güçlendiren Kadın Meclisi kuruldu. " + "Son. " * 40
    out = snippet(text, "kadin esitlik")
    assert "«Kadınların» «eşitliğini» güçlendiren «Kadın» Meclisi" in out
    assert out.startswith("…") and out.endswith("…") and len(out) < 300
    assert snippet("Hiç eşleşme yok.", "kadin") == "Hiç eşleşme yok."


def test_query_string_rewrite():
    rewrite = turkish_search_query_string
    assert rewrite("_search=KADINLARIN&_size=5".encode()) == b"_search=%22kadin%22&_size=5"
    assert rewrite(b"_search=&_sort=page") == b"_sort=page"
    assert rewrite(b"_search=%22kadin%22") == b"_search=%22kadin%22"
    assert match_expression("") == '""'


# ------------------------------------------------------------------------------------------ Datasette


@pytest.fixture(scope="module")
def datasette(indexed):
    settings, _, _ = indexed
    with running_datasette(settings) as base:
        yield base, settings.database.stem


def _json(url: str):
    status, _, body = http_get(url)
    assert status == 200
    return json.loads(body)


@pytest.mark.parametrize("query", ["kadin", "KADINLARIN", "kadınlara"])
def test_datasette_table_search_understands_turkish(datasette, query):
    base, name = datasette
    rows = _json(f"{base}/{name}/pages.json?_shape=array&_search={urllib.parse.quote(query)}")
    assert [r["page"] for r in rows] == [2]


def test_datasette_search_box_html_and_segments(datasette):
    base, name = datasette
    _, _, html = http_get(f"{base}/{name}/pages?_search={urllib.parse.quote('EŞİTLİK')}")
    assert "Toplumsal cinsiyet eşitliğini".encode() in html and "Çeşitli".encode() not in html
    _, _, empty = http_get(f"{base}/{name}/pages?_search=")
    assert b"kad\xc4\xb1nlar" in empty          # an empty box lists every page instead of failing
    rows = _json(f"{base}/{name}/segments.json?_shape=array&_search={urllib.parse.quote('KREŞLERİN')}")
    assert [r["code"] for r in rows] == ["2025/44"]
    rows = _json(f"{base}/{name}/bolum_ara.json?_shape=array&q=kres")
    assert [(r["code"], r["archive_url"]) for r in rows] == [("2025/44", f"/-/archive/{rows[0]['version_id']}#page=1")]


def test_datasette_sql_functions(datasette):
    base, name = datasette
    sql = "select tr_search('KADINLARIN eşitliğini') as s, tr_query('kadınlara') as q"
    rows = _json(f"{base}/{name}.json?_shape=array&sql={urllib.parse.quote(sql)}")
    assert rows == [{"s": "kadin esitlik", "q": '"kadin"'}]


def test_datasette_canned_query_links_to_the_page(datasette, indexed):
    base, name = datasette
    _, _, version_id = indexed
    rows = _json(f"{base}/{name}/ara.json?_shape=array&q=KADINLARIN")
    assert [(r["page"], r["municipality"], r["doc_type"], r["period"]) for r in rows] == \
        [(2, "Çayırlı Belediyesi", C.PERFORMANCE_PROGRAMME, "2026")]
    assert "«kadınlar»" in rows[0]["snippet"]
    assert rows[0]["archive_url"] == f"/-/archive/{version_id}#page=2"
    _, _, html = http_get(f"{base}/{name}/ara?q=esitlik")
    assert f'href="/-/archive/{version_id}#page=3"'.encode() in html
    assert _json(f"{base}/{name}/ara.json?_shape=array&q=") == []


def test_search_command(indexed):
    from click.testing import CliRunner

    from muniwatch.cli import cli

    settings, _, version_id = indexed
    base = ["--data-dir", str(settings.data_path), "search"]
    result = CliRunner().invoke(cli, [*base, "KADINLARIN", "--format", "json"])
    assert result.exit_code == 0, result.output
    hits = json.loads(result.output)
    assert [(h["source"], h["page"], h["archive_url"]) for h in hits] == [("page", 2, f"/-/archive/{version_id}#page=2")]
    text = CliRunner().invoke(cli, [*base, "eşitlik", "--type", C.PERFORMANCE_PROGRAMME])
    assert text.exit_code == 0 and "1 hit(s)" in text.output and "Çayırlı" in text.output
