"""Uploading figures: CBS files by platform admins, local figures by organisations.

Both uploads are all or nothing: an error rolls the session back before the form is shown again,
so a refused file leaves the database as it was.
"""

from __future__ import annotations

import hashlib
import re

from flask import Response, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from wwidw import access
from wwidw.errors import ServiceError
from wwidw.extensions import db
from wwidw.http import attach_error
from wwidw.interventions import taxonomy
from wwidw.neighbourhoods import local_figures
from wwidw.neighbourhoods.blueprint import bp
from wwidw.neighbourhoods.cbs import CbsFileError, read_cbs_file
from wwidw.neighbourhoods.import_forms import CbsUploadForm, LocalFiguresForm
from wwidw.neighbourhoods.imports import ImportReport, import_cbs_table

# More row errors than this are counted, not listed: nobody reads a thousand-line list.
SHOWN_ROW_ERRORS = 200


# --- CBS files (platform admins) -----------------------------------------------------------


def _import_cbs(data: bytes, file_name: str, year: int | None) -> tuple[int, ImportReport]:
    """Read and import a CBS file; the id of its log entry and the report. Caller commits."""
    table = read_cbs_file(data, year=year)
    report = import_cbs_table(db.session, table, file_name, hashlib.sha256(data).hexdigest(),
                              user_id=current_user.id)
    return report.import_id, report


def _years_in(text: str) -> str:
    return ", ".join(re.findall(r"(?<!\d)\d{4}(?!\d)", text))


def _cbs_reason(error: CbsFileError) -> str:
    """The reader's reason in the user's language; its English text is the fallback."""
    code, reason, value = error.code, error.reason, (error.value or "").strip()
    if code == "not_csv":
        if "Excel" in reason:
            return _("This is an Excel or other zip file, not CSV: save the sheet as CSV first.")
        if "JSON" in reason:
            return _("This is JSON (GeoJSON?), not a CBS CSV file: download the table as CSV.")
        return _("This looks like a UTF-16 or binary file: save it as CSV (UTF-8) first.")
    if code == "empty_file":
        if "header" in reason:
            return _("The file has a header but no rows of figures.")
        return _("The file is empty.")
    if code == "unknown_dialect":
        return _("No column with CBS area codes or names was found. This does not look like a "
                 "CBS Kerncijfers wijken en buurten file: download the table from CBS StatLine "
                 "or CBS open data as CSV, with the area codes included.")
    if code == "malformed_csv":
        return _("The file is not valid CSV.")
    if code == "malformed_row":
        counts = re.search(r"has (\d+) fields where the header has (\d+)", reason)
        if counts:
            return _("this row has %(saw)s fields where the header has %(expected)s.",
                     saw=counts.group(1), expected=counts.group(2))
        return _("a quoted field is not closed on this row.")
    if code == "several_years":
        return _("This file holds figures for several periods (%(periods)s): export one year "
                 "per file.", periods=_years_in(reason))
    if code == "year_missing":
        return _("The file does not say which year it covers: fill in the year field.")
    if code == "year_ambiguous":
        return _("The file names several years (%(years)s): fill in the year it covers in the "
                 "year field.", years=_years_in(reason))
    if code == "year_invalid":
        return _("%(year)s is not a valid year for CBS figures.", year=_years_in(reason))
    if code == "year_mismatch":
        parts = re.search(r"covers (.+?), but (\d+) was given", reason)
        if parts:
            return _("The file says it covers %(named)s, but you gave %(year)s: leave the year "
                     "empty or give %(named)s.", named=_years_in(parts.group(1)),
                     year=parts.group(2))
    if code == "bad_code":
        return _("“%(value)s” is not a CBS area code (GM, WK or BU and digits, like GM0797, "
                 "WK079701, BU07970101 or BU0363AA01).", value=value)
    if code == "duplicate_code":
        return _("area code “%(value)s” occurs more than once.", value=value)
    if code == "level_mismatch":
        return _("the kind of area (“%(value)s”) does not fit its code.", value=value)
    if code == "bad_value":
        return _("“%(value)s” is not a number (nor a missing-value mark: '.', empty or NA).",
                 value=value)
    return reason


def cbs_error_message(error: CbsFileError) -> str:
    """A refused CBS file as the user reads it: the row, the column and the reason."""
    reason = _cbs_reason(error)
    more = re.search(r"\((\d+) more problems? in the file\.\)", error.reason)
    if more:
        reason += " " + ngettext("(%(num)d more problem in the file.)",
                                 "(%(num)d more problems in the file.)", int(more.group(1)))
    if error.line is not None and error.column:
        return _("Row %(row)d, column “%(column)s”: %(reason)s", row=error.line,
                 column=error.column, reason=reason)
    if error.line is not None:
        return _("Row %(row)d: %(reason)s", row=error.line, reason=reason)
    if error.column:
        return _("Column “%(column)s”: %(reason)s", column=error.column, reason=reason)
    return reason


