"""UTC storage and Europe/Paris display, in one place."""
from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


def utcnow() -> datetime:
    """Naive UTC, the form stored in every database (SQLite has no time zones)."""
    return datetime.now(UTC).replace(tzinfo=None)


def to_paris(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC).astimezone(PARIS)


def from_paris(value: datetime) -> datetime:
    """A time a person gave in Paris (a date and hour typed in a form), as stored: naive UTC."""
    return value.replace(tzinfo=PARIS).astimezone(UTC).replace(tzinfo=None)


def paris_today():
    """Today as learners and staff count days (calendars, due dates)."""
    return to_paris(utcnow()).date()


def paris_day_start(day: date) -> datetime:
    """The stored (naive UTC) instant a Paris calendar day begins: the bound to compare timestamps with
    when a period is given in days ("du 1er au 31 décembre" ends at 23:00 UTC in winter)."""
    return datetime.combine(day, time.min, tzinfo=PARIS).astimezone(UTC).replace(tzinfo=None)


def years_before(day: date, years: int) -> date:
    """The same day so many years earlier (28 February for a 29 February): where a retention clock stands."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def decimal_hours(seconds: int) -> Decimal:
    """Decimal hours, as funders ask (1 h 30 min is 1.50), rounded half up to the hundredth."""
    return (Decimal(seconds) / 3600).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
