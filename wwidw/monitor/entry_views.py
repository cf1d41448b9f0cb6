"""Recording results: the quick entry of a month (measurements, activities, costs in one table)
and the upload of a CSV or Excel file of activity records or measurements."""

from __future__ import annotations

from datetime import date

from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import format_date, get_locale, ngettext
from flask_babel import gettext as _

from wwidw import access
from wwidw.errors import ServiceError
from wwidw.extensions import db
from wwidw.http import attach_error
from wwidw.interventions.models import Intervention
from wwidw.monitor import services, uploads
from wwidw.monitor.access import own_intervention, recorder_intervention, viewer
from wwidw.monitor.blueprint import bp
from wwidw.monitor.entry_forms import (
    ACTIVITY_LABELS,
    CATEGORY_LABELS,
    NEW_ACTIVITY_ROWS,
    MonthEntryForm,
    ResultsUploadForm,
)
from wwidw.monitor.uploads import Month, MonthSheet

SHOWN_ROW_ERRORS = 200


def _locale() -> str:
    return str(get_locale() or "nl")


def _number(value: float | int | None) -> str:
    """A stored number as the user's language writes it (7,5 in Dutch)."""
    if value is None:
        return ""
    text = str(int(value)) if float(value).is_integer() else f"{value:.10g}"
    return text.replace(".", ",") if _locale() == "nl" else text


def _month_label(month: Month) -> str:
    return format_date(month.first, "MMMM y")


def _prefill(sheet: MonthSheet) -> dict:
    """The month's table as stored: this month's measurement of each goal, this month's figures
    of each activity recorded before, and empty rows for new activities and costs."""
    measurements = []
    for goal in sheet.goals:
        current = sheet.current.get(goal.id)
        measurements.append({
            "goal_id": str(goal.id),
            "date": current.measured_on.strftime("%d-%m-%Y") if current else "",
            "value": _number(current.value) if current else "",
            "source": current.source if current else "",
            "note": current.note if current else ""})
    activities = []
    for name in sheet.activity_names:
        record = sheet.activities.get(name)
        activities.append({"known": "1", "activity": name, **{
            field: _number(getattr(record, field)) if record else ""
            for field in uploads.ACTIVITY_NUMBERS}})
    activities += [{"known": "", "activity": ""} for _row in range(NEW_ACTIVITY_ROWS)]
    return {"measurements": measurements, "activities": activities}


def _attach_cells(form: MonthEntryForm, errors: list[uploads.CellError]) -> None:
    """Each error next to its cell; an error of the month or of no cell above the table."""
    sections = {"measurements": _("Goals"), "activities": _("Activities"), "costs": _("Costs")}
    for error in errors:
        entries = form[error.section] if error.section else None
        row = entries[error.index] if entries is not None and error.index < len(entries) \
            else None
        cell = row[error.field] if row is not None and error.field in row._fields else None
        if cell is not None:
            cell.errors = [*cell.errors, str(error.message)]
        elif error.section:
            form.form_errors.append(_("%(section)s, row %(row)d: %(message)s",
                                      section=sections[error.section], row=error.index + 1,
                                      message=error.message))
        else:
            form.form_errors.append(str(error.message))


def _month_page(intervention: Intervention, month: Month, sheet: MonthSheet,
                form: MonthEntryForm):
    first, last = uploads.month_range(intervention)
    previous, following = month.shift(-1), month.shift(1)
    org_ids = viewer().org_ids
    return render_template(
        "monitor/entry.html", intervention=intervention, month=month,
        month_label=_month_label(month), sheet=sheet, form=form,
        in_period=uploads.in_period(intervention, month),
        nearest=uploads.nearest_month(intervention, month),
        previous=previous if first is None or first <= previous else None,
        following=following if last is None or following <= last else None,
        previous_label=_month_label(previous), following_label=_month_label(following),
        goals_by_id={str(goal.id): goal for goal in sheet.goals},
        linked={goal.id: services.linked_series(db.session, goal, org_ids)
                for goal in sheet.linked_goals},
        activity_labels=ACTIVITY_LABELS, category_labels=CATEGORY_LABELS,
        number=_number)


@bp.route("/interventions/<int:intervention_id>/monitor/month")
@access.member_object(recorder_intervention, "intervention")
def entry_start(intervention_id: int):
    """The quick entry of the current month, or of the intervention's nearest month: one
    address to link to without knowing the month (the form posts to the month's own)."""
    intervention = g.intervention
    month = uploads.nearest_month(intervention, Month.of(date.today()))
    sheet = uploads.month_sheet(db.session, intervention, month)
    return _month_page(intervention, month, sheet, MonthEntryForm(data=_prefill(sheet)))


