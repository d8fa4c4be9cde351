"""Dates, amounts and numbers written the reader's way (template filters), with Babel.

Babel is slow for what a page asks of it (a thread shows thirty dates, the workshop a hundred prices):
what does not depend on a person (a minute, an amount, a score, in a language) is formatted once.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache

import phonenumbers
from babel import Locale, dates, numbers, units
from flask import current_app
from flask_babel import format_timedelta, get_locale, gettext
from markupsafe import Markup, escape

from portal.i18n import reader_language
from portal.timeutil import decimal_hours, paris_day, whole_minutes


def file_name(kind: str, slug: str, day: date, extension: str = "pdf") -> str:
    """A document's file name as its holder keeps it: what it is, the course (its slug, already plain ASCII)
    and its day, e.g. « contrat-art-floral-les-fondamentaux-2026-12-08.pdf »; never a number of ours."""
    return f"{kind}-{slug}-{day:%Y-%m-%d}.{extension}"


@dataclass(frozen=True)
class DateWay:
    """How a language writes dates: its Babel locale, the width of a day on its own (a list's column, a
    date and time), and the width of a day in a sentence."""

    locale: str
    day: str
    sentence: str


# One way of writing dates per language, on every page and in every mail: French as Babel writes it
# (« 07/12/2026 », « 07/12/2026 20:42 », « 7 décembre 2026 »); English day first with the month in letters,
# which no reader takes for the 12th of July, and a 24-hour clock as in Paris (« 7 Dec 2026 »,
# « 7 Dec 2026, 20:42 », « 7 December 2026 »), not Babel's American « 12/7/26, 8:42 PM ».
DATE_WAYS = {"fr": DateWay("fr", "short", "long"), "en": DateWay("en_GB", "medium", "long")}


def _date_way() -> DateWay:
    return DATE_WAYS.get(reader_language(), DATE_WAYS["fr"])


def paris_datetime(value) -> str:
    """A stored UTC datetime shown in Europe/Paris (BABEL_DEFAULT_TIMEZONE), to the minute, the reader's way;
    or its ISO text (a mail's context went through a job's JSON arguments)."""
    if not value:
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        return _day(value)
    utc = value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
    # Minutes are shown: the same minute is the same text.
    return _short_datetime(utc.replace(second=0, microsecond=0), _date_way(),
                           current_app.config["BABEL_DEFAULT_TIMEZONE"])


def paris_date(value: datetime | date | None) -> str:
    """The day of a stored UTC datetime in Paris: for a moment known only to the day (a letter's arrival is
    stored at noon), where a time would be invented; a calendar day (a due date) as it is; or its ISO text (a
    mail's context went through a job's JSON arguments: « 07/12/2026 », « 7 Dec 2026 » as on the pages)."""
    if not value:
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    if not isinstance(value, datetime):
        return _day(value)
    return _day(_local(value).date())


def _local(value: datetime) -> datetime:
    """A stored instant (naive means UTC) in the portal's zone (BABEL_DEFAULT_TIMEZONE, Europe/Paris)."""
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(_zone(current_app.config["BABEL_DEFAULT_TIMEZONE"]))


def _day(value: date) -> str:
    way = _date_way()
    return _formatted_day(value, way.day, way.locale)


@lru_cache(maxsize=4096)
def _formatted_day(value: date, width: str, locale: str) -> str:
    """Babel's writing of a day, kept: a list of fifty invoices writes a hundred dates, most of them the same
    few days, and each cost Babel more than a row's query. The key is a day, a width and a language."""
    return dates.format_date(value, width, locale=locale)


@lru_cache(maxsize=4096)
def _short_datetime(utc: datetime, way: DateWay, zone_name: str) -> str:
    """Formatting a date took Babel longer than a query: a thread page shows thirty of them, and readers
    of the same thread see the same ones. The key is a minute, a language and a zone, never a person."""
    local = utc.replace(tzinfo=UTC).astimezone(_zone(zone_name))
    return _datetime_pattern(way).apply(local, Locale.parse(way.locale))


@cache
def _zone(name: str):
    return dates.get_timezone(name)


@lru_cache(maxsize=8)
def _datetime_pattern(way: DateWay) -> dates.DateTimePattern:
    """The language's day and time as one pattern, parsed once: Babel formats the date and the time
    apart and glues them at every call, which cost a list page more than its query."""
    glue = dates.get_datetime_format(way.day, locale=way.locale)
    return dates.parse_pattern(glue.replace("{0}", dates.get_time_format("short", way.locale).pattern)
                               .replace("{1}", dates.get_date_format(way.day, way.locale).pattern))


def money(cents: int) -> str:
    """Amounts are stored in integer cents."""
    return _money(cents, str(get_locale() or "fr"))


@lru_cache(maxsize=4096)
def _money(cents: int, locale: str) -> str:
    # A receivables page writes two hundred amounts, most of them the same few prices: Babel's formatting
    # of each cost more than the page's queries.
    return numbers.format_currency(cents / 100, "EUR", locale=locale)


def euros(amount) -> str:
    """An amount in euros worked out by the bouquet engine (a Decimal, or its text in a stored attempt),
    written the reader's way: 38,78 € or €38.78."""
    return _euros(str(amount), reader_language()) if amount is not None else ""


@lru_cache(maxsize=4096)
def _euros(amount: str, language: str) -> str:
    # A bouquet's price lines are few and recur: formatting them cost more than the page's query.
    value = _decimal(amount)
    return numbers.format_currency(value, "EUR", locale=language) if value is not None else amount


