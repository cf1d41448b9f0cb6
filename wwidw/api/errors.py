"""One shape for every API error: ``{"error": {"status": 404, "message": "..."}}``.

Errors raised inside API views reach the blueprint's handlers. A URL under /api/ that matches
no route (404) or not with this method (405) fails before any view runs, where blueprint
handlers never see it; the app-wide hook below answers those in JSON too, and leaves every
other path to the HTML error pages.
"""

from __future__ import annotations

import logging

from flask import Response, jsonify, request
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from wwidw.api.blueprint import bp
from wwidw.extensions import db

log = logging.getLogger(__name__)

MESSAGES = {
    400: _l("The request is not valid."),
    401: _l("A valid API token is needed: the token is unknown or revoked."),
    403: _l("You may not use this."),
    404: _l("Not found, or you do not have access to it."),
    405: _l("This method is not allowed here; the API only reads."),
    500: _l("Something went wrong on our side. The error has been logged."),
    503: _l("The database cannot be reached right now."),
}
API_PREFIX = "/api/"


def json_error(status: int, message: str | None = None) -> Response:
    text = message or str(MESSAGES.get(status, MESSAGES[500] if status >= 500 else MESSAGES[400]))
    response = jsonify({"error": {"status": status, "message": text}})
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="wwidw"'
    return response


def _from_http(error: HTTPException) -> Response:
    status = error.code or 500
    # A view may give a specific reason (which parameter is wrong); werkzeug's stock
    # descriptions are for HTML pages and are not passed on.
    specific = getattr(error, "api_message", None)
    response = json_error(status, specific)
    if status == 405 and getattr(error, "valid_methods", None):
        response.headers["Allow"] = ", ".join(sorted(error.valid_methods))
    return response


def bad_request(message: str) -> HTTPException:
    """A 400 that names what is wrong; raise it from a view."""
    from werkzeug.exceptions import BadRequest

    error = BadRequest()
    error.api_message = str(message)  # type: ignore[attr-defined]
    return error


# Registered per code: the app has its own handler for 500, which would otherwise win over a
# blueprint handler registered for the HTTPException class.
for _code in (400, 401, 403, 404, 405, 413, 429):
    bp.register_error_handler(_code, _from_http)


@bp.errorhandler(500)
def _server_error(error) -> Response:
    db.session.rollback()
    return json_error(500)


@bp.errorhandler(OperationalError)
def _database_unavailable(error: OperationalError) -> Response:
    log.error("database unavailable: %s", error.orig)
    db.session.rollback()
    return json_error(503)


@bp.before_app_request
def _routing_errors_in_json():
    failure = request.routing_exception
    if (
        isinstance(failure, HTTPException) and (failure.code or 0) >= 400
        and request.path.startswith(API_PREFIX)
    ):
        return _from_http(failure)
    return None
