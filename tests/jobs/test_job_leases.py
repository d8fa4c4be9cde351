"""Jobs run under a lease: a worker that dies gives its job back within the lease (plus a tick), a job
that runs long keeps it, and a worker presumed dead that wakes up does not overwrite the run that took
its place. Short leases (1 s) keep these tests to seconds."""
from __future__ import annotations

import threading
import time
from datetime import timedelta
from pathlib import Path

from portal import db
from portal.jobs import enqueue
from portal.jobs.inprocess import run_due
from portal.jobs.models import DONE, FAILED, PENDING, RUNNING, JobRecord
from portal.jobs.runner import DIED, execute, requeue_stale
from portal.timeutil import utcnow
from tests.support import jobs_for_tests as fixtures


def queued(app, fn, *args) -> int:
    with app.app_context(), db.atomic():
        return enqueue(fn, *args)


def run_in_thread(app, job_id: int) -> tuple[threading.Thread, list]:
    outcome: list = []

    def run():
        with app.app_context():
            outcome.append(execute(job_id, backoff_seconds=1))

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def status(app, job_id: int) -> str:
    with app.app_context():
        return JobRecord.get_by_id(job_id).status


def wait_until(predicate, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_the_job_of_a_worker_that_died_runs_again_once_its_lease_is_out(make_app):
    app = make_app(JOB_LEASE_SECONDS=1)
    job_id = queued(app, fixtures.record, "again")
    with app.app_context():
        # A worker claimed it and died at once: running, its lease renewed by no one.
        JobRecord.update(status=RUNNING, started_at=utcnow(), lease_until=utcnow() + timedelta(seconds=1),
                         attempts=1).where(JobRecord.id == job_id).execute()
        assert requeue_stale(utcnow()) == 0, "still within its lease"
        assert run_due(app, now=utcnow() + timedelta(seconds=2)) >= 1  # the periodic jobs start too
        assert JobRecord.get_by_id(job_id).status == DONE
    assert fixtures.ran(app) == ["again"]


def test_a_job_that_runs_longer_than_its_lease_keeps_it(make_app):
    app = make_app(JOB_LEASE_SECONDS=1)
    job_id = queued(app, fixtures.waits_for_marker, "long")
    thread, outcome = run_in_thread(app, job_id)
    wait_until(lambda: status(app, job_id) == RUNNING)
    for _ in range(6):  # three lease lengths: the lease is renewed all along
        time.sleep(0.5)
        with app.app_context():
            assert requeue_stale(utcnow()) == 0
            assert JobRecord.get_by_id(job_id).status == RUNNING
    Path(app.instance_path, "go-long").write_text("")
    thread.join(timeout=20)
    assert outcome == [DONE] and fixtures.ran(app) == ["long"]


def test_a_worker_presumed_dead_does_not_overwrite_the_run_that_took_over(make_app):
    app = make_app(JOB_LEASE_SECONDS=1)
    job_id = queued(app, fixtures.waits_for_marker, "slow")
    thread, outcome = run_in_thread(app, job_id)
    wait_until(lambda: status(app, job_id) == RUNNING)
    with app.app_context():
        # Its lease ran out (the machine froze): the scheduler gives the job to another worker, which runs it.
        JobRecord.update(lease_until=utcnow() - timedelta(seconds=1)).where(JobRecord.id == job_id).execute()
        assert requeue_stale(utcnow()) == 1
        Path(app.instance_path, "go-slow").write_text("")
        assert execute(job_id, backoff_seconds=1) == DONE
    thread.join(timeout=20)
    assert outcome == ["superseded"]
    assert status(app, job_id) == DONE and fixtures.ran(app) == ["slow", "slow"]  # safe to run twice


def test_a_job_whose_workers_keep_dying_is_failed_for_staff_to_see(make_app):
    app = make_app(JOB_LEASE_SECONDS=1)
    job_id = queued(app, fixtures.record, "crash-loop")
    with app.app_context():
        record = JobRecord.get_by_id(job_id)
        JobRecord.update(status=RUNNING, started_at=utcnow(), lease_until=utcnow() - timedelta(seconds=1),
                         attempts=record.max_attempts).where(JobRecord.id == job_id).execute()
        requeue_stale(utcnow())
        failed = JobRecord.get_by_id(job_id)
        assert failed.status == FAILED and failed.last_error == DIED
        assert requeue_stale(utcnow()) == 0
    assert status(app, job_id) != PENDING
