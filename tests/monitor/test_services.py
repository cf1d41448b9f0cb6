"""Monitoring rules against a real database: valid goals, refused input saving nothing, the
history of a corrected measurement, and goals read from neighbourhood figures."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from wwidw.errors import ServiceError
from wwidw.extensions import db
from wwidw.interventions.services import Viewer
from wwidw.monitor import services, smart
from wwidw.monitor.models import (
    ActivityRecord,
    CostEntry,
    Goal,
    Measurement,
    MeasurementChange,
)
from wwidw.neighbourhoods.models import Area, IndicatorValue
from wwidw.neighbourhoods.services import AreaRecord, upsert_areas

TODAY = date(2025, 7, 1)


@pytest.fixture
def setting(app, make):
    upsert_areas(db.session, [AreaRecord("GM0797", "Heusden"), AreaRecord("WK079701", "Drunen"),
                              AreaRecord("BU07970101", "Drunen-Centrum")], 2023)
    org = make.org("Woonstichting Meetbaar")
    worker = make.user(org, "worker")
    intervention = make.intervention(
        org, author=worker, title="Buurtkamer Drunen", start_date=date(2025, 1, 1),
        end_date=date(2026, 12, 31), target_groups=["residents"], areas=["BU07970101"],
        budget_cents=50_000_00)
    return org, Viewer.of(worker), intervention


def _goal_data(**overrides):
    data = {"result_type": "effect", "description": "Meer bewoners kennen hun buren in Drunen",
            "indicator_name": "Bewoners die buren kennen", "unit_label": "bewoners",
            "measure": "percentage", "direction": "increase", "baseline_value": 40.0,
            "baseline_date": date(2024, 12, 1), "targets": [
                (date(2025, 1, 1), date(2025, 12, 31), 50.0, ""),
                (date(2026, 1, 1), date(2026, 12, 31), 60.0, "")]}
    data.update(overrides)
    return data


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_smart_goal_passes_every_letter(setting):
    _org, viewer, intervention = setting
    goal = services.save_goal(db.session, viewer, intervention, _goal_data())
    db.session.commit()
    letters = smart.check(goal, intervention, has_budget=True)
    assert [(c.letter, c.ok) for c in letters] == [(letter, True) for letter in "SMART"]


def test_smart_hints_name_what_is_missing(setting):
    _org, viewer, intervention = setting
    goal = services.save_goal(db.session, viewer, intervention, _goal_data(
        description="Buren", baseline_value=None, targets=[
            (date(2025, 1, 1), date(2025, 12, 31), 30.0, "")]))
    goal.baseline_value = 40.0  # a target below the baseline for an increase
    checks = {c.letter: c for c in smart.check(goal, intervention, has_budget=False)}
    assert not checks["S"].ok and "wat er moet veranderen" in str(checks["S"].hints[0])
    assert not checks["A"].ok and "30" in str(checks["A"].hints[0])
    assert not checks["R"].ok and checks["M"].ok and checks["T"].ok
    goal.targets.clear()
    goal.baseline_value = None
    checks = {c.letter: c for c in smart.check(goal, intervention, has_budget=True)}
    assert not checks["T"].ok and not checks["M"].ok


@pytest.mark.parametrize("overrides, field", [
    ({"targets": [(date(2027, 1, 1), date(2027, 12, 31), 60.0, "")]}, "targets"),
    ({"targets": [(date(2025, 6, 1), date(2025, 1, 1), 60.0, "")]}, "targets"),
    ({"baseline_value": 140.0}, "baseline_value"),
    ({"description": " "}, "description"),
    ({"baseline_value": None, "baseline_na": True}, "baseline_na_reason"),
    ({"area_code": "BU07970101"}, "indicator_key"),
    ({"area_code": "BU99999999", "indicator_key": "neighbourhood_grade"}, "area_code"),
])
def test_bad_goals_are_refused_with_the_field_and_save_nothing(setting, overrides, field):
    _org, viewer, intervention = setting
    with pytest.raises(ServiceError) as refused:
        services.save_goal(db.session, viewer, intervention, _goal_data(**overrides))
    db.session.rollback()
    assert refused.value.field == field
    assert _count(Goal) == 0


def test_measurements_outside_the_period_or_range_are_refused(setting):
    _org, viewer, intervention = setting
    goal = services.save_goal(db.session, viewer, intervention, _goal_data())
    db.session.commit()
    for data, field in (({"measured_on": date(2024, 12, 31), "value": 45.0}, "measured_on"),
                        ({"measured_on": date(2025, 3, 1), "value": 145.0}, "value")):
        with pytest.raises(ServiceError) as refused:
            services.record_measurement(db.session, viewer, goal, intervention, data)
        db.session.rollback()
        assert refused.value.field == field
    assert _count(Measurement) == 0


def test_a_corrected_measurement_keeps_its_history(setting):
    _org, viewer, intervention = setting
    goal = services.save_goal(db.session, viewer, intervention, _goal_data())
    measurement = services.record_measurement(db.session, viewer, goal, intervention, {
        "measured_on": date(2025, 3, 31), "value": 44.0, "source": "enquête"})
    db.session.commit()
    services.correct_measurement(db.session, viewer, measurement, intervention, {
        "measured_on": date(2025, 3, 31), "value": 45.5, "note": "telfout hersteld"})
    db.session.commit()
    change = db.session.scalars(select(MeasurementChange)).one()
    assert (change.old_value, measurement.value) == (44.0, 45.5)
    assert change.changed_by_id == viewer.user_id


def test_status_follows_the_measurements(setting):
    _org, viewer, intervention = setting
    goal = services.save_goal(db.session, viewer, intervention, _goal_data())
    db.session.commit()
    assert services.goal_status(db.session, goal, viewer.org_ids, TODAY).code == "no_data"
    services.record_measurement(db.session, viewer, goal, intervention,
                                {"measured_on": date(2025, 6, 1), "value": 46.0})
    status = services.goal_status(db.session, goal, viewer.org_ids, TODAY)
    assert status.code == "on_track" and status.progress == pytest.approx(0.6)
    # The 2026 target counts only 2026's measurements: none came, and the year is over.
    assert services.goal_status(db.session, goal, viewer.org_ids,
                                date(2027, 1, 5)).code == "overdue"


def test_a_linked_goal_reads_its_baseline_and_values_from_the_figures(setting):
    _org, viewer, intervention = setting
    area = db.session.scalar(select(Area).where(Area.code == "BU07970101"))
    for year, value in ((2023, 6.4), (2024, 6.6)):
        db.session.add(IndicatorValue(area_id=area.id, indicator_key="neighbourhood_grade",
                                      year=year, value=value))
    db.session.commit()
    goal = services.save_goal(db.session, viewer, intervention, _goal_data(
        measure="score", baseline_value=None, baseline_date=None, area_code="BU07970101",
        indicator_key="neighbourhood_grade", targets=[
            (date(2025, 1, 1), date(2026, 12, 31), 7.0, "")]))
    db.session.commit()
    assert (goal.baseline_value, goal.baseline_date) == (6.6, date(2024, 1, 1))
    assert services.goal_status(db.session, goal, viewer.org_ids, TODAY).code == "no_data"
    # A new year of figures is imported: the goal's status moves without anyone recording.
    db.session.add(IndicatorValue(area_id=area.id, indicator_key="neighbourhood_grade",
                                  year=2025, value=7.1))
    db.session.commit()
    assert services.goal_status(db.session, goal, viewer.org_ids, TODAY).code == "achieved"


def test_activities_and_costs(setting):
    _org, viewer, intervention = setting
    month = {"period_start": date(2025, 3, 1), "period_end": date(2025, 3, 31)}
    services.save_activity(db.session, viewer, intervention, {
        "activity": "Inloopochtend", "sessions": 4, "participants": 30, "new_participants": 6,
        **month})
    services.save_activity(db.session, viewer, intervention, {
        "activity": "Inloopochtend", "sessions": 5, "participants": 35, "new_participants": 4,
        **month})
    db.session.commit()
    record = db.session.scalars(select(ActivityRecord)).one()
    assert (record.sessions, record.participants) == (5, 35)
    with pytest.raises(ServiceError) as refused:
        services.save_activity(db.session, viewer, intervention, {
            "activity": "Inloopochtend", "participants": 3, "new_participants": 6, **month})
    assert refused.value.field == "new_participants"
    db.session.rollback()
    services.add_cost(db.session, viewer, intervention, {
        "category": "material", "amount_cents": 123456, "funder": "Gemeente", **month})
    db.session.commit()
    with pytest.raises(ServiceError):
        services.add_cost(db.session, viewer, intervention, {
            "category": "material", "amount_cents": -5, **month})
    db.session.rollback()
    assert db.session.scalar(select(CostEntry.amount_cents)) == 123456


def test_only_the_owners_workers_record(setting, make):
    org, _viewer, intervention = setting
    for user in (make.user(org, "viewer"), make.user(make.org("Buren"), "admin")):
        with pytest.raises(ServiceError):
            services.save_goal(db.session, Viewer.of(user), intervention, _goal_data())
        db.session.rollback()
    assert _count(Goal) == 0
