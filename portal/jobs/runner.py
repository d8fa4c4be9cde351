"""Running one job row: claim it under a lease, keep the lease while the function runs, record
success, retry or failure.

A worker that dies (its machine, or kill -9 of the worker and its work-horse) stops renewing its lease;
once it has run out, the next scheduler tick puts the job back to pending and another worker runs it.
Every job is written to be safe to run twice. The end of a run is recorded only by the claim that is
still current (its start time fences it): a worker presumed dead that wakes up cannot overwrite the
run that took over.
"""
from __future__ import annotations

import json
import logging
import threading
from datetime import datetime, timedelta

from flask import current_app
from peewee import PeeweeException

from portal.db import main_db
from portal.jobs.models import DONE, FAILED, PENDING, QUEUED, RUNNING, JobRecord
from portal.jobs.outcomes import GiveUp, RetryLater
from portal.jobs.registry import resolve
from portal.redaction import describe, scrub, summary
from portal.timeutil import utcnow

log = logging.getLogger("petale.jobs")

# A row queued this long ago never reached a worker (a lost RQ message); rows written before leases
# existed, still "running", are judged by the same delay.
STALE_AFTER = timedelta(hours=1)
DIED = "Le processus qui exécutait cette tâche s'est arrêté avant la fin (bail expiré)."
GAVE_UP = "Abandonnée après {attempts} essais, le délai de reprise écoulé. Dernier motif : {reason}"
# A job retried for days counts hundreds of attempts: the doubling stops long before timedelta overflows.
MAX_DOUBLINGS = 30


def backoff(attempts: int, base_seconds: float) -> timedelta:
    return timedelta(seconds=base_seconds * 2 ** min(max(attempts - 1, 0), MAX_DOUBLINGS))


def lease_length() -> timedelta:
    return timedelta(seconds=current_app.config.get("JOB_LEASE_SECONDS", 30))


