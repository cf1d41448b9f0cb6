"""Describing: the wizard with drafts, completeness, conflicts, history, copying, Markdown."""

from __future__ import annotations

import pytest

from wwidw.extensions import db
from wwidw.interventions.models import Intervention

LONG = ("Bewoners van de buurt ontmoeten elkaar te weinig en veel ouderen zitten alleen thuis, "
        "zo blijkt uit de bewonersenquête van vorig jaar en uit gesprekken met de wijkagent.")


@pytest.fixture
def worker(make):
    org = make.org("Woonstichting Wizard")
    return org, make.user(org, "worker")


def _step(client, intervention_id, step, **data):
    return client.post(f"/interventions/{intervention_id}/edit/{step}", data=data)


def test_a_draft_is_saved_per_step_and_resumed(client, auth, worker):
    org, user = worker
    auth.login(user.email)
    response = client.post("/interventions/new", data={
        "title": "Huiskamer De Linde", "kind": "practice", "summary": "Een huiskamer.",
        "status": "idea", "themes": ["loneliness"], "action": "next",
    })
    assert response.status_code == 302
    intervention = db.session.scalar(db.select(Intervention))
    assert intervention.is_draft and intervention.visibility == "organisation"
    assert response.headers["Location"].endswith(f"/interventions/{intervention.id}/edit/problem")
    # Leave after the problem step ...
    response = _step(client, intervention.id, "problem", version=1, problem=LONG,
                     problem_figures="", action="later")
    assert response.headers["Location"].endswith(f"/interventions/{intervention.id}")
    # ... and come back: the text is there and the panel knows the problem is described.
    page = client.get(f"/interventions/{intervention.id}/edit/problem").get_data(as_text=True)
    assert "zo blijkt uit de bewonersenquête" in page
    assert "1 van 6 onderdelen" in page


def test_completeness_panel_links_to_the_step_that_fixes_it(client, auth, make, worker):
    org, user = worker
    intervention = make.intervention(org, draft=True, title="Kaal concept")
    auth.login(user.email)
    page = client.get(f"/interventions/{intervention.id}").get_data(as_text=True)
    assert "0 van 6 onderdelen" in page
    assert f'/interventions/{intervention.id}/edit/reasoning">Randvoorwaarden' in page


def test_invalid_input_is_named_next_to_the_field_and_nothing_is_saved(client, auth, make,
                                                                         worker):
    org, user = worker
    intervention = make.intervention(org, title="Datumtest")
    auth.login(user.email)
    response = _step(client, intervention.id, "basics", version=intervention.version,
                     title="", kind="practice", status="running", start_date="2025-05-01",
                     end_date="2024-01-01", contact_email="geen-adres", areas="Atlantis")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Geef de interventie een naam." in page
    assert "Vul een geldig e-mailadres in." in page
    db.session.expire_all()
    assert db.session.get(Intervention, intervention.id).title == "Datumtest"
    response = _step(client, intervention.id, "basics", version=intervention.version,
                     title="Datumtest", kind="practice", status="running",
                     start_date="2025-05-01", end_date="2024-01-01", areas="")
    assert "De einddatum ligt vóór de startdatum." in response.get_data(as_text=True)
    response = _step(client, intervention.id, "costs", version=intervention.version,
                     budget="-5", costs_description="", funding="")
    assert "Een budget kan niet negatief zijn." in response.get_data(as_text=True)


def test_the_second_save_is_told_and_shown_the_first(app, client, auth, make, worker):
    org, user = worker
    colleague = make.user(org, "worker", name="Collega Karin")
    intervention = make.intervention(org, title="Samen koken")
    version = intervention.version
    other = app.test_client()
    other.post("/login", data={"email": colleague.email, "password": "correct horse battery"})
    assert _step(other, intervention.id, "goals", version=version,
                 goals="Doel van Karin: twintig deelnemers.").status_code == 302
    auth.login(user.email)
    response = _step(client, intervention.id, "goals", version=version,
                     goals="Mijn eigen doel dat Karins tekst zou overschrijven.")
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Iemand anders heeft deze interventie opgeslagen" in page
    assert "Doel van Karin: twintig deelnemers." in page
    assert "Collega Karin" in page
    assert "Mijn eigen doel" in page  # still in the form
    db.session.expire_all()
    saved = db.session.get(Intervention, intervention.id)
    assert saved.goals == "Doel van Karin: twintig deelnemers."


