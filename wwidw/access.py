"""The access layer: every view declares who may use it, and this module enforces it.

A view without a declaration is a defect; ``tests/test_access_declared.py`` walks ``app.url_map``
and fails on any endpoint whose view function carries no ``access_rule``.

Objects of an organisation the user does not belong to answer 404, not 403: their existence is
not the user's business (DESIGN §5). 403 is kept for pages whose existence is no secret, such as an
admin page seen by a viewer of the same organisation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from flask import abort, g, session
from flask_login import current_user

from wwidw.accounts.models import Membership, Organisation, role_rank
from wwidw.extensions import db, login_manager

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class AccessRule:
    kind: str  # public | login | org | platform_admin | object
    min_role: str | None = None
    org_arg: str | None = None

    def describe(self) -> str:
        if self.kind == "org":
            return f"org:{self.min_role}"
        return self.kind


def _declare(rule: AccessRule, check: Callable[[dict[str, Any]], None]) -> Callable[[F], F]:
    def decorator(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            check(kwargs)
            return view(*args, **kwargs)

        wrapper.access_rule = rule  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorator


def public(view: F) -> F:
    """Anyone, logged in or not."""
    return _declare(AccessRule("public"), lambda kwargs: None)(view)


def _require_login() -> None:
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())


def login_required(view: F) -> F:
    """Any logged-in user."""
    return _declare(AccessRule("login"), lambda kwargs: _require_login())(view)


def platform_admin(view: F) -> F:
    """Platform administrators only; others get 403 (admin pages are not secret)."""

    def check(kwargs: dict[str, Any]) -> None:
        _require_login()
        if not current_user.is_platform_admin:
            abort(403)

    return _declare(AccessRule("platform_admin"), check)(view)


def org_role(min_role: str, org_arg: str = "org_id", allow_platform_admin: bool = False):
    """Members of the organisation in the URL with at least ``min_role``.

    Non-members get 404. With ``allow_platform_admin`` a platform administrator may act as an
    admin of any organisation (needed to give a new organisation its first admin).
    Sets ``g.organisation`` and ``g.membership`` for the view.
    """
    role_rank(min_role)  # fail at import time on a misspelt role

    def check(kwargs: dict[str, Any]) -> None:
        _require_login()
        organisation = db.session.get(Organisation, kwargs.get(org_arg))
        if organisation is None:
            abort(404)
        membership = current_user.membership_in(organisation.id)
        if membership is None:
            if allow_platform_admin and current_user.is_platform_admin:
                g.organisation, g.membership = organisation, None
                return
            abort(404)
        if not membership.has_role(min_role):
            abort(403)
        g.organisation, g.membership = organisation, membership

    return _declare(AccessRule("org", min_role, org_arg), check)


def member_object(loader: Callable[[dict[str, Any]], Any], name: str):
    """Logged-in users, for a URL that names an object (an intervention, an attachment).

    ``loader`` receives the URL arguments and returns the object if the current user may see
    it, else None (answered with 404); it may also abort with 403 itself when the object is
    visible but the action is not allowed. The object is put on ``g.<name>``.
    """

    def check(kwargs: dict[str, Any]) -> None:
        _require_login()
        found = loader(kwargs)
        if found is None:
            abort(404)
        setattr(g, name, found)

    return _declare(AccessRule("object", org_arg=name), check)


def current_membership() -> Membership | None:
    """The membership the user is working in: the one chosen last, else the first."""
    if not current_user.is_authenticated or not current_user.memberships:
        return None
    chosen = session.get("org_id")
    if chosen is not None:
        membership = current_user.membership_in(chosen)
        if membership is not None:
            return membership
    return sorted(current_user.memberships, key=lambda m: m.organisation.name)[0]
