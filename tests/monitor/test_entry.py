"""The quick entry of a month: one table of measurements, activities and costs, saved all or
nothing, corrected (with history) rather than duplicated, and only for workers of the owner."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from wwidw.extensions import db
from wwidw.interventions.services import Viewer
from wwidw.monitor import services
from wwidw.monitor.models import (
    ActivityRecord,
    CostEntry,
    Measurement,
    MeasurementChange,
)
from wwidw.monitor.uploads import Month, month_period
from wwidw.neighbourhoods.models import Area, IndicatorValue
from wwidw.neighbourhoods.services import AreaRecord, upsert_areas

MARCH = "/interventions/{id}/monitor/month/2025-03"


@pytest.fixture
def world(app, make, auth):
    upsert_areas(db.session, [AreaRecord("GM0797", "Heusden"), AreaRecord("WK079701", "Drunen"),
                              AreaRecord("BU07970101", "Drunen-Centrum")], 2023)
    area = db.session.scalar(select(Area).where(Area.code == "BU07970101"))
    db.session.add(IndicatorValue(area_id=area.id, indicator_key="neighbourhood_grade",
                                  year=2024, value=6.6))
    org, other = make.org("Woonstichting Meetbaar"), make.org("Vreemde Vogels")
    worker = make.user(org, "worker")
    people = SimpleNamespace(org=org, worker=worker, viewer=make.user(org, "viewer"),
                             stranger=make.user(other, "admin"))
    for user in (people.worker, people.viewer, people.stranger):
        user.locale = "en"  # assertions read the English source strings
    db.session.commit()
    intervention = make.intervention(
        org, author=worker, title="Buurtkamer Drunen", start_date=date(2025, 1, 15),
        end_date=date(2025, 12, 31), budget_cents=50_000_00)
    viewer = Viewer.of(worker)
    targets = [(date(2025, 1, 15), date(2025, 12, 31), 60.0, "")]
    people.percentage = services.save_goal(db.session, viewer, intervention, {
        "result_type": "effect", "description": "Meer bewoners kennen hun buren",
        "indicator_name": "Bewoners die buren kennen", "measure": "percentage",
        "direction": "increase", "baseline_value": 40.0, "targets": targets})
    people.count = services.save_goal(db.session, viewer, intervention, {
        "result_type": "activity", "description": "Bezoekers in de buurtkamer",
        "indicator_name": "Bezoekers", "measure": "number", "direction": "increase",
        "baseline_na": True, "baseline_na_reason": "Nieuw", "targets": targets})
    people.linked = services.save_goal(db.session, viewer, intervention, {
        "result_type": "effect", "description": "Een beter rapportcijfer voor de buurt",
        "indicator_name": "Rapportcijfer buurt", "measure": "score", "direction": "increase",
        "area_code": "BU07970101", "indicator_key": "neighbourhood_grade",
        "targets": [(date(2025, 1, 15), date(2025, 12, 31), 7.0, "")]})
    services.save_activity(db.session, viewer, intervention, {
        "activity": "Taalcafé", "period_start": date(2025, 2, 1),
        "period_end": date(2025, 2, 28), "participants": 12})
    db.session.commit()
    people.intervention = intervention
    auth.login(worker.email)
    return people


def _form(world, **cells) -> dict:
    """A filled-in March: both own goals, the known activity, a new one and a cost."""
    data = {
        "measurements-0-goal_id": str(world.percentage.id), "measurements-0-date": "",
        "measurements-0-value": "42,5", "measurements-0-source": "Bewonerspanel",
        "measurements-0-note": "",
        "measurements-1-goal_id": str(world.count.id), "measurements-1-date": "",
        "measurements-1-value": "", "measurements-1-source": "", "measurements-1-note": "",
        "activities-0-known": "1", "activities-0-activity": "Taalcafé",
        "activities-0-sessions": "4", "activities-0-participants": "23",
        "activities-0-new_participants": "5", "activities-0-volunteers": "3",
        "activities-0-volunteer_hours": "7,5", "activities-0-professional_hours": "",
        "activities-1-known": "", "activities-1-activity": "Buurtmaaltijd",
        "activities-1-participants": "31",
        "activities-2-known": "", "activities-2-activity": "",
        "costs-0-category": "material", "costs-0-amount": "1.250,00", "costs-0-hours": "",
        "costs-0-funder": "Gemeente Heusden", "costs-0-description": "Koffie en thee",
        "costs-1-category": "", "costs-1-amount": "",
    }
    data.update(cells)
    return data


def _counts() -> tuple[int, ...]:
    return tuple(db.session.scalar(select(func.count()).select_from(model))
                 for model in (Measurement, MeasurementChange, ActivityRecord, CostEntry))


def test_the_page_shows_the_month_with_goals_activities_and_linked_figures(client, world):
    response = client.get(MARCH.format(id=world.intervention.id))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Bewoners die buren kennen" in page and "Bezoekers" in page
    assert 'name="activities-0-activity" type="hidden" value="Taalcafé"' in page
    # The linked goal is shown with its figures, not as a cell to type in.
    assert "Rapportcijfer buurt" in page and "2024: 6,6" not in page  # English UI: 6.6
    assert "2024: 6.6" in page
    assert f'value="{world.linked.id}"' not in page
    # Navigation: February and April, both inside the period.
    assert "/month/2025-02" in page and "/month/2025-04" in page


def test_a_month_saves_measurements_activities_and_costs(client, world):
    response = client.post(MARCH.format(id=world.intervention.id), data=_form(world))
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/month/2025-03")
    measurement = db.session.scalar(select(Measurement))
    assert (measurement.goal_id, measurement.value, measurement.measured_on,
            measurement.period_start, measurement.source) == (
        world.percentage.id, 42.5, date(2025, 3, 31), date(2025, 3, 1), "Bewonerspanel")
    records = {r.activity: r for r in db.session.scalars(
        select(ActivityRecord).where(ActivityRecord.period_start == date(2025, 3, 1)))}
    assert set(records) == {"Taalcafé", "Buurtmaaltijd"}
    taalcafe = records["Taalcafé"]
    assert (taalcafe.sessions, taalcafe.participants, taalcafe.new_participants,
            taalcafe.volunteers, taalcafe.volunteer_hours, taalcafe.professional_hours) == (
        4, 23, 5, 3, 7.5, None)
    assert records["Buurtmaaltijd"].period_end == date(2025, 3, 31)
    cost = db.session.scalar(select(CostEntry))
    assert (cost.category, cost.amount_cents, cost.funder, cost.period_start,
            cost.period_end) == ("material", 125_000, "Gemeente Heusden", date(2025, 3, 1),
                                 date(2025, 3, 31))
    page = client.get(MARCH.format(id=world.intervention.id)).get_data(as_text=True)
    assert "March 2025 is saved" in page
    assert 'value="42.5"' in page and 'value="31-03-2025"' in page  # prefilled
    assert "Koffie en thee" in page  # the cost, listed as recorded


def test_a_letter_in_a_number_saves_nothing_and_keeps_what_was_typed(client, world):
    before = _counts()
    response = client.post(MARCH.format(id=world.intervention.id), data=_form(
        world, **{"activities-0-participants": "2e3x", "measurements-0-value": "veel",
                  "costs-0-amount": "12,5O"}))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert _counts() == before
    assert "Nothing was saved" in page
    for name, typed in (("activities-0-participants", "2e3x"), ("measurements-0-value", "veel"),
                        ("costs-0-amount", "12,5O")):
        assert f'id="{name}-error"' in page, name
        assert f"“{typed}” is not" in page
        assert f'value="{typed}"' in page
    # The rest of what was typed is kept too.
    assert 'value="Buurtmaaltijd"' in page and 'value="Koffie en thee"' in page


def test_rules_of_the_services_show_at_their_cells(client, world):
    before = _counts()
    response = client.post(MARCH.format(id=world.intervention.id), data=_form(
        world, **{"measurements-0-value": "120", "activities-0-new_participants": "30",
                  "activities-1-participants": "7,5", "costs-0-category": ""}))
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and _counts() == before
    assert "A percentage lies between 0 and 100." in page
    assert "There cannot be more new participants than participants." in page
    assert "“7,5” is not a whole number." in page
    assert "Choose a cost category." in page
    assert 'id="costs-0-category-error"' in page


def test_a_date_outside_the_period_gives_a_message_and_saves_nothing(client, world):
    before = _counts()
    # The intervention starts on 15 January: the 3rd lies in the month but not in the period.
    response = client.post(f"/interventions/{world.intervention.id}/monitor/month/2025-01",
                           data=_form(world, **{"measurements-0-date": "03-01-2025"}))
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and _counts() == before
    assert "2025-01-03 lies outside the intervention&#39;s period" in page
    assert 'id="measurements-0-date-error"' in page
    # A date in another month is refused as well.
    response = client.post(MARCH.format(id=world.intervention.id),
                           data=_form(world, **{"measurements-0-date": "2025-04-02"}))
    assert response.status_code == 400 and _counts() == before
    assert "02-04-2025 does not lie in 2025-03" in response.get_data(as_text=True)


def test_a_month_outside_the_period_takes_no_entry(client, world):
    url = f"/interventions/{world.intervention.id}/monitor/month/2026-02"
    page = client.get(url).get_data(as_text=True)
    assert 'id="outside-period"' in page and 'id="month-entry"' not in page
    assert "/month/2025-12" in page  # the nearest month of the intervention
    before = _counts()
    response = client.post(url, data=_form(world))
    assert response.status_code == 400 and _counts() == before
    assert "lies outside the intervention&#39;s period" in response.get_data(as_text=True)


def test_navigation_stays_within_the_period(client, world):
    first = client.get(f"/interventions/{world.intervention.id}/monitor/month/2025-01")
    assert 'rel="prev"' not in first.get_data(as_text=True)
    last = client.get(f"/interventions/{world.intervention.id}/monitor/month/2025-12")
    assert 'rel="next"' not in last.get_data(as_text=True)
    for bad in ("2025-13", "2025-3", "maart", "2025-03-01"):
        assert client.get(f"/interventions/{world.intervention.id}/monitor/month/{bad}"
                          ).status_code == 404, bad
    # Without a month: the current one, or the nearest of the period (here December 2025).
    start = client.get(f"/interventions/{world.intervention.id}/monitor/month")
    assert start.status_code == 200
    assert f'action="/interventions/{world.intervention.id}/monitor/month/2025-' in \
        start.get_data(as_text=True)


def test_entering_the_month_again_corrects_instead_of_duplicating(client, world):
    url = MARCH.format(id=world.intervention.id)
    assert client.post(url, data=_form(world)).status_code == 302
    corrected = _form(world, **{"measurements-0-value": "45", "measurements-0-note": "Herteld",
                                "activities-0-participants": "25", "costs-0-category": "",
                                "costs-0-amount": "", "costs-0-funder": "",
                                "costs-0-description": ""})
    # The page as it is now prefilled: the measurement carries its date.
    corrected["measurements-0-date"] = "31-03-2025"
    assert client.post(url, data=corrected).status_code == 302
    measurement = db.session.scalar(select(Measurement))
    assert db.session.scalar(select(func.count()).select_from(Measurement)) == 1
    assert (measurement.value, measurement.note) == (45.0, "Herteld")
    change = db.session.scalar(select(MeasurementChange))
    assert (change.old_value, change.old_measured_on) == (42.5, date(2025, 3, 31))
    taalcafe = db.session.scalars(select(ActivityRecord).where(
        ActivityRecord.activity == "Taalcafé", ActivityRecord.period_start == date(2025, 3, 1))
    ).all()
    assert [r.participants for r in taalcafe] == [25]
    assert db.session.scalar(select(func.count()).select_from(CostEntry)) == 1
    # The same values once more change nothing and add no history.
    assert client.post(url, data=corrected).status_code == 302
    assert _counts() == (1, 1, 3, 1)


def test_a_new_activity_needs_a_number_and_a_unique_name(client, world):
    before = _counts()
    response = client.post(MARCH.format(id=world.intervention.id), data=_form(
        world, **{"activities-1-participants": "", "activities-2-activity": "taalcafé",
                  "activities-2-sessions": "1"}))
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and _counts() == before
    assert "Fill in at least one number for Buurtmaaltijd" in page
    assert "taalcafé is already in row 1 of this table." in page


def test_a_viewer_may_not_record_and_an_outsider_sees_nothing(client, world, auth):
    url = MARCH.format(id=world.intervention.id)
    auth.logout()
    auth.login(world.viewer.email)
    assert client.get(url).status_code == 403
    before = _counts()
    assert client.post(url, data=_form(world)).status_code == 403
    auth.logout()
    auth.login(world.stranger.email)
    for response in (client.get(url), client.post(url, data=_form(world)),
                     client.get(f"/interventions/{world.intervention.id}/monitor/month")):
        assert response.status_code == 404
        assert "Buurtkamer" not in response.get_data(as_text=True)
    assert _counts() == before


def test_months_and_their_period():
    assert Month.parse("2025-03") == Month(2025, 3)
    assert Month.parse("2025-00") is None and Month.parse("25-03") is None
    assert str(Month(2025, 12).shift(1)) == "2026-01"
    assert str(Month(2025, 1).shift(-1)) == "2024-12"
    assert Month(2025, 2).last == date(2025, 2, 28)
    intervention = SimpleNamespace(start_date=date(2025, 1, 15), end_date=date(2025, 6, 10))
    assert month_period(intervention, Month(2025, 1)) == (date(2025, 1, 15), date(2025, 1, 31))
    assert month_period(intervention, Month(2025, 6)) == (date(2025, 6, 1), date(2025, 6, 10))
    assert month_period(intervention, Month(2025, 3)) == (date(2025, 3, 1), date(2025, 3, 31))
