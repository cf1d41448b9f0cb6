"""Views of the catalogue: search, the intervention page, the description wizard, history."""

from __future__ import annotations

from decimal import Decimal

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from wwidw import access
from wwidw.access import current_membership
from wwidw.errors import ServiceError
from wwidw.extensions import db
from wwidw.http import attach_error
from wwidw.interventions import (
    attachments,
    catalogue,
    description,
    diffs,
    services,
    taxonomy,
)
from wwidw.interventions.forms import (
    STEP_FORMS,
    AttachmentForm,
    EmptyForm,
    FinishForm,
    kind_label,
    recognition_label,
    status_label,
    visibility_label,
)
from wwidw.interventions.hooks import hooks
from wwidw.interventions.models import Attachment, Intervention
from wwidw.markdown import plain_text
from wwidw.search import get_engine

bp = Blueprint("interventions", __name__, template_folder="templates")


def _viewer() -> services.Viewer:
    return services.Viewer.of(current_user)


def _visible_intervention(kwargs: dict) -> Intervention | None:
    return services.get_visible(db.session, _viewer(), kwargs["intervention_id"])


def _editable_intervention(kwargs: dict) -> Intervention | None:
    intervention = _visible_intervention(kwargs)
    if intervention is not None and not _viewer().can_edit(intervention):
        abort(403)
    return intervention


visible = access.member_object(_visible_intervention, "intervention")
editable = access.member_object(_editable_intervention, "intervention")


def facet_table() -> catalogue.FacetTable:
    table = current_app.extensions.get("wwidw_facets")
    if table is None:
        table = current_app.extensions["wwidw_facets"] = catalogue.FacetTable()
    return table


@bp.app_context_processor
def _labels() -> dict:
    return {
        "status_label": status_label,
        "intervention_kind_label": kind_label,
        "visibility_label": visibility_label,
        "recognition_label": recognition_label,
        "taxonomy": taxonomy,
    }


# --- catalogue -----------------------------------------------------------------------------


@bp.route("/catalogue")
@access.login_required
def catalogue_page():
    query = catalogue.CatalogueQuery(
        text=request.args.get("q", "")[:1000],
        filters={name: set(request.args.getlist(name)) for name in request.args
                 if name not in ("q", "sort", "page", "more")},
        sort=request.args.get("sort", "relevance"),
        page=request.args.get("page", 1, type=int) or 1,
        expanded=set(request.args.getlist("more")),
    )
    result = catalogue.search(db.session, get_engine(), _viewer(), facet_table(), query)
    snippets = {}
    if query.text and result.items:
        # The first few thousand characters hold the best fragments; highlighting whole
        # descriptions costs more than it shows.
        snippets = get_engine().snippets(query.text, {
            i.id: " ".join(plain_text(getattr(i, f)) for f in
                           ("summary", "problem", "approach", "goals", "target_group_description")
                           )[:3000]
            for i in result.items
        })
    return render_template(
        "interventions/catalogue.html", query=query, result=result, snippets=snippets,
        facet_labeller=FacetLabeller(result.snapshot, result.extra),
    )


