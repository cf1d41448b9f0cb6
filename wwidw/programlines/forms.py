"""Forms for program lines and for sorting an intervention under them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from wwidw.interventions.forms import CheckboxListField


class ProgramLineForm(FlaskForm):
    name = StringField(_l("Name"), validators=[
        DataRequired(_l("Give the program line a name.")), Length(max=200)])
    description = TextAreaField(_l("Description"), render_kw={"rows": 3})
    parent_id = SelectField(
        _l("Sub-line of"),
        coerce=lambda v: int(v) if v not in (None, "", "None") else None,
        validators=[Optional()],
    )
    municipality_code = StringField(
        _l("Municipality (CBS code)"), validators=[Optional(), Length(max=6)],
        description=_l("Optional: the municipality the line is agreed with, e.g. GM0797."))
    start_date = DateField(_l("Start date"), validators=[Optional()])
    end_date = DateField(_l("End date"), validators=[Optional()])

    def __init__(self, *args, top_lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.parent_id.choices = [SelectChoice("", str(_l("(a main line)")))] + [
            SelectChoice(str(line.id), line.name) for line in top_lines]


class SortForm(FlaskForm):
    version = HiddenField()
    program_lines = CheckboxListField(
        _l("Program lines"), coerce=int,
        description=_l("The program lines of your organisation this intervention belongs to."))


class ConfirmForm(FlaskForm):
    """A POST button with its CSRF token."""
