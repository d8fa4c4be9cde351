"""Forms of the invoices pages: issuing an invoice, sharing an enrolment's price among its payers,
cancelling an invoice by a credit note."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    FieldList,
    FormField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput

from portal.formtools import EurosField, FilterForm, WebForm, strip
from portal.invoicing.service import ListFilters
from portal.invoicing.wording import LIST_STATE_WORDS, PAYER_WORDS

PICK_ENROLLMENT = _l("Choisissez l'inscription à facturer.")
PAYER_CHOICES = [
    SelectChoice("learner", _l("L'apprenant lui-même")),
    SelectChoice("employer", _l("Son employeur")),
    SelectChoice("funder", _l("Un financeur (OPCO, France Travail…)")),
]
PART_CHOICES = [
    SelectChoice("total", _l("Ce qui reste à facturer à ce payeur (sa part entière)")),
    SelectChoice("deposit", _l("Un acompte")),
    SelectChoice("balance", _l("Le solde, acompte déduit")),
]
LINES = 3  # rows offered for writing the lines out; left empty, the invoice bills the payer's part


class LineForm(WebForm):
    class Meta:
        csrf = False

    description = StringField(_l("Désignation"), filters=[strip], render_kw={"maxlength": 200})
    quantity = IntegerField(_l("Quantité"), validators=[Optional()], render_kw={"inputmode": "numeric"},
                            invalid_value_message=_l("Une quantité est un nombre entier."))
    unit = EurosField(_l("Prix unitaire HT (€)"), render_kw={"inputmode": "decimal"})


class InvoiceForm(WebForm):
    """Who pays, the payer's details when it is not the learner, what part of its share the invoice bills,
    and the lines if staff write them out: portal.invoicing.service checks them (its refusals are the page's
    messages)."""

    enrollment_id = IntegerField(_l("Inscription"), invalid_value_message=PICK_ENROLLMENT,
                                 validators=[InputRequired(PICK_ENROLLMENT)])
    payer_type = RadioField(_l("Payeur"), choices=PAYER_CHOICES, validate_choice=False)
    payer_name = StringField(_l("Raison sociale (employeur ou financeur)"), filters=[strip],
                             render_kw={"maxlength": 160})
    payer_address = TextAreaField(_l("Adresse de facturation (pour l'apprenant : si son profil n'en donne pas)"),
                                  filters=[strip], render_kw={"rows": 2, "maxlength": 500})
    payer_siren = StringField(_l("SIREN"), filters=[strip], render_kw={"maxlength": 14})
    payer_email = StringField(_l("Courriel du service comptable (pour les relances, facultatif)"), filters=[strip],
                              render_kw={"maxlength": 254, "type": "email"})
    part = RadioField(_l("La facture porte sur"), choices=PART_CHOICES, validate_choice=False, default="total")
    deposit = EurosField(_l("Montant de l'acompte (€, 30 % de sa part si vide)"), render_kw={"inputmode": "decimal"})
    lines = FieldList(FormField(LineForm), min_entries=LINES, max_entries=LINES)
    # Asked only when the learner's processing is restricted (the service says so); kept in the access journal.
    ground = StringField(_l("Si cette personne a demandé la limitation de ses données : motif légal de ce document"),
                         filters=[strip], render_kw={"maxlength": 300})


class SharesForm(WebForm):
    """« Prise en charge »: each payer's part of the enrolment's price (empty or 0: none)."""

    learner = EurosField(_l("Apprenant (€)"), render_kw={"inputmode": "decimal"})
    employer = EurosField(_l("Employeur (€)"), render_kw={"inputmode": "decimal"})
    funder = EurosField(_l("Financeur (€)"), render_kw={"inputmode": "decimal"})


class CreditNoteForm(WebForm):
    """One per invoice still standing: the page's own csrf_token() is checked by CSRFProtect on every POST.
    The reason is checked by portal.invoicing.service.issue_credit_note."""

    class Meta:
        csrf = False

    reason = StringField(_l("Motif"), filters=[strip])


class ListFilterForm(FilterForm):
    """/gestion/factures?etat=…&payeur=…&du=…&au=…&numero=…; ?inscription= comes from an enrolment's billing."""

    etat = SelectField(_l("État"), default="", choices=[
        SelectChoice("", _l("Tous")), *(SelectChoice(code, words) for code, words in LIST_STATE_WORDS.items())])
    payeur = SelectField(_l("Payeur"), default="", choices=[
        SelectChoice("", _l("Tous")), *(SelectChoice(code, words) for code, words in PAYER_WORDS.items())])
    du = DateField(_l("Émises du"), validators=[Optional()], render_kw={"type": "date"})
    au = DateField(_l("au"), validators=[Optional()], render_kw={"type": "date"})
    numero = StringField(_l("Numéro contient"), filters=[strip], validators=[
        Optional(), Length(max=20, message=_l("20 caractères au plus."))], render_kw={"maxlength": 20})
    inscription = IntegerField(widget=HiddenInput(), validators=[Optional(), NumberRange(min=1, max=2**31 - 1)])

    def filters(self) -> ListFilters:
        return ListFilters(state=self.etat.data or "", payer_type=self.payeur.data or "", issued_from=self.du.data,
                           issued_until=self.au.data, number=self.numero.data or "",
                           enrollment_id=self.inscription.data)
