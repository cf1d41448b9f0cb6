"""What a peer's intervention shares of its monitoring (DESIGN §5: "summaries only, if shared").

There is no explicit "share my cost summary" switch yet, so the rule is derived from what the
owner already chose to share:

- the owning organisation's members see everything;
- others see a community or public intervention's *public* goals with their status, and its reach,
  costs and cost per participant only when it has at least one public goal: marking a goal public
  is the owner's act of sharing results, and reach and costs are the denominator of those results;
- nothing of a private intervention (the caller never gets one: visibility is checked first).

Both the compare page and the benchmark use these functions, so they say the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from wwidw.interventions.models import Intervention
from wwidw.interventions.services import Viewer, is_shared
from wwidw.monitor import calc, services
from wwidw.monitor.models import ActivityRecord, CostEntry, Goal

# Goal statuses that count as "going well" in the goal achievement share.
GOING_WELL = frozenset({calc.ACHIEVED, calc.ON_TRACK})


@dataclass(frozen=True)
class GoalResult:
    description: str
    status_code: str | None  # None: the goal has no target yet


@dataclass(frozen=True)
class Shared:
    """One intervention's monitoring as a given viewer may see it."""

    intervention_id: int
    own: bool
    shares_results: bool
    goals: list[GoalResult]
    reach: int | None = None
    spent_cents: int | None = None
    per_participant_cents: int | None = None

    @property
    def achievement(self) -> float | None:
        """The share of goals with a status that are achieved or on track."""
        rated = [g for g in self.goals if g.status_code is not None]
        if not rated:
            return None
        return sum(g.status_code in GOING_WELL for g in rated) / len(rated)

    @property
    def rated_goals(self) -> int:
        return sum(g.status_code is not None for g in self.goals)


def _chunks(ids: list[int], size: int = 900) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def with_public_goals(session: Session, ids: Iterable[int]) -> set[int]:
    """The interventions among ``ids`` that have at least one public goal."""
    ids = sorted(set(ids))
    found: set[int] = set()
    for chunk in _chunks(ids):
        found.update(session.scalars(select(Goal.intervention_id).distinct().where(
            Goal.intervention_id.in_(chunk), Goal.public.is_(True))))
    return found


def _reach_and_costs(session: Session, ids: list[int]
                     ) -> tuple[dict[int, int], dict[int, int]]:
    rows: dict[int, tuple[list, list]] = {}
    spent: dict[int, int] = {}
    for chunk in _chunks(ids):
        for intervention_id, new, participants in session.execute(
                select(ActivityRecord.intervention_id, ActivityRecord.new_participants,
                       ActivityRecord.participants)
                .where(ActivityRecord.intervention_id.in_(chunk))):
            new_list, all_list = rows.setdefault(intervention_id, ([], []))
            new_list.append(new)
            all_list.append(participants)
        spent.update({i: int(total or 0) for i, total in session.execute(
            select(CostEntry.intervention_id, func.sum(CostEntry.amount_cents))
            .where(CostEntry.intervention_id.in_(chunk)).group_by(CostEntry.intervention_id))})
    reach = {i: calc.reach(new, counts) for i, (new, counts) in rows.items()}
    return reach, spent


def shared_results(session: Session, viewer: Viewer, interventions: list[Intervention],
                   today: date) -> dict[int, Shared]:
    """Per intervention, what of its monitoring ``viewer`` may see. The caller has checked that
    the viewer may see each intervention itself."""
    ids = [i.id for i in interventions]
    public = with_public_goals(session, ids)
    reach, spent = _reach_and_costs(session, ids)
    goals: dict[int, list[Goal]] = {}
    for chunk in _chunks(ids):
        # Targets and measurements in two queries, not two per goal.
        for goal in session.scalars(
                select(Goal).where(Goal.intervention_id.in_(chunk))
                .options(selectinload(Goal.targets), selectinload(Goal.measurements))
                .order_by(Goal.position, Goal.id)):
            goals.setdefault(goal.intervention_id, []).append(goal)
    result: dict[int, Shared] = {}
    for intervention in interventions:
        own = intervention.organisation_id in viewer.org_ids
        shares = own or (is_shared(intervention) and intervention.id in public)
        lines = []
        for goal in goals.get(intervention.id, []):
            if not (own or (shares and goal.public)):
                continue
            # The status as its owner computes it (with the owner's own local figures), which
            # is the status the owner chose to share.
            status = services.goal_status(session, goal, {intervention.organisation_id}, today)
            lines.append(GoalResult(goal.description, status.code if status else None))
        if not shares:
            result[intervention.id] = Shared(intervention.id, own, False, [])
            continue
        # Nothing recorded is unknown (None), not 0 people or € 0 per participant.
        people = reach.get(intervention.id)
        cents = spent.get(intervention.id)
        result[intervention.id] = Shared(
            intervention.id, own, True, lines, reach=people, spent_cents=cents,
            per_participant_cents=(calc.cost_per_participant(cents, people)
                                   if cents is not None and people else None))
    return result
