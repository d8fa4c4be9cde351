"""Mails kept because the relay did not take them yet: what staff see on their home (how many, since when,
and the relay's last answer), so that an outage of the relay is noticed before the mails' window ends."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import peewee

from portal.jobs.models import PENDING, QUEUED, RUNNING, JobRecord
from portal.jobs.registry import dotted_name
from portal.mail import deliver
from portal.mail.relay import WAITING


@dataclass(frozen=True)
class RelayBacklog:
    count: int
    since: datetime  # when the oldest of them was queued
    reason: str  # the relay's last answer, in words


def waiting_for_relay() -> RelayBacklog | None:
    """Two queries, whatever the number of mails."""
    waiting = ((JobRecord.func == dotted_name(deliver)) & JobRecord.status.in_([PENDING, QUEUED, RUNNING])
               & JobRecord.last_error.startswith(WAITING))
    oldest = peewee.fn.MIN(JobRecord.created_at).python_value(JobRecord.created_at.python_value)
    count, since = JobRecord.select(peewee.fn.COUNT(JobRecord.id), oldest).where(waiting).tuples().get()
    if not count:
        return None
    reason = JobRecord.select(JobRecord.last_error).where(waiting).order_by(JobRecord.finished_at.desc()).limit(1)
    return RelayBacklog(count, since, reason.scalar() or "")
