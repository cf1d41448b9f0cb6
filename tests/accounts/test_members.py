"""Organisation admins manage colleagues; platform admins add organisations."""

from __future__ import annotations

import re

from sqlalchemy import select

from wwidw.accounts.models import Membership, Organisation, User
from wwidw.extensions import db


def test_admin_adds_a_new_colleague_who_must_choose_a_password(app, client, auth, make):
    org = make.org()
    admin = make.user(org, "admin")
    auth.login(admin.email)
    response = client.post(
        f"/organisations/{org.id}/members",
        data={"email": "nieuw@example.nl", "name": "Nieuwe Collega", "role": "worker"},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "Nieuwe Collega" in page
    temporary = re.search(r"tijdelijk wachtwoord: ([a-z0-9-]+)\.", page).group(1)

    newcomer = app.test_client()
    newcomer.post("/login", data={"email": "nieuw@example.nl", "password": temporary})
    # Before choosing a password, every page leads to the password form.
    response = newcomer.get("/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/password"
    newcomer.post(
        "/account/password",
        data={
            "current_password": temporary,
            "new_password": "mijn eigen wachtwoord",
            "confirm_password": "mijn eigen wachtwoord",
        },
    )
    assert newcomer.get("/").status_code == 200


def test_someone_with_an_account_is_added_with_that_account(client, auth, make):
    org_a, org_b = make.org(), make.org()
    admin = make.user(org_a, "admin")
    existing = make.user(org_b, "worker", email="bestaand@example.nl")
    auth.login(admin.email)
    client.post(
        f"/organisations/{org_a.id}/members",
        data={"email": "Bestaand@example.nl", "name": "", "role": "viewer"},
    )
    db.session.expire_all()
    roles = {m.organisation_id: m.role for m in existing.memberships}
    assert roles == {org_a.id: "viewer", org_b.id: "worker"}
    assert db.session.scalar(select(User).where(User.email == "bestaand@example.nl")) is existing


def test_adding_twice_or_with_a_bad_address_is_refused_next_to_the_field(client, auth, make):
    org = make.org()
    admin = make.user(org, "admin")
    auth.login(admin.email)
    twice = client.post(
        f"/organisations/{org.id}/members",
        data={"email": admin.email, "name": "", "role": "worker"},
    )
    assert twice.status_code == 400
    assert "Deze persoon is al lid van de organisatie." in twice.get_data(as_text=True)
    bad = client.post(
        f"/organisations/{org.id}/members",
        data={"email": "geen-adres", "name": "X", "role": "worker"},
    )
    assert "Vul een geldig e-mailadres in." in bad.get_data(as_text=True)
    count = db.session.scalar(select(db.func.count()).select_from(Membership))
    assert count == 1


def test_admin_changes_a_role(client, auth, make):
    org = make.org()
    admin = make.user(org, "admin")
    colleague = make.user(org, "viewer")
    membership = colleague.memberships[0]
    auth.login(admin.email)
    client.post(
        f"/organisations/{org.id}/members/{membership.id}/role",
        data={f"m{membership.id}-role": "manager"},
    )
    db.session.refresh(membership)
    assert membership.role == "manager"


def test_the_last_admin_cannot_be_demoted_or_removed(client, auth, make):
    org = make.org()
    admin = make.user(org, "admin")
    membership = admin.memberships[0]
    auth.login(admin.email)
    response = client.post(
        f"/organisations/{org.id}/members/{membership.id}/role",
        data={f"m{membership.id}-role": "worker"},
        follow_redirects=True,
    )
    assert "minstens één beheerder" in response.get_data(as_text=True)
    client.post(f"/organisations/{org.id}/members/{membership.id}/remove")
    db.session.expire_all()
    assert db.session.get(Membership, membership.id).role == "admin"


def test_admin_removes_a_colleague(client, auth, make):
    org = make.org()
    admin = make.user(org, "admin")
    colleague = make.user(org, "worker")
    membership_id = colleague.memberships[0].id
    auth.login(admin.email)
    client.post(f"/organisations/{org.id}/members/{membership_id}/remove")
    db.session.expire_all()
    assert db.session.get(Membership, membership_id) is None
    assert db.session.get(User, colleague.id) is not None  # the account itself stays


def test_a_viewer_cannot_reach_admin_pages(client, auth, make):
    org = make.org()
    viewer = make.user(org, "viewer")
    other = make.user(org, "worker")
    auth.login(viewer.email)
    assert client.get(f"/organisations/{org.id}/").status_code == 200
    assert client.get(f"/organisations/{org.id}/members").status_code == 403
    assert client.get(f"/organisations/{org.id}/settings").status_code == 403
    assert client.post(
        f"/organisations/{org.id}/members",
        data={"email": "x@example.nl", "name": "X", "role": "admin"},
    ).status_code == 403
    membership = other.memberships[0]
    assert client.post(
        f"/organisations/{org.id}/members/{membership.id}/role",
        data={f"m{membership.id}-role": "admin"},
    ).status_code == 403
    assert client.get("/admin/organisations").status_code == 403
    db.session.refresh(membership)
    assert membership.role == "worker"


def test_a_member_of_another_organisation_gets_404(client, auth, make):
    org_a, org_b = make.org(), make.org()
    admin_a = make.user(org_a, "admin")
    member_b = make.user(org_b, "worker")
    auth.login(admin_a.email)
    assert client.get(f"/organisations/{org_b.id}/members").status_code == 404
    assert client.get(f"/organisations/{org_b.id}/").status_code == 404
    assert client.get(f"/organisations/{org_b.id}/settings").status_code == 404
    membership = member_b.memberships[0]
    assert client.post(
        f"/organisations/{org_b.id}/members/{membership.id}/remove"
    ).status_code == 404
    # A membership of B addressed through A's URL is not found either.
    assert client.post(
        f"/organisations/{org_a.id}/members/{membership.id}/remove"
    ).status_code == 404
    db.session.expire_all()
    assert db.session.get(Membership, membership.id) is not None


def test_switching_organisation(client, auth, make):
    org_a = make.org("Alfa Wonen")
    org_b = make.org("Bèta Welzijn")
    user = make.user(org_a, "worker")
    db.session.add(Membership(user=user, organisation=org_b, role="viewer"))
    db.session.commit()
    auth.login(user.email)
    assert "als medewerker" in client.get("/").get_data(as_text=True)
    response = client.post(
        "/organisation/switch", data={"organisation_id": str(org_b.id)}, follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert "Je werkt nu voor Bèta Welzijn." in page
    assert "als lezer" in page
    # Switching to an organisation one is not a member of is not possible.
    org_c = make.org("Gamma")
    assert client.post(
        "/organisation/switch", data={"organisation_id": str(org_c.id)}
    ).status_code == 404


def test_platform_admin_adds_an_organisation_with_its_first_admin(app, client, auth, make):
    platform = make.user(platform_admin=True)
    auth.login(platform.email)
    response = client.post(
        "/admin/organisations",
        data={
            "name": "Woonbron Test",
            "kind": "housing",
            "municipality_codes": "gm0363, 0518",
            "first_admin_email": "eerste@woonbron.example.nl",
            "first_admin_name": "Eerste Beheerder",
        },
        follow_redirects=True,
    )
    assert "Woonbron Test" in response.get_data(as_text=True)
    org = db.session.scalar(select(Organisation).where(Organisation.name == "Woonbron Test"))
    assert org.municipality_code_list == ["GM0363", "GM0518"]
    assert [m.role for m in org.memberships] == ["admin"]


def test_invalid_organisation_is_refused_and_nothing_is_saved(client, auth, make):
    make.org("Bestaande Organisatie")
    platform = make.user(platform_admin=True)
    auth.login(platform.email)
    response = client.post(
        "/admin/organisations",
        data={"name": "bestaande organisatie", "kind": "housing", "municipality_codes": ""},
    )
    assert response.status_code == 400
    assert "Er bestaat al een organisatie met deze naam." in response.get_data(as_text=True)
    response = client.post(
        "/admin/organisations",
        data={"name": "Nieuw", "kind": "housing", "municipality_codes": "Heusden"},
    )
    assert "Heusden is geen CBS-gemeentecode" in response.get_data(as_text=True)
    # The first admin cannot be made (no name for a new account): the organisation, already
    # written to the transaction, is rolled back with it.
    response = client.post(
        "/admin/organisations",
        data={"name": "Half", "kind": "housing", "first_admin_email": "nieuw@example.nl"},
    )
    assert response.status_code == 400
    assert "Vul de naam van de nieuwe collega in." in response.get_data(as_text=True)
    names = set(db.session.scalars(select(Organisation.name)))
    assert names == {"Bestaande Organisatie"}
