"""The thin CLI skin over the registry and settings: what users see on the command line."""

from __future__ import annotations

import json

from click.testing import CliRunner

from db.store import open_db
from muniwatch.cli import cli


def test_sources_list_shows_every_source_with_health_from_the_database(tmp_path):
    db_path = tmp_path / "m.db"
    db = open_db(db_path)
    db["sources"].insert({"id": "gebze-site", "kind": "discovery", "health": "failing", "consecutive_failures": 3})
    result = CliRunner().invoke(cli, ["--db", str(db_path), "sources", "list", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in json.loads(result.output)}
    assert len(rows) == 62 and rows["spgov"]["kind"] == "spgov"
    assert (rows["gebze-site"]["health"], rows["gebze-site"]["consecutive_failures"]) == ("failing", 3)
    assert rows["izmir-bb-site"]["health"] == "unknown"


def test_sources_validate_names_file_line_and_field_and_exits_1(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("municipalities:\n  - id: ornek\n    name: Örnek Belediyesi\n    province: Ankara\n"
                   "    kind: metropol\n    homepage: https://www.ornek.bel.tr/\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["sources", "validate", str(bad)])
    assert result.exit_code == 1
    assert "bad.yml:5: field 'kind'" in result.output
    assert result.output.strip().splitlines()[-1].startswith("Error: 1 problem(s) in the registry")


def test_sources_validate_bundled_registry_is_clean():
    result = CliRunner().invoke(cli, ["sources", "validate"])
    assert result.exit_code == 0 and result.output.startswith("ok: 61 municipalities, 62 sources")


def test_bad_setting_in_the_environment_is_one_clear_line():
    result = CliRunner().invoke(cli, ["settings"], env={"MUNIWATCH_DOWNLOAD_TIMEOUT": "soon"})
    assert result.exit_code == 1
    assert "MUNIWATCH_DOWNLOAD_TIMEOUT: expected int, got 'soon'" in result.output
