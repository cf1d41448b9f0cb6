"""Forms for uploading figures: a CBS file (platform admins) and local figures (organisations)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, IntegerField
from wtforms.validators import NumberRange, Optional


class CbsUploadForm(FlaskForm):
    file = FileField(
        _l("CBS file (CSV)"), validators=[FileRequired(_l("Choose a file."))],
        description=_l("A Kerncijfers wijken en buurten table as CSV, from CBS StatLine or CBS "
                       "open data, with the area codes included."))
    year = IntegerField(
        _l("Year"),
        validators=[Optional(), NumberRange(1990, 2100, _l("Give a year from 1990 to 2100."))],
        description=_l("Only needed when the file does not say which year it covers."))


class LocalFiguresForm(FlaskForm):
    file = FileField(_l("File (CSV or Excel)"), validators=[FileRequired(_l("Choose a file."))])
    shared = BooleanField(
        _l("Share with other organisations"),
        description=_l("Other organisations on the platform then see these figures too. "
                       "Without this, only your organisation sees them."))
