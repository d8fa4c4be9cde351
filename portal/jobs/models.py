"""The job outbox: every background job is first a row here, written with the change that caused it."""
from __future__ import annotations

import peewee

from portal.db import MainModel
from portal.timeutil import utcnow

PENDING, QUEUED, RUNNING, DONE, FAILED = "pending", "queued", "running", "done", "failed"


class JobRecord(MainModel):
    func = peewee.CharField(max_length=200)
    # JSON arguments: identifiers only (account UUIDs, ids), never a name or an address.
    args = peewee.TextField(default="[]")
    status = peewee.CharField(max_length=16, default=PENDING, index=True)
    attempts = peewee.IntegerField(default=0)
    max_attempts = peewee.IntegerField(default=5)
    run_after = peewee.DateTimeField(default=utcnow, index=True)
    created_at = peewee.DateTimeField(default=utcnow)
    queued_at = peewee.DateTimeField(null=True)
    # The RQ message that carries the row while queued (several rows share one: portal.jobs.dispatch).
    rq_message = peewee.CharField(max_length=64, null=True)
    started_at = peewee.DateTimeField(null=True)
    # While running: renewed by the worker every few seconds; past it, the worker is presumed dead and
    # the job goes back to pending for another (jobs are safe to run twice).
    lease_until = peewee.DateTimeField(null=True)
    finished_at = peewee.DateTimeField(null=True)
    last_error = peewee.TextField(null=True)

    class Meta:
        table_name = "job"


class PeriodicRun(MainModel):
    """When each periodic job was last enqueued by the in-process scheduler."""

    name = peewee.CharField(max_length=100, primary_key=True)
    last_enqueued_at = peewee.DateTimeField()

    class Meta:
        table_name = "periodic_run"
