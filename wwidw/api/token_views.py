"""Pages where a user manages their personal API tokens (/account/api-tokens).

They live on a blueprint of their own because the API's blueprint puts /api/v1 before every
URL, and these are account pages. The API blueprint registers this one along with itself, so
the app factory needs to know only about the API.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from wwidw import access
from wwidw.api import tokens
from wwidw.api.blueprint import bp as api_bp
from wwidw.errors import ServiceError
from wwidw.extensions import db

bp = Blueprint("api_tokens", __name__, template_folder="templates")


@api_bp.record_once
def _register(state) -> None:
    state.app.register_blueprint(bp)


class TokenForm(FlaskForm):
    name = StringField(
        _l("Name"), validators=[DataRequired(), Length(max=tokens.MAX_NAME)],
        description=_l("Where the token is used, for example \"dashboard of the municipality\"."))


class RevokeForm(FlaskForm):
    """An empty form: the revoke button with its CSRF token."""


@bp.route("/account/api-tokens", methods=["GET", "POST"])
@access.login_required
def token_list():
    form = TokenForm()
    secret = None
    if form.validate_on_submit():
        try:
            created = tokens.create_token(db.session, current_user, form.name.data)
        except ServiceError as error:
            form.name.errors = [*form.name.errors, str(error.message)]
        else:
            db.session.commit()
            # Shown in this response only: the database keeps just its hash, so it cannot be
            # shown again, and it is not put in the session or a redirect URL.
            secret = created.secret
            form = TokenForm(formdata=None)
    response = render_template(
        "api/tokens.html", form=form, revoke_form=RevokeForm(), secret=secret,
        tokens=tokens.tokens_of(db.session, current_user.id))
    return response, 200, {"Cache-Control": "no-store"}


@bp.route("/account/api-tokens/<int:token_id>/revoke", methods=["POST"])
@access.login_required
def revoke(token_id: int):
    token = tokens.own_token(db.session, current_user.id, token_id)
    if token is None:
        abort(404)
    if RevokeForm().validate_on_submit():
        tokens.revoke(db.session, token)
        db.session.commit()
        flash(_("The token \"%(name)s\" is revoked; it no longer works.", name=token.name),
              "success")
    return redirect(url_for("api_tokens.token_list"))
