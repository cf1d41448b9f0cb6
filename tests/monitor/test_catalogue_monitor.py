"""Monitoring in the catalogue: own-organisation facets, and the section on the intervention
page — members see every goal's status, peers only goals the owner made visible."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from wwidw.extensions import db
from wwidw.interventions.services import Viewer
from wwidw.monitor import services


@pytest.fixture
def monitored(app, make):
    org = make.org("Woonstichting Meetbaar")
    worker = make.user(org, "worker")
    start = date.today() - timedelta(days=100)
    end = date.today() + timedelta(days=265)
    watched = make.intervention(org, author=worker, title="Buurtkamer met doelen",
                                start_date=start, end_date=end)
    make.intervention(org, author=worker, title="Zonder monitoring")
    viewer = Viewer.of(worker)
    for description, public in (("Meer bezoekers in de buurtkamer", True),
                                ("Interne doelstelling personeel", False)):
        goal = services.save_goal(db.session, viewer, watched, {
            "result_type": "activity", "description": description, "indicator_name": "x",
            "measure": "number", "direction": "increase", "baseline_value": 0.0,
            "public": public, "targets": [(start, end, 100.0, "")]})
    # 60 of 100 after 100 of 365 days: ahead of schedule.
    services.record_measurement(db.session, viewer, goal, watched,
                                {"measured_on": date.today(), "value": 60.0})
    db.session.commit()
    return org, worker, watched


def test_own_organisation_filters_by_monitoring_and_status(client, auth, monitored):
    org, worker, _watched = monitored
    auth.login(worker.email)
    page = client.get(f"/catalogue?monitoring={org.id}:yes").get_data(as_text=True)
    assert "Buurtkamer met doelen" in page and "Zonder monitoring" not in page
    for status in ("no_data", "on_track"):  # one goal of each
        page = client.get(f"/catalogue?goal_status={org.id}:{status}").get_data(as_text=True)
        assert "Buurtkamer met doelen" in page and "Zonder monitoring" not in page
    page = client.get(f"/catalogue?goal_status={org.id}:behind").get_data(as_text=True)
    assert "Buurtkamer met doelen" not in page
    assert "Monitoring (eigen organisatie)" in client.get("/catalogue").get_data(as_text=True)


def test_a_peer_cannot_filter_by_anothers_monitoring(client, auth, make, monitored):
    org, _worker, _watched = monitored
    auth.login(make.user(make.org("Buren"), "worker").email)
    plain = client.get("/catalogue").get_data(as_text=True)
    crafted = client.get(f"/catalogue?monitoring={org.id}:yes").get_data(as_text=True)
    assert "Zonder monitoring" in plain and "Zonder monitoring" in crafted


def test_intervention_page_section(client, auth, make, monitored):
    _org, worker, watched = monitored
    auth.login(worker.email)
    page = client.get(f"/interventions/{watched.id}").get_data(as_text=True)
    assert "Interne doelstelling personeel" in page
    assert f'/interventions/{watched.id}/monitor"' in page
    auth.logout()
    auth.login(make.user(make.org("Buren"), "worker").email)
    page = client.get(f"/interventions/{watched.id}").get_data(as_text=True)
    assert "Meer bezoekers in de buurtkamer" in page
    assert "Interne doelstelling personeel" not in page
    assert f'/interventions/{watched.id}/monitor"' not in page
