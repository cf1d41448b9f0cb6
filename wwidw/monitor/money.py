"""Amounts as people type them (``1.234,56``, ``€ 1234.56``, ``1234``) to integer cents."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

_DUTCH_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d{1,2})?$")
_ENGLISH_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d{1,2})?$")


def parse_cents(text: str) -> int | None:
    """Cents, or None when the text is not an amount. A single comma or dot followed by one or
    two digits is the decimal separator; three digits after it mean thousands."""
    cleaned = re.sub(r"[€\s]|EUR", "", str(text or ""), flags=re.I)
    if not cleaned:
        return None
    if _DUTCH_THOUSANDS.match(cleaned):
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif _ENGLISH_THOUSANDS.match(cleaned):
        cleaned = cleaned.replace(",", "")
    elif re.fullmatch(r"-?\d+,\d{1,2}", cleaned):
        cleaned = cleaned.replace(",", ".")
    elif not re.fullmatch(r"-?\d+(\.\d{1,2})?", cleaned):
        return None
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        return None
    return int((amount * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def format_cents(cents: int | None, locale: str = "nl") -> str:
    if cents is None:
        return ""
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    whole = f"{euros:,}"
    if locale == "nl":
        return f"€ {sign}{whole.replace(',', '.')},{rest:02d}"
    return f"€{sign}{whole}.{rest:02d}"
