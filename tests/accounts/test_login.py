"""Logging in and out: clear messages, throttling, fresh sessions, remember me."""

from __future__ import annotations

from sqlalchemy import select

from tests.conftest import PASSWORD
from wwidw.accounts.models import LoginAttempt
from wwidw.extensions import db


def _logged_in(client) -> bool:
    with client.session_transaction() as session:
        return "_user_id" in session


def test_login_with_the_right_password_opens_the_dashboard(client, auth, make):
    org = make.org("Woonstichting Test")
    user = make.user(org, "worker", name="Els Hendriks")
    response = auth.login(user.email)
    assert response.status_code == 302
    assert _logged_in(client)
    page = client.get("/").get_data(as_text=True)
    assert "Els Hendriks" in page
    assert "Woonstichting Test" in page


def test_login_accepts_the_address_in_any_case_and_with_spaces(client, auth, make):
    user = make.user(email="case@example.nl")
    response = auth.login("  CASE@Example.NL ")
    assert response.status_code == 302
    assert _logged_in(client)
    assert user.last_login_at is not None


def test_wrong_password_gives_a_clear_message_and_no_session(client, auth, make):
    user = make.user()
    response = auth.login(user.email, "not the password")
    assert response.status_code == 200
    assert "Het e-mailadres of wachtwoord klopt niet." in response.get_data(as_text=True)
    assert not _logged_in(client)
    # The same message for an unknown address: nobody learns which accounts exist.
    response = auth.login("nobody@example.nl", "whatever it is")
    assert "Het e-mailadres of wachtwoord klopt niet." in response.get_data(as_text=True)


def test_empty_fields_are_named_next_to_the_field(client):
    response = client.post("/login", data={"email": "", "password": ""})
    page = response.get_data(as_text=True)
    assert "Vul je e-mailadres in." in page
    assert "Vul je wachtwoord in." in page
    assert 'aria-invalid="true"' in page


def test_throttling_per_account_blocks_even_the_right_password(app, client, auth, make):
    user = make.user()
    limit = app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
    for _ in range(limit):
        assert auth.login(user.email, "wrong password!").status_code == 200
    response = auth.login(user.email, PASSWORD)
    assert response.status_code == 429
    assert "Te veel mislukte pogingen" in response.get_data(as_text=True)
    assert not _logged_in(client)


def test_throttling_per_address_covers_many_accounts(app, client, auth, make):
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 3
    try:
        victim = make.user()
        for number in range(3):
            auth.login(f"guess{number}@example.nl", "wrong password!")
        response = auth.login(victim.email, PASSWORD)
        assert response.status_code == 429
        # Another address is not blocked.
        other = client.post(
            "/login",
            data={"email": victim.email, "password": PASSWORD},
            environ_base={"REMOTE_ADDR": "10.1.2.3"},
        )
        assert other.status_code == 302
    finally:
        app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 20


def test_a_successful_login_clears_the_account_failures(client, auth, make):
    user = make.user()
    auth.login(user.email, "wrong password!")
    assert auth.login(user.email).status_code == 302
    remaining = db.session.scalars(select(LoginAttempt).where(LoginAttempt.email == user.email))
    assert list(remaining) == []


def test_login_starts_a_new_session(client, auth, make):
    user = make.user()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    auth.login(user.email)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"].startswith(f"{user.id}:")


def test_remember_me_sets_a_lasting_httponly_cookie(client, auth, make):
    user = make.user()
    auth.login(user.email, remember="y")
    cookie = client.get_cookie("remember_token")
    assert cookie is not None
    assert cookie.http_only
    assert cookie.expires is not None


def test_without_remember_me_there_is_no_lasting_cookie(client, auth, make):
    user = make.user()
    auth.login(user.email)
    assert client.get_cookie("remember_token") is None


def test_session_cookie_is_httponly_and_samesite(client, auth, make):
    user = make.user()
    response = auth.login(user.email)
    header = response.headers["Set-Cookie"]
    assert "HttpOnly" in header
    assert "SameSite=Lax" in header


def test_logout_needs_a_post_and_ends_the_session(client, auth, make):
    user = make.user()
    auth.login(user.email)
    assert client.get("/logout").status_code == 405
    assert _logged_in(client)
    response = auth.logout()
    assert response.status_code == 302
    assert not _logged_in(client)
    assert client.get("/account").status_code == 302


def test_next_parameter_stays_on_this_site(client, auth, make):
    user = make.user()
    response = auth.login(user.email, next="https://evil.example.com/")
    assert response.headers["Location"] == "/"
    client.post("/logout")
    response = auth.login(user.email, next="/account")
    assert response.headers["Location"] == "/account"


def test_pages_for_members_send_anonymous_visitors_to_login(client):
    response = client.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
