"""Recording results in bulk, all or nothing: the quick-entry table of one month, and a CSV or
Excel file of activity records or measurements.

Both check every cell before they report, so a user fixes everything in one go, and any
problem means nothing is saved: the functions raise with every error and the caller rolls
back. The rules of a single result stay in ``services``; this module only reads what people
typed (7,5 or 7.5, 31-03-2025 or 2025-03-31), pairs it with the right goal, activity and
period, and keeps a second entry of the same month or file from duplicating the first: a
measurement already recorded for that goal and date (or month) is corrected, with history.
"""

from __future__ import annotations

import csv
import io
from calendar import monthrange
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from wwidw.errors import ServiceError
from wwidw.interventions.models import Intervention
from wwidw.interventions.services import Viewer
from wwidw.monitor import services
from wwidw.monitor.models import ActivityRecord, CostEntry, Goal, Measurement
from wwidw.monitor.money import parse_cents
from wwidw.monitor.services import ACTIVITY_COUNTS, ACTIVITY_HOURS
from wwidw.tabular import (
    RowError,
    Rows,
    cell_text,
    normalise_header,
    parse_date,
    parse_number,
    read_rows,
)

ACTIVITY_NUMBERS = ACTIVITY_COUNTS + ACTIVITY_HOURS
KIND_ACTIVITIES = "activities"
KIND_MEASUREMENTS = "measurements"
KINDS = (KIND_ACTIVITIES, KIND_MEASUREMENTS)


# --- months ----------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month, written ``YYYY-MM`` in URLs."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month | None:
        parts = text.split("-")
        if [len(part) for part in parts] != [4, 2] or not all(p.isdigit() for p in parts):
            return None
        year, month = int(parts[0]), int(parts[1])
        return cls(year, month) if 1 <= month <= 12 and year >= 1900 else None

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last(self) -> date:
        return date(self.year, self.month, monthrange(self.year, self.month)[1])

    def shift(self, months: int) -> Month:
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def month_range(intervention: Intervention) -> tuple[Month | None, Month | None]:
    """The first and last month of the intervention's period (None where it is open)."""
    start, end = intervention.start_date, intervention.end_date
    return (Month.of(start) if start else None, Month.of(end) if end else None)


def in_period(intervention: Intervention, month: Month) -> bool:
    first, last = month_range(intervention)
    return (first is None or first <= month) and (last is None or month <= last)


def nearest_month(intervention: Intervention, month: Month) -> Month:
    """The month itself if it lies in the intervention's period, else the period's nearest end."""
    first, last = month_range(intervention)
    if first is not None and month < first:
        return first
    if last is not None and last < month:
        return last
    return month


def month_period(intervention: Intervention, month: Month) -> tuple[date, date]:
    """The part of the month inside the intervention's period: a month's activities and costs
    are recorded for this period, so the first month of an intervention that starts on the 15th
    runs from the 15th."""
    start, end = month.first, month.last
    if intervention.start_date and intervention.start_date > start:
        start = min(intervention.start_date, end)
    if intervention.end_date and intervention.end_date < end:
        end = max(intervention.end_date, start)
    return start, end


# --- the quick-entry month -------------------------------------------------------------------


@dataclass
class MonthSheet:
    """What the quick-entry page shows for a month: the goals that take measurements with this
    month's measurement (if any) and the one before, the linked goals, the activity names
    recorded before with this month's record, and the costs already recorded this month."""

    month: Month
    period: tuple[date, date]
    goals: list[Goal]
    linked_goals: list[Goal]
    current: dict[int, Measurement]
    previous: dict[int, Measurement]
    activity_names: list[str]
    activities: dict[str, ActivityRecord]
    costs: list[CostEntry]


def month_measurement(goal: Goal, month: Month) -> Measurement | None:
    """The goal's measurement of the month: the latest one dated in it."""
    inside = [m for m in goal.measurements if month.first <= m.measured_on <= month.last]
    return inside[-1] if inside else None


