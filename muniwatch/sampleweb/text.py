"""Turn corpus objects into a neutral list of blocks that the PDF, DOCX and scan renderers share.

A block is a tuple: ``("title", s)``, ``("subtitle", s)``, ``("h1", s)``, ``("h2", s)``,
``("h3", s)``, ``("p", s)``, ``("center", s)``, ``("kv", label, value)``,
``("table", rows, widths)`` (first row is the header, widths are fractions of the text width),
``("sign", [[title, ...], [name, ...]])`` and ``("break",)``. Keeping layout out of this module is what
lets the same words be reflowed (a noise change) without changing a single word.
"""

from __future__ import annotations

from collections import OrderedDict

from muniwatch.sampleweb.model import (
    BASELINE_YEAR, YEARS, CommitteeReport, CouncilMonth, Plan, Programme, genitive,
    month_name, tr_date, tr_money, tr_number, tr_upper,
)

Block = tuple


def _dirs(names: tuple[str, ...]) -> str:
    return ", ".join(names) if names else "-"


def _money(v: float) -> str:
    return tr_money(v, suffix="")


def plan_blocks(plan: Plan) -> list[Block]:
    m = plan.municipality
    sub = f"{plan.period} STRATEJİK PLANI"
    blocks: list[Block] = [
        ("center", "T.C."), ("title", tr_upper(m.name)), ("subtitle", sub),
    ]
    if plan.revision:
        blocks.append(("center", f"({plan.revision})"))
        blocks.append(("center", f"Güncelleme Meclis Karar Tarihi: {tr_date(plan.approved)}"))
    else:
        blocks.append(("center", f"Meclis Onay Tarihi: {tr_date(plan.approved)}"))
    blocks += [
        ("break",),
        ("h1", "1. BAŞKANIN SUNUŞU"),
        ("p", f"Değerli {m.short} halkı, elinizdeki plan önümüzdeki beş yıl boyunca hangi hizmetleri "
              f"hangi öncelikle sunacağımızı gösteren yol haritamızdır. Planı birlikte hazırladığımız "
              f"tüm paydaşlarımıza teşekkür ederim."),
        ("p", f"{m.mayor}, {m.name} Başkanı"),
        ("h1", "2. DURUM ANALİZİ"),
        *[("p", t) for t in plan.intro],
        ("h2", "2.1. Paydaş Analizi"),
        ("p", "Plan hazırlık sürecinde görüşüne başvurulan paydaşlar: " + ", ".join(plan.stakeholders) + "."),
        ("h1", "3. AMAÇ VE HEDEFLER"),
        ("table", [["Kod", "Amaç / Hedef"]]
         + [r for g in plan.goals for r in ([[g.code, g.title]] + [[o.code, o.title] for o in g.objectives])],
         [0.22, 0.78]),
        ("break",),
        ("h1", "4. HEDEF KARTLARI"),
    ]
    for g in plan.goals:
        blocks.append(("h2", f"{g.code}: {g.title}"))
        for o in g.objectives:
            blocks += [
                ("h3", f"{o.code}: {o.title}"),
                ("kv", "Bağlı Olduğu Amaç", f"{g.code}: {g.title}"),
                ("kv", "Sorumlu Birim", o.directorate),
                ("kv", "İşbirliği Yapılacak Birimler", _dirs(o.cooperating)),
                ("p", "Performans Göstergeleri"),
                ("table", [["Kod", "Gösterge", "Birim", f"Başlangıç Değeri ({BASELINE_YEAR})",
                            *map(str, YEARS)]]
                 + [[i.code, i.name, i.unit, tr_number(i.baseline, i.unit),
                     *[tr_number(i.targets[y], i.unit) for y in YEARS]] for i in o.indicators],
                 [0.15, 0.27, 0.08, 0.14, 0.072, 0.072, 0.072, 0.072, 0.072]),
                ("p", "Faaliyet ve Projeler"),
                ("table", [["Kod", "Faaliyet / Proje", "Tür", "Sorumlu Birim", "Maliyet Tahmini (TL)"]]
                 + [[a.code, a.name, a.kind, a.directorate, _money(a.total_cost)] for a in o.activities],
                 [0.14, 0.36, 0.09, 0.24, 0.17]),
            ]
            for label, value in (("Riskler", o.risks), ("Tespitler", o.findings),
                                 ("İhtiyaçlar", o.needs)):
                if value:
                    blocks.append(("kv", label, value))
    blocks += [("break",), ("h1", "5. MALİYETLENDİRME"),
               ("p", "Faaliyet ve projelerin yıllara göre maliyet tahmini (TL):")]
    rows = [["Kod", *map(str, YEARS), "Toplam"]]
    for a in plan.activities():
        rows.append([a.code, *[_money(a.costs[y]) for y in YEARS], _money(a.total_cost)])
    rows.append(["TOPLAM", *[_money(sum(a.costs[y] for a in plan.activities())) for y in YEARS],
                 _money(sum(a.total_cost for a in plan.activities()))])
    blocks.append(("table", rows, [0.13, 0.145, 0.145, 0.145, 0.145, 0.145, 0.145]))
    return blocks


