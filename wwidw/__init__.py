"""wwidw: Wat werkt in de wijk. The application factory."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

import config as config_module


def _instance_path() -> str | None:
    path = os.environ.get("WWIDW_INSTANCE_PATH")
    return str(Path(path).resolve()) if path else None


def _secret_key(instance_path: str) -> str:
    """The secret key from the environment, else one generated once for this instance."""
    from_env = os.environ.get("WWIDW_SECRET_KEY")
    if from_env:
        return from_env
    key_file = Path(instance_path) / "secret_key"
    if not key_file.exists():
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return key_file.read_text().strip()


def _apply_environment(app: Flask, overrides: dict | None) -> None:
    config = app.config
    config["SQLALCHEMY_DATABASE_URI"] = (
        os.environ.get("WWIDW_DATABASE_URL")
        or config.get("SQLALCHEMY_DATABASE_URI")
        or "sqlite:///" + str(Path(app.instance_path) / "wwidw.sqlite3")
    )
    config["SEARCH_INDEX_DIR"] = (
        os.environ.get("WWIDW_SEARCH_INDEX_DIR")
        or config.get("SEARCH_INDEX_DIR")
        or str(Path(app.instance_path) / "index")
    )
    if overrides:
        config.update(overrides)
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = _secret_key(app.instance_path)
    url = config["SQLALCHEMY_DATABASE_URI"]
    if url.startswith("postgresql://"):
        # psycopg 3 is the driver we install; plain URLs from the environment mean it.
        config["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://" + url[len("postgresql://"):]


@event.listens_for(Engine, "connect")
def _sqlite_foreign_keys(dbapi_connection, connection_record) -> None:
    import sqlite3

    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def create_app(config_name: str | None = None, overrides: dict | None = None) -> Flask:
    """Build the app. ``config_name`` is development, testing or production (WWIDW_ENV)."""
    name = config_name or os.environ.get("WWIDW_ENV", "development")
    app = Flask(__name__, instance_path=_instance_path(), instance_relative_config=True)
    app.config.from_object(config_module.CONFIGS[name])
    os.makedirs(app.instance_path, exist_ok=True)
    _apply_environment(app, overrides)

    _init_extensions(app)
    _register_blueprints(app)

    from wwidw import cli, errorpages, security

    security.init_app(app)
    errorpages.init_app(app)
    cli.init_app(app)
    _context(app)
    return app


def _init_extensions(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from wwidw.extensions import babel, bootstrap, csrf, db, login_manager, migrate
    from wwidw.i18n import select_locale

    db.init_app(app)
    migrations = Path(__file__).resolve().parent.parent / "migrations"
    migrate.init_app(app, db, directory=str(migrations), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    bootstrap.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    from wwidw.accounts.models import User

    @login_manager.user_loader
    def _load_user(user_id: str) -> User | None:
        # The id carries the session token: changing the password ends every other session.
        raw_id, _sep, token = user_id.partition(":")
        if not raw_id.isdigit():
            return None
        user = db.session.get(User, int(raw_id))
        if user is None or not token or not secrets.compare_digest(user.session_token, token):
            return None
        return user


def _register_blueprints(app: Flask) -> None:
    from wwidw import access
    from wwidw.accounts.views import bp as accounts_bp
    from wwidw.api import views as api_views
    from wwidw.freefields import catalogue as freefields_catalogue
    from wwidw.freefields.views import bp as freefields_bp
    from wwidw.interventions.views import bp as interventions_bp
    from wwidw.main.views import bp as main_bp
    from wwidw.monitor import catalogue as monitor_catalogue
    from wwidw.monitor import views as monitor_views
    from wwidw.neighbourhoods import views as neighbourhood_views
    from wwidw.peers import views as peers_views
    from wwidw.programlines import catalogue as programlines_catalogue
    from wwidw.programlines.views import bp as programlines_bp
    from wwidw.public import views as public_views

    app.register_blueprint(main_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(interventions_bp)
    app.register_blueprint(freefields_bp)
    freefields_catalogue.init_app(app)
    app.register_blueprint(programlines_bp)
    programlines_catalogue.init_app(app)
    app.register_blueprint(neighbourhood_views.bp)
    app.register_blueprint(monitor_views.bp)
    monitor_catalogue.init_app(app)
    peers_views.init_app(app)
    app.register_blueprint(public_views.bp)
    app.register_blueprint(peers_views.bp)
    app.register_blueprint(api_views.bp)
    # Flask's own static views are public like the files they serve.
    for endpoint in ("static", "bootstrap.static"):
        if endpoint in app.view_functions:
            app.view_functions[endpoint] = access.public(app.view_functions[endpoint])


def _context(app: Flask) -> None:
    from flask_login import current_user

    from wwidw.access import current_membership
    from wwidw.accounts.forms import (
        ConfirmForm,
        LanguageForm,
        SwitchOrganisationForm,
        kind_label,
        role_label,
    )
    from wwidw.i18n import select_locale
    from wwidw.interventions.diffs import field_label
    from wwidw.markdown import render_markdown

    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["field_label"] = field_label

    @app.context_processor
    def _globals() -> dict:
        membership = current_membership() if current_user.is_authenticated else None
        return {
            "current_membership": membership,
            "current_locale": select_locale(),
            "language_form": LanguageForm(),
            "switch_form": SwitchOrganisationForm(),
            "logout_form": ConfirmForm(),
            "role_label": role_label,
            "kind_label": kind_label,
        }
