"""Another organisation's private data is never reachable by URL: every route that names an
organisation or one of its objects is walked, as an admin of another organisation, with the
ids of a private intervention, attachment, free field, program line, selection model and local
figures import. Each answers 403 or 404, shows none of it, and changes nothing."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from wwidw.accounts.models import Membership
from wwidw.extensions import db
from wwidw.freefields import services as freefields
from wwidw.freefields.models import FreeField
from wwidw.interventions.attachments import add_attachment
from wwidw.interventions.models import Attachment, Intervention
from wwidw.interventions.services import Viewer
from wwidw.monitor import services as monitor
from wwidw.monitor.models import FunderBudget, Goal
from wwidw.neighbourhoods import selection
from wwidw.neighbourhoods.local_figures import import_local_figures
from wwidw.neighbourhoods.models import Area, CbsImport, IndicatorValue, SelectionModel
from wwidw.neighbourhoods.services import AreaRecord, upsert_areas
from wwidw.programlines import services as programlines
from wwidw.programlines.models import ProgramLine

SECRET = "Geheimproject Zwaluw"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# Values for URL parameters that are not ids.
FIXED = {"step_key": "basics", "version": 1, "fmt": "csv", "action": "retire",
         "month": "2025-03", "kind": "activities", "chart": "reach"}


@pytest.fixture
def private_world(app, make):
    owner = make.org("Woonstichting Eigen")
    admin = make.user(owner, "admin")
    upsert_areas(db.session, [AreaRecord("GM0797", "Heusden"), AreaRecord("WK079701", "Drunen"),
                              AreaRecord("BU07970101", "Centrum"),
                              AreaRecord("BU07970102", "Noord")], 2024)
    for code, share in (("BU07970101", 10.0), ("BU07970102", 20.0)):
        area_id = db.session.scalar(select(Area.id).where(Area.code == code))
        db.session.add_all([
            IndicatorValue(area_id=area_id, indicator_key="population", year=2024, value=900),
            IndicatorValue(area_id=area_id, indicator_key="households_low_income", year=2024,
                           value=share)])
    intervention = make.intervention(owner, author=admin, title=SECRET,
                                     visibility="organisation")
    viewer = Viewer.of(admin)
    attachment = add_attachment(db.session, viewer, intervention, FileStorage(
        io.BytesIO(PDF), filename="zwaluw.pdf"), app.instance_path)
    field = freefields.define_field(db.session, owner.id, {
        "label_nl": f"{SECRET} vraag", "field_type": "text",
        "visibility": "organisation"})
    line = programlines.save_line(db.session, owner.id, {"name": f"{SECRET} lijn"})
    model = selection.save_model(db.session, owner.id, {
        "name": f"{SECRET} model", "municipality_code": "GM0797", "level": "neighbourhood",
        "indicators": [selection.IndicatorChoice("households_low_income", 1, "high")]})
    goal = monitor.save_goal(db.session, viewer, intervention, {
        "result_type": "effect", "description": f"{SECRET} doel", "indicator_name": "x",
        "measure": "number", "direction": "increase", "baseline_value": 1.0, "targets": []})
    local = import_local_figures(
        db.session, owner.id,
        b"gebiedscode;indicator;jaar;waarde\nGM0797;neighbourhood_grade;2023;6,9\n",
        "zwaluw.csv", False, admin.id)
    from wwidw.api.tokens import create_token

    token = create_token(db.session, admin, f"{SECRET} token").token
    db.session.commit()
    membership = admin.memberships[0]
    ids = {"org_id": owner.id, "intervention_id": intervention.id,
           "attachment_id": attachment.id, "field_id": field.id, "line_id": line.id,
           "model_id": model.id, "import_id": local.import_id,
           "membership_id": membership.id, "goal_id": goal.id,
           "token_id": token.id}
    return owner, ids


def _counts() -> list[int]:
    return [db.session.scalar(select(func.count()).select_from(model)) for model in (
        Intervention, Attachment, FreeField, ProgramLine, SelectionModel, CbsImport,
        IndicatorValue, Goal, FunderBudget)]


def _urls(app, ids: dict, own_org_id: int | None):
    for rule in app.url_map.iter_rules():
        arguments = rule.arguments - {"filename"}
        if not arguments or "code" in arguments or "indicator_key" in arguments:
            continue
        values = {}
        for name in arguments:
            if name in FIXED:
                values[name] = FIXED[name]
            else:
                assert name in ids, f"add an object for <{name}> of {rule.rule} to this test"
                values[name] = ids[name]
        if own_org_id is not None:
            if "org_id" not in arguments:
                continue
            values["org_id"] = own_org_id
        url = rule.build(values, append_unknown=False)[1]
        # With the own organisation in the URL, only the other ids are foreign.
        foreign = {name for name in arguments if name in ids}
        if own_org_id is not None:
            foreign.discard("org_id")
        names_an_object = bool(foreign)
        if own_org_id is not None and not names_an_object:
            continue  # the stranger's own pages, where they may of course act
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield method, url, names_an_object


@pytest.mark.parametrize("own_org_in_url", [False, True],
                         ids=["their organisation", "own organisation, their ids"])
def test_no_route_reaches_another_organisations_objects(app, client, make, auth,
                                                        private_world, own_org_in_url):
    owner, ids = private_world
    stranger_org = make.org("Vreemde Vogels")
    stranger = make.user(stranger_org, "admin")
    auth.login(stranger.email)
    before = _counts()
    seen = 0
    for method, url, names_an_object in _urls(app, ids,
                                              stranger_org.id if own_org_in_url else None):
        response = client.open(url, method=method, data={"name": "x", "role": "viewer"})
        response.close()
        seen += 1
        # A route without an object id (the catalogue export) may answer, but without it.
        if names_an_object:
            assert response.status_code in (403, 404), (method, url, response.status_code)
        assert SECRET not in response.get_data(as_text=True), (method, url)
    assert seen >= (15 if own_org_in_url else 30)
    assert _counts() == before


def test_the_owner_reaches_them(app, client, make, auth, private_world):
    """The walk above proves something only if the same URLs work for the owner."""
    _owner, ids = private_world
    admin = db.session.scalar(select(Membership).where(
        Membership.organisation_id == ids["org_id"], Membership.role == "admin")).user
    auth.login(admin.email)
    for method, url, _names_an_object in _urls(app, ids, None):
        if method != "GET" or re.search(r"/(delete|remove|copy)$|^/admin/|^/wijken/", url):
            continue
        response = client.get(url)
        response.close()
        assert response.status_code == 200, (url, response.status_code)
