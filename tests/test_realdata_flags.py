"""Gender flags on real council decisions (Gebze, 2025): what a monitor would be alerted to.

Each bundle with a text layer is extracted and split into decisions as the pipeline does, and every
decision is assessed with ``gender.assess_segments`` (its words, then its proposing directorate).
The flagged decisions are printed per bundle with category and evidence. The scanned 2025-05 bundle
is left out here (OCR takes minutes; tests/test_process.py covers it).
"""

from __future__ import annotations

import re

import pytest

from muniwatch import constants as C
from watch import gender
from watch.extract import extract_file
from watch.structure.decisions import parse_decision_bundle
from watch.turkish import fold

pytestmark = pytest.mark.realdata

BUNDLES = ("2025-01", "2025-02", "2025-04", "2025-06", "2025-08")
KAD = re.compile(r"kadin\s+ve\s+aile\s+hizmetleri")


@pytest.fixture(scope="module")
def flagged(realdata):
    out = {}
    for month in BUNDLES:
        path = realdata / f"gebze_meclis-kararlari_{month}.pdf"
        if not path.exists():
            pytest.skip(f"{path.name} not found in {realdata}")
        segments = parse_decision_bundle([p.text for p in extract_file(path).pages])
        for i, s in enumerate(segments):
            s.ordinal = i
        assessed = gender.assess_segments(segments)
        out[month] = [(s, assessed[s.ordinal]) for s in segments if s.kind == C.SEG_DECISION]
    return out


def _evidence(rel: gender.Relevance) -> str:
    words = sorted({f"{m.category}: {' '.join(m.matched_text.split())}" for m in rel.matches})
    return "; ".join(words) or rel.explanation


def test_print_flagged_decisions_per_bundle(flagged, capsys):
    with capsys.disabled():
        print()
        for month, decisions in flagged.items():
            hits = [(s, r) for s, r in decisions if r.relevant]
            print(f"gebze_meclis-kararlari_{month}.pdf: {len(hits)} of {len(decisions)} decisions flagged")
            for s, r in hits:
                print(f"  {s.code} [{', '.join(r.categories)}] via {r.via}"
                      f" (teklif/proposer: {s.fields.get('proposer') or '-'}): {' '.join((s.title or '').split())[:90]}")
                print(f"      evidence: {_evidence(r)[:240]}")
    assert sum(len(d) for d in flagged.values()) > 60, "the bundles should hold dozens of decisions"


def test_nursery_plot_turned_into_school_plot_is_flagged_as_care(flagged):
    by_no = {s.fields.get("karar_no"): (s, r) for s, r in flagged["2025-06"]}
    seg, rel = by_no["2025/104"]
    assert "kres" in fold(seg.text) and "okul" in fold(seg.text), "precondition: the re-zoning decision"
    assert rel.relevant and "bakim" in rel.categories
    assert any(fold(m.matched_text).startswith("kres") for m in rel.matches)


def test_decisions_proposed_by_the_womens_directorate_are_flagged(flagged):
    proposed = [(month, s, r) for month, ds in flagged.items() for s, r in ds
                if KAD.search(fold(s.fields.get("proposer") or ""))]
    assert "2025/136" in {s.fields.get("karar_no") for month, s, _ in proposed if month == "2025-08"}
    unflagged = [s.code for _, s, r in proposed if not r.relevant]
    assert not unflagged, f"proposed by Kadın ve Aile Hizmetleri Müdürlüğü but not flagged: {unflagged}"
    assert all("kadin_ve_aile_hizmetleri" in r.categories for _, _, r in proposed)


def test_no_decision_is_flagged_because_of_cesitli(flagged, realdata):
    # No match anywhere in a decision may sit on "çeşitli" (a naive substring finds "eşitli" in it).
    on_cesitli = [(s.code, m.matched_text) for ds in flagged.values() for s, r in ds for m in r.matches
                  if "cesit" in fold(s.text[max(0, m.start - 2):m.end + 2])]
    assert on_cesitli == []
    # The decision bundles with a text layer never use the word; the financial reports do ("Diğer
    # Çeşitli Gelirler", "DİĞER ÇEŞİTLİ GELİRLER"): those lines prove the trap is real and not taken.
    lines = [line for year in (2021, 2022)
             for page in extract_file(realdata / f"gebze_kurumsal-mali-durum-ve-beklentiler-raporu_{year}.pdf").pages
             for line in page.text.splitlines() if re.search(r"\bcesitli", fold(line))]
    assert len(lines) >= 2, "precondition: 'çeşitli' occurs in the real reports"
    assert all("esitli" in fold(line) for line in lines)
    assert [(line, m.matched_text) for line in lines for m in gender.match(line)] == []
    assert not any(gender.relevance(line).relevant for line in lines)
