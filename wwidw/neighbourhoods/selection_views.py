"""Selection model pages: the organisation's models, composing one, and its ranking as a
table, a chart and a download."""

from __future__ import annotations

import pandas as pd
from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select

from wwidw import access
from wwidw.errors import ServiceError
from wwidw.extensions import db
from wwidw.http import attach_error
from wwidw.interventions import export, taxonomy
from wwidw.interventions.services import Viewer
from wwidw.neighbourhoods import charts, selection
from wwidw.neighbourhoods.areas import municipalities_with_figures
from wwidw.neighbourhoods.blueprint import bp
from wwidw.neighbourhoods.models import IndicatorValue, SelectionModel
from wwidw.neighbourhoods.selection_forms import SelectionModelForm
from wwidw.neighbourhoods.units import unit_label

CHART_AREAS = 25


def _locale() -> str:
    return str(get_locale() or "nl")


def _model_of_org(org_id: int, model_id: int) -> SelectionModel:
    model = db.session.get(SelectionModel, model_id)
    if model is None or model.organisation_id != org_id:
        abort(404)
    return model


def _form(**kwargs) -> SelectionModelForm:
    own = set(g.organisation.municipality_code_list)
    municipalities = sorted((area for area, _year in municipalities_with_figures(db.session)),
                            key=lambda a: (a.code not in own, a.name))
    years = db.session.scalars(select(IndicatorValue.year).group_by(IndicatorValue.year)).all()
    return SelectionModelForm(municipalities=municipalities, years=years, locale=_locale(),
                              **kwargs)


def _data(form: SelectionModelForm) -> dict:
    return {"name": form.name.data, "description": form.description.data,
            "municipality_code": form.municipality_code.data, "level": form.level.data,
            "year": form.year.data, "indicators": form.choices()}


def _can_manage() -> bool:
    return g.membership is not None and g.membership.has_role("manager")


@bp.route("/organisations/<int:org_id>/selection-models")
@access.org_role("viewer")
def selection_index(org_id: int):
    return render_template("neighbourhoods/selection/index.html", organisation=g.organisation,
                           models=selection.models_of(db.session, org_id),
                           can_manage=_can_manage())


def _save(org_id: int, model: SelectionModel | None):
    form = _form()
    if model is not None and request.method == "GET":
        form.fill_from(model)
    if form.validate_on_submit():
        try:
            saved = selection.save_model(db.session, org_id, _data(form), model,
                                         user_id=current_user.id)
        except ServiceError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            db.session.commit()
            flash(_("The selection model %(name)s is saved.", name=saved.name), "success")
            return redirect(url_for("neighbourhoods.selection_model", org_id=org_id,
                                    model_id=saved.id))
    return render_template("neighbourhoods/selection/edit.html", organisation=g.organisation,
                           form=form, model=model), (400 if form.errors or form.form_errors
                                                     else 200)


@bp.route("/organisations/<int:org_id>/selection-models/new", methods=["GET", "POST"])
@access.org_role("manager")
def selection_new(org_id: int):
    return _save(org_id, None)


@bp.route("/organisations/<int:org_id>/selection-models/<int:model_id>/edit",
          methods=["GET", "POST"])
@access.org_role("manager")
def selection_edit(org_id: int, model_id: int):
    return _save(org_id, _model_of_org(org_id, model_id))


@bp.route("/organisations/<int:org_id>/selection-models/<int:model_id>/delete",
          methods=["POST"])
