"""`muniwatch inspect FILE`: no database, the documented JSON shape, one clear line on failure."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from muniwatch import constants as C
from muniwatch.cli import cli
from tests.test_process import DECISION_PAGES, PLAN_PAGES, pdf_bytes

TOP_KEYS = {"schema", "file", "detected", "doc_type", "type_source", "parser", "parse_error", "extraction",
            "text", "segment_count", "segments", "versions"}
SEGMENT_KEYS = {"ordinal", "kind", "code", "key", "parent_code", "page_start", "page_end", "title", "excerpt",
                "fields"}


def run(tmp_path, *args: str):
    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path / "data"), "inspect", *args])
    return result


def inspect_json(tmp_path, path, *extra: str) -> dict:
    result = run(tmp_path, str(path), "--format", "json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_plan_pdf_json_shape(tmp_path):
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf_bytes(PLAN_PAGES))
    report = inspect_json(tmp_path, path)
    assert set(report) == TOP_KEYS
    assert report["file"]["name"] == "plan.pdf" and report["file"]["format"] == "pdf"
    assert report["file"]["bytes"] == path.stat().st_size and len(report["file"]["sha256"]) == 64
    assert report["detected"]["doc_type"] == C.STRATEGIC_PLAN and report["detected"]["period"] == "2025-2029"
    assert report["detected"]["municipality_name"] == "ÇAYIRLI BELEDİYESİ"
    assert report["detected"]["municipality_id"] is None          # not in the bundled registry
    assert report["detected"]["evidence"][0].startswith('p1: "2025-2029 STRATEJİK PLANI"')
    assert (report["doc_type"], report["type_source"]) == (C.STRATEGIC_PLAN, "content")
    assert report["extraction"] | {"title": None} == {
        "page_count": 3, "pages_extracted": 3, "truncated": False, "ocr_used": False, "ocr_confidence": None,
        "title": None, "warnings": []}
    assert report["text"]["pages_with_text"] == 3 and report["text"]["ocr_pages"] == []
    assert report["text"]["words"] > 40 and report["text"]["chars"] > 300
    assert report["segment_count"] == len(report["segments"])
    for segment in report["segments"]:
        assert set(segment) == SEGMENT_KEYS and segment["kind"] in C.SEGMENT_KINDS
    assert set(report["versions"]) == {"extractor", "parser", "normalizer"}


def test_decisions_and_forced_type(tmp_path):
    path = tmp_path / "karar.pdf"
    path.write_bytes(pdf_bytes(DECISION_PAGES))
    report = inspect_json(tmp_path, path)
    assert (report["doc_type"], report["parser"], report["segment_count"]) == (C.COUNCIL_DECISIONS, "decisions", 2)
    first = report["segments"][0]
    assert (first["code"], first["key"], first["page_start"]) == ("2025/41", "2025/41", 1)
    assert first["fields"]["karar_tarihi"] == "2025-07-02" and first["fields"]["outcome"] == "kabul"
    forced = inspect_json(tmp_path, path, "--type", C.COMMITTEE_REPORT)
    assert (forced["doc_type"], forced["type_source"], forced["parser"]) == \
        (C.COMMITTEE_REPORT, "given", "committee_report")
    assert forced["detected"]["doc_type"] == C.COUNCIL_DECISIONS


def test_text_format_names_what_it_found(tmp_path):
    path = tmp_path / "karar.pdf"
    path.write_bytes(pdf_bytes(DECISION_PAGES))
    result = run(tmp_path, str(path))
    assert result.exit_code == 0, result.output
    assert "type: meclis_kararlari (content)" in result.output
    assert "period 2025-07" in result.output and "segments: 2 (parser decisions)" in result.output
    assert "2025/41" in result.output and "no OCR" in result.output


@pytest.mark.parametrize("name, body, message", [
    ("bozuk.pdf", b"%PDF-1.7\n" + bytes(400) + b"\n%%EOF\n", "Error: bozuk.pdf: corrupt: PDF cannot be read"),
    ("sifreli.pdf", pdf_bytes([["Gizli"]], encrypt="parola"),
     "Error: sifreli.pdf: encrypted: PDF is password-protected"),
    ("bos.pdf", b"", "Error: bos.pdf: empty: file is empty (0 bytes)"),
    ("hata.pdf", b"<html><head><title>404</title></head><body>yok</body></html>",
     "Error: hata.pdf: wrong_type: file is HTML, not PDF (file name hata.pdf)"),
])
def test_unreadable_file_is_one_line_and_exit_1(tmp_path, name, body, message):
    path = tmp_path / name
    path.write_bytes(body)
    result = run(tmp_path, str(path), "--format", "json")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(message), result.output
    assert "Traceback" not in result.output


def test_missing_file_is_a_usage_error(tmp_path):
    result = run(tmp_path, str(tmp_path / "yok.pdf"))
    assert result.exit_code == 2 and "does not exist" in result.output


@pytest.mark.realdata
def test_gebze_bundle(realdata, tmp_path):
    report = inspect_json(tmp_path, realdata / "gebze_meclis-kararlari_2025-06.pdf")
    assert report["detected"] | {"evidence": None} == {
        "doc_type": C.COUNCIL_DECISIONS, "period": "2025-06", "municipality_id": "gebze",
        "municipality_name": "GEBZE BELEDİYESİ", "confidence": report["detected"]["confidence"], "evidence": None}
    assert report["detected"]["confidence"] >= 0.9
    assert report["extraction"]["page_count"] == 16 and report["text"]["pages_with_text"] == 16
    assert report["segment_count"] == len(report["segments"]) == 11
    assert [s["code"] for s in report["segments"]][:2] == ["2025/97", "2025/98"]
    assert all(s["kind"] == C.SEG_DECISION and s["fields"]["karar_no"] == s["key"] for s in report["segments"])
    nursery = [s for s in report["segments"] if s["page_start"] == 12]     # "Azalan kreş alanı" is on page 12
    assert [s["code"] for s in nursery] == ["2025/104"] and "Denizli Mahallesi" in nursery[0]["title"]


def test_limits_come_from_settings(tmp_path):
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf_bytes(PLAN_PAGES))
    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path / "data"), "inspect", str(path)],
                                env={"MUNIWATCH_MAX_DOWNLOAD_BYTES": "1000"})
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: plan.pdf: too_large: file is {path.stat().st_size:,} bytes, limit is 1,000"
