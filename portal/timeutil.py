"""UTC storage and Europe/Paris display, in one place."""
from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


def utcnow() -> datetime:
    """Naive UTC, the form stored in every database (SQLite has no time zones)."""
    return datetime.now(UTC).replace(tzinfo=None)


def to_paris(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC).astimezone(PARIS)


def paris_today():
    """Today as learners and staff count days (calendars, due dates)."""
    return to_paris(utcnow()).date()