@bp.route("/interventions/<int:intervention_id>/monitor/month/<month>",
          methods=["GET", "POST"])
@access.member_object(recorder_intervention, "intervention")
def entry_month(intervention_id: int, month: str):
    intervention = g.intervention
    chosen = Month.parse(month)
    if chosen is None:
        abort(404)
    sheet = uploads.month_sheet(db.session, intervention, chosen)
    if request.method == "GET":
        return _month_page(intervention, chosen, sheet, MonthEntryForm(data=_prefill(sheet)))
    form = MonthEntryForm()
    if form.validate():
        try:
            saved = uploads.save_month(
                db.session, viewer(), intervention, chosen, form.rows("measurements"),
                form.rows("activities"), form.rows("costs"))
        except uploads.MonthEntryError as error:
            db.session.rollback()
            form.form_errors.append(str(error.message))
            _attach_cells(form, error.errors)
        except ServiceError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            db.session.commit()
            if saved.anything:
                flash(_("%(month)s is saved: %(added)d measurements added, %(corrected)d "
                        "corrected, %(activities)d activity rows and %(costs)d costs.",
                        month=_month_label(chosen), added=saved.measurements_added,
                        corrected=saved.measurements_corrected, activities=saved.activities,
                        costs=saved.costs), "success")
            else:
                flash(_("Nothing was filled in or changed, so nothing was saved."), "info")
            return redirect(url_for("monitor.entry_month", intervention_id=intervention_id,
                                    month=str(chosen)))
    # The rollback expired what the page shows; read it again.
    sheet = uploads.month_sheet(db.session, intervention, chosen)
    return _month_page(intervention, chosen, sheet, form), 400


def _upload_page(intervention: Intervention, form: ResultsUploadForm,
                 row_errors: list | None = None):
    goals = services.goals_of(db.session, intervention.id)
    return render_template(
        "monitor/upload.html", intervention=intervention, form=form,
        goals=[goal for goal in goals if not goal.linked],
        row_errors=(row_errors or [])[:SHOWN_ROW_ERRORS],
        row_error_count=len(row_errors or []))


@bp.route("/interventions/<int:intervention_id>/monitor/upload", methods=["GET", "POST"])
@access.member_object(recorder_intervention, "intervention")
def upload(intervention_id: int):
    intervention = g.intervention
    form = ResultsUploadForm()
    if request.method == "GET":
        return _upload_page(intervention, form)
    row_errors: list = []
    if form.validate_on_submit():
        try:
            report = uploads.import_results(db.session, viewer(), intervention,
                                            form.file.data.read())
        except uploads.UploadError as error:
            db.session.rollback()
            attach_error(form, error)
            row_errors = error.errors
        except ServiceError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            db.session.commit()
            flash(_report_message(report), "success")
            return redirect(url_for("monitor.overview", intervention_id=intervention_id))
    return _upload_page(intervention, form, row_errors), 400


def _report_message(report: uploads.UploadReport) -> str:
    counts = {"added": report.added, "changed": report.changed,
              "unchanged": report.unchanged}
    if report.kind == uploads.KIND_ACTIVITIES:
        message = ngettext(
            "%(num)d activity row is saved: %(added)d added, %(changed)d changed, "
            "%(unchanged)d already up to date.",
            "%(num)d activity rows are saved: %(added)d added, %(changed)d changed, "
            "%(unchanged)d already up to date.", report.rows, **counts)
    else:
        message = ngettext(
            "%(num)d measurement is saved: %(added)d added, %(changed)d corrected, "
            "%(unchanged)d already up to date.",
            "%(num)d measurements are saved: %(added)d added, %(changed)d corrected, "
            "%(unchanged)d already up to date.", report.rows, **counts)
    if report.ignored_columns:
        message += " " + _("Columns not read: %(columns)s.",
                           columns=", ".join(report.ignored_columns))
    return message


@bp.route("/interventions/<int:intervention_id>/monitor/upload/"
          "example-<any(activities, measurements):kind>.csv")
@access.member_object(own_intervention, "intervention")
def upload_example(intervention_id: int, kind: str):
    text = uploads.example_csv(db.session, g.intervention, kind, date.today())
    name = "voorbeeld-activiteiten.csv" if kind == uploads.KIND_ACTIVITIES \
        else "voorbeeld-metingen.csv"
    # A BOM, so Excel opens the UTF-8 file with its accents intact.
    return Response("\ufeff" + text, mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename={name}"})
