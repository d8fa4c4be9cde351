"""Forms of the invoices page: issuing an invoice, cancelling one by a credit note."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import InputRequired

from portal.formtools import WebForm, strip

PICK_ENROLLMENT = _l("Choisissez l'inscription à facturer.")
PAYER_CHOICES = [
    SelectChoice("learner", _l("L'apprenant (nom et adresse lus dans le coffre)")),
    SelectChoice("employer", _l("Son employeur")),
    SelectChoice("funder", _l("Un financeur (OPCO, France Travail…)")),
]


class InvoiceForm(WebForm):
    """Who pays, and the payer's details when it is not the learner: portal.invoicing.service checks them
    (its refusals are the page's messages)."""

    enrollment_id = IntegerField(_l("Inscription"), invalid_value_message=PICK_ENROLLMENT,
                                 validators=[InputRequired(PICK_ENROLLMENT)])
    payer_type = RadioField(_l("Payeur"), choices=PAYER_CHOICES, validate_choice=False)
    payer_name = StringField(_l("Raison sociale (employeur ou financeur)"), filters=[strip],
                             render_kw={"maxlength": 160})
    payer_address = TextAreaField(_l("Adresse"), filters=[strip], render_kw={"rows": 2, "maxlength": 500})
    payer_siren = StringField(_l("SIREN"), filters=[strip], render_kw={"maxlength": 14})
    another = BooleanField(_l("Émettre une seconde facture à ce payeur (acompte puis solde, par exemple)"))
    # Asked only when the learner's processing is restricted (the service says so); kept in the access journal.
    ground = StringField(_l("Motif légal, si le traitement de ses données est limité"), filters=[strip],
                         render_kw={"maxlength": 300})


class CreditNoteForm(WebForm):
    """One per invoice still standing: the page's own csrf_token() is checked by CSRFProtect on every POST.
    The reason is checked by portal.invoicing.service.issue_credit_note."""

    class Meta:
        csrf = False

    reason = StringField(_l("Motif"), filters=[strip])
