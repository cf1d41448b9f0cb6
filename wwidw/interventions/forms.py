"""Forms of the description wizard, one per step, and the small forms around it.

Choices come from the project's vocabularies and are built per request, so labels follow the
user's language.
"""

from __future__ import annotations

from decimal import Decimal

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    DateField,
    DecimalField,
    EmailField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)
from wtforms.widgets import CheckboxInput, ListWidget

from wwidw.interventions import taxonomy

MARKDOWN_HELP = _l("You can use Markdown: **bold**, *italic*, lists with - and links.")


def locale() -> str:
    return str(get_locale() or "nl")


class CheckboxListField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def status_label(status: str) -> str:
    return str({
        "idea": _l("Idea"), "running": _l("Running"), "finished": _l("Finished"),
        "stopped": _l("Stopped"),
    }[status])


def kind_label(kind: str) -> str:
    return str({"practice": _l("Practice description"), "archetype": _l("Archetype")}[kind])


def visibility_label(visibility: str) -> str:
    return str({
        "organisation": _l("Own organisation only"),
        "community": _l("Member organisations (community)"),
        "public": _l("Public: also residents"),
    }[visibility])


def recognition_label(level: str) -> str:
    return str({
        "none": _l("Not assessed"),
        "well_described": _l("Well described"),
        "well_founded": _l("Well founded"),
        "first_indications": _l("First indications of effectiveness"),
        "good_indications": _l("Good indications of effectiveness"),
        "strong_indications": _l("Strong indications of effectiveness"),
    }[level])


def _choices(values, label) -> list[SelectChoice]:
    return [SelectChoice(v, label(v)) for v in values]


class StepForm(FlaskForm):
    version = HiddenField()


class BasicsForm(StepForm):
    title = StringField(
        _l("Name of the intervention"),
        validators=[DataRequired(_l("Give the intervention a name.")), Length(max=200)],
    )
    kind = RadioField(
        _l("Kind of description"),
        choices=lambda: _choices(("practice", "archetype"), kind_label),
        default="practice",
        description=_l("A practice description is one local project. An archetype describes a "
                       "type of project carried out in many places."),
    )
    archetype_id = SelectField(
        _l("Example of archetype"),
        coerce=lambda v: int(v) if v not in (None, "", "None") else None,
        validators=[Optional()],
        description=_l("Optional: the type of project this is an example of."),
    )
    summary = TextAreaField(
        _l("Summary"),
        validators=[Length(max=2000)],
        description=_l("Two or three sentences: what happens, for whom, with what aim."),
        render_kw={"rows": 3},
    )
    themes = CheckboxListField(_l("Themes"))
    areas = StringField(
        _l("Neighbourhoods and districts"),
        description=_l("Names or CBS codes, separated by commas, e.g. Vliedberg, BU07970101. "
                       "A whole municipality or district is fine too."),
        render_kw={"list": "area-options", "autocomplete": "off"},
    )
    status = SelectField(_l("Status"),
                         choices=lambda: _choices(("idea", "running", "finished", "stopped"),
                                                  status_label))
    start_date = DateField(_l("Start date"), validators=[Optional()])
    end_date = DateField(_l("End date"), validators=[Optional()])
    contact_name = StringField(_l("Contact person"), validators=[Length(max=200)])
    contact_email = EmailField(
        _l("Contact e-mail address"),
        validators=[Optional(), Email(_l("Enter a valid e-mail address."),
                                      check_deliverability=False), Length(max=254)],
    )

    def __init__(self, *args, archetypes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.themes.choices = [SelectChoice(t.key, t.label(locale())) for t in taxonomy.themes()]
        self.archetype_id.choices = [SelectChoice("", str(_l("(none)")))] + [
            SelectChoice(str(a.id), a.title) for a in archetypes
        ]


class ProblemForm(StepForm):
    problem = TextAreaField(_l("Problem (aanleiding)"), description=MARKDOWN_HELP,
                            render_kw={"rows": 8})
    problem_figures = TextAreaField(
        _l("Neighbourhood figures that show the problem"),
        description=_l("For example CBS figures or a resident survey, with source and year."),
        render_kw={"rows": 4},
    )


class TargetGroupForm(StepForm):
    target_groups = CheckboxListField(_l("Target groups"))
    target_group_description = TextAreaField(
        _l("Who exactly, and how do you reach them?"), description=MARKDOWN_HELP,
        render_kw={"rows": 6},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.target_groups.choices = [
            SelectChoice(t.key, t.label(locale())) for t in taxonomy.target_groups()
        ]


class GoalsForm(StepForm):
    goals = TextAreaField(
        _l("Goals"),
        description=_l("The main goal and sub-goals: what changes, for whom, by when."),
        render_kw={"rows": 8},
    )
    effects = CheckboxListField(_l("Effects"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.effects.choices = [SelectChoice(e.key, e.label(locale())) for e in taxonomy.effects()]


class ApproachForm(StepForm):
    approach = TextAreaField(_l("Approach"), description=MARKDOWN_HELP, render_kw={"rows": 8})
    activities = TextAreaField(_l("Activities"), description=MARKDOWN_HELP,
                               render_kw={"rows": 5})
    partners = TextAreaField(_l("Partners"), render_kw={"rows": 2})


class ReasoningForm(StepForm):
    active_ingredients = TextAreaField(
        _l("Active ingredients"),
        description=_l("What makes it work (werkzame elementen)?"), render_kw={"rows": 5},
    )
    assumptions = TextAreaField(_l("Assumptions"),
                                description=_l("What must be true for the approach to work?"),
                                render_kw={"rows": 4})
    preconditions = TextAreaField(
        _l("Preconditions"),
        description=_l("People, money, place and support the approach needs."),
        render_kw={"rows": 4},
    )
    transferability = TextAreaField(
        _l("Transferability"),
        description=_l("What does another neighbourhood need to copy it?"), render_kw={"rows": 4},
    )


class CostsForm(StepForm):
    budget = DecimalField(
        _l("Total budget (euro)"),
        places=2,
        validators=[Optional(), NumberRange(min=Decimal(0), message=_l("A budget cannot be "
                                                                         "negative."))],
    )
    costs_description = TextAreaField(_l("What does it cost, and on what?"),
                                      description=MARKDOWN_HELP, render_kw={"rows": 5})
    funding = TextAreaField(_l("Funding"), description=_l("Who pays, e.g. a liveability budget "
                                                           "or a municipal subsidy."),
                            render_kw={"rows": 2})


class FinishForm(StepForm):
    visibility = RadioField(
        _l("Who may see this intervention?"),
        validators=[InputRequired(_l("Choose who may see it."))],
        choices=lambda: _choices(("organisation", "community", "public"), visibility_label),
    )
    recognition_level = SelectField(
        _l("Recognition level"),
        choices=lambda: _choices(("none", "well_described", "well_founded", "first_indications",
                                  "good_indications", "strong_indications"),
                                 recognition_label),
    )
    recognition_date = DateField(_l("Date of the assessment"), validators=[Optional()])


STEP_FORMS = {
    "basics": BasicsForm,
    "problem": ProblemForm,
    "target_group": TargetGroupForm,
    "goals": GoalsForm,
    "approach": ApproachForm,
    "reasoning": ReasoningForm,
    "costs": CostsForm,
}


class AttachmentForm(FlaskForm):
    file = FileField(_l("File"), validators=[FileRequired(_l("Choose a file."))])


class EmptyForm(FlaskForm):
    """A POST button with its CSRF token."""
