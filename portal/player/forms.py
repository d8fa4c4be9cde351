"""What the lesson page's script and forms send: the video position, a heartbeat, "J'ai terminé".

Sent by fetch or htmx with the page's CSRF token in a header, which CSRFProtect checks for every POST:
these forms carry no token field of their own."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectMultipleField, StringField
from wtforms.validators import InputRequired, Length, Optional, Regexp, ValidationError

from portal.formtools import WebForm
from portal.player.tracking import MAX_AGE_SECONDS

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


def _age() -> _Number:
    """How long ago, in milliseconds, an item queued offline happened (absent: just now)."""
    return _Number(validators=[Optional(), Regexp(r"^\d{1,9}$", message=NUMBER),
                               _between(0, MAX_AGE_SECONDS * 1000, _l("Envoi trop ancien pour être compté."))])


class _Aged:
    """A form whose items may have waited offline: their age in milliseconds (0 when sent at once)."""

    @property
    def age_ms(self) -> int:
        return int(self.age.data or 0)


class _Sent(_Aged, WebForm):
    class Meta:
        csrf = False


class PositionForm(_Sent):
    position = _Number()
    # The video's length, when the player knows it: a position in its last seconds is saved as its start.
    duration = _Number(validators=[Optional(), Regexp(r"^\d{1,9}$", message=NUMBER)])
    age = _age()


class HeartbeatForm(_Sent):
    seq = _Number(_between(1, 100_000, _l("Battement invalide.")))
    view = StringField(validators=[Length(max=400)])
    age = _age()
    # Sent as the beats start again (the tab shown again, her next touch after idling): it credits nothing.
    resumed = BooleanField()


class CompleteForm(_Sent):
    view = StringField(validators=[Length(max=400)])
    age = _age()


def quiz_answers_form(question_ids: list[int]) -> type[WebForm]:
    """The answers to one quiz: a field per question, named q<id> as the page writes them, holding
    every value sent for it (the grader checks them: one choice of the question's own, a short text).
    Values sent for questions the quiz does not have are noted, not dropped: answers to another
    version of the quiz are refused rather than graded against this one."""
    names = [f"q{question_id}" for question_id in question_ids]

    class QuizAnswers(_Aged, WebForm):
        foreign = False
        # The page's key for these answers (sent twice, graded once) and, when queued offline, their age.
        envoi = StringField(validators=[Optional(), Regexp(r"^[A-Za-z0-9_-]{8,32}$")])
        age = _age()

        class Meta:
            csrf = False

            def wrap_formdata(self, form, formdata):
                wrapped = super().wrap_formdata(form, formdata)
                form.foreign = any(key.startswith("q") and key not in names for key in (wrapped or {}))
                return wrapped

        def given(self) -> dict[str, list[str]]:
            return {name: list(self[name].data or []) for name in names}

    for name in names:
        setattr(QuizAnswers, name, SelectMultipleField(choices=[], validate_choice=False))
    return QuizAnswers
