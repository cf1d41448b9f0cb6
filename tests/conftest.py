"""Test fixtures: the app on SQLite and on PostgreSQL, a client, factories and a live server.

Every test that uses ``app`` runs twice, once per database. PostgreSQL comes from
``WWIDW_TEST_POSTGRES_URL`` (a database the tests may empty, owned by a role that may create
databases); without it those runs skip, unless ``WWIDW_REQUIRE_FULL=1`` makes that a failure.
"""

from __future__ import annotations

import contextvars
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from flask.globals import _cv_app
from flask.testing import FlaskClient
from sqlalchemy import text

from wwidw import create_app
from wwidw.accounts import services as accounts
from wwidw.accounts.models import Membership, Organisation, User
from wwidw.extensions import db
from wwidw.http import login_policy

pytest_plugins = ["tests.browser_fixtures"]

REQUIRE_FULL = os.environ.get("WWIDW_REQUIRE_FULL") == "1"
POSTGRES_URL = os.environ.get("WWIDW_TEST_POSTGRES_URL")
PASSWORD = "correct horse battery"


def missing(reason: str) -> None:
    """Skip with a clear reason, or fail when the full suite is required (CI)."""
    if REQUIRE_FULL:
        pytest.fail(f"WWIDW_REQUIRE_FULL=1 but {reason}")
    pytest.skip(reason)


class IsolatedClient(FlaskClient):
    """A test client whose requests never reuse the test's own application context.

    Flask reuses an active app context for a request, which would share ``g`` (the logged-in
    user) and the database session between requests. Production has neither, so neither do we.
    """

    def open(self, *args, **kwargs):
        def run():
            _cv_app.set(None)
            return super(IsolatedClient, self).open(*args, **kwargs)

        return contextvars.copy_context().run(run)


def make_test_app(database_url: str, tmp_dir: Path, **overrides) -> Flask:
    settings = {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "SEARCH_INDEX_DIR": str(tmp_dir / "index"),
    }
    settings.update(overrides)
    os.environ["WWIDW_INSTANCE_PATH"] = str(tmp_dir / "instance")
    app = create_app("testing", overrides=settings)
    app.test_client_class = IsolatedClient
    return app


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def database_url(backend: str, tmp_path_factory) -> str:
    if backend == "sqlite":
        return "sqlite:///" + str(tmp_path_factory.mktemp("sqlite") / "test.sqlite3")
    if not POSTGRES_URL:
        missing("PostgreSQL is not configured (set WWIDW_TEST_POSTGRES_URL)")
    return POSTGRES_URL


@pytest.fixture(scope="session")
def session_app(database_url: str, tmp_path_factory) -> Iterator[Flask]:
    app = make_test_app(database_url, tmp_path_factory.mktemp("app"))
    with app.app_context():
        try:
            with db.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception as error:  # noqa: BLE001 - any failure means the server is not there
            missing(f"the database at {database_url} cannot be reached: {error}")
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        from wwidw.search import get_engine

        get_engine().close()
        db.engine.dispose()


def _empty_all_tables() -> None:
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def app(session_app: Flask) -> Iterator[Flask]:
    """The app with an application context, an empty database and index for each test."""
    with session_app.app_context():
        yield session_app
        db.session.rollback()
        _empty_all_tables()
        db.session.remove()
        from wwidw.search import get_engine

        get_engine().clear()
        # Emptied tables restart the catalogue version, so a cached facet table could match.
        facets = session_app.extensions.get("wwidw_facets")
        if facets is not None:
            facets.clear()


@pytest.fixture
def client(app: Flask):
    return app.test_client()


@dataclass
class Factory:
    """Makes organisations and users with sane defaults (Indico-style factory fixture)."""

    counter: int = 0

    def _next(self) -> int:
        self.counter += 1
        return self.counter

    def org(self, name: str | None = None, kind: str = "housing") -> Organisation:
        organisation = accounts.create_organisation(
            db.session, name or f"Organisatie {self._next()}", kind, "GM0797"
        )
        db.session.commit()
        return organisation

    def user(
        self,
        org: Organisation | None = None,
        role: str = "worker",
        email: str | None = None,
        name: str | None = None,
        platform_admin: bool = False,
        password: str = PASSWORD,
    ) -> User:
        number = self._next()
        user = accounts.create_user(
            db.session,
            email or f"user{number}@example.nl",
            name or f"Gebruiker {number}",
            password,
            login_policy(),
            is_platform_admin=platform_admin,
        )
        if org is not None:
            db.session.add(Membership(user=user, organisation=org, role=role))
        db.session.commit()
        return user

    def intervention(
        self,
        org: Organisation,
        author: User | None = None,
        visibility: str = "community",
        draft: bool = False,
        **fields,
    ):
        """An intervention saved through the services (so it is indexed), by a worker of org."""
        from wwidw.interventions import services
        from wwidw.interventions.indexing import drain
        from wwidw.search import get_engine

        author = author or self.user(org, "manager")
        viewer = services.Viewer.of(author)
        data = {"title": f"Interventie {self._next()}", "summary": "Een korte samenvatting."}
        data.update(fields)
        intervention = services.create_intervention(db.session, viewer, org, data)
        if not draft:
            services.publish(db.session, viewer, intervention, visibility, intervention.version)
        db.session.commit()
        drain(db.session, get_engine())
        return intervention


@pytest.fixture
def make(app: Flask) -> Factory:
    return Factory()


class Auth:
    def __init__(self, client) -> None:
        self.client = client

    def login(self, email: str, password: str = PASSWORD, **extra):
        return self.client.post("/login", data={"email": email, "password": password, **extra})

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client) -> Auth:
    return Auth(client)
