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
