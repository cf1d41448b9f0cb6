"""Neighbourhood pages: finding an area, its factsheet and trend charts, and the way from a
figure to the effects and interventions that address it. The other route modules of this
blueprint are imported here so that registering ``bp`` registers them all."""

from __future__ import annotations

import pandas as pd
from flask import Response, abort, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from wwidw import access
from wwidw.accounts.models import Organisation
from wwidw.extensions import db
from wwidw.interventions import export, taxonomy
from wwidw.interventions.services import Viewer
from wwidw.neighbourhoods import (
    areas,
    charts,
    deeds,
    import_views,  # noqa: F401 - registers its routes on bp
    selection_views,  # noqa: F401 - registers its routes on bp
)
from wwidw.neighbourhoods.blueprint import bp
from wwidw.neighbourhoods.factsheet import BANDS, UNCOMPARABLE_UNITS, build_factsheet
from wwidw.neighbourhoods.figures import figures_for
from wwidw.neighbourhoods.units import format_figure, unit_label

__all__ = ["bp"]



def _viewer() -> Viewer:
    return Viewer.of(current_user)


def _locale() -> str:
    return str(get_locale() or "nl")


def _area_or_404(code: str):
    area = areas.get_area(db.session, code)
    if area is None:
        abort(404)
    return area


@bp.app_context_processor
def _helpers() -> dict:
    return {"format_figure": format_figure, "unit_label": unit_label,
            "level_label": level_label, "band_label": band_label}


def level_label(level: str) -> str:
    labels = {"country": _("Country"), "municipality": _("Municipality"),
              "district": _("District"), "neighbourhood": _("Neighbourhood")}
    return labels.get(level, level)


def band_label(band: str | None) -> str:
    labels = {
        "clearly_worse": _("clearly less favourable"), "worse": _("less favourable"),
        "similar": _("about the same"), "better": _("more favourable"),
        "clearly_better": _("clearly more favourable"), "higher": _("higher"),
        "lower": _("lower"),
    }
    return labels.get(band or "", "")


@bp.route("/areas")
@access.login_required
def index():
    text = request.args.get("q", "")[:100]
    own_codes = set(_own_municipality_codes())
    hits, more = areas.search_areas(db.session, text)
    return render_template(
        "neighbourhoods/index.html", text=text, hits=hits, more=more,
        municipalities=sorted(areas.municipalities_with_figures(db.session),
                              key=lambda item: item[0].code not in own_codes),
        own_codes=own_codes)


def _own_municipality_codes() -> list[str]:
    return [code for m in current_user.memberships
            for code in m.organisation.municipality_code_list]


@bp.route("/areas/<code>")
@access.login_required
def factsheet(code: str):
    area = _area_or_404(code)
    sheet = build_factsheet(db.session, area, _viewer())
    return render_template("neighbourhoods/factsheet.html", sheet=sheet, bands=BANDS,
                           locale=_locale())


@bp.route("/areas/<code>/trend/<indicator_key>.png")
@access.login_required
def trend_chart(code: str, indicator_key: str):
    area = _area_or_404(code)
    indicator = taxonomy.indicator(indicator_key)
    if indicator is None:
        abort(404)
    sheet = build_factsheet(db.session, area, _viewer())
    row = sheet.rows.get(indicator_key)
    if row is None:
        abort(404)
    lines = [charts.Line(area.name, [(p.year, p.value) for p in row.series])]
    # A count of a whole municipality beside a neighbourhood's only flattens the latter's line.
    comparable = indicator.unit not in UNCOMPARABLE_UNITS
    if comparable and sheet.reference is not None and row.reference_series:
        lines.append(charts.Line(sheet.reference.name,
                                 [(p.year, p.value) for p in row.reference_series]))
    if comparable and sheet.country is not None and row.country_series:
        lines.append(charts.Line(_("Netherlands"),
                                 [(p.year, p.value) for p in row.country_series]))
    locale = _locale()
    title = indicator.label(locale)
    y_label = unit_label(indicator.unit)
    source = (_("Source: own figures") if row.local_owner
              else _("Source: CBS, Kerncijfers wijken en buurten"))
    png, _cached = charts.cached_png(
        ["trend", title, y_label, [(line.label, list(line.points)) for line in lines], source,
         locale],
        lambda: charts.trend_chart(title, y_label, _("Year"), lines, source,
                                   decimal_comma=locale == "nl"))
    response = Response(png, mimetype="image/png")
    # Figures change only by import; a private cache for a few minutes saves redraws.
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


@bp.route("/areas/indicators/<indicator_key>")
@access.login_required
def indicator_deeds(indicator_key: str):
    indicator = taxonomy.indicator(indicator_key)
    if indicator is None:
        abort(404)
    area = areas.get_area(db.session, request.args.get("area", "")) if request.args.get(
        "area") else None
    return render_template(
        "neighbourhoods/indicator.html", indicator=indicator, area=area,
        effects=deeds.effects_for(db.session, _viewer(), indicator_key, area),
        locale=_locale())


@bp.route("/areas/<code>/figures.<any(csv, xlsx):fmt>")
@access.login_required
def figures_export(code: str, fmt: str):
    """Every figure of the area the viewer may see, one row per indicator and year: official
    figures, the viewer's own local figures, and figures other organisations shared."""
    area = _area_or_404(code)
    frame = figures_frame(area, _viewer(), _locale())
    if fmt == "csv":
        body, mimetype = export.to_csv(frame), "text/csv"
    else:
        body = export.to_excel(frame, _("Figures"))
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="cijfers-{area.code}.{fmt}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def figures_frame(area, viewer: Viewer, locale: str) -> pd.DataFrame:
    owners = {}
    rows = []
    for figure in figures_for(db.session, [area.id], viewer.org_ids):
        indicator = taxonomy.indicator(figure.indicator_key)
        if indicator is None:
            continue
        if figure.organisation_id and figure.organisation_id not in owners:
            owners[figure.organisation_id] = db.session.get(
                Organisation, figure.organisation_id).name
        rows.append({
            _("Area code"): area.code, _("Area"): area.name,
            _("Indicator"): indicator.label(locale), _("Key"): indicator.key,
            _("Unit"): unit_label(indicator.unit), _("Year"): figure.year,
            # Missing stays missing: an empty cell, never 0.
            _("Value"): figure.value,
            _("Source"): owners[figure.organisation_id] if figure.organisation_id
            else "CBS, Kerncijfers wijken en buurten (CC BY 4.0)",
        })
    frame = pd.DataFrame(rows)
    if not frame.empty:
        frame = frame.sort_values([_("Indicator"), _("Year")], kind="stable")
    return frame
