"""The public site shows published resident summaries of public interventions to anyone, and
nothing else: not unpublished, community, organisation-only or draft interventions, not the
goals a manager kept back, not costs or other monitoring numbers, also not by guessing URLs."""

from __future__ import annotations

import re

import pytest

from tests.public.conftest import HIDDEN, PUBLIC_GOAL, PUBLISHED, SECRET_GOAL, SUMMARY, _publish
from wwidw.extensions import db
from wwidw.public import services

# Numbers of the fixture that are monitoring data but not public: the kept-back goal's values,
# sessions, volunteer hours, costs and budget, and the funder.
PRIVATE = ["913", "897", "871", "123,5", "123.5", "221,5", "221.5", "3.456", "3456",
           "50.000", "50000", "Fonds Verborgen", "administratie", "Huurders met schulden"]


def _html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def _visible_text(html: str) -> str:
    # Attribute values (alt texts) count too: a screen reader reads them.
    return re.sub(r"\s+", " ", html)


@pytest.mark.parametrize("code", ["BU07970101", "WK079701", "GM0797", "bu07970101"])
def test_the_area_and_the_areas_around_it_show_the_published_summary(public_world, client,
                                                                      code):
    html = _html(client, f"/wijken/{code}")
    assert PUBLISHED in html
    assert "<em>buurtkamer</em>" in html  # the summary, rendered from Markdown
    assert PUBLIC_GOAL in html
    assert "Sanne de Boer" in html and "mailto:sanne@meetbaar.example.nl" in html
    assert "Woonstichting Meetbaar" in html
    assert "Een plek in de buurt waar iedereen binnen kan lopen." in html
    goal = public_world["public_goal"]
    intervention = public_world["published"]
    assert f"/wijken/interventie/{intervention.id}/doel/{goal.id}.png" in html
    # Reach: 30 + 13 new participants.
    assert re.search(r">\s*43\s*<", html)


def test_nothing_else_shows_anywhere(public_world, client):
    pages = ["/wijken/", "/wijken/?q=drunen", "/wijken/GM0797", "/wijken/WK079701",
             "/wijken/BU07970101", "/wijken/BU07970102",
             f"/wijken/interventie/{public_world['published'].id}"]
    for url in pages:
        text = _visible_text(_html(client, url))
        for title in HIDDEN.values():
            assert title not in text, (url, title)
        assert SECRET_GOAL not in text, url
        for number in PRIVATE:
            assert number not in text, (url, number)


def test_the_start_page_lists_municipalities_and_finds_neighbourhoods(public_world, client):
    html = _html(client, "/wijken/")
    assert 'href="/wijken/GM0797"' in html and "Heusden" in html
    found = _html(client, "/wijken/?q=centrum")
    assert 'href="/wijken/BU07970101"' in found and "Drunen-Centrum" in found
    by_code = _html(client, "/wijken/?q=BU07970102")
    assert 'href="/wijken/BU07970102"' in by_code
    assert "Drunen-Noord" in by_code
    nothing = _html(client, "/wijken/?q=Atlantis")
    assert 'href="/wijken/BU' not in nothing


def test_an_area_without_public_work_says_so_and_unknown_areas_are_404(public_world, client):
    html = _html(client, "/wijken/BU07970102")
    assert "Drunen-Noord" in html and PUBLISHED not in html
    assert client.get("/wijken/BU99999999").status_code == 404
    assert client.get("/wijken/NL00").status_code in (404,)


def test_the_intervention_page_shows_the_published_one_only(public_world, client):
    published = public_world["published"]
    html = _html(client, f"/wijken/interventie/{published.id}")
    assert PUBLISHED in html and PUBLIC_GOAL in html and SECRET_GOAL not in html
    for intervention in public_world["hidden"].values():
        assert client.get(f"/wijken/interventie/{intervention.id}").status_code == 404
    assert client.get("/wijken/interventie/999999").status_code == 404


def test_goal_charts_only_for_public_goals_of_published_summaries(public_world, client):
    published = public_world["published"]
    response = client.get(f"/wijken/interventie/{published.id}/doel/"
                          f"{public_world['public_goal'].id}.png")
    assert response.status_code == 200 and response.data.startswith(b"\x89PNG")
    assert "public" in response.headers["Cache-Control"]
    for intervention_id, goal_id in (
            (published.id, public_world["secret_goal"].id),
            # Another organisation's goal, under this intervention's id and under its own.
            (published.id, public_world["other_goal"].id),
            (public_world["hidden"]["other_org_unpublished"].id, public_world["other_goal"].id),
            (published.id, 999999)):
        assert client.get(f"/wijken/interventie/{intervention_id}/doel/{goal_id}.png"
                          ).status_code == 404, (intervention_id, goal_id)


def test_the_chart_has_a_text_alternative_with_its_numbers(public_world, client):
    html = _html(client, f"/wijken/interventie/{public_world['published'].id}")
    alt = re.search(r'<img[^>]+alt="([^"]+)"', html).group(1)
    for number in ("40%", "52%", "60%"):
        assert number in alt


def test_unpublishing_removes_everything(public_world, client):
    published, goal = public_world["published"], public_world["public_goal"]
    _publish(public_world["manager"], published, SUMMARY, [goal.id], publish=False)
    db.session.commit()
    assert PUBLISHED not in _html(client, "/wijken/BU07970101")
    assert "Heusden" not in _html(client, "/wijken/")
    assert client.get(f"/wijken/interventie/{published.id}").status_code == 404
    assert client.get(f"/wijken/interventie/{published.id}/doel/{goal.id}.png"
                      ).status_code == 404


def test_a_goal_taken_out_of_the_summary_disappears(public_world, client):
    published, goal = public_world["published"], public_world["public_goal"]
    _publish(public_world["manager"], published, SUMMARY, [], publish=None)
    db.session.commit()
    html = _html(client, f"/wijken/interventie/{published.id}")
    assert PUBLISHED in html and PUBLIC_GOAL not in html and "<img" not in html
    assert client.get(f"/wijken/interventie/{published.id}/doel/{goal.id}.png"
                      ).status_code == 404


def test_an_emptied_summary_is_not_shown(public_world, client):
    published = public_world["published"]
    _publish(public_world["manager"], published, "", [], publish=None)
    db.session.commit()
    assert client.get(f"/wijken/interventie/{published.id}").status_code == 404


def test_logged_in_members_see_the_same_public_page(public_world, client, auth, make):
    stranger = make.user(make.org("Vreemde Vogels"), "admin")
    auth.login(stranger.email)
    text = _visible_text(_html(client, "/wijken/BU07970101"))
    assert PUBLISHED in text
    for title in HIDDEN.values():
        assert title not in text


def test_one_rule_decides(public_world):
    ids = {i.id for i in services.public_interventions(db.session)}
    assert ids == {public_world["published"].id}


def test_residents_find_their_buurt_by_postcode(app, client):
    from wwidw.extensions import db
    from wwidw.neighbourhoods.services import AreaRecord, upsert_areas

    upsert_areas(db.session, [AreaRecord("GM0599", "Rotterdam"),
                              AreaRecord("WK059901", "Stadscentrum"),
                              AreaRecord("BU05990110", "Cool", postcode="3012")], 2019)
    db.session.commit()
    page = client.get("/wijken/?q=3012%20KA").get_data(as_text=True)
    assert 'href="/wijken/BU05990110"' in page
