"""The API shows each caller exactly what the pages show them (DESIGN §5)."""

from __future__ import annotations

import pytest

from tests.api.conftest import PRIVATE_ANSWER, SHARED_ANSWER
from wwidw.extensions import db
from wwidw.interventions import catalogue
from wwidw.interventions.services import Viewer, visible_clause
from wwidw.interventions.views import facet_table
from wwidw.search import get_engine

CALLERS = ("owner", "peer", "loner", "anonymous")


def _api_ids(client, world, who: str, **params) -> set[int]:
    ids: set[int] = set()
    url = "/api/v1/interventions"
    params = {"per_page": 2, **params}
    while url:
        response = client.get(url, headers=world.header(who), query_string=params or None)
        assert response.status_code == 200, response.get_json()
        body = response.get_json()
        ids |= {item["id"] for item in body["items"]}
        url, params = body["links"]["next"], {}
    return ids


def _user(world, who: str):
    return {"owner": world.owner_admin, "peer": world.peer_admin, "loner": world.loner}[who]


@pytest.mark.parametrize("who", ["owner", "peer", "loner"])
@pytest.mark.parametrize("params", [{}, {"q": "taalcafé"}, {"status": "idea"}],
                         ids=["all", "search", "filter"])
def test_list_equals_the_catalogue(app, client, world, who, params):
    viewer = Viewer.of(_user(world, who))
    query = catalogue.CatalogueQuery(text=params.get("q", ""), filters={
        k: {v} for k, v in params.items() if k != "q"})
    shown = catalogue.search(db.session, get_engine(), viewer, facet_table(), query,
                             page_size=None)
    expected = {i.id for i in shown.items}
    assert expected  # the comparison proves something only with something in it
    assert _api_ids(client, world, who, **params) == expected
    if not params:
        from sqlalchemy import select

        from wwidw.interventions.models import Intervention

        assert expected == set(db.session.scalars(
            select(Intervention.id).where(visible_clause(viewer))))


def test_a_session_sees_the_same_as_a_token(app, client, world, auth):
    auth.login(world.peer_admin.email)
    by_session = _api_ids(client, world, "session")
    assert by_session == _api_ids(client, world, "peer")


def test_anonymous_sees_only_published_public_interventions(app, client, world):
    assert _api_ids(client, world, "anonymous") == {world.ids["public"]}
    body = client.get(f"/api/v1/interventions/{world.ids['public']}").get_json()
    assert body["resident_summary"] == "De moestuin groeit."
    assert "summary" not in body and "free_fields" not in body and "budget_cents" not in body


@pytest.mark.parametrize("name, visible_to", [
    ("private", {"owner"}),
    ("draft", {"owner"}),
    ("community", {"owner", "peer", "loner"}),
    ("public_unpublished", {"owner", "peer", "loner"}),
    ("public", set(CALLERS)),
])
def test_detail_and_monitoring_by_id(app, client, world, name, visible_to):
    intervention_id = world.ids[name]
    for who in CALLERS:
        for suffix in ("", "/monitoring"):
            response = client.get(f"/api/v1/interventions/{intervention_id}{suffix}",
                                  headers=world.header(who))
            expected = 200 if who in visible_to else 404
            assert response.status_code == expected, (who, suffix)
            if expected == 404:
                assert response.get_json()["error"]["status"] == 404
                assert "Geheim" not in response.get_data(as_text=True)


def test_free_fields_only_shared_for_peers(app, client, world):
    url = f"/api/v1/interventions/{world.ids['community']}"
    own = client.get(url, headers=world.header("owner")).get_json()["free_fields"]
    assert {f["value"] for f in own} == {SHARED_ANSWER, PRIVATE_ANSWER}
    for who in ("peer", "loner"):
        text = client.get(url, headers=world.header(who)).get_data(as_text=True)
        assert SHARED_ANSWER in text and PRIVATE_ANSWER not in text


def test_raw_monitoring_only_for_members(app, client, world):
    url = f"/api/v1/interventions/{world.ids['public']}/monitoring"
    member = client.get(url, headers=world.header("owner")).get_json()
    assert member["access"] == "member"
    assert {g["id"] for g in member["goals"]} == {world.ids["public_goal"],
                                                   world.ids["hidden_goal"]}
    goal = next(g for g in member["goals"] if g["id"] == world.ids["public_goal"])
    assert goal["baseline"]["value"] == 10.0 and goal["targets"][0]["value"] == 20.0
    assert goal["measurements"][0]["value"] == 14.0
    assert goal["status"]["code"]
    assert member["costs"]["total_cents"] == 123456
    for who in ("peer", "loner", "anonymous"):
        response = client.get(url, headers=world.header(who))
        body, text = response.get_json(), response.get_data(as_text=True)
        assert body["access"] == ("public" if who == "anonymous" else "peer")
        assert [g["id"] for g in body["goals"]] == [world.ids["public_goal"]]
        assert isinstance(body["goals"][0]["status"], str)
        for secret in ("Intern doel Kraai", "ruwe meting", "123456", "measurements",
                       "baseline", "costs", "reach"):
            assert secret not in text, (who, secret)


def test_local_figures_stay_with_their_organisation(app, client, world):
    def grades(who: str) -> list:
        body = client.get("/api/v1/areas/GM0797", headers=world.header(who)).get_json()
        return [v for i in body["indicators"] if i["key"] == "neighbourhood_grade"
                for v in i["values"]]

    assert [v["value"] for v in grades("owner")] == [6.9]
    assert grades("peer") == [] and grades("anonymous") == [] and grades("loner") == []


def test_anonymous_search_matches_only_what_the_public_site_shows(app, client, world):
    from wwidw.extensions import db
    from wwidw.freefields import services as freefields
    from wwidw.freefields.models import FreeField
    from wwidw.interventions.models import Intervention
    from wwidw.interventions.services import Viewer

    public = db.session.get(Intervention, world.ids["public"])
    shared = db.session.query(FreeField).filter_by(label_nl="Gedeelde vraag").one()
    owner = next(m.user for m in public.organisation.memberships if m.role == "admin")
    freefields.save_answers(db.session, Viewer.of(owner), public, {shared.id: "Zonnebloemen"})
    db.session.commit()
    from wwidw.interventions.indexing import drain
    from wwidw.search import get_engine

    drain(db.session, get_engine())
    # A peer finds the public intervention by its shared answer; an anonymous caller must
    # not, or the hit would reveal a word of an answer the public site does not show.
    assert world.ids["public"] in _api_ids(client, world, "peer", q="zonnebloemen")
    assert _api_ids(client, world, "anonymous", q="zonnebloemen") == set()
    assert _api_ids(client, world, "anonymous", q="moestuin") == {world.ids["public"]}
