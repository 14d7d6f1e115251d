"""The registry: bundled data matches the seed report, and every mistake is reported where it is."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from muniwatch.constants import DOC_TYPES, METROPOLITAN_PROVINCES, OTHER, SOURCE_SPGOV
from muniwatch.registry import (BUNDLED_REGISTRY_DIR, ListingConfig, Registry, RegistryError,
                                RegistryIssue, format_issues, load_registry, load_registry_text,
                                merge, registry_rows, registry_summary, source_table)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEED_000 = PROJECT_ROOT.parent / "shared" / "seeds"

# Seed 000, "Tablo 3 Eşitlik Birimleri": the 34 municipalities with an equality unit in Nov 2020,
# as (province, official name).
EQUALITY_UNITS_2020 = {
    ("İstanbul", "Ataşehir Belediyesi"), ("Samsun", "Atakum Belediyesi"),
    ("İstanbul", "Avcılar Belediyesi"), ("İstanbul", "Beşiktaş Belediyesi"),
    ("İstanbul", "Beylikdüzü Belediyesi"), ("Muğla", "Bodrum Belediyesi"), ("İzmir", "Buca Belediyesi"),
    ("Ankara", "Çankaya Belediyesi"), ("İzmir", "Çiğli Belediyesi"), ("Adana", "Çukurova Belediyesi"),
    ("İstanbul", "Esenyurt Belediyesi"), ("Eskişehir", "Eskişehir Büyükşehir Belediyesi"),
    ("Gaziantep", "Gaziantep Büyükşehir Belediyesi"), ("İstanbul", "İstanbul Büyükşehir Belediyesi"),
    ("İzmir", "İzmir Büyükşehir Belediyesi"), ("İstanbul", "Kadıköy Belediyesi"),
    ("İzmir", "Karabağlar Belediyesi"), ("Kars", "Kars Belediyesi"), ("İzmir", "Karşıyaka Belediyesi"),
    ("İzmir", "Konak Belediyesi"), ("İstanbul", "Küçükçekmece Belediyesi"),
    ("İzmir", "Menemen Belediyesi"), ("Mersin", "Mezitli Belediyesi"),
    ("Antalya", "Muratpaşa Belediyesi"), ("Mersin", "Mersin Büyükşehir Belediyesi"),
    ("Bursa", "Nilüfer Belediyesi"), ("Eskişehir", "Odunpazarı Belediyesi"),
    ("Trabzon", "Ortahisar Belediyesi"), ("İzmir", "Selçuk Belediyesi"), ("Adana", "Seyhan Belediyesi"),
    ("İstanbul", "Şişli Belediyesi"), ("Eskişehir", "Tepebaşı Belediyesi"),
    ("Trabzon", "Trabzon Büyükşehir Belediyesi"), ("Mersin", "Yenişehir Belediyesi"),
}
# Named elsewhere in the seeds, or where our real test files come from.
OTHER_NAMED = {("Hatay", "Defne Belediyesi"), ("Adana", "Yüreğir Belediyesi"), ("Kocaeli", "Gebze Belediyesi")}


@pytest.fixture(scope="module")
def bundled() -> Registry:
    return load_registry(BUNDLED_REGISTRY_DIR)


# --- the bundled registry ------------------------------------------------------------------------

def test_bundled_registry_loads_with_no_issues(bundled):
    assert format_issues(bundled.issues) == ""
    assert bundled.issues == []


def test_bundled_registry_has_every_municipality_the_seed_names(bundled):
    named = {(m.province, m.name) for m in bundled.municipalities.values()}
    metropolitan = {(p, f"{p} Büyükşehir Belediyesi") for p in METROPOLITAN_PROVINCES}
    expected = EQUALITY_UNITS_2020 | metropolitan | OTHER_NAMED
    # 34 + 30 with six metropolitan municipalities in both lists, plus three others.
    assert len(EQUALITY_UNITS_2020) == 34 and len(metropolitan) == 30
    assert len(EQUALITY_UNITS_2020 & metropolitan) == 6
    assert len(expected) == 34 + 30 - 6 + 3 == 61
    assert expected <= named
    assert len(bundled.municipalities) >= len(expected)


def test_bundled_kinds_and_equality_units_match_the_seed(bundled):
    munis = list(bundled.municipalities.values())
    metro = [m for m in munis if m.kind == "büyükşehir"]
    assert len(metro) == 30
    assert {m.province for m in metro} == set(METROPOLITAN_PROVINCES)
    assert all(m.name == f"{m.province} Büyükşehir Belediyesi" for m in metro)
    with_unit = {(m.province, m.name) for m in munis if m.equality_unit}
    assert len(with_unit) == 34
    assert with_unit == EQUALITY_UNITS_2020
    assert bundled.municipalities["kars"].kind == "il"
    gebze = bundled.municipalities["gebze"]
    assert (gebze.name, gebze.province, gebze.kind, gebze.equality_unit) == (
        "Gebze Belediyesi", "Kocaeli", "ilçe", False)


def test_every_municipality_has_one_default_discovery_source(bundled):
    for m in bundled.municipalities.values():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", m.id)
        sources = bundled.sources_for(m.id)
        assert [(s.id, s.kind, s.start_urls) for s in sources] == [(f"{m.id}-site", "discovery", [m.homepage])]
        assert OTHER not in sources[0].doc_types and len(sources[0].doc_types) == len(DOC_TYPES) - 1


def test_spgov_is_a_national_source(bundled):
    spgov = bundled.sources["spgov"]
    assert spgov.municipality_id is None and spgov.kind == SOURCE_SPGOV
    assert spgov.start_urls == ["https://www.sp.gov.tr/tr/stratejik-plan"]
    assert spgov.doc_types == ["stratejik_plan"]
    assert spgov.allowed_domains == ["sp.gov.tr"]
    assert bundled.national_sources() == [spgov]


def test_unverified_homepages_are_marked_and_explained(bundled):
    lines = (BUNDLED_REGISTRY_DIR / "municipalities.yml").read_text(encoding="utf-8").splitlines()
    verified = [m for m in bundled.municipalities.values() if m.homepage_verified]
    assert 0 < len(verified) < len(bundled.municipalities)
    for m in bundled.municipalities.values():
        at = next(i for i in range(m.line - 1, len(lines)) if lines[i].strip().startswith("homepage:"))
        comment = lines[at - 1].strip()
        assert comment.startswith("# verified:" if m.homepage_verified else "# unverified:"), m.id


def test_verified_homepages_appear_verbatim_in_the_seed(bundled):
    seeds = sorted(SEED_000.glob("000_*.txt")) if SEED_000.is_dir() else []
    if not seeds:
        pytest.skip(f"seed report 000 not found under {SEED_000} (only the project workspace has it)")
    text = seeds[0].read_text(encoding="utf-8")
    for m in bundled.municipalities.values():
        if m.homepage_verified:
            assert re.search(re.escape(m.homepage) + r"\s", text), m.homepage


# --- error reporting -----------------------------------------------------------------------------

BAD_FILE = """\
municipalities:
  - id: ornekkoy
    name: Örnekköy Belediyesi
    province: İzmir
    kind: ilçe
    homepage: https://www.ornekkoy.bel.tr/
  - id: yanlis-tur
    name: Yanlıştür Belediyesi
    province: Ankara
    kind: metropol
    homepage: https://yanlistur.bel.tr/
  - id: adsiz
    province: Bursa
    kind: ilçe
    homepage: https://adsiz.bel.tr/
  - id: bozuk-adres
    name: Bozukadres Belediyesi
    province: Muğla
    kind: ilçe
    homepage: ftp://bozukadres.bel.tr/
  - id: harf-hatasi
    name: Harfhatası Belediyesi
    province: Kars
    kind: il
    homepgae: https://harfhatasi.bel.tr/
    homepage: https://harfhatasi.bel.tr/
  - id: ornekkoy
    name: İkinci Örnekköy Belediyesi
    province: İzmir
    kind: ilçe
    homepage: https://ikinci.bel.tr/
  - id: ıssız
    name: Işıklı Belediyesi
    province: Istanbul
    kind: ilçe
    homepage: https://isikli.bel.tr/
    equality_unit: evet
