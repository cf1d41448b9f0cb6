"""Business rules of monitoring: who may record, what a valid goal, measurement, activity or
cost is, and where a goal stands. Functions take the session and flush; the caller commits, so
a refused input (ServiceError with the field to fix) saves nothing."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from wwidw.errors import ServiceError
from wwidw.interventions import taxonomy
from wwidw.interventions.models import Intervention
from wwidw.interventions.services import Viewer
from wwidw.monitor import calc
from wwidw.monitor.models import (
    COST_CATEGORIES,
    DIRECTIONS,
    FREQUENCIES,
    MEASURES,
    RESULT_TYPES,
    ActivityRecord,
    CostEntry,
    FunderBudget,
    Goal,
    GoalTarget,
    Measurement,
    MeasurementChange,
)
from wwidw.neighbourhoods.figures import figures_for
from wwidw.neighbourhoods.models import Area

SCORE_RANGE = (1.0, 10.0)


def _require_editor(viewer: Viewer, intervention: Intervention) -> None:
    if not viewer.can_edit(intervention):
        raise ServiceError(_l("Your role does not allow recording results for this "
                              "intervention."))


def _changed(session: Session) -> None:
    """Monitoring writes do not move the catalogue version: at national scale every move
    reloads each process's facet table (seconds), and a monthly routine of many writes would
    keep the catalogue reloading. The goal-status facets catch up at the next catalogue
    change; the monitor pages themselves always read fresh."""
    session.flush()


def _within_period(intervention: Intervention, day: date, field: str) -> None:
    """Results belong to the intervention's period; a date outside it is a typing error."""
    start, end = intervention.start_date, intervention.end_date
    if (start and day < start) or (end and day > end):
        raise ServiceError(_l(
            "%(day)s lies outside the intervention's period (%(start)s – %(end)s).",
            day=day.isoformat(), start=start.isoformat() if start else "…",
            end=end.isoformat() if end else "…"), field)


def _check_value(goal_measure: str, value: float, field: str) -> None:
    if goal_measure == "percentage" and not 0 <= value <= 100:
        raise ServiceError(_l("A percentage lies between 0 and 100."), field)
    if goal_measure == "score" and not SCORE_RANGE[0] <= value <= SCORE_RANGE[1]:
        raise ServiceError(_l("A score lies between 1 and 10."), field)


def save_goal(session: Session, viewer: Viewer, intervention: Intervention, data: dict,
              goal: Goal | None = None) -> Goal:
    """Create or change a goal. ``data['targets']`` is a list of (start, end, value, note)."""
    _require_editor(viewer, intervention)
    if data.get("result_type") not in RESULT_TYPES:
        raise ServiceError(_l("Choose the kind of result."), "result_type")
    if not (data.get("description") or "").strip():
        raise ServiceError(_l("Describe the goal."), "description")
    if not (data.get("indicator_name") or "").strip():
        raise ServiceError(_l("Name the indicator that shows the change."), "indicator_name")
    if data.get("measure") not in MEASURES:
        raise ServiceError(_l("Choose how the indicator is measured."), "measure")
    if data.get("direction") not in DIRECTIONS:
        raise ServiceError(_l("Choose the direction of the change."), "direction")
    if data.get("target_frequency", "once") not in FREQUENCIES:
        raise ServiceError(_l("Choose how often there is a target."), "target_frequency")
    effect_key = data.get("effect_key") or None
    if effect_key and taxonomy.effect(effect_key) is None:
        raise ServiceError(_l("Unknown effect."), "effect_key")
    area, indicator_key = _link(session, data)
    baseline_na = bool(data.get("baseline_na"))
    baseline = data.get("baseline_value")
    if baseline_na and not (data.get("baseline_na_reason") or "").strip():
        raise ServiceError(_l("Say why a baseline is not applicable."), "baseline_na_reason")
    if baseline is not None:
        _check_value(data["measure"], baseline, "baseline_value")
    if data.get("baseline_date"):
        _within_baseline_reach(intervention, data["baseline_date"])
    targets = data.get("targets") or []
    for start, end, value, _note in targets:
        if start > end:
            raise ServiceError(_l("A target period ends after it starts."), "targets")
        _within_period(intervention, start, "targets")
        _within_period(intervention, end, "targets")
        _check_value(data["measure"], value, "targets")
    if len({(start, end) for start, end, _v, _n in targets}) != len(targets):
        raise ServiceError(_l("Each target period can be given once."), "targets")
    if goal is None:
        goal = Goal(intervention_id=intervention.id, created_by_id=viewer.user_id,
                    position=len(goals_of(session, intervention.id)))
        session.add(goal)
    goal.result_type = data["result_type"]
    goal.description = data["description"].strip()
    goal.effect_key = effect_key
    goal.indicator_name = data["indicator_name"].strip()
    goal.definition = (data.get("definition") or "").strip()
    goal.unit_label = (data.get("unit_label") or "").strip()
    goal.measure, goal.direction = data["measure"], data["direction"]
    goal.cumulative = bool(data.get("cumulative"))
    goal.target_frequency = data.get("target_frequency", "once")
    goal.data_source = (data.get("data_source") or "").strip()
    goal.baseline_na = baseline_na
    goal.baseline_na_reason = (data.get("baseline_na_reason") or "").strip()
    goal.baseline_value = None if baseline_na else baseline
    goal.baseline_date = data.get("baseline_date")
    goal.baseline_source = (data.get("baseline_source") or "").strip()
    goal.area_id = area.id if area else None
    goal.indicator_key = indicator_key
    goal.public = bool(data.get("public"))
    goal.targets.clear()
    session.flush()
    for start, end, value, note in sorted(targets):
        goal.targets.append(GoalTarget(period_start=start, period_end=end, value=value,
                                       note=(note or "").strip()))
    if goal.linked:
        _baseline_from_figures(session, goal, intervention, viewer)
    _changed(session)
    return goal


