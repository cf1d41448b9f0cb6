"""Forms: answering an organisation's questions, and an admin defining one."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DecimalField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from wwidw.freefields.models import FreeField
from wwidw.freefields.types import REGISTRY, field_type
from wwidw.interventions.forms import CheckboxListField


def answers_form(fields: list[FreeField], locale: str, answers: dict[int, object], formdata):
    """A form class made for this request with one ``ff_<id>`` field per active question.

    Required answers of conditional questions are checked by the service, which knows whether
    the question applies; the form only checks the answer's shape.
    """

    class AnswersForm(FlaskForm):
        version = HiddenField()

    conditions = {}
    for field in fields:
        kind = field_type(field.field_type)
        if kind is None:
            continue  # a kind this version does not know: skipped, its answers untouched
        required = field.is_required and field.show_if_field_id is None
        setattr(AnswersForm, f"ff_{field.id}",
                kind.form_field(field, locale, required, answers.get(field.id)))
        if field.show_if_field_id:
            conditions[f"ff_{field.id}"] = {"field": f"ff_{field.show_if_field_id}",
                                            "values": list(field.show_if_values)}
    data = {f"ff_{f.id}": field_type(f.field_type).to_form(f, answers.get(f.id))
            for f in fields if field_type(f.field_type) and f.id in answers}
    form = AnswersForm(formdata=formdata, data=data if formdata is None else None)
    form.conditions = conditions
    return form


def type_choices() -> list[SelectChoice]:
    return [SelectChoice(key, str(kind.label)) for key, kind in REGISTRY.items()]


class FieldDefinitionForm(FlaskForm):
    label_nl = StringField(_l("Question (Dutch)"),
                           validators=[DataRequired(_l("Give the question a Dutch label.")),
                                       Length(max=300)])
    label_en = StringField(_l("Question (English)"), validators=[Optional(), Length(max=300)])
    help_nl = TextAreaField(_l("Help text (Dutch)"), render_kw={"rows": 2})
    help_en = TextAreaField(_l("Help text (English)"), render_kw={"rows": 2})
    field_type = SelectField(_l("Kind of answer"), choices=type_choices)
    is_required = BooleanField(_l("An answer is required"))
    visibility = RadioField(
        _l("Who sees the answers?"),
        choices=lambda: [
            SelectChoice("organisation", str(_l("Own organisation only"))),
            SelectChoice("shared", str(_l("Shared: also member organisations, and residents "
                                          "when the intervention is public"))),
        ],
        default="organisation",
    )
    new_choices = TextAreaField(
        _l("Add choices"),
        description=_l("For a choice question: one choice per line, the Dutch label, "
                       "optionally followed by | and the English label."),
        render_kw={"rows": 4},
    )
    unit = StringField(_l("Unit"), validators=[Optional(), Length(max=40)],
                       description=_l("For a number, e.g. participants or euro."))
    min = DecimalField(_l("Minimum"), validators=[Optional()])
    max = DecimalField(_l("Maximum"), validators=[Optional()])
    decimals = IntegerField(_l("Decimals"), default=0,
                            validators=[Optional(), NumberRange(min=0, max=6)])
    show_if_field_id = SelectField(
        _l("Show only if"),
        coerce=lambda v: int(v) if v not in (None, "", "None") else None,
        validators=[Optional()],
        description=_l("Ask this question only when another question has a certain answer."),
    )
    show_if_values = CheckboxListField(_l("… has one of these answers"), validate_choice=False)

    def __init__(self, *args, others: list[FreeField] = (), locale: str = "nl", **kwargs):
        super().__init__(*args, **kwargs)
        conditional = [f for f in others if f.field_type in ("yesno", "choice", "multichoice")]
        self.show_if_field_id.choices = [SelectChoice("", str(_l("(always ask)")))] + [
            SelectChoice(str(f.id), f.label(locale)) for f in conditional
        ]
        options = []
        for f in conditional:
            if f.field_type == "yesno":
                options += [SelectChoice("yes", f"{f.label(locale)}: {_l('Yes')}"),
                            SelectChoice("no", f"{f.label(locale)}: {_l('No')}")]
            else:
                options += [SelectChoice(c["value"], f"{f.label(locale)}: "
                                                     f"{f.choice_label(c['value'], locale)}")
                            for c in f.choices if not c.get("retired")]
        self.show_if_values.choices = options


class ConfirmForm(FlaskForm):
    """A POST button with its CSRF token."""
