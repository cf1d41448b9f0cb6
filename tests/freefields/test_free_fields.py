"""Free fields: each kind validates, conditions hold, nothing is lost, and who sees what."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest

from wwidw.extensions import db
from wwidw.freefields import services
from wwidw.freefields.models import FreeField, FreeFieldValue


@pytest.fixture
def org_setup(make):
    own = make.org("Woonstichting Velden")
    peer = make.org("Welzijn Buren")
    admin = make.user(own, "admin")
    worker = make.user(own, "worker")
    outsider = make.user(peer, "worker")
    intervention = make.intervention(own, title="Buurtkamer Zuid", visibility="community")
    return own, peer, admin, worker, outsider, intervention


def _define(org, **data):
    data.setdefault("visibility", "organisation")
    field = services.define_field(db.session, org.id, data)
    db.session.commit()
    return field


def _answer(client, intervention, **answers):
    db.session.refresh(intervention)
    return client.post(f"/interventions/{intervention.id}/edit/own_questions",
                       data={"version": intervention.version, "action": "later", **answers})


def _stored(intervention, field):
    db.session.expire_all()
    row = db.session.get(FreeFieldValue, (intervention.id, field.id))
    return None if row is None else row.value


GOOD_AND_BAD = [
    ("text", {}, "Pijler 2", "Pijler 2", "x" * 501, "Hoogstens 500 tekens."),
    ("longtext", {}, "**Veel** tekst", "**Veel** tekst", "x" * 20001, "Hoogstens 20.000 tekens."),
    ("number", {"min": 0, "max": 100, "decimals": 1, "unit": "deelnemers"}, "12,5", 12.5,
     "veel", "Vul een getal in"),
    ("number", {"min": 0, "max": 100}, "40", 40, "101", "Hoogstens 100."),
    ("number", {"decimals": 0}, "7", 7, "7,25", "Hoogstens 0 decimalen."),
    ("number", {"max": 5000}, "1.000", 1000, "12.345,6", "Hoogstens 5000."),
    ("date", {}, "2025-03-01", "2025-03-01", "31-31-2025", "Ongeldige datum."),
    ("url", {}, "https://example.nl/plan", "https://example.nl/plan", "javascript:alert(1)",
     "Vul een webadres in dat begint met https://"),
]


@pytest.mark.parametrize("kind, config, good, stored, bad, message", GOOD_AND_BAD)
def test_each_kind_accepts_good_and_refuses_bad_answers(client, auth, org_setup, kind, config,
                                                         good, stored, bad, message):
    own, _peer, _admin, worker, _outsider, intervention = org_setup
    field = _define(own, label_nl="Vraag", field_type=kind, **config)
    auth.login(worker.email)
    response = _answer(client, intervention, **{f"ff_{field.id}": bad})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _stored(intervention, field) is None
    assert _answer(client, intervention, **{f"ff_{field.id}": good}).status_code == 302
    assert _stored(intervention, field) == stored


def test_choice_yesno_and_multichoice_accept_only_their_choices(client, auth, org_setup):
    own, _peer, _admin, worker, _outsider, intervention = org_setup
    pillar = _define(own, label_nl="Strategische pijler", field_type="choice",
                     new_choices="Thuis in de wijk\nBetaalbaar wonen | Affordable housing")
    many = _define(own, label_nl="Partners", field_type="multichoice",
                   new_choices="Gemeente\nPolitie\nGGD")
    fits = _define(own, label_nl="Past het?", field_type="yesno")
    auth.login(worker.email)
    bad = _answer(client, intervention, **{f"ff_{pillar.id}": "onbestaand",
                                           f"ff_{fits.id}": "misschien"})
    assert bad.status_code == 400
    assert "Ongeldige keuze." in bad.get_data(as_text=True)
    ok = _answer(client, intervention, **{f"ff_{pillar.id}": "betaalbaar_wonen",
                                          f"ff_{many.id}": ["gemeente", "ggd"],
                                          f"ff_{fits.id}": "yes"})
    assert ok.status_code == 302
    assert _stored(intervention, pillar) == "betaalbaar_wonen"
    assert _stored(intervention, many) == ["gemeente", "ggd"]
    assert _stored(intervention, fits) is True


def test_a_required_question_must_be_answered(client, auth, org_setup):
    own, _peer, _admin, worker, _outsider, intervention = org_setup
    field = _define(own, label_nl="Wijklabel", field_type="text", is_required=True)
    auth.login(worker.email)
    response = _answer(client, intervention, **{f"ff_{field.id}": ""})
    assert "Deze vraag heeft een antwoord nodig." in response.get_data(as_text=True)


def test_show_only_if_is_enforced_on_the_server(client, auth, org_setup):
    own, _peer, _admin, worker, _outsider, intervention = org_setup
    fits = _define(own, label_nl="Past deze interventie onder een pijler?", field_type="yesno")
    reason = _define(own, label_nl="Waarom niet?", field_type="text", is_required=True,
                     show_if_field_id=fits.id, show_if_values=["no"])
    auth.login(worker.email)
    # "Yes": the reason is not asked, so not required, and an answer sent anyway is dropped.
    assert _answer(client, intervention, **{f"ff_{fits.id}": "yes",
                                            f"ff_{reason.id}": "toch"}).status_code == 302
    assert _stored(intervention, reason) is None
    # "No": now the reason is required.
    response = _answer(client, intervention, **{f"ff_{fits.id}": "no", f"ff_{reason.id}": ""})
    assert "Deze vraag heeft een antwoord nodig." in response.get_data(as_text=True)
    assert _answer(client, intervention, **{f"ff_{fits.id}": "no",
                                            f"ff_{reason.id}": "Past bij geen pijler"}
                   ).status_code == 302
    assert _stored(intervention, reason) == "Past bij geen pijler"
    page = client.get(f"/interventions/{intervention.id}/edit/own_questions")
    assert "data-conditions" in page.get_data(as_text=True)


def test_relabel_retire_and_restore_keep_every_answer(client, auth, org_setup):
    own, _peer, admin, worker, _outsider, intervention = org_setup
    pillar = _define(own, label_nl="Pijler", field_type="choice",
                     new_choices="Thuis in de wijk\nBetaalbaar wonen")
    auth.login(worker.email)
    _answer(client, intervention, **{f"ff_{pillar.id}": "thuis_in_de_wijk"})
    auth.logout()
    auth.login(admin.email)
    response = client.post(f"/organisations/{own.id}/free-fields/{pillar.id}", data={
        "label_nl": "Strategische pijler", "field_type": "choice", "visibility": "organisation",
        "choice-0-value": "thuis_in_de_wijk", "choice-0-nl": "Prettig thuis in de wijk",
        "choice-0-retired": "y",
        "choice-1-value": "betaalbaar_wonen", "choice-1-nl": "Betaalbaar wonen",
    })
    assert response.status_code == 302
    assert _stored(intervention, pillar) == "thuis_in_de_wijk"
    page = client.get(f"/interventions/{intervention.id}").get_data(as_text=True)
    assert "Strategische pijler" in page
    assert "Prettig thuis in de wijk (uitgefaseerd)" in page
    # A retired choice is not offered for new answers, but stays for the one that has it.
    other = _define(own, label_nl="x", field_type="text")  # noqa: F841 - a second field
    form = client.get(f"/interventions/{intervention.id}/edit/own_questions").get_data(
        as_text=True)
    assert "Prettig thuis in de wijk (uitgefaseerd)" in form
    client.post(f"/organisations/{own.id}/free-fields/{pillar.id}/retire")
    form = client.get(f"/interventions/{intervention.id}/edit/own_questions").get_data(
        as_text=True)
    assert "Strategische pijler" not in form
    page = client.get(f"/interventions/{intervention.id}").get_data(as_text=True)
    assert "Strategische pijler" in page and "uitgefaseerd" in page
    client.post(f"/organisations/{own.id}/free-fields/{pillar.id}/restore")
    assert _stored(intervention, pillar) == "thuis_in_de_wijk"
    assert db.session.get(FreeField, pillar.id).is_active


def test_a_type_change_is_refused_while_answers_exist(client, auth, org_setup):
    own, _peer, admin, worker, _outsider, intervention = org_setup
    field = _define(own, label_nl="Aantal", field_type="number")
    empty = _define(own, label_nl="Nog leeg", field_type="text")
    auth.login(worker.email)
    _answer(client, intervention, **{f"ff_{field.id}": "5"})
    auth.logout()
    auth.login(admin.email)
    response = client.post(f"/organisations/{own.id}/free-fields/{field.id}", data={
        "label_nl": "Aantal", "field_type": "text", "visibility": "organisation"})
    assert "kan niet veranderen" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(FreeField, field.id).field_type == "number"
    assert _stored(intervention, field) == 5
    ok = client.post(f"/organisations/{own.id}/free-fields/{empty.id}", data={
        "label_nl": "Nog leeg", "field_type": "date", "visibility": "organisation"})
    assert ok.status_code == 302


def test_only_admins_of_the_organisation_manage_fields(client, auth, org_setup):
    own, peer, _admin, worker, outsider, _intervention = org_setup
    auth.login(worker.email)
    assert client.get(f"/organisations/{own.id}/free-fields").status_code == 403
    auth.logout()
    auth.login(outsider.email)
    assert client.get(f"/organisations/{own.id}/free-fields").status_code == 404
    field = _define(own, label_nl="Geheim", field_type="text")
    assert client.post(f"/organisations/{peer.id}/free-fields/{field.id}/retire"
                       ).status_code in (403, 404)


def test_peers_see_search_and_export_only_shared_answers(app, client, auth, org_setup):
    own, _peer, _admin, worker, outsider, intervention = org_setup
    private = _define(own, label_nl="Interne notitie", field_type="text")
    shared = _define(own, label_nl="Wijklabel", field_type="text", visibility="shared")
    pillar = _define(own, label_nl="Pijler", field_type="choice", new_choices="Groen\nGrijs")
    auth.login(worker.email)
    _answer(client, intervention, **{f"ff_{private.id}": "vertrouwelijkheidje",
                                     f"ff_{shared.id}": "krachtwijk",
                                     f"ff_{pillar.id}": "groen"})
    # The owner finds it by both words, sees both answers and can filter on the choice.
    assert "Buurtkamer Zuid" in client.get("/catalogue?q=vertrouwelijkheidje").get_data(
        as_text=True)
    page = client.get(f"/catalogue?ff_{pillar.id}=groen").get_data(as_text=True)
    assert "1 interventie gevonden" in page and "Pijler" in page
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/catalogue/export.xlsx").data)).active
    header = [c.value for c in sheet[1]]
    assert "Interne notitie" in header and "Wijklabel" in header
    assert "vertrouwelijkheidje" in [c.value for c in sheet[2]]
    auth.logout()

    auth.login(outsider.email)
    assert "0 interventies gevonden" in client.get("/catalogue?q=vertrouwelijkheidje"
                                                   ).get_data(as_text=True)
    assert "Buurtkamer Zuid" in client.get("/catalogue?q=krachtwijk").get_data(as_text=True)
    page = client.get(f"/interventions/{intervention.id}").get_data(as_text=True)
    assert "krachtwijk" in page and "vertrouwelijkheidje" not in page
    assert "Interne notitie" not in page
    # The owner's facet is not offered, and a crafted filter is ignored.
    browse = client.get(f"/catalogue?ff_{pillar.id}=grijs").get_data(as_text=True)
    assert "Pijler" not in browse and "1 interventie gevonden" in browse
    csv = client.get("/catalogue/export.csv").data.decode("utf-8-sig")
    assert "krachtwijk" in csv and "vertrouwelijkheidje" not in csv
    assert "Interne notitie" not in csv
    assert re.search(r"Woonstichting Velden: Wijklabel", csv)


def test_duplicate_choice_labels_are_refused(client, auth, org_setup):
    own, _peer, admin, *_rest = org_setup
    auth.login(admin.email)
    response = client.post(f"/organisations/{own.id}/free-fields/new", data={
        "label_nl": "Wijktype", "field_type": "choice", "visibility": "organisation",
        "new_choices": "Stadswijk\nDorp\nstadswijk"})
    assert "komt twee keer voor" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(FreeField)) == 0
