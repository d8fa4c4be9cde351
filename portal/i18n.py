"""French by default; English for those who choose it (account setting or a cookie)."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime, timezone
from decimal import Decimal
from functools import lru_cache
from typing import Iterator

from babel import Locale, dates, numbers

from flask import Blueprint, Flask, current_app, g, has_request_context, redirect, request, url_for
from flask_babel import (
    Babel, force_locale, format_currency, format_date, format_datetime, get_locale, get_translations, gettext,
)
from flask_login import current_user
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup

from portal.accounts.models import LANGUAGES
from portal.learning.markup import render_course_markdown, render_markdown

babel = Babel()
bp = Blueprint("i18n", __name__)
COOKIE = "petale_lang"


def select_locale() -> str:
    if not has_request_context():
        return "fr"
    if current_user and current_user.is_authenticated:
        return current_user.language
    chosen = request.cookies.get(COOKIE)
    return chosen if chosen in LANGUAGES else "fr"


@bp.route("/langue", methods=["POST"])
def choose_language():
    from portal.accounts.views import safe_next
    from portal.accounts.models import Account

    language = request.form.get("langue")
    if language not in LANGUAGES:
        language = "fr"
    if current_user.is_authenticated:
        Account.update(language=language).where(Account.id == current_user.id).execute()
    response = redirect(safe_next(request.form.get("next")) or url_for("learning.catalogue_page"))
    response.set_cookie(COOKIE, language, max_age=365 * 86400, samesite="Lax", httponly=True)
    return response


CATALOGUE = "_petale_catalogue"
READER = "_petale_reader_language"


def _catalogue():
    """The catalogue of this request (or job), looked up once: Flask-Babel looks it up again for every
    string, which was a third of the layout's rendering time. language() keeps it right."""
    catalogue = g.get(CATALOGUE)
    if catalogue is None:
        catalogue = get_translations()
        setattr(g, CATALOGUE, catalogue)
    return catalogue


def reader_language() -> str:
    """"fr" or "en" for this request (or job), looked up once like the catalogue."""
    code = g.get(READER)
    if code is None:
        code = current_locale()
        setattr(g, READER, code)
    return code


@contextmanager
def language(code: str) -> Iterator[None]:
    """Flask-Babel's force_locale (a mail in its recipient's language), templates included."""
    with force_locale(code):
        outer = {key: g.pop(key, None) for key in (CATALOGUE, READER)}
        try:
            yield
        finally:
            for key, value in outer.items():
                g.pop(key, None)
                if value is not None:
                    setattr(g, key, value)


@pass_eval_context
def template_gettext(eval_context: EvalContext, string: str, **variables) -> str:
    """`_()` in templates, as Jinja's newstyle gettext does it (escaped, %-formatted) without its two
    indirections through the template context: a page calls it some forty times."""
    text = _catalogue().ugettext(string)
    if eval_context.autoescape:
        text = Markup(text)
    if not variables and "%" not in text:
        return text
    return text % variables


def current_locale() -> str:
    return str(get_locale() or "fr")


def paris_datetime(value) -> str:
    """A stored UTC datetime shown in Europe/Paris (BABEL_DEFAULT_TIMEZONE), as Babel's short format."""
    if not value:
        return ""
    if not isinstance(value, datetime):
        return format_datetime(value, "short")
    utc = value.astimezone(timezone.utc).replace(tzinfo=None) if value.tzinfo else value
    # The short format shows minutes: the same minute is the same text.
    return _short_datetime(utc.replace(second=0, microsecond=0), get_locale(),
                           current_app.config["BABEL_DEFAULT_TIMEZONE"])


@lru_cache(maxsize=4096)
def _short_datetime(utc: datetime, locale: Locale, zone_name: str) -> str:
    """Formatting a date took Babel longer than a query: a thread page shows thirty of them, and readers
    of the same thread see the same ones. The key is a minute, a language and a zone, never a person."""
    local = utc.replace(tzinfo=timezone.utc).astimezone(_zone(zone_name))
    return _short_datetime_pattern(locale).apply(local, locale)


@lru_cache(maxsize=None)
def _zone(name: str):
    return dates.get_timezone(name)


@lru_cache(maxsize=8)
def _short_datetime_pattern(locale: Locale) -> dates.DateTimePattern:
    """The locale's short date and time as one pattern, parsed once: Babel formats the date and the time
    apart and glues them at every call, which cost a list page more than its query."""
    glue = dates.get_datetime_format("short", locale=locale)
    return dates.parse_pattern(glue.replace("{0}", dates.get_time_format("short", locale).pattern)
                               .replace("{1}", dates.get_date_format("short", locale).pattern))


def money(cents: int) -> str:
    """Amounts are stored in integer cents."""
    return format_currency(cents / 100, "EUR")


def euros(amount) -> str:
    """An amount in euros worked out by the bouquet engine (a Decimal, or its text in a stored attempt),
    written the reader's way: 38,78 € or €38.78."""
    return _euros(str(amount), reader_language())


@lru_cache(maxsize=4096)
def _euros(amount: str, language: str) -> str:
    # A bouquet's price lines are few and recur: formatting them cost more than the page's query.
    return numbers.format_currency(Decimal(amount), "EUR", locale=language)


def percent(fraction) -> str:
    """A score between 0 and 1, rounded to the unit, the reader's way: "85 %" or "85%"."""
    return _percent(round(float(fraction) * 100), reader_language())


@lru_cache(maxsize=512)
def _percent(whole: int, language: str) -> str:
    return numbers.format_percent(whole / 100, locale=language)


def number(value) -> str:
    """A decimal number (a coefficient, a factor) the reader's way: 2,5 or 2.5."""
    return _number(str(value), reader_language())


@lru_cache(maxsize=512)
def _number(value: str, language: str) -> str:
    return numbers.format_decimal(Decimal(value), locale=language)


def duration(minutes: int) -> str:
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return gettext("%(m)s min", m=rest)
    return gettext("%(h)s h %(m)02d", h=hours, m=rest) if rest else gettext("%(h)s h", h=hours)


def clock(seconds: int) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def long_date(value) -> str:
    return format_date(value, "long") if value else ""


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale, default_translation_directories="translations")
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _catalogue().ugettext(s),
        ngettext=lambda s, p, n: _catalogue().ungettext(s, p, n),
        pgettext=lambda c, s: _catalogue().upgettext(c, s),
        npgettext=lambda c, s, p, n: _catalogue().unpgettext(c, s, p, n),
        newstyle=True,
    )
    app.jinja_env.globals["_"] = template_gettext
    app.jinja_env.globals["current_locale"] = current_locale
    app.jinja_env.filters["paris"] = paris_datetime
    app.jinja_env.filters["money"] = money
    app.jinja_env.filters["euros"] = euros
    app.jinja_env.filters["percent"] = percent
    app.jinja_env.filters["number"] = number
    app.jinja_env.filters["duration"] = duration
    app.jinja_env.filters["long_date"] = long_date
    app.jinja_env.filters["clock"] = clock
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["course_markdown"] = render_course_markdown
    from portal.bouquets.wording import brief_word, month_name, recorded, recorded_measure, spoken

    app.jinja_env.filters["spoken"] = spoken
    app.jinja_env.filters["recorded_feedback"] = recorded
    app.jinja_env.filters["recorded_measure"] = recorded_measure
    app.jinja_env.filters["brief_word"] = brief_word
    app.jinja_env.filters["month_name"] = month_name
    app.register_blueprint(bp)
