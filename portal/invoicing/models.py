"""Invoices in the main zone (amounts, lines, numbering); the payer's name and address in the vault."""
from __future__ import annotations

import peewee

from portal.db import MainModel
from portal.learning.models import Enrollment
from portal.timeutil import utcnow

PAYER_TYPES = ("learner", "employer", "funder")
KINDS = ("invoice", "credit_note")


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
    due_on = peewee.DateField()
    lines = peewee.TextField()  # JSON: [{"description", "quantity", "unit_cents"}]
    total_cents = peewee.IntegerField()  # negative on a credit note
    reason = peewee.TextField(default="")  # why a credit note cancels its invoice
    issued_by = peewee.UUIDField(null=True)
    created_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "invoice"
        indexes = ((("year", "seq"), True),)
