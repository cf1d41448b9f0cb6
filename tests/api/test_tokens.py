"""Personal API tokens: the secret shown once, listed, last use noted, revoked for good."""

from __future__ import annotations

import re

from sqlalchemy import select

from wwidw.api.models import ApiToken
from wwidw.extensions import db

TOKEN = re.compile(r"wwidw_[A-Za-z0-9_-]{20,}")


def test_create_list_use_and_revoke(app, client, make, auth):
    user = make.user(make.org(), "viewer")
    auth.login(user.email)
    page = client.post("/account/api-tokens", data={"name": "Dashboard gemeente"})
    assert page.status_code == 200
    secrets = TOKEN.findall(page.get_data(as_text=True))
    assert len(secrets) == 1
    secret = secrets[0]
    stored = db.session.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
    assert stored.token_hash != secret and secret not in stored.token_hash
    again = client.get("/account/api-tokens").get_data(as_text=True)
    assert "Dashboard gemeente" in again and not TOKEN.search(again)  # shown only once
    assert stored.last_used_at is None

    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/indicators", headers=headers).status_code == 200
    db.session.expire_all()
    assert db.session.get(ApiToken, stored.id).last_used_at is not None

    assert client.post(f"/account/api-tokens/{stored.id}/revoke").status_code == 302
    db.session.expire_all()
    assert db.session.get(ApiToken, stored.id).revoked_at is not None
    refused = client.get("/api/v1/indicators", headers=headers)
    assert refused.status_code == 401
    assert refused.get_json() == {"error": {"status": 401, "message": refused.get_json()[
        "error"]["message"]}}
    assert refused.headers["WWW-Authenticate"].startswith("Bearer")


def test_another_users_token_is_not_found(app, client, make, auth):
    owner = make.user(make.org(), "viewer")
    other = make.user(make.org(), "admin")
    auth.login(owner.email)
    client.post("/account/api-tokens", data={"name": "mijn token"})
    token = db.session.scalar(select(ApiToken).where(ApiToken.user_id == owner.id))
    auth.logout()
    auth.login(other.email)
    assert client.post(f"/account/api-tokens/{token.id}/revoke").status_code == 404
    assert "mijn token" not in client.get("/account/api-tokens").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(ApiToken, token.id).revoked_at is None


def test_a_name_is_required(app, client, make, auth):
    auth.login(make.user(make.org()).email)
    page = client.post("/account/api-tokens", data={"name": "  "})
    assert page.status_code == 200 and not TOKEN.search(page.get_data(as_text=True))
    assert db.session.scalar(select(ApiToken)) is None


def test_unknown_or_malformed_tokens_are_refused(app, client):
    for header in ("Bearer wwidw_doesnotexist", "Bearer ", "Basic dXNlcjpwYXNz", "wwidw_x"):
        response = client.get("/api/v1/interventions", headers={"Authorization": header})
        assert response.status_code == 401, header
        assert response.get_json()["error"]["status"] == 401


def test_the_pages_need_a_login(app, client):
    assert client.get("/account/api-tokens").status_code == 302
