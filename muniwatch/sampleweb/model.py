"""The shapes of the sample corpus, and the Turkish number/date formats documents print.

Every sample document is rendered from these dataclasses, so a test can compare what a parser
extracted with the data the document was made from (``corpus.py`` exposes the accessors).

Codes: each item keeps ``key`` (the hierarchical number, "1", "1.2", "1.2.3") and ``code`` (the
label as printed in *that* municipality's documents: "Amaç 1", "A1", "AMAÇ 02", "Stratejik Amaç 1";
"Hedef 1.1", "H1.1", "HEDEF 2.3"; "PG1.1.1", "PERFORMANS 5.3.1"). Parsers return printed codes;
tests map them back through ``key``.

Gender themes (``theme`` fields, ``None`` when not gender-relevant) are our own short labels:
``esitlik`` (equality mechanisms, YEEP, equality unit), ``bakim`` (care: kreş, gündüz bakımevi,
evde bakım), ``siddet`` (violence prevention: danışma merkezi, sığınmaevi/konukevi), ``istihdam``
(women's employment, cooperatives), ``katilim`` (participation, kadın meclisi), ``guvenlik``
(safety in public space: lighting, emergency buttons).
"""

from __future__ import annotations

import dataclasses
from datetime import date

YEARS = (2025, 2026, 2027, 2028, 2029)
PLAN_PERIOD = "2025-2029"
BASELINE_YEAR = 2024

GENDER_THEMES = ("esitlik", "bakim", "siddet", "istihdam", "katilim", "guvenlik")


@dataclasses.dataclass(frozen=True)
class CodeStyle:
    """How one municipality prints its codes (real plans differ, parsers must cope)."""

    goal: str        # format with n: e.g. "Amaç {n}", "A{n}", "AMAÇ {n:02d}", "Stratejik Amaç {n}"
    objective: str   # format with g, o: "Hedef {g}.{o}", "H{g}.{o}", "HEDEF {g}.{o}"
    indicator: str   # format with g, o, i: "PG{g}.{o}.{i}", "PERFORMANS {g}.{o}.{i}"
    activity: str    # format with g, o, i: "F{g}.{o}.{i}", "Faaliyet {g}.{o}.{i}"


@dataclasses.dataclass(frozen=True)
class Indicator:
    key: str                      # "1.2.1"
    code: str                     # as printed
    name: str
    unit: str                     # "adet", "kişi", "%", "km", "m²"
    baseline: float               # value in BASELINE_YEAR
    targets: dict[int, float]     # year -> target
    realised: dict[int, float]    # year -> realised value (activity reports)
    sex: str | None = None        # "kadın" / "erkek" for a sex-split indicator, else None
    theme: str | None = None


@dataclasses.dataclass(frozen=True)
class Activity:
    key: str
    code: str
    name: str
    kind: str                     # "Faaliyet" or "Proje"
    costs: dict[int, float]       # year -> TL
    directorate: str              # sorumlu birim of the activity
    spent: dict[int, float]       # year -> TL actually spent (activity reports)
    status: dict[int, str]        # year -> "Tamamlandı" / "Devam Ediyor" / "Başlanmadı"
    theme: str | None = None

    @property
    def total_cost(self) -> float:
        return sum(self.costs.values())


@dataclasses.dataclass(frozen=True)
class Objective:
    key: str
    code: str
    parent_key: str
    parent_code: str
    title: str
    directorate: str                   # Sorumlu Birim
    cooperating: tuple[str, ...]       # İşbirliği Yapılacak Birimler
    indicators: tuple[Indicator, ...]
    activities: tuple[Activity, ...]
    risks: str = ""
    findings: str = ""                 # Tespitler
    needs: str = ""                    # İhtiyaçlar
    theme: str | None = None


@dataclasses.dataclass(frozen=True)
class Goal:
    key: str
    code: str
    title: str
    objectives: tuple[Objective, ...]
    theme: str | None = None


@dataclasses.dataclass(frozen=True)
class Municipality:
    id: str
    name: str                 # "Çamlıova Belediyesi"
    short: str                # "Çamlıova"
    province: str
    kind: str                 # constants.MUNICIPALITY_KINDS
    equality_unit: str | None
    mayor: str
    population: int
    women_share: str          # printed share of women in the population, e.g. "%50,4"


@dataclasses.dataclass(frozen=True)
class Plan:
    municipality: Municipality
    period: str
    revision: str                  # "" for the approved plan, "Güncelleme 1" for a revision
    approved: date                 # council approval date
    intro: tuple[str, ...]         # paragraphs of the introduction / situation analysis
    stakeholders: tuple[str, ...]
    goals: tuple[Goal, ...]

    def objectives(self) -> list[Objective]:
        return [o for g in self.goals for o in g.objectives]

    def indicators(self) -> list[Indicator]:
        return [i for o in self.objectives() for i in o.indicators]

    def activities(self) -> list[Activity]:
        return [a for o in self.objectives() for a in o.activities]


