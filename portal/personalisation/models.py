"""Personalisation results, kept so the learner (and the export) can see what was suggested or sent."""
from __future__ import annotations

import peewee

from portal.db import MainModel
from portal.learning.models import Module
from portal.timeutil import utcnow


class Suggestion(MainModel):
    account_id = peewee.UUIDField()
    module = peewee.ForeignKeyField(Module, on_delete="CASCADE")  # the advanced module suggested
    because_of = peewee.ForeignKeyField(Module, null=True, on_delete="SET NULL", backref="suggested_after")
    created_at = peewee.DateTimeField(default=utcnow)
    dismissed_at = peewee.DateTimeField(null=True)

    class Meta:
        table_name = "suggestion"
        # One suggestion per module done well, whatever the number of jobs that notice it.
        indexes = ((("account_id", "module"), True), (("account_id", "because_of"), True))


class ResourceMail(MainModel):
    """Complementary resources mailed after repeated failures on a theme (at most once a week)."""

    account_id = peewee.UUIDField()
    theme = peewee.CharField(max_length=48)
    failures = peewee.IntegerField()
    sent_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "resource_mail"
        indexes = ((("account_id", "theme", "sent_at"), False),)
