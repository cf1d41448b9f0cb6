"""Configuration classes.

Secrets and locations come from the environment (prefix ``WWIDW_``), never from code.
"""

from __future__ import annotations

import os


class Config:
    """Settings shared by every environment."""

    ENV_NAME = "base"
    # Filled in by the app factory from WWIDW_DATABASE_URL, WWIDW_SECRET_KEY and
    # WWIDW_SEARCH_INDEX_DIR, with defaults inside the instance folder.
    SQLALCHEMY_DATABASE_URI: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SECRET_KEY: str | None = None
    SEARCH_INDEX_DIR: str | None = None
    # "whoosh" (default) or "tantivy"; switching needs `flask --app wwidw search rebuild`.
    SEARCH_ENGINE = os.environ.get("WWIDW_SEARCH_ENGINE") or "whoosh"

    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Amsterdam"
    LANGUAGES = {"nl": "Nederlands", "en": "English"}

    BOOTSTRAP_SERVE_LOCAL = True
    WTF_CSRF_ENABLED = True
    # The token lives as long as the session, so a form left open overnight still saves.
    WTF_CSRF_TIME_LIMIT = None

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False
    REMEMBER_COOKIE_DURATION = 60 * 60 * 24 * 30

    MAX_CONTENT_LENGTH = 12 * 1024 * 1024

    PASSWORD_MIN_LENGTH = 10
    PASSWORD_HASH_METHOD = "scrypt"  # werkzeug's default cost: n=2**15, r=8, p=1
    # Login throttling: failures counted in a sliding window, per account and per client address.
    LOGIN_WINDOW_SECONDS = 15 * 60
    LOGIN_MAX_FAILURES_PER_ACCOUNT = 5
    LOGIN_MAX_FAILURES_PER_ADDRESS = 20


class DevelopmentConfig(Config):
    ENV_NAME = "development"


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    WTF_CSRF_ENABLED = False
    # Still scrypt, at a cost that keeps hundreds of test log-ins fast.
    PASSWORD_HASH_METHOD = "scrypt:1024:8:1"


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
