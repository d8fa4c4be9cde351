"""Forms of the trainer's question desk: an answer per waiting question, the desk's filters, and how new
questions reach her."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, RadioField, SelectChoice, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from portal.formtools import REQUIRED, WebForm, strip
from portal.forum.threads import MAX_BODY


class AnswerForm(WebForm):
    """One per waiting question on the desk, each with its own prefix so ids stay unique. The desk
    renders many of them: the page's own csrf_token() is checked by CSRFProtect on every POST."""

    class Meta:
        csrf = False

    body = TextAreaField(_l("Votre réponse"), filters=[strip], render_kw={"rows": 3}, validators=[
        DataRequired(_l("Écrivez votre réponse.")),
        Length(max=MAX_BODY, message=_l("%(max)s caractères au plus."))])


class DeskFilterForm(WebForm):
    """Read from the query string (GET): no CSRF token."""

    class Meta:
        csrf = False

    session = IntegerField(_l("Session"), validators=[Optional()])
    module = IntegerField(_l("Module"), validators=[Optional()])

    def chosen(self) -> dict[str, int]:
        """The filters that parse; a stray value is simply not applied."""
        self.validate()
        return {name: getattr(self, name).data for name in ("session", "module")
                if getattr(self, name).data is not None and not getattr(self, name).errors}


def question_mail_choices(replies_by_mail: bool) -> list[SelectChoice]:
    """Replying to the mail itself is promised only where the portal receives mail (MAIL_INBOUND_DOMAIN)."""
    each = (_l("un courriel par question, auquel je peux répondre directement") if replies_by_mail
            else _l("un courriel par question"))
    return [SelectChoice("each", each), SelectChoice("weekly", _l("un récapitulatif chaque lundi"))]


class QuestionMailForm(WebForm):
    question_mail = RadioField(_l("Les nouvelles questions de mes sessions m'arrivent par"),
                               choices=question_mail_choices(False), validators=[DataRequired(REQUIRED)])

    def __init__(self, *args, replies_by_mail: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.question_mail.choices = question_mail_choices(replies_by_mail)

    def chosen_label(self) -> str:
        """The words of the choice sent, for the confirmation to say what she now gets."""
        return next(str(choice.label) for choice in self.question_mail.choices
                    if choice.value == self.question_mail.data)
