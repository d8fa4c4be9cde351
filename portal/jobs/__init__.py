"""The job facade: enqueue() is the only way to start background work.

The job is written to the main database (outbox) inside the caller's transaction and
dispatched once that transaction commits: to RQ when REDIS_URL is set, else to the
in-process runner. A dispatch that fails (Redis down) leaves the row pending; the periodic
tick dispatches it later, so nothing is lost.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from flask import current_app
from peewee import chunked

from portal.db import on_commit
from portal.jobs import dispatch
from portal.jobs.models import JobRecord
from portal.jobs.outcomes import GiveUp, RetryLater
from portal.jobs.registry import dotted_name, job, resolve

__all__ = ["GiveUp", "RetryLater", "enqueue", "enqueue_many", "job"]


def enqueue(fn: Callable, *args: Any) -> int:
    name = dotted_name(fn)
    resolve(name)  # only functions decorated with @job may be written to the outbox
    record = JobRecord.create(
        func=name,
        args=json.dumps(list(args), ensure_ascii=False),
        max_attempts=current_app.config["JOB_MAX_ATTEMPTS"],
    )
    app = current_app._get_current_object()
    on_commit(lambda: dispatch.dispatch(app, record.id))
    return record.id


def enqueue_many(fn: Callable, arguments: list[tuple]) -> int:
    """One insert for many jobs of the same function (the retention sweep warns thousands at once)."""
    name = dotted_name(fn)
    resolve(name)
    if not arguments:
        return 0
    attempts = current_app.config["JOB_MAX_ATTEMPTS"]
    rows = [{"func": name, "args": json.dumps(list(args), ensure_ascii=False), "max_attempts": attempts}
            for args in arguments]
    first_new = (JobRecord.select(JobRecord.id).order_by(JobRecord.id.desc()).limit(1).scalar() or 0)
    for batch in chunked(rows, 500):
        JobRecord.insert_many(batch).execute()
    app = current_app._get_current_object()
    if app.config.get("REDIS_URL"):
        ids = [row.id for row in JobRecord.select(JobRecord.id).where(
            (JobRecord.id > first_new) & (JobRecord.func == name)).order_by(JobRecord.id)]
        on_commit(lambda: dispatch.push_rows(app, ids))
    else:
        on_commit(lambda: dispatch.dispatch(app, 0))  # wakes the in-process runner, which finds them all
    return len(rows)
