"""Forms of the questions and answers pages."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length

from portal.formtools import WebForm, strip
from portal.forum.threads import MAX_BODY, TITLE_MAX

MARKDOWN_HINT = _l("Mise en forme possible : *italique*, **gras**, listes commençant par « - ».")
_BODY_LENGTH = Length(max=MAX_BODY, message=_l("Message trop long : %(max)s caractères au plus."))


class AskForm(WebForm):
    title = StringField(_l("Titre"), filters=[strip], validators=[
        DataRequired(_l("Donnez un titre de 1 à %(max)s caractères.", max=TITLE_MAX)),
        Length(max=TITLE_MAX, message=_l("Donnez un titre de 1 à %(max)s caractères."))])
    body = TextAreaField(_l("Votre question"), filters=[strip], description=MARKDOWN_HINT, validators=[
        DataRequired(_l("Le message est vide.")), _BODY_LENGTH])
    # The lesson she came from (the player's link); anything that is not a number is simply ignored.
    lesson = HiddenField()

    @property
    def lesson_id(self) -> int | None:
        raw = self.lesson.data or ""
        return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 9 else None


class MessageForm(WebForm):
    body = TextAreaField(_l("Votre message"), filters=[strip], description=MARKDOWN_HINT, validators=[
        DataRequired(_l("Le message est vide.")), _BODY_LENGTH])


class HideForm(WebForm):
    reason = StringField(_l("Raison"), filters=[strip], validators=[
        DataRequired(_l("Indiquez la raison (500 caractères au plus).")),
        Length(max=500, message=_l("Indiquez la raison (500 caractères au plus)."))])


class ReferenceForm(WebForm):
    on = HiddenField(validators=[AnyOf(["0", "1"])])
    # Both asked when marking (the service refuses an empty one in words); unmarking sends neither.
    title = StringField(_l("Titre montré à toutes les sessions"), filters=[strip],
                        description=_l("Dans vos mots : la question de la personne reste dans sa session."),
                        validators=[Length(max=TITLE_MAX, message=_l("Un titre de %(max)s caractères au plus."))])
    body = TextAreaField(_l("Texte montré à toutes les sessions"), filters=[strip], description=MARKDOWN_HINT,
                         validators=[_BODY_LENGTH])
