"""Where an own intervention stands among comparable work of other organisations.

Peers are the community and public interventions of *other* organisations that share an effect or
a theme with it and share their results (rule in ``wwidw.peers.sharing``: at least one public
goal). Two measures are compared: cost per participant, and goal achievement, the share of goals
with a status that are achieved or on track (peers: their public goals; this intervention: all its
goals, as its members see them). A distribution of fewer than three values says nothing, so the
page then says so instead of ranking.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from statistics import median

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from wwidw.interventions.models import Intervention, InterventionTag
from wwidw.interventions.services import SHARED_VISIBILITIES, Viewer
from wwidw.peers.sharing import shared_results, with_public_goals

MIN_PEERS = 3


@dataclass(frozen=True)
class Point:
    intervention_id: int
    title: str
    organisation: str
    per_participant_cents: int | None
    achievement: float | None  # 0..1


@dataclass(frozen=True)
class Measure:
    """One measure over the peers, and this intervention's value."""

    values: list[float]
    own: float | None

    @property
    def count(self) -> int:
        return len(self.values)

    @property
    def enough(self) -> bool:
        return self.count >= MIN_PEERS

    @property
    def low(self) -> float | None:
        return min(self.values) if self.values else None

    @property
    def middle(self) -> float | None:
        return median(self.values) if self.values else None

    @property
    def high(self) -> float | None:
        return max(self.values) if self.values else None

    def below_own(self) -> int | None:
        """How many peers have a lower value than this intervention."""
        if self.own is None:
            return None
        return sum(value < self.own for value in self.values)


@dataclass(frozen=True)
class Benchmark:
    intervention: Intervention
    peers: list[Point]
    own: Point
    cost: Measure
    achievement: Measure

    @property
    def count(self) -> int:
        return len(self.peers)

    @property
    def too_few(self) -> bool:
        return self.count < MIN_PEERS


def peer_candidates(session: Session, intervention: Intervention) -> list[Intervention]:
    """Other organisations' published community or public interventions with an effect or
    theme in common with ``intervention``."""
    tags = [(t.vocabulary, t.key) for t in intervention.tags if t.vocabulary in
            ("effect", "theme")]
    if not tags:
        return []
    same_tag = select(InterventionTag.intervention_id).where(or_(*(
        and_(InterventionTag.vocabulary == vocabulary, InterventionTag.key == key)
        for vocabulary, key in tags)))
    return list(session.scalars(
        select(Intervention).where(
            Intervention.id.in_(same_tag),
            Intervention.organisation_id != intervention.organisation_id,
            Intervention.is_draft.is_(False),
            Intervention.visibility.in_(SHARED_VISIBILITIES))
        .order_by(Intervention.title, Intervention.id)))


def build(session: Session, viewer: Viewer, intervention: Intervention, today: date
          ) -> Benchmark:
    """The benchmark of an own intervention; the caller has checked that the viewer is a member
    of its organisation."""
    candidates = peer_candidates(session, intervention)
    sharing = with_public_goals(session, [c.id for c in candidates])
    peers = [c for c in candidates if c.id in sharing]
    # The peers' figures as an outsider sees them: a member of several organisations must not
    # see more of a peer here than that peer shares.
    outsider = Viewer(viewer.user_id, {})
    results = shared_results(session, outsider, peers, today)
    own = shared_results(session, viewer, [intervention], today)[intervention.id]
    points = [Point(p.id, p.title, p.organisation.name, results[p.id].per_participant_cents,
                    results[p.id].achievement) for p in peers]
    own_point = Point(intervention.id, intervention.title, intervention.organisation.name,
                      own.per_participant_cents, own.achievement)
    return Benchmark(
        intervention=intervention, peers=points, own=own_point,
        cost=Measure([p.per_participant_cents for p in points
                      if p.per_participant_cents is not None], own.per_participant_cents),
        achievement=Measure([p.achievement for p in points if p.achievement is not None],
                            own.achievement))
