"""The SMART effect report of one intervention (issue 6), assembled once as plain data so that
the HTML page, the PDF and the Excel workbook say exactly the same; and the texts a manager
writes for it (conclusions, the resident summary) with the rules for saving and publishing them.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
from babel.numbers import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from wwidw.errors import ServiceError
from wwidw.interventions import taxonomy
from wwidw.interventions.models import Intervention
from wwidw.interventions.services import Viewer
from wwidw.models import utcnow
from wwidw.monitor import calc, services, smart
from wwidw.monitor.forms import DIRECTION_LABELS, RESULT_TYPE_LABELS
from wwidw.monitor.models import (
    COST_CATEGORIES,
    ActivityRecord,
    CostEntry,
    FunderBudget,
    Goal,
    GoalTarget,
    MonitorReport,
)

MAX_TEXT = 20_000

# The same words as the monitor overview, so a status reads alike on every page.
STATUS_LABELS = {
    calc.ACHIEVED: _l("Achieved"), calc.ON_TRACK: _l("On track"), calc.BEHIND: _l("Behind"),
    calc.NO_DATA: _l("No data"), calc.OVERDUE: _l("Overdue"),
}
# What a resident reads: the same status in plain words.
RESIDENT_STATUS = {
    calc.ACHIEVED: _l("achieved"), calc.ON_TRACK: _l("on schedule"),
    calc.BEHIND: _l("running behind"), calc.NO_DATA: _l("not measured yet"),
    calc.OVERDUE: _l("not reached in time"),
}
CATEGORY_LABELS = {"personnel": _l("Personnel"), "material": _l("Material"),
                   "accommodation": _l("Accommodation"), "other": _l("Other costs")}
EFFECT_COST_REASONS = {
    calc.NO_BASELINE: _l("undefined: there is no baseline or no measurement to compare"),
    calc.NO_IMPROVEMENT: _l("undefined: nothing has improved yet, so there is no unit of "
                            "effect to divide the costs by"),
    calc.NO_COST: _l("undefined: no costs have been recorded"),
}
MAINTAIN_REASON = _l("undefined: a goal to maintain a level has no improvement to divide the "
                     "costs by")


def status_label(code: str | None) -> str:
    return str(STATUS_LABELS.get(code or "", _l("No target")))


def category_label(category: str) -> str:
    return str(CATEGORY_LABELS.get(category, category))


def format_number(value: float | None, locale: str) -> str:
    if value is None:
        return ""
    return format_decimal(value, format="#,##0.##", locale=locale)


def format_value(value: float | None, measure: str, locale: str) -> str:
    """A goal's value as people read it: ``45%``, ``€ 1.250``, ``7,5``."""
    if value is None:
        return ""
    number = format_number(value, locale)
    if measure == "percentage":
        return f"{number}%"
    if measure == "currency":
        return f"€ {number}"
    return number


@dataclass(frozen=True)
class GoalLine:
    goal: Goal
    letters: list[smart.LetterCheck]
    target: GoalTarget | None
    status: calc.Status | None
    # Everything measured or imported, in date order: the chart and the latest value.
    series: list[calc.Observation]
    effect_label: str
    cost_per_unit_cents: int | None = None
    cost_reason: str | None = None

    @property
    def latest(self) -> calc.Observation | None:
        return self.series[-1] if self.series else None

    @property
    def status_code(self) -> str | None:
        return self.status.code if self.status else None

    @property
    def smart_ok(self) -> bool:
        return all(letter.ok for letter in self.letters)

    @property
    def is_effect(self) -> bool:
        return self.goal.result_type == "effect"


@dataclass(frozen=True)
class PeriodReach:
    start: date
    end: date
    reach: int
    sessions: int = 0
    participants: int = 0
    new_participants: int = 0
    volunteer_hours: float = 0.0
    professional_hours: float = 0.0


@dataclass(frozen=True)
class Results:
    reach: int
    sessions: int
    volunteer_hours: float
    professional_hours: float
    per_period: list[PeriodReach]
    records: list[ActivityRecord]


@dataclass(frozen=True)
class Costs:
    total_cents: int
    budget_cents: int | None
    by_category: list[tuple[str, int]]
    by_funder: list[calc.FunderSpend]
    per_participant_cents: int | None
    cumulative: list[tuple[date, int]]
    entries: list[CostEntry]


