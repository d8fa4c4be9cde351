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


def paris_day(value: datetime) -> date:
    """The Paris calendar day of a stored (naive UTC) instant: the day a document says it was issued
    (a certificate issued at 00:43 in Paris on 8 December is stored on the 7th, 23:43 UTC)."""
    return to_paris(value).date()


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


def whole_minutes(seconds: int) -> int:
    """Time on task to the nearest minute (half up), as pages say it: 14 min 30 s is 15 min."""
    return (int(seconds) + 30) // 60


def decimal_hours(seconds: int) -> Decimal:
    """Decimal hours, as funders ask (1 h 30 min is 1.50): the minutes a page shows (whole_minutes), then
    rounded half up to the hundredth, so that a page's « 15 min » is a document's 0.25, never 0.24."""
    return (Decimal(whole_minutes(seconds)) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
