"""Program line pages: the overview with counts for every member, management for admins."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from wwidw import access
from wwidw.errors import ServiceError
from wwidw.extensions import db
from wwidw.http import attach_error
from wwidw.interventions.services import Viewer
from wwidw.programlines import services
from wwidw.programlines.forms import ConfirmForm, ProgramLineForm
from wwidw.programlines.models import ProgramLine

bp = Blueprint("programlines", __name__, template_folder="templates")


def _line_of_org(org_id: int, line_id: int) -> ProgramLine:
    line = db.session.get(ProgramLine, line_id)
    if line is None or line.organisation_id != org_id:
        abort(404)
    return line


@bp.route("/organisations/<int:org_id>/program-lines")
@access.org_role("viewer")
def index(org_id: int):
    lines = services.lines_of(db.session, org_id)
    is_admin = g.membership is not None and g.membership.has_role("admin")
    form = ProgramLineForm(top_lines=[line for line in lines if line.parent_id is None
                                      and not line.archived]) if is_admin else None
    return render_template("programlines/index.html", organisation=g.organisation, lines=lines,
                           counts=services.counts(db.session, org_id), form=form,
                           is_admin=is_admin, confirm_form=ConfirmForm())


def _data(form: ProgramLineForm) -> dict:
    return {name: form[name].data for name in
            ("name", "description", "parent_id", "municipality_code", "start_date", "end_date")}


@bp.route("/organisations/<int:org_id>/program-lines/new", methods=["POST"])
@access.org_role("admin")
def new(org_id: int):
    lines = services.lines_of(db.session, org_id)
    form = ProgramLineForm(top_lines=[line for line in lines if line.parent_id is None])
    if form.validate_on_submit():
        try:
            line = services.save_line(db.session, org_id, _data(form))
        except ServiceError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            db.session.commit()
            flash(_("Program line %(name)s is added.", name=line.name), "success")
            return redirect(url_for("programlines.index", org_id=org_id))
    return render_template("programlines/index.html", organisation=g.organisation, lines=lines,
                           counts=services.counts(db.session, org_id), form=form, is_admin=True,
                           confirm_form=ConfirmForm()), 400


@bp.route("/organisations/<int:org_id>/program-lines/<int:line_id>/edit",
          methods=["GET", "POST"])
@access.org_role("admin")
def edit(org_id: int, line_id: int):
    line = _line_of_org(org_id, line_id)
    tops = [other for other in services.lines_of(db.session, org_id)
            if other.parent_id is None and other.id != line.id]
    form = ProgramLineForm(obj=line if request.method == "GET" else None, top_lines=tops)
    if form.validate_on_submit():
        try:
            services.save_line(db.session, org_id, _data(form), line)
        except ServiceError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            db.session.commit()
            flash(_("The program line is saved."), "success")
            return redirect(url_for("programlines.index", org_id=org_id))
    return render_template("programlines/edit.html", organisation=g.organisation, line=line,
                           form=form), (400 if form.errors else 200)


@bp.route("/organisations/<int:org_id>/program-lines/<int:line_id>/<action>", methods=["POST"])
@access.org_role("admin")
def act(org_id: int, line_id: int, action: str):
    line = _line_of_org(org_id, line_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if action in ("up", "down"):
        services.move(db.session, line, -1 if action == "up" else 1)
    elif action in ("archive", "restore"):
        services.set_archived(db.session, line, action == "archive")
        flash(_("%(name)s is archived.", name=line.name) if action == "archive"
              else _("%(name)s is active again.", name=line.name), "success")
    else:
        abort(404)
    db.session.commit()
    return redirect(url_for("programlines.index", org_id=org_id))


@bp.route("/organisations/<int:org_id>/program-lines/<int:line_id>")
@access.org_role("viewer")
def line(org_id: int, line_id: int):
    program_line = _line_of_org(org_id, line_id)
    interventions = services.interventions_of(db.session, Viewer.of(current_user), program_line)
    budget = sum(i.budget_cents or 0 for i in interventions)
    return render_template("programlines/line.html", organisation=g.organisation,
                           line=program_line, interventions=interventions, budget_cents=budget)