@dataclass(frozen=True)
class InterventionReport:
    intervention: Intervention
    today: date
    locale: str
    organisation: str
    areas: list[str]
    target_groups: list[str]
    goals: list[GoalLine]
    results: Results
    costs: Costs
    texts: MonitorReport | None

    @property
    def conclusions(self) -> str:
        return self.texts.conclusions if self.texts else ""

    @property
    def period(self) -> tuple[date | None, date | None]:
        return self.intervention.start_date, self.intervention.end_date

    def status_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for line in self.goals:
            key = line.status_code or "none"
            counts[key] = counts.get(key, 0) + 1
        return counts


def texts_of(session: Session, intervention_id: int) -> MonitorReport | None:
    return session.scalar(select(MonitorReport).where(
        MonitorReport.intervention_id == intervention_id))


def _goals(session: Session, intervention_id: int) -> list[Goal]:
    # Targets and measurements in two queries, not two per goal: 8 goals × 60 measurements.
    return list(session.scalars(
        select(Goal).where(Goal.intervention_id == intervention_id)
        .options(selectinload(Goal.targets), selectinload(Goal.measurements))
        .order_by(Goal.position, Goal.id)))


def _results(records: Sequence[ActivityRecord]) -> Results:
    periods: dict[tuple[date, date], list[ActivityRecord]] = {}
    for record in records:
        periods.setdefault((record.period_start, record.period_end), []).append(record)
    per_period = [PeriodReach(start, end, calc.reach([r.new_participants for r in rows],
                                                     [r.participants for r in rows]),
                              sum(r.sessions or 0 for r in rows),
                              sum(r.participants or 0 for r in rows),
                              sum(r.new_participants or 0 for r in rows),
                              sum(r.volunteer_hours or 0 for r in rows),
                              sum(r.professional_hours or 0 for r in rows))
                  for (start, end), rows in sorted(periods.items())]
    return Results(
        reach=calc.reach([r.new_participants for r in records],
                         [r.participants for r in records]),
        sessions=sum(r.sessions or 0 for r in records),
        volunteer_hours=sum(r.volunteer_hours or 0 for r in records),
        professional_hours=sum(r.professional_hours or 0 for r in records),
        per_period=per_period, records=list(records))


def _costs(intervention: Intervention, entries: Sequence[CostEntry],
           budgets: Sequence[FunderBudget], reach: int) -> Costs:
    total = sum(e.amount_cents for e in entries)
    by_category = {category: 0 for category in COST_CATEGORIES}
    for entry in entries:
        by_category[entry.category] += entry.amount_cents
    funder_budgets = {b.funder: b.amount_cents for b in budgets}
    # The intervention's own budget is the whole; funders' budgets only when it has none.
    budget = intervention.budget_cents
    if budget is None and funder_budgets:
        budget = sum(funder_budgets.values())
    return Costs(
        total_cents=total, budget_cents=budget,
        by_category=[(c, cents) for c, cents in by_category.items() if cents],
        by_funder=calc.spent_by_funder([(e.funder, e.amount_cents) for e in entries],
                                       funder_budgets),
        per_participant_cents=calc.cost_per_participant(total, reach),
        cumulative=calc.cumulative_cents([(e.period_end, e.amount_cents) for e in entries]),
        entries=list(entries))


def _effect_cost(goal: Goal, status: calc.Status | None, series: list[calc.Observation],
                 total_cents: int) -> tuple[int | None, str | None]:
    if goal.direction == "maintain":
        return None, str(MAINTAIN_REASON)
    actual = status.actual if status and status.actual is not None else (
        series[-1].value if series else None)
    baseline = calc.effective_baseline(goal.baseline_value, goal.baseline_na, goal.direction)
    cents, reason = calc.cost_per_unit_of_effect(total_cents, baseline, actual, goal.direction)
    return cents, (str(EFFECT_COST_REASONS[reason]) if reason else None)


