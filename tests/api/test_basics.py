"""Pagination, JSON errors and the OpenAPI document."""

from __future__ import annotations

import pytest
from openapi_spec_validator import validate

from wwidw.api.openapi import document


def test_pagination(app, client, make):
    org = make.org()
    author = make.user(org, "manager")
    for number in range(5):
        make.intervention(org, author, title=f"Project {number}")
    viewer = make.user(org, "viewer")
    from tests.conftest import Auth

    Auth(client).login(viewer.email)
    first = client.get("/api/v1/interventions?per_page=2&sort=title").get_json()
    assert (first["total"], first["page"], first["pages"], len(first["items"])) == (5, 1, 3, 2)
    assert first["links"]["prev"] is None
    last = client.get(first["links"]["last"]).get_json()
    assert last["page"] == 3 and len(last["items"]) == 1 and last["links"]["next"] is None
    second = client.get(first["links"]["next"]).get_json()
    titles = [i["title"] for i in first["items"] + second["items"] + last["items"]]
    assert titles == sorted(titles) and len(set(titles)) == 5
    past = client.get("/api/v1/interventions?page=9").get_json()
    assert past["items"] == [] and past["total"] == 5


@pytest.mark.parametrize("url, status", [
    ("/api/v1/interventions?per_page=101", 400),
    ("/api/v1/interventions?per_page=0", 400),
    ("/api/v1/interventions?page=abc", 400),
    ("/api/v1/interventions?sort=sideways", 400),
    ("/api/v1/areas?level=planet", 400),
    ("/api/v1/interventions/999999", 404),
    ("/api/v1/areas/XX0000", 404),
    ("/api/v1/nothing-here", 404),
    ("/api/v2/interventions", 404),
])
def test_errors_are_json(app, client, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert response.is_json
    assert response.get_json()["error"]["status"] == status
    assert response.get_json()["error"]["message"]


def test_method_not_allowed_is_json(app, client):
    response = client.post("/api/v1/interventions")
    assert response.status_code == 405 and response.get_json()["error"]["status"] == 405
    assert "GET" in response.headers["Allow"]
    assert client.delete("/api/v1/areas/GM0797").status_code == 405


def test_pages_outside_the_api_keep_html_errors(app, client):
    response = client.get("/no-such-page")
    assert response.status_code == 404 and response.mimetype == "text/html"


def test_server_errors_are_json(app, client, monkeypatch):
    from wwidw.api import resources

    def broken(locale):
        raise RuntimeError("boom")

    monkeypatch.setattr(resources, "indicator_list", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        response = client.get("/api/v1/indicators")
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None
    assert response.status_code == 500
    assert response.get_json()["error"]["status"] == 500


def test_openapi_document_validates(app, client):
    served = client.get("/api/v1/openapi.json").get_json()
    validate(served)
    assert served == document()
    assert set(served["paths"]) == {
        "/interventions", "/interventions/{intervention_id}",
        "/interventions/{intervention_id}/monitoring", "/areas", "/areas/{code}",
        "/indicators", "/openapi.json"}


def test_areas_search_and_indicators(app, client):
    from wwidw.extensions import db
    from wwidw.neighbourhoods.services import AreaRecord, upsert_areas

    upsert_areas(db.session, [AreaRecord("GM0797", "Heusden"), AreaRecord("WK079701", "Drunen"),
                              AreaRecord("BU07970101", "Centrum")], 2024)
    db.session.commit()
    body = client.get("/api/v1/areas?q=dru").get_json()
    assert [a["code"] for a in body["items"]] == ["WK079701"]
    body = client.get("/api/v1/areas?level=municipality").get_json()
    assert [a["code"] for a in body["items"]] == ["GM0797"]
    assert client.get("/api/v1/areas?q=%25").get_json()["total"] == 0  # % is literal
    area = client.get("/api/v1/areas/wk079701").get_json()
    assert area["parent_code"] == "GM0797" and area["children"][0]["code"] == "BU07970101"
    indicators = client.get("/api/v1/indicators").get_json()
    assert indicators["total"] == len(indicators["items"]) > 10
