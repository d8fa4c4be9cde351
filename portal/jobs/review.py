"""What staff see of the job outbox."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

import peewee
from flask import current_app

from portal import db
from portal.jobs.dispatch import dispatch
from portal.jobs.models import FAILED, JobRecord
from portal.jobs.registry import label_of
from portal.jobs.runner import retry_failed
from portal.paging import Page, paginate


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


FAILED_PER_PAGE = 20  # each with its error's detail


def failed_jobs(page: int = 1) -> Page:
    """Jobs that failed, the latest first, a page of them."""
    listed = paginate(JobRecord.select().where(JobRecord.status == FAILED)
                      .order_by(JobRecord.finished_at.desc(), JobRecord.id.desc()), page, FAILED_PER_PAGE)
    return dataclasses.replace(listed, rows=[
        FailedJob(row.id, label_of(row.func), row.attempts, row.finished_at, row.last_error or "")
        for row in listed.rows])


def retry(job_id: int) -> str | None:
    """The retried job's label, or None when there is no failed job of that number."""
    app = current_app._get_current_object()
    with db.atomic():
        row = JobRecord.get_or_none((JobRecord.id == job_id) & (JobRecord.status == FAILED))
        if row is None or not retry_failed(job_id):
            return None
        db.on_commit(lambda: dispatch(app, job_id))
    return label_of(row.func)
