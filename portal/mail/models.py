"""Notifications already sent, so a retried job or a second run of a periodic job mails nobody twice."""
from __future__ import annotations

import peewee

from portal.db import MainModel
from portal.timeutil import utcnow


class SentNotification(MainModel):
    key = peewee.CharField(max_length=120, primary_key=True)  # e.g. "answer:<post id>", "digest:<uuid>:<day>"
    created_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "sent_notification"


class KeptMail(MainModel):
    """A mail its sender must be able to prove it sent (an answer about a person's request on her data): when
    it was queued, when the relay accepted it or why it did not go, and the text as it went out. Until the relay
    takes it, its words are the job's (the outbox keeps them); they are written here once, when it is accepted,
    since the outbox forgets a finished job within days. Her name and address are masked in it: they are the
    vault's, and the main zone names no one. Kept as long as what it is about (the sender's key)."""

    about = peewee.CharField(max_length=40, index=True)  # the sender's key, e.g. "demande:12"
    template = peewee.CharField(max_length=60)
    job_id = peewee.IntegerField(null=True)  # the job that delivers it (None: sent at once, not through the outbox)
    queued_at = peewee.DateTimeField(default=utcnow)
    accepted_at = peewee.DateTimeField(null=True)  # when the relay (or the outbox folder) took it
    not_sent = peewee.TextField(null=True)  # why it did not go, in words, when it never will
    last_failure = peewee.TextField(null=True)  # the relay's last answer while it waits
    subject = peewee.TextField(null=True)
    text = peewee.TextField(null=True)  # the plain text as sent, her name and address masked

    class Meta:
        table_name = "kept_mail"