def _goal_of(plan_goals, objective_key: str):
    gkey = objective_key.split(".")[0]
    return next(g for g in plan_goals if g.key == gkey)


def programme_blocks(prog: Programme, goals) -> list[Block]:
    m, y = prog.municipality, prog.year
    by_obj: "OrderedDict[str, list]" = OrderedDict()
    for pa in prog.activities:
        by_obj.setdefault(pa.objective_key, []).append(pa)
    blocks: list[Block] = [
        ("center", "T.C."), ("title", tr_upper(m.name)), ("subtitle", f"{y} YILI PERFORMANS PROGRAMI"),
        ("break",),
        ("h1", "1. GENEL BİLGİLER"),
        ("p", f"Bu program, {m.name} 2025-2029 Stratejik Planının {y} yılı uygulama dilimidir. "
              f"Programda yer alan her faaliyetin bütçesi {y} yılı bütçesi ile ilişkilendirilmiştir."),
        ("h1", "2. PERFORMANS HEDEFLERİ VE FAALİYETLER"),
    ]
    for o in prog.objectives:
        if o.key not in by_obj:
            continue
        g = _goal_of(goals, o.key)
        blocks += [
            ("h2", f"Performans Hedefi {o.code}: {o.title}"),
            ("kv", "Bağlı Olduğu Amaç", f"{g.code}: {g.title}"),
            ("kv", "Sorumlu Birim", o.directorate),
            ("table", [["Kod", "Performans Göstergesi", "Birim", f"{y} Hedefi"]]
             + [[i.code, i.name, i.unit, tr_number(i.targets[y], i.unit)] for i in o.indicators],
             [0.16, 0.54, 0.12, 0.18]),
            ("table", [["Kod", "Faaliyet / Proje", "Sorumlu Birim", f"{y} Bütçesi (TL)"]]
             + [[pa.activity.code, pa.activity.name, pa.activity.directorate, _money(pa.budget)]
                for pa in by_obj[o.key]],
             [0.16, 0.42, 0.24, 0.18]),
        ]
    per_dir: "OrderedDict[str, float]" = OrderedDict()
    for pa in prog.activities:
        per_dir[pa.activity.directorate] = per_dir.get(pa.activity.directorate, 0) + pa.budget
    blocks += [
        ("h1", "3. BİRİMLERE GÖRE BÜTÇE"),
        ("table", [["Sorumlu Birim", f"{y} Bütçesi (TL)"]]
         + [[d, _money(v)] for d, v in per_dir.items()] + [["TOPLAM", _money(prog.total_budget)]],
         [0.7, 0.3]),
    ]
    return blocks


def _rate(realised: float, target: float) -> str:
    if not target:
        return "-"
    return tr_number(round(realised / target * 100, 1), "%")


