"""French by default; English for those who choose it (account setting or a cookie)."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Blueprint, Flask, g, has_request_context, redirect, request, url_for
from flask_babel import Babel, force_locale, get_locale, get_translations
from flask_login import current_user
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup

from portal.accounts.models import LANGUAGES
from portal.learning.markup import render_course_markdown, render_markdown
from portal.links import safe_next

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
    from portal import formatting

    app.jinja_env.filters.update({
        "paris": formatting.paris_datetime, "money": formatting.money, "euros": formatting.euros,
        "percent": formatting.percent, "number": formatting.number, "duration": formatting.duration,
        "long_date": formatting.long_date, "clock": formatting.clock, "ago": formatting.ago,
    })
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["course_markdown"] = render_course_markdown
    from portal.bouquets.wording import brief_word, month_name, recorded, recorded_measure, spoken

    app.jinja_env.filters["spoken"] = spoken
    app.jinja_env.filters["recorded_feedback"] = recorded
    app.jinja_env.filters["recorded_measure"] = recorded_measure
    app.jinja_env.filters["brief_word"] = brief_word
    app.jinja_env.filters["month_name"] = month_name
    app.register_blueprint(bp)
