"""Who may see and record monitoring data (DESIGN §5): members of the owning organisation read
(viewer and up) and record (worker and up); everyone else gets 404, as if it did not exist."""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_login import current_user

from wwidw.extensions import db
from wwidw.interventions.models import Intervention
from wwidw.interventions.services import Viewer


def viewer() -> Viewer:
    return Viewer.of(current_user)


def own_intervention(kwargs: dict[str, Any]) -> Intervention | None:
    """Loader for ``access.member_object``: the intervention, if the user is a member of its
    organisation (monitoring data is never shown to others here)."""
    intervention = db.session.get(Intervention, kwargs["intervention_id"])
    if intervention is None or intervention.organisation_id not in viewer().org_ids:
        return None
    return intervention


def recorder_intervention(kwargs: dict[str, Any]) -> Intervention | None:
    """As ``own_intervention``, and 403 for members whose role may not record (viewers)."""
    intervention = own_intervention(kwargs)
    if intervention is not None and not viewer().can_edit(intervention):
        abort(403)
    return intervention


def manager_intervention(kwargs: dict[str, Any]) -> Intervention | None:
    """As ``own_intervention``, and 403 below manager (reports' conclusions, resident summary)."""
    intervention = own_intervention(kwargs)
    if intervention is not None and not viewer().has_role(intervention.organisation_id,
                                                          "manager"):
        abort(403)
    return intervention