@bp.route("/catalogue/export.<fmt>")
@access.login_required
def export_catalogue(fmt: str):
    from wwidw.interventions import export

    if fmt not in ("csv", "xlsx"):
        abort(404)
    query = catalogue.CatalogueQuery(
        text=request.args.get("q", "")[:1000],
        filters={name: set(request.args.getlist(name)) for name in request.args
                 if name not in ("q", "sort", "page", "more")},
        sort=request.args.get("sort", "relevance"),
    )
    result = catalogue.search(db.session, get_engine(), _viewer(), facet_table(), query,
                              page_size=None)
    frame = export.table(db.session, _viewer(), result.items, lambda i: url_for(
        "interventions.detail", intervention_id=i.id, _external=True))
    if fmt == "csv":
        body, mimetype = export.to_csv(frame), "text/csv"
    else:
        body = export.to_excel(frame)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = current_app.response_class(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="interventies.{fmt}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


class FacetLabeller:
    """Turns facet values into words for the current language."""

    def __init__(self, snapshot: catalogue.Snapshot, extra: list[catalogue.ExtraFacet]) -> None:
        self.snapshot = snapshot
        self.extra = {facet.name: facet for facet in extra}

    def title(self, facet: str, builtin: dict) -> str:
        return self.extra[facet].title if facet in self.extra else builtin.get(facet, facet)

    def __call__(self, facet: str, value: str) -> str:
        if facet in self.extra:
            return self.extra[facet].labels.get(value, value)
        from flask_babel import get_locale

        locale = str(get_locale())
        lookups = {"theme": taxonomy.theme, "effect": taxonomy.effect,
                   "target_group": taxonomy.target_group}
        if facet in lookups:
            term = lookups[facet](value)
            return term.label(locale) if term else value
        if facet == "area":
            area = self.snapshot.areas.get(int(value))
            return f"{area[1]} ({area[0]})" if area else value
        if facet == "organisation":
            return self.snapshot.organisations.get(int(value), value)
        if facet == "organisation_kind":
            from wwidw.accounts.forms import kind_label as org_kind_label

            return org_kind_label(value)
        if facet == "status":
            return status_label(value)
        if facet == "kind":
            return kind_label(value)
        if facet == "recognition":
            return recognition_label(value)
        return value

    def area_level(self, value: str) -> str:
        return self.snapshot.areas.get(int(value), ("", "", "", None))[2]


# --- the intervention page -----------------------------------------------------------------


@bp.route("/interventions/<int:intervention_id>")
@visible
def detail(intervention_id: int):
    intervention: Intervention = g.intervention
    viewer = _viewer()
    text = "\n".join(plain_text(getattr(intervention, f)) for f in
                     ("summary", "problem", "goals", "approach"))
    similar = catalogue.similar(db.session, get_engine(), viewer, intervention, text)
    practices = (services.practices_of_archetype(db.session, viewer, intervention)
                 if intervention.kind == "archetype" else [])
    membership = current_membership()
    can_copy = (
        membership is not None and membership.has_role("worker")
        and (services.is_shared(intervention)
             or intervention.organisation_id == membership.organisation_id)
    )
    sections = [section for hook in hooks.detail_sections
                for section in hook(db.session, viewer, intervention)]
    return render_template(
        "interventions/detail.html",
        intervention=intervention,
        sections=sections,
        can_edit=viewer.can_edit(intervention),
        can_delete=viewer.has_role(intervention.organisation_id,
                                   "worker" if intervention.is_draft else "manager"),
        own=intervention.organisation_id in viewer.org_ids,
        checks=description.completeness(intervention),
        similar=similar,
        practices=practices,
        can_copy=can_copy,
        membership=membership,
        form=EmptyForm(),
        attachment_form=AttachmentForm(),
    )


# --- the wizard ----------------------------------------------------------------------------


def _form_data(step_key: str, form) -> dict:
    data = {name: form[name].data for name in description.step(step_key).fields
            if name in form and name not in ("areas", "budget")}
    if step_key == "costs":
        budget = form.budget.data
        data["budget_cents"] = None if budget is None else int(
            (Decimal(budget) * 100).to_integral_value()
        )
    return data


def _fill_form(step_key: str, form, intervention: Intervention) -> None:
    for name in description.step(step_key).fields:
        if name not in form:
            continue
        if name == "areas":
            form.areas.data = ", ".join(services.area_reference(a) for a in intervention.areas)
        elif name == "budget":
            form.budget.data = (None if intervention.budget_cents is None
                                else Decimal(intervention.budget_cents) / 100)
        elif name in ("themes", "target_groups", "effects"):
            form[name].data = getattr(intervention, name)
        else:
            form[name].data = getattr(intervention, name)
    form.version.data = str(intervention.version)


def _step_form(step_key: str, formdata=None):
    form_class = STEP_FORMS[step_key]
    extra = {}
    if step_key == "basics":
        extra["archetypes"] = services.archetype_choices(db.session, _viewer())
    return form_class(formdata=formdata, **extra)


def _extra_steps(intervention: Intervention | None) -> list:
    if intervention is None:
        return []
    # Asked once per request: a wizard request needs the steps for the form, the step list
    # and the redirect after saving.
    cache = g.setdefault("extra_steps", {})
    if intervention.id not in cache:
        cache[intervention.id] = [s for s in hooks.wizard_steps
                                  if s.applies(db.session, intervention)]
    return cache[intervention.id]


def _steps(intervention: Intervention | None) -> tuple[description.Step, ...]:
    if intervention is None:
        return description.STEPS
    cache = g.setdefault("wizard_steps", {})
    if intervention.id not in cache:
        locale = str(get_locale())
        cache[intervention.id] = description.STEPS + tuple(
            s.step(db.session, intervention, locale) for s in _extra_steps(intervention))
    return cache[intervention.id]


def _render_step(step_key: str, form, intervention: Intervention | None, conflict=None,
                 status: int = 200):
    steps = _steps(intervention)
    return render_template(
        "interventions/wizard.html",
        steps=steps,
        step=description.step(step_key, steps),
        form=form,
        intervention=intervention,
        checks=description.completeness(intervention) if intervention else [],
        previous_step=description.previous_step(step_key, steps),
        conflict=conflict,
        diffs=diffs,
        area_options=_area_options(),
    ), status


def _area_options() -> list[str]:
    membership = current_membership()
    codes = membership.organisation.municipality_code_list if membership else []
    return services.area_options(db.session, codes)


@bp.route("/interventions/new", methods=["GET", "POST"])
@access.login_required
def new():
    membership = current_membership()
    if membership is None or not membership.has_role("worker"):
        abort(403)
    form = _step_form("basics", request.form if request.method == "POST" else None)
    if form.validate_on_submit():
        data = _form_data("basics", form)
        try:
            data["areas"] = services.parse_area_references(
                db.session, form.areas.data or "", membership.organisation.municipality_code_list
            )
            intervention = services.create_intervention(
                db.session, _viewer(), membership.organisation, data
            )
        except ServiceError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            db.session.commit()
            flash(_("Draft saved. You can leave and continue later from the intervention page."),
                  "success")
            return _after_save(intervention, "basics")
    return _render_step("basics", form, None, status=400 if form.errors else 200)


def _after_save(intervention: Intervention, step_key: str):
    steps = _steps(intervention)
    if request.form.get("action") == "later":
        return redirect(url_for("interventions.detail", intervention_id=intervention.id))
    if request.form.get("action") == "previous":
        previous = description.previous_step(step_key, steps)
        if previous:
            return redirect(url_for("interventions.edit", intervention_id=intervention.id,
                                    step_key=previous))
    next_key = description.next_step(step_key, steps)
    if next_key == description.FINISH_STEP:
        return redirect(url_for("interventions.finish", intervention_id=intervention.id))
    return redirect(url_for("interventions.edit", intervention_id=intervention.id,
                            step_key=next_key))


@bp.route("/interventions/<int:intervention_id>/edit/<step_key>", methods=["GET", "POST"])
@editable
def edit(intervention_id: int, step_key: str):
    intervention: Intervention = g.intervention
    extra = next((s for s in _extra_steps(intervention) if s.key == step_key), None)
    if extra is not None:
        return _edit_extra_step(intervention, extra)
    if description.step(step_key) is None:
        abort(404)
    if request.method == "GET":
        form = _step_form(step_key)
        _fill_form(step_key, form, intervention)
        return _render_step(step_key, form, intervention)
    form = _step_form(step_key, request.form)
    conflict = None
    if form.validate_on_submit():
        data = _form_data(step_key, form)

        def save() -> bool:
            if "areas" in description.step(step_key).fields:
                data["areas"] = services.parse_area_references(
                    db.session, form.areas.data or "",
                    intervention.organisation.municipality_code_list,
                )
            return services.update_intervention(
                db.session, _viewer(), intervention, data, int(form.version.data or 0))

        saved, conflict = _attempt(form, save)
        if saved:
            return _after_save(intervention, step_key)
    return _render_step(step_key, form, intervention, conflict=conflict,
                        status=409 if conflict else 400)


def _attempt(form, save) -> tuple[bool, services.ConflictError | None]:
    """Run one save: commit it, or roll back and put the refusal on the form."""
    try:
        changed = save()
    except services.ConflictError as error:
        db.session.rollback()
        form.version.data = str(error.current_version)
        form.form_errors.append(str(error.message))
        return False, error
    except ServiceError as error:
        db.session.rollback()
        attach_error(form, error)
        return False, None
    db.session.commit()
    if changed:
        flash(_("Saved."), "success")
    return True, None


def _edit_extra_step(intervention: Intervention, extra):
    """A step another domain adds (free fields, program lines): its form, its save."""
    locale = str(get_locale())
    formdata = request.form if request.method == "POST" else None
    form = extra.form(db.session, intervention, locale, formdata)
    conflict = None
    if request.method == "POST" and form.validate_on_submit():
        def save() -> bool:
            services.check_version(intervention, int(form.version.data or 0))
            return extra.save(db.session, _viewer(), intervention, form)

        saved, conflict = _attempt(form, save)
        if saved:
            return _after_save(intervention, extra.key)
    status = 200 if request.method == "GET" else (409 if conflict else 400)
    return _render_step(extra.key, form, intervention, conflict=conflict, status=status)


@bp.route("/interventions/<int:intervention_id>/finish", methods=["GET", "POST"])
@editable
def finish(intervention_id: int):
    intervention: Intervention = g.intervention
    form = FinishForm(formdata=request.form if request.method == "POST" else None)
    conflict = None
    if request.method == "GET":
        form.visibility.data = intervention.visibility
        form.recognition_level.data = intervention.recognition_level
        form.recognition_date.data = intervention.recognition_date
        form.version.data = str(intervention.version)
    elif form.validate_on_submit():
        def save() -> bool:
            services.publish(
                db.session, _viewer(), intervention, form.visibility.data,
                int(form.version.data or 0),
                {"recognition_level": form.recognition_level.data,
                 "recognition_date": form.recognition_date.data},
            )
            return False  # the message below says more than "Saved."

        saved, conflict = _attempt(form, save)
        if saved:
            flash(_("The description is saved and visible to: %(who)s.",
                    who=visibility_label(intervention.visibility).lower()), "success")
            return redirect(url_for("interventions.detail", intervention_id=intervention.id))
    return render_template(
        "interventions/finish.html", form=form, intervention=intervention,
        steps=_steps(intervention), checks=description.completeness(intervention),
        conflict=conflict, diffs=diffs,
        can_publish_publicly=_viewer().can_publish_publicly(intervention.organisation_id),
    ), (200 if request.method == "GET" else (409 if conflict else 400))


# --- history, copying, deleting ----------------------------------------------------------


@bp.route("/interventions/<int:intervention_id>/history")
@visible
def history(intervention_id: int):
    intervention: Intervention = g.intervention
    if intervention.organisation_id not in _viewer().org_ids:
        abort(404)  # the history holds drafts and internal texts: own organisation only
    return render_template("interventions/history.html", intervention=intervention)


@bp.route("/interventions/<int:intervention_id>/history/<int:version>")
@visible
def revision(intervention_id: int, version: int):
    intervention: Intervention = g.intervention
    if intervention.organisation_id not in _viewer().org_ids:
        abort(404)
    revisions = {r.version: r for r in intervention.revisions}
    current = revisions.get(version)
    if current is None:
        abort(404)
    previous = revisions.get(version - 1)
    changes = diffs.compare(previous.snapshot if previous else {}, current.snapshot)
    return render_template("interventions/revision.html", intervention=intervention,
                           revision=current, previous=previous, changes=changes)


@bp.route("/interventions/<int:intervention_id>/copy", methods=["POST"])
@visible
def copy(intervention_id: int):
    membership = current_membership()
    if not EmptyForm().validate_on_submit():
        abort(400)
    if membership is None or not membership.has_role("worker"):
        abort(403)
    try:
        draft = services.copy_as_starting_point(db.session, _viewer(), g.intervention,
                                                membership.organisation)
    except ServiceError as error:
        db.session.rollback()
        flash(str(error.message), "danger")
        return redirect(url_for("interventions.detail", intervention_id=intervention_id))
    db.session.commit()
    flash(_("A copy is saved as a draft of %(org)s. Adapt it to your own neighbourhood.",
            org=membership.organisation.name), "success")
    return redirect(url_for("interventions.edit", intervention_id=draft.id, step_key="basics"))


@bp.route("/interventions/<int:intervention_id>/delete", methods=["POST"])
@editable
def delete(intervention_id: int):
    if not EmptyForm().validate_on_submit():
        abort(400)
    title = g.intervention.title
    stored = [a.storage_key for a in g.intervention.attachments]
    try:
        services.delete_intervention(db.session, _viewer(), g.intervention)
    except ServiceError as error:
        db.session.rollback()
        flash(str(error.message), "danger")
        return redirect(url_for("interventions.detail", intervention_id=intervention_id))
    db.session.commit()
    attachments.remove_files(current_app.instance_path, stored)
    flash(_("%(title)s is deleted.", title=title), "success")
    return redirect(url_for("interventions.catalogue_page"))


# --- attachments ---------------------------------------------------------------------------


def _visible_attachment(kwargs: dict):
    intervention = _visible_intervention(kwargs)
    if intervention is None:
        return None
    attachment = db.session.get(Attachment, kwargs["attachment_id"])
    if attachment is None or attachment.intervention_id != intervention.id:
        return None
    return attachment


def _editable_attachment(kwargs: dict):
    attachment = _visible_attachment(kwargs)
    if attachment is not None and not _viewer().can_edit(attachment.intervention):
        abort(403)
    return attachment


@bp.route("/interventions/<int:intervention_id>/attachments", methods=["POST"])
@editable
def upload_attachment(intervention_id: int):
    form = AttachmentForm()
    if form.validate_on_submit():
        try:
            attachment = attachments.add_attachment(
                db.session, _viewer(), g.intervention, form.file.data, current_app.instance_path
            )
        except ServiceError as error:
            db.session.rollback()
            flash(str(error.message), "danger")
        else:
            db.session.commit()
            flash(_("%(name)s is attached.", name=attachment.filename), "success")
    else:
        for errors in form.errors.values():
            flash(" ".join(str(e) for e in errors), "danger")
    return redirect(url_for("interventions.detail", intervention_id=intervention_id,
                            _anchor="attachments"))


@bp.route("/interventions/<int:intervention_id>/attachments/<int:attachment_id>")
@access.member_object(_visible_attachment, "attachment")
def download_attachment(intervention_id: int, attachment_id: int):
    attachment = g.attachment
    path = attachments.storage_dir(current_app.instance_path) / attachment.storage_key
    if not path.exists():
        abort(404)
    response = send_file(path, mimetype=attachment.content_type, as_attachment=True,
                         download_name=attachment.filename, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/interventions/<int:intervention_id>/attachments/<int:attachment_id>/delete",
          methods=["POST"])
@access.member_object(_editable_attachment, "attachment")
def delete_attachment(intervention_id: int, attachment_id: int):
    if not EmptyForm().validate_on_submit():
        abort(400)
    key, name = g.attachment.storage_key, g.attachment.filename
    db.session.delete(g.attachment)
    db.session.commit()
    attachments.remove_files(current_app.instance_path, [key])
    flash(_("%(name)s is removed.", name=name), "success")
    return redirect(url_for("interventions.detail", intervention_id=intervention_id,
                            _anchor="attachments"))


@bp.after_app_request
def _drain_search_queue(response):
    """Apply this request's queued index changes now that its transaction is committed."""
    if db.session.info.pop("search_dirty", False):
        from wwidw.interventions.indexing import drain

        try:
            drain(db.session, get_engine())
        except Exception:  # the change stays queued; `flask search sync` applies it
            current_app.logger.exception("search queue could not be drained")
            db.session.rollback()
    return response
