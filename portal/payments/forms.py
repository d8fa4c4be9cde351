"""The local test provider's hosted page (it stands in for a real provider's), and the staff's forms for
money received outside it: a settlement across invoices, a reminder."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, FieldList, FormField, SelectChoice, SelectField, StringField
from wtforms.validators import InputRequired

from portal.formtools import REQUIRED, EurosField, WebForm, strip
from portal.invoicing.wording import METHOD_WORDS

MAX_ALLOCATIONS = 200  # invoices one settlement may pay


class CardForm(WebForm):
    """The number is checked by the provider itself (portal.payments.provider.pay), as a real one would;
    it is never given back to the page."""

    card_number = StringField(_l("Numéro de carte"))


class AllocationForm(WebForm):
    class Meta:
        csrf = False

    number = StringField(filters=[strip], render_kw={"maxlength": 20})
    amount = EurosField(_l("Part réglée (€)"), render_kw={"inputmode": "decimal"})


class SettlementForm(WebForm):
    """What arrived and how it divides among invoices; portal.payments.settlements checks the rest."""

    received_on = DateField(_l("Reçu le"), validators=[InputRequired(_l("Date attendue (jj/mm/aaaa)."))])
    method = SelectField(_l("Mode"), choices=[SelectChoice(code, words) for code, words in METHOD_WORDS.items()],
                         validate_choice=False, default="transfer")
    reference = StringField(_l("Référence (libellé du virement, n° de chèque…)"), filters=[strip],
                            render_kw={"maxlength": 120})
    amount = EurosField(_l("Montant reçu (€)"), validators=[InputRequired(REQUIRED)],
                        render_kw={"inputmode": "decimal"})
    allocations = FieldList(FormField(AllocationForm), max_entries=MAX_ALLOCATIONS)


class ReminderForm(WebForm):
    email = StringField(_l("Courriel du service comptable"), filters=[strip], render_kw={"maxlength": 254})