def build(session: Session, viewer: Viewer, intervention: Intervention, today: date,
          locale: str = "nl") -> InterventionReport:
    """Everything the report shows, computed for ``today``. The caller has checked that the
    viewer belongs to the owning organisation (raw monitoring data is for members only)."""
    records = list(session.scalars(
        select(ActivityRecord).where(ActivityRecord.intervention_id == intervention.id)
        .order_by(ActivityRecord.period_start, ActivityRecord.activity)))
    entries = list(session.scalars(
        select(CostEntry).where(CostEntry.intervention_id == intervention.id)
        .order_by(CostEntry.period_start, CostEntry.id)))
    budgets = list(session.scalars(
        select(FunderBudget).where(FunderBudget.intervention_id == intervention.id)
        .order_by(FunderBudget.funder)))
    results = _results(records)
    costs = _costs(intervention, entries, budgets, results.reach)
    has_budget = bool(intervention.budget_cents) or bool(budgets)
    lines = []
    for goal in _goals(session, intervention.id):
        series = services.observations(session, goal, viewer.org_ids)
        status = services.goal_status(session, goal, viewer.org_ids, today)
        effect = taxonomy.effect(goal.effect_key) if goal.effect_key else None
        cents, reason = (_effect_cost(goal, status, series, costs.total_cents)
                         if goal.result_type == "effect" else (None, None))
        lines.append(GoalLine(
            goal=goal, letters=smart.check(goal, intervention, has_budget),
            target=services.current_target(goal, today), status=status, series=series,
            effect_label=effect.label(locale) if effect else "",
            cost_per_unit_cents=cents, cost_reason=reason))
    return InterventionReport(
        intervention=intervention, today=today, locale=locale,
        organisation=intervention.organisation.name,
        areas=[f"{a.name} ({a.code})" for a in intervention.areas],
        target_groups=[term.label(locale) if (term := taxonomy.target_group(key)) else key
                       for key in intervention.target_groups],
        goals=lines, results=results, costs=costs,
        texts=texts_of(session, intervention.id))


# --- the texts a manager writes --------------------------------------------------------------


def _require_manager(viewer: Viewer, intervention: Intervention) -> None:
    if not viewer.has_role(intervention.organisation_id, "manager"):
        raise ServiceError(_l("Only a manager of the organisation may write the report's "
                              "texts."))


def _texts(session: Session, intervention: Intervention) -> MonitorReport:
    texts = texts_of(session, intervention.id)
    if texts is None:
        texts = MonitorReport(intervention_id=intervention.id)
        session.add(texts)
    return texts


def _clean(text: str | None, field: str) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if len(text) > MAX_TEXT:
        raise ServiceError(_l("Keep the text under %(count)d characters.", count=MAX_TEXT),
                           field)
    return text


def save_conclusions(session: Session, viewer: Viewer, intervention: Intervention,
                     text: str | None) -> MonitorReport:
    _require_manager(viewer, intervention)
    texts = _texts(session, intervention)
    texts.conclusions = _clean(text, "conclusions")
    texts.updated_by_id = viewer.user_id
    session.flush()
    return texts


def save_summary(session: Session, viewer: Viewer, intervention: Intervention,
                 text: str | None, public_goal_ids: Sequence[int],
                 publish: bool | None = None, now: datetime | None = None) -> MonitorReport:
    """Save the resident summary and the goals that appear in it (``Goal.public``); with
    ``publish`` True or False also publish or unpublish it. An empty summary is never
    published: a resident would see goals without a word of explanation."""
    _require_manager(viewer, intervention)
    texts = _texts(session, intervention)
    texts.resident_summary = _clean(text, "summary")
    chosen = set(public_goal_ids)
    goals = services.goals_of(session, intervention.id)
    if not chosen <= {g.id for g in goals}:
        raise ServiceError(_l("Choose goals of this intervention."), "goals")
    for goal in goals:
        goal.public = goal.id in chosen
    if publish is True:
        if not texts.resident_summary:
            raise ServiceError(_l("Write the summary before publishing it."), "summary")
        if not texts.resident_summary_published:
            texts.published_at = now or utcnow()
        texts.resident_summary_published = True
    elif publish is False:
        texts.resident_summary_published = False
        texts.published_at = None
    texts.updated_by_id = viewer.user_id
    session.flush()
    return texts


def resident_sentence(line: GoalLine, locale: str) -> str:
    """One plain sentence per goal for residents: "Doel: … — op schema (nu 45%, doel 50%)"."""
    goal = line.goal
    if line.status is None:
        state = str(_l("no target yet"))
    else:
        state = str(RESIDENT_STATUS[line.status.code])
    figures = []
    if line.status and line.status.actual is not None:
        figures.append(str(_l("now %(value)s", value=format_value(
            line.status.actual, goal.measure, locale))))
    if line.target is not None:
        figures.append(str(_l("aim %(value)s by %(day)s", value=format_value(
            line.target.value, goal.measure, locale), day=_day(line.target.period_end, locale))))
    sentence = str(_l("Goal: %(goal)s — %(status)s", goal=goal.description, status=state))
    return f"{sentence} ({', '.join(figures)})" if figures else sentence


def _day(day: date, locale: str) -> str:
    from babel.dates import format_date

    return format_date(day, "d MMMM yyyy", locale=locale)


# --- the workbook with the underlying data ---------------------------------------------------


