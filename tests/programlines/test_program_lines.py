"""Program lines: managed by admins, one level of sub-lines, own interventions only."""

from __future__ import annotations

import pytest

from wwidw.extensions import db
from wwidw.programlines import services
from wwidw.programlines.models import ProgramLine


@pytest.fixture
def setup(make):
    own, peer = make.org("Gemeente Lijnen"), make.org("Corporatie Anders")
    admin, worker = make.user(own, "admin"), make.user(own, "worker")
    outsider = make.user(peer, "admin")
    a = make.intervention(own, title="Buurtpreventie", budget_cents=500_000)
    b = make.intervention(own, title="Schuldhulpmaatjes", budget_cents=250_000)
    foreign = make.intervention(peer, title="Gedeelde tuin", visibility="community")
    return own, peer, admin, worker, outsider, a, b, foreign


def _line(org, **data):
    line = services.save_line(db.session, org.id, data)
    db.session.commit()
    return line


def test_admin_adds_lines_and_sub_lines_but_no_deeper(client, auth, setup):
    own, *_rest = setup
    admin = setup[2]
    auth.login(admin.email)
    response = client.post(f"/organisations/{own.id}/program-lines/new", data={
        "name": "Veilig thuis", "description": "Afspraken met de gemeente", "parent_id": "",
        "municipality_code": "gm0797", "start_date": "2025-01-01", "end_date": "2028-12-31"})
    assert response.status_code == 302
    top = db.session.scalar(db.select(ProgramLine).where(ProgramLine.name == "Veilig thuis"))
    assert top.municipality_code == "GM0797"
    client.post(f"/organisations/{own.id}/program-lines/new",
                data={"name": "Buurtpreventie", "parent_id": str(top.id)})
    sub = db.session.scalar(db.select(ProgramLine).where(ProgramLine.name == "Buurtpreventie"))
    # A sub-line is not offered as a parent, and the rule holds below the form too.
    deeper = client.post(f"/organisations/{own.id}/program-lines/new",
                         data={"name": "Te diep", "parent_id": str(sub.id)})
    assert deeper.status_code == 400
    from wwidw.errors import ServiceError

    with pytest.raises(ServiceError) as refused:
        services.save_line(db.session, own.id, {"name": "Te diep", "parent_id": sub.id})
    assert "Onderlijnen kunnen zelf geen onderlijnen hebben." in str(refused.value.message)
    db.session.rollback()
    assert db.session.scalar(db.select(ProgramLine).where(ProgramLine.name == "Te diep")) is None
    bad_period = client.post(f"/organisations/{own.id}/program-lines/new", data={
        "name": "Verkeerd", "start_date": "2026-01-01", "end_date": "2025-01-01"})
    assert "De einddatum ligt vóór de startdatum." in bad_period.get_data(as_text=True)


def test_interventions_are_sorted_under_own_lines_with_counts_and_overview(client, auth, setup):
    own, peer, admin, worker, outsider, a, b, foreign = setup
    top = _line(own, name="Wonen en zorg")
    sub = _line(own, name="Langer thuis", parent_id=top.id)
    other = _line(peer, name="Lijn van een ander")
    auth.login(worker.email)
    db.session.refresh(a)
    response = client.post(f"/interventions/{a.id}/edit/program_lines",
                           data={"version": a.version, "program_lines": [str(sub.id)],
                                 "action": "later"})
    assert response.status_code == 302
    # Another organisation's line cannot be chosen.
    response = client.post(f"/interventions/{b.id}/edit/program_lines",
                           data={"version": b.version, "program_lines": [str(other.id)]})
    assert response.status_code == 400
    assert services.counts(db.session, own.id) == {top.id: 1, sub.id: 1}
    overview = client.get(f"/organisations/{own.id}/program-lines/{top.id}").get_data(
        as_text=True)
    assert "Buurtpreventie" in overview and "Schuldhulpmaatjes" not in overview
    assert "€\xa05.000,00" in overview
    filtered = client.get(f"/catalogue?program_line={top.id}").get_data(as_text=True)
    assert "1 interventie gevonden" in filtered and "Buurtpreventie" in filtered
    # Lines of another organisation are not a facet or filter for this worker.
    crafted = client.get(f"/catalogue?program_line={other.id}").get_data(as_text=True)
    assert "Lijn van een ander" not in crafted
    auth.logout()
    auth.login(outsider.email)
    assert client.get(f"/organisations/{own.id}/program-lines").status_code == 404
    assert client.get(f"/organisations/{own.id}/program-lines/{top.id}").status_code == 404


def test_archived_lines_keep_their_interventions_but_take_no_new_ones(client, auth, setup):
    own, _peer, admin, worker, _outsider, a, b, _foreign = setup
    line = _line(own, name="Oud programma")
    auth.login(worker.email)
    db.session.refresh(a)
    client.post(f"/interventions/{a.id}/edit/program_lines",
                data={"version": a.version, "program_lines": [str(line.id)]})
    auth.logout()
    auth.login(admin.email)
    client.post(f"/organisations/{own.id}/program-lines/{line.id}/archive")
    auth.logout()
    auth.login(worker.email)
    db.session.refresh(b)
    response = client.post(f"/interventions/{b.id}/edit/program_lines",
                           data={"version": b.version, "program_lines": [str(line.id)]})
    assert response.status_code == 400  # not offered any more
    assert services.counts(db.session, own.id)[line.id] == 1
    from wwidw.errors import ServiceError
    from wwidw.interventions.services import Viewer

    db.session.expire_all()
    with pytest.raises(ServiceError) as refused:
        services.set_lines(db.session, Viewer.of(worker), b, [line.id])
    assert "gearchiveerde programmalijn" in str(refused.value.message)
    # The intervention already under it stays, and can be saved without losing the line.
    db.session.rollback()
    db.session.refresh(a)
    assert client.post(f"/interventions/{a.id}/edit/program_lines",
                       data={"version": a.version, "program_lines": [str(line.id)]}
                       ).status_code == 302
    assert services.counts(db.session, own.id)[line.id] == 1


def test_only_admins_manage_lines(client, auth, setup):
    own, *_ = setup
    worker = setup[3]
    auth.login(worker.email)
    assert client.get(f"/organisations/{own.id}/program-lines").status_code == 200
    assert client.post(f"/organisations/{own.id}/program-lines/new",
                       data={"name": "x"}).status_code == 403
