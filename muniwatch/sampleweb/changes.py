"""What epoch 2 changes, stated as data: the answer key for diff, promise and alert tests.

Categories: ``gender`` (must alert a gender-equality monitor), ``noise`` (bytes change, meaning does
not: must never alert), ``new`` (documents that appear), ``failure`` (a source that errors or
hangs: must never be recorded as a change or a deletion). ``kinds`` use muniwatch.constants change
kinds: the version diff's kind first, then the promise tracker's where one applies. Values are in TL
or indicator units. Tests check this list against the corpus and against the served bytes.
"""

from __future__ import annotations

import dataclasses

from muniwatch import constants as C
from muniwatch.sampleweb import data_council, data_camliova


@dataclasses.dataclass(frozen=True)
class DesignedChange:
    id: str
    category: str                      # gender | noise | new | failure
    kinds: tuple[str, ...]             # constants.CHANGE_* (empty: nothing may be reported)
    theme: str | None                  # gender theme (model.GENDER_THEMES) or None
    municipality_id: str
    doc_type: str
    period: str
    identities: tuple[tuple[str, str, str, str], ...]   # documents whose bytes/existence change
    where: str
    before: str | None = None
    after: str | None = None
    before_value: float | None = None
    after_value: float | None = None
    gender_alert: bool = False
    description: str = ""

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


def _id(mid: str, doc_type: str, period: str, variant: str = "") -> tuple[str, str, str, str]:
    return (mid, doc_type, period, variant)


_PP = C.PERFORMANCE_PROGRAMME
_YES_NURSERY_2026 = 3_200_000.0
_ALT_COUNSELLING_2026 = 680_000.0

DESIGNED_CHANGES: tuple[DesignedChange, ...] = (
    DesignedChange(
        "camliova-kres-butce-kesintisi", "gender", (C.CHANGE_MODIFIED, C.CHANGE_PROMISE_CUT), "bakim",
        "camliova", _PP, "2026", (_id("camliova", _PP, "2026"),),
        "Hedef 1.3 / F1.3.1 Mahalle kreşlerinin açılması ve işletilmesi: 2026 Bütçesi",
        "3.200.000,00 TL", "1.900.000,00 TL", _YES_NURSERY_2026, data_camliova.NURSERY_2026_CUT, True,
        "The 2026 programme is re-published at the same URL with the nursery budget cut; the plan "
        "still says 3.200.000,00 TL for 2026."),
    DesignedChange(
        "altinkoru-danisma-merkezi-programdan-cikarildi", "gender", (C.CHANGE_REMOVED, C.CHANGE_PROMISE_DROPPED),
        "siddet", "altinkoru", _PP, "2026", (_id("altinkoru", _PP, "2026"),),
        "Stratejik Hedef 1.1 / Faaliyet 1.1.1 Kadın Danışma Merkezi hizmetlerinin yürütülmesi",
        "680.000,00 TL", None, _ALT_COUNSELLING_2026, None, True,
        "The 2026 programme is re-published without the counselling centre activity, which is in the "
        "plan (2026: 680.000,00 TL) and in the 2025 programme."),
    DesignedChange(
        "camliova-plan-guncelleme-yeep", "gender", (C.CHANGE_ADDED,), "esitlik",
        "camliova", C.STRATEGIC_PLAN, "2025-2029", (_id("camliova", C.STRATEGIC_PLAN, "2025-2029"),),
        "Amaç 1 / Hedef 1.4 Yerel eşitlik eylem planını hazırlamak ve uygulamak (PG1.4.1, F1.4.1)",
        None, "Hedef 1.4", None, None, True,
        "Plan revision 'Güncelleme 1' at a new URL (the old URL 301s to it; sp.gov.tr lists the new "
        "file): same identity, new version, one objective added."),
    DesignedChange(
        "altinkoru-konukevi-karari", "gender", (C.CHANGE_NEW_DECISION,), "siddet",
        "altinkoru", C.COUNCIL_DECISIONS, "2025-08",
        (_id("altinkoru", C.COUNCIL_DECISIONS, "2025-08"), _id("altinkoru", C.COUNCIL_DECISIONS, "2025-08", "ozet")),
        f"Karar {data_council.SHELTER_DECISION}: Kadın konukevi açılması ve işletme yönergesi",
        None, data_council.SHELTER_DECISION, None, None, True,
        "A new council month (bundle PDF + HTML summary) holds a decision to open a women's shelter."),
    DesignedChange(
        "camliova-pp2025-metadata", "noise", (), None, "camliova", _PP, "2025",
        (_id("camliova", _PP, "2025"),), "PDF metadata (creator, producer, subject, keywords)",
        description="Re-exported with new metadata: different bytes, identical text."),
    DesignedChange(
        "ilginpinar-pp2025-reflow", "noise", (), None, "ilginpinar", _PP, "2025",
        (_id("ilginpinar", _PP, "2025"),), "whole document: font size, margins, line and page breaks",
        description="Same words in the same order, different layout (no running header/footer, so "
                    "no page numbers shift)."),
    DesignedChange(
        "altinkoru-fr2025-baski-tarihi", "noise", (), None, "altinkoru", C.ACTIVITY_REPORT, "2025",
        (_id("altinkoru", C.ACTIVITY_REPORT, "2025"),), "footer of every page",
        "Baskı Tarihi: 15.04.2026", "Baskı Tarihi: 05.05.2026",
        description="Only the print date in the footer changes."),
    DesignedChange(
        "ilginpinar-fr2025-yeni", "new", (C.CHANGE_NEW_DOCUMENT,), None, "ilginpinar", C.ACTIVITY_REPORT,
        "2025", (_id("ilginpinar", C.ACTIVITY_REPORT, "2025"),), "/api/yayinlar.json (JavaScript list)",
        description="The 2025 activity report appears on the JavaScript site."),
    DesignedChange(
        "altinkoru-2025-08-yeni-ay", "new", (C.CHANGE_NEW_DOCUMENT,), None, "altinkoru", C.COUNCIL_DECISIONS,
        "2025-08", (_id("altinkoru", C.COUNCIL_DECISIONS, "2025-08"),
                    _id("altinkoru", C.COUNCIL_DECISIONS, "2025-08", "ozet")),
        "/meclis/ lists /meclis-kararlari/2025-8 and its PDF bundle",
        description="A new council month: the bundle and its HTML summary page."),
    DesignedChange(
        "mavikiyi-kaynak-hatasi", "failure", (), None, "mavikiyi", "", "", (),
        "/Belgeler?sayfa=1..3 and /Dosya/Indir/* answer 500",
        description="The CMS source fails: no change and no deletion may be recorded for its "
                    "documents (its plan stays reachable on sp.gov.tr)."),
    DesignedChange(
        "camliova-mali-durum-askida", "failure", (), None, "camliova", C.FINANCIAL_REPORT, "2025", (),
        "/kurumsal/mali-durum/ answers only after hang_seconds",
        description="The only page linking the XLSX hangs longer than a crawler's timeout: a "
                    "timeout, never a deletion."),
)


def by_id(change_id: str) -> DesignedChange:
    for ch in DESIGNED_CHANGES:
        if ch.id == change_id:
            return ch
    raise KeyError(change_id)