def frames(report: InterventionReport) -> list[tuple[str, pd.DataFrame]]:
    """The report's data as sheets: goals, measurements, activities, costs, budgets. Empty
    cells where nothing is known, never 0."""
    goal_rows, measurement_rows = [], []
    for line in report.goals:
        goal = line.goal
        goal_rows.append({
            _("Goal"): goal.description, _("Kind of result"): str(
                RESULT_TYPE_LABELS[goal.result_type]),
            _("Effect"): line.effect_label, _("Indicator"): goal.indicator_name,
            _("Unit"): goal.unit_label, _("Direction"): str(DIRECTION_LABELS[goal.direction]),
            _("Baseline"): goal.baseline_value, _("Baseline date"): goal.baseline_date,
            _("Baseline source"): goal.baseline_source
            or (goal.baseline_na_reason if goal.baseline_na else ""),
            _("Target"): line.target.value if line.target else None,
            _("Target period start"): line.target.period_start if line.target else None,
            _("Target period end"): line.target.period_end if line.target else None,
            _("Latest value"): line.latest.value if line.latest else None,
            _("Latest date"): line.latest.on if line.latest else None,
            _("Progress (%)"): None if not line.status or line.status.progress is None
            else round(line.status.progress * 100, 1),
            _("Status"): status_label(line.status_code),
            "SMART": "".join(c.letter if c.ok else "-" for c in line.letters),
            _("Cost per unit of effect (euro)"): None if line.cost_per_unit_cents is None
            else line.cost_per_unit_cents / 100,
            _("Note"): line.cost_reason or "",
        })
        for m in goal.measurements:
            measurement_rows.append({
                _("Goal"): goal.description, _("Indicator"): goal.indicator_name,
                _("Date"): m.measured_on, _("Period start"): m.period_start, _("Value"): m.value,
                _("Source"): m.source, _("Note"): m.note, _("Evidence"): m.evidence_url})
        if goal.linked:
            own = {(m.measured_on, m.value) for m in goal.measurements}
            for point in line.series:
                if (point.on, point.value) not in own:
                    measurement_rows.append({
                        _("Goal"): goal.description, _("Indicator"): goal.indicator_name,
                        _("Date"): point.on, _("Period start"): None, _("Value"): point.value,
                        _("Source"): _("Neighbourhood figures %(year)s", year=point.on.year),
                        _("Note"): "", _("Evidence"): ""})
    activity_rows = [{
        _("Period start"): r.period_start, _("Period end"): r.period_end,
        _("Activity"): r.activity, _("Sessions"): r.sessions, _("Participants"): r.participants,
        _("New participants"): r.new_participants, _("Volunteers"): r.volunteers,
        _("Volunteer hours"): r.volunteer_hours, _("Professional hours"): r.professional_hours,
    } for r in report.results.records]
    cost_rows = [{
        _("Period start"): e.period_start, _("Period end"): e.period_end,
        _("Category"): category_label(e.category), _("Amount (euro)"): e.amount_cents / 100,
        _("Hours"): e.hours, _("Funder"): e.funder, _("Description"): e.description,
    } for e in report.costs.entries]
    budget_rows = [{
        _("Funder"): f.funder or _("(no funder)"),
        _("Budget (euro)"): None if f.budget_cents is None else f.budget_cents / 100,
        _("Spent (euro)"): f.spent_cents / 100,
        _("Remaining (euro)"): None if f.remaining_cents is None else f.remaining_cents / 100,
    } for f in report.costs.by_funder]
    return [(_("Goals"), _frame(goal_rows, _("Goal"))),
            (_("Measurements"), _frame(measurement_rows, _("Goal"))),
            (_("Activities"), _frame(activity_rows, _("Activity"))),
            (_("Costs"), _frame(cost_rows, _("Category"))),
            (_("Budgets"), _frame(budget_rows, _("Funder")))]


def _frame(rows: list[dict], first: str) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(rows[0]) if rows else [first])


def workbook(sheets: list[tuple[str, pd.DataFrame]]) -> bytes:
    """One Excel workbook, a sheet per frame, with readable column widths and a fixed header."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets:
            name = name[:31]
            frame.to_excel(writer, index=False, sheet_name=name)
            sheet = writer.sheets[name]
            for column in sheet.columns:
                width = max(len(str(cell.value or "")) for cell in column[:50])
                sheet.column_dimensions[column[0].column_letter].width = min(max(width, 10), 60)
            sheet.freeze_panes = "A2"
    return buffer.getvalue()
