"""The words for what invoicing stores as codes: an invoice's state, its payer, the part of a share it bills,
how a payment was made, as staff, a learner or the privacy center read them; and the same words as a
printed invoice (a French legal document, whatever the reader's language) writes them."""
from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l

STATE_WORDS = {"paid": _l("payée"), "partial": _l("payée en partie"),
               "confirming": _l("paiement en cours de confirmation"), "due": _l("à payer"),
               "cancelled": _l("annulée par un avoir"), "credit_note": _l("avoir")}
PAYER_WORDS = {"learner": _l("apprenant"), "employer": _l("employeur"), "funder": _l("financeur")}
# Who receives an invoice about her training that is not addressed to her, as the learner reads it.
OTHER_PAYER_WORDS = {"employer": _l("votre employeur"), "funder": _l("votre financeur")}
# The invoices list's state filter (portal.invoicing.service.LIST_STATES).
LIST_STATE_WORDS = {"open": _l("à payer"), "overdue": _l("en retard"), "paid": _l("payées"),
                    "cancelled": _l("annulées par un avoir"), "credit_note": _l("avoirs")}
PART_WORDS = {"total": _l("totalité de sa part"), "deposit": _l("acompte"), "balance": _l("solde")}
# How money was received; the keys are the stored codes (portal.payments.settlements checks them).
METHOD_WORDS = {"transfer": _l("virement"), "cheque": _l("chèque"), "card": _l("carte bancaire"),
                "direct_debit": _l("prélèvement"), "cash": _l("espèces")}
PRINTED_METHODS = {"transfer": "virement", "cheque": "chèque", "card": "carte bancaire",
                   "direct_debit": "prélèvement", "cash": "espèces"}
# A settlement's reference, as a reader names it after its method: the bank's for what came through a bank (a
# cheque's reference is written as staff typed it, « n° 4471203 » often).
PRINTED_REFERENCES = {"transfer": "réf. banque", "direct_debit": "réf. banque"}


def printed_payment(method: str, paid_at_paris: datetime, reference: str, card_last4: str, provider_ref: str) -> str:
    """A payment as a French document names it, in words and with the references its reader can look up (the
    bank's or the payment provider's), never the portal's own settlement ids. A payment staff recorded from a
    statement is known to the day (kept at noon): its day only."""
    day = paris_at = paid_at_paris.strftime("%d/%m/%Y")
    if method == "card":
        paris_at = f"{day} à {paid_at_paris:%H:%M} (heure de Paris)"
        said = f"Paiement par carte bancaire du {paris_at}"
        if card_last4:
            said += f", carte se terminant par {card_last4}"
        return f"{said}, réf. du prestataire de paiement {provider_ref}" if provider_ref else said
    said = f"Règlement du {day}, {PRINTED_METHODS.get(method, method)}"
    return f"{said}, {PRINTED_REFERENCES.get(method, 'réf.')} {reference.strip()}" if reference.strip() else said


# A line's VAT: training exempted (the configured mention is printed under the totals).
PRINTED_VAT = {"exempt": "exonérée"}

# Who else takes part of the price, as the learner's own invoice names them when the funding file does not.
PRINTED_OTHER_PAYERS = {"employer": "votre employeur", "funder": "votre financeur"}


def printed_share(training: str, payer_type: str, share: str, price: str, others: list[tuple[str, str]]) -> str:
    """The line of an invoice billing one payer's share of a price split among several (`others`: each other
    payer's amount and name): the learner reads what is left for her after the others' part, a funder or an
    employer the part it takes of the price."""
    if payer_type == "learner" and others:
        parts = " et ".join(f"de {amount} par {name}" for amount, name in others)
        return f"{training} : reste à votre charge après prise en charge {parts}"
    return f"{training} : prise en charge de {share} sur un prix de {price}"


def printed_due(due_on: date) -> str:
    """When an invoice is to be paid, one wording for every invoice (its mails say « à régler » too)."""
    return f"À régler au plus tard le {due_on:%d/%m/%Y}."


def printed_left(received: str, left: str, due_on: date) -> str:
    return f"Déjà réglé : {received}. Reste dû : {left}, à régler au plus tard le {due_on:%d/%m/%Y}."


def printed_transfer(bank_account: str, reference: str) -> str:
    """Where an invoice still to be paid is paid by transfer, and what the transfer quotes so that it is matched."""
    return f"Règlement par virement : {bank_account}. Référence à indiquer sur le virement : {reference}."
