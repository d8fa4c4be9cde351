"""Forms of the dpo's privacy screens: the register of requests, requisitions, and publishing the policy.
What the services check (lists, lengths, dates in order, the person's name kept out of the access log) stays
theirs: their refusals are the pages' messages."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from portal.formtools import WebForm, strip
from portal.privacy.requests import REQUEST_KINDS
from portal.privacy.requisition import FIELDS
from portal.privacy.wording import CHANNEL_WORDS, CHANNELS, RECEIVED_ON, REQUEST_KIND_WORDS

KIND_AND_CHANNEL = _l("Choisissez le type de demande et le canal.")


LATER_DUE = _l("La nouvelle échéance doit suivre l'actuelle.")


class RecordRequestForm(WebForm):
    """A request that arrived by mail or post, with the person as her letter gives her: her account is found on
    what identifies her and confirmed by the dpo, or she is recorded without an account (portal.privacy.intake
    checks them)."""

    full_name = StringField(_l("Son nom complet"), filters=[strip], validators=[Length(max=120)])
    postal_address = TextAreaField(_l("Son adresse postale"), filters=[strip], validators=[Length(max=500)])
    email = StringField(_l("Son adresse électronique"), filters=[strip],
                        validators=[Length(max=254, message=_l("254 caractères au plus."))])
    phone = StringField(_l("Son téléphone"), filters=[strip], validators=[Length(max=30)])
    without_account = BooleanField(_l("Sans compte : la personne n'a pas de compte chez nous"))
    # The account the dpo confirmed on the page that showed whom the letter matched.
    confirmed_account = StringField(filters=[strip], validators=[Length(max=36)])
    # Someone without an account who already wrote: the dpo attaches the letter to her, or records someone else.
    confirmed_requester = StringField(filters=[strip], validators=[Length(max=36)])
    new_requester = BooleanField()
    # "Annuler" on the page that showed whom the letter matched: back to the register with the letter as typed.
    back = BooleanField()
    kind = SelectField(_l("Type"), choices=[SelectChoice(code, REQUEST_KIND_WORDS[code]) for code in REQUEST_KINDS],
                       invalid_choice_message=KIND_AND_CHANNEL)
    channel = SelectField(_l("Reçue"),
                          choices=[SelectChoice(code, CHANNEL_WORDS[code]) for code in CHANNELS if code != "espace"],
                          invalid_choice_message=KIND_AND_CHANNEL)
    # Its clock starts the day it arrived, not the day it is typed in.
    received_on = DateField(_l("Reçue le"), invalid_value_message=RECEIVED_ON,
                            validators=[DataRequired(RECEIVED_ON)])


class ExtendForm(WebForm):
    """One per open request: the page's own csrf_token() is checked by CSRFProtect on every POST.
    portal.privacy.requests.extend checks them again, with whether the request is still open."""

    class Meta:
        csrf = False

    reason = TextAreaField(_l("raison"), filters=[strip],
                           validators=[DataRequired(_l("Indiquez la raison du report."))],
                           render_kw={"rows": 3, "maxlength": 500})
    # Someone without an account answered by post: no mail to the address her letter gave.
    by_post = BooleanField(_l("Prévenir par courrier (aucun courriel)"))
    # A date that does not parse is a date that does not follow the current one.
    new_due = DateField(_l("Reporter au"), invalid_value_message=LATER_DUE, validators=[DataRequired(LATER_DUE)])
    # Sent from the request's own page (its history beside it): the answer comes back there.
    fiche = BooleanField()
    # Sent from the page that showed what she will receive: the dpo has read it.
    confirmed = BooleanField()


class CarryOutForm(WebForm):
    """Carrying out a request received off the portal (see ExtendForm for the token). The service says
    what is missing, in words."""

    class Meta:
        csrf = False

    # How her identity was checked: a method (portal.privacy.identity_check.METHODS) and what was compared.
    identity_method = StringField(_l("Identité vérifiée comment ?"), filters=[strip], validators=[Length(max=20)])
    identity_check = StringField(_l("Ce que vous avez comparé"), filters=[strip],
                                 validators=[Length(max=300, message=_l("300 caractères au plus."))])
    confirmation = StringField(_l("Tapez EFFACER pour confirmer"), filters=[strip],
                               validators=[Length(max=20, message=_l("20 caractères au plus."))])
    # A rectification: only what she asked to correct.
    full_name = StringField(_l("Nom corrigé"), filters=[strip], validators=[Length(max=120)])
    phone = StringField(_l("Téléphone corrigé"), filters=[strip], validators=[Length(max=30)])
    postal_address = TextAreaField(_l("Adresse postale corrigée"), filters=[strip], validators=[Length(max=500)])
    # A restriction: the ground she invokes; its lifting: why.
    ground = StringField(_l("Motif invoqué"), filters=[strip], validators=[Length(max=20)])
    reason = TextAreaField(_l("Raison de la levée"), filters=[strip], validators=[Length(max=1000)],
                           render_kw={"rows": 3, "maxlength": 1000})
    # The day a restriction will be lifted, told to her before (checked by portal.privacy.restriction).
    lift_on = DateField(_l("Levée le"), validators=[Optional()],
                        invalid_value_message=_l("Indiquez le jour de la levée."))
    # Access or portability answered by a letter: the export handed to the dpo as a file, not sent as a link.
    by_post = BooleanField(_l("Réponse par courrier"))
    # An objection: what she objects to (portal.privacy.carry_out.OBJECTIONS, checked there).
    objections = SelectMultipleField(_l("Elle s'oppose à"), validate_choice=False)
    # Sent from the page that showed what she will receive: the dpo has read it.
    confirmed = BooleanField()


class CloseForm(WebForm):
    """One per open request (see ExtendForm). The answer, or the reason for lifting a restriction, is
    checked by the service that closes the request."""

    class Meta:
        csrf = False

    # Several sentences, as a letter's answer is: the page draws a textarea.
    answer = TextAreaField(_l("Réponse"), filters=[strip], render_kw={"rows": 5, "maxlength": 1000})
    # Someone without an account answered by a letter (the register notes it; no mail goes out).
    by_post = BooleanField(_l("Réponse envoyée par courrier"))
    # The dpo read what she will receive, and what the check found in it (another person named, another
    # address), and sends it.
    confirmed = BooleanField(_l("Envoyer la réponse telle quelle"))
    fiche = BooleanField()  # sent from the request's own page: the answer comes back there


class DuplicateForm(WebForm):
    """Closing a request as a duplicate of another of hers (see ExtendForm for the token); the service checks
    that the other request is hers."""

    class Meta:
        csrf = False

    original = IntegerField(_l("Doublon de la demande n°"), validators=[Optional()])


class PolicyForm(WebForm):
    """Checked by portal.privacy.versions.publish, except the date's format. The text is kept as typed
    (the service normalises it) so that a refused version is given back unchanged."""

    effective_on = DateField(_l("Entrée en vigueur (substantielle)"), validators=[Optional()],
                             invalid_value_message=_l("La date d'entrée en vigueur n'est pas une date valide."))
    kind = StringField()  # "minor" or "substantial": the page's two radio buttons
    summary = TextAreaField(_l("Résumé des changements (envoyé par courriel)"),
                            render_kw={"rows": 4, "maxlength": 2000})
    text = TextAreaField(_l("Texte complet"), render_kw={"rows": 20, "required": True})


class RequisitionForm(WebForm):
    """Checked by portal.privacy.requisition.answer."""

    authority = StringField(_l("Autorité requérante"), filters=[strip],
                            render_kw={"maxlength": 200, "required": True})
    reference = StringField(_l("Référence de la demande (sans le nom de la personne)"), filters=[strip],
                            render_kw={"maxlength": 100, "required": True})
    email = EmailField(_l("Adresse du compte visé"), filters=[strip], render_kw={"required": True})
    fields = SelectMultipleField(_l("Données demandées"), validate_choice=False,
                                 choices=[SelectChoice(key, label) for key, label in FIELDS.items()])
