"""Who sees what (DESIGN §5): pages, search hits and facet counts."""

from __future__ import annotations

import pytest

from wwidw.extensions import db


@pytest.fixture
def two_orgs(make):
    own = make.org("Woonstichting Eigen", kind="housing")
    peer = make.org("Welzijn Ander", kind="welfare")
    return own, peer


def test_private_intervention_of_another_organisation_is_404(client, auth, make, two_orgs):
    own, peer = two_orgs
    secret = make.intervention(peer, visibility="organisation", title="Geheim buurtplan")
    draft = make.intervention(peer, visibility="community", draft=True, title="Half concept")
    shared = make.intervention(peer, visibility="community", title="Gedeeld buurtplan")
    member = make.user(own, "viewer")
    auth.login(member.email)
    assert client.get(f"/interventions/{secret.id}").status_code == 404
    assert client.get(f"/interventions/{draft.id}").status_code == 404
    assert client.get(f"/interventions/{secret.id}/history").status_code == 404
    page = client.get(f"/interventions/{shared.id}")
    assert page.status_code == 200
    assert "Gedeeld buurtplan" in page.get_data(as_text=True)
    # Even a shared intervention's history (drafts, internal texts) is for its owners only.
    assert client.get(f"/interventions/{shared.id}/history").status_code == 404


def test_own_private_and_draft_interventions_are_visible_to_colleagues(client, auth, make,
                                                                        two_orgs):
    own, _peer = two_orgs
    private = make.intervention(own, visibility="organisation", title="Intern plan")
    draft = make.intervention(own, draft=True, title="Eigen concept")
    viewer = make.user(own, "viewer")
    auth.login(viewer.email)
    assert client.get(f"/interventions/{private.id}").status_code == 200
    assert client.get(f"/interventions/{draft.id}").status_code == 200
    # A viewer reads but cannot edit.
    assert client.get(f"/interventions/{private.id}/edit/basics").status_code == 403


def test_anonymous_visitors_see_no_catalogue_or_intervention(client, make, two_orgs):
    own, _peer = two_orgs
    public = make.intervention(own, visibility="public", title="Openbaar plan")
    assert client.get("/catalogue").status_code == 302
    assert client.get(f"/interventions/{public.id}").status_code == 302


def test_search_hits_and_facet_counts_never_show_private_interventions(client, auth, make,
                                                                      two_orgs):
    own, peer = two_orgs
    make.intervention(peer, visibility="organisation", title="Taalcafé geheim",
                      themes=["language_integration"])
    make.intervention(peer, draft=True, title="Taalcafé concept", themes=["language_integration"])
    make.intervention(peer, visibility="community", title="Taalcafé gedeeld",
                      themes=["language_integration"])
    member = make.user(own, "worker")
    auth.login(member.email)
    page = client.get("/catalogue?q=taalcafé").get_data(as_text=True)
    assert "Taalcafé gedeeld" in page
    assert "geheim" not in page and "concept" not in page
    assert "1 interventie gevonden" in page
    # The theme facet counts one, not three.
    browse = client.get("/catalogue").get_data(as_text=True)
    assert "Taal en meedoen</span><span class=\"text-body-secondary\">1</span>" in browse
    # A filter on the other organisation shows only what is shared.
    filtered = client.get(f"/catalogue?organisation={peer.id}").get_data(as_text=True)
    assert "1 interventie gevonden" in filtered


def test_a_stale_index_never_shows_what_became_private(app, client, auth, make, two_orgs):
    own, peer = two_orgs
    shared = make.intervention(peer, visibility="community", title="Buurttuin Oost")
    # Made private behind the index's back: the queue is emptied, the index keeps the old state.
    from sqlalchemy import delete

    from wwidw.interventions.models import SearchQueue

    shared.visibility = "organisation"
    db.session.execute(delete(SearchQueue))
    from wwidw.interventions.services import bump_catalogue_version

    bump_catalogue_version(db.session)
    db.session.commit()
    member = make.user(own, "worker")
    auth.login(member.email)
    page = client.get("/catalogue?q=buurttuin").get_data(as_text=True)
    assert "Buurttuin Oost" not in page
    assert "0 interventies gevonden" in page
