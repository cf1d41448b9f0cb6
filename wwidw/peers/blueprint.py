"""The peers pages' blueprint."""

from flask import Blueprint

bp = Blueprint("peers", __name__, template_folder="templates")
