"""What the packages' forms share: a form read only from a browser's form body, the first message of a
refused form, and the larger body a file-upload form may send."""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from flask import Request, current_app, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form, StringField

# render_kw of a select whose choice is always made: HTML allows `required` on a select only behind an empty
# first option, so it says nothing to the browser; the form's validators check it on the server.
ALWAYS_CHOSEN = {"required": False}


class WebForm(FlaskForm):
    """A FlaskForm filled only by a browser's form body. flask-wtf would otherwise read a JSON body in its
    place, and a JSON list, string or number there is an error of its own (a 500) rather than a refusal;
    a JSON object would hand numbers and lists to services that expect text."""

    class Meta:
        def wrap_formdata(self, form, formdata):
            if formdata is None or hasattr(formdata, "getlist") or not request.is_json:
                return super().wrap_formdata(form, formdata)
            return None


REQUIRED = _l("Ce champ est obligatoire.")


class FilterForm(WebForm):
    """The filters of a list, read from the address (a GET: the filtered page can be reloaded, bookmarked
    and paged through); nothing is written, so no CSRF token. The page number is not a filter."""

    class Meta:
        csrf = False

    def active_filters(self) -> dict[str, str]:
        """The filters given, as the address carries them: kept by the page links."""
        return {name: str(field.raw_data[0]) for name, field in self._fields.items()
                if field.raw_data and field.raw_data[0] not in ("", None)}


def strip(value):
    """The filter of every text field: what a person typed, without the spaces around it."""
    return value.strip() if isinstance(value, str) else value


class ConfirmForm(WebForm):
    """Only the CSRF token: confirming is a POST so that mail scanners following links change nothing."""


def first_error(form: Form) -> str | None:
    """The first field's first message (the CSRF field comes last); None when the form has none."""
    for messages in form.errors.values():
        for message in messages:
            return str(message)
    return None


def accepts_large_body(limit: Callable[[Mapping[str, Any]], int]):
    """Marks a view whose form carries files: its body may reach limit(config) bytes instead of
    MAX_CONTENT_LENGTH. The limit applies before anything reads the body (the CSRF check reads the form
    first), so it is found from the request's route, by PortalRequest."""

    def mark(view):
        view.body_limit = limit
        return view

    return mark


class PortalRequest(Request):
    """The application's request: MAX_CONTENT_LENGTH, unless the view routed to accepts a larger body; and
    every file an upload was spooled to is closed with the request, also when a broken multipart body left
    it out of request.files."""

    def _get_file_stream(self, total_content_length, content_type, filename=None, content_length=None):
        stream = super()._get_file_stream(total_content_length, content_type, filename, content_length)
        self.__dict__.setdefault("_spooled", []).append(stream)
        return stream

    def close(self) -> None:
        super().close()
        for stream in self.__dict__.pop("_spooled", ()):
            stream.close()

    @property
    def max_content_length(self) -> int | None:
        rule = self.url_rule
        view = current_app.view_functions.get(rule.endpoint) if rule is not None and current_app else None
        limit = getattr(view, "body_limit", None)
        if limit is not None:
            return limit(current_app.config)
        return super().max_content_length


AMOUNT = re.compile(r"^-?\d{1,9}(?:[.,]\d{1,2})?$")
NOT_AN_AMOUNT = _l("Un montant en euros, comme 700 ou 189,50.")


def euros_to_cents(typed: str) -> int | None:
    """« 1 234,50 € », « 700 », « 189.5 » in integer cents; None for anything that is not an amount."""
    text = re.sub(r"[\s\u00a0\u202f€]", "", typed)
    if not AMOUNT.match(text):
        return None
    try:
        return int((Decimal(text.replace(",", ".")) * 100).to_integral_value())
    except InvalidOperation:
        return None


class EurosField(StringField):
    """An amount typed in euros (« 1 234,50 € », « 700 », « 189.5 »), given to services in integer cents;
    None when left empty. Anything else is refused beside the field."""

    def process_formdata(self, valuelist):
        text = re.sub(r"[\s\u00a0\u202f€]", "", str(valuelist[0] if valuelist else ""))
        self.data = euros_to_cents(text) if text else None
        if text and self.data is None:
            raise ValueError(NOT_AN_AMOUNT)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return f"{self.data / 100:.2f}".replace(".", ",") if isinstance(self.data, int) else ""
