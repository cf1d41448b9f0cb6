"""The monitor overview of an intervention and its monitoring plan: goals and budgets."""

from __future__ import annotations

from datetime import date

from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from wwidw import access
from wwidw.errors import ServiceError
from wwidw.extensions import db
from wwidw.http import attach_error
from wwidw.monitor import calc, services
from wwidw.monitor import charts as monitor_charts
from wwidw.monitor import report as reports
from wwidw.monitor.access import own_intervention, recorder_intervention, viewer
from wwidw.monitor.blueprint import bp
from wwidw.monitor.forms import (
    DIRECTION_LABELS,
    MEASURE_LABELS,
    RESULT_TYPE_LABELS,
    BudgetForm,
    GoalForm,
)
from wwidw.monitor.models import Goal
from wwidw.monitor.money import format_cents, parse_cents
from wwidw.neighbourhoods.charts import cached_png


@bp.app_context_processor
def _helpers() -> dict:
    return {"goal_status_label": reports.status_label, "format_cents": format_cents,
            "result_type_label": lambda key: str(RESULT_TYPE_LABELS.get(key, key)),
            "measure_label": lambda key: str(MEASURE_LABELS.get(key, key)),
            "direction_label": lambda key: str(DIRECTION_LABELS.get(key, key))}


def _locale() -> str:
    return str(get_locale() or "nl")


def _goal_of(intervention_id: int, goal_id: int) -> Goal:
    goal = db.session.get(Goal, goal_id)
    if goal is None or goal.intervention_id != intervention_id:
        abort(404)
    return goal


def today() -> date:
    return date.today()


@bp.route("/interventions/<int:intervention_id>/monitor")
@access.member_object(own_intervention, "intervention")
def overview(intervention_id: int):
    intervention = g.intervention
    data = reports.build(db.session, viewer(), intervention, today(), _locale())
    return render_template(
        "monitor/overview.html", intervention=intervention, data=data,
        can_record=viewer().can_edit(intervention),
        can_manage=viewer().has_role(intervention.organisation_id, "manager"),
        budget_form=BudgetForm(), delete_form=FlaskForm(), locale=_locale(),
        this_month=today().strftime("%Y-%m"))


def _save_goal(intervention, goal: Goal | None):
    form = GoalForm(locale=_locale())
    if goal is not None and request.method == "GET":
        form.fill_from(goal)
    if form.validate_on_submit():
        try:
            services.save_goal(db.session, viewer(), intervention, form.data_for_service(), goal)
        except ServiceError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            db.session.commit()
            flash(_("The goal is saved."), "success")
            return redirect(url_for("monitor.overview", intervention_id=intervention.id))
    return render_template("monitor/goal_form.html", intervention=intervention, form=form,
                           goal=goal), (400 if form.errors or form.form_errors else 200)


@bp.route("/interventions/<int:intervention_id>/monitor/goals/new", methods=["GET", "POST"])
@access.member_object(recorder_intervention, "intervention")
def goal_new(intervention_id: int):
    return _save_goal(g.intervention, None)


@bp.route("/interventions/<int:intervention_id>/monitor/goals/<int:goal_id>",
          methods=["GET", "POST"])
@access.member_object(recorder_intervention, "intervention")
def goal_edit(intervention_id: int, goal_id: int):
    return _save_goal(g.intervention, _goal_of(intervention_id, goal_id))


@bp.route("/interventions/<int:intervention_id>/monitor/goals/<int:goal_id>/delete",
          methods=["POST"])
@access.member_object(recorder_intervention, "intervention")
def goal_delete(intervention_id: int, goal_id: int):
    goal = _goal_of(intervention_id, goal_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    db.session.delete(goal)
    db.session.commit()
    flash(_("The goal and its measurements are deleted."), "success")
    return redirect(url_for("monitor.overview", intervention_id=intervention_id))


@bp.route("/interventions/<int:intervention_id>/monitor/budget", methods=["POST"])
@access.member_object(recorder_intervention, "intervention")
def budget(intervention_id: int):
    form = BudgetForm()
    if form.validate_on_submit():
        amount = (form.amount.data or "").strip()
        cents = parse_cents(amount) if amount else None
        if amount and cents is None:
            flash(_("“%(value)s” is not an amount; write for example 12.500 or 12.500,00.",
                    value=amount), "danger")
        else:
            try:
                services.set_budget(db.session, viewer(), g.intervention, form.funder.data, cents)
            except ServiceError as error:
                db.session.rollback()
                flash(str(error.message), "danger")
            else:
                db.session.commit()
                flash(_("The budget is saved."), "success")
    else:
        flash(_("Name the funder."), "danger")
    return redirect(url_for("monitor.overview", intervention_id=intervention_id)
                    + "#costs")


def _png(key: list, draw) -> Response:
    png, _cached = cached_png(key, draw)
    response = Response(png, mimetype="image/png")
    # Monitoring data is private and changes with every entry: never shared caches, short life.
    response.headers["Cache-Control"] = "private, max-age=60"
    return response


@bp.route("/interventions/<int:intervention_id>/monitor/goals/<int:goal_id>/chart.png")
@access.member_object(own_intervention, "intervention")
def goal_chart(intervention_id: int, goal_id: int):
    goal = _goal_of(intervention_id, goal_id)
    intervention = g.intervention
    points = [(o.on, o.value) for o in services.observations(db.session, goal, viewer().org_ids)]
    targets = [monitor_charts.TargetBand(t.period_start, t.period_end, t.value)
               for t in goal.targets]
    locale = _locale()
    kwargs = {"title": goal.indicator_name[:70],
              "y_label": (goal.unit_label or str(MEASURE_LABELS.get(goal.measure, "")))[:40],
              "source": (_("Source: neighbourhood figures and own measurements") if goal.linked
                         else _("Source: own measurements")),
              "points": points, "baseline": goal.baseline_value,
              "baseline_on": goal.baseline_date, "targets": targets,
              "start": intervention.start_date, "end": intervention.end_date, "locale": locale,
              "summed": calc.adds_up(goal.cumulative, goal.measure)}
    return _png(["goal", kwargs], lambda: monitor_charts.goal_png(**kwargs))


@bp.route("/interventions/<int:intervention_id>/monitor/<any(reach, costs):chart>.png")
@access.member_object(own_intervention, "intervention")
def intervention_chart(intervention_id: int, chart: str):
    intervention = g.intervention
    data = reports.build(db.session, viewer(), intervention, today(), _locale())
    locale = _locale()
    if chart == "reach":
        kwargs = {"title": _("People reached per period"),
                  "source": _("Source: activity records"), "locale": locale,
                  "periods": [(p.start, p.end, p.reach) for p in data.results.per_period]}
        return _png(["reach", kwargs], lambda: monitor_charts.reach_png(**kwargs))
    kwargs = {"title": _("Cumulative cost against budget"), "source": _("Source: cost records"),
              "cumulative": data.costs.cumulative, "budget_cents": data.costs.budget_cents,
              "start": intervention.start_date, "end": intervention.end_date, "locale": locale}
    return _png(["costs", kwargs], lambda: monitor_charts.cost_png(**kwargs))
