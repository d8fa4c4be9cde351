"""Numbers written the French way on legal documents and in spreadsheets for French staff, whatever
the reader's language: "1 234,50 €", "0,85 h", "12,5 %"."""
from __future__ import annotations

from decimal import Decimal

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