def percent(fraction) -> str:
    """A score between 0 and 1, rounded to the unit, the reader's way: "85 %" or "85%"."""
    return _percent(round(float(fraction) * 100), reader_language())


@lru_cache(maxsize=512)
def _percent(whole: int, language: str) -> str:
    return numbers.format_percent(whole / 100, locale=language)


def number(value) -> str:
    """A decimal number (a coefficient, a factor) the reader's way: 2,5 or 2.5."""
    return _number(str(value), reader_language()) if value is not None else ""


@lru_cache(maxsize=512)
def _number(text: str, language: str) -> str:
    value = _decimal(text)
    return numbers.format_decimal(value, locale=language) if value is not None else text


def _decimal(text: str) -> Decimal | None:
    """A stored attempt written before a figure was kept has none: it is shown as it is, not as an error."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def duration(minutes: int) -> str:
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return gettext("%(m)s min", m=rest)
    return gettext("%(h)s h %(m)02d", h=hours, m=rest) if rest else gettext("%(h)s h", h=hours)


def time_spent(seconds: int) -> str:
    """Time on task in words, to the nearest minute as hours() counts it (14 min 30 s: "15 min", 0,25 h):
    "moins d'une minute" rather than "0 min" for the first seconds."""
    if 0 < seconds < 60:
        return gettext("moins d'une minute")
    return duration(whole_minutes(seconds))


def clock(seconds: int) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def long_date(value) -> str:
    """A day in a sentence (« 7 décembre 2026 », « 7 December 2026 »), from a date or its ISO text (a mail's
    context went through a job's JSON arguments)."""
    if isinstance(value, str) and value:
        value = date.fromisoformat(value)
    if isinstance(value, datetime):
        # A stored instant is UTC: its day is the Paris one, never the UTC one (late evening differs).
        value = paris_day(value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value)
    if not value:
        return ""
    way = _date_way()
    text = _formatted_day(value, way.sentence, way.locale)
    # French writes the first day of a month as an ordinal (« 1er décembre »); Babel writes « 1 ».
    if value.day == 1 and way.locale == "fr" and text.startswith("1 "):
        return "1er" + text[1:]
    return text


def long_paris(value: datetime | None, time: bool = True) -> str:
    """A stored UTC moment in Paris, in a sentence as long_date writes days (« 8 décembre 2026 à 00:43 »): for
    a page whose other dates are days in words. time=False: the day alone (a moment known only to the day)."""
    if not value:
        return ""
    local = _local(value)
    if not time:
        return long_date(local.date())
    return gettext("%(day)s à %(time)s", day=long_date(local.date()),
                   time=dates.format_time(local, "short", locale=_date_way().locale))


def ago(moment: datetime, now: datetime | None = None) -> str:
    """How long ago, in words and the reader's language ("il y a 2 jours", "3 hours ago"), by Babel."""
    elapsed = (now or datetime.now(UTC).replace(tzinfo=None)) - moment
    if elapsed.total_seconds() < 60:
        return gettext("à l'instant")
    # A negative span reads as the past ("il y a").
    return format_timedelta(-elapsed, granularity="minute", add_direction=True, threshold=0.9)


def file_size(size: int | None) -> str:
    """A file's size the reader's way: "45 ko", "12,3 Mo", "12.3 MB" (Babel's CLDR units)."""
    if size is None:
        return ""
    language = reader_language()
    if size < 1024 * 1024:
        return units.format_unit(max(1, math.ceil(size / 1024)), "digital-kilobyte", length="short", locale=language)
    return units.format_unit(round(size / (1024 * 1024), 1), "digital-megabyte", length="short", locale=language)


class EmailAddress(str):
    """An e-mail address: the plain text wherever text is printed, and on a page (Jinja calls __html__) with
    line-break opportunities after the « @ » and after each dot, so a narrow column breaks it there
    ("camille.rosier@ / example.org") rather than mid-word."""

    def __html__(self) -> Markup:
        return Markup("").join(escape(char) + (Markup("<wbr>") if char in "@." else Markup("")) for char in self)


def phone(number: str) -> str:
    """A phone number as a person writes it: "06 12 00 00 05" in France, the international form abroad."""
    try:
        parsed = phonenumbers.parse(number or "", "FR")
    except phonenumbers.NumberParseException:
        return number
    style = (phonenumbers.PhoneNumberFormat.NATIONAL if parsed.country_code == 33
             else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(parsed, style)


def hours(seconds: int, unit: bool = True) -> str:
    """Time spent in decimal hours, the reader's way: "0,25 h" (or "0.25 h") for 15 minutes, "1,50 h" for 90.
    Rounded once, half up to the hundredth, by timeutil.decimal_hours as every document does (Babel's own
    rounding is half-even, on whatever it is given); always two decimals, as the documents write them.
    unit=False: the figure alone, under a column saying « (h) »."""
    figure = numbers.format_decimal(decimal_hours(int(seconds)), format="0.00", locale=reader_language(),
                                    decimal_quantization=True)
    return f"{figure} h" if unit else figure


# French elides « de » before a vowel sound: « le dossier d'Antoine », « de Bérénice » (a name's h cannot be
# told apart, so it keeps « de »).
ELIDING = frozenset("AEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŒÆaeiouyàâäéèêëîïôöùûüœæ")


def of_name(name: str) -> str:
    return f"d'{name}" if name[:1] in ELIDING else f"de {name}"
