"""Paying an invoice by card: start a checkout at the provider, then trust only its signed webhook.

The provider's hosted page takes the card; we keep its reference, the amount, the date and the last
four digits (in the vault). A webhook must carry a valid HMAC signature, a timestamp within five
minutes and an event id never seen before; anything else is refused and changes nothing.
"""
from __future__ import annotations

import json
import secrets
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import peewee
from flask_babel import lazy_gettext as _l

from portal import db, mail
from portal.invoicing import receivable_sums as sums
from portal.invoicing import received
from portal.invoicing import service as invoicing
from portal.invoicing.models import Invoice
from portal.invoicing.service import DUE
from portal.links import external_url
from portal.payments import signature
from portal.payments.models import Checkout, WebhookEvent
from portal.payments.provider import provider
from portal.refusals import Refused
from portal.timeutil import utcnow
from portal.vault import service as vault

# A checkout the learner opened and left is taken up again for this long rather than doubled: two
# hosted pages for one invoice are two chances to pay it twice.
RESUMABLE = timedelta(minutes=30)

CONFIRMING = "confirming"


class PaymentRefused(Refused):
    pass


def standing(invoices: list[Invoice]) -> dict[str, str]:
    """Each invoice's state for the people who read it: invoicing's (paid, due, cancelled, credit note),
    with "confirming" for a due one whose card the provider charged while its webhook is on its way.
    One query per zone, and one look at the provider per checkout awaiting its webhook."""
    states = invoicing.states(invoices)
    due = [number for number, state in states.items() if state == DUE]
    checkouts = Checkout.select(Checkout.invoice_number, Checkout.token).where(Checkout.status != "paid")
    if len(due) <= db.MANY_KEYS:
        checkouts = checkouts.where(Checkout.invoice_number.in_(due or [""]))
    wanted = set(due)
    waiting = {number: token for number, token in checkouts.tuples() if number in wanted}
    for number, token in waiting.items():
        if provider().charged(token):
            states[number] = CONFIRMING
    return states


@dataclass(frozen=True)
class OpenSummary:
    overdue: list[Invoice]  # the first `shown` invoices past their due date and unpaid, oldest due first
    unpaid: list[Invoice]  # the first `shown` to be paid, not yet due
    confirming: int  # due invoices whose card payment awaits the provider's confirmation


def open_summary(today: date, shown: int) -> OpenSummary:
    """What the staff's home says of the money expected: the database sums and orders the invoices (each keeps
    what it received), only the invoices shown are read whole (a provider has thousands open)."""
    waiting = (Checkout.select(Checkout.invoice_number, Checkout.token)
               .join(Invoice, on=(Invoice.number == Checkout.invoice_number))
               .where((Checkout.status != "paid") & (Invoice.paid_cents == 0) & sums.standing()))
    confirming = sorted({number for number, token in waiting.tuples() if provider().charged(token)})
    late, coming = ([row.id for row in sums.first_standing(today, state, excluded=confirming, size=shown)]
                    for state in ("overdue", "due"))
    whole = {i.id: i for i in invoicing.invoices_with_ids(late + coming)}
    return OpenSummary([whole[i] for i in late if i in whole], [whole[i] for i in coming if i in whole],
                       len(confirming))


def start_checkout(invoice_number: str, account_id: uuid.UUID) -> str:
    """Returns the provider's hosted page to send the learner to."""
    invoice = Invoice.get_or_none((Invoice.number == invoice_number) & (Invoice.account_id == account_id)
                                  & (Invoice.payer_type == "learner") & (Invoice.kind == "invoice"))
    if invoice is None:
        raise PaymentRefused(_l("Cette facture n'est pas à votre nom."))
    if Invoice.select().where(Invoice.cancels == invoice.id).exists():
        raise PaymentRefused(_l("Cette facture a été annulée par un avoir : il n'y a rien à payer."))
    due = invoice.total_cents - vault.paid_cents(invoice.number)
    if due <= 0:
        raise PaymentRefused(_l("Cette facture est déjà payée."))
    with db.atomic():
        db.person_lock(account_id, "checkout")  # two tabs, one checkout
        waiting = list(Checkout.select().where((Checkout.invoice_number == invoice.number)
                                               & (Checkout.status != "paid")).order_by(Checkout.created_at.desc()))
        if any(provider().charged(row.token) for row in waiting):
            raise PaymentRefused(_l("Votre paiement de cette facture est en cours de confirmation : "
                                    "il n'y a rien de plus à payer."))
        for row in waiting:
            if row.created_at > utcnow() - RESUMABLE and row.amount_cents == due:
                page = provider().resume_checkout(row.token)
                if page:
                    return page
        token = secrets.token_urlsafe(24)
        Checkout.create(token=token, invoice_number=invoice.number, account_id=account_id, amount_cents=due)
    return provider().create_checkout(token, due, f"Facture {invoice.number}",
                                      return_url=external_url("invoicing.mine"))


def handle_webhook(body: bytes, header: str | None, now: float | None = None) -> str:
    """Verify and apply one webhook; returns the event id. Raises PaymentRefused with the reason."""
    try:
        signature.check(body, header, signature.webhook_secret(), now)
    except signature.BadSignature as bad:
        raise PaymentRefused(str(bad)) from None
    try:
        event = json.loads(body)
        event_id, kind, data = str(event["id"]), event["type"], event["data"]
        token, amount = str(data["checkout"]), int(data["amount_cents"])
        reference, last4 = str(data["reference"]), str(data["card_last4"])
        paid_at = datetime.fromisoformat(str(data["paid_at"]).replace("Z", ""))
    except (ValueError, KeyError, TypeError):
        raise PaymentRefused(_l("Événement illisible.")) from None
    if kind != "payment.succeeded":
        raise PaymentRefused(_l("Type d'événement inconnu."))
    if len(last4) != 4 or not last4.isdigit() or len(reference) > 80 or len(event_id) > 80:
        raise PaymentRefused(_l("Événement illisible."))
    checkout = Checkout.get_or_none(Checkout.token == token)
    if checkout is None or checkout.amount_cents != amount:
        raise PaymentRefused(_l("Ce paiement ne correspond à aucun règlement attendu."))
    try:
        with db.atomic(with_vault=True):
            WebhookEvent.create(event_id=event_id)  # primary key: a replay fails here, before any change
            # Conditional: two events for one checkout (the provider retried under another id) pay once.
            first = Checkout.update(status="paid", paid_at=utcnow()).where(
                (Checkout.token == token) & (Checkout.status != "paid")).execute()
            if first:
                received.receive(checkout.invoice_number, checkout.account_id, amount, reference, paid_at, last4)
                mail.send(checkout.account_id, "invoice_paid", number=checkout.invoice_number, amount_cents=amount,
                          invoices_url=external_url("invoicing.mine"),
                          pdf_url=external_url("invoicing.learner_pdf", number=checkout.invoice_number))
    except peewee.IntegrityError:
        raise PaymentRefused(_l("Événement déjà reçu : il n'est pas appliqué deux fois.")) from None
    return event_id
