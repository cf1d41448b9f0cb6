"""Dutch by default, English on request; both catalogues complete."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from tests.conftest import PASSWORD
from wwidw.extensions import db

ROOT = Path(__file__).resolve().parent.parent


def _i18n_script():
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_dutch_is_the_default(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="nl">' in page
    assert "Inloggen" in page
    assert "Wachtwoord" in page


def test_a_visitor_switches_to_english(client):
    response = client.post("/language", data={"locale": "en", "next": "/login"})
    assert response.headers["Location"] == "/login"
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Password" in page


def test_a_user_language_choice_is_remembered_on_the_account(app, client, auth, make):
    user = make.user()
    auth.login(user.email)
    client.post("/language", data={"locale": "en", "next": "/"})
    db.session.refresh(user)
    assert user.locale == "en"
    auth.logout()
    other_browser = app.test_client()
    other_browser.post("/login", data={"email": user.email, "password": PASSWORD})
    assert "My account" in other_browser.get("/").get_data(as_text=True)


def test_unknown_language_is_refused(client):
    assert client.post("/language", data={"locale": "de"}).status_code == 400


def test_both_catalogues_are_complete():
    script = _i18n_script()
    assert script.missing("nl") == []
    assert script.missing("en") == []