@access.org_role("manager")
def selection_delete(org_id: int, model_id: int):
    model = _model_of_org(org_id, model_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    db.session.delete(model)
    db.session.commit()
    flash(_("The selection model %(name)s is deleted.", name=model.name), "success")
    return redirect(url_for("neighbourhoods.selection_index", org_id=org_id))


@bp.route("/organisations/<int:org_id>/selection-models/<int:model_id>")
@access.org_role("viewer")
def selection_model(org_id: int, model_id: int):
    model = _model_of_org(org_id, model_id)
    ranking = selection.rank(db.session, model, Viewer.of(current_user))
    return render_template("neighbourhoods/selection/model.html", organisation=g.organisation,
                           model=model, ranking=ranking, can_manage=_can_manage(),
                           indicator=taxonomy.indicator, locale=_locale(),
                           delete_form=FlaskForm(), chart_areas=CHART_AREAS,
                           min_population=selection.MIN_POPULATION)


@bp.route("/organisations/<int:org_id>/selection-models/<int:model_id>/chart.png")
@access.org_role("viewer")
def selection_chart(org_id: int, model_id: int):
    model = _model_of_org(org_id, model_id)
    ranking = selection.rank(db.session, model, Viewer.of(current_user))
    ranked = [item for item in ranking.areas if item.score is not None][:CHART_AREAS]
    if not ranked:
        abort(404)
    locale = _locale()
    part_labels = [taxonomy.indicator(c.indicator_key).label(locale) for c in model.indicators]
    bars = [charts.Bar(item.area.name, [c.points for c in item.contributions])
            for item in ranked]
    title = _("%(name)s: score per area (%(year)s)", name=model.name, year=ranking.year)
    x_label = _("Score (0–100, higher = more effort needed)")
    source = _("Source: CBS, Kerncijfers wijken en buurten; calculation: wwidw")
    png, _cached = charts.cached_png(
        ["selection", title, x_label, part_labels, [(b.label, list(b.parts)) for b in bars],
         source, locale],
        lambda: charts.contribution_chart(title, x_label, bars, part_labels, source,
                                          decimal_comma=locale == "nl"))
    response = Response(png, mimetype="image/png")
    response.headers["Cache-Control"] = "private, max-age=60"
    return response


def ranking_frame(ranking: selection.Ranking, locale: str) -> pd.DataFrame:
    source = _("CBS, Kerncijfers wijken en buurten %(year)s (CC BY 4.0); calculation: wwidw",
               year=ranking.year or "")
    rows = []
    for item in ranking.areas:
        row = {_("Rank"): item.rank, _("Area code"): item.area.code, _("Area"): item.area.name,
               _("Score"): None if item.score is None else round(item.score, 1)}
        for contribution in item.contributions:
            indicator = taxonomy.indicator(contribution.key)
            label = indicator.label(locale)
            unit = (_("per 1,000 inhabitants") if contribution.key in ranking.per_inhabitants
                    else unit_label(indicator.unit))
            row[f"{label} ({unit})"] = (None if contribution.value is None
                                        else round(contribution.value, 2))
            # No points where the area has no figure or is not ranked: empty, not 0.
            row[_("%(indicator)s: points", indicator=label)] = (
                None if contribution.scaled is None else round(contribution.points, 1))
        row[_("Note")] = (_("too few inhabitants") if item.unscored == "few_inhabitants"
                          else _("too few figures") if item.unscored
                          else _("incomplete") if item.incomplete else "")
        row[_("Source")] = source
        rows.append(row)
    frame = pd.DataFrame(rows)
    if not frame.empty:
        frame[_("Rank")] = frame[_("Rank")].astype("Int64")
    return frame


@bp.route("/organisations/<int:org_id>/selection-models/<int:model_id>/export.<fmt>")
@access.org_role("viewer")
def selection_export(org_id: int, model_id: int, fmt: str):
    if fmt not in ("csv", "xlsx"):
        abort(404)
    model = _model_of_org(org_id, model_id)
    ranking = selection.rank(db.session, model, Viewer.of(current_user))
    frame = ranking_frame(ranking, _locale())
    if fmt == "csv":
        body, mimetype = export.to_csv(frame), "text/csv"
    else:
        body = export.to_excel(frame, _("Ranking"))
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="selectiemodel-{model.id}-{ranking.year or ""}.{fmt}"')
    response.headers["Cache-Control"] = "private, no-store"
    return response


