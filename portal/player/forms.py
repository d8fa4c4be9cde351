"""What the lesson page's script and forms send: the video position, a heartbeat, "J'ai terminé".

Sent by fetch or htmx with the page's CSRF token in a header, which CSRFProtect checks for every POST:
these forms carry no token field of their own."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import InputRequired, Length, Regexp, ValidationError

from portal.formtools import WebForm

NUMBER = _l("Valeur numérique attendue.")


class _Number(StringField):
    """A whole number, refused in French when it is anything else (IntegerField's message is its own)."""

    def __init__(self, *checks, **kwargs):
        kwargs.setdefault("filters", [lambda value: value.strip() if isinstance(value, str) else value])
        kwargs.setdefault("validators", [InputRequired(NUMBER), Regexp(r"^-?\d{1,9}$", message=NUMBER), *checks])
        super().__init__(**kwargs)

    @property
    def number(self) -> int:
        return int(self.data)


def _between(low: int, high: int, message):
    def check(form, field):
        try:
            number = int(field.data)
        except (TypeError, ValueError):
            return  # not a number: the Regexp has said so already
        if not low <= number <= high:
            raise ValidationError(message)

    return check


class _Sent(WebForm):
    class Meta:
        csrf = False


class PositionForm(_Sent):
    position = _Number()


class HeartbeatForm(_Sent):
    seq = _Number(_between(1, 100_000, _l("Battement invalide.")))
    view = StringField(validators=[Length(max=400)])


class CompleteForm(_Sent):
    view = StringField(validators=[Length(max=400)])
