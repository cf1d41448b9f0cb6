"""The monitor pages' blueprint; each ``*_views`` module adds its routes to it."""

from flask import Blueprint

bp = Blueprint("monitor", __name__, template_folder="templates")
