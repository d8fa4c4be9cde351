"""What staff see of the job outbox."""
from __future__ import annotations

import peewee

from portal import db
from portal.jobs.dispatch import dispatch
from portal.jobs.models import FAILED, JobRecord
from portal.jobs.runner import retry_failed


def job_counts() -> dict[str, int]:
    rows = JobRecord.select(JobRecord.status, peewee.fn.COUNT(JobRecord.id).alias("n")).group_by(JobRecord.status)
    return {row.status: row.n for row in rows}


def failed_jobs(limit: int = 50) -> list[JobRecord]:
    return list(
        JobRecord.select().where(JobRecord.status == FAILED).order_by(JobRecord.finished_at.desc()).limit(limit)
    )


def retry(job_id: int) -> bool:
    from flask import current_app

    app = current_app._get_current_object()
    with db.atomic():
        if not retry_failed(job_id):
            return False
        db.on_commit(lambda: dispatch(app, job_id))
    return True