@bp.route("/admin/figures")
@access.platform_admin
def admin_imports():
    return render_template("neighbourhoods/imports/admin_list.html",
                           entries=local_figures.import_log(db.session))


@bp.route("/admin/figures/import", methods=["GET", "POST"])
@access.platform_admin
def cbs_upload():
    form = CbsUploadForm()
    if form.validate_on_submit():
        data = form.file.data.read()
        file_name = form.file.data.filename or "cbs.csv"
        try:
            import_id, report = _import_cbs(data, file_name, form.year.data)
        except CbsFileError as error:
            db.session.rollback()
            attach_error(form, ServiceError(cbs_error_message(error), "file"))
        except ServiceError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            db.session.commit()
            # Unchanged and missing counts are not in the import log; they are shown once, here.
            flash(_("The %(year)d figures are imported: %(areas)d areas, %(added)d values "
                    "added, %(changed)d changed, %(unchanged)d already up to date; %(missing)d "
                    "values are missing in the file (kept as missing, not 0).",
                    year=report.year, areas=report.areas, added=report.values_added,
                    changed=report.values_changed, unchanged=report.values_unchanged,
                    missing=report.missing), "success")
            return redirect(url_for("neighbourhoods.admin_import_report", import_id=import_id))
    return render_template("neighbourhoods/imports/cbs_upload.html", form=form), (
        400 if form.errors else 200)


@bp.route("/admin/figures/imports/<int:import_id>")
@access.platform_admin
def admin_import_report(import_id: int):
    entry = local_figures.log_entry(db.session, import_id)
    if entry is None:
        abort(404)
    return render_template("neighbourhoods/imports/report.html", entry=entry, organisation=None)


# --- local figures (organisations) ---------------------------------------------------------


def _local_page(form: LocalFiguresForm | None, row_errors: list | None = None):
    organisation = g.organisation
    return render_template(
        "neighbourhoods/imports/local.html", organisation=organisation, form=form,
        holdings=local_figures.holdings(db.session, organisation.id),
        entries=local_figures.import_log(db.session, organisation.id, local_figures.KIND_LOCAL),
        row_errors=(row_errors or [])[:SHOWN_ROW_ERRORS],
        row_error_count=len(row_errors or []), indicators=taxonomy.indicators(),
        indicator=taxonomy.indicator)


@bp.route("/organisations/<int:org_id>/figures")
@access.org_role("viewer")
def local_figures_page(org_id: int):
    can_upload = g.membership is not None and g.membership.has_role("manager")
    return _local_page(LocalFiguresForm() if can_upload else None)


@bp.route("/organisations/<int:org_id>/figures", methods=["POST"])
@access.org_role("manager")
def local_upload(org_id: int):
    form = LocalFiguresForm()
    row_errors: list = []
    if form.validate_on_submit():
        try:
            report = local_figures.import_local_figures(
                db.session, org_id, form.file.data.read(), form.file.data.filename or "",
                form.shared.data, current_user.id)
        except local_figures.LocalFiguresError as error:
            db.session.rollback()
            attach_error(form, error)
            row_errors = error.errors
        except ServiceError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            db.session.commit()
            flash(ngettext(
                "%(num)d figure is imported: %(added)d added, %(changed)d changed, "
                "%(unchanged)d already up to date; %(missing)d of them are missing (kept as "
                "missing, not 0).",
                "%(num)d figures are imported: %(added)d added, %(changed)d changed, "
                "%(unchanged)d already up to date; %(missing)d of them are missing (kept as "
                "missing, not 0).",
                report.rows, added=report.values_added, changed=report.values_changed,
                unchanged=report.values_unchanged, missing=report.missing), "success")
            return redirect(url_for("neighbourhoods.local_import_report", org_id=org_id,
                                    import_id=report.import_id))
    return _local_page(form, row_errors), 400


@bp.route("/organisations/<int:org_id>/figures/example.csv")
@access.org_role("viewer")
def local_example(org_id: int):
    codes = g.organisation.municipality_code_list
    text = local_figures.example_csv(codes[0] if codes else "GM0797")
    # A BOM, so Excel opens the UTF-8 file with its accents intact.
    return Response("\ufeff" + text, mimetype="text/csv", headers={
        "Content-Disposition": "attachment; filename=lokale-cijfers-voorbeeld.csv"})


@bp.route("/organisations/<int:org_id>/figures/imports/<int:import_id>")
@access.org_role("viewer")
def local_import_report(org_id: int, import_id: int):
    entry = local_figures.log_entry(db.session, import_id, organisation_id=org_id)
    if entry is None:
        abort(404)  # another organisation's import, or a CBS import: not this page's business
    return render_template("neighbourhoods/imports/report.html", entry=entry,
                           organisation=g.organisation)
