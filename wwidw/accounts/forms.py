"""Forms for logging in, the own account, colleagues and organisations."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from wwidw.accounts.models import ORGANISATION_KINDS, ROLES


def role_choices() -> list[SelectChoice]:
    labels = {
        "viewer": _l("Viewer: reads"),
        "worker": _l("Worker: describes and monitors interventions"),
        "manager": _l("Manager: also publishes and reviews reports"),
        "admin": _l("Admin: also manages colleagues, free fields and program lines"),
    }
    return [SelectChoice(role, str(labels[role])) for role in ROLES]


def short_role_choices() -> list[SelectChoice]:
    return [SelectChoice(role, role_label(role)) for role in ROLES]


def role_label(role: str) -> str:
    return str(
        {
            "viewer": _l("Viewer"),
            "worker": _l("Worker"),
            "manager": _l("Manager"),
            "admin": _l("Admin"),
        }[role]
    )


def kind_label(kind: str) -> str:
    return str(
        {
            "housing": _l("Housing corporation"),
            "municipality": _l("Municipality"),
            "welfare": _l("Welfare organisation"),
            "health": _l("Health organisation"),
            "other": _l("Other"),
        }[kind]
    )


def kind_choices() -> list[SelectChoice]:
    return [SelectChoice(kind, kind_label(kind)) for kind in ORGANISATION_KINDS]


class LoginForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(_l("Enter your e-mail address.")), Length(max=254)],
        render_kw={"autocomplete": "username", "autofocus": True},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter your password."))],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Keep me logged in on this device"))
    next = HiddenField()


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(_l("Enter your current password."))],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = PasswordField(
        _l("New password"),
        validators=[DataRequired(_l("Enter a new password."))],
        render_kw={"autocomplete": "new-password"},
    )
    confirm_password = PasswordField(
        _l("Repeat the new password"),
        validators=[
            DataRequired(_l("Repeat the new password.")),
            EqualTo("new_password", _l("The two passwords are not the same.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class ProfileForm(FlaskForm):
    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Enter your name.")), Length(max=200)]
    )
    locale = SelectField(
        _l("Language"), choices=[SelectChoice("nl", "Nederlands"), SelectChoice("en", "English")]
    )


class LanguageForm(FlaskForm):
    locale = HiddenField(validators=[DataRequired()])
    next = HiddenField()


class SwitchOrganisationForm(FlaskForm):
    organisation_id = HiddenField(validators=[DataRequired()])
    next = HiddenField()


class MemberAddForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[
            DataRequired(_l("Enter an e-mail address.")),
            Email(_l("Enter a valid e-mail address."), check_deliverability=False),
            Length(max=254),
        ],
    )
    name = StringField(
        _l("Name"),
        validators=[Optional(), Length(max=200)],
        description=_l("Needed only when this person has no account yet."),
    )
    role = SelectField(_l("Role"), choices=role_choices, default="worker")


class MemberRoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=short_role_choices)


class ConfirmForm(FlaskForm):
    """An empty form: a POST button with its CSRF token."""


class OrganisationForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(_l("Enter the organisation's name.")), Length(max=200)],
    )
    kind = SelectField(_l("Kind of organisation"), choices=kind_choices)
    municipality_codes = StringField(
        _l("Municipalities (CBS codes)"),
        validators=[Optional(), Length(max=500)],
        description=_l("The municipalities you work in, e.g. GM0797 GM0363. Separate with spaces."),
    )
    first_admin_email = EmailField(
        _l("E-mail address of the first admin"),
        validators=[
            Optional(),
            Email(_l("Enter a valid e-mail address."), check_deliverability=False),
        ],
        description=_l("Optional. This person can then add the other colleagues."),
    )
    first_admin_name = StringField(_l("Name of the first admin"), validators=[Optional()])


class OrganisationEditForm(FlaskForm):
    kind = SelectField(_l("Kind of organisation"), choices=kind_choices)
    municipality_codes = StringField(
        _l("Municipalities (CBS codes)"),
        validators=[Optional(), Length(max=500)],
        description=_l("The municipalities you work in, e.g. GM0797 GM0363. Separate with spaces."),
    )
