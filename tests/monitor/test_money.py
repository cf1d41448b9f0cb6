"""Amounts typed the Dutch or the English way become exact cents."""

import pytest

from wwidw.monitor.money import format_cents, parse_cents


@pytest.mark.parametrize("text, cents", [
    ("1.234,56", 123456), ("1234,5", 123450), ("€ 1.234", 123400), ("1,234.56", 123456),
    ("1234.56", 123456), ("12", 1200), ("0,05", 5), ("1.000.000", 100000000),
    ("EUR 250", 25000),
])
def test_amounts(text, cents):
    assert parse_cents(text) == cents


@pytest.mark.parametrize("text", ["", "twaalf", "12,345,67", "1.2.3", "12,3456"])
def test_not_amounts(text):
    assert parse_cents(text) is None


def test_format():
    assert format_cents(123456) == "€ 1.234,56"
    assert format_cents(123456, "en") == "€1,234.56"
    assert format_cents(-5) == "€ -0,05"
