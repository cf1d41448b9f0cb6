"""What an anonymous visitor may see: exactly what the public site for residents shows.

An intervention is public when its owner made it public for residents (visibility 'public'),
it is not a draft, and a manager published its resident summary; of its goals only those marked
for residents. The rule itself lives in ``wwidw/public/services.py``, so the API and the public
site can never disagree.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from wwidw.interventions.models import Intervention
from wwidw.monitor.models import Goal, MonitorReport
from wwidw.public.services import public_clause, public_intervention

__all__ = ["public_clause", "public_ids", "get_public", "public_goals", "resident_texts"]


def public_ids(session: Session) -> set[int]:
    return set(session.scalars(select(Intervention.id).where(public_clause())))


def get_public(session: Session, intervention_id: int) -> Intervention | None:
    return public_intervention(session, intervention_id)


def public_goals(goals: list[Goal]) -> list[Goal]:
    return [goal for goal in goals if goal.public]


def resident_texts(session: Session, intervention_id: int) -> MonitorReport | None:
    return session.scalar(select(MonitorReport).where(
        MonitorReport.intervention_id == intervention_id,
        MonitorReport.resident_summary_published.is_(True)))
