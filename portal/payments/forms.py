"""The local test provider's hosted page (it stands in for a real provider's), and the staff's forms for
money received outside it: a settlement across invoices, a reminder."""
from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from wtforms import DateField, FieldList, FormField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired

from portal.formtools import REQUIRED, EurosField, WebForm, euros_to_cents, strip
from portal.invoicing.wording import METHOD_WORDS

MAX_ALLOCATIONS = 200  # invoice rows one settlement page offers and sends back
MAX_REMITTANCE_LINES = 2000  # lines of a funder's remittance advice pasted at once
REMITTANCE_LINE = re.compile(r"^(?P<number>[A-Za-z]{1,8}-\d{4}-\d{1,9})[\s;,:]+(?P<amount>\S.*)$")
ERRORS_SAID = 5  # bad lines named one by one; the others counted


class CardForm(WebForm):
    """The number is checked by the provider itself (portal.payments.provider.pay), as a real one would;
    it is never given back to the page."""

    card_number = StringField(_l("Numéro de carte"))


class AllocationForm(WebForm):
    class Meta:
        csrf = False

    number = StringField(filters=[strip], render_kw={"maxlength": 20})
    amount = EurosField(_l("Part réglée (€)"), render_kw={"inputmode": "decimal"})


class RemittanceField(TextAreaField):
    """A funder's remittance advice pasted as it comes (one invoice a line: its number, then the amount it
    pays, separated by spaces, a tab or a semicolon: « FAC-2026-000123 ; 700,00 »), given to the service as
    [(number, cents)]. Every line that is not one is said, with its number, beside the field."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        lines = [(n, line.strip()) for n, line in enumerate((self.data or "").splitlines(), start=1) if line.strip()]
        self.parts: list[tuple[str, int, int]] = []  # (number, cents, line)
        if len(lines) > MAX_REMITTANCE_LINES:
            raise ValueError(_l("Un relevé compte au plus %(n)s lignes : enregistrez-le en plusieurs règlements.",
                                n=f"{MAX_REMITTANCE_LINES:,}".replace(",", "\u202f")))
        bad = []
        for n, line in lines:
            found = REMITTANCE_LINE.match(line)
            cents = euros_to_cents(found["amount"]) if found else None
            if cents is None or cents <= 0:
                bad.append(n)
                continue
            self.parts.append((found["number"].upper(), cents, n))
        if bad:
            said = ", ".join(str(n) for n in bad[:ERRORS_SAID])
            more = len(bad) - ERRORS_SAID
            raise ValueError(ngettext(
                "Ligne %(lines)s du relevé : chaque ligne donne un numéro de facture puis le montant qu'il paie, "
                "par exemple « FAC-2026-000123 ; 700,00 ».",
                "Lignes %(lines)s du relevé : chaque ligne donne un numéro de facture puis le montant qu'il paie, "
                "par exemple « FAC-2026-000123 ; 700,00 ».", len(bad), lines=said)
                + (" " + ngettext("Et %(num)s autre ligne.", "Et %(num)s autres lignes.", more) if more > 0 else ""))


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
    remittance = RemittanceField(
        _l("Relevé du payeur : un numéro de facture et son montant par ligne"),
        description=_l("Collez le relevé d'un virement groupé (copié d'un tableur ou d'un avis de paiement), autant "
                       "de factures qu'il en paie : « FAC-2026-000123 ; 700,00 ». Ces lignes s'ajoutent aux parts "
                       "saisies dans le tableau."),
        render_kw={"rows": 6, "spellcheck": "false", "autocomplete": "off"})

    def parts(self) -> list[tuple[str, int, int | None]]:
        """(invoice number, cents, remittance line) of every part given: the table's rows (no line), then the
        remittance's lines."""
        rows = [(entry.form.number.data or "", entry.form.amount.data or 0, None)
                for entry in self.allocations.entries]
        return rows + list(getattr(self.remittance, "parts", []))


class ReminderForm(WebForm):
    email = StringField(_l("Courriel du service comptable"), filters=[strip], render_kw={"maxlength": 254})
