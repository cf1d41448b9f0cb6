"""The form for a selection model: name, municipality, level, year and up to twelve weighed
indicators (a fixed number of rows, so it works without JavaScript)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    FieldList,
    Form,
    FormField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from wwidw.interventions import taxonomy
from wwidw.neighbourhoods.selection import MAX_INDICATORS, IndicatorChoice

ROWS = 8


def _optional_int(value):
    return int(value) if value not in (None, "", "None") else None


class IndicatorRowForm(Form):
    indicator_key = SelectField(_l("Indicator"), validators=[Optional()])
    weight = SelectField(_l("Weight"), coerce=int, default=1,
                         choices=[SelectChoice(str(n), str(n)) for n in range(1, 11)])
    effort_when = SelectField(_l("Effort is needed when the value is"), default="")


class SelectionModelForm(FlaskForm):
    name = StringField(_l("Name"), validators=[
        DataRequired(_l("Give the model a name.")), Length(max=200)])
    description = TextAreaField(_l("What the model is for"), render_kw={"rows": 2},
                                validators=[Length(max=2000)])
    municipality_code = SelectField(_l("Municipality"))
    level = SelectField(_l("Areas to rank"), default="neighbourhood")
    year = SelectField(_l("Year"), coerce=_optional_int, validators=[Optional()],
                       description=_l("Most recent: the ranking moves along when new figures "
                                      "are imported."))
    indicators = FieldList(FormField(IndicatorRowForm), min_entries=ROWS,
                           max_entries=MAX_INDICATORS)

    def __init__(self, *args, municipalities=(), years=(), locale="nl", **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality_code.choices = [SelectChoice(a.code, f"{a.name} ({a.code})")
                                          for a in municipalities]
        self.level.choices = [SelectChoice("neighbourhood", str(_l("Neighbourhoods (buurten)"))),
                              SelectChoice("district", str(_l("Districts (wijken)")))]
        self.year.choices = [SelectChoice("", str(_l("Most recent")))] + [
            SelectChoice(str(y), str(y)) for y in sorted(years, reverse=True)]
        self._locale = locale
        self._set_row_choices()

    def _set_row_choices(self) -> None:
        locale = self._locale
        indicator_choices = [SelectChoice("", str(_l("(none)")))]
        domains = {d.key: d.label(locale) for d in taxonomy.life_domains()}
        for item in sorted(taxonomy.indicators(),
                           key=lambda i: (list(domains).index(i.life_domain), i.label(locale))):
            indicator_choices.append(SelectChoice(item.key, item.label(locale),
                                                  optgroup=domains[item.life_domain]))
        for row in self.indicators:
            row.indicator_key.choices = indicator_choices
            row.effort_when.choices = [
                SelectChoice("", str(_l("(as usual for this indicator)"))),
                SelectChoice("high", str(_l("high"))),
                SelectChoice("low", str(_l("low")))]

    def choices(self) -> list[IndicatorChoice]:
        """The filled rows; an empty direction takes the indicator's usual reading (a high
        share of low incomes needs effort, a high report mark does not)."""
        chosen = []
        for row in self.indicators:
            key = row.indicator_key.data
            if not key:
                continue
            direction = row.effort_when.data
            indicator = taxonomy.indicator(key)
            if not direction and indicator is not None and indicator.better != "neutral":
                direction = "high" if indicator.better == "lower" else "low"
            chosen.append(IndicatorChoice(key, row.weight.data or 1, direction or ""))
        return chosen

    def fill_from(self, model) -> None:
        self.name.data, self.description.data = model.name, model.description
        self.municipality_code.data, self.level.data = model.municipality_code, model.level
        self.year.data = model.year
        while len(self.indicators) < max(ROWS, len(model.indicators) + 2) and \
                len(self.indicators) < MAX_INDICATORS:
            self.indicators.append_entry()
        self._set_row_choices()
        for row, item in zip(self.indicators, model.indicators, strict=False):
            row.indicator_key.data = item.indicator_key
            row.weight.data = item.weight
            row.effort_when.data = item.effort_when
