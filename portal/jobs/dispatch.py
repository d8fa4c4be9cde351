"""Handing committed job rows to whoever runs them: RQ when REDIS_URL is set, else this process."""
from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta
from functools import lru_cache

from flask import Flask

from portal.jobs.models import PENDING, QUEUED, JobRecord
from portal.jobs.runner import due_job_ids, requeue_stale
from portal.timeutil import utcnow

log = logging.getLogger("petale.jobs")

RQ_ENTRY_POINT = "jobs.tasks.run_job"

_wake = threading.Event()
# A queued row whose RQ job is missing this long after it was pushed was lost by Redis.
LOST_AFTER = timedelta(seconds=60)


def dispatch(app: Flask, job_id: int) -> None:
    if app.config.get("REDIS_URL"):
        push_to_rq(app, job_id)
    else:
        _wake.set()


def wait_for_work(timeout: float) -> None:
    _wake.wait(timeout)
    _wake.clear()


@lru_cache(maxsize=4)
def redis_connection(url: str):
    from redis import Redis

    return Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)


def rq_queue(app: Flask):
    from rq import Queue

    return Queue(app.config["RQ_QUEUE"], connection=redis_connection(app.config["REDIS_URL"]))


_left_pending = threading.Event()  # this process left rows pending because Redis was away


def push_to_rq(app: Flask, job_id: int) -> bool:
    """Put the job on the RQ queue; on a Redis failure the row simply stays pending. The first push
    that works again after a failure also sends the rows this process left pending meanwhile: a web
    node does not wait for the scheduler (which an outage may have stopped) to deliver its own work."""
    if not _push(app, job_id):
        _left_pending.set()
        return False
    if _left_pending.is_set():
        _left_pending.clear()
        sent = dispatch_due(app)
        log.info("Redis back: %s pending job(s) sent", sent)
    return True


def rq_id(job_id: int, attempts: int) -> str:
    """The RQ job's id: the row's, and its attempt, so that the row can tell whether RQ still has it."""
    return f"petale-{job_id}-{attempts}"


def _push(app: Flask, job_id: int) -> bool:
    from redis.exceptions import RedisError

    attempts = JobRecord.select(JobRecord.attempts).where(JobRecord.id == job_id).scalar() or 0
    try:
        rq_queue(app).enqueue(RQ_ENTRY_POINT, job_id, job_id=rq_id(job_id, attempts), result_ttl=3600,
                              failure_ttl=7 * 86400)
    except RedisError as exc:
        log.warning("job %s left pending: Redis unavailable (%s)", job_id, exc.__class__.__name__)
        return False
    JobRecord.update(status=QUEUED, queued_at=utcnow()).where(
        (JobRecord.id == job_id) & (JobRecord.status == PENDING)
    ).execute()
    return True


def requeue_lost(app: Flask, now: datetime) -> int:
    """Rows queued a while ago whose RQ job Redis no longer has (Redis restarted without its data, or
    flushed) go back to pending. Checked only for rows queued for LOST_AFTER: a job just pushed is
    being read by a worker."""
    from redis.exceptions import RedisError
    from rq.job import Job

    rows = list(JobRecord.select(JobRecord.id, JobRecord.attempts)
                .where((JobRecord.status == QUEUED) & (JobRecord.queued_at < now - LOST_AFTER)).limit(500))
    if not rows:
        return 0
    connection = redis_connection(app.config["REDIS_URL"])
    try:
        lost = [row.id for row in rows if not Job.exists(rq_id(row.id, row.attempts), connection=connection)]
    except RedisError:
        return 0  # Redis away: nothing can be told lost now
    if lost:
        JobRecord.update(status=PENDING).where(JobRecord.id.in_(lost) & (JobRecord.status == QUEUED)).execute()
        log.warning("%s job(s) lost by Redis sent again", len(lost))
    return len(lost)


def dispatch_due(app: Flask, now: datetime | None = None) -> int:
    """Send every due pending row to RQ (new rows whose dispatch failed, retries whose time came, jobs
    whose worker died or whose RQ message Redis lost)."""
    now = now or utcnow()
    requeue_stale(now)
    requeue_lost(app, now)
    sent = 0
    for job_id in due_job_ids(now, limit=1000):
        if not _push(app, job_id):
            _left_pending.set()
            break
        sent += 1
    return sent
