"""What payments hold about a person in the main zone: the card payments she started at the provider
(no card data; the reference, amount and last four digits of a payment are in the vault)."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from portal.formatting import money
from portal.invoicing.models import Invoice
from portal.payments.models import Checkout
from portal.personal_data.registry import CONTRACT, Declaration, Person, iso
from portal.personal_data.table import BY_KEY


def _mine(person: Person) -> list[Checkout]:
    return list(Checkout.select().where(Checkout.account_id == person.account_id).order_by(Checkout.created_at))


def _held(person: Person) -> list[tuple[str, str]]:
    words = {"pending": _l("commencé"), "paid": _l("payé")}
    return [(str(_l("Paiement par carte de la facture %(n)s", n=c.invoice_number)),
             f"{money(c.amount_cents)} · {words.get(c.status, c.status)}") for c in _mine(person)]


def _exported(person: Person) -> dict:
    return {"administrative": {"checkouts": [
        {"invoice": c.invoice_number, "amount_cents": c.amount_cents, "status": c.status,
         "started_at": iso(c.created_at), "paid_at": iso(c.paid_at)} for c in _mine(person)]}}


def _erase(person: Person) -> None:
    Checkout.delete().where(Checkout.account_id == person.account_id).execute()


def forget_archived(as_of: date) -> int:
    """Checkouts of invoices that left the working database (their clock moved them to the archive with
    their payments): nothing is left to pay there."""
    return Checkout.delete().where(Checkout.invoice_number.not_in(Invoice.select(Invoice.number))).execute()


DECLARATIONS = (
    Declaration(
        roles=("learner",),
        key="payments.checkouts", topic="administrative", label=_l("Paiements par carte"),
        models=(Checkout,), retention=BY_KEY["invoices"], basis=CONTRACT,
        purpose=_l("Vous laisser régler une facture par carte chez notre prestataire de paiement, sans que "
                   "nous voyions votre numéro de carte."),
        while_restricted=_l("Conservés ; vous pouvez toujours régler une facture due."),
        held=_held, export=_exported, erase=_erase, clock=forget_archived, order=40),
)
