"""A compact way to write plan data by hand, and the builder that numbers and codes it.

Data modules write goals as nested calls (``goal(title, [obj(..., inds=[ind(...)], acts=[act(...)])])``);
:func:`build_plan` assigns keys ("1", "1.2", "1.2.3") and printed codes through the municipality's
:class:`~muniwatch.sampleweb.model.CodeStyle`, so numbering can never drift from the data.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from muniwatch.sampleweb.model import (
    YEARS, Activity, CodeStyle, Goal, Indicator, Municipality, Objective, Plan,
)


@dataclasses.dataclass(frozen=True)
class IndSpec:
    name: str
    unit: str
    baseline: float
    targets: tuple[float, ...]
    realised_2025: float
    sex: str | None = None
    theme: str | None = None


@dataclasses.dataclass(frozen=True)
class ActSpec:
    name: str
    kind: str
    costs: tuple[float, ...]
    spent_2025: float
    status_2025: str
    theme: str | None = None
    directorate: str | None = None


@dataclasses.dataclass(frozen=True)
class ObjSpec:
    title: str
    directorate: str
    cooperating: tuple[str, ...]
    inds: tuple[IndSpec, ...]
    acts: tuple[ActSpec, ...]
    theme: str | None = None
    risks: str = ""
    findings: str = ""
    needs: str = ""


@dataclasses.dataclass(frozen=True)
class GoalSpec:
    title: str
    objs: tuple[ObjSpec, ...]
    theme: str | None = None


def ind(name: str, unit: str, baseline: float, targets: tuple[float, ...], realised_2025: float,
        sex: str | None = None, theme: str | None = None) -> IndSpec:
    if len(targets) != len(YEARS):
        raise ValueError(f"indicator {name!r}: need {len(YEARS)} yearly targets, got {len(targets)}")
    return IndSpec(name, unit, baseline, tuple(targets), realised_2025, sex, theme)


def act(name: str, kind: str, costs: tuple[float, ...], spent_2025: float, status_2025: str,
        theme: str | None = None, directorate: str | None = None) -> ActSpec:
    if len(costs) != len(YEARS):
        raise ValueError(f"activity {name!r}: need {len(YEARS)} yearly costs, got {len(costs)}")
    return ActSpec(name, kind, tuple(costs), spent_2025, status_2025, theme, directorate)


def obj(title: str, directorate: str, cooperating: tuple[str, ...] | list[str], inds: list[IndSpec],
        acts: list[ActSpec], theme: str | None = None, risks: str = "", findings: str = "",
        needs: str = "") -> ObjSpec:
    return ObjSpec(title, directorate, tuple(cooperating), tuple(inds), tuple(acts), theme, risks,
                   findings, needs)


def goal(title: str, objs: list[ObjSpec], theme: str | None = None) -> GoalSpec:
    return GoalSpec(title, tuple(objs), theme)


def build_goals(style: CodeStyle, specs: list[GoalSpec]) -> tuple[Goal, ...]:
    goals = []
    for g_no, g in enumerate(specs, start=1):
        g_code = style.goal.format(n=g_no)
        objectives = []
        for o_no, o in enumerate(g.objs, start=1):
            o_key = f"{g_no}.{o_no}"
            indicators = tuple(
                Indicator(
                    key=f"{o_key}.{i_no}",
                    code=style.indicator.format(g=g_no, o=o_no, i=i_no),
                    name=i.name, unit=i.unit, baseline=i.baseline,
                    targets=dict(zip(YEARS, i.targets)),
                    realised={2025: i.realised_2025},
                    sex=i.sex, theme=i.theme,
                )
                for i_no, i in enumerate(o.inds, start=1)
            )
            activities = tuple(
                Activity(
                    key=f"{o_key}.{a_no}",
                    code=style.activity.format(g=g_no, o=o_no, i=a_no),
                    name=a.name, kind=a.kind,
                    costs=dict(zip(YEARS, a.costs)),
                    directorate=a.directorate or o.directorate,
                    spent={2025: a.spent_2025},
                    status={2025: a.status_2025},
                    theme=a.theme,
                )
                for a_no, a in enumerate(o.acts, start=1)
            )
            objectives.append(Objective(
                key=o_key, code=style.objective.format(g=g_no, o=o_no),
                parent_key=str(g_no), parent_code=g_code, title=o.title,
                directorate=o.directorate, cooperating=o.cooperating,
                indicators=indicators, activities=activities,
                risks=o.risks, findings=o.findings, needs=o.needs, theme=o.theme,
            ))
        goals.append(Goal(key=str(g_no), code=g_code, title=g.title, objectives=tuple(objectives),
                          theme=g.theme))
    return tuple(goals)


def build_plan(muni: Municipality, style: CodeStyle, specs: list[GoalSpec], *, approved: date,
               intro: tuple[str, ...], stakeholders: tuple[str, ...], revision: str = "") -> Plan:
    return Plan(municipality=muni, period="2025-2029", revision=revision, approved=approved,
                intro=intro, stakeholders=stakeholders, goals=build_goals(style, specs))
