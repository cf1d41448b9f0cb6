"""A small world for the public site: a neighbourhood in Heusden with one intervention whose
resident summary is published, and around it everything that must stay out of sight."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from wwidw.extensions import db
from wwidw.interventions.services import Viewer
from wwidw.monitor import report, services
from wwidw.neighbourhoods.services import AreaRecord, upsert_areas

TODAY = date.today()
START = TODAY - timedelta(days=300)
END = TODAY + timedelta(days=400)
PUBLISHED = "Buurtkamer Drunen-Centrum"
SUMMARY = "Elke week is de *buurtkamer* open. Bewoners drinken er koffie en leren elkaar kennen."
PUBLIC_GOAL = "Meer bewoners kennen hun buren"
SECRET_GOAL = "Minder schulden bij huurders"
# Titles of interventions a resident must never see, with their own published summaries.
HIDDEN = {"unpublished": "Taalcafé Noord", "community": "Ouderenontbijt Noord",
          "organisation": "Geheimproject Zwaluw", "draft": "Conceptplan Centrum",
          "other_org_unpublished": "Schuldhulp Drunen"}


def _publish(manager, intervention, text: str, goal_ids=(), publish: bool = True) -> None:
    report.save_summary(db.session, Viewer.of(manager), intervention, text, list(goal_ids),
                        publish=publish)


@pytest.fixture
def public_world(app, make):
    upsert_areas(db.session, [AreaRecord("GM0797", "Heusden"), AreaRecord("WK079701", "Drunen"),
                              AreaRecord("BU07970101", "Drunen-Centrum"),
                              AreaRecord("BU07970102", "Drunen-Noord")], 2024)
    org = make.org("Woonstichting Meetbaar")
    manager = make.user(org, "manager", name="Pieter Jansen")
    viewer = Viewer.of(manager)
    published = make.intervention(
        org, author=manager, title=PUBLISHED, visibility="public", start_date=START,
        end_date=END, target_groups=["residents"], areas=["BU07970101"],
        summary="Een plek in de buurt waar iedereen binnen kan lopen.",
        contact_name="Sanne de Boer", contact_email="sanne@meetbaar.example.nl",
        budget_cents=50_000_00)
    public_goal = services.save_goal(db.session, viewer, published, {
        "result_type": "effect", "description": PUBLIC_GOAL,
        "indicator_name": "Bewoners die buren kennen", "unit_label": "procent",
        "measure": "percentage", "direction": "increase", "baseline_value": 40.0,
        "baseline_date": START, "targets": [(START, END, 60.0, "")]})
    secret_goal = services.save_goal(db.session, viewer, published, {
        "result_type": "effect", "description": SECRET_GOAL,
        "indicator_name": "Huurders met schulden", "measure": "number",
        "direction": "decrease", "baseline_value": 913.0, "targets": [(START, END, 871.0, "")]})
    for days, value in ((200, 44.0), (100, 47.5), (10, 52.0)):
        services.record_measurement(db.session, viewer, public_goal, published, {
            "measured_on": TODAY - timedelta(days=days), "value": value, "source": "enquête"})
    services.record_measurement(db.session, viewer, secret_goal, published, {
        "measured_on": TODAY - timedelta(days=10), "value": 897.0, "source": "administratie"})
    services.save_activity(db.session, viewer, published, {
        "activity": "Inloop", "period_start": START, "period_end": START + timedelta(days=30),
        "sessions": 17, "participants": 30, "new_participants": 30, "volunteer_hours": 123.5})
    services.save_activity(db.session, viewer, published, {
        "activity": "Inloop", "period_start": START + timedelta(days=31),
        "period_end": START + timedelta(days=60), "sessions": 19, "participants": 35,
        "new_participants": 13, "volunteer_hours": 98.0})
    services.add_cost(db.session, viewer, published, {
        "category": "personnel", "amount_cents": 3_456_00, "period_start": START,
        "period_end": START + timedelta(days=30), "funder": "Fonds Verborgen"})
    _publish(manager, published, SUMMARY, [public_goal.id])

    hidden = {}
    for key, visibility, area in (("unpublished", "public", "BU07970102"),
                                  ("community", "community", "BU07970102"),
                                  ("organisation", "organisation", "BU07970101")):
        hidden[key] = make.intervention(org, author=manager, title=HIDDEN[key],
                                        visibility=visibility, areas=[area])
        _publish(manager, hidden[key], f"Samenvatting van {HIDDEN[key]}",
                 publish=key != "unpublished")
    draft = make.intervention(org, author=manager, title=HIDDEN["draft"], draft=True,
                              areas=["BU07970101"])
    # A draft never shows, whatever its visibility says.
    draft.visibility = "public"
    _publish(manager, draft, f"Samenvatting van {HIDDEN['draft']}")
    hidden["draft"] = draft

    other = make.org("Welzijn Anders")
    other_manager = make.user(other, "manager")
    other_intervention = make.intervention(other, author=other_manager,
                                           title=HIDDEN["other_org_unpublished"],
                                           visibility="public", areas=["BU07970101"])
    other_goal = services.save_goal(db.session, Viewer.of(other_manager), other_intervention, {
        "result_type": "activity", "description": "Gesprekken over geld",
        "indicator_name": "Gesprekken", "measure": "number", "direction": "increase",
        "targets": []})
    _publish(other_manager, other_intervention, "Nog niet klaar", [other_goal.id],
             publish=False)
    hidden["other_org_unpublished"] = other_intervention
    db.session.commit()
    return {"org": org, "manager": manager, "published": published, "public_goal": public_goal,
            "secret_goal": secret_goal, "hidden": hidden, "other_goal": other_goal,
            "other_manager": other_manager}
