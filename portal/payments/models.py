"""Checkouts started and webhook events already processed (main zone, no card data at all)."""
from __future__ import annotations

import peewee

from portal.db import MainModel
from portal.timeutil import utcnow


class Checkout(MainModel):
    token = peewee.CharField(max_length=64, primary_key=True)
    invoice_number = peewee.CharField(max_length=20, index=True)
    account_id = peewee.UUIDField()
    amount_cents = peewee.IntegerField()
    status = peewee.CharField(max_length=16, default="pending")  # pending, paid
    created_at = peewee.DateTimeField(default=utcnow)
    paid_at = peewee.DateTimeField(null=True)

    class Meta:
        table_name = "checkout"


class WebhookEvent(MainModel):
    """Event ids already accepted: a replayed event is refused."""

    event_id = peewee.CharField(max_length=80, primary_key=True)
    received_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "webhook_event"


class LocalProviderPayment(MainModel):
    """The local test provider's own side: what a real provider would keep on its servers."""

    checkout_token = peewee.CharField(max_length=64, primary_key=True)
    amount_cents = peewee.IntegerField()
    description = peewee.CharField(max_length=200)
    return_url = peewee.CharField(max_length=500)
    status = peewee.CharField(max_length=16, default="open")  # open, paid
    reference = peewee.CharField(max_length=80, null=True)

    class Meta:
        table_name = "local_provider_payment"
