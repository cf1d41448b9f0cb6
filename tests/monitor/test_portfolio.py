"""The portfolio dashboard: a manager sees every intervention's goals by status and spending,
filters by program line and status, and downloads it as Excel."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pandas as pd
import pytest

from wwidw.extensions import db
from wwidw.interventions.services import Viewer
from wwidw.monitor import services
from wwidw.programlines import services as programlines


@pytest.fixture
def portfolio(app, make, auth):
    org = make.org("Woonstichting Overzicht")
    manager = make.user(org, "manager")
    viewer = Viewer.of(manager)
    start, end = date.today() - timedelta(days=200), date.today() + timedelta(days=165)
    line = programlines.save_line(db.session, org.id, {"name": "Thuis in de wijk"})
    ahead = make.intervention(org, author=manager, title="Taalcafé", start_date=start,
                              end_date=end)
    late = make.intervention(org, author=manager, title="Klushuizen", start_date=start,
                             end_date=end)
    programlines.set_lines(db.session, viewer, ahead, [line.id])
    for intervention, value in ((ahead, 90.0), (late, 10.0)):
        goal = services.save_goal(db.session, viewer, intervention, {
            "result_type": "activity", "description": "Deelnemers", "indicator_name": "x",
            "measure": "number", "direction": "increase", "baseline_value": 0.0,
            "targets": [(start, end, 100.0, "")]})
        services.record_measurement(db.session, viewer, goal, intervention,
                                    {"measured_on": date.today(), "value": value})
    services.add_cost(db.session, viewer, late, {
        "category": "material", "amount_cents": 2_500_00, "period_start": start,
        "period_end": start})
    services.set_budget(db.session, viewer, late, "Gemeente", 2_000_00)
    db.session.commit()
    auth.login(manager.email)
    return org, line


def test_manager_sees_statuses_and_spending(client, portfolio):
    org, _line = portfolio
    page = client.get(f"/organisations/{org.id}/monitor").get_data(as_text=True)
    # Sorted by status: the one behind first.
    assert page.index("Klushuizen") < page.index("Taalcafé")
    assert "Achter: 1" in page and "Op schema: 1" in page
    assert "€ 2.500,00" in page and "€ 2.000,00" in page


def test_filters_and_excel(client, portfolio):
    org, line = portfolio
    page = client.get(f"/organisations/{org.id}/monitor?line={line.id}").get_data(as_text=True)
    assert "Taalcafé" in page and "Klushuizen" not in page
    page = client.get(f"/organisations/{org.id}/monitor?status=behind").get_data(as_text=True)
    assert "Klushuizen" in page and "Taalcafé" not in page
    xlsx = client.get(f"/organisations/{org.id}/monitor/export.xlsx")
    frame = pd.read_excel(io.BytesIO(xlsx.data))
    assert set(frame["Interventie"]) == {"Taalcafé", "Klushuizen"}
    assert frame.set_index("Interventie").loc["Klushuizen", "Uitgegeven (euro)"] == 2500


def test_workers_and_outsiders_do_not_get_it(client, auth, make, portfolio):
    org, _line = portfolio
    auth.logout()
    auth.login(make.user(org, "worker").email)
    assert client.get(f"/organisations/{org.id}/monitor").status_code == 403
    auth.logout()
    auth.login(make.user(make.org("Buren"), "admin").email)
    assert client.get(f"/organisations/{org.id}/monitor").status_code in (403, 404)
    assert client.get(f"/organisations/{org.id}/monitor/export.xlsx").status_code in (403, 404)
