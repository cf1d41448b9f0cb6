"""Who is calling the API. A bearer token speaks for its user; otherwise a logged-in session
(the browser) speaks for the current user; otherwise the caller is an anonymous resident.

A token that is presented but unknown or revoked is refused with 401 rather than treated as
anonymous: a client whose token was revoked must notice, not silently read less."""

from __future__ import annotations

from flask import abort, g, request
from flask_login import current_user

from wwidw.api import tokens
from wwidw.api.blueprint import bp
from wwidw.extensions import db
from wwidw.interventions.services import Viewer


@bp.before_request
def _authenticate() -> None:
    header = request.headers.get("Authorization")
    if header is None:
        g.api_viewer = Viewer.of(current_user)
        return
    scheme, _sep, secret = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        abort(401)
    user = tokens.user_for_secret(db.session, secret.strip())
    if user is None:
        abort(401)
    db.session.commit()  # the token's "last used"
    g.api_viewer = Viewer.of(user)


def api_viewer() -> Viewer:
    return g.api_viewer
