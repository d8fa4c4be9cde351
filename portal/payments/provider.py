"""Payment providers behind one small interface, and the local test provider that implements it with a
hosted page and a signed webhook, so the whole flow runs without internet.

A real provider (Stripe, PayPlug, Lyra…) would get its own class with the same two duties: create a
hosted checkout for an amount and a reference, and sign the webhook it sends us afterwards.
"""
from __future__ import annotations

import json
import secrets
import urllib.request
from typing import Protocol

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l

from portal import db
from portal.jobs import enqueue, job
from portal.links import external_url
from portal.payments import signature
from portal.payments.models import LocalProviderPayment
from portal.timeutil import utcnow


class Provider(Protocol):
    def create_checkout(self, token: str, amount_cents: int, description: str, return_url: str) -> str: ...

    def resume_checkout(self, token: str) -> str | None:
        """The hosted page of a checkout still open, to send the learner back to it; None otherwise."""

    def charged(self, token: str) -> bool:
        """Whether the provider has charged the card for this checkout (its webhook may not be here yet)."""


class LocalTestProvider:
    """Stands in for the provider's servers: its own table, its own pages under /paiement-test."""

    def create_checkout(self, token: str, amount_cents: int, description: str, return_url: str) -> str:
        with db.atomic():
            LocalProviderPayment.create(checkout_token=token, amount_cents=amount_cents, description=description,
                                        return_url=return_url)
        return url_for("local_provider.hosted_page", token=token)

    def resume_checkout(self, token: str) -> str | None:
        payment = payment_or_none(token)
        return url_for("local_provider.hosted_page", token=token) if payment and payment.status == "open" else None

    def charged(self, token: str) -> bool:
        payment = payment_or_none(token)
        return payment is not None and payment.status == "paid"


def provider() -> Provider:
    name = current_app.config["PAYMENT_PROVIDER"]
    if name == "local":
        return LocalTestProvider()
    raise RuntimeError(f"PAYMENT_PROVIDER={name!r} has no adapter in portal/payments/provider.py")


def luhn_ok(number: str) -> bool:
    digits = [int(d) for d in number]
    checksum = sum(digits[-1::-2]) + sum(sum(divmod(2 * d, 10)) for d in digits[-2::-2])
    return checksum % 10 == 0


def payment_or_none(token: str) -> LocalProviderPayment | None:
    """The test provider's payment behind a checkout token."""
    return LocalProviderPayment.get_or_none(LocalProviderPayment.checkout_token == token)


DECLINED_TEST_CARD = "4000000000000002"


def pay(token: str, card_number: str) -> LocalProviderPayment:
    """The provider charges the card, remembers only its last four digits, and queues the webhook."""
    number = "".join(card_number.split())
    payment = LocalProviderPayment.get_or_none(LocalProviderPayment.checkout_token == token)
    if payment is None or payment.status != "open":
        raise ValueError("Ce paiement n'est plus ouvert.")
    if not (13 <= len(number) <= 19 and number.isdigit() and luhn_ok(number)):
        raise ValueError("Numéro de carte invalide.")
    if number == DECLINED_TEST_CARD:
        raise ValueError("Paiement refusé par la banque (carte de test refusée).")
    reference = f"pay_{secrets.token_hex(8)}"
    with db.atomic():
        LocalProviderPayment.update(status="paid", reference=reference).where(
            LocalProviderPayment.checkout_token == token).execute()
        enqueue(send_webhook, token, number[-4:], f"evt_{secrets.token_hex(8)}")
    return LocalProviderPayment.get_by_id(token)


def webhook_body(payment: LocalProviderPayment, last4: str, event_id: str) -> bytes:
    return json.dumps({"id": event_id, "type": "payment.succeeded", "data": {
        "checkout": payment.checkout_token, "reference": payment.reference, "amount_cents": payment.amount_cents,
        "card_last4": last4, "paid_at": utcnow().isoformat() + "Z"}}).encode()


@job(_l("Confirmation de paiement du prestataire (démonstration)"))
def send_webhook(token: str, last4: str, event_id: str) -> None:
    """POST the signed event to the portal's webhook over HTTP, as a provider would; retried on failure."""

    payment = LocalProviderPayment.get_by_id(token)
    body = webhook_body(payment, last4, event_id)
    url = current_app.config.get("PAYMENT_WEBHOOK_URL") or external_url("payments.webhook")
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/json", signature.HEADER: signature.sign(body, signature.webhook_secret())})
    with urllib.request.urlopen(request, timeout=15) as response:
        response.read()
