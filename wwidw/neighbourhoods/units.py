"""How a figure reads: its unit in words and its value formatted the Dutch (or English) way."""

from __future__ import annotations

from babel.numbers import format_decimal
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

UNIT_LABELS = {
    "count": _l("number"),
    "percentage": _l("percent"),
    "euro": _l("euro (€)"),
    "thousand_euro": _l("× € 1,000"),
    "per_km2": _l("per km²"),
    "km": _l("km"),
    "score": _l("score"),
    "grade": _l("report mark (1–10)"),
    "per_1000": _l("per 1,000 inhabitants"),
    "average": _l("average"),
    "m3": _l("m³"),
    "kwh": _l("kWh"),
}
# Counts are whole numbers; the rest keeps the one decimal CBS publishes.
_DECIMALS = {"count": 0, "euro_whole": 0}
_SUFFIX = {"percentage": "%", "per_km2": " /km²", "km": " km", "m3": " m³", "kwh": " kWh"}
_PREFIX = {"euro": "€ ", "euro_whole": "€ "}


def unit_label(unit: str) -> str:
    return str(UNIT_LABELS.get(unit, unit))


def format_figure(value: float | None, unit: str, locale: str | None = None) -> str:
    """``12,5%``, ``1.845``, ``€ 32.100``; missing is ""."""
    if value is None:
        return ""
    locale = locale or str(get_locale() or "nl")
    if unit == "thousand_euro":
        # CBS publishes incomes and WOZ values in thousands; people read euros.
        value, unit = value * 1000, "euro_whole"
    decimals = _DECIMALS.get(unit, 1)
    if decimals == 0 or float(value).is_integer():
        number = format_decimal(round(value), format="#,##0", locale=locale)
    else:
        number = format_decimal(value, format="#,##0.0", locale=locale)
    return f"{_PREFIX.get(unit, '')}{number}{_SUFFIX.get(unit, '')}"
