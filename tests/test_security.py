"""Security basics: CSRF on every form, security headers, friendly error pages."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD, make_test_app
from wwidw import access


@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


def test_a_post_without_csrf_token_is_refused(app, client, make, csrf_on):
    user = make.user()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    with client.session_transaction() as session:
        assert "_user_id" not in session


def test_a_post_with_the_csrf_token_from_the_form_works(app, client, make, csrf_on):
    import re

    user = make.user()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302


def test_logged_in_actions_without_token_are_refused(app, client, make, csrf_on):
    org = make.org()
    admin = make.user(org, "admin")
    app.config["WTF_CSRF_ENABLED"] = False
    client.post("/login", data={"email": admin.email, "password": PASSWORD})
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post(
        f"/organisations/{org.id}/members",
        data={"email": "x@example.nl", "name": "X", "role": "admin"},
    )
    assert response.status_code == 400
    assert len(org.memberships) == 1
    assert client.post("/logout").status_code == 400


def test_security_headers_and_a_csp_without_inline_scripts(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    page = response.get_data(as_text=True)
    # No inline script or event handler that the CSP would block.
    assert "<script>" not in page
    assert " onclick=" not in page


def test_bootstrap_is_served_locally(client):
    page = client.get("/login").get_data(as_text=True)
    assert "cdn" not in page.lower()
    for path in ("/bootstrap/static/css/bootstrap.min.css", "/static/css/wwidw.css"):
        with client.get(path) as response:
            assert response.status_code == 200


def test_friendly_404_in_dutch_and_english(client):
    response = client.get("/bestaat-niet")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.get_data(as_text=True)
    client.post("/language", data={"locale": "en", "next": "/"})
    response = client.get("/bestaat-niet")
    assert "Page not found" in response.get_data(as_text=True)


def test_friendly_500_page(tmp_path):
    app = make_test_app("sqlite://", tmp_path, PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom")
    @access.public
    def boom():
        raise RuntimeError("boom")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert "Er ging iets mis aan onze kant" in response.get_data(as_text=True)
