"""Handing committed job rows to whoever runs them: RQ when REDIS_URL is set, else this process."""
from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta
from functools import lru_cache
from uuid import uuid4

from flask import Flask
from peewee import chunked
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue
from rq.job import Job

from portal.jobs.models import PENDING, QUEUED, JobRecord
from portal.jobs.runner import due_job_ids, requeue_stale
from portal.timeutil import utcnow

log = logging.getLogger("petale.jobs")

RQ_ENTRY_POINT = "jobs.tasks.run_jobs"

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
    return Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)


def rq_queue(app: Flask):
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


def rq_message_id(first_job_id: int) -> str:
    """A message's id names its first row and is unique, so that each row can tell whether RQ still has
    the message that carries it (a row sent again goes in a new message)."""
    return f"petale-{first_job_id}-{uuid4().hex[:12]}"


def _push(app: Flask, job_id: int) -> bool:
    return push_many(app, [job_id]) == 1


def push_many(app: Flask, job_ids: list[int]) -> int:
    """Send rows to RQ, JOB_RQ_BATCH rows to a message: a work-horse forked for a message runs all its
    rows, so a mailing to thousands pays one fork per batch instead of one per mail. Returns how many
    rows were sent; at the first Redis failure the rest stay pending (the tick sends them later)."""
    size = max(1, app.config["JOB_RQ_BATCH"])
    sent = 0
    for batch in chunked(job_ids, size):
        message = rq_message_id(batch[0])
        try:
            # The timeout covers the whole batch: a mail may wait for a slow relay.
            rq_queue(app).enqueue(RQ_ENTRY_POINT, batch, job_id=message, result_ttl=3600, failure_ttl=7 * 86400,
                                  job_timeout=max(180, 30 * len(batch)))
        except RedisError as exc:
            log.warning("%s job(s) left pending: Redis unavailable (%s)", len(job_ids) - sent,
                        exc.__class__.__name__)
            return sent
        _mark_queued(batch, message)
        sent += len(batch)
    return sent


def _mark_queued(job_ids: list[int], message: str) -> None:
    # Only rows still pending: a worker quick enough to have claimed one already owns it.
    JobRecord.update(status=QUEUED, queued_at=utcnow(), rq_message=message).where(
        JobRecord.id.in_(job_ids) & (JobRecord.status == PENDING)
    ).execute()


def push_rows(app: Flask, job_ids: list[int]) -> int:
    """push_many for rows just committed; what Redis refused is remembered for the next push that works."""
    sent = push_many(app, job_ids)
    if sent < len(job_ids):
        _left_pending.set()
    return sent


# A message in one of these states will run nothing more: rows it carried that are still queued were
# never run (its horse was killed, or timed out, before reaching them).
ENDED = {"finished", "failed", "stopped", "canceled"}


def requeue_lost(app: Flask, now: datetime) -> int:
    """Rows queued a while ago whose RQ message Redis no longer has (Redis restarted without its data, or
    flushed), or whose message ended without running them, go back to pending. Checked only for rows
    queued for LOST_AFTER: a message just pushed is being read by a worker."""
    rows = list(JobRecord.select(JobRecord.id, JobRecord.rq_message)
                .where((JobRecord.status == QUEUED) & (JobRecord.queued_at < now - LOST_AFTER)).limit(500))
    if not rows:
        return 0
    messages = sorted({row.rq_message for row in rows if row.rq_message})
    connection = redis_connection(app.config["REDIS_URL"])
    try:
        found = Job.fetch_many(messages, connection=connection) if messages else []
        alive = {message for message, job in zip(messages, found, strict=True)
                 if job is not None and job.get_status(refresh=False) not in ENDED}
    except RedisError:
        return 0  # Redis away: nothing can be told lost now
    lost = [row.id for row in rows if row.rq_message not in alive]
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
    due = due_job_ids(now, limit=1000)
    sent = push_many(app, due)
    if sent < len(due):
        _left_pending.set()
    return sent
