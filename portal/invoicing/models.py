"""Invoices in the main zone (amounts, lines, numbering); the payer's name and address in the vault."""
from __future__ import annotations

import peewee

from portal.db import MainModel
from portal.learning.models import Enrollment
from portal.timeutil import utcnow

PAYER_TYPES = ("learner", "employer", "funder")
KINDS = ("invoice", "credit_note")
# What part of the payer's share an invoice bills: all of it, a deposit, or the balance after a deposit.
PARTS = ("total", "deposit", "balance")


class InvoiceSequence(MainModel):
    year = peewee.IntegerField(primary_key=True)
    last = peewee.IntegerField(default=0)

    class Meta:
        table_name = "invoice_sequence"


class Invoice(MainModel):
    number = peewee.CharField(max_length=20, unique=True)  # FAC-YYYY-NNNNNN
    year = peewee.IntegerField()
    seq = peewee.IntegerField()
    kind = peewee.CharField(max_length=16, default="invoice")
    cancels = peewee.ForeignKeyField("self", null=True, unique=True, backref="credit_notes", on_delete="RESTRICT")
    enrollment = peewee.ForeignKeyField(Enrollment, null=True, on_delete="SET NULL")
    account_id = peewee.UUIDField(index=True)  # the learner the training is for
    payer_type = peewee.CharField(max_length=16)
    issued_on = peewee.DateField()
    service_from = peewee.DateField()
    service_to = peewee.DateField()
    due_on = peewee.DateField(index=True)
    lines = peewee.TextField()  # JSON: [{"description", "quantity", "unit_cents"}]
    total_cents = peewee.IntegerField()  # negative on a credit note
    reason = peewee.TextField(default="")  # why a credit note cancels its invoice
    issued_by = peewee.UUIDField(null=True)
    created_at = peewee.DateTimeField(default=utcnow)
    part = peewee.CharField(max_length=16, default="total")  # PARTS
    # The funder's case number, copied from the funding file when the invoice is issued (OPCOs match
    # their payments with it); the trainee's name printed beside it is with the payer, in the vault.
    case_number = peewee.CharField(max_length=64, default="")
    # What it received: the sum of its payments, which are in the vault (no SQL join reaches them), kept here
    # by portal.invoicing.received in the transaction that records each payment, so that the receivables of
    # thousands of invoices are summed by the database. `flask --app app invoices check-paid` compares both.
    paid_cents = peewee.IntegerField(default=0)
    # Which organisation pays (an employer's or a funder's invoice): a keyed hash of its name as printed,
    # folded, so that the receivables are grouped by payer in SQL while the name itself stays in the vault.
    # "" for the learner's own invoices (grouped by her account).
    payer_key = peewee.CharField(max_length=32, default="")
    # A step of the learner's training contract: the contract reminds it before its due date with its own mail.
    from_contract = peewee.BooleanField(default=False)

    class Meta:
        table_name = "invoice"
        indexes = ((("year", "seq"), True),)


class BillingShare(MainModel):
    """« Prise en charge »: what one payer takes of an enrolment's price (the OPCO 700 €, the learner the
    rest). Invoices to a payer never add up to more than its share, and the shares never to more than the
    price."""

    enrollment = peewee.ForeignKeyField(Enrollment, on_delete="CASCADE")
    payer_type = peewee.CharField(max_length=16)
    amount_cents = peewee.IntegerField()
    updated_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "billing_share"
        indexes = ((("enrollment", "payer_type"), True),)


COURTESY = -1  # an InvoiceReminder's level: the courtesy reminder before the due date


class InvoiceReminder(MainModel):
    """A reminder sent for an overdue invoice: by the daily job (its level: 1, 2, 3) or by staff (level 0); or a
    courtesy reminder before its due date (COURTESY), by the daily job or by the contract of a learner paying
    her own training for a step of its schedule."""

    invoice = peewee.ForeignKeyField(Invoice, backref="reminders", on_delete="CASCADE")
    level = peewee.IntegerField()
    sent_at = peewee.DateTimeField(default=utcnow)
    # Who it went to: "learner" (her account's address) or "payer" (the billing contact of the invoice).
    channel = peewee.CharField(max_length=16)

    class Meta:
        table_name = "invoice_reminder"


class ArchivedBilling(MainModel):
    """What an invoice billed its enrolment, kept when the invoice itself moves to the legal archive (its
    fiscal year closed): a balance billed later still deducts a deposit of last year, and the enrolment is
    still never billed beyond its price. No name, no amount of anything else; it goes with the enrolment."""

    enrollment = peewee.ForeignKeyField(Enrollment, on_delete="CASCADE")
    number = peewee.CharField(max_length=20, unique=True)
    payer_type = peewee.CharField(max_length=16)
    part = peewee.CharField(max_length=16)
    total_cents = peewee.IntegerField()

    class Meta:
        table_name = "archived_billing"
