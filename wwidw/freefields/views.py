"""Settings pages where organisation admins manage their free fields."""

from __future__ import annotations

from decimal import Decimal

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from wwidw import access
from wwidw.errors import ServiceError
from wwidw.extensions import db
from wwidw.freefields import services
from wwidw.freefields.forms import ConfirmForm, FieldDefinitionForm
from wwidw.freefields.models import FreeField
from wwidw.freefields.types import REGISTRY
from wwidw.http import attach_error

bp = Blueprint("freefields", __name__, template_folder="templates")


def _field_of_org(org_id: int, field_id: int) -> FreeField:
    field = db.session.get(FreeField, field_id)
    if field is None or field.organisation_id != org_id:
        abort(404)
    return field


def _number(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _definition(form: FieldDefinitionForm) -> dict:
    edits = []
    index = 0
    while f"choice-{index}-value" in request.form:
        prefix = f"choice-{index}-"
        edits.append(services.ChoiceEdit(
            value=request.form[prefix + "value"],
            nl=request.form.get(prefix + "nl", ""),
            en=request.form.get(prefix + "en", ""),
            retired=request.form.get(prefix + "retired") == "y",
        ))
        index += 1
    return {
        "label_nl": form.label_nl.data, "label_en": form.label_en.data,
        "help_nl": form.help_nl.data, "help_en": form.help_en.data,
        "field_type": form.field_type.data, "is_required": form.is_required.data,
        "visibility": form.visibility.data, "new_choices": form.new_choices.data,
        "choice_edits": edits, "unit": form.unit.data, "min": _number(form.min.data),
        "max": _number(form.max.data), "decimals": form.decimals.data or 0,
        "show_if_field_id": form.show_if_field_id.data,
        "show_if_values": form.show_if_values.data or [],
    }


@bp.route("/organisations/<int:org_id>/free-fields")
@access.org_role("admin")
def index(org_id: int):
    fields = services.fields_of(db.session, org_id)
    counts = {f.id: services.value_count(db.session, f) for f in fields}
    return render_template("freefields/index.html", organisation=g.organisation, fields=fields,
                           counts=counts, types=REGISTRY, confirm_form=ConfirmForm())


def _edit_page(org_id: int, field: FreeField | None):
    locale = str(get_locale())
    others = [f for f in services.fields_of(db.session, org_id)
              if field is None or f.id != field.id]
    form = FieldDefinitionForm(others=others, locale=locale)
    if request.method == "GET" and field is not None:
        form.process(obj=field, data={
            "field_type": field.field_type, "unit": field.config.get("unit", ""),
            "min": field.config.get("min"), "max": field.config.get("max"),
            "decimals": field.config.get("decimals", 0),
            "show_if_field_id": field.show_if_field_id,
            "show_if_values": field.show_if_values,
        })
    if form.validate_on_submit():
        try:
            if field is None:
                field = services.define_field(db.session, org_id, _definition(form))
            else:
                services.update_field(db.session, field, _definition(form))
        except ServiceError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            db.session.commit()
            flash(_("The question is saved."), "success")
            return redirect(url_for("freefields.index", org_id=org_id))
    return render_template(
        "freefields/edit.html", organisation=g.organisation, form=form, field=field,
        answers=services.value_count(db.session, field) if field is not None else 0,
    ), (400 if form.errors else 200)


@bp.route("/organisations/<int:org_id>/free-fields/new", methods=["GET", "POST"])
@access.org_role("admin")
def new(org_id: int):
    return _edit_page(org_id, None)


@bp.route("/organisations/<int:org_id>/free-fields/<int:field_id>", methods=["GET", "POST"])
@access.org_role("admin")
def edit(org_id: int, field_id: int):
    return _edit_page(org_id, _field_of_org(org_id, field_id))


@bp.route("/organisations/<int:org_id>/free-fields/<int:field_id>/<action>", methods=["POST"])
@access.org_role("admin")
def act(org_id: int, field_id: int, action: str):
    field = _field_of_org(org_id, field_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if action == "up":
        services.move(db.session, field, -1)
    elif action == "down":
        services.move(db.session, field, +1)
    elif action == "retire":
        services.set_active(db.session, field, False)
        flash(_("The question is retired. Old answers are kept and still shown."), "success")
    elif action == "restore":
        services.set_active(db.session, field, True)
        flash(_("The question is asked again."), "success")
    else:
        abort(404)
    db.session.commit()
    return redirect(url_for("freefields.index", org_id=org_id))