sources:
  - id: ornekkoy-meclis
    municipality: ornekkoy
    kind: listing
    start_urls: ["https://www.ornekkoy.bel.tr/meclis"]
    listing:
      link_selector: "a.pdf"
      next_selector: "a.sonraki"
    schedule: {interval_hours: 6}
  - id: sahipsiz
    municipality: olmayan
    kind: discovery
    start_urls: ["https://olmayan.bel.tr/"]
"""

BAD_FILE_ISSUES = [
    "kotu.yml:10: field 'kind': 'metropol' is not one of büyükşehir, il, ilçe, belde",
    "kotu.yml:12: field 'name': required field is missing",
    "kotu.yml:20: field 'homepage': 'ftp://bozukadres.bel.tr/' is not an http(s) URL with a host",
    "kotu.yml:25: field 'homepgae': unknown field (did you mean 'homepage'?)",
    "kotu.yml:27: field 'id': duplicate municipality id 'ornekkoy' (first defined at kotu.yml:2)",
    "kotu.yml:32: field 'id': 'ıssız' is not an ascii slug (lowercase a-z, digits and single hyphens, e.g. 'izmir-bb')",
    "kotu.yml:34: field 'province': 'Istanbul' is not a province of Turkey (did you mean 'İstanbul'?)",
    "kotu.yml:37: field 'equality_unit': expected true or false, got 'evet' (str)",
    "kotu.yml:48: field 'municipality': no municipality with id 'olmayan'",
]


def test_bad_entries_are_reported_with_file_line_and_field():
    registry = load_registry_text(BAD_FILE, "kotu.yml")
    assert [str(issue) for issue in registry.issues] == BAD_FILE_ISSUES
    assert format_issues(registry.issues) == "\n".join(BAD_FILE_ISSUES)
    assert registry.issues[0] == RegistryIssue("kotu.yml", 10, "kind",
                                               "'metropol' is not one of büyükşehir, il, ilçe, belde")


def test_good_entries_in_a_bad_file_still_load():
    registry = load_registry_text(BAD_FILE, "kotu.yml")
    assert list(registry.municipalities) == ["ornekkoy"]
    assert registry.municipalities["ornekkoy"].name == "Örnekköy Belediyesi"  # the first one wins
    assert list(registry.sources) == ["ornekkoy-meclis"]
    source = registry.sources["ornekkoy-meclis"]
    assert source.listing == ListingConfig(pages=["https://www.ornekkoy.bel.tr/meclis"],
                                           link_selector="a.pdf", next_selector="a.sonraki")
    assert source.schedule == {"interval_hours": 6}
    assert (source.file, source.line) == ("kotu.yml", 39)


def test_yaml_syntax_error_is_one_issue_at_the_yaml_line():
    text = "municipalities:\n  - id: a\n    name: A Belediyesi\n   kind: ilçe\n"
    registry = load_registry_text(text, "sozdizimi.yml")
    assert [str(i) for i in registry.issues] == [
        "sozdizimi.yml:4: YAML syntax error: expected <block end>, but found '<block mapping start>'"
        " (while parsing a block collection at line 2)"]
    assert registry.municipalities == {} and registry.sources == {}


SOURCE_TEMPLATE = """\
municipalities:
  - id: ornekkoy
    name: Örnekköy Belediyesi
    province: İzmir
    kind: ilçe
    homepage: https://www.ornekkoy.bel.tr/
