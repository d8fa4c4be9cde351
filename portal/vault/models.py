"""Vault-zone rows. Only portal/vault may import this module (a test enforces it)."""
from __future__ import annotations

import peewee

from portal.db import VaultModel
from portal.timeutil import utcnow


class Identity(VaultModel):
    account_id = peewee.UUIDField(primary_key=True)
    full_name = peewee.CharField(max_length=120)
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
    password_changed_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "credential"
