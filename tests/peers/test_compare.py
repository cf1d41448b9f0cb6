"""The compare page shows each owner's shared things only, drops ids the viewer may not see
without naming them, and helps to pick interventions when fewer than two are chosen."""

from __future__ import annotations

from datetime import date

from wwidw.extensions import db
from wwidw.interventions.services import Viewer
from wwidw.peers import compare


def _page(client, *ids, **args) -> str:
    response = client.get("/compare", query_string={"ids": [str(i) for i in ids], **args})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_peer_shows_only_public_goals_and_own_shows_everything(client, auth, world):
    auth.login(world.member.email)
    html = _page(client, world.own.id, world.shared.id)
    # Own intervention: every goal, reach, spent and cost per participant (4000 / 40 = 100).
    assert "Eigen publiek doel" in html and "Eigen intern doel" in html
    assert "€ 4.000,00" in html and "€ 100,00" in html
    # The peer shares a public goal, so its goal status, reach and costs show (3456,78 / 20).
    assert "Gedeeld bezoekersdoel" in html and "€ 3.456,78" in html and "€ 172,84" in html
    assert "Wekelijkse koffieochtend" in html
    assert "Verborgen personeelsdoel" not in html


def test_a_peer_without_public_goals_shares_no_costs_or_reach(client, auth, world):
    auth.login(world.member.email)
    html = _page(client, world.own.id, world.silent.id)
    assert "Stille eettafel" in html
    assert "Stil intern doel" not in html
    assert "9.876,54" not in html and "987,65" not in html
    assert "not shared" in html or "niet gedeeld" in html


def test_a_private_id_is_dropped_and_never_named(client, auth, world):
    auth.login(world.member.email)
    html = _page(client, world.own.id, world.private.id, world.shared.id)
    assert "Geheime pilot Reiger" not in html and "Geheim doel" not in html
    # The page's own links and hidden fields carry only the visible ids (the navigation's
    # language switch repeats the address typed, which tells the typist nothing new).
    main = html[html.index("<main"):html.index("</main>")]
    assert f"ids={world.private.id}&" not in main and f"ids={world.private.id}\"" not in main
    assert f'value="{world.private.id}"' not in main
    assert "Gedeelde huiskamer" in html
    # With only the private one beside an own one, fewer than two remain: the picking page.
    html = _page(client, world.own.id, world.private.id)
    assert "Geheime pilot Reiger" not in html
    assert 'name="q"' in html and "compare-table" not in html


def test_a_stranger_sees_a_shared_intervention_but_not_the_owners_other_things(client, auth,
                                                                              world):
    auth.login(world.stranger.email)
    html = _page(client, world.own.id, world.shared.id, world.silent.id)
    assert "Eigen buurtkamer" not in html  # private to its organisation
    assert "Gedeeld bezoekersdoel" in html and "Verborgen personeelsdoel" not in html
    assert "Stil intern doel" not in html and "9.876,54" not in html


def test_fewer_than_two_explains_and_the_search_lists_visible_titles(client, auth, world):
    auth.login(world.stranger.email)
    html = _page(client, q="e")
    assert "compare-table" not in html
    assert "Gedeelde huiskamer" in html and "Stille eettafel" in html
    assert "Geheime pilot Reiger" not in html and "Eigen buurtkamer" not in html
    html = _page(client, world.shared.id, q="eettafel")
    assert f"ids={world.shared.id}&amp;ids={world.silent.id}" in html


def test_ids_are_parsed_leniently_and_capped_at_four():
    assert compare.parse_ids(["3", "x", "3", "-1", " 5 ", "1", "2", "9", "10"]) == [3, 5, 1, 2]


def test_search_escapes_wildcards(world):
    viewer = Viewer.of(world.member)
    assert compare.search(db.session, viewer, "%") == []
    titles = [i.title for i in compare.search(db.session, viewer, "HUIS")]
    assert titles == ["Gedeelde huiskamer"]
    assert compare.build(db.session, viewer, [world.private.id], date.today()).columns == []


def test_compare_needs_a_login(client, world):
    response = client.get("/compare", query_string={"ids": [world.shared.id, world.silent.id]})
    assert response.status_code in (302, 401)
