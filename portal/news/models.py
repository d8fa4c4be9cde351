from __future__ import annotations

import peewee

from portal.db import MainModel
from portal.timeutil import utcnow


class NewsMessage(MainModel):
    """One news message. Who received it is kept as once-keys (portal.mail's SentNotification,
    "news:<id>:<account>"), so a job run twice or resumed after a crash mails nobody twice."""

    subject = peewee.CharField(max_length=120)
    body = peewee.TextField()
    created_by = peewee.UUIDField()
    created_at = peewee.DateTimeField(default=utcnow)
    sent_at = peewee.DateTimeField(null=True)  # when staff sent it: the job then mails by batches
    queued = peewee.IntegerField(default=0)  # mails queued so far (each still checks consent at delivery)
    finished_at = peewee.DateTimeField(null=True)

    class Meta:
        table_name = "news_message"
