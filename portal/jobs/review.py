"""What staff see of the job outbox."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import peewee
from flask import current_app

from portal import db
from portal.jobs.dispatch import dispatch
from portal.jobs.models import FAILED, JobRecord
from portal.jobs.registry import label_of
from portal.jobs.runner import retry_failed


@dataclass(frozen=True)
class FailedJob:
    id: int
    label: str  # what the job does, in words
    attempts: int
    finished_at: datetime | None
    error: str  # class, scrubbed message and code frames: no personal data (portal.redaction)


def job_counts() -> dict[str, int]:
    rows = JobRecord.select(JobRecord.status, peewee.fn.COUNT(JobRecord.id).alias("n")).group_by(JobRecord.status)
    return {row.status: row.n for row in rows}


def failed_jobs(limit: int = 50) -> list[FailedJob]:
    rows = JobRecord.select().where(JobRecord.status == FAILED).order_by(JobRecord.finished_at.desc()).limit(limit)
    return [FailedJob(row.id, label_of(row.func), row.attempts, row.finished_at, row.last_error or "")
            for row in rows]


def retry(job_id: int) -> str | None:
    """The retried job's label, or None when there is no failed job of that number."""
    app = current_app._get_current_object()
    with db.atomic():
        row = JobRecord.get_or_none((JobRecord.id == job_id) & (JobRecord.status == FAILED))
        if row is None or not retry_failed(job_id):
            return None
        db.on_commit(lambda: dispatch(app, job_id))
    return label_of(row.func)
