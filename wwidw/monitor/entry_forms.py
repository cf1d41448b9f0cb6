"""Forms of the quick entry of a month and of the results upload.

The month table's cells are plain text: people type 7,5 or 1.250,00, and ``uploads.save_month``
reads them so that every wrong cell gets its own message at once, instead of the first one a
field validator would stop at.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectChoice,
    SelectField,
    StringField,
)

from wwidw.monitor.models import COST_CATEGORIES

NEW_ACTIVITY_ROWS = 3
COST_ROWS = 4

CATEGORY_LABELS = {"personnel": _l("Personnel"), "material": _l("Material"),
                   "accommodation": _l("Accommodation"), "other": _l("Other costs")}
ACTIVITY_LABELS = {"activity": _l("Activity"), "sessions": _l("Sessions"),
                   "participants": _l("Participants"), "new_participants": _l("New participants"),
                   "volunteers": _l("Volunteers"), "volunteer_hours": _l("Volunteer hours"),
                   "professional_hours": _l("Professional hours")}


class MeasurementRow(Form):
    goal_id = HiddenField()
    date = StringField(_l("Date"))
    value = StringField(_l("Value"))
    source = StringField(_l("Source"))
    note = StringField(_l("Note"))


class ActivityRow(Form):
    # "1" for an activity recorded before: its name is shown, not typed.
    known = HiddenField()
    activity = StringField(ACTIVITY_LABELS["activity"])
    sessions = StringField(ACTIVITY_LABELS["sessions"])
    participants = StringField(ACTIVITY_LABELS["participants"])
    new_participants = StringField(ACTIVITY_LABELS["new_participants"])
    volunteers = StringField(ACTIVITY_LABELS["volunteers"])
    volunteer_hours = StringField(ACTIVITY_LABELS["volunteer_hours"])
    professional_hours = StringField(ACTIVITY_LABELS["professional_hours"])


class CostRow(Form):
    # The service names a wrong category; a select's own check would only say "not valid".
    category = SelectField(_l("Category"), validate_choice=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Made per request, so the labels are in the reader's language.
        self.category.choices = [SelectChoice("", "–"), *(
            SelectChoice(key, str(CATEGORY_LABELS[key])) for key in COST_CATEGORIES)]
    amount = StringField(_l("Amount (€)"))
    hours = StringField(_l("Hours"))
    funder = StringField(_l("Funder"))
    description = StringField(_l("Description"))


class MonthEntryForm(FlaskForm):
    measurements = FieldList(FormField(MeasurementRow))
    activities = FieldList(FormField(ActivityRow))
    costs = FieldList(FormField(CostRow), min_entries=COST_ROWS)

    def rows(self, section: str) -> list[dict[str, str]]:
        """The typed rows of a section as plain text, for ``uploads.save_month``."""
        return [{name: (value or "") for name, value in entry.data.items()}
                for entry in self[section]]


class ResultsUploadForm(FlaskForm):
    file = FileField(_l("File (CSV or Excel)"), validators=[FileRequired(_l("Choose a file."))])
