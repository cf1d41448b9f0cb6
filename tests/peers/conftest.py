"""A small world of peers: an own organisation and other organisations whose interventions share
results (a public goal), share nothing (no public goal) or are private."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest

from wwidw.accounts.models import Organisation, User
from wwidw.extensions import db
from wwidw.interventions.models import Intervention
from wwidw.interventions.services import Viewer
from wwidw.monitor import services

START = date.today() - timedelta(days=100)
END = date.today() + timedelta(days=265)
EFFECT = "less_loneliness"


def add_monitoring(intervention: Intervention, author: User, *,
                   goals: list[tuple[str, bool, float]], participants: int | None = None,
                   cost_cents: int | None = None) -> None:
    """Goals as (description, public, value measured today) against a target of 100 over the
    period (after 100 of 365 days 60 is on track, 5 is behind); one activity and one cost."""
    viewer = Viewer.of(author)
    for description, public, value in goals:
        goal = services.save_goal(db.session, viewer, intervention, {
            "result_type": "activity", "description": description, "indicator_name": "x",
            "measure": "number", "direction": "increase", "baseline_value": 0.0,
            "public": public, "targets": [(START, END, 100.0, "")]})
        services.record_measurement(db.session, viewer, goal, intervention,
                                    {"measured_on": date.today(), "value": value})
    if participants is not None:
        services.save_activity(db.session, viewer, intervention, {
            "activity": "Bijeenkomsten", "period_start": START, "period_end": date.today(),
            "participants": participants, "new_participants": participants})
    if cost_cents is not None:
        services.add_cost(db.session, viewer, intervention, {
            "category": "personnel", "amount_cents": cost_cents, "period_start": START,
            "period_end": date.today(), "funder": "Gemeente"})
    db.session.commit()


@dataclass
class World:
    own_org: Organisation
    member: User
    own: Intervention
    peer_org: Organisation
    peer_author: User
    shared: Intervention  # a peer's community intervention with a public goal
    silent: Intervention  # a peer's community intervention without public goals
    private: Intervention  # a peer's intervention with visibility "organisation"
    stranger: User  # a member of a third organisation
    extra: list[Intervention] = field(default_factory=list)


@pytest.fixture
def world(app, make) -> World:
    own_org = make.org("Woonstichting Eigen Wijk")
    member = make.user(own_org, "worker")
    own = make.intervention(own_org, author=member, title="Eigen buurtkamer",
                            visibility="organisation", start_date=START, end_date=END,
                            effects=[EFFECT], problem="Eenzaamheid in de flat",
                            budget_cents=10_000_00)
    add_monitoring(own, member, goals=[("Eigen publiek doel", True, 60.0),
                                       ("Eigen intern doel", False, 5.0)],
                   participants=40, cost_cents=4_000_00)
    peer_org = make.org("Welzijn Anders")
    peer_author = make.user(peer_org, "worker")
    shared = make.intervention(peer_org, author=peer_author, title="Gedeelde huiskamer",
                               start_date=START, end_date=END, effects=[EFFECT],
                               approach="Wekelijkse koffieochtend")
    add_monitoring(shared, peer_author, goals=[("Gedeeld bezoekersdoel", True, 60.0),
                                               ("Verborgen personeelsdoel", False, 5.0)],
                   participants=20, cost_cents=3_456_78)
    silent = make.intervention(peer_org, author=peer_author, title="Stille eettafel",
                               start_date=START, end_date=END, effects=[EFFECT])
    add_monitoring(silent, peer_author, goals=[("Stil intern doel", False, 60.0)],
                   participants=10, cost_cents=9_876_54)
    private = make.intervention(peer_org, author=peer_author, title="Geheime pilot Reiger",
                                visibility="organisation", start_date=START, end_date=END,
                                effects=[EFFECT])
    add_monitoring(private, peer_author, goals=[("Geheim doel", True, 60.0)],
                   participants=5, cost_cents=1_000_00)
    stranger = make.user(make.org("Derde Partij"), "admin")
    return World(own_org, member, own, peer_org, peer_author, shared, silent, private, stranger)