sources:
  - id: deneme
    municipality: ornekkoy
{body}"""


@pytest.mark.parametrize("body, expected", [
    ("    kind: discovery\n    start_urls: [\"https://a.bel.tr/\", \"/goreli\"]\n",
     "x.yml:11: field 'start_urls': '/goreli' (str) is not an http(s) URL with a host"),
    ("    kind: discovery\n    start_urls: []\n",
     "x.yml:11: field 'start_urls': expected a non-empty list, got a list"),
    ("    kind: discovery\n", "x.yml:8: field 'start_urls': required field is missing"),
    ("    kind: discovery\n    start_urls: [\"https://a.bel.tr/\"]\n    doc_types: [butce]\n",
     "x.yml:12: field 'doc_types': 'butce' (str) is not one of " + ", ".join(DOC_TYPES)),
    ("    kind: discovery\n    start_urls: [\"https://a.bel.tr/\"]\n    max_depth: true\n",
     "x.yml:12: field 'max_depth': expected a whole number ≥ 0, got True (bool)"),
    ("    kind: discovery\n    start_urls: [\"https://a.bel.tr/\"]\n    allowed_domains: [\"https://a.bel.tr\"]\n",
     "x.yml:12: field 'allowed_domains': 'https://a.bel.tr' (str) is not a host name like 'gebze.bel.tr'"),
    ("    kind: listing\n    start_urls: [\"https://a.bel.tr/\"]\n",
     "x.yml:8: field 'listing': required for a 'listing' source"),
    ("    kind: discovery\n    start_urls: [\"https://a.bel.tr/\"]\n    listing: {link_selector: a}\n",
     "x.yml:12: field 'listing': only sources of kind 'listing' take a listing block"),
    ("    kind: listing\n    start_urls: [\"https://a.bel.tr/\"]\n    listing:\n      link_selctor: a\n",
     ["x.yml:13: field 'listing.link_selctor': unknown field (did you mean 'link_selector'?)",
      "x.yml:13: field 'listing.link_selector': required field is missing"]),
    ("    kind: listing\n    start_urls: [\"https://a.bel.tr/\"]\n    listing:\n      link_selector: 'a['\n",
     "x.yml:13: field 'listing.link_selector': 'a[' is not a valid CSS selector"
     " (Expected ident or '*', got <EOF at 2>)"),
    ("    kind: discovery\n    start_urls: [\"https://a.bel.tr/\"]\n    schedule:\n      day_of_week: pzt\n",
     "x.yml:13: field 'schedule.day_of_week': 'pzt' is not a valid cron value (Invalid weekday name \"pzt\")"),
    ("    kind: discovery\n    start_urls: [\"https://a.bel.tr/\"]\n    schedule: {interval_hours: 2, hour: 3}\n",
     "x.yml:12: field 'schedule.interval_hours': give either interval_hours or cron fields, not both"),
    ("    kind: discovery\n    start_urls: [\"https://a.bel.tr/\"]\n    kind: listing\n",
     "x.yml:12: field 'kind': appears twice (first at line 10)"),
])
def test_source_field_errors(body, expected):
    registry = load_registry_text(SOURCE_TEMPLATE.format(body=body), "x.yml")
    assert [str(i) for i in registry.issues] == (expected if isinstance(expected, list) else [expected])
    assert list(registry.municipalities) == ["ornekkoy"] and registry.sources == {}


def test_a_municipal_source_needs_a_municipality_but_spgov_does_not():
    text = ("sources:\n  - {id: yetim, kind: discovery, start_urls: [\"https://a.bel.tr/\"]}\n"
            "  - {id: ulusal, kind: spgov, start_urls: [\"https://www.sp.gov.tr/\"]}\n")
    registry = load_registry_text(text, "y.yml")
    assert [str(i) for i in registry.issues] == [
        "y.yml:2: field 'municipality': required for a 'discovery' source (only spgov sources are national)"]
    assert list(registry.sources) == ["ulusal"]


def test_sources_of_a_skipped_municipality_are_not_loaded():
    text = ("municipalities:\n  - id: eksik\n    name: Eksik Belediyesi\n    province: Van\n"
            "    homepage: https://eksik.bel.tr/\n"
            "    sources:\n      - {id: eksik-site, kind: discovery, start_urls: [\"https://eksik.bel.tr/\"]}\n"
            "sources:\n  - {id: eksik-meclis, municipality: eksik, kind: discovery,"
            " start_urls: [\"https://eksik.bel.tr/meclis\"]}\n")
    registry = load_registry_text(text, "z.yml")
    assert [str(i) for i in registry.issues] == [
        "z.yml:2: field 'kind': required field is missing",
        "z.yml:9: field 'municipality': municipality 'eksik' was not loaded (see z.yml:2)"]
    assert registry.municipalities == {} and registry.sources == {}


def test_metropolitan_consistency_is_checked():
    text = ("municipalities:\n"
            "  - {id: kars-bb, name: Kars Büyükşehir Belediyesi, province: Kars, kind: büyükşehir,"
            " homepage: \"https://kars.bel.tr/\"}\n"
            "  - {id: izmir, name: İzmir Belediyesi, province: İzmir, kind: il, homepage: \"https://izmir.bel.tr/\"}\n"
            "  - {id: izmir-bb, name: İzmir BB, province: İzmir, kind: büyükşehir, homepage: \"https://izmir.bel.tr/\"}\n")
    registry = load_registry_text(text, "m.yml")
    assert [str(i) for i in registry.issues] == [
        "m.yml:2: field 'kind': Kars has no büyükşehir municipality",
        "m.yml:3: field 'kind': İzmir is a metropolitan province: its municipality is a büyükşehir, not an il",
        "m.yml:4: field 'name': 'İzmir BB' is not an official name (it should end in 'Belediyesi')"]


def test_top_level_must_be_a_mapping_of_known_lists():
    assert [str(i) for i in load_registry_text("- a\n- b\n", "t.yml").issues] == [
        "t.yml:1: the file must be a mapping with 'municipalities' and/or 'sources' lists"]
    assert [str(i) for i in load_registry_text("belediyeler: []\nmunicipalities: [5]\n", "t.yml").issues] == [
        "t.yml:1: field 'belediyeler': unknown field; known fields: municipalities, sources",
        "t.yml:2: field 'municipalities': each entry must be a mapping, got 5 (int)"]
    assert load_registry_text("# boş dosya\n", "bos.yml").issues == []


def test_anchors_and_merge_keys_work_and_application_tags_are_refused():
    text = ("x-varsayilan: &v {province: Kocaeli, kind: ilçe}\n"
            "municipalities:\n"
            "  - <<: *v\n    id: darica\n    name: Darıca Belediyesi\n    homepage: https://www.darica.bel.tr/\n"
            "  - <<: *v\n    id: serdivan\n    province: Sakarya\n    name: Serdivan Belediyesi\n"
            "    homepage: https://www.serdivan.bel.tr/\n"
            "  - <<: *v\n    id: !!python/object/apply:os.getcwd []\n    name: Kötü Belediyesi\n"
            "    homepage: https://kotu.bel.tr/\n")
    registry = load_registry_text(text, "c.yml")
    assert [str(i) for i in registry.issues] == [
        "c.yml:13: field 'id': YAML tag 'tag:yaml.org,2002:python/object/apply:os.getcwd' is not allowed here"]
    assert (registry.municipalities["darica"].province, registry.municipalities["darica"].kind) == ("Kocaeli", "ilçe")
    assert registry.municipalities["serdivan"].province == "Sakarya"  # an explicit key wins over a merged one
    assert sorted(registry.municipalities) == ["darica", "serdivan"]


# --- files, folders, merging, strict -------------------------------------------------------------

MUNI = ("municipalities:\n  - id: {id}\n    name: {name}\n    province: Kocaeli\n    kind: ilçe\n"
        "    homepage: https://www.{id}.bel.tr/\n")


def test_folder_loads_every_yaml_file_and_resolves_references_across_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # file names in messages are relative to the working directory
    (tmp_path / "a.yml").write_text(MUNI.format(id="gebze", name="Gebze Belediyesi"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(
        "sources:\n  - id: gebze-meclis\n    municipality: gebze\n    kind: listing\n"
        "    start_urls: [\"https://www.gebze.bel.tr/meclis\"]\n    listing:\n      link_selector: 'td a'\n"
        "      pages: [\"https://belge.gebze.bel.tr/liste?sayfa=1\"]\n", encoding="utf-8")
    (tmp_path / "notlar.txt").write_text("not a registry", encoding="utf-8")
    registry = load_registry(tmp_path)
    assert registry.issues == []
    source = registry.sources["gebze-meclis"]
    assert source.municipality_id == "gebze" and source.file == "b.yaml"
    assert source.allowed_domains == ["gebze.bel.tr", "belge.gebze.bel.tr"]
    assert [s.id for s in registry.sources_for("gebze")] == ["gebze-meclis"]


def test_duplicate_across_files_points_at_the_first_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # file names in messages are relative to the working directory
    (tmp_path / "a.yml").write_text(MUNI.format(id="gebze", name="Gebze Belediyesi"), encoding="utf-8")
    (tmp_path / "b.yml").write_text("# ikinci\n" + MUNI.format(id="gebze", name="Başka Belediyesi"),
                                    encoding="utf-8")
    registry = load_registry([tmp_path / "a.yml", tmp_path / "b.yml"])
    assert [str(i) for i in registry.issues] == [
        "b.yml:3: field 'id': duplicate municipality id 'gebze' (first defined at a.yml:2)"]
    assert registry.municipalities["gebze"].name == "Gebze Belediyesi"
    late_id = "sources:\n  - kind: spgov\n    start_urls: [\"https://www.sp.gov.tr/\"]\n    id: spgov\n"
    (tmp_path / "c.yml").write_text(late_id, encoding="utf-8")
    (tmp_path / "d.yml").write_text(late_id, encoding="utf-8")
    registry = load_registry([tmp_path / "c.yml", tmp_path / "d.yml"])
    assert [str(i) for i in registry.issues] == [  # the line of the id field, not of the entry
        "d.yml:4: field 'id': duplicate source id 'spgov' (first defined at c.yml:2)"]


def test_missing_paths_and_non_utf8_files_are_issues(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # file names in messages are relative to the working directory
    (tmp_path / "latin.yml").write_bytes(b"municipalities:\n  - id: x\n    name: G\xf6lc\xfck Belediyesi\n")
    registry = load_registry([tmp_path / "yok.yml", tmp_path / "latin.yml"])
    assert [str(i) for i in registry.issues] == [
        "latin.yml:3: not valid UTF-8 (save the file as UTF-8)", "yok.yml: no such file or folder"]
    empty = tmp_path / "bos"
    empty.mkdir()
    assert [str(i) for i in load_registry(empty).issues] == ["bos: folder holds no *.yml or *.yaml files"]


def test_strict_raises_registry_error_with_every_issue():
    with pytest.raises(RegistryError) as caught:
        load_registry_text(BAD_FILE, "kotu.yml", strict=True)
    assert str(caught.value) == "\n".join(BAD_FILE_ISSUES)
    assert len(caught.value.issues) == len(BAD_FILE_ISSUES)
    assert load_registry(BUNDLED_REGISTRY_DIR, strict=True).issues == []


def test_merge_keeps_the_first_and_reports_the_second():
    a = load_registry_text(MUNI.format(id="gebze", name="Gebze Belediyesi"), "a.yml")
    b = load_registry_text(MUNI.format(id="gebze", name="Başka Belediyesi")
                           + "  - {id: darica, name: Darıca Belediyesi, province: Kocaeli, kind: ilçe,"
                             " homepage: \"https://www.darica.bel.tr/\"}\n", "b.yml")
    merged = merge(a, b)
    assert [str(i) for i in merged.issues] == [
        "b.yml:2: field 'id': duplicate municipality id 'gebze' (first defined at a.yml:2)"]
    assert merged.municipalities["gebze"].name == "Gebze Belediyesi"
    assert sorted(merged.municipalities) == ["darica", "gebze"]
    assert registry_summary(merged) == "2 municipalities, 0 sources, 1 issue"


# --- Turkish text and output rows ----------------------------------------------------------------

def test_turkish_names_round_trip_through_files_and_rows(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # file names in messages are relative to the working directory
    name = "Şişli Çığır Üğöİı Belediyesi"
    path = tmp_path / "tr.yml"
    path.write_text(MUNI.format(id="sisli", name=name).replace("Kocaeli", "İstanbul")
                    + "    notes: \"Kadın Danışma Merkezi; ığüşöçİ\"\n", encoding="utf-8")
    registry = load_registry(path)
    assert registry.issues == []
    muni = registry.municipalities["sisli"]
    assert (muni.name, muni.province, muni.notes) == (name, "İstanbul", "Kadın Danışma Merkezi; ığüşöçİ")
    rows, _ = registry_rows(registry)
    assert rows == [{"id": "sisli", "name": name, "province": "İstanbul", "kind": "ilçe",
                     "homepage": "https://www.sisli.bel.tr/", "homepage_verified": False,
                     "equality_unit": False, "population": None, "registry_file": "tr.yml",
                     "registry_line": 2}]


def test_registry_rows_for_sources_are_json(bundled):
    municipalities, sources = registry_rows(bundled)
    assert len(municipalities) == len(bundled.municipalities) and len(sources) == len(bundled.sources)
    row = next(r for r in sources if r["id"] == "izmir-bb-site")
    assert row["municipality_id"] == "izmir-bb" and row["kind"] == "discovery" and row["js"] is False
    assert json.loads(row["start_urls"]) == ["https://www.izmir.bel.tr/"]
    assert json.loads(row["config"]) == {"allowed_domains": ["izmir.bel.tr"], "listing": None,
                                         "max_depth": None, "trusted": False}
    assert json.loads(row["schedule"]) == {}
    assert set(json.loads(row["doc_types"])) == set(DOC_TYPES) - {OTHER}


def test_source_table_for_the_cli(bundled):
    rows = source_table(bundled)
    assert len(rows) == len(bundled.sources)
    assert {"id": "spgov", "municipality": "(ulusal / national)", "kind": "spgov",
            "start_url": "https://www.sp.gov.tr/tr/stratejik-plan", "js": False} in rows
    gebze = next(r for r in rows if r["id"] == "gebze-site")
    assert gebze["municipality"] == "Gebze Belediyesi" and gebze["start_url"] == "https://www.gebze.bel.tr/"


# --- robustness ----------------------------------------------------------------------------------

@settings(max_examples=150, deadline=None)
@given(st.data())
def test_no_edit_of_a_registry_file_makes_the_loader_crash(data):
    """Whatever a hand edit does to a file, the answer is issues, never an exception."""
    text = BAD_FILE + SOURCE_TEMPLATE.format(body="    kind: listing\n").split("sources:\n", 1)[1]
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 12))
        insert = data.draw(st.text(alphabet=" \n\t:-[]{}#&*!|>'\"%@,?İığşüöç0a", max_size=6))
        text = text[:at] + insert + text[at + cut:]
    registry = load_registry_text(text, "bozuk.yml")
    for issue in registry.issues:
        assert str(issue).startswith("bozuk.yml")
        assert issue.line is None or issue.line >= 1
    for source in registry.sources.values():
        assert source.municipality_id is None or source.municipality_id in registry.municipalities