def _within_baseline_reach(intervention: Intervention, day: date) -> None:
    # A baseline is measured before or at the start; after the end it is no baseline.
    if intervention.end_date and day > intervention.end_date:
        raise ServiceError(_l("The baseline date lies after the intervention's end."),
                           "baseline_date")


def _link(session: Session, data: dict) -> tuple[Area | None, str | None]:
    code = (data.get("area_code") or "").strip().upper()
    key = data.get("indicator_key") or None
    if not code and not key:
        return None, None
    if not code or not key:
        raise ServiceError(_l("A linked figure needs both an area and an indicator."),
                           "area_code" if not code else "indicator_key")
    if taxonomy.indicator(key) is None:
        raise ServiceError(_l("Unknown indicator."), "indicator_key")
    area = session.scalar(select(Area).where(Area.code == code))
    if area is None:
        raise ServiceError(_l("No area has the code %(code)s.", code=code), "area_code")
    return area, key


def linked_series(session: Session, goal: Goal, org_ids) -> list[calc.Observation]:
    """The figures of a linked goal's area, one per year (1 January of that year)."""
    if not goal.linked:
        return []
    chosen: dict[int, tuple[int, float]] = {}
    for figure in figures_for(session, [goal.area_id], org_ids, [goal.indicator_key]):
        if figure.value is None:
            continue
        rank = 0 if figure.organisation_id is None else (
            2 if figure.organisation_id in set(org_ids) else 1)
        if figure.year not in chosen or rank > chosen[figure.year][0]:
            chosen[figure.year] = (rank, figure.value)
    return [calc.Observation(date(year, 1, 1), value)
            for year, (_rank, value) in sorted(chosen.items())]


def _baseline_from_figures(session: Session, goal: Goal, intervention: Intervention,
                           viewer: Viewer) -> None:
    """The last figure before the intervention started (else the first there is) becomes the
    baseline, with its year and source, and moves along when figures are imported again."""
    series = linked_series(session, goal, viewer.org_ids)
    if not series:
        return
    start = intervention.start_date or date.today()
    before = [o for o in series if o.on <= start]
    point = before[-1] if before else series[0]
    goal.baseline_value, goal.baseline_date = point.value, point.on
    goal.baseline_na = False
    goal.baseline_source = str(_l("Neighbourhood figures %(year)s", year=point.on.year))


def goals_of(session: Session, intervention_id: int) -> list[Goal]:
    return list(session.scalars(select(Goal).where(Goal.intervention_id == intervention_id)
                                .order_by(Goal.position, Goal.id)))


def observations(session: Session, goal: Goal, org_ids) -> list[calc.Observation]:
    """What a goal's status is computed from: its measurements, or its linked figures."""
    own = [calc.Observation(m.measured_on, m.value) for m in goal.measurements]
    if goal.linked:
        return sorted(own + linked_series(session, goal, org_ids), key=lambda o: o.on)
    return own


def current_target(goal: Goal, today: date) -> GoalTarget | None:
    """The target whose period runs on ``today``, else the next one, else the last one."""
    targets = sorted(goal.targets, key=lambda t: t.period_end)
    for target in targets:
        if target.period_end >= today:
            return target
    return targets[-1] if targets else None


def goal_status(session: Session, goal: Goal, org_ids, today: date) -> calc.Status | None:
    target = current_target(goal, today)
    if target is None:
        return None
    # Only what was measured in the target's period counts; earlier values are the baseline's.
    seen = observations(session, goal, org_ids)
    actual = calc.aggregate(seen, goal.cumulative, goal.measure, start=target.period_start,
                            end=min(today, target.period_end))
    return calc.status(direction=goal.direction, baseline=goal.baseline_value,
                       baseline_na=goal.baseline_na, target=target.value,
                       start=target.period_start, end=target.period_end, actual=actual,
                       today=today)


def record_measurement(session: Session, viewer: Viewer, goal: Goal, intervention: Intervention,
                       data: dict) -> Measurement:
    _require_editor(viewer, intervention)
    day = data["measured_on"]
    _within_period(intervention, day, "measured_on")
    if data.get("period_start") and data["period_start"] > day:
        raise ServiceError(_l("A period ends after it starts."), "period_start")
    _check_value(goal.measure, data["value"], "value")
    measurement = Measurement(
        goal=goal, measured_on=day, period_start=data.get("period_start"), value=data["value"],
        source=(data.get("source") or "").strip(), note=(data.get("note") or "").strip(),
        evidence_url=(data.get("evidence_url") or "").strip(), recorded_by_id=viewer.user_id)
    session.add(measurement)
    _changed(session)
    return measurement


