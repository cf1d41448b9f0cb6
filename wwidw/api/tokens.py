"""Rules for personal API tokens: creating (the secret is shown once), listing, revoking, and
finding the user a presented secret belongs to. Functions flush but never commit."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from wwidw.accounts.models import User
from wwidw.api.models import ApiToken
from wwidw.errors import ServiceError
from wwidw.models import as_utc, utcnow

# A prefix makes a leaked token recognisable to secret scanners and to people.
PREFIX = "wwidw_"
MAX_NAME = 100
# Writing "last used" on every request would turn each read into a write; a minute is exact
# enough to tell a forgotten token from one in use.
LAST_USED_PRECISION = timedelta(minutes=1)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str


def create_token(session: Session, user: User, name: str | None) -> NewToken:
    name = " ".join((name or "").split())
    if not name:
        raise ServiceError(_l("Give the token a name, so you know later where it is used."),
                           "name")
    if len(name) > MAX_NAME:
        raise ServiceError(_l("Keep the name under %(count)d characters.", count=MAX_NAME),
                           "name")
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, token_hash=hash_secret(secret),
                     created_at=utcnow())
    session.add(token)
    session.flush()
    return NewToken(token, secret)


def tokens_of(session: Session, user_id: int) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).where(ApiToken.user_id == user_id)
                                .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def own_token(session: Session, user_id: int, token_id: int) -> ApiToken | None:
    """The token if it is this user's; another user's token does not exist for them."""
    return session.scalar(select(ApiToken).where(ApiToken.id == token_id,
                                                 ApiToken.user_id == user_id))


def revoke(session: Session, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        session.flush()


def user_for_secret(session: Session, secret: str) -> User | None:
    """The active user of a valid, unrevoked token, noting that it was used; else None."""
    if not secret.startswith(PREFIX):
        return None
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_secret(secret)))
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    now = utcnow()
    if token.last_used_at is None or now - as_utc(token.last_used_at) >= LAST_USED_PRECISION:
        token.last_used_at = now
        session.flush()
    return token.user
