"""Personal API tokens: a user's key to the JSON API, with that user's own permissions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wwidw.accounts.models import User
from wwidw.extensions import db
from wwidw.models import utcnow


class ApiToken(db.Model):
    """Only a hash of the secret is stored: a copy of the database opens no account. The
    secret is long and random, so a plain sha256 suffices (no slow password hash needed) and a
    token is found by an indexed lookup."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
