"""Numbers and dates written the French way on legal documents and in spreadsheets for French staff, whatever
the reader's language: "1 234,50 €", "0,85 h", "12,5 %", "1er décembre 2026"."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from portal.timeutil import decimal_hours

LOCALE = "fr_FR"


def amount(cents: int) -> str:
    return format_currency(Decimal(cents) / 100, "EUR", locale=LOCALE)


def decimal(value: Decimal | int | float, places: int = 2) -> str:
    """A decimal comma and grouped thousands, with exactly `places` decimals."""
    pattern = "#,##0." + "0" * places if places else "#,##0"
    return format_decimal(value, format=pattern, locale=LOCALE, decimal_quantization=True)


def hours(seconds: int) -> str:
    """Decimal hours, as funders ask (1 h 30 min is "1,50 h")."""
    return f"{decimal(decimal_hours(seconds))} h"


def long_date(day: date) -> str:
    """A date in words, « 6 décembre 2026 », the first of a month as an ordinal (« 1er décembre 2026 »), as
    French pages write it (portal.formatting.long_date) and documents too."""
    text = format_date(day, "long", locale=LOCALE)
    return "1er" + text[1:] if day.day == 1 and text.startswith("1 ") else text
