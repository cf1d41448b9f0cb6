"""Search: Dutch word forms, the outbox, rebuild, malformed queries, did-you-mean, facets."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from wwidw.extensions import db
from wwidw.interventions import services
from wwidw.interventions.indexing import drain, rebuild
from wwidw.search import get_engine


@pytest.fixture
def member(make):
    org = make.org("Woonstichting Zoek")
    return org, make.user(org, "worker")


def _titles(client, query: str) -> str:
    return client.get("/catalogue", query_string={"q": query}).get_data(as_text=True)


def test_a_word_form_finds_its_other_forms(client, auth, make, member):
    org, user = member
    make.intervention(org, title="Taalcafés in Drunen",
                      approach="Wekelijks een taalcafé met vrijwilligers.")
    make.intervention(org, title="Samen tuinieren",
                      summary="Bewoners onderhouden samen een buurttuin.")
    make.intervention(org, title="Huiskamer", problem="Veel ouderen zijn eenzaam.")
    auth.login(user.email)
    assert "Taalcafés in Drunen" in _titles(client, "taalcafé")
    assert "Samen tuinieren" in _titles(client, "buurttuinen")
    assert "Huiskamer" in _titles(client, "eenzame")


def test_rollback_leaves_the_index_untouched(app, make, member):
    org, user = member
    viewer = services.Viewer.of(user)
    services.create_intervention(db.session, viewer, org, {"title": "Nooit bewaard plan"})
    db.session.rollback()
    drain(db.session, get_engine())
    assert get_engine().search("bewaard").ids == []


def test_edit_is_found_after_commit_and_delete_disappears(app, client, auth, make, member):
    org, user = member
    intervention = make.intervention(org, title="Opzoomeren")
    auth.login(user.email)
    response = client.post(
        f"/interventions/{intervention.id}/edit/problem",
        data={"version": intervention.version, "problem": "Zwerfafval en vuilniszakken",
              "problem_figures": "", "action": "later"},
    )
    assert response.status_code == 302
    assert "Opzoomeren" in _titles(client, "vuilniszak")
    manager = make.user(org, "manager")
    auth.logout()
    auth.login(manager.email)
    assert client.post(f"/interventions/{intervention.id}/delete").status_code == 302
    assert get_engine().search("vuilniszak").ids == []
    assert "0 interventies gevonden" in _titles(client, "opzoomeren")


def test_rebuild_after_the_index_folder_is_deleted_restores_every_result(app, client, auth,
                                                                          make, member):
    org, user = member
    for title in ("Buurtpreventie-app", "Repair café", "Voorleesexpress"):
        make.intervention(org, title=title)
    engine = get_engine()
    engine.close()
    shutil.rmtree(Path(app.config["SEARCH_INDEX_DIR"]))
    auth.login(user.email)
    # Pages keep working without an index; the words are not found until the rebuild.
    assert client.get("/catalogue?q=voorleesexpress").status_code == 200
    assert rebuild(db.session, engine) == 3
    for word in ("buurtpreventie", "repair", "voorleesexpress"):
        assert engine.search(word).ids, word


@pytest.mark.parametrize("query", [
    '"ongebalanceerde aanhalingstekens', "AND", "OR OR", "NOT", "(((", "title:x", "*", "tuin*",
    "x" * 10_000, "eenzaam " * 500, "%", "\\", "'; DROP TABLE intervention; --",
    "NOT AND AND", "buurt NOT OR AND", "[taal TO tuin]", "eenzaam NOT",
])
def test_malformed_queries_never_fail(client, auth, make, member, query):
    org, user = member
    make.intervention(org, title="Eenzaamheid aanpakken")
    auth.login(user.email)
    response = client.get("/catalogue", query_string={"q": query})
    assert response.status_code == 200


def test_lone_operators_search_the_remaining_words(client, auth, make, member):
    org, user = member
    make.intervention(org, title="Eenzaamheid aanpakken")
    auth.login(user.email)
    for query in ("eenzaamheid NOT", "AND eenzaamheid OR", "eenzaamheid NOT OR AND"):
        assert "1 interventie gevonden" in _titles(client, query), query
    assert "0 interventies gevonden" in _titles(client, "AND")


def test_did_you_mean_never_suggests_words_of_private_interventions(client, auth, make,
                                                                     member):
    org, _user = member
    make.intervention(org, title="Voordeuraanpak", visibility="organisation")
    peer = make.org("Welzijn Elders")
    outsider = make.user(peer, "worker")
    auth.login(outsider.email)
    page = _titles(client, "voordeuraanpk")
    assert "Bedoelde je" not in page and "voordeuraanpak" not in page.lower()


def test_did_you_mean_for_a_misspelt_word(client, auth, make, member):
    org, user = member
    make.intervention(org, title="Buurtbemiddeling bij burenruzies")
    auth.login(user.email)
    page = _titles(client, "buurtbemidelng")
    assert "Bedoelde je" in page
    assert "buurtbemiddeling" in page


def test_facet_filters_and_counts(client, auth, make, member):
    org, user = member
    make.intervention(org, title="Beweegtuin", themes=["health"], status="running",
                      start_date=__import__("datetime").date(2024, 3, 1))
    make.intervention(org, title="Valpreventie", themes=["health", "ageing"], status="finished",
                      start_date=__import__("datetime").date(2022, 1, 1))
    make.intervention(org, title="Schuldhulp", themes=["poverty_debt"], status="running")
    auth.login(user.email)
    page = client.get("/catalogue?theme=health").get_data(as_text=True)
    assert "2 interventies gevonden" in page
    assert "Schuldhulp" not in page
    both = client.get("/catalogue?theme=health&status=running").get_data(as_text=True)
    assert "1 interventie gevonden" in both and "Beweegtuin" in both
    by_year = client.get("/catalogue?year=2022").get_data(as_text=True)
    assert "Valpreventie" in by_year and "Beweegtuin" not in by_year


def test_area_filter_includes_the_areas_inside_it(client, auth, app, make, member):
    from wwidw.neighbourhoods.services import read_statline_areas, upsert_areas

    path = Path(app.root_path) / "data" / "cbs" / "kwb_2024_heusden.csv"
    upsert_areas(db.session, read_statline_areas(path), 2024)
    db.session.commit()
    org, user = member
    make.intervention(org, title="Speeltuin Vliedberg", areas=["BU07970503"])
    make.intervention(org, title="Moestuin Elshout", areas=["BU07970200"])
    from wwidw.neighbourhoods.models import Area

    wijk = db.session.scalar(db.select(Area).where(Area.code == "WK079705"))
    gemeente = db.session.scalar(db.select(Area).where(Area.code == "GM0797"))
    auth.login(user.email)
    in_wijk = client.get(f"/catalogue?area={wijk.id}").get_data(as_text=True)
    assert "Speeltuin Vliedberg" in in_wijk and "Moestuin Elshout" not in in_wijk
    assert "2 interventies gevonden" in client.get(f"/catalogue?area={gemeente.id}").get_data(
        as_text=True)


def test_sort_by_title_and_pagination(client, auth, make, member):
    org, user = member
    for number in range(25):
        make.intervention(org, title=f"Project {number:02d}")
    auth.login(user.email)
    first = client.get("/catalogue?sort=title").get_data(as_text=True)
    assert "Project 00" in first and "Project 20" not in first
    second = client.get("/catalogue?sort=title&page=2").get_data(as_text=True)
    assert "Project 20" in second and "Project 00" not in second


def test_search_sync_and_rebuild_commands(app, make, member):
    org, user = member
    intervention = make.intervention(org, title="Klushuizen")
    engine = get_engine()
    engine.clear()
    assert engine.search("klushuizen").ids == []
    runner = app.test_cli_runner()
    result = runner.invoke(args=["search", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "1 interventions" in result.output
    assert engine.search("klushuis").ids == [intervention.id]
    # A change queued but not applied (another process held the index) is applied by sync.
    from wwidw.interventions.services import mark_changed

    intervention.title = "Klushuizen en zelfbouw"
    mark_changed(db.session, intervention.id)
    db.session.commit()
    result = runner.invoke(args=["search", "sync"])
    assert "1 changes applied" in result.output
    assert engine.search("zelfbouw").ids == [intervention.id]
