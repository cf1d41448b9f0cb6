"""The public site's blueprint (pages for residents, no log-in)."""

from flask import Blueprint

bp = Blueprint("public", __name__, template_folder="templates", url_prefix="/wijken")
