"""Forms of the report pages: the manager's conclusions, and the resident summary with the
goals that appear in it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, TextAreaField
from wtforms.validators import Length, Optional

from wwidw.interventions.forms import CheckboxListField
from wwidw.monitor.report import MAX_TEXT

MARKDOWN_HELP = _l("Markdown is allowed: *italic*, **bold**, lists with a dash.")


class ConclusionsForm(FlaskForm):
    conclusions = TextAreaField(_l("Conclusions"), render_kw={"rows": 8},
                                validators=[Length(max=MAX_TEXT)], description=MARKDOWN_HELP)


class SummaryForm(FlaskForm):
    summary = TextAreaField(
        _l("Summary for residents"), render_kw={"rows": 8}, validators=[Length(max=MAX_TEXT)],
        description=_l("Plain language: what the intervention does, for whom, and what it has "
                       "achieved so far. Markdown is allowed."))
    goals = CheckboxListField(_l("Goals residents see"), coerce=int, validators=[Optional()],
                              description=_l("Each ticked goal appears with one sentence on "
                                             "where it stands."))

    def __init__(self, *args, goals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.goals.choices = [SelectChoice(g.id, g.description) for g in goals]
