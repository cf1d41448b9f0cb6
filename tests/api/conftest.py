"""A small world for the API tests: two organisations with interventions of every visibility,
monitoring with a public and a private goal, free fields of both kinds and local figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from wwidw.accounts.models import User
from wwidw.api import tokens
from wwidw.extensions import db
from wwidw.freefields import services as freefields
from wwidw.interventions.services import Viewer
from wwidw.monitor import report
from wwidw.monitor import services as monitor
from wwidw.neighbourhoods.local_figures import import_local_figures
from wwidw.neighbourhoods.services import AreaRecord, upsert_areas

PRIVATE_ANSWER = "Alleen voor ons: Zwaluw"
SHARED_ANSWER = "Gedeeld antwoord Merel"


@dataclass
class World:
    owner_admin: User
    peer_admin: User
    loner: User  # logged in, member of no organisation
    ids: dict[str, int]
    tokens: dict[str, str]

    def header(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"} if who in self.tokens else {}


@pytest.fixture
def world(app, make) -> World:
    upsert_areas(db.session, [AreaRecord("GM0797", "Heusden"), AreaRecord("WK079701", "Drunen"),
                              AreaRecord("BU07970101", "Centrum")], 2024)
    owner = make.org("Woonstichting Eigen")
    peer = make.org("Welzijn Buurman", kind="welfare")
    owner_admin = make.user(owner, "admin")
    peer_admin = make.user(peer, "admin")
    loner = make.user(None)
    start = {"start_date": date(2024, 1, 1)}
    ids = {
        "private": make.intervention(owner, owner_admin, visibility="organisation",
                                     title="Geheim buurtproject", **start).id,
        "community": make.intervention(owner, owner_admin, visibility="community",
                                       title="Gedeeld taalcafé", **start).id,
        "public": make.intervention(owner, owner_admin, visibility="public",
                                    title="Openbare moestuin", **start).id,
        "public_unpublished": make.intervention(owner, owner_admin, visibility="public",
                                                title="Openbaar maar stil", **start).id,
        "draft": make.intervention(owner, owner_admin, visibility="public", draft=True,
                                   title="Concept speeltuin", **start).id,
        "peer_community": make.intervention(peer, peer_admin, visibility="community",
                                            title="Buurman koffie", **start).id,
    }
    from wwidw.interventions.models import Intervention

    viewer = Viewer.of(owner_admin)
    public = db.session.get(Intervention, ids["public"])
    public_goal = monitor.save_goal(db.session, viewer, public, {
        "result_type": "effect", "description": "Meer bewoners tuinieren",
        "indicator_name": "tuinders", "measure": "number", "direction": "increase",
        "baseline_value": 10.0, "targets": [(date(2024, 1, 1), date(2030, 12, 31), 20.0, "")]})
    hidden_goal = monitor.save_goal(db.session, viewer, public, {
        "result_type": "effect", "description": "Intern doel Kraai",
        "indicator_name": "bijeenkomsten", "measure": "number", "direction": "increase",
        "baseline_value": 0.0, "targets": []})
    monitor.record_measurement(db.session, viewer, public_goal, public,
                               {"measured_on": date(2024, 6, 1), "value": 14.0,
                                "note": "ruwe meting"})
    monitor.add_cost(db.session, viewer, public, {
        "category": "personnel", "amount_cents": 123456, "period_start": date(2024, 1, 1),
        "period_end": date(2024, 3, 31)})
    report.save_summary(db.session, viewer, public, "De moestuin groeit.", [public_goal.id],
                        publish=True)
    unpublished = db.session.get(Intervention, ids["public_unpublished"])
    report.save_summary(db.session, viewer, unpublished, "Nog niet klaar.", [], publish=False)
    ids["public_goal"], ids["hidden_goal"] = public_goal.id, hidden_goal.id

    community = db.session.get(Intervention, ids["community"])
    shared = freefields.define_field(db.session, owner.id, {
        "label_nl": "Gedeelde vraag", "field_type": "text", "visibility": "shared"})
    own = freefields.define_field(db.session, owner.id, {
        "label_nl": "Eigen vraag", "field_type": "text", "visibility": "organisation"})
    db.session.flush()
    freefields.save_answers(db.session, viewer, community,
                            {shared.id: SHARED_ANSWER, own.id: PRIVATE_ANSWER})
    import_local_figures(db.session, owner.id,
                         b"gebiedscode;indicator;jaar;waarde\nGM0797;neighbourhood_grade;2023;6,9\n",
                         "eigen.csv", False, owner_admin.id)
    secrets = {
        "owner": tokens.create_token(db.session, owner_admin, "eigen").secret,
        "peer": tokens.create_token(db.session, peer_admin, "buurman").secret,
        "loner": tokens.create_token(db.session, loner, "los").secret,
    }
    db.session.commit()
    from wwidw.interventions.indexing import drain
    from wwidw.search import get_engine

    drain(db.session, get_engine())
    return World(owner_admin, peer_admin, loner, ids, secrets)