def month_sheet(session: Session, intervention: Intervention, month: Month) -> MonthSheet:
    goals = services.goals_of(session, intervention.id)
    own = [goal for goal in goals if not goal.linked]
    previous: dict[int, Measurement] = {}
    for goal in own:
        before = [m for m in goal.measurements if m.measured_on < month.first]
        if before:
            previous[goal.id] = before[-1]
    start, end = month_period(intervention, month)
    records = session.scalars(select(ActivityRecord).where(
        ActivityRecord.intervention_id == intervention.id,
        ActivityRecord.period_start == start, ActivityRecord.period_end == end))
    names = session.scalars(select(ActivityRecord.activity).distinct().where(
        ActivityRecord.intervention_id == intervention.id))
    costs = session.scalars(select(CostEntry).where(
        CostEntry.intervention_id == intervention.id, CostEntry.period_start >= month.first,
        CostEntry.period_end <= month.last).order_by(CostEntry.id))
    return MonthSheet(
        month=month, period=(start, end), goals=own,
        linked_goals=[goal for goal in goals if goal.linked],
        current={goal.id: m for goal in own if (m := month_measurement(goal, month))},
        previous=previous, activity_names=sorted(set(names), key=str.casefold),
        activities={record.activity: record for record in records}, costs=list(costs))


@dataclass(frozen=True)
class CellError:
    """A problem in one cell of the month table: ``section`` is measurements, activities or
    costs, ``index`` the row in that section, ``field`` the column. ``field`` None means the
    problem concerns the whole month."""

    section: str | None
    index: int
    field: str | None
    message: Any


class MonthEntryError(ServiceError):
    """The month table has problems; ``errors`` lists every one. Nothing was saved."""

    def __init__(self, errors: list[CellError]) -> None:
        super().__init__(_l("Nothing was saved. Fix the cells marked below and save again."))
        self.errors = errors


@dataclass
class MonthSaved:
    measurements_added: int = 0
    measurements_corrected: int = 0
    activities: int = 0
    costs: int = 0

    @property
    def anything(self) -> bool:
        return bool(self.measurements_added or self.measurements_corrected or self.activities
                    or self.costs)


def _filled(row: dict[str, str], names: Sequence[str]) -> bool:
    return any((row.get(name) or "").strip() for name in names)


def _not_a_number(text: str) -> Any:
    return _l("“%(value)s” is not a number; write for example 12 or 7,5.", value=text)


def _not_whole(text: str) -> Any:
    return _l("“%(value)s” is not a whole number.", value=text)


def _not_a_date(text: str) -> Any:
    return _l("“%(value)s” is not a date; write it as 31-03-2025 or 2025-03-31.", value=text)


def _numbers(row: dict[str, Any], fail: Callable[[str, Any], None]) -> dict[str, Any]:
    """The activity numbers of a row: whole numbers for counts, decimals for hours."""
    values: dict[str, Any] = {}
    for name in ACTIVITY_NUMBERS:
        cell = row.get(name)
        value, valid = parse_number(cell)
        if not valid:
            fail(name, _not_a_number(cell_text(cell)))
            continue
        if value is not None and name in ACTIVITY_COUNTS:
            if not value.is_integer():
                fail(name, _not_whole(cell_text(cell)))
                continue
            value = int(value)
        values[name] = value
    return values


