"""Friendly error pages in the user's language; JSON for API clients comes later with the API."""

from __future__ import annotations

import logging

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from wwidw.extensions import db

log = logging.getLogger(__name__)

TITLES = {
    400: _l("The request could not be handled"),
    403: _l("You do not have access to this page"),
    404: _l("Page not found"),
    405: _l("This action is not possible here"),
    413: _l("The file is too large"),
    429: _l("Too many requests"),
    500: _l("Something went wrong on our side"),
    503: _l("The service is temporarily unavailable"),
}
EXPLANATIONS = {
    400: _l("The form may have expired. Go back, reload the page and try again."),
    403: _l("Your role in this organisation does not allow this. Ask an admin of your "
            "organisation if you need it."),
    404: _l("The page does not exist, or you do not have access to it."),
    405: _l("Go back and use the buttons on the page."),
    413: _l("Files may be at most 10 MB."),
    429: _l("Wait a moment and try again."),
    500: _l("The error has been logged. Try again later; if it keeps happening, contact "
            "your platform administrator."),
    503: _l("The database cannot be reached right now. "
            "The page works again as soon as it is back."),
}


def _render(code: int):
    try:
        return render_template(
            "errors/error.html", code=code, title=TITLES[code], explanation=EXPLANATIONS[code]
        ), code
    except Exception:  # the error page itself must never fail
        log.exception("error page %s could not be rendered", code)
        return f"{code}", code


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        if error.code in TITLES:
            return _render(error.code)
        return error

    @app.errorhandler(OperationalError)
    def _database_unavailable(error: OperationalError):
        log.error("database unavailable: %s", error.orig)
        db.session.rollback()
        return _render(503)

    @app.errorhandler(500)
    def _server_error(error):
        db.session.rollback()
        return _render(500)
