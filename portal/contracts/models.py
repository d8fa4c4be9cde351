"""Training contracts and their payment schedule, main zone: the learner known by her account id; her name
and address are read from the vault when the contract is printed."""
from __future__ import annotations

import peewee

from portal.db import MainModel
from portal.learning.models import Enrollment, TrainingSession
from portal.timeutil import utcnow

# How a withdrawal reached the provider: the button in her space, or the registered letter the law names.
CHANNELS = ("online", "letter")
# Why a training stopped before its end (the contract's clause says what is then due).
STOP_REASONS = ("force_majeure", "abandon")
INSTALMENT_KINDS = ("deposit", "balance")


class TrainingContract(MainModel):
    account_id = peewee.UUIDField(index=True)
    enrollment = peewee.ForeignKeyField(Enrollment, null=True, index=True, on_delete="SET NULL")
    session = peewee.ForeignKeyField(TrainingSession, on_delete="RESTRICT")
    price_cents = peewee.IntegerField()  # the course's price when she signed
    share_cents = peewee.IntegerField()  # what she pays herself (the price, or her part of it)
    funding = peewee.CharField(max_length=16)  # the enrolment's funding: "self", or who pays the rest
    # The signed record: the text as she read it (JSON sections), the version of the provider's terms and
    # a SHA-256 of the text, so that a later change of the course or the terms never rewrites it.
    text = peewee.TextField()
    terms_version = peewee.CharField(max_length=16)
    text_sha256 = peewee.CharField(max_length=64)
    signed_at = peewee.DateTimeField(default=utcnow)
    withdrawal_ends_on = peewee.DateField()  # the tenth day after signing (Paris calendar)
    withdrawn_at = peewee.DateTimeField(null=True)
    withdrawal_channel = peewee.CharField(max_length=16, null=True)  # CHANNELS
    letter_sent_on = peewee.DateField(null=True)  # the postmark of her registered letter
    recorded_by = peewee.UUIDField(null=True)  # the staff member who recorded the letter or the stop
    stopped_on = peewee.DateField(null=True)
    stop_reason = peewee.CharField(max_length=16, null=True)  # STOP_REASONS
    stop_note = peewee.TextField(default="")
    # She asked, when signing, to start before her withdrawal period ends (the provider allowing it).
    early_start = peewee.BooleanField(default=False)

    class Meta:
        table_name = "training_contract"


class Instalment(MainModel):
    """One step of the payment schedule: the deposit, then the balance's instalments over the session. The
    daily job invoices it on `bills_on` and keeps the invoice's number."""

    contract = peewee.ForeignKeyField(TrainingContract, backref="instalments", on_delete="CASCADE")
    position = peewee.IntegerField()
    kind = peewee.CharField(max_length=16)  # INSTALMENT_KINDS
    bills_on = peewee.DateField()
    amount_cents = peewee.IntegerField()
    invoice_number = peewee.CharField(max_length=20, null=True)
    reminded_on = peewee.DateField(null=True)  # the reminder sent before the invoice's due date
    cancelled = peewee.BooleanField(default=False)  # never invoiced: withdrawn, or stopped before its date

    class Meta:
        table_name = "contract_instalment"
        indexes = ((("contract", "position"), True),)