def save_month(session: Session, viewer: Viewer, intervention: Intervention, month: Month,
               measurements: list[dict[str, str]], activities: list[dict[str, str]],
               costs: list[dict[str, str]]) -> MonthSaved:
    """Record a month from the quick-entry table, all or nothing.

    ``measurements`` rows carry ``goal_id``, ``date`` (empty: the month's last day in the
    period), ``value``, ``source``, ``note``; ``activities`` rows ``activity`` and the numbers;
    ``costs`` rows ``category``, ``amount``, ``hours``, ``funder``, ``description``. An empty
    row is skipped. Raises ``MonthEntryError`` with every problem; the caller commits or rolls
    back.
    """
    errors: list[CellError] = []
    saved = MonthSaved()
    if not in_period(intervention, month):
        start, end = intervention.start_date, intervention.end_date
        raise MonthEntryError([CellError(None, 0, None, _l(
            "%(month)s lies outside the intervention's period (%(start)s – %(end)s).",
            month=str(month), start=start.isoformat() if start else "…",
            end=end.isoformat() if end else "…"))])
    start, end = month_period(intervention, month)
    goals = {goal.id: goal for goal in services.goals_of(session, intervention.id)}

    def attempt(section: str, index: int, action: Callable[[], Any],
                fields: dict[str, str] | None = None) -> Any:
        """Run a service; its refusal becomes an error on the cell it names."""
        try:
            return action()
        except ServiceError as error:
            name = (fields or {}).get(error.field or "", error.field)
            errors.append(CellError(section, index, name, error.message))
            return None

    for index, row in enumerate(measurements):
        def fail(name: str, message: Any, index: int = index) -> None:
            errors.append(CellError("measurements", index, name, message))

        goal = goals.get(int(row["goal_id"])) if str(row.get("goal_id", "")).isdigit() else None
        if goal is None or goal.linked:
            continue  # a goal removed (or linked) since the page was opened takes no entry
        existing = month_measurement(goal, month)
        if not _filled(row, ("value", "source", "note", "date")):
            continue
        value, valid = parse_number(row.get("value"))
        if not valid:
            fail("value", _not_a_number(cell_text(row.get("value"))))
        elif value is None:
            fail("value", _l("A recorded measurement cannot be emptied here; give its value.")
                 if existing else _l("Give the value, or leave the whole row empty."))
        # Without a date, the measurement closes the month (its last day in the period).
        day = parse_date(row["date"]) if (row.get("date") or "").strip() else end
        if day is None:
            fail("date", _not_a_date(cell_text(row["date"])))
        elif not month.first <= day <= month.last:
            fail("date", _l("%(day)s does not lie in %(month)s.", day=day.strftime("%d-%m-%Y"),
                            month=str(month)))
            day = None
        if value is None or day is None:
            continue
        data = {"measured_on": day, "period_start": min(start, day), "value": value,
                "source": row.get("source") or "", "note": row.get("note") or ""}
        fields = {"measured_on": "date", "period_start": "date"}
        if existing is None:
            if attempt("measurements", index, lambda data=data, goal=goal:
                       services.record_measurement(session, viewer, goal, intervention, data),
                       fields):
                saved.measurements_added += 1
        elif _correct(session, viewer, intervention, existing, data, attempt, index, fields):
            saved.measurements_corrected += 1

    seen: dict[str, int] = {}
    for index, row in enumerate(activities):
        def fail(name: str, message: Any, index: int = index) -> None:
            errors.append(CellError("activities", index, name, message))

        name = " ".join((row.get("activity") or "").split())
        if not _filled(row, ACTIVITY_NUMBERS):
            if name and not row.get("known"):
                fail("sessions", _l("Fill in at least one number for %(activity)s, or leave "
                                    "the row empty.", activity=name))
            continue
        if name.casefold() in seen:
            fail("activity", _l("%(activity)s is already in row %(row)d of this table.",
                                activity=name, row=seen[name.casefold()] + 1))
            continue
        if name:
            seen[name.casefold()] = index
        numbers = _numbers(row, fail)
        if len(numbers) < len(ACTIVITY_NUMBERS):
            continue
        data = {"activity": name, "period_start": start, "period_end": end, **numbers}
        if attempt("activities", index, lambda data=data:
                   services.save_activity(session, viewer, intervention, data)):
            saved.activities += 1

    for index, row in enumerate(costs):
        def fail(name: str, message: Any, index: int = index) -> None:
            errors.append(CellError("costs", index, name, message))

        if not _filled(row, ("category", "amount", "hours", "funder", "description")):
            continue
        amount = (row.get("amount") or "").strip()
        cents = parse_cents(amount)
        if amount and cents is None:
            fail("amount", _l("“%(value)s” is not an amount in euros; write for example "
                              "1.250,00.", value=amount))
        hours, valid = parse_number(row.get("hours"))
        if not valid:
            fail("hours", _not_a_number(cell_text(row.get("hours"))))
        if (amount and cents is None) or not valid:
            continue
        data = {"category": row.get("category") or "", "amount_cents": cents, "hours": hours,
                "period_start": start, "period_end": end, "funder": row.get("funder") or "",
                "description": row.get("description") or ""}
        if attempt("costs", index, lambda data=data:
                   services.add_cost(session, viewer, intervention, data)):
            saved.costs += 1

    if errors:
        raise MonthEntryError(errors)
    return saved


