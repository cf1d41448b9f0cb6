"""How monitoring shows in the catalogue: facets "has monitoring data" and "goal status" for the
own organisation's interventions, and a monitoring section on the intervention page.

Raw monitoring data is the organisation's own (DESIGN §5), so facet values carry the owner's id
("12:behind") and each viewer is offered only those of their own organisations; a crafted URL
with another organisation's value matches nothing. Peers see only goals the owner marked
visible, and only their status."""

from __future__ import annotations

from datetime import date

from flask import url_for
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session

from wwidw.interventions.hooks import hooks, register_once
from wwidw.interventions.models import Intervention
from wwidw.interventions.services import Viewer
from wwidw.monitor import portfolio, report, services

STATUS_WORDS = report.STATUS_LABELS


def facet_values(session: Session) -> dict[int, dict[str, tuple]]:
    owners = dict(session.execute(select(Intervention.id, Intervention.organisation_id)).all())
    values: dict[int, dict[str, tuple]] = {}
    for intervention_id, summary in portfolio.summaries(session, None, date.today()).items():
        owner = owners.get(intervention_id)
        if owner is None:
            continue
        values[intervention_id] = {
            "monitoring": (f"{owner}:yes",) if summary.has_data else (f"{owner}:no",),
            "goal_status": tuple(f"{owner}:{code}" for code in sorted(summary.statuses)),
        }
    return values


def facets_for(session: Session, viewer: Viewer):
    if not viewer.org_ids:
        return []
    has_data = {}
    statuses = {}
    for org_id in sorted(viewer.org_ids):
        has_data[f"{org_id}:yes"] = str(_l("Has monitoring data"))
        for code, word in STATUS_WORDS.items():
            statuses[f"{org_id}:{code}"] = str(word)
    return [("monitoring", str(_l("Monitoring (own organisation)")), has_data),
            ("goal_status", str(_l("Goal status (own organisation)")), statuses)]


def detail_section(session: Session, viewer: Viewer, intervention: Intervention):
    """Members see each goal's status and a link to the monitor; peers only the goals the
    owner made visible, and only once the intervention is shared."""
    own = intervention.organisation_id in viewer.org_ids
    goals = [g for g in services.goals_of(session, intervention.id) if own or g.public]
    if not goals and not own:
        return []
    today = date.today()
    items = []
    for goal in goals:
        status = services.goal_status(session, goal, viewer.org_ids, today)
        word = str(STATUS_WORDS.get(status.code, "")) if status else str(_l("No target"))
        items.append((goal.description, word, ""))
    if own:
        link = Markup('<a class="btn btn-sm btn-outline-primary" href="{}">{}</a>').format(
            url_for("monitor.overview", intervention_id=intervention.id),
            _l("Open the monitor"))
        items.append((str(_l("Goals, results and costs")), link, ""))
    return [(str(_l("Monitoring")), items)]


def init_app(app) -> None:
    register_once(hooks.facet_values, facet_values)
    register_once(hooks.facets_for, facets_for)
    register_once(hooks.detail_sections, detail_section)
