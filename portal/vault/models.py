"""Vault-zone rows. Only portal/vault may import this module (a test enforces it)."""
from __future__ import annotations

import peewee

from portal.db import VaultModel
from portal.timeutil import utcnow


class Identity(VaultModel):
    account_id = peewee.UUIDField(primary_key=True)
    full_name = peewee.CharField(max_length=120)
    # The name folded (no case, no accents, single spaces): staff find a person however they type her name.
    search_key = peewee.CharField(max_length=120, default="")
    # The same words sorted: the dpo's check of an answer finds « BOUQUET Bérénice » as « Bérénice Bouquet ».
    name_words = peewee.CharField(max_length=120, default="")
    email = peewee.CharField(max_length=254)
    # Case-folded copy: one account per address whatever the capitals.
    email_key = peewee.CharField(max_length=254, unique=True)
    phone = peewee.CharField(max_length=20)
    postal_address = peewee.TextField(null=True)
    paper_documents = peewee.BooleanField(default=False)  # the postal address is asked only then
    # An address change: the new one waits for its confirmation; the old one is kept only until
    # it has been told of the change.
    pending_email = peewee.CharField(max_length=254, null=True)
    previous_email = peewee.CharField(max_length=254, null=True)
    updated_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "identity"


class Credential(VaultModel):
    account_id = peewee.UUIDField(primary_key=True)
    password_hash = peewee.CharField(max_length=255)
    totp_secret = peewee.CharField(max_length=64, null=True)
    totp_enabled_at = peewee.DateTimeField(null=True)
    # The last 30-second step accepted: a code cannot be replayed within its window.
    totp_last_step = peewee.IntegerField(null=True)
    password_changed_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "credential"


class AuditEntry(VaultModel):
    """Append-only, hash-chained record of staff and dpo access to personal data."""

    at = peewee.DateTimeField(default=utcnow)
    actor_id = peewee.UUIDField(null=True)  # None for the system (a job, a command)
    actor_role = peewee.CharField(max_length=16)
    subject_id = peewee.UUIDField(null=True, index=True)
    action = peewee.CharField(max_length=32)  # lecture, recherche, export, requisition...
    fields = peewee.CharField(max_length=255)  # comma-separated
    reason = peewee.TextField()
    workflow = peewee.CharField(max_length=64, null=True)  # the back-office task that needed it, if any
    prev_hash = peewee.CharField(max_length=64)
    entry_hash = peewee.CharField(max_length=64, unique=True)

    class Meta:
        table_name = "audit_entry"


class FundingIdentity(VaultModel):
    """What a funding file needs to know about the person: professional status and employer."""

    account_id = peewee.UUIDField(primary_key=True)
    # employee, jobseeker, self_employed, individual, apprentice (words: portal.funding.wording)
    professional_status = peewee.CharField(max_length=24)
    employer = peewee.CharField(max_length=160, null=True)
    updated_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "funding_identity"


class CertificateHolder(VaultModel):
    """The holder's name exactly as printed on an issued certificate (never updated)."""

    code = peewee.CharField(max_length=64, primary_key=True)
    account_id = peewee.UUIDField(index=True)
    holder_name = peewee.CharField(max_length=120)

    class Meta:
        table_name = "certificate_holder"


class InvoiceParty(VaultModel):
    """Who an invoice is addressed to, as printed (a person's name and address are personal data)."""

    number = peewee.CharField(max_length=20, primary_key=True)
    account_id = peewee.UUIDField(index=True)
    name = peewee.CharField(max_length=160)
    address = peewee.TextField(default="")
    siren = peewee.CharField(max_length=14, default="")
    # The trainee named on an employer's or a funder's invoice, as printed.
    trainee = peewee.CharField(max_length=160, default="")
    # Where reminders of an organisation's invoice go (its accounts department); never printed.
    email = peewee.CharField(max_length=254, default="")

    class Meta:
        table_name = "invoice_party"


class Payment(VaultModel):
    """Money received for one invoice: a card payment the provider told us of (never a card number), or a
    transfer, a cheque… recorded by staff. One transfer settling several invoices (an OPCO's batch) is one
    row per invoice, sharing its settlement id."""

    provider_ref = peewee.CharField(max_length=80, unique=True)
    account_id = peewee.UUIDField(index=True)
    invoice_number = peewee.CharField(max_length=20, index=True)
    amount_cents = peewee.IntegerField()
    paid_at = peewee.DateTimeField()
    card_last4 = peewee.CharField(max_length=4)
    method = peewee.CharField(max_length=16, default="card")  # card, transfer, cheque, cash, direct_debit
    reference = peewee.CharField(max_length=120, default="")  # the bank's or the cheque's reference
    settlement = peewee.CharField(max_length=40, null=True, index=True)
    recorded_by = peewee.UUIDField(null=True)

    class Meta:
        table_name = "payment"


class RecoveryCode(VaultModel):
    """Single-use codes for a lost phone, kept as SHA-256 digests (they are random, not passwords)."""

    account_id = peewee.UUIDField(index=True)
    digest = peewee.CharField(max_length=64, unique=True)
    used_at = peewee.DateTimeField(null=True)

    class Meta:
        table_name = "recovery_code"


class Requester(VaultModel):
    """Someone without an account who asked about her data (by post or e-mail), as her letter names her: what
    answering her needs, kept as long as the register of requests keeps the proof of the answer."""

    id = peewee.UUIDField(primary_key=True)
    full_name = peewee.CharField(max_length=120)
    postal_address = peewee.TextField(default="")
    email = peewee.CharField(max_length=254, default="")
    phone = peewee.CharField(max_length=20, default="")
    recorded_at = peewee.DateTimeField(default=utcnow)
    answered_at = peewee.DateTimeField(null=True)  # her retention runs on the register's dates, not this one

    class Meta:
        table_name = "requester"


class RequestLetter(VaultModel):
    """The postal address a letter to the dpo gave, for a request recorded for an account: the dpo answers by
    post there (it may differ from the one her profile keeps). The register's request names it by its id; it
    leaves at the request's closing, or with her account."""

    id = peewee.UUIDField(primary_key=True)
    account_id = peewee.UUIDField(index=True)
    postal_address = peewee.TextField()
    recorded_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "request_letter"
