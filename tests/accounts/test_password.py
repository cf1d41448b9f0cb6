"""Passwords: hashed with scrypt, a minimum length, changing one ends other sessions."""

from __future__ import annotations

from tests.conftest import PASSWORD


def test_passwords_are_stored_as_scrypt_hashes(make):
    user = make.user()
    assert user.password_hash.startswith("scrypt:")
    assert PASSWORD not in user.password_hash


def test_change_password_requires_the_current_one(client, auth, make):
    user = make.user()
    auth.login(user.email)
    response = client.post(
        "/account/password",
        data={
            "current_password": "not my password",
            "new_password": "a brand new password",
            "confirm_password": "a brand new password",
        },
    )
    assert "Je huidige wachtwoord klopt niet." in response.get_data(as_text=True)


def test_short_and_mismatched_passwords_are_refused_next_to_the_field(client, auth, make):
    user = make.user()
    auth.login(user.email)
    short = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": "short", "confirm_password": "short"},
    ).get_data(as_text=True)
    assert "Gebruik minstens 10 tekens." in short
    mismatch = client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "long enough password",
            "confirm_password": "another long password",
        },
    ).get_data(as_text=True)
    assert "De twee wachtwoorden zijn niet gelijk." in mismatch


def test_changing_the_password_logs_out_other_devices(app, auth, make):
    user = make.user()
    laptop, phone = app.test_client(), app.test_client()
    for device in (laptop, phone):
        device.post("/login", data={"email": user.email, "password": PASSWORD})
    response = laptop.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "a brand new password",
            "confirm_password": "a brand new password",
        },
    )
    assert response.status_code == 302
    assert laptop.get("/account").status_code == 200
    assert phone.get("/account").status_code == 302  # back to the login page
    fresh = app.test_client()
    assert fresh.post(
        "/login", data={"email": user.email, "password": "a brand new password"}
    ).status_code == 302