def _correct(session: Session, viewer: Viewer, intervention: Intervention,
             measurement: Measurement, data: dict, attempt: Callable[..., Any], index: int,
             fields: dict[str, str]) -> bool:
    """Correct a measurement through the service (which keeps its history); True if it
    changed. The source is no part of that history, so it is set alongside."""
    before = (measurement.value, measurement.measured_on, measurement.note, measurement.source)
    if attempt("measurements", index, lambda: services.correct_measurement(
            session, viewer, measurement, intervention, data), fields) is None:
        return False
    measurement.source = data["source"].strip()
    session.flush()
    return before != (measurement.value, measurement.measured_on, measurement.note,
                      measurement.source)


# --- uploads ---------------------------------------------------------------------------------


# Header names as users write them (Dutch first: the example files use those).
ACTIVITY_COLUMNS: dict[str, tuple[str, ...]] = {
    "period_start": ("periode_start", "period_start", "start", "van"),
    "period_end": ("periode_eind", "period_end", "eind", "end", "tot"),
    "activity": ("activiteit", "activity"),
    "sessions": ("bijeenkomsten", "sessions"),
    "participants": ("deelnemers", "participants"),
    "new_participants": ("nieuwe_deelnemers", "new_participants"),
    "volunteers": ("vrijwilligers", "volunteers"),
    "volunteer_hours": ("vrijwilligersuren", "volunteer_hours"),
    "professional_hours": ("beroepskrachturen", "professional_hours"),
}
MEASUREMENT_COLUMNS: dict[str, tuple[str, ...]] = {
    "goal": ("doel", "goal"),
    "date": ("datum", "date"),
    "value": ("waarde", "value"),
    "source": ("bron", "source"),
    "note": ("toelichting", "note"),
}
REQUIRED = {KIND_ACTIVITIES: ("period_start", "period_end", "activity"),
            KIND_MEASUREMENTS: ("goal", "date", "value")}
COLUMNS = {KIND_ACTIVITIES: ACTIVITY_COLUMNS, KIND_MEASUREMENTS: MEASUREMENT_COLUMNS}


