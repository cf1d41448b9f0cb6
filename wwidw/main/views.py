"""The start page: a dashboard for colleagues, an introduction for visitors."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from wwidw import access
from wwidw.access import current_membership
from wwidw.extensions import db
from wwidw.interventions import services as interventions

bp = Blueprint("main", __name__, template_folder="templates")


@bp.route("/")
@access.public
def home():
    if not current_user.is_authenticated:
        return render_template("main/welcome.html")
    membership = current_membership()
    drafts = recent = []
    if membership is not None:
        drafts = interventions.drafts_of(db.session, membership.organisation_id)
        recent = interventions.recently_changed(db.session, membership.organisation_id)
    return render_template(
        "main/dashboard.html", membership=membership, drafts=drafts, recent=recent
    )