def correct_measurement(session: Session, viewer: Viewer, measurement: Measurement,
                        intervention: Intervention, data: dict) -> Measurement:
    """Change a measurement, keeping what it was in its history."""
    _require_editor(viewer, intervention)
    _within_period(intervention, data["measured_on"], "measured_on")
    _check_value(measurement.goal.measure, data["value"], "value")
    if (data["value"], data["measured_on"]) == (measurement.value, measurement.measured_on) \
            and (data.get("note") or "") == measurement.note:
        return measurement
    measurement.changes.append(MeasurementChange(
        changed_by_id=viewer.user_id, old_value=measurement.value,
        old_measured_on=measurement.measured_on, old_note=measurement.note))
    measurement.value, measurement.measured_on = data["value"], data["measured_on"]
    measurement.note = (data.get("note") or "").strip()
    _changed(session)
    return measurement


ACTIVITY_COUNTS = ("sessions", "participants", "new_participants", "volunteers")
ACTIVITY_HOURS = ("volunteer_hours", "professional_hours")


def save_activity(session: Session, viewer: Viewer, intervention: Intervention,
                  data: dict) -> ActivityRecord:
    """Record (or correct) an activity's figures for a period; one row per activity and period."""
    _require_editor(viewer, intervention)
    name = " ".join((data.get("activity") or "").split())
    if not name:
        raise ServiceError(_l("Name the activity."), "activity")
    start, end = data["period_start"], data["period_end"]
    if start > end:
        raise ServiceError(_l("A period ends after it starts."), "period_start")
    _within_period(intervention, start, "period_start")
    _within_period(intervention, end, "period_end")
    for name_of in ACTIVITY_COUNTS + ACTIVITY_HOURS:
        value = data.get(name_of)
        if value is not None and value < 0:
            raise ServiceError(_l("A number of people, sessions or hours is not negative."),
                               name_of)
    if (data.get("new_participants") or 0) > (data.get("participants") or 0) and \
            data.get("participants") is not None:
        raise ServiceError(_l("There cannot be more new participants than participants."),
                           "new_participants")
    record = session.scalar(select(ActivityRecord).where(
        ActivityRecord.intervention_id == intervention.id, ActivityRecord.activity == name,
        ActivityRecord.period_start == start, ActivityRecord.period_end == end))
    if record is None:
        record = ActivityRecord(intervention_id=intervention.id, activity=name,
                                period_start=start, period_end=end)
        session.add(record)
    for name_of in ACTIVITY_COUNTS + ACTIVITY_HOURS:
        setattr(record, name_of, data.get(name_of))
    record.recorded_by_id = viewer.user_id
    _changed(session)
    return record


def add_cost(session: Session, viewer: Viewer, intervention: Intervention,
             data: dict) -> CostEntry:
    _require_editor(viewer, intervention)
    if data.get("category") not in COST_CATEGORIES:
        raise ServiceError(_l("Choose a cost category."), "category")
    cents = data.get("amount_cents")
    if cents is None:
        raise ServiceError(_l("Give the amount in euros, e.g. 1.250,00."), "amount")
    if cents < 0:
        raise ServiceError(_l("An amount is not negative; record a refund as a note."), "amount")
    start, end = data["period_start"], data["period_end"]
    if start > end:
        raise ServiceError(_l("A period ends after it starts."), "period_start")
    _within_period(intervention, start, "period_start")
    _within_period(intervention, end, "period_end")
    if data.get("hours") is not None and data["hours"] < 0:
        raise ServiceError(_l("A number of people, sessions or hours is not negative."), "hours")
    entry = CostEntry(intervention_id=intervention.id, period_start=start, period_end=end,
                      category=data["category"], amount_cents=cents, hours=data.get("hours"),
                      funder=" ".join((data.get("funder") or "").split()),
                      description=(data.get("description") or "").strip(),
                      recorded_by_id=viewer.user_id)
    session.add(entry)
    _changed(session)
    return entry


def set_budget(session: Session, viewer: Viewer, intervention: Intervention, funder: str,
               amount_cents: int | None) -> None:
    """A funder's budget; an empty amount removes it."""
    _require_editor(viewer, intervention)
    funder = " ".join((funder or "").split())
    if not funder:
        raise ServiceError(_l("Name the funder."), "funder")
    budget = session.scalar(select(FunderBudget).where(
        FunderBudget.intervention_id == intervention.id, FunderBudget.funder == funder))
    if amount_cents is None:
        if budget is not None:
            session.delete(budget)
    elif amount_cents < 0:
        raise ServiceError(_l("An amount is not negative; record a refund as a note."), "amount")
    elif budget is None:
        session.add(FunderBudget(intervention_id=intervention.id, funder=funder,
                                 amount_cents=amount_cents))
    else:
        budget.amount_cents = amount_cents
    _changed(session)