class UploadError(ServiceError):
    """The file has bad rows; ``errors`` lists every one of them. Nothing was saved."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(_l("Nothing was saved. Fix the rows listed below and upload the file "
                            "again."), "file")
        self.errors = errors


@dataclass
class UploadReport:
    kind: str
    rows: int = 0
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    ignored_columns: list[str] = field(default_factory=list)


def _kind_and_columns(header: list[Any]) -> tuple[str, dict[str, int], dict[str, str],
                                                    list[str]]:
    """Which kind of file this is (by its columns), where each column is, how the header
    writes it, and the columns that are not read."""
    names = [normalise_header(cell_text(cell)) for cell in header]
    if any(name in ACTIVITY_COLUMNS["activity"] for name in names):
        kind = KIND_ACTIVITIES
    elif any(name in MEASUREMENT_COLUMNS["goal"] for name in names):
        kind = KIND_MEASUREMENTS
    else:
        raise ServiceError(_l(
            "The first row does not name the columns of activities (periode_start, "
            "periode_eind, activiteit, …) or of measurements (doel, datum, waarde, …). "
            "Start from an example file."), "file")
    role_of = {name: role for role, spellings in COLUMNS[kind].items() for name in spellings}
    positions: dict[str, int] = {}
    written: dict[str, str] = {}
    ignored: list[str] = []
    for position, (name, cell) in enumerate(zip(names, header, strict=True)):
        role = role_of.get(name)
        if role is None:
            if cell_text(cell):
                ignored.append(cell_text(cell))
            continue
        if role in positions:
            raise ServiceError(_l(
                "The columns “%(first)s” and “%(second)s” are both read as column "
                "%(column)s; keep one.", first=written[role], second=cell_text(cell),
                column=COLUMNS[kind][role][0]), "file")
        positions[role], written[role] = position, cell_text(cell)
    missing = [COLUMNS[kind][role][0] for role in REQUIRED[kind] if role not in positions]
    if missing:
        raise ServiceError(_l("The file has no column %(columns)s.",
                              columns=", ".join(missing)), "file")
    return kind, positions, written, ignored


def import_results(session: Session, viewer: Viewer, intervention: Intervention,
                   data: bytes) -> UploadReport:
    """Check a whole file of activity records or measurements, then save all of it.

    Raises ``UploadError`` listing every bad row, or ``ServiceError`` for a file that cannot be
    read at all. The caller commits or rolls back.
    """
    if not viewer.can_edit(intervention):
        raise ServiceError(_l("Your role does not allow recording results for this "
                              "intervention."))
    _dialect, rows = read_rows(data)
    if not rows:
        raise ServiceError(_l("The file is empty."), "file")
    (_, header), body = rows[0], rows[1:]
    kind, positions, written, ignored = _kind_and_columns(header)
    if not body:
        raise ServiceError(_l("The file has a header but no rows."), "file")
    report = UploadReport(kind=kind, rows=len(body), ignored_columns=ignored)
    if kind == KIND_ACTIVITIES:
        _import_activities(session, viewer, intervention, body, positions, written, report)
    else:
        _import_measurements(session, viewer, intervention, body, positions, written, report)
    return report


class _Reader:
    """The cells of one row by role, and the errors of the whole file."""

    def __init__(self, positions: dict[str, int], written: dict[str, str]) -> None:
        self.positions, self.written = positions, written
        self.errors: list[RowError] = []
        self.row = 0
        self.cells: list[Any] = []

    def at(self, row: int, cells: list[Any]) -> _Reader:
        self.row, self.cells = row, cells
        return self

    def cell(self, role: str) -> Any:
        position = self.positions.get(role)
        return self.cells[position] if position is not None and position < len(self.cells) \
            else None

    def fail(self, role: str | None, message: Any) -> None:
        column = self.written.get(role or "", "")
        self.errors.append(RowError(self.row, column, message))

    def date(self, role: str) -> date | None:
        cell = self.cell(role)
        if not cell_text(cell):
            self.fail(role, _l("The date is empty."))
            return None
        day = parse_date(cell)
        if day is None:
            self.fail(role, _not_a_date(cell_text(cell)))
        return day

    def service(self, action: Callable[[], Any], fields: dict[str, str]) -> Any:
        """Run a service; its refusal becomes an error in the column it names."""
        try:
            return action()
        except ServiceError as error:
            self.fail(fields.get(error.field or "", error.field), error.message)
            return None


def _import_activities(session: Session, viewer: Viewer, intervention: Intervention,
                       body: Rows, positions: dict[str, int], written: dict[str, str],
                       report: UploadReport) -> None:
    reader = _Reader(positions, written)
    stored = {(r.activity, r.period_start, r.period_end): r for r in session.scalars(
        select(ActivityRecord).where(ActivityRecord.intervention_id == intervention.id))}
    before = {key: tuple(getattr(r, name) for name in ACTIVITY_NUMBERS)
              for key, r in stored.items()}
    first_row: dict[tuple[str, date, date], int] = {}
    for number, cells in body:
        reader.at(number, cells)
        start, end = reader.date("period_start"), reader.date("period_end")
        name = " ".join(cell_text(reader.cell("activity")).split())
        if not name:
            reader.fail("activity", _l("Name the activity."))
        numbers = _numbers({role: reader.cell(role) for role in ACTIVITY_NUMBERS},
                           reader.fail)
        if start is None or end is None or not name or len(numbers) < len(ACTIVITY_NUMBERS):
            continue
        key = (name, start, end)
        earlier = first_row.setdefault(key, number)
        if earlier != number:
            reader.fail("activity", _l("Row %(row)d already gives %(activity)s for this "
                                       "period.", row=earlier, activity=name))
            continue
        data = {"activity": name, "period_start": start, "period_end": end, **numbers}
        record = reader.service(
            lambda data=data: services.save_activity(session, viewer, intervention, data),
            {})
        if record is None:
            continue
        old = before.get(key)
        if old is None:
            report.added += 1
        elif old != tuple(getattr(record, n) for n in ACTIVITY_NUMBERS):
            report.changed += 1
        else:
            report.unchanged += 1
    if reader.errors:
        raise UploadError(reader.errors)


def goal_lookup(goals: list[Goal]) -> dict[str, Goal | None]:
    """Goals by id and by indicator name (case and spacing ignored); None marks a name that
    two goals share, which then needs the id."""
    lookup: dict[str, Goal | None] = {}
    for goal in goals:
        key = " ".join(goal.indicator_name.casefold().split())
        lookup[key] = None if key in lookup else goal
    for goal in goals:
        lookup[str(goal.id)] = goal
    return lookup


def _import_measurements(session: Session, viewer: Viewer, intervention: Intervention,
                         body: Rows, positions: dict[str, int], written: dict[str, str],
                         report: UploadReport) -> None:
    reader = _Reader(positions, written)
    lookup = goal_lookup(services.goals_of(session, intervention.id))
    fields = {"measured_on": "date", "period_start": "date"}
    first_row: dict[tuple[int, date], int] = {}
    for number, cells in body:
        reader.at(number, cells)
        text = cell_text(reader.cell("goal"))
        key = " ".join(text.casefold().split())
        goal = lookup.get(key)
        if not text:
            reader.fail("goal", _l("The goal is empty."))
        elif key in lookup and goal is None:
            reader.fail("goal", _l("Several goals have the indicator “%(name)s”; give the "
                                   "goal's number instead.", name=text))
        elif goal is None:
            reader.fail("goal", _l("Unknown goal “%(name)s”. Use an indicator name or a goal "
                                   "number from the list on the upload page.", name=text))
        elif goal.linked:
            reader.fail("goal", _l("“%(name)s” takes its values from the neighbourhood "
                                   "figures; they cannot be uploaded here.", name=text))
            goal = None
        day = reader.date("date")
        value_cell = reader.cell("value")
        value, valid = parse_number(value_cell)
        if not valid:
            reader.fail("value", _not_a_number(cell_text(value_cell)))
        elif value is None:
            reader.fail("value", _l("The value is empty."))
        if goal is None or day is None or value is None:
            continue
        earlier = first_row.setdefault((goal.id, day), number)
        if earlier != number:
            reader.fail("date", _l("Row %(row)d already gives a value of this goal on this "
                                   "date.", row=earlier))
            continue
        data = {"measured_on": day, "value": value,
                "source": cell_text(reader.cell("source")),
                "note": cell_text(reader.cell("note"))}
        # The same goal and date again (the same file twice, or a corrected one) is a
        # correction with history, not a second value.
        existing = next((m for m in goal.measurements if m.measured_on == day), None)
        if existing is None:
            if reader.service(lambda data=data, goal=goal: services.record_measurement(
                    session, viewer, goal, intervention, data), fields):
                report.added += 1
            continue
        old = (existing.value, existing.note, existing.source)
        done = reader.service(lambda data=data, existing=existing: services.correct_measurement(
            session, viewer, existing, intervention, data), fields)
        if done is None:
            continue
        existing.source = data["source"]
        if old == (existing.value, existing.note, existing.source):
            report.unchanged += 1
        else:
            report.changed += 1
    session.flush()
    if reader.errors:
        raise UploadError(reader.errors)


# --- example files ---------------------------------------------------------------------------


def _example_day(intervention: Intervention, today: date) -> tuple[date, date]:
    """A month inside the intervention's period for the example rows: the current one, or the
    nearest."""
    return month_period(intervention, nearest_month(intervention, Month.of(today)))


def _dutch(day: date) -> str:
    return day.strftime("%d-%m-%Y")


def example_csv(session: Session, intervention: Intervention, kind: str, today: date) -> str:
    """A small file in the shape the upload expects, with dates inside the intervention's
    period, Dutch decimals and both date spellings, and (for measurements) its own goals."""
    start, end = _example_day(intervention, today)
    if kind == KIND_ACTIVITIES:
        rows: list[tuple[str, ...]] = [
            tuple(names[0] for names in ACTIVITY_COLUMNS.values()),
            (start.isoformat(), end.isoformat(), "Taalcafé", "4", "23", "5", "3", "24",
             "8,5"),
            (_dutch(start), _dutch(end), "Buurtmaaltijd", "2", "31", "", "6", "18", "4"),
        ]
    else:
        goals = [goal for goal in services.goals_of(session, intervention.id)
                 if not goal.linked][:2]
        names = [goal.indicator_name for goal in goals] or ["Bewoners die hun buren kennen"]
        rows = [tuple(names[0] for names in MEASUREMENT_COLUMNS.values())]
        for position, name in enumerate(names):
            rows.append((name, end.isoformat() if position == 0 else _dutch(end),
                         "42,5" if position == 0 else "12", "Bewonerspanel", ""))
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()
