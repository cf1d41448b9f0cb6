"""The read-only JSON API: thin views that parse the request, ask ``resources`` and answer.

Every route is ``access.public`` for the access layer; who the caller is and what they may see
is decided by the API's own authentication (``auth.py``) and the permission rules behind
``resources``, so the same URL gives each caller their own view, as the pages do.
"""

from __future__ import annotations

from datetime import date

from flask import abort, jsonify, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from wwidw import access
from wwidw.api import resources
from wwidw.api.auth import api_viewer
from wwidw.api.blueprint import bp
from wwidw.api.errors import bad_request
from wwidw.extensions import db
from wwidw.interventions import catalogue
from wwidw.interventions.views import facet_table
from wwidw.neighbourhoods.areas import get_area
from wwidw.neighbourhoods.models import AREA_LEVELS
from wwidw.search import get_engine

# Ids are 32-bit integers in the database; a larger number in a URL is simply not found
# (rather than overflowing the database driver).
MAX_ID = 2**31 - 1


@bp.before_request
def _refuse_nul_characters() -> None:
    # PostgreSQL refuses text with NUL characters; such a parameter is the caller's mistake.
    if "\x00" in request.path or any("\x00" in key or "\x00" in value
                                     for key, value in request.args.items(multi=True)):
        raise bad_request(_l("Parameters may not contain NUL characters."))


def _locale() -> str:
    return str(get_locale() or "nl")


def _int_arg(name: str, default: int, minimum: int, maximum: int | None = None) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise bad_request(_l("%(name)s must be a whole number.", name=name)) from None
    if value < minimum or (maximum is not None and value > maximum):
        if maximum is None:
            raise bad_request(_l("%(name)s must be at least %(min)d.", name=name, min=minimum))
        raise bad_request(_l("%(name)s must be between %(min)d and %(max)d.", name=name,
                             min=minimum, max=maximum))
    return value


def _paging() -> tuple[int, int]:
    # A page number far past any real catalogue is a mistake, and big offsets cost the database.
    page = _int_arg("page", 1, 1, 100_000)
    per_page = _int_arg("per_page", resources.DEFAULT_PER_PAGE, 1, resources.MAX_PER_PAGE)
    return page, per_page


def _page_json(endpoint: str, result: resources.Page, per_page: int,
               kept: tuple[str, ...]) -> dict:
    # Only the endpoint's own parameters travel into the links: anything else could clash
    # with url_for's own keywords (_external, _anchor).
    args = {k: request.args.getlist(k) for k in kept if k in request.args}

    def link(page: int) -> str:
        return url_for(endpoint, page=page, per_page=per_page, **args)

    return {
        "total": result.total, "page": result.page, "pages": result.pages,
        "per_page": per_page, "items": result.items,
        "links": {
            "self": link(result.page), "first": link(1), "last": link(result.pages),
            "prev": link(result.page - 1) if 1 < result.page <= result.pages + 1 else None,
            "next": link(result.page + 1) if result.page < result.pages else None,
        },
    }


@bp.route("/interventions")
@access.public
def interventions():
    page, per_page = _paging()
    sort = request.args.get("sort", "relevance")
    if sort not in catalogue.SORTS:
        raise bad_request(_l("sort must be one of: %(values)s.",
                             values=", ".join(catalogue.SORTS)))
    filters = {name: set(request.args.getlist(name)) for name in resources.FILTERS
               if request.args.getlist(name)}
    if "area" in filters:
        filters["area"] = resources.area_filter_values(db.session, filters["area"])
    query = catalogue.CatalogueQuery(text=request.args.get("q", "")[:1000], filters=filters,
                                     sort=sort, page=page)
    viewer = api_viewer()
    result = resources.search_interventions(db.session, get_engine(), facet_table(), viewer,
                                            query, per_page)
    result = resources.Page(result.total, result.page, result.pages, [
        resources.intervention_summary(db.session, viewer, i) for i in result.items])
    return jsonify(_page_json("api.interventions", result, per_page,
                              ("q", "sort", *resources.FILTERS)))


def _intervention_or_404(intervention_id: int):
    intervention = resources.visible_intervention(db.session, api_viewer(), intervention_id)
    if intervention is None:
        abort(404)
    return intervention


@bp.route(f"/interventions/<int(max={MAX_ID}):intervention_id>")
@access.public
def intervention(intervention_id: int):
    found = _intervention_or_404(intervention_id)
    return jsonify(resources.intervention_detail(db.session, api_viewer(), found, _locale()))


@bp.route(f"/interventions/<int(max={MAX_ID}):intervention_id>/monitoring")
@access.public
def intervention_monitoring(intervention_id: int):
    found = _intervention_or_404(intervention_id)
    return jsonify(resources.monitoring(db.session, api_viewer(), found, date.today()))


@bp.route("/areas")
@access.public
def areas():
    page, per_page = _paging()
    level = request.args.get("level") or None
    if level is not None and level not in AREA_LEVELS:
        raise bad_request(_l("level must be one of: %(values)s.", values=", ".join(AREA_LEVELS)))
    result = resources.search_areas(db.session, request.args.get("q", "")[:200], level, page,
                                    per_page)
    return jsonify(_page_json("api.areas", result, per_page, ("q", "level")))


@bp.route("/areas/<code>")
@access.public
def area(code: str):
    found = get_area(db.session, code[:20])
    if found is None:
        abort(404)
    return jsonify(resources.area_detail(db.session, api_viewer(), found, _locale()))


@bp.route("/indicators")
@access.public
def indicators():
    items = resources.indicator_list(_locale())
    return jsonify({"total": len(items), "items": items})


@bp.route("/openapi.json")
@access.public
def openapi_document():
    from wwidw.api.openapi import document

    return jsonify(document())
