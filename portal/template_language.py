"""Templates compiled once per language, their fixed texts already translated.

A page calls `_('…')` some thirty times for texts that never change; each call cost as much as
writing the text out (README.md, "Chiffres de performance"). A template is therefore compiled
for the language of the request that first needs it, with each `_('literal')` replaced by its
translation as a constant; Jinja's optimiser then writes it out with the surrounding markup.
Calls with values (`_('… %(n)s', n=…)`) stay calls.
"""
from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator

from flask import Flask, has_app_context
from flask.templating import Environment
from jinja2 import Template
from jinja2.ext import Extension
from jinja2.lexer import TOKEN_LPAREN, TOKEN_NAME, TOKEN_PIPE, TOKEN_RPAREN, TOKEN_STRING, Token, TokenStream

from portal.i18n import reader_language, request_catalogue

_compiling = threading.local()  # the language of the template being compiled on this thread


class LanguageEnvironment(Environment):
    """Flask's environment, caching one compiled template per (name, language)."""

    def _load_template(self, name: str, globals) -> Template:
        # Jinja's own _load_template, with the language in the cache key and known to the compiler.
        if self.loader is None:
            raise TypeError("no loader for this environment specified")
        language = _request_language()
        cache_key = (weakref.ref(self.loader), name, language)
        if self.cache is not None:
            template = self.cache.get(cache_key)
            if template is not None and (not self.auto_reload or template.is_up_to_date):
                if globals:
                    template.globals.update(globals)
                return template
        outer = getattr(_compiling, "language", None)
        _compiling.language = language
        try:
            template = self.loader.load(self, name, self.make_globals(globals))
        finally:
            _compiling.language = outer
        if self.cache is not None:
            self.cache[cache_key] = template
        return template


def _request_language() -> str | None:
    if not has_app_context():
        return None
    return reader_language()


class FixedTranslations(Extension):
    """`_('literal')` → `'translation'|safe`, folded into the template's text at compile time (the
    same Markup the call returned, and the same %-formatting: `%%` becomes `%`)."""

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        language = getattr(_compiling, "language", None)
        if language is None:  # a template compiled from a string, or outside a request
            yield from stream
            return
        catalogue = request_catalogue()
        window: list[Token] = []
        for token in stream:
            window.append(token)
            if len(window) < 4:
                continue
            text = _fixed_text(window, catalogue)
            if text is not None:
                lineno = window[0].lineno
                yield Token(lineno, TOKEN_STRING, text)
                yield Token(lineno, TOKEN_PIPE, "|")
                yield Token(lineno, TOKEN_NAME, "safe")
                window.clear()
            else:
                yield window.pop(0)
        yield from window


def _fixed_text(tokens: list[Token], catalogue) -> str | None:
    """The translation if the tokens are `_('literal')`; None for anything else, or for a text that
    waits for values (it must fail when rendered, as before, not when compiled)."""
    name, opening, literal, closing = tokens
    if not (name.type == TOKEN_NAME and name.value == "_" and opening.type == TOKEN_LPAREN
            and literal.type == TOKEN_STRING and closing.type == TOKEN_RPAREN):
        return None
    text = catalogue.ugettext(literal.value)
    try:
        return text % {} if "%" in text else text
    except (KeyError, TypeError, ValueError):
        return None


def init_app(app: Flask) -> None:
    """Before anything touches app.jinja_env (it is built on first use)."""
    app.jinja_environment = LanguageEnvironment
    app.jinja_env.add_extension(FixedTranslations)
