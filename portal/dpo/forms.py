"""Forms of the dpo's pages: the register of requests, the privacy policy, incidents, requisitions and the
legal archive.
What the services check (lists, lengths, dates in order, the person's name kept out of the access log)
stays theirs: their refusals are the pages' messages."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    DateTimeLocalField,
    EmailField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, Regexp

from portal.formtools import WebForm, strip
from portal.personal_data.topics import TOPICS as CATEGORIES
from portal.privacy.requests import REQUEST_KINDS
from portal.privacy.requisition import FIELDS
from portal.privacy.wording import CHANNEL_WORDS, REQUEST_KIND_WORDS
from portal.security.incidents import NO_NOTICE_GROUNDS

PICK_QUARTER = _l("Choisissez un trimestre dans la liste.")
KIND_AND_CHANNEL = _l("Choisissez le type de demande et le canal.")
LATER_DUE = _l("La nouvelle échéance doit suivre l'actuelle.")
INCIDENT_DATE = _l("Indiquez la date de l'incident (pas dans le futur).")


# The register of requests (/dpo/demandes)

RECEIVED_ON = _l("Indiquez le jour où la demande est arrivée (la date du courrier ou du courriel).")


class RecordRequestForm(WebForm):
    """A request that arrived by mail or post, for a known account."""

    email = StringField(_l("La personne : nom, adresse électronique, téléphone ou adresse postale"), filters=[strip],
                        validators=[Length(min=2, max=254, message=_l("De 2 à 254 caractères."))],
                        render_kw={"required": True})
    kind = SelectField(_l("Type"), choices=[SelectChoice(code, REQUEST_KIND_WORDS[code]) for code in REQUEST_KINDS],
                       invalid_choice_message=KIND_AND_CHANNEL)
    channel = SelectField(_l("Reçue"),
                          choices=[SelectChoice(code, CHANNEL_WORDS[code]) for code in ("courriel", "courrier")],
                          invalid_choice_message=KIND_AND_CHANNEL)
    # Its clock starts the day it arrived, not the day it is typed in.
    received_on = DateField(_l("Reçue le"), invalid_value_message=RECEIVED_ON,
                            validators=[DataRequired(RECEIVED_ON)])


class ExtendForm(WebForm):
    """One per open request: the page's own csrf_token() is checked by CSRFProtect on every POST.
    portal.privacy.requests.extend checks them again, with whether the request is still open."""

    class Meta:
        csrf = False

    reason = StringField(_l("raison"), filters=[strip], validators=[DataRequired(_l("Indiquez la raison du report."))])
    # A date that does not parse is a date that does not follow the current one.
    new_due = DateField(_l("Reporter au"), invalid_value_message=LATER_DUE, validators=[DataRequired(LATER_DUE)])


class CarryOutForm(WebForm):
    """Carrying out a request received off the portal (see ExtendForm for the token). The service says
    what is missing, in words."""

    class Meta:
        csrf = False

    identity_check = StringField(_l("Identité vérifiée comment ?"), filters=[strip],
                                 validators=[Length(max=300, message=_l("300 caractères au plus."))])
    confirmation = StringField(_l("Tapez EFFACER pour confirmer"), filters=[strip],
                               validators=[Length(max=20, message=_l("20 caractères au plus."))])
    # A rectification: only what she asked to correct.
    full_name = StringField(_l("Nom corrigé"), filters=[strip], validators=[Length(max=120)])
    phone = StringField(_l("Téléphone corrigé"), filters=[strip], validators=[Length(max=30)])
    postal_address = TextAreaField(_l("Adresse postale corrigée"), filters=[strip], validators=[Length(max=500)])


class CloseForm(WebForm):
    """One per open request (see ExtendForm). The answer, or the reason for lifting a restriction, is
    checked by the service that closes the request."""

    class Meta:
        csrf = False

    answer = StringField(_l("Réponse"), filters=[strip])


# The quarterly security report (/dpo/rapport)

class QuarterForm(WebForm):
    """Which quarter to show; its choices are set by the view (recent quarters and kept reports)."""

    class Meta:
        csrf = False

    trimestre = SelectField(_l("Trimestre"), invalid_choice_message=PICK_QUARTER)


# The privacy policy (/dpo/politique)

class PolicyForm(WebForm):
    """Checked by portal.privacy.versions.publish, except the date's format. The text is kept as typed
    (the service normalises it) so that a refused version is given back unchanged."""

    effective_on = DateField(_l("Entrée en vigueur (substantielle)"), validators=[Optional()],
                             invalid_value_message=_l("La date d'entrée en vigueur n'est pas une date valide."))
    kind = StringField()  # "minor" or "substantial": the page's two radio buttons
    summary = TextAreaField(_l("Résumé des changements (envoyé par courriel)"),
                            render_kw={"rows": 4, "maxlength": 2000})
    text = TextAreaField(_l("Texte complet"), render_kw={"rows": 20, "required": True})


# Incidents (/dpo/incidents)

DISCOVERED = _l("Indiquez le jour et l'heure de la découverte.")


class IncidentForm(WebForm):
    """Checked by portal.security.incidents.record, except the date's format."""

    occurred_on = DateField(_l("Date de l'incident"), invalid_value_message=INCIDENT_DATE,
                            validators=[DataRequired(INCIDENT_DATE)], render_kw={"required": True})
    nature = TextAreaField(_l("Nature (ce qui s'est passé, en termes simples)"),
                           render_kw={"rows": 3, "maxlength": 5000, "required": True})
    categories = SelectMultipleField(_l("Catégories de données concernées"),
                                     choices=[SelectChoice(c.key, c.label) for c in CATEGORIES], validate_choice=False)
    discovered_at = DateTimeLocalField(_l("Découvert le (heure de Paris) — les 72 heures courent depuis"),
                                       format="%Y-%m-%dT%H:%M", invalid_value_message=DISCOVERED,
                                       validators=[DataRequired(DISCOVERED)], render_kw={"required": True})
    consequences = TextAreaField(_l("Conséquences probables pour les personnes"),
                                 render_kw={"rows": 3, "maxlength": 5000, "required": True})
    measures = TextAreaField(_l("Mesures prises"), render_kw={"rows": 3, "maxlength": 5000, "required": True})
    emails = TextAreaField(_l("Comptes touchés (adresses, une par ligne)"), render_kw={"rows": 4, "required": True})


