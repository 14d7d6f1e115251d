"""Truth accessors: the structured data every sample document is rendered from, per epoch.

Tests (now and in later issues) compare parser output with these objects: ``plan(mid, epoch)``,
``programme(mid, year, epoch)``, ``activity_report(mid, year)``, ``council_months(mid, epoch)``,
``agenda(mid)``, ``committee_reports(mid)``, ``budget_lines(mid)``. Nothing here renders or serves.

Epoch differences that live in the data (the rest are in ``catalog.py``):

- Çamlıova's plan is revised in epoch 2 ("Güncelleme 1", adds Hedef 1.4 on a YEEP).
- Çamlıova's 2026 programme v2 (epoch 2) cuts the nursery activity F1.3.1 to 1.900.000,00 TL.
- Altınkoru's 2026 programme v2 (epoch 2) drops the counselling centre activity Faaliyet 1.1.1.
- Altınkoru's August 2025 bundle (with the shelter decision 2025/97) exists from epoch 2.
"""

from __future__ import annotations

from muniwatch.sampleweb import data_council, data_others, data_camliova
from muniwatch.sampleweb.model import (
    Agenda, BudgetLine, CommitteeReport, CouncilMonth, Municipality, Plan, Programme,
    ProgrammeActivity,
)

MUNICIPALITIES: dict[str, Municipality] = {
    m.id: m for m in (data_camliova.MUNI, data_others.MAVIKIYI, data_others.ILGINPINAR,
                      data_others.ALTINKORU)
}
UNREGISTERED: dict[str, Municipality] = {data_others.GUNEYYAKA.id: data_others.GUNEYYAKA}

_PLAN_BUILDERS = {
    "mavikiyi": data_others.mavikiyi_plan,
    "ilginpinar": data_others.ilginpinar_plan,
    "altinkoru": data_others.altinkoru_plan,
    "guneyyaka": data_others.guneyyaka_plan,
}

# (municipality, year) -> {version: overrides}; version 2 is what epoch 2 publishes.
_PROGRAMME_OVERRIDES: dict[tuple[str, int], dict[int, dict]] = {
    ("camliova", 2026): {2: {"budget": {data_camliova.NURSERY_KEY: data_camliova.NURSERY_2026_CUT}}},
    ("altinkoru", 2026): {2: {"omit": {data_others.ALTINKORU_COUNSELLING_KEY}}},
}

PROGRAMME_YEARS = (2025, 2026)
REPORT_YEAR = 2025


class UnknownMunicipality(KeyError):
    """A municipality id that the sample corpus does not know."""


def municipality(mid: str) -> Municipality:
    try:
        return MUNICIPALITIES.get(mid) or UNREGISTERED[mid]
    except KeyError:
        raise UnknownMunicipality(mid) from None


def plan_revised(mid: str, epoch: int) -> bool:
    return mid == "camliova" and epoch >= 2


def plan(mid: str, epoch: int = 1) -> Plan:
    """The strategic plan 2025-2029 as published in ``epoch``."""
    if mid == "camliova":
        return data_camliova.plan(revised=plan_revised(mid, epoch))
    try:
        return _PLAN_BUILDERS[mid]()
    except KeyError:
        raise UnknownMunicipality(mid) from None


def programme_version(mid: str, year: int, epoch: int) -> int:
    versions = _PROGRAMME_OVERRIDES.get((mid, year), {})
    return 2 if epoch >= 2 and 2 in versions else 1


def programme(mid: str, year: int, epoch: int = 1) -> Programme:
    """The year's slice of the approved plan, with the version-specific overrides applied.

    Programmes are derived from the *approved* plan (the revision of March 2026 came after them).
    """
    version = programme_version(mid, year, epoch)
    overrides = _PROGRAMME_OVERRIDES.get((mid, year), {}).get(version, {})
    omit = overrides.get("omit", set())
    budgets = overrides.get("budget", {})
    base = plan(mid, 1)
    acts = []
    for o in base.objectives():
        for a in o.activities:
            if a.key in omit or not a.costs.get(year):
                continue
            acts.append(ProgrammeActivity(o.key, a, budgets.get(a.key, a.costs[year])))
    return Programme(municipality=base.municipality, year=year, version=version,
                     objectives=tuple(base.objectives()), activities=tuple(acts))


def activity_report(mid: str, year: int = REPORT_YEAR) -> Programme:
    """What the year's activity report compares against: the year's programme (version 1).

    Realised values are on the plan items themselves (``Indicator.realised[year]``,
    ``Activity.spent[year]``, ``Activity.status[year]``).
    """
    return programme(mid, year, 1)


def council_months(mid: str, epoch: int = 1) -> list[CouncilMonth]:
    """Decision bundles published in ``epoch`` (the August 2025 bundle appears in epoch 2)."""
    months = data_council.council_months(mid)
    if epoch < 2:
        months = [m for m in months if not (mid == "altinkoru" and (m.year, m.month) == (2025, 8))]
    return months


def council_month(mid: str, period: str) -> CouncilMonth:
    for m in data_council.council_months(mid):
        if m.period == period:
            return m
    raise KeyError(f"{mid}: no council month {period}")


def agenda(mid: str) -> list[Agenda]:
    return [data_council.altinkoru_agenda()] if mid == "altinkoru" else []


def committee_reports(mid: str) -> list[CommitteeReport]:
    return [data_council.altinkoru_committee_report()] if mid == "altinkoru" else []


def budget_lines(mid: str) -> list[BudgetLine]:
    """Çamlıova's mid-2025 budget table (the XLSX Kurumsal Mali Durum ve Beklentiler Raporu)."""
    if mid != "camliova":
        return []
    return [
        BudgetLine("01", "Personel Giderleri", 412_500_000, 198_740_215.40),
        BudgetLine("02", "Sosyal Güvenlik Kurumlarına Devlet Primi Giderleri", 61_200_000, 29_884_120.75),
        BudgetLine("03", "Mal ve Hizmet Alım Giderleri", 688_000_000, 301_455_872.10),
        BudgetLine("04", "Faiz Giderleri", 24_000_000, 11_930_004.00),
        BudgetLine("05", "Cari Transferler", 38_750_000, 17_118_650.33),
        BudgetLine("06", "Sermaye Giderleri", 415_000_000, 142_377_901.62),
        BudgetLine("07", "Sermaye Transferleri", 5_000_000, 0.0),
        BudgetLine("09", "Yedek Ödenekler", 55_550_000, 0.0),
    ]