@dataclasses.dataclass(frozen=True)
class ProgrammeActivity:
    """One activity as a performance programme or activity report prints it (the year's slice)."""

    objective_key: str
    activity: Activity
    budget: float                  # that year's budget (may differ from the plan's costs[year])


@dataclasses.dataclass(frozen=True)
class Programme:
    municipality: Municipality
    year: int
    version: int
    objectives: tuple[Objective, ...]          # objectives included, in plan order
    activities: tuple[ProgrammeActivity, ...]

    @property
    def total_budget(self) -> float:
        return sum(a.budget for a in self.activities)


@dataclasses.dataclass(frozen=True)
class Decision:
    number: str                    # "2025/87"
    date: date
    subject: str                   # KONU
    summary: str                   # Kararın Özü (one line)
    directorate: str               # proposing directorate (İlgi)
    letter_date: date
    letter_no: str                 # "E-41829377-105.03-5521"
    proposal: tuple[str, ...]      # TEKLİF paragraphs
    committee: str                 # committee that examined it ("" when decided directly)
    committee_opinion: str
    outcome: str                   # "oy birliği" / "oy çokluğu"
    decision_text: str             # the operative part before "... ile kabul edildi."
    theme: str | None = None


@dataclasses.dataclass(frozen=True)
class CouncilMonth:
    municipality: Municipality
    year: int
    month: int
    meeting_date: date
    decisions: tuple[Decision, ...]

    @property
    def period(self) -> str:
        return f"{self.year}-{self.month:02d}"


@dataclasses.dataclass(frozen=True)
class AgendaItem:
    number: int
    text: str
    directorate: str
    theme: str | None = None


@dataclasses.dataclass(frozen=True)
class Agenda:
    municipality: Municipality
    year: int
    month: int
    meeting_date: date
    items: tuple[AgendaItem, ...]

    @property
    def period(self) -> str:
        return f"{self.year}-{self.month:02d}"


@dataclasses.dataclass(frozen=True)
class CommitteeReport:
    municipality: Municipality
    committee: str                 # "Kadın-Erkek Fırsat Eşitliği Komisyonu"
    slug: str                      # variant used in document identity
    year: int
    month: int
    report_date: date
    subject: str
    members: tuple[str, ...]
    paragraphs: tuple[str, ...]
    conclusion: str
    theme: str | None = "esitlik"

    @property
    def period(self) -> str:
        return f"{self.year}-{self.month:02d}"


@dataclasses.dataclass(frozen=True)
class BudgetLine:
    code: str                      # economic code "01", "03.2"
    name: str
    budget: float
    spent_half: float              # first six months


# --- Turkish formats ---------------------------------------------------------------------------

TR_MONTHS = ("Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül",
             "Ekim", "Kasım", "Aralık")


def tr_money(value: float, suffix: str = " TL") -> str:
    """4625000 -> '4.625.000,00 TL' (dot thousands, comma decimals)."""
    cents = round(value * 100)
    whole, frac = divmod(abs(cents), 100)
    text = f"{whole:,}".replace(",", ".") + f",{frac:02d}"
    return ("-" if cents < 0 else "") + text + suffix


def tr_number(value: float, unit: str = "") -> str:
    """Indicator values: '1.250', '12,5', '%85' for percentages."""
    if unit == "%":
        return "%" + tr_decimal(value)
    return tr_decimal(value)


def tr_decimal(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    whole = int(abs(value))
    frac = f"{abs(value):.2f}".split(".")[1].rstrip("0")
    return ("-" if value < 0 else "") + f"{whole:,}".replace(",", ".") + "," + frac


def tr_date(d: date) -> str:
    return d.strftime("%d.%m.%Y")


def tr_long_date(d: date) -> str:
    return f"{d.day} {TR_MONTHS[d.month - 1]} {d.year}"


def month_name(month: int) -> str:
    return TR_MONTHS[month - 1]


def tr_upper(text: str) -> str:
    """Turkish upper case for rendering headings ('Mavikıyı' -> 'MAVİKIYI'); not for matching."""
    return text.replace("i", "İ").replace("ı", "I").upper()


def genitive(name: str) -> str:
    """Turkish genitive suffix after a proper name: "... Müdürlüğü'nün", "... Meclisi'nin"."""
    vowels = [c for c in name.lower() if c in "aeıioöuü"]
    last = vowels[-1] if vowels else "e"
    ending = {"a": "ın", "ı": "ın", "e": "in", "i": "in", "o": "un", "u": "un", "ö": "ün",
              "ü": "ün"}[last]
    if name[-1].lower() in "aeıioöuü":
        ending = "n" + ending
    return f"{name}'{ending}"
