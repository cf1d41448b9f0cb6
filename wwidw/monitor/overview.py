"""What the monitor page of one intervention shows: each goal with its status and SMART check,
the reach per period, and spending against the funders' budgets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from wwidw.interventions.models import Intervention
from wwidw.interventions.services import Viewer
from wwidw.monitor import calc, services, smart
from wwidw.monitor.models import ActivityRecord, CostEntry, FunderBudget, Goal, GoalTarget


@dataclass
class GoalView:
    goal: Goal
    status: calc.Status | None
    target: GoalTarget | None
    latest: calc.Observation | None
    smart: list[smart.LetterCheck]

    @property
    def smart_ok(self) -> bool:
        return all(letter.ok for letter in self.smart)


@dataclass
class PeriodReach:
    period_start: date
    period_end: date
    sessions: int
    participants: int
    new_participants: int
    volunteer_hours: float
    professional_hours: float


@dataclass
class Overview:
    intervention: Intervention
    goals: list[GoalView]
    reach: list[PeriodReach]
    total_reach: int
    spending: list[calc.FunderSpend]
    spent_cents: int
    budget_cents: int | None
    cost_per_participant_cents: int | None

    def count(self, code: str) -> int:
        return sum(1 for g in self.goals if g.status is not None and g.status.code == code)


def has_budget(intervention: Intervention, budgets: list[FunderBudget]) -> bool:
    return bool(intervention.budget_cents) or any(b.amount_cents for b in budgets)


def build(session: Session, intervention: Intervention, viewer: Viewer, today: date) -> Overview:
    budgets = list(session.scalars(select(FunderBudget).where(
        FunderBudget.intervention_id == intervention.id).order_by(FunderBudget.funder)))
    budgeted = has_budget(intervention, budgets)
    goals = []
    for goal in services.goals_of(session, intervention.id):
        seen = services.observations(session, goal, viewer.org_ids)
        goals.append(GoalView(goal, services.goal_status(session, goal, viewer.org_ids, today),
                              services.current_target(goal, today), seen[-1] if seen else None,
                              smart.check(goal, intervention, budgeted)))
    records = list(session.scalars(select(ActivityRecord).where(
        ActivityRecord.intervention_id == intervention.id).order_by(ActivityRecord.period_start)))
    periods: dict[tuple[date, date], PeriodReach] = {}
    for record in records:
        key = (record.period_start, record.period_end)
        item = periods.setdefault(key, PeriodReach(*key, 0, 0, 0, 0.0, 0.0))
        item.sessions += record.sessions or 0
        item.participants += record.participants or 0
        item.new_participants += record.new_participants or 0
        item.volunteer_hours += record.volunteer_hours or 0.0
        item.professional_hours += record.professional_hours or 0.0
    total_reach = calc.reach([r.new_participants for r in records],
                             [r.participants for r in records])
    costs = list(session.execute(select(CostEntry.funder, CostEntry.amount_cents).where(
        CostEntry.intervention_id == intervention.id)).all())
    spending = calc.spent_by_funder([(funder, cents) for funder, cents in costs],
                                    {b.funder: b.amount_cents for b in budgets})
    spent = sum(item.spent_cents for item in spending)
    budget = sum(b.amount_cents for b in budgets) or intervention.budget_cents
    return Overview(intervention, goals, list(periods.values()), total_reach, spending, spent,
                    budget, calc.cost_per_participant(spent, total_reach))
