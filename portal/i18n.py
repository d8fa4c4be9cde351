"""The reader's language: French by default, English for those who choose it (their account's setting,
or a cookie before they sign in), the catalogue of each request, and gettext in templates."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, g, has_request_context, request
from flask_babel import Babel, force_locale, get_locale, get_translations
from flask_login import current_user
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup

LANGUAGES = ("fr", "en")  # the portal speaks French; learner pages English too
babel = Babel()
COOKIE = "petale_lang"


def select_locale() -> str:
    if not has_request_context():
        return "fr"
    if current_user and current_user.is_authenticated:
        return current_user.language
    chosen = request.cookies.get(COOKIE)
    return chosen if chosen in LANGUAGES else "fr"


CATALOGUE = "_petale_catalogue"
READER = "_petale_reader_language"


def request_catalogue():
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
    text = request_catalogue().ugettext(string)
    if eval_context.autoescape:
        text = Markup(text)
    if not variables and "%" not in text:
        return text
    return text % variables


def current_locale() -> str:
    return str(get_locale() or "fr")


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale, default_translation_directories="translations")

