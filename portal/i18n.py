"""The reader's language: French by default, English for those who choose it (their account's setting,
or a cookie before they sign in), the catalogue of each request, and gettext in templates."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, Response, g, has_request_context, request
from flask_babel import Babel, force_locale, get_locale, get_translations
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup, escape

LANGUAGES = ("fr", "en")  # the portal speaks French; learner pages English too
LANGUAGE_WORDS = {"fr": _l("français"), "en": _l("anglais")}
babel = Babel()
COOKIE = "petale_lang"


def language_words(code: str) -> str:
    """A language in the reader's words (« anglais », "English")."""
    return str(LANGUAGE_WORDS.get(code, code))


def select_locale() -> str:
    if not has_request_context():
        return "fr"
    if current_user and current_user.is_authenticated:
        return current_user.language
    return visitor_language()


def visitor_language() -> str:
    """The language of the pages before signing in: the one last chosen in this browser (the footer's switch
    sets the cookie), else French."""
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
    app.after_request(say_language)


def say_language(response: Response) -> Response:
    """A page says its language (Content-Language): the service worker fetches its offline pages again
    when the pages she reads change language (static/sw.js)."""
    if response.mimetype == "text/html" and "Content-Language" not in response.headers:
        response.headers["Content-Language"] = reader_language()
    return response



def french_content() -> Markup:
    """` lang="fr"` for an element holding French content (a course's title, a lesson's text) on a page in
    another language: it keeps French typography (portal.typography) and is read aloud in French."""
    return Markup("") if reader_language() == "fr" else Markup(' lang="fr"')


def french(text: str) -> Markup:
    """The same for French content inside a sentence of the page (a lesson's title in « Reprendre « … » », a
    species' name in a line of the workshop)."""
    if reader_language() == "fr":
        return escape(text)
    return Markup('<span lang="fr">%s</span>') % text


class FrenchWithin(str):
    """Words of the reader with French content inside (« Training time: <a course's title> »), as one text: the
    plain text wherever text is printed (a PDF, an export, a sort), and on a page (Jinja calls __html__) the
    French parts marked lang="fr". `words` is a translated text naming its parts (« Attestation : %(c)s »)."""

    html: Markup

    def __new__(cls, words: str = "%(c)s", **parts: str) -> FrenchWithin:
        words = str(words)
        made = super().__new__(cls, words % parts)
        made.html = escape(words) % {name: french(text) for name, text in parts.items()}
        return made

    def __html__(self) -> Markup:
        return self.html