def test_history_shows_who_changed_what_with_a_diff(client, auth, make, worker):
    org, user = worker
    intervention = make.intervention(org, title="Buurtbus", approach="Een bus rijdt op dinsdag.")
    auth.login(user.email)
    _step(client, intervention.id, "approach", version=intervention.version,
          approach="Een bus rijdt op dinsdag en donderdag.", activities="", partners="")
    history = client.get(f"/interventions/{intervention.id}/history").get_data(as_text=True)
    assert "Aanpak" in history
    version = intervention.version + 1
    diff = client.get(f"/interventions/{intervention.id}/history/{version}").get_data(as_text=True)
    assert "Een bus rijdt op dinsdag<ins> en donderdag</ins>." in diff


def test_publishing_publicly_needs_a_manager(client, auth, make, worker):
    org, user = worker
    intervention = make.intervention(org, draft=True, title="Straatfeest")
    auth.login(user.email)
    response = client.post(f"/interventions/{intervention.id}/finish", data={
        "version": intervention.version, "visibility": "public", "recognition_level": "none"})
    assert "Alleen een manager of beheerder" in response.get_data(as_text=True)
    response = client.post(f"/interventions/{intervention.id}/finish", data={
        "version": intervention.version, "visibility": "community", "recognition_level": "none"})
    assert response.status_code == 302
    db.session.expire_all()
    published = db.session.get(Intervention, intervention.id)
    assert not published.is_draft and published.visibility == "community"


def test_use_a_peer_intervention_as_a_starting_point(client, auth, make, worker):
    org, user = worker
    peer = make.org("Welzijn Elders")
    original = make.intervention(peer, title="Maatjesproject", goals="Twintig koppels per jaar.",
                                 themes=["loneliness"], visibility="community")
    private = make.intervention(peer, title="Privé", visibility="organisation")
    auth.login(user.email)
    response = client.post(f"/interventions/{original.id}/copy")
    assert response.status_code == 302
    copy = db.session.scalar(db.select(Intervention).where(Intervention.organisation_id == org.id))
    assert copy.title == "Maatjesproject" and copy.goals == "Twintig koppels per jaar."
    assert copy.is_draft and copy.copied_from_id == original.id and copy.themes == ["loneliness"]
    assert client.post(f"/interventions/{private.id}/copy").status_code == 404


def test_markdown_is_rendered_without_scripts(client, auth, make, worker):
    org, user = worker
    intervention = make.intervention(
        org, title="XSS",
        approach='**Vet** <script>alert(1)</script> [klik](javascript:alert(2)) '
                 '<img src=x onerror="alert(3)">',
    )
    auth.login(user.email)
    page = client.get(f"/interventions/{intervention.id}").get_data(as_text=True)
    assert "<strong>Vet</strong>" in page
    assert "<script>alert(1)" not in page
    assert "javascript:" not in page
    assert "onerror" not in page


def test_areas_by_name_or_code_and_ambiguous_names(client, auth, app, make, worker):
    from pathlib import Path

    from wwidw.neighbourhoods.services import read_statline_areas, upsert_areas

    upsert_areas(db.session, read_statline_areas(
        Path(app.root_path) / "data" / "cbs" / "kwb_2024_heusden.csv"), 2024)
    db.session.commit()
    org, user = worker
    intervention = make.intervention(org, title="Gebieden")
    auth.login(user.email)
    base = {"version": intervention.version, "title": "Gebieden", "kind": "practice",
            "status": "running"}
    response = _step(client, intervention.id, "basics", **base, areas="Heusden")
    assert "Meerdere gebieden heten Heusden" in response.get_data(as_text=True)
    response = _step(client, intervention.id, "basics", **base,
                     areas="Vliedberg, BU07970101, Heusden (WK079710)")
    assert response.status_code == 302
    db.session.expire_all()
    codes = [a.code for a in db.session.get(Intervention, intervention.id).areas]
    assert codes == ["BU07970101", "BU07970503", "WK079710"]


def test_history_diff_shows_words_not_codes(client, auth, make, worker):
    org, user = worker
    intervention = make.intervention(org, title="Codes", themes=["loneliness"])
    auth.login(user.email)
    client.post(f"/interventions/{intervention.id}/edit/basics", data={
        "version": intervention.version, "title": "Codes", "kind": "practice",
        "status": "running", "themes": ["loneliness", "health"]})
    page = client.get(f"/interventions/{intervention.id}/history/{intervention.version + 1}"
                      ).get_data(as_text=True)
    assert "Gezondheid en bewegen" in page and "health" not in page
