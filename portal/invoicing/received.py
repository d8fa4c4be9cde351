"""Money received for an invoice: the payment's row in the vault and the invoice's paid total in the working
database, written together, here only; and the check that the two still agree.

The vault keeps each payment (its bank reference, a card's last four digits); the invoice keeps what it has
received in all, so that what is owed over thousands of invoices is summed by the database itself (the vault
is another database: no join reaches it). Payments are never edited; they leave the vault only with their
invoice (the legal archive, an erasure), so the stored total only ever grows by a payment recorded here.
"""
from __future__ import annotations

import hashlib
import hmac
import uuid
from dataclasses import dataclass
from datetime import datetime

from blinker import Namespace
from flask import current_app

from portal import db
from portal.invoicing.models import Invoice
from portal.textfold import fold
from portal.vault import service as vault

# Sent, inside the payment's transaction, when an invoice has received all it bills (with `by`, who recorded
# the payment, and `paid_at`): what waits for that payment elsewhere (a funding file) moves on by itself.
settled = Namespace().signal("invoice-settled")


def payer_key(name: str) -> str:
    """The organisation paying an invoice, as the receivables group it: its name without case, accents or
    extra spaces, keyed (the working database groups by it without holding the name, which is the vault's)."""
    folded = " ".join(fold(name).split())
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"payer:{folded}".encode(), hashlib.sha256).hexdigest()[:32]


def receive(number: str, account_id: uuid.UUID, cents: int, provider_ref: str, paid_at: datetime,
            card_last4: str = "", *, method: str = "card", reference: str = "", settlement: str | None = None,
            recorded_by: uuid.UUID | None = None) -> bool:
    """Records a payment of `cents` for the invoice numbered `number`, once per provider_ref: the vault's row
    and the invoice's paid total in one transaction (inside the caller's, when there is one). Returns whether
    it was new (a replayed reference changes nothing)."""
    with db.atomic(with_vault=True):
        new = vault.record_payment(provider_ref, account_id, number, cents, paid_at, card_last4, method=method,
                                   reference=reference, settlement=settlement, recorded_by=recorded_by)
        if new:
            Invoice.update(paid_cents=Invoice.paid_cents + cents).where(Invoice.number == number).execute()
            invoice = Invoice.get(Invoice.number == number)
            if invoice.paid_cents >= invoice.total_cents:
                settled.send(invoice, by=recorded_by, paid_at=paid_at)
    return new


@dataclass(frozen=True)
class Astray:
    """An invoice whose stored paid total is not the sum of its payments in the vault."""
    number: str
    stored_cents: int
    payments_cents: int


def paid_totals_astray() -> list[Astray]:
    """Every invoice of the working database whose paid total differs from its payments (a crash between the
    two databases' commits could leave one): none, normally. Reads every invoice and every payment."""
    stored = dict(Invoice.select(Invoice.number, Invoice.paid_cents).tuples())
    summed = vault.paid_cents_of(list(stored))
    return [Astray(number, cents, summed.get(number, 0)) for number, cents in sorted(stored.items())
            if cents != summed.get(number, 0)]


def repair_paid_totals() -> list[Astray]:
    """Sets each astray total to the sum of its payments (the vault's rows are the record); returns them."""
    astray = paid_totals_astray()
    with db.atomic():
        for row in astray:
            Invoice.update(paid_cents=row.payments_cents).where(Invoice.number == row.number).execute()
    return astray
