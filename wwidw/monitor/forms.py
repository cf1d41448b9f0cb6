"""Forms of the monitoring plan: a goal with its baseline, up to four target periods and an
optional link to a neighbourhood figure; a funder's budget."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from wwidw.interventions import taxonomy

TARGET_ROWS = 4

RESULT_TYPE_LABELS = {"activity": _l("Activity result (output)"),
                      "economic": _l("Economic result (costs, savings)"),
                      "effect": _l("Effect result (outcome)")}
MEASURE_LABELS = {"number": _l("Number"), "percentage": _l("Percentage"),
                  "currency": _l("Amount in euros"), "score": _l("Score from 1 to 10")}
DIRECTION_LABELS = {"increase": _l("Increase"), "decrease": _l("Decrease"),
                    "maintain": _l("Maintain")}
FREQUENCY_LABELS = {"once": _l("Once, at the end"), "yearly": _l("Every year"),
                    "half_yearly": _l("Every half year"), "quarterly": _l("Every quarter"),
                    "monthly": _l("Every month")}


def parse_number(text: str | None) -> float | None:
    """``7,5``, ``7.5``, ``1.250`` (Dutch thousands), ``1.250,5``; None when empty."""
    cleaned = re.sub(r"[\s%€]", "", text or "")
    if not cleaned:
        return None
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", cleaned):
        cleaned = cleaned.replace(".", "")
    cleaned = cleaned.replace(",", ".")
    try:
        return float(cleaned)
    except ValueError as error:
        raise ValueError(cleaned) from error


class NumberField(StringField):
    """A number as people type it in the Netherlands; ``.data`` is a float or None."""

    def process_formdata(self, valuelist):
        self.raw = valuelist[0] if valuelist else ""
        try:
            self.data = parse_number(self.raw)
        except ValueError:
            self.data = None
            raise ValueError(_l("“%(value)s” is not a number; write for example 12 or 7,5.",
                                value=self.raw)) from None

    def _value(self) -> str:
        if getattr(self, "raw", None) is not None and self.raw != "":
            return self.raw
        if self.data is None:
            return ""
        return f"{self.data:g}".replace(".", ",")


def _choices(labels: dict) -> list[SelectChoice]:
    return [SelectChoice(key, str(label)) for key, label in labels.items()]


class TargetForm(Form):
    period_start = DateField(_l("From"), validators=[Optional()])
    period_end = DateField(_l("Until"), validators=[Optional()])
    value = NumberField(_l("Target value"))
    note = StringField(_l("Note"), validators=[Length(max=300)])


class GoalForm(FlaskForm):
    result_type = SelectField(_l("Kind of result"), default="effect")
    description = TextAreaField(
        _l("Goal"), render_kw={"rows": 2},
        validators=[DataRequired(_l("Describe the goal.")), Length(max=2000)],
        description=_l("What should change, for whom and where, e.g. 'More residents of "
                       "Drunen-Centrum know their neighbours'."))
    effect_key = SelectField(_l("Effect it serves"), validators=[Optional()])
    indicator_name = StringField(
        _l("Indicator"), validators=[DataRequired(_l("Name the indicator.")), Length(max=200)],
        description=_l("What you measure, e.g. 'share of residents who know their neighbours'."))
    definition = TextAreaField(_l("Definition"), render_kw={"rows": 2},
                               validators=[Length(max=2000)])
    measure = SelectField(_l("Measured as"), default="number")
    unit_label = StringField(_l("Unit"), validators=[Length(max=60)],
                             description=_l("What is counted, e.g. households or meetings."))
    direction = SelectField(_l("Direction"), default="increase")
    cumulative = BooleanField(
        _l("Cumulative"), description=_l("Each measurement is a running total (or a level), so "
                                         "the latest one counts; otherwise the measurements of a "
                                         "period are added up. Percentages are never added up."))
    target_frequency = SelectField(_l("Targets"), default="once")
    data_source = StringField(_l("Data source / means of verification"),
                              validators=[Length(max=300)])
    baseline_value = NumberField(_l("Baseline (nulmeting)"))
    baseline_date = DateField(_l("Baseline date"), validators=[Optional()])
    baseline_source = StringField(_l("Baseline source"), validators=[Length(max=300)])
    baseline_na = BooleanField(_l("A baseline is not applicable"))
    baseline_na_reason = StringField(_l("Why not"), validators=[Length(max=300)])
    area_code = StringField(
        _l("Area (CBS code)"), validators=[Length(max=10)],
        description=_l("Optional: read this goal from neighbourhood figures of an area, e.g. "
                       "BU07970101. The baseline and later values then come from the imports."))
    indicator_key = SelectField(_l("Neighbourhood figure"), validators=[Optional()])
    public = BooleanField(_l("Residents may see this goal"),
                          description=_l("Only when a manager publishes the resident summary."))
    targets = FieldList(FormField(TargetForm), min_entries=TARGET_ROWS, max_entries=TARGET_ROWS)

    def __init__(self, *args, locale: str = "nl", **kwargs):
        super().__init__(*args, **kwargs)
        self.result_type.choices = _choices(RESULT_TYPE_LABELS)
        self.measure.choices = _choices(MEASURE_LABELS)
        self.direction.choices = _choices(DIRECTION_LABELS)
        self.target_frequency.choices = _choices(FREQUENCY_LABELS)
        self.effect_key.choices = [SelectChoice("", str(_l("(none)")))] + [
            SelectChoice(effect.key, effect.label(locale), optgroup=domain.label(locale))
            for domain, effects in taxonomy.effects_by_domain() for effect in effects]
        domains = {d.key: d.label(locale) for d in taxonomy.life_domains()}
        self.indicator_key.choices = [SelectChoice("", str(_l("(none)")))] + [
            SelectChoice(i.key, i.label(locale), optgroup=domains[i.life_domain])
            for i in sorted(taxonomy.indicators(),
                            key=lambda i: (list(domains).index(i.life_domain), i.label(locale)))]

    def validate_targets(self, field) -> None:
        for row in field:
            parts = (row.period_start.data, row.period_end.data, row.value.data)
            if any(part is not None for part in parts) and not all(
                    part is not None for part in parts):
                raise ValidationError(_l("A target needs a start, an end and a value."))

    def data_for_service(self) -> dict:
        names = ("result_type", "description", "effect_key", "indicator_name", "definition",
                 "measure", "unit_label", "direction", "cumulative", "target_frequency",
                 "data_source", "baseline_value", "baseline_date", "baseline_source",
                 "baseline_na", "baseline_na_reason", "area_code", "indicator_key", "public")
        data = {name: self[name].data for name in names}
        data["targets"] = [(row.period_start.data, row.period_end.data, row.value.data,
                            row.note.data) for row in self.targets
                           if row.value.data is not None and row.period_start.data
                           and row.period_end.data]
        return data

    def fill_from(self, goal) -> None:
        for name in ("result_type", "description", "effect_key", "indicator_name",
                     "definition", "measure", "unit_label", "direction", "cumulative",
                     "target_frequency", "data_source", "baseline_value", "baseline_date",
                     "baseline_source", "baseline_na", "baseline_na_reason", "indicator_key",
                     "public"):
            self[name].data = getattr(goal, name)
        self.area_code.data = goal.area.code if goal.area is not None else ""
        for row, target in zip(self.targets, goal.targets, strict=False):
            row.period_start.data, row.period_end.data = target.period_start, target.period_end
            row.value.data, row.note.data = target.value, target.note


class BudgetForm(FlaskForm):
    funder = StringField(_l("Funder"), validators=[DataRequired(_l("Name the funder.")),
                                                   Length(max=200)])
    amount = StringField(_l("Budget in euros"), description=_l("Empty removes the budget."))