def claim(job_id: int, now: datetime) -> bool:
    """Atomically move a due job to running; False when someone else has it or it is not due."""
    claimed = (
        JobRecord.update(status=RUNNING, started_at=now, lease_until=now + lease_length(),
                         attempts=JobRecord.attempts + 1)
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
    mine = (JobRecord.id == job_id) & (JobRecord.status == RUNNING) & (JobRecord.started_at == record.started_at)
    lease = Lease(job_id, record.started_at, lease_length())
    lease.start()
    try:
        fn = resolve(record.func)
        fn(*json.loads(record.args))
    except Exception as failure:
        outcome = after_failure(record, failure, now, backoff_seconds)
        lease.stop()
        if not JobRecord.update(**outcome).where(mine).execute():
            return _superseded(job_id)
        return outcome["status"]
    lease.stop()
    if not JobRecord.update(status=DONE, finished_at=utcnow(), last_error=None, lease_until=None).where(mine).execute():
        return _superseded(job_id)
    return DONE


def after_failure(record: JobRecord, failure: Exception, now: datetime, backoff_seconds: float) -> dict:
    """The row's next state after a failed run. Whatever is written is scrubbed: the outbox and the logs
    are outside the vault and outlive an erasure."""
    ended = {"finished_at": utcnow(), "lease_until": None}
    if isinstance(failure, GiveUp):
        reason = scrub(failure.reason)
        log.error("job %s (%s) refused for good: %s", record.id, record.func, reason)
        return {**ended, "status": FAILED, "last_error": reason}
    if isinstance(failure, RetryLater):
        reason = scrub(failure.reason)
        if now - record.created_at >= failure.keep_trying_for:
            log.error("job %s (%s) given up after %s attempts: %s", record.id, record.func, record.attempts, reason)
            return {**ended, "status": FAILED, "last_error": GAVE_UP.format(attempts=record.attempts, reason=reason)}
        run_after = now + min(backoff(record.attempts, backoff_seconds), failure.max_interval)
        log.warning("job %s (%s) could not be done yet, retry at %s: %s", record.id, record.func,
                    run_after.isoformat(), reason)
        # A failure that passes is not one of the job's attempts: a bug in the same job still stops it
        # after JOB_MAX_ATTEMPTS, and a worker dying under it is still taken over.
        return {**ended, "status": PENDING, "run_after": run_after, "last_error": reason,
                "max_attempts": JobRecord.max_attempts + 1}
    error = describe(failure)
    if record.attempts >= record.max_attempts:
        log.error("job %s (%s) failed for good after %s attempts: %s", record.id, record.func, record.attempts,
                  summary(failure))
        return {**ended, "status": FAILED, "last_error": error[-4000:]}
    run_after = now + backoff(record.attempts, backoff_seconds)
    log.warning("job %s (%s) failed, retry at %s: %s", record.id, record.func, run_after.isoformat(), summary(failure))
    return {**ended, "status": PENDING, "run_after": run_after, "last_error": error[-4000:]}


def _superseded(job_id: int) -> str:
    log.warning("job %s: lease lost while running (presumed dead); the run that took over records it", job_id)
    return "superseded"


class Lease(threading.Thread):
    """Renews a running job's lease every third of its length, on its own connection, until stopped."""

    def __init__(self, job_id: int, started_at: datetime, length: timedelta) -> None:
        super().__init__(name=f"petale-lease-{job_id}", daemon=True)
        self.job_id, self.started_at, self.length = job_id, started_at, length
        self.stopping = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopping.wait(self.length.total_seconds() / 3):
                try:
                    JobRecord.update(lease_until=utcnow() + self.length).where(
                        (JobRecord.id == self.job_id) & (JobRecord.status == RUNNING)
                        & (JobRecord.started_at == self.started_at)).execute()
                except PeeweeException:
                    log.warning("job %s: lease not renewed this time (database busy or away)", self.job_id)
        finally:
            main_db.close()  # this thread's own connection

    def stop(self) -> None:
        self.stopping.set()
        self.join()


def due_job_ids(now: datetime, limit: int = 100) -> list[int]:
    query = (
        JobRecord.select(JobRecord.id)
        .where((JobRecord.status == PENDING) & (JobRecord.run_after <= now))
        .order_by(JobRecord.run_after, JobRecord.id)
        .limit(limit)
    )
    return [row.id for row in query]


def requeue_stale(now: datetime) -> int:
    """Rows whose worker died (lease run out) or whose RQ message was lost go back to pending; a job
    whose workers died as many times as it may be tried is failed instead, for staff to see."""
    dead = (JobRecord.status == RUNNING) & (
        (JobRecord.lease_until < now) | (JobRecord.lease_until.is_null() & (JobRecord.started_at < now - STALE_AFTER)))
    lost = (JobRecord.status == QUEUED) & (JobRecord.queued_at < now - STALE_AFTER)
    given_up = (JobRecord.update(status=FAILED, last_error=DIED, finished_at=now, lease_until=None)
                .where(dead & (JobRecord.attempts >= JobRecord.max_attempts)).execute())
    return given_up + JobRecord.update(status=PENDING, lease_until=None).where(dead | lost).execute()


def retry_failed(job_id: int) -> bool:
    """Staff give a failed job one more round of attempts."""
    return (
        JobRecord.update(status=PENDING, attempts=0, run_after=utcnow())
        .where((JobRecord.id == job_id) & (JobRecord.status == FAILED))
        .execute()
        == 1
    )


def purge_finished(older_than: timedelta, now: datetime | None = None, *,
                   failed_older_than: timedelta | None = None) -> int:
    """Drops finished rows with their arguments: done ones after older_than, failed ones (kept longer, for
    staff to look at and retry) after failed_older_than."""
    now = now or utcnow()
    ended = (JobRecord.status == DONE) & (JobRecord.finished_at < now - older_than)
    if failed_older_than is not None:
        ended |= (JobRecord.status == FAILED) & (JobRecord.finished_at < now - failed_older_than)
    return JobRecord.delete().where(ended).execute()
