"""A person's consents as an append-only history: the current state is the latest event."""
from __future__ import annotations

import peewee

from portal.db import MainModel
from portal.timeutil import utcnow

MARKETING = "marketing"


class ConsentEvent(MainModel):
    account_id = peewee.UUIDField()
    purpose = peewee.CharField(max_length=32, default=MARKETING)
    granted = peewee.BooleanField()
    policy_version = peewee.CharField(max_length=16)
    source = peewee.CharField(max_length=32)  # "espace", "lien de désinscription", "en-tête List-Unsubscribe"
    created_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "consent_event"
        indexes = ((("account_id", "purpose", "created_at"), False),)


IMPROVEMENT = "improvement"  # improving the offer: analytics, survey results, published figures


class Objection(MainModel):
    """A person's objection (GDPR art. 21) to a processing on legitimate interest: one row while it stands,
    removed when she withdraws it. It takes effect at once, so no history is needed to apply it."""

    account_id = peewee.UUIDField()
    purpose = peewee.CharField(max_length=32, default=IMPROVEMENT)
    created_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "objection"
        indexes = ((("account_id", "purpose"), True),)
