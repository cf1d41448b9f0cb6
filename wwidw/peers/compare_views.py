"""The compare page, the benchmark chart and the small stylesheet both use."""

from __future__ import annotations

from datetime import date

from flask import Response, g, render_template, request
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user

from wwidw import access
from wwidw.extensions import db
from wwidw.interventions import taxonomy
from wwidw.interventions.services import Viewer
from wwidw.monitor.access import own_intervention
from wwidw.monitor.money import format_cents
from wwidw.monitor.report import status_label
from wwidw.neighbourhoods.charts import cached_png
from wwidw.peers import benchmark, charts, compare
from wwidw.peers.blueprint import bp


def _viewer() -> Viewer:
    return Viewer.of(current_user)


def _locale() -> str:
    return str(get_locale() or "nl")


def today() -> date:
    return date.today()


@bp.context_processor
def _helpers() -> dict:
    return {"peer_cents": lambda cents: format_cents(cents, _locale()),
            "peer_status_label": status_label}


@bp.route("/compare")
@access.login_required
def compare_page():
    viewer = _viewer()
    ids = compare.parse_ids(request.args.getlist("ids"))
    comparison = compare.build(db.session, viewer, ids, today())
    text = request.args.get("q", "")[:200]
    found = ([] if comparison.full
             else compare.search(db.session, viewer, text, exclude=comparison.ids))
    return render_template("peers/compare.html", comparison=comparison, text=text, found=found,
                           taxonomy=taxonomy, locale=_locale())


@bp.route("/interventions/<int:intervention_id>/benchmark.png")
@access.member_object(own_intervention, "intervention")
def benchmark_chart(intervention_id: int):
    result = benchmark.build(db.session, _viewer(), g.intervention, today())
    kwargs = {
        "title": ngettext("Compared with %(num)d peer", "Compared with %(num)d peers",
                          result.count),
        "source": _("Source: monitoring shared by other organisations; same effect or theme"),
        "cost_title": _("Cost per participant"),
        "achievement_title": _("Goals achieved or on track"),
        "cost_values": result.cost.values, "own_cost": result.cost.own,
        "achievement_values": result.achievement.values,
        "own_achievement": result.achievement.own,
        "own_label": _("this intervention"), "median_label": _("median of peers"),
        "empty_label": _("no figures"), "locale": _locale(),
    }
    png, _cached = cached_png(["peers-benchmark", charts.CHART_VERSION, kwargs],
                              lambda: charts.benchmark_png(**kwargs))
    response = Response(png, mimetype="image/png")
    # Built from monitoring data the viewer's organisation may see: never in a shared cache.
    response.headers["Cache-Control"] = "private, max-age=60"
    return response
