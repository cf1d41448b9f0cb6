"""Business rules for accounts, organisations and memberships.

Functions take the session explicitly, flush but never commit: the view commits once.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from wwidw.accounts.models import (
    ORGANISATION_KINDS,
    ROLES,
    LoginAttempt,
    Membership,
    Organisation,
    User,
)
from wwidw.errors import ServiceError
from wwidw.models import as_utc, utcnow

# A hash of a random password, checked when the e-mail address is unknown, so that a wrong
# address costs as much time as a wrong password and does not reveal which accounts exist.
_DUMMY_HASH = generate_password_hash(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class LoginPolicy:
    min_password_length: int = 10
    window: timedelta = timedelta(minutes=15)
    max_failures_per_account: int = 5
    max_failures_per_address: int = 20
    hash_method: str = "scrypt"


@dataclass(frozen=True)
class LoginResult:
    user: User | None = None
    retry_after: timedelta | None = None

    @property
    def ok(self) -> bool:
        return self.user is not None

    @property
    def throttled(self) -> bool:
        return self.retry_after is not None


def normalise_email(email: str) -> str:
    return email.strip().lower()


def hash_password(password: str, policy: LoginPolicy) -> str:
    return generate_password_hash(password, method=policy.hash_method)


def password_problems(password: str, policy: LoginPolicy, email: str = "") -> list[str]:
    problems = []
    if len(password) < policy.min_password_length:
        problems.append(
            _l("Use at least %(n)d characters.", n=policy.min_password_length)
        )
    if email and password.strip().lower() == normalise_email(email):
        problems.append(_l("Your password may not be your e-mail address."))
    return [str(p) for p in problems]


def find_user(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == normalise_email(email)))


def _recent_failures(session: Session, column, value: str, since: datetime) -> list[datetime]:
    return list(
        session.scalars(
            select(LoginAttempt.attempted_at)
            .where(column == value, LoginAttempt.attempted_at >= since)
            .order_by(LoginAttempt.attempted_at)
        )
    )


def _retry_after(failures: list[datetime], limit: int, policy: LoginPolicy) -> timedelta | None:
    if len(failures) < limit:
        return None
    # Blocked until the oldest failure that still counts leaves the window.
    oldest_counted = as_utc(failures[-limit])
    return max(oldest_counted + policy.window - utcnow(), timedelta(seconds=1))


def authenticate(
    session: Session, email: str, password: str, address: str, policy: LoginPolicy
) -> LoginResult:
    """Check a log-in. Throttled attempts are refused before the password is even checked."""
    email = normalise_email(email)
    since = utcnow() - policy.window
    waits = [
        _retry_after(
            _recent_failures(session, LoginAttempt.email, email, since),
            policy.max_failures_per_account,
            policy,
        ),
        _retry_after(
            _recent_failures(session, LoginAttempt.address, address, since),
            policy.max_failures_per_address,
            policy,
        ),
    ]
    waits = [w for w in waits if w is not None]
    if waits:
        return LoginResult(retry_after=max(waits))

    user = find_user(session, email)
    hash_to_check = user.password_hash if user is not None else _DUMMY_HASH
    password_ok = check_password_hash(hash_to_check, password)
    if user is None or not password_ok or not user.is_active_account:
        session.add(LoginAttempt(email=email, address=address))
        session.flush()
        return LoginResult()

    session.execute(delete(LoginAttempt).where(LoginAttempt.email == email))
    session.execute(delete(LoginAttempt).where(LoginAttempt.attempted_at < since))
    user.last_login_at = utcnow()
    session.flush()
    return LoginResult(user=user)


def create_user(
    session: Session,
    email: str,
    name: str,
    password: str,
    policy: LoginPolicy,
    locale: str = "nl",
    is_platform_admin: bool = False,
    must_change_password: bool = False,
) -> User:
    email = normalise_email(email)
    if "@" not in email:
        raise ServiceError(_l("Enter a valid e-mail address."), "email")
    if find_user(session, email) is not None:
        raise ServiceError(_l("There is already an account with this e-mail address."), "email")
    problems = password_problems(password, policy, email)
    if problems:
        raise ServiceError(" ".join(problems), "password")
    user = User(
        email=email,
        name=name.strip(),
        password_hash=hash_password(password, policy),
        locale=locale,
        is_platform_admin=is_platform_admin,
        must_change_password=must_change_password,
        session_token=secrets.token_hex(16),
    )
    session.add(user)
    session.flush()
    return user


def set_password(user: User, new_password: str, policy: LoginPolicy) -> None:
    """Set a new password; every other session and remember-me cookie of the user ends."""
    problems = password_problems(new_password, policy, user.email)
    if problems:
        raise ServiceError(" ".join(problems), "new_password")
    user.password_hash = hash_password(new_password, policy)
    user.session_token = secrets.token_hex(16)
    user.must_change_password = False


def change_own_password(user: User, current: str, new: str, policy: LoginPolicy) -> None:
    if not check_password_hash(user.password_hash, current):
        raise ServiceError(_l("Your current password is not correct."), "current_password")
    if current == new:
        raise ServiceError(
            _l("Choose a password that differs from the current one."), "new_password"
        )
    set_password(user, new, policy)


def update_profile(user: User, name: str, locale: str) -> None:
    if not name.strip():
        raise ServiceError(_l("Enter your name."), "name")
    set_locale(user, locale)
    user.name = name.strip()


def set_locale(user: User, locale: str) -> None:
    if locale not in ("nl", "en"):
        raise ServiceError(_l("Choose Dutch or English."), "locale")
    user.locale = locale


def create_organisation(
    session: Session, name: str, kind: str, municipality_codes: str = ""
) -> Organisation:
    name = " ".join(name.split())
    if not name:
        raise ServiceError(_l("Enter the organisation's name."), "name")
    if kind not in ORGANISATION_KINDS:
        raise ServiceError(_l("Choose a kind of organisation."), "kind")
    existing = session.scalar(
        select(Organisation).where(func.lower(Organisation.name) == name.lower())
    )
    if existing is not None:
        raise ServiceError(_l("An organisation with this name already exists."), "name")
    codes = _clean_municipality_codes(municipality_codes)
    organisation = Organisation(name=name, kind=kind, municipality_codes=" ".join(codes))
    session.add(organisation)
    session.flush()
    return organisation


def update_organisation(organisation: Organisation, kind: str, municipality_codes: str) -> None:
    if kind not in ORGANISATION_KINDS:
        raise ServiceError(_l("Choose a kind of organisation."), "kind")
    organisation.kind = kind
    organisation.municipality_codes = " ".join(_clean_municipality_codes(municipality_codes))


def _clean_municipality_codes(raw: str) -> list[str]:
    codes = []
    for token in raw.replace(",", " ").split():
        code = token.strip().upper()
        if code.isdigit() and len(code) == 4:
            code = "GM" + code
        if not (len(code) == 6 and code.startswith("GM") and code[2:].isdigit()):
            raise ServiceError(
                _l("%(code)s is not a CBS municipality code (like GM0797).", code=token),
                "municipality_codes",
            )
        if code not in codes:
            codes.append(code)
    return codes


def new_temporary_password() -> str:
    # Readable groups, long enough to pass the policy, meant to be changed at the first log-in.
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))


def add_member(
    session: Session,
    organisation: Organisation,
    email: str,
    name: str,
    role: str,
    policy: LoginPolicy,
) -> tuple[Membership, str | None]:
    """Add a colleague. A new account gets a temporary password, returned once to show the admin."""
    if role not in ROLES:
        raise ServiceError(_l("Choose a role."), "role")
    user = find_user(session, email)
    temporary_password = None
    if user is None:
        if not name.strip():
            raise ServiceError(_l("Enter the name of the new colleague."), "name")
        temporary_password = new_temporary_password()
        user = create_user(
            session, email, name, temporary_password, policy, must_change_password=True
        )
    elif user.membership_in(organisation.id) is not None:
        raise ServiceError(_l("This person is already a member of the organisation."), "email")
    membership = Membership(user=user, organisation=organisation, role=role)
    session.add(membership)
    session.flush()
    return membership, temporary_password


def _admin_count(session: Session, organisation_id: int) -> int:
    return session.scalar(
        select(func.count())
        .select_from(Membership)
        .where(Membership.organisation_id == organisation_id, Membership.role == "admin")
    )


def change_role(session: Session, membership: Membership, role: str) -> None:
    if role not in ROLES:
        raise ServiceError(_l("Choose a role."), "role")
    if (
        membership.role == "admin"
        and role != "admin"
        and _admin_count(session, membership.organisation_id) <= 1
    ):
        raise ServiceError(
            _l("An organisation needs at least one admin. Make someone else admin first."),
            "role",
        )
    membership.role = role
    session.flush()


def remove_member(session: Session, membership: Membership) -> None:
    if membership.role == "admin" and _admin_count(session, membership.organisation_id) <= 1:
        raise ServiceError(
            _l("An organisation needs at least one admin. Make someone else admin first.")
        )
    session.delete(membership)
    session.flush()


def list_members(session: Session, organisation_id: int) -> list[Membership]:
    return list(
        session.scalars(
            select(Membership)
            .join(User)
            .where(Membership.organisation_id == organisation_id)
            .order_by(func.lower(User.name))
        )
    )


def list_organisations(session: Session) -> list[tuple[Organisation, int]]:
    member_count = (
        select(func.count(Membership.id))
        .where(Membership.organisation_id == Organisation.id)
        .scalar_subquery()
    )
    rows = session.execute(
        select(Organisation, member_count).order_by(func.lower(Organisation.name))
    )
    return [(org, count) for org, count in rows]
