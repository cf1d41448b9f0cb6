"""The portfolio dashboard page for managers, and its Excel download."""

from __future__ import annotations

from flask import Response, g, render_template, request

from wwidw import access
from wwidw.extensions import db
from wwidw.interventions import export
from wwidw.monitor import calc, dashboard
from wwidw.monitor.blueprint import bp
from wwidw.monitor.plan_views import today


def _query() -> dict:
    status = request.args.get("status") or None
    return {"line_id": request.args.get("line", type=int),
            "status": status if status in calc.STATUSES else None,
            "sort": request.args.get("sort") if request.args.get("sort") in dashboard.SORTS
            else "status"}


@bp.route("/organisations/<int:org_id>/monitor")
@access.org_role("manager")
def portfolio(org_id: int):
    query = _query()
    data = dashboard.build(db.session, org_id, today(), **query)
    return render_template("monitor/portfolio.html", organisation=g.organisation, data=data,
                           query=query, statuses=calc.STATUSES)


@bp.route("/organisations/<int:org_id>/monitor/export.xlsx")
@access.org_role("manager")
def portfolio_export(org_id: int):
    data = dashboard.build(db.session, org_id, today(), **_query())
    response = Response(export.to_excel(dashboard.frame(data), "Portfolio"),
                        mimetype="application/vnd.openxmlformats-officedocument."
                                 "spreadsheetml.sheet")
    response.headers["Content-Disposition"] = 'attachment; filename="monitor-portfolio.xlsx"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
