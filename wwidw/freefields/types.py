"""The kinds of free field: how each is asked, checked, stored, shown, searched and exported.

One class per kind in one registry (EXAMPLES §8, Indico's field types). Stored values are JSON:
text and URL as strings, numbers as numbers, dates as ISO strings, yes/no as true/false, choices
as the stable choice value (multiple choice: a list of them).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from wtforms import (
    DateField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from wwidw.freefields.models import FreeField
from wwidw.interventions.forms import CheckboxListField
from wwidw.markdown import plain_text, render_markdown

_DUTCH_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")


def parse_number(raw: str) -> Decimal:
    """A number as Dutch users type it: "1.000" is a thousand, "3,5" and "3.5" are 3.5."""
    text = raw.strip().replace(" ", "").replace("\u00a0", "")
    if _DUTCH_THOUSANDS.match(text):
        text = text.replace(".", "")
    return Decimal(text.replace(",", "."))


def _presence(field: FreeField, required: bool):
    return [InputRequired(_l("This question needs an answer."))] if required else [Optional()]


def _choices(field: FreeField, locale: str, current) -> list[SelectChoice]:
    """Active choices, plus a retired one only when it is the stored answer."""
    chosen = set(current if isinstance(current, list) else [current] if current else [])
    options = []
    for choice in field.choices:
        if choice.get("retired") and choice["value"] not in chosen:
            continue
        label = field.choice_label(choice["value"], locale)
        if choice.get("retired"):
            label = f"{label} ({_l('retired')})"
        options.append(SelectChoice(choice["value"], str(label)))
    return options


class FieldType:
    key = ""
    label = _l("Field")
    facetable = False

    def form_field(self, field: FreeField, locale: str, required: bool, current):
        raise NotImplementedError

    def to_storage(self, field: FreeField, data):
        """Form data to the stored JSON value; None when the answer is empty."""
        if data is None:
            return None
        if isinstance(data, str):
            data = data.strip()
        return data or None

    def to_form(self, field: FreeField, value):
        return value

    def display(self, field: FreeField, value, locale: str):
        return str(value)

    def search_text(self, field: FreeField, value) -> str:
        return str(value)

    def export(self, field: FreeField, value, locale: str):
        return self.display(field, value, locale)

    def facet_values(self, field: FreeField, value) -> tuple[str, ...]:
        return ()


class TextType(FieldType):
    key = "text"
    label = _l("Short text")

    def form_field(self, field, locale, required, current):
        return StringField(field.label(locale), description=field.help(locale),
                           validators=[*_presence(field, required),
                                       Length(max=500, message=_l("At most 500 characters."))])


class LongTextType(FieldType):
    key = "longtext"
    label = _l("Long text")

    def form_field(self, field, locale, required, current):
        return TextAreaField(field.label(locale), description=field.help(locale),
                             validators=[*_presence(field, required),
                                         Length(max=20000,
                                                message=_l("At most 20,000 characters."))],
                             render_kw={"rows": 4})

    def display(self, field, value, locale):
        return render_markdown(value)

    def search_text(self, field, value):
        return plain_text(value)

    def export(self, field, value, locale):
        return str(value)


class NumberType(FieldType):
    key = "number"
    label = _l("Number")

    def form_field(self, field, locale, required, current):
        config = field.config
        unit = config.get("unit") or ""
        description = field.help(locale)
        if unit:
            description = f"{description} ({_l('in %(unit)s', unit=unit)})".strip()

        def check(form, wtfield):
            raw = (wtfield.data or "").strip()
            if not raw:
                return
            try:
                number = parse_number(raw)
            except InvalidOperation:
                raise ValidationError(_l("Enter a number, like 12 or 3,5.")) from None
            if not number.is_finite():
                raise ValidationError(_l("Enter a number, like 12 or 3,5."))
            low, high = config.get("min"), config.get("max")
            if low is not None and number < Decimal(str(low)):
                raise ValidationError(_l("At least %(n)s.", n=low))
            if high is not None and number > Decimal(str(high)):
                raise ValidationError(_l("At most %(n)s.", n=high))
            decimals = int(config.get("decimals") or 0)
            if -number.as_tuple().exponent > decimals and number != number.to_integral_value():
                raise ValidationError(_l("At most %(n)d decimals.", n=decimals))

        return StringField(field.label(locale), description=description,
                           validators=[*_presence(field, required), check],
                           render_kw={"inputmode": "decimal"})

    def to_storage(self, field, data):
        if not (data or "").strip():
            return None
        number = parse_number(data)
        return int(number) if number == number.to_integral_value() else float(number)

    def to_form(self, field, value):
        return None if value is None else str(value).replace(".", ",")

    def display(self, field, value, locale):
        decimals = int(field.config.get("decimals") or 0)
        text = format_decimal(value, format="#,##0" + ("." + "#" * decimals if decimals else ""))
        unit = field.config.get("unit")
        return f"{text} {unit}" if unit else text

    def export(self, field, value, locale):
        return value


class DateType(FieldType):
    key = "date"
    label = _l("Date")

    def form_field(self, field, locale, required, current):
        return DateField(field.label(locale), description=field.help(locale),
                         validators=_presence(field, required))

    def to_storage(self, field, data):
        return data.isoformat() if isinstance(data, date) else None

    def to_form(self, field, value):
        return date.fromisoformat(value) if value else None

    def display(self, field, value, locale):
        from flask_babel import format_date

        return format_date(date.fromisoformat(value))

    def export(self, field, value, locale):
        return date.fromisoformat(value)


class YesNoType(FieldType):
    key = "yesno"
    label = _l("Yes/no")
    facetable = True

    def form_field(self, field, locale, required, current):
        return RadioField(field.label(locale), description=field.help(locale),
                          choices=[SelectChoice("yes", str(_l("Yes"))),
                                   SelectChoice("no", str(_l("No")))],
                          validators=_presence(field, required))

    def to_storage(self, field, data):
        return {"yes": True, "no": False}.get(data)

    def to_form(self, field, value):
        return None if value is None else ("yes" if value else "no")

    def display(self, field, value, locale):
        return str(_l("Yes")) if value else str(_l("No"))

    def search_text(self, field, value):
        return ""

    def facet_values(self, field, value):
        return ("yes" if value else "no",)


class ChoiceType(FieldType):
    key = "choice"
    label = _l("Single choice")
    facetable = True

    def form_field(self, field, locale, required, current):
        choices = _choices(field, locale, current)
        if not required:
            choices = [SelectChoice("", str(_l("(no answer)"))), *choices]
        return SelectField(field.label(locale), description=field.help(locale),
                           choices=choices, validators=_presence(field, required),
                           validate_choice=True)

    def display(self, field, value, locale):
        label = field.choice_label(value, locale)
        return f"{label} ({_l('retired')})" if field.choice_retired(value) else label

    def search_text(self, field, value):
        return f"{field.choice_label(value, 'nl')} {field.choice_label(value, 'en')}"

    def export(self, field, value, locale):
        return field.choice_label(value, locale)

    def facet_values(self, field, value):
        return (value,)


class MultiChoiceType(FieldType):
    key = "multichoice"
    label = _l("Multiple choice")
    facetable = True

    def form_field(self, field, locale, required, current):
        return CheckboxListField(field.label(locale), description=field.help(locale),
                            choices=_choices(field, locale, current),
                            validators=_presence(field, required))

    def to_storage(self, field, data):
        return list(dict.fromkeys(data)) if data else None

    def to_form(self, field, value):
        return list(value or [])

    def display(self, field, value, locale):
        return ", ".join(ChoiceType().display(field, v, locale) for v in value)

    def search_text(self, field, value):
        return " ".join(ChoiceType().search_text(field, v) for v in value)

    def export(self, field, value, locale):
        return "; ".join(field.choice_label(v, locale) for v in value)

    def facet_values(self, field, value):
        return tuple(value)


class UrlType(FieldType):
    key = "url"
    label = _l("Web address (URL)")

    def form_field(self, field, locale, required, current):
        def check(form, wtfield):
            raw = (wtfield.data or "").strip()
            if raw:
                parts = urlsplit(raw)
                if parts.scheme not in ("http", "https") or not parts.netloc:
                    raise ValidationError(
                        _l("Enter a web address starting with https:// or http://."))

        return URLField(field.label(locale), description=field.help(locale),
                        validators=[*_presence(field, required), check,
                                    Length(max=2000, message=_l("At most 2,000 characters."))])

    def display(self, field, value, locale):
        if urlsplit(str(value)).scheme not in ("http", "https"):
            return str(value)  # shown as text, never as a link of another scheme
        return Markup('<a href="{0}" rel="noopener noreferrer nofollow">{0}</a>').format(value)

    def export(self, field, value, locale):
        return value


REGISTRY: dict[str, FieldType] = {
    t.key: t for t in (TextType(), LongTextType(), NumberType(), DateType(), YesNoType(),
                       ChoiceType(), MultiChoiceType(), UrlType())
}


def field_type(key: str) -> FieldType | None:
    return REGISTRY.get(key)