class AuthorityNoticeForm(WebForm):
    reference = StringField(_l("Référence donnée par la CNIL"), filters=[strip],
                            render_kw={"maxlength": 100, "required": True})


class NoNoticeForm(WebForm):
    ground = SelectField(_l("Cas de l'article 34.3"),
                         choices=[SelectChoice(k, v) for k, v in NO_NOTICE_GROUNDS.items()], validate_choice=False)
    reason = TextAreaField(_l("Raisons de la décision"), filters=[strip],
                           render_kw={"rows": 3, "maxlength": 2000, "required": True})


# The access journal (/dpo/journal)

class JournalFilterForm(WebForm):
    """A GET form: who read, whose data, when. The person is found by the address of her account."""

    class Meta:
        csrf = False

    personne = EmailField(_l("Données de (adresse du compte)"), filters=[strip],
                          validators=[Optional(), Length(max=254, message=_l("Adresse trop longue."))])
    auteur = SelectField(_l("Consultées par"), validate_choice=False)
    du = DateField(_l("Du"), validators=[Optional()], invalid_value_message=_l("Date de début illisible."))
    au = DateField(_l("Au"), validators=[Optional()], invalid_value_message=_l("Date de fin illisible."))


# Requisitions (/dpo/requisitions)

class RequisitionForm(WebForm):
    """Checked by portal.privacy.requisition.answer."""

    authority = StringField(_l("Autorité requérante"), filters=[strip],
                            render_kw={"maxlength": 200, "required": True})
    reference = StringField(_l("Référence de la demande (sans le nom de la personne)"), filters=[strip],
                            render_kw={"maxlength": 100, "required": True})
    email = EmailField(_l("Adresse du compte visé"), filters=[strip], render_kw={"required": True})
    fields = SelectMultipleField(_l("Données demandées"), validate_choice=False,
                                 choices=[SelectChoice(key, label) for key, label in FIELDS.items()])


def invoice_number(value: str | None) -> str | None:
    """As printed, whatever the case and the zeros typed: "fac-2025-42" is FAC-2025-000042."""
    if not value:
        return value
    number = value.upper().replace(" ", "")
    prefix, _, seq = number.rpartition("-")
    return f"{prefix}-{seq.zfill(6)}" if prefix and seq.isdigit() and len(seq) <= 6 else number


class ArchivedInvoiceForm(WebForm):
    """An archived invoice is found by its number only: no list of a closed year's customers to browse."""

    number = StringField(_l("Numéro de la facture ou de l'avoir"), filters=[strip, invoice_number], validators=[
        DataRequired(_l("Indiquez le numéro imprimé sur la facture, par exemple FAC-2025-000042.")),
        Regexp(r"^FAC-\d{4}-\d{6}$", message=_l("Un numéro de facture s'écrit FAC-, l'année, un tiret et six "
                                                   "chiffres, par exemple FAC-2025-000042."))])
    reason = StringField(_l("Raison (sans nom ni coordonnées)"), filters=[strip], validators=[
        DataRequired(_l("Indiquez pourquoi vous ressortez cette facture des archives (contrôle fiscal, demande "
                        "de l'expert-comptable…) : la raison est inscrite au journal d'accès.")),
        Length(max=500, message=_l("La raison tient en 500 caractères au plus."))])
