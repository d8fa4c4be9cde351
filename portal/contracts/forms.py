from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, HiddenField, IntegerField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import HiddenInput

from portal.contracts.wording import STOP_WORDS
from portal.formtools import ALWAYS_CHOSEN, WebForm, strip


class SignForm(WebForm):
    session_id = IntegerField(validators=[Optional()])
    fingerprint = HiddenField(validators=[DataRequired(_l("Rouvrez le contrat avant de le signer."))])
    start_now = BooleanField(_l("Je demande à commencer la formation dès maintenant, pendant mon délai de "
                                "rétractation"))
    postal_address = TextAreaField(_l("Votre adresse postale (elle figure au contrat et sur vos factures)"),
                                   filters=[strip],
                                   render_kw={"rows": 3, "maxlength": 500, "autocomplete": "street-address"})
    accept = BooleanField(_l("J'ai lu le contrat et je l'accepte"),
                          validators=[DataRequired(_l("Cochez la case pour accepter le contrat."))])


class LetterForm(WebForm):
    sent_on = DateField(_l("Date d'envoi de la lettre recommandée (cachet de la poste)"),
                        validators=[InputRequired(_l("Indiquez la date d'envoi de la lettre (jj/mm/aaaa)."))],
                        invalid_value_message=_l("Date attendue (jj/mm/aaaa)."))


class StopForm(WebForm):
    reason = SelectField(_l("Motif de l'arrêt"),
                         choices=[SelectChoice(code, words) for code, words in STOP_WORDS.items()],
                         render_kw=ALWAYS_CHOSEN,
                         validators=[DataRequired(_l("Choisissez le motif de l'arrêt."))])
    stopped_on = DateField(_l("Date de l'arrêt"), validators=[InputRequired(_l("Indiquez la date de l'arrêt."))],
                           invalid_value_message=_l("Date attendue (jj/mm/aaaa)."))
    note = TextAreaField(_l("Note (facultative)"), filters=[strip],
                         validators=[Length(max=500, message=_l("500 caractères au plus."))])


class WithdrawalForm(WebForm):
    """« Je me rétracte »: ticked first, so that one tap on a phone never ends an enrolment by mistake."""

    confirmed = BooleanField(_l("Je confirme : mon inscription prend fin et je ne dois rien"),
                             validators=[DataRequired(_l("Cochez la case pour confirmer votre rétractation."))])


class NextStepForm(WebForm):
    """« Facturer maintenant »: the step the page showed as the next one (a second click bills nothing more)."""

    step = IntegerField(widget=HiddenInput(), validators=[InputRequired(_l("Rechargez la page du contrat."))],
                        invalid_value_message=_l("Rechargez la page du contrat."))