def report_blocks(prog: Programme, goals) -> list[Block]:
    m, y = prog.municipality, prog.year
    budgets = {pa.activity.key: pa.budget for pa in prog.activities}
    blocks: list[Block] = [
        ("center", "T.C."), ("title", tr_upper(m.name)), ("subtitle", f"{y} YILI FAALİYET RAPORU"),
        ("break",),
        ("h1", "1. GENEL BİLGİLER"),
        ("p", f"Bu rapor, {m.name} tarafından {y} yılında yürütülen faaliyetlerin stratejik plan ve "
              f"performans programında belirlenen hedeflere göre sonuçlarını sunar."),
        ("h1", "2. PERFORMANS BİLGİLERİ"),
    ]
    for o in prog.objectives:
        blocks += [
            ("h2", f"{o.code}: {o.title}"),
            ("kv", "Sorumlu Birim", o.directorate),
            ("table", [["Kod", "Gösterge", f"{y} Hedefi", f"{y} Gerçekleşen", "Gerçekleşme Oranı"]]
             + [[i.code, i.name, tr_number(i.targets[y], i.unit), tr_number(i.realised[y], i.unit),
                 _rate(i.realised[y], i.targets[y])] for i in o.indicators],
             [0.15, 0.41, 0.14, 0.15, 0.15]),
            ("table", [["Kod", "Faaliyet / Proje", "Bütçe (TL)", "Harcama (TL)", "Durum"]]
             + [[a.code, a.name, _money(budgets.get(a.key, 0)), _money(a.spent[y]), a.status[y]]
                for a in o.activities],
             [0.15, 0.39, 0.16, 0.16, 0.14]),
        ]
    spent = sum(a.spent[y] for o in prog.objectives for a in o.activities)
    blocks += [
        ("h1", "3. DEĞERLENDİRME"),
        ("p", f"{y} yılında faaliyetler için ayrılan {tr_money(prog.total_budget)} bütçenin "
              f"{tr_money(spent)} tutarındaki kısmı harcanmıştır."),
    ]
    return blocks


def decision_blocks(month: CouncilMonth) -> list[Block]:
    m = month.municipality
    blocks: list[Block] = []
    for n, d in enumerate(month.decisions):
        if n:
            blocks.append(("break",))
        blocks += [
            ("center", "T.C."), ("center", tr_upper(m.name)), ("center", "MECLİS KARARI"),
            ("table", [["Karar Tarihi", tr_date(d.date), "Karar No", d.number],
                       ["Kararın Özü", d.summary, "", ""]], [0.2, 0.3, 0.2, 0.3]),
            ("kv", "KONU", d.subject),
            ("h3", "TEKLİF"),
            ("p", f"İlgi: {genitive(d.directorate)} {tr_date(d.letter_date)} tarihli ve {d.letter_no} "
                  f"sayılı yazısı."),
            *[("p", t) for t in d.proposal],
        ]
        if d.committee:
            blocks += [
                ("h3", "KOMİSYON İNCELEMESİ"),
                ("p", f"Teklif, {d.committee} tarafından incelenmiş ve rapora bağlanmıştır."),
                ("h3", "KOMİSYON GÖRÜŞÜ"),
                ("p", d.committee_opinion),
            ]
        blocks += [
            ("p", f"KARAR: Meclisimizin {tr_date(d.date)} tarihli birleşiminde yapılan görüşme "
                  f"sonucunda {d.decision_text}; yapılan işaretli oylamada {d.outcome} ile kabul "
                  f"edildi."),
            ("sign", [["Meclis Başkanı", "Kâtip Üye", "Kâtip Üye"],
                      [m.mayor, "Ayten Kılıçarslan", "Orhan Başaran"]]),
        ]
    return blocks


def committee_blocks(rep: CommitteeReport) -> list[Block]:
    m = rep.municipality
    return [
        ("center", "T.C."), ("center", tr_upper(m.name)), ("center", tr_upper(rep.committee) + " RAPORU"),
        ("kv", "Rapor Tarihi", tr_date(rep.report_date)),
        ("kv", "Toplantı Dönemi", f"{month_name(rep.month)} {rep.year}"),
        ("kv", "Konu", rep.subject),
        ("h3", "İNCELEME"),
        *[("p", t) for t in rep.paragraphs],
        ("h3", "SONUÇ"),
        ("p", rep.conclusion),
        ("p", "Komisyon Üyeleri: " + "; ".join(rep.members) + "."),
    ]


def old_plan_blocks(name: str) -> list[Block]:
    """The 2020-2024 plan kept behind a robots.txt Disallow (a trap; its text barely matters)."""
    return [
        ("center", "T.C."), ("title", tr_upper(name)), ("subtitle", "2020-2024 STRATEJİK PLANI"),
        ("p", "Bu plan dönemi sona ermiştir; arşiv amacıyla saklanmaktadır."),
        ("p", "Amaç 1: Temel altyapı hizmetlerini yaygınlaştırmak."),
        ("p", "Hedef 1.1: Yol ağını genişletmek. Sorumlu Birim: Fen İşleri Müdürlüğü."),
    ]
