"""The public pages for residents: start page with search, an area's page, one intervention's
page and its goal chart. What is public is decided in ``wwidw.public.services`` only; a view
that finds nothing there answers 404, whether the object does not exist or is not public."""

from __future__ import annotations

from datetime import date

from flask import Response, abort, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _

from wwidw import access
from wwidw.extensions import db
from wwidw.monitor import calc
from wwidw.monitor import charts as monitor_charts
from wwidw.monitor.forms import MEASURE_LABELS
from wwidw.neighbourhoods.areas import get_area
from wwidw.neighbourhoods.charts import cached_png
from wwidw.public import services
from wwidw.public.blueprint import bp

MAX_QUERY = 100


def _locale() -> str:
    return str(get_locale() or "nl")


@bp.route("/")
@access.public
def home():
    query = request.args.get("q", "").strip()[:MAX_QUERY]
    hits, more = services.search(db.session, query) if query else ([], False)
    return render_template("public/home.html", query=query, hits=hits, more=more,
                           municipalities=services.municipalities(db.session))


@bp.route("/<code>")
@access.public
def area(code: str):
    found = get_area(db.session, code)
    if found is None or found.level == "country":
        abort(404)
    page = services.area_page(db.session, found, date.today(), _locale())
    return render_template("public/area.html", page=page)


@bp.route("/interventie/<int:intervention_id>")
@access.public
def intervention(intervention_id: int):
    found = services.public_intervention(db.session, intervention_id)
    if found is None:
        abort(404)
    item = services.assemble(db.session, found, date.today(), _locale())
    return render_template("public/intervention.html", item=item)


@bp.route("/interventie/<int:intervention_id>/doel/<int:goal_id>.png")
@access.public
def goal_chart(intervention_id: int, goal_id: int):
    goal = services.public_goal(db.session, intervention_id, goal_id)
    intervention = services.public_intervention(db.session, intervention_id)
    if goal is None or intervention is None:
        abort(404)
    targets = [monitor_charts.TargetBand(t.period_start, t.period_end, t.value)
               for t in goal.targets]
    kwargs = {"title": goal.indicator_name[:70],
              "y_label": (goal.unit_label or str(MEASURE_LABELS.get(goal.measure, "")))[:40],
              "source": (_("Source: neighbourhood figures and own measurements") if goal.linked
                         else _("Source: own measurements")),
              "points": [(o.on, o.value) for o in services.observations(db.session, goal)],
              "baseline": goal.baseline_value, "baseline_on": goal.baseline_date,
              "targets": targets, "start": intervention.start_date,
              "end": intervention.end_date, "locale": _locale(),
              "summed": calc.adds_up(goal.cumulative, goal.measure)}
    png, _cached = cached_png(["public-goal", kwargs], lambda: monitor_charts.goal_png(**kwargs))
    response = Response(png, mimetype="image/png")
    # Public, but short-lived: an unpublished summary's chart must not linger in caches.
    response.headers["Cache-Control"] = "public, max-age=60"
    return response
