"""The monitor overview and the goal form, as a worker, a viewer and an outsider use them."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from wwidw.extensions import db
from wwidw.monitor.models import FunderBudget, Goal


@pytest.fixture
def setting(app, make, auth):
    org = make.org("Woonstichting Meetbaar")
    worker = make.user(org, "worker")
    intervention = make.intervention(
        org, author=worker, title="Buurtkamer Drunen", start_date=date(2025, 1, 1),
        end_date=date(2026, 12, 31), target_groups=["residents"], budget_cents=50_000_00)
    auth.login(worker.email)
    return org, worker, intervention


def _goal_form(**overrides) -> dict:
    data = {"result_type": "activity", "description": "Bewoners ontmoeten elkaar elke week in "
            "de buurtkamer", "indicator_name": "Aantal bezoekers", "unit_label": "bezoekers",
            "measure": "number", "direction": "increase", "target_frequency": "yearly",
            "baseline_value": "", "baseline_na": "y",
            "baseline_na_reason": "De buurtkamer is nieuw",
            "targets-0-period_start": "2025-01-01", "targets-0-period_end": "2025-12-31",
            "targets-0-value": "1.200", "targets-0-note": ""}
    data.update(overrides)
    return data


def _goals() -> int:
    return db.session.scalar(select(func.count()).select_from(Goal))


def test_worker_adds_a_goal_and_sees_it_with_status_and_smart(client, setting):
    _org, _worker, intervention = setting
    response = client.post(f"/interventions/{intervention.id}/monitor/goals/new",
                           data=_goal_form())
    assert response.status_code == 302
    goal = db.session.scalars(select(Goal)).one()
    assert goal.baseline_na and goal.targets[0].value == 1200.0
    page = client.get(f"/interventions/{intervention.id}/monitor").get_data(as_text=True)
    assert "Bewoners ontmoeten elkaar" in page
    assert any(word in page for word in ("Geen gegevens", "Achter", "Te laat", "Op schema"))
    assert "Hoe maak je dit doel SMART" in page  # no area given: S is not met


@pytest.mark.parametrize("overrides, message", [
    ({"targets-0-value": "twaalf"}, "“twaalf” is geen getal"),
    ({"targets-0-period_start": "2024-01-01"}, "valt buiten de looptijd van de interventie"),
    ({"baseline_na": "", "baseline_value": "12,5x"}, "“12,5x” is geen getal"),
    ({"description": ""}, "Beschrijf het doel."),
])
def test_bad_goal_input_gets_a_message_and_saves_nothing(client, setting, overrides, message):
    _org, _worker, intervention = setting
    response = client.post(f"/interventions/{intervention.id}/monitor/goals/new",
                           data=_goal_form(**overrides))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _goals() == 0


def test_budget_per_funder(client, setting):
    _org, _worker, intervention = setting
    client.post(f"/interventions/{intervention.id}/monitor/budget",
                data={"funder": "Gemeente Heusden", "amount": "12.500"})
    page = client.get(f"/interventions/{intervention.id}/monitor").get_data(as_text=True)
    assert "Gemeente Heusden" in page and "€ 12.500,00" in page
    client.post(f"/interventions/{intervention.id}/monitor/budget",
                data={"funder": "Fonds", "amount": "veel"})
    assert db.session.scalar(select(func.count()).select_from(FunderBudget)) == 1


def test_viewer_reads_outsider_gets_nothing(client, setting, make, auth):
    org, _worker, intervention = setting
    client.post(f"/interventions/{intervention.id}/monitor/goals/new", data=_goal_form())
    auth.logout()
    auth.login(make.user(org, "viewer").email)
    assert client.get(f"/interventions/{intervention.id}/monitor").status_code == 200
    assert client.get(f"/interventions/{intervention.id}/monitor/goals/new").status_code == 403
    auth.logout()
    auth.login(make.user(make.org("Buren"), "admin").email)
    assert client.get(f"/interventions/{intervention.id}/monitor").status_code == 404


def test_charts_of_the_monitor(client, setting):
    _org, _worker, intervention = setting
    client.post(f"/interventions/{intervention.id}/monitor/goals/new", data=_goal_form())
    goal = db.session.scalars(select(Goal)).one()
    page = client.get(f"/interventions/{intervention.id}/monitor").get_data(as_text=True)
    assert f"/monitor/goals/{goal.id}/chart.png" in page
    for url in (f"/interventions/{intervention.id}/monitor/goals/{goal.id}/chart.png",
                f"/interventions/{intervention.id}/monitor/reach.png",
                f"/interventions/{intervention.id}/monitor/costs.png"):
        response = client.get(url)
        assert response.status_code == 200 and response.data.startswith(b"\x89PNG"), url


def test_a_corrected_measurement_shows_what_it_was(client, setting):
    _org, worker, intervention = setting
    from wwidw.interventions.services import Viewer
    from wwidw.monitor import services

    client.post(f"/interventions/{intervention.id}/monitor/goals/new", data=_goal_form())
    goal = db.session.scalars(select(Goal)).one()
    viewer = Viewer.of(worker)
    measurement = services.record_measurement(db.session, viewer, goal, intervention, {
        "measured_on": date(2025, 3, 31), "value": 110.0})
    services.correct_measurement(db.session, viewer, measurement, intervention, {
        "measured_on": date(2025, 3, 31), "value": 101.0})
    db.session.commit()
    page = client.get(f"/interventions/{intervention.id}/monitor").get_data(as_text=True)
    assert "was 110 op 31 mrt 2025" in page
