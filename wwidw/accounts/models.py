"""Organisations, users and their memberships (DESIGN §4, §5)."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wwidw.extensions import db
from wwidw.models import TimestampMixin, utcnow

ORGANISATION_KINDS = ("housing", "municipality", "welfare", "health", "other")
# Ordered from least to most rights: a role includes every right of the roles before it.
ROLES = ("viewer", "worker", "manager", "admin")


def role_rank(role: str) -> int:
    return ROLES.index(role)


class Organisation(TimestampMixin, db.Model):
    __tablename__ = "organisation"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('housing', 'municipality', 'welfare', 'health', 'other')", name="kind"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    # CBS municipality codes (GM0797 …) the organisation works in, space separated.
    municipality_codes: Mapped[str] = mapped_column(String(500), default="")

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan"
    )

    @property
    def municipality_code_list(self) -> list[str]:
        return self.municipality_codes.split()

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.name!r}>"


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "user_account"  # "user" is a reserved word in PostgreSQL

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    locale: Mapped[str] = mapped_column(String(5), default="nl")
    is_platform_admin: Mapped[bool] = mapped_column(default=False)
    is_active_account: Mapped[bool] = mapped_column(default=True)
    must_change_password: Mapped[bool] = mapped_column(default=False)
    # Bumped when the password changes: sessions and remember-me cookies carry it and die with it.
    session_token: Mapped[str] = mapped_column(String(64))
    last_login_at: Mapped[datetime | None]

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.is_active_account

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    def membership_in(self, organisation_id: int) -> Membership | None:
        for membership in self.memberships:
            if membership.organisation_id == organisation_id:
                return membership
        return None

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email!r}>"


class Membership(TimestampMixin, db.Model):
    __tablename__ = "membership"
    __table_args__ = (
        UniqueConstraint("user_id", "organisation_id"),
        CheckConstraint("role IN ('viewer', 'worker', 'manager', 'admin')", name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(20))

    user: Mapped[User] = relationship(back_populates="memberships")
    organisation: Mapped[Organisation] = relationship(back_populates="memberships")

    def has_role(self, minimum: str) -> bool:
        return role_rank(self.role) >= role_rank(minimum)


class LoginAttempt(db.Model):
    """A failed log-in, kept in the database so throttling holds across worker processes."""

    __tablename__ = "login_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    attempted_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
