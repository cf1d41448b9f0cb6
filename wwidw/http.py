"""Small request helpers shared by the views of every domain."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask import current_app, request, url_for
from flask_wtf import FlaskForm

from wwidw.accounts.services import LoginPolicy
from wwidw.errors import ServiceError


def safe_next(target: str | None, fallback_endpoint: str = "main.home") -> str:
    """A redirect target inside this site only; anything else goes to the fallback."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and "\\" not in target:
            return target
    return url_for(fallback_endpoint)


def client_address() -> str:
    return (request.remote_addr or "unknown")[:64]


def login_policy() -> LoginPolicy:
    config = current_app.config
    return LoginPolicy(
        min_password_length=config["PASSWORD_MIN_LENGTH"],
        window=timedelta(seconds=config["LOGIN_WINDOW_SECONDS"]),
        max_failures_per_account=config["LOGIN_MAX_FAILURES_PER_ACCOUNT"],
        max_failures_per_address=config["LOGIN_MAX_FAILURES_PER_ADDRESS"],
        hash_method=config["PASSWORD_HASH_METHOD"],
    )


def attach_error(form: FlaskForm, error: ServiceError) -> None:
    """Show a service's refusal next to the field it concerns, or above the form."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, str(error.message)]
    else:
        form.form_errors.append(str(error.message))
