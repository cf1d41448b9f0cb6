"""Report pages of an intervention's monitoring: the SMART effect report (HTML, PDF, Excel) with
the manager's conclusions, and the resident summary a manager writes and publishes.

Members of the owning organisation read the report; managers write its texts; anyone else gets
404 (``wwidw.monitor.access``). Downloads hold raw monitoring data, so no cache keeps them.
"""

from __future__ import annotations

from datetime import date

from flask import Response, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from wwidw import access
from wwidw.errors import ServiceError
from wwidw.extensions import db
from wwidw.http import attach_error
from wwidw.monitor import report as reports
from wwidw.monitor import report_pdf
from wwidw.monitor.access import manager_intervention, own_intervention, viewer
from wwidw.monitor.blueprint import bp
from wwidw.monitor.report_forms import ConclusionsForm, SummaryForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _locale() -> str:
    return str(get_locale() or "nl")


def _build() -> reports.InterventionReport:
    return reports.build(db.session, viewer(), g.intervention, date.today(), _locale())


def _download(body: bytes, mimetype: str, extension: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="smart-rapportage-{g.intervention.id}-'
        f'{date.today().isoformat()}.{extension}"')
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _overview_url(intervention_id: int) -> str | None:
    # The monitor overview (with the web charts) is its own module's page; link it when present.
    if "monitor.overview" not in current_app.view_functions:
        return None
    return url_for("monitor.overview", intervention_id=intervention_id)


def _is_manager() -> bool:
    return viewer().has_role(g.intervention.organisation_id, "manager")


def _report_page(form: ConclusionsForm | None = None, status: int = 200) -> Response:
    data = _build()
    if form is None and _is_manager():
        form = ConclusionsForm(conclusions=data.conclusions)
    response = Response(render_template(
        "monitor/report.html", report=data, intervention=g.intervention, form=form,
        overview_url=_overview_url(g.intervention.id), status_label=reports.status_label,
        result_type_labels=reports.RESULT_TYPE_LABELS, category_label=reports.category_label,
        format_value=reports.format_value, format_number=reports.format_number), status)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/interventions/<int:intervention_id>/monitor/report")
@access.member_object(own_intervention, "intervention")
def report(intervention_id: int):
    return _report_page()


@bp.route("/interventions/<int:intervention_id>/monitor/report/conclusions", methods=["POST"])
@access.member_object(manager_intervention, "intervention")
def report_conclusions(intervention_id: int):
    form = ConclusionsForm()
    if form.validate_on_submit():
        try:
            reports.save_conclusions(db.session, viewer(), g.intervention,
                                     form.conclusions.data)
        except ServiceError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            db.session.commit()
            flash(_("The conclusions are saved."), "success")
            return redirect(url_for("monitor.report", intervention_id=intervention_id,
                                    _anchor="conclusions"))
    return _report_page(form, 400)


@bp.route("/interventions/<int:intervention_id>/monitor/report.pdf")
@access.member_object(own_intervention, "intervention")
def report_pdf_download(intervention_id: int):
    return _download(report_pdf.render(_build()), "application/pdf", "pdf")


@bp.route("/interventions/<int:intervention_id>/monitor/report.xlsx")
@access.member_object(own_intervention, "intervention")
def report_xlsx_download(intervention_id: int):
    return _download(reports.workbook(reports.frames(_build())), XLSX, "xlsx")


ACTIONS = {"save": None, "publish": True, "unpublish": False}


@bp.route("/interventions/<int:intervention_id>/monitor/summary", methods=["GET", "POST"])
@access.member_object(manager_intervention, "intervention")
def summary(intervention_id: int):
    data = _build()
    goals = [line.goal for line in data.goals]
    form = SummaryForm(goals=goals)
    if request.method == "GET":
        form.summary.data = data.texts.resident_summary if data.texts else ""
        form.goals.data = [goal.id for goal in goals if goal.public]
    elif form.validate_on_submit():
        action = request.form.get("action", "save")
        try:
            reports.save_summary(db.session, viewer(), g.intervention, form.summary.data,
                                 form.goals.data or [], publish=ACTIONS.get(action))
        except ServiceError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            db.session.commit()
            flash({"publish": _("The summary is published."),
                   "unpublish": _("The summary is no longer published.")}.get(
                action, _("The summary is saved.")), "success")
            return redirect(url_for("monitor.summary", intervention_id=intervention_id,
                                    _anchor="preview"))
    shown = [line for line in data.goals if line.goal.public]
    return render_template(
        "monitor/summary.html", intervention=g.intervention, report=data, form=form,
        shown=shown, sentences={line.goal.id: reports.resident_sentence(line, data.locale)
                                for line in shown},
        overview_url=_overview_url(intervention_id)), (
        400 if form.errors or form.form_errors else 200)
