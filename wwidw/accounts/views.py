"""Views for logging in and out, the own account, colleagues and organisations."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from wwidw import access
from wwidw.accounts import services
from wwidw.accounts.forms import (
    ConfirmForm,
    LanguageForm,
    LoginForm,
    MemberAddForm,
    MemberRoleForm,
    OrganisationEditForm,
    OrganisationForm,
    PasswordChangeForm,
    ProfileForm,
    SwitchOrganisationForm,
)
from wwidw.accounts.models import Membership
from wwidw.errors import ServiceError
from wwidw.extensions import db
from wwidw.http import attach_error, client_address, login_policy, safe_next
from wwidw.neighbourhoods.services import names_by_code

bp = Blueprint("accounts", __name__, template_folder="templates")

# Pages a user who must first choose a new password may still open.
_ALLOWED_BEFORE_PASSWORD_CHANGE = {
    "accounts.change_password",
    "accounts.logout",
    "accounts.set_language",
    "static",
    "bootstrap.static",
}


@bp.before_app_request
def _require_new_password():
    if (
        current_user.is_authenticated
        and current_user.must_change_password
        and request.endpoint not in _ALLOWED_BEFORE_PASSWORD_CHANGE
    ):
        return redirect(url_for("accounts.change_password"))
    return None


@bp.route("/login", methods=["GET", "POST"])
@access.public
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        result = services.authenticate(
            db.session, form.email.data, form.password.data, client_address(), login_policy()
        )
        db.session.commit()
        if result.throttled:
            form.form_errors.append(
                _(
                    "Too many failed attempts. Try again in %(wait)s.",
                    wait=format_timedelta(result.retry_after, threshold=1.1),
                )
            )
            return render_template("accounts/login.html", form=form), 429
        if not result.ok:
            form.form_errors.append(_("The e-mail address or password is not correct."))
            return render_template("accounts/login.html", form=form), 200
        # A fresh session on log-in: nothing from before the log-in carries over (fixation).
        session.clear()
        login_user(result.user, remember=form.remember.data)
        session["lang"] = result.user.locale
        flash(_("Welcome, %(name)s.", name=result.user.name), "success")
        return redirect(safe_next(form.next.data))
    return render_template("accounts/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@access.login_required
def logout():
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    locale = current_user.locale
    logout_user()
    session.clear()
    session["lang"] = locale
    flash(_("You are logged out."), "info")
    return redirect(url_for("accounts.login"))


@bp.route("/language", methods=["POST"])
@access.public
def set_language():
    form = LanguageForm()
    if not form.validate_on_submit() or form.locale.data not in ("nl", "en"):
        abort(400)
    session["lang"] = form.locale.data
    if current_user.is_authenticated:
        services.set_locale(current_user, form.locale.data)
        db.session.commit()
    return redirect(safe_next(form.next.data))


@bp.route("/organisation/switch", methods=["POST"])
@access.login_required
def switch_organisation():
    form = SwitchOrganisationForm()
    if not form.validate_on_submit() or not form.organisation_id.data.isdigit():
        abort(400)
    membership = current_user.membership_in(int(form.organisation_id.data))
    if membership is None:
        abort(404)
    session["org_id"] = membership.organisation_id
    flash(_("You now work for %(org)s.", org=membership.organisation.name), "info")
    return redirect(safe_next(form.next.data))


@bp.route("/account", methods=["GET", "POST"])
@access.login_required
def profile():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        try:
            services.update_profile(current_user, form.name.data, form.locale.data)
        except ServiceError as error:
            attach_error(form, error)
        else:
            db.session.commit()
            session["lang"] = current_user.locale
            flash(_("Your settings are saved."), "success")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form)


@bp.route("/account/password", methods=["GET", "POST"])
@access.login_required
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            services.change_own_password(
                current_user, form.current_password.data, form.new_password.data, login_policy()
            )
        except ServiceError as error:
            attach_error(form, error)
        else:
            db.session.commit()
            # The session token changed with the password; log in again in this browser only.
            login_user(current_user._get_current_object(), remember=False)
            flash(_("Your password is changed. Other devices are logged out."), "success")
            return redirect(url_for("main.home"))
    return render_template("accounts/change_password.html", form=form)


@bp.route("/organisations/<int:org_id>/")
@access.org_role("viewer")
def organisation(org_id: int):
    members = services.list_members(db.session, org_id)
    return render_template(
        "accounts/organisation.html",
        organisation=g.organisation,
        members=members,
        area_names=names_by_code(db.session, g.organisation.municipality_code_list),
    )


@bp.route("/organisations/<int:org_id>/settings", methods=["GET", "POST"])
@access.org_role("admin", allow_platform_admin=True)
def organisation_settings(org_id: int):
    form = OrganisationEditForm(obj=g.organisation)
    if form.validate_on_submit():
        try:
            services.update_organisation(
                g.organisation, form.kind.data, form.municipality_codes.data or ""
            )
        except ServiceError as error:
            attach_error(form, error)
        else:
            db.session.commit()
            flash(_("The organisation's settings are saved."), "success")
            return redirect(url_for("accounts.organisation_settings", org_id=org_id))
    return render_template(
        "accounts/organisation_settings.html", organisation=g.organisation, form=form
    )


@bp.route("/organisations/<int:org_id>/members", methods=["GET", "POST"])
@access.org_role("admin", allow_platform_admin=True)
def members(org_id: int):
    form = MemberAddForm()
    if form.validate_on_submit():
        try:
            membership, temporary_password = services.add_member(
                db.session,
                g.organisation,
                form.email.data,
                form.name.data or "",
                form.role.data,
                login_policy(),
            )
        except ServiceError as error:
            attach_error(form, error)
        else:
            db.session.commit()
            if temporary_password:
                flash(
                    _(
                        "Account created for %(email)s. Give them this temporary password: "
                        "%(password)s. They choose their own at the first log-in; this "
                        "password is not shown again.",
                        email=membership.user.email,
                        password=temporary_password,
                    ),
                    "warning",
                )
            else:
                flash(
                    _("%(name)s is added to the organisation.", name=membership.user.name),
                    "success",
                )
            return redirect(url_for("accounts.members", org_id=org_id))
    members = services.list_members(db.session, org_id)
    return render_template(
        "accounts/members.html",
        organisation=g.organisation,
        members=members,
        form=form,
        role_forms={m.id: MemberRoleForm(prefix=f"m{m.id}", role=m.role) for m in members},
        confirm_form=ConfirmForm(),
    ), (400 if form.errors else 200)


def _membership_of_org(org_id: int, membership_id: int) -> Membership:
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.organisation_id != org_id:
        abort(404)
    return membership


@bp.route("/organisations/<int:org_id>/members/<int:membership_id>/role", methods=["POST"])
@access.org_role("admin", allow_platform_admin=True)
def change_role(org_id: int, membership_id: int):
    membership = _membership_of_org(org_id, membership_id)
    form = MemberRoleForm(prefix=f"m{membership.id}")
    if not form.validate_on_submit():
        flash(_("Choose a role."), "danger")
        return redirect(url_for("accounts.members", org_id=org_id))
    try:
        services.change_role(db.session, membership, form.role.data)
    except ServiceError as error:
        db.session.rollback()
        flash(str(error.message), "danger")
    else:
        db.session.commit()
        flash(_("The role of %(name)s is changed.", name=membership.user.name), "success")
    return redirect(url_for("accounts.members", org_id=org_id))


@bp.route("/organisations/<int:org_id>/members/<int:membership_id>/remove", methods=["POST"])
@access.org_role("admin", allow_platform_admin=True)
def remove_member(org_id: int, membership_id: int):
    membership = _membership_of_org(org_id, membership_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    name = membership.user.name
    try:
        services.remove_member(db.session, membership)
    except ServiceError as error:
        db.session.rollback()
        flash(str(error.message), "danger")
    else:
        db.session.commit()
        flash(_("%(name)s is no longer a member.", name=name), "success")
    return redirect(url_for("accounts.members", org_id=org_id))


@bp.route("/admin/organisations", methods=["GET", "POST"])
@access.platform_admin
def admin_organisations():
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            organisation, temporary_password = _create_organisation(form)
        except ServiceError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            db.session.commit()
            flash(_("Organisation %(name)s is created.", name=organisation.name), "success")
            if temporary_password:
                flash(
                    _(
                        "Temporary password for %(email)s: %(password)s. It is not shown again.",
                        email=form.first_admin_email.data,
                        password=temporary_password,
                    ),
                    "warning",
                )
            return redirect(url_for("accounts.admin_organisations"))
    return render_template(
        "accounts/admin_organisations.html",
        organisations=services.list_organisations(db.session),
        form=form,
    ), (400 if form.errors else 200)


def _create_organisation(form: OrganisationForm):
    organisation = services.create_organisation(
        db.session, form.name.data, form.kind.data, form.municipality_codes.data or ""
    )
    if not form.first_admin_email.data:
        return organisation, None
    try:
        _membership, temporary_password = services.add_member(
            db.session,
            organisation,
            form.first_admin_email.data,
            form.first_admin_name.data or "",
            "admin",
            login_policy(),
        )
    except ServiceError as error:
        # The member form's fields have other names on this form.
        error.field = {"email": "first_admin_email", "name": "first_admin_name"}.get(
            error.field or "", error.field
        )
        raise
    return organisation, temporary_password
