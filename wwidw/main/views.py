"""The start page: a dashboard for colleagues, an introduction for visitors."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from wwidw import access
from wwidw.access import current_membership

bp = Blueprint("main", __name__, template_folder="templates")


@bp.route("/")
@access.public
def home():
    if not current_user.is_authenticated:
        return render_template("main/welcome.html")
    return render_template("main/dashboard.html", membership=current_membership())
