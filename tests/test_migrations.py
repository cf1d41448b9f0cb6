"""Migrations create the schema on an empty database and match the models exactly."""

from __future__ import annotations

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from tests.conftest import make_test_app
from wwidw.extensions import db


@pytest.fixture
def empty_database_url(backend, database_url, tmp_path):
    if backend == "sqlite":
        yield "sqlite:///" + str(tmp_path / "migrated.sqlite3")
        return
    url = make_url(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    name = f"wwidw_migrations_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_upgrade_creates_the_schema_and_matches_the_models(empty_database_url, tmp_path):
    app = make_test_app(empty_database_url, tmp_path)
    with app.app_context():
        assert inspect(db.engine).get_table_names() == []
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert {"organisation", "user_account", "membership", "area", "alembic_version"} <= tables
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
        assert differences == [], f"models and migrations differ: {differences}"
        db.engine.dispose()


def test_migrations_form_one_linear_history(tmp_path):
    from alembic.script import ScriptDirectory
    from flask_migrate import Migrate

    app = make_test_app("sqlite://", tmp_path)
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config()
        assert isinstance(app.extensions["migrate"].migrate, Migrate)
        script = ScriptDirectory.from_config(config)
        assert len(script.get_heads()) == 1
        assert len(script.get_bases()) == 1
