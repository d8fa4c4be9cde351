"""Running one job row: claim it, call its function, record success, retry or failure."""
from __future__ import annotations

import json
import logging
import traceback
from datetime import datetime, timedelta

from portal.jobs.models import DONE, FAILED, PENDING, QUEUED, RUNNING, JobRecord
from portal.jobs.registry import resolve
from portal.timeutil import utcnow

log = logging.getLogger("petale.jobs")

# A job still "running" after this long belonged to a worker that died.
STALE_AFTER = timedelta(hours=1)


def backoff(attempts: int, base_seconds: int) -> timedelta:
    return timedelta(seconds=base_seconds * 2 ** max(attempts - 1, 0))


def claim(job_id: int, now: datetime) -> bool:
    """Atomically move a due job to running; False when someone else has it or it is not due."""
    claimed = (
        JobRecord.update(status=RUNNING, started_at=now, attempts=JobRecord.attempts + 1)
        .where(
            (JobRecord.id == job_id)
            & (JobRecord.status.in_([PENDING, QUEUED]))
            & (JobRecord.run_after <= now)
        )
        .execute()
    )
    return claimed == 1


def execute(job_id: int, *, backoff_seconds: int, now: datetime | None = None) -> str:
    """Run one job if it is due; returns the status it ends in, or "skipped"."""
    now = now or utcnow()
    if not claim(job_id, now):
        return "skipped"
    record = JobRecord.get_by_id(job_id)
    try:
        fn = resolve(record.func)
        fn(*json.loads(record.args))
    except Exception:
        error = traceback.format_exc(limit=5)
        if record.attempts >= record.max_attempts:
            status, run_after = FAILED, record.run_after
            log.error("job %s (%s) failed for good after %s attempts", job_id, record.func, record.attempts)
        else:
            status, run_after = PENDING, now + backoff(record.attempts, backoff_seconds)
            log.warning("job %s (%s) failed, retry at %s", job_id, record.func, run_after.isoformat())
        JobRecord.update(status=status, run_after=run_after, last_error=error[-4000:], finished_at=utcnow()).where(
            JobRecord.id == job_id
        ).execute()
        return status
    JobRecord.update(status=DONE, finished_at=utcnow(), last_error=None).where(JobRecord.id == job_id).execute()
    return DONE


def due_job_ids(now: datetime, limit: int = 100) -> list[int]:
    query = (
        JobRecord.select(JobRecord.id)
        .where((JobRecord.status == PENDING) & (JobRecord.run_after <= now))
        .order_by(JobRecord.run_after, JobRecord.id)
        .limit(limit)
    )
    return [row.id for row in query]


def requeue_stale(now: datetime) -> int:
    """Rows stuck in queued or running (a lost RQ message, a dead worker) go back to pending."""
    return (
        JobRecord.update(status=PENDING)
        .where(
            ((JobRecord.status == RUNNING) & (JobRecord.started_at < now - STALE_AFTER))
            | ((JobRecord.status == QUEUED) & (JobRecord.queued_at < now - STALE_AFTER))
        )
        .execute()
    )


def retry_failed(job_id: int) -> bool:
    """Staff give a failed job one more round of attempts."""
    return (
        JobRecord.update(status=PENDING, attempts=0, run_after=utcnow())
        .where((JobRecord.id == job_id) & (JobRecord.status == FAILED))
        .execute()
        == 1
    )


def purge_finished(older_than: timedelta, now: datetime | None = None) -> int:
    cutoff = (now or utcnow()) - older_than
    return JobRecord.delete().where((JobRecord.status == DONE) & (JobRecord.finished_at < cutoff)).execute()
