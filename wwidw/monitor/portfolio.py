"""Monitoring at a glance for many interventions at once: the status of every goal, spending and
budgets, computed with a handful of queries (the portfolio dashboard and the catalogue facets
use it for hundreds or thousands of interventions; one query per goal would not do)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from wwidw.interventions.models import Intervention
from wwidw.monitor import calc
from wwidw.monitor.models import (
    ActivityRecord,
    CostEntry,
    FunderBudget,
    Goal,
    GoalTarget,
    Measurement,
)
from wwidw.neighbourhoods.models import IndicatorValue

CHUNK = 900  # stays under SQLite's limit of bound parameters


@dataclass
class Summary:
    intervention_id: int
    statuses: Counter = field(default_factory=Counter)
    goals: int = 0
    has_data: bool = False
    spent_cents: int = 0
    budget_cents: int | None = None

    @property
    def worst(self) -> str | None:
        """The status that needs attention first, for sorting and filtering."""
        for code in (calc.OVERDUE, calc.BEHIND, calc.NO_DATA, calc.ON_TRACK, calc.ACHIEVED):
            if self.statuses.get(code):
                return code
        return None


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def summaries(session: Session, intervention_ids: list[int] | None, today: date
              ) -> dict[int, Summary]:
    """Per intervention: goal statuses, whether it has monitoring data, spent and budget.
    ``None`` means every intervention that has goals, activities or costs."""
    goal_query = select(Goal.id, Goal.intervention_id, Goal.direction, Goal.baseline_value,
                        Goal.baseline_na, Goal.cumulative, Goal.measure, Goal.area_id,
                        Goal.indicator_key)
    if intervention_ids is None:
        goals = list(session.execute(goal_query))
        ids = sorted({g.intervention_id for g in goals}
                     | set(session.scalars(select(ActivityRecord.intervention_id).distinct()))
                     | set(session.scalars(select(CostEntry.intervention_id).distinct())))
    else:
        ids = sorted(set(intervention_ids))
        goals = [row for chunk in _chunks(ids)
                 for row in session.execute(goal_query.where(Goal.intervention_id.in_(chunk)))]
    result = {i: Summary(i) for i in ids}
    goal_ids = [g.id for g in goals]
    targets: dict[int, list] = {}
    observed: dict[int, list[calc.Observation]] = {}
    for chunk in _chunks(goal_ids):
        for row in session.execute(select(GoalTarget.goal_id, GoalTarget.period_start,
                                          GoalTarget.period_end, GoalTarget.value)
                                   .where(GoalTarget.goal_id.in_(chunk))):
            targets.setdefault(row.goal_id, []).append(row)
        for goal_id, day, value in session.execute(
                select(Measurement.goal_id, Measurement.measured_on, Measurement.value)
                .where(Measurement.goal_id.in_(chunk))):
            observed.setdefault(goal_id, []).append(calc.Observation(day, value))
    owners = _owners(session, ids)
    for goal_id, points in _linked_figures(session, goals, owners).items():
        observed.setdefault(goal_id, []).extend(points)
    for goal in goals:
        summary = result[goal.intervention_id]
        summary.goals += 1
        seen = observed.get(goal.id, [])
        summary.has_data = summary.has_data or bool(seen)
        current = _current(targets.get(goal.id, []), today)
        if current is None:
            continue
        actual = calc.aggregate(seen, goal.cumulative, goal.measure, start=current.period_start,
                                end=min(today, current.period_end))
        status = calc.status(direction=goal.direction, baseline=goal.baseline_value,
                             baseline_na=goal.baseline_na, target=current.value,
                             start=current.period_start, end=current.period_end,
                             actual=actual, today=today)
        summary.statuses[status.code] += 1
    for chunk in _chunks(ids):
        for intervention_id, spent in session.execute(
                select(CostEntry.intervention_id, func.sum(CostEntry.amount_cents))
                .where(CostEntry.intervention_id.in_(chunk)).group_by(CostEntry.intervention_id)):
            result[intervention_id].spent_cents = int(spent or 0)
            result[intervention_id].has_data = True
        for intervention_id, budget in session.execute(
                select(FunderBudget.intervention_id, func.sum(FunderBudget.amount_cents))
                .where(FunderBudget.intervention_id.in_(chunk))
                .group_by(FunderBudget.intervention_id)):
            result[intervention_id].budget_cents = int(budget or 0)
        for intervention_id in session.scalars(
                select(ActivityRecord.intervention_id)
                .where(ActivityRecord.intervention_id.in_(chunk)).distinct()):
            result[intervention_id].has_data = True
        for intervention_id, budget in session.execute(
                select(Intervention.id, Intervention.budget_cents)
                .where(Intervention.id.in_(chunk), Intervention.budget_cents.is_not(None))):
            if result[intervention_id].budget_cents is None:
                result[intervention_id].budget_cents = budget
    return result


def _current(targets: list, today: date):
    ordered = sorted(targets, key=lambda t: t.period_end)
    for target in ordered:
        if target.period_end >= today:
            return target
    return ordered[-1] if ordered else None


def _owners(session: Session, ids: list[int]) -> dict[int, int]:
    owners: dict[int, int] = {}
    for chunk in _chunks(ids):
        owners.update(session.execute(select(Intervention.id, Intervention.organisation_id)
                                      .where(Intervention.id.in_(chunk))).all())
    return owners


def _linked_figures(session: Session, goals: list, owners: dict[int, int]
                    ) -> dict[int, list[calc.Observation]]:
    """Figures of linked goals as their owner sees them: official, own local or shared."""
    linked = [g for g in goals if g.area_id is not None and g.indicator_key]
    if not linked:
        return {}
    areas = sorted({g.area_id for g in linked})
    keys = sorted({g.indicator_key for g in linked})
    rows = list(session.execute(select(
        IndicatorValue.area_id, IndicatorValue.indicator_key, IndicatorValue.year,
        IndicatorValue.value, IndicatorValue.organisation_id, IndicatorValue.shared)
        .where(IndicatorValue.area_id.in_(areas), IndicatorValue.indicator_key.in_(keys),
               IndicatorValue.value.is_not(None),
               or_(IndicatorValue.organisation_id.is_(None), IndicatorValue.shared.is_(True),
                   IndicatorValue.organisation_id.in_(set(owners.values()))))))
    result: dict[int, list[calc.Observation]] = {}
    for goal in linked:
        owner = owners.get(goal.intervention_id)
        by_year: dict[int, tuple[int, float]] = {}
        for row in rows:
            if row.area_id != goal.area_id or row.indicator_key != goal.indicator_key:
                continue
            if row.organisation_id not in (None, owner) and not row.shared:
                continue
            rank = 0 if row.organisation_id is None else (2 if row.organisation_id == owner else 1)
            if row.year not in by_year or rank > by_year[row.year][0]:
                by_year[row.year] = (rank, row.value)
        result[goal.id] = [calc.Observation(date(year, 1, 1), value)
                           for year, (_rank, value) in sorted(by_year.items())]
    return result
