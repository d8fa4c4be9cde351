"""The job layer without Redis: outbox in the caller's transaction, in-process runs, retries."""
from __future__ import annotations

from datetime import timedelta

import pytest

from portal import db
from portal.jobs import enqueue
from portal.jobs.inprocess import run_due
from portal.jobs.models import DONE, FAILED, PENDING, JobRecord, PeriodicRun
from portal.timeutil import utcnow
from tests.support import jobs_for_tests as fixtures
from tests.support.helpers import login


def test_job_row_is_written_with_the_callers_transaction(ctx):
    with pytest.raises(RuntimeError), db.atomic():
        enqueue(fixtures.record, "rolled-back")
        raise RuntimeError("the change failed")
    assert JobRecord.select().count() == 0

    with db.atomic():
        job_id = enqueue(fixtures.record, "kept")
    assert JobRecord.get_by_id(job_id).status == PENDING
    run_due(ctx)
    assert fixtures.ran(ctx) == ["kept"]
    assert JobRecord.get_by_id(job_id).status == DONE


def test_a_job_runs_once_even_if_the_round_runs_twice(ctx):
    with db.atomic():
        enqueue(fixtures.record, "once")
    run_due(ctx)
    run_due(ctx)
    assert fixtures.ran(ctx) == ["once"]


def test_only_registered_functions_can_be_enqueued(ctx):
    def not_a_job():
        pass

    with pytest.raises(LookupError):
        enqueue(not_a_job)


def test_enqueue_inside_a_bare_peewee_transaction_is_refused(ctx):
    from portal.db import main_db

    with pytest.raises(RuntimeError, match=r"portal\.db\.atomic"), main_db.atomic():
        enqueue(fixtures.record, "x")


def test_failures_are_retried_with_growing_delays_then_marked_failed(make_app):
    app = make_app(JOB_MAX_ATTEMPTS=3, JOB_BACKOFF_SECONDS=30)
    with app.app_context():
        with db.atomic():
            job_id = enqueue(fixtures.always_fails, "x")
        start = utcnow()
        run_due(app, now=start)
        first = JobRecord.get_by_id(job_id)
        assert first.status == PENDING and first.attempts == 1 and "boom x" in first.last_error
        assert timedelta(seconds=29) < first.run_after - start < timedelta(seconds=35)

        run_due(app, now=start + timedelta(seconds=10))
        assert JobRecord.get_by_id(job_id).attempts == 1, "not before its retry time"
        run_due(app, now=first.run_after)
        second = JobRecord.get_by_id(job_id)
        assert second.attempts == 2
        assert timedelta(seconds=59) < second.run_after - first.run_after < timedelta(seconds=65)

        run_due(app, now=second.run_after)
        final = JobRecord.get_by_id(job_id)
        assert final.status == FAILED and final.attempts == 3


def test_a_retried_job_succeeds_when_its_cause_is_fixed(make_app):
    app = make_app(JOB_BACKOFF_SECONDS=1)
    with app.app_context():
        with db.atomic():
            job_id = enqueue(fixtures.fails_until_marker, "eventually")
        run_due(app)
        (fixtures._marker("allow.txt")).write_text("ok")
        run_due(app, now=JobRecord.get_by_id(job_id).run_after)
        assert JobRecord.get_by_id(job_id).status == DONE
        assert fixtures.ran(app) == ["eventually"]


def test_staff_see_failed_jobs_and_can_retry_them(make_app):
    from portal.demo.seed import DEMO_PASSWORD, seed
    from tests.support.helpers import submit

    app = make_app(JOB_MAX_ATTEMPTS=1)
    with app.app_context():
        seed()
        with db.atomic():
            job_id = enqueue(fixtures.always_fails, "visible")
        run_due(app)
        assert JobRecord.get_by_id(job_id).status == FAILED
    client = app.test_client()
    login(client, "gestion@petale.test", DEMO_PASSWORD)
    page = client.get("/gestion/taches").get_data(as_text=True)
    assert "Test : échouer toujours" in page and "boom visible" in page
    assert "tests.support.jobs_for_tests" not in page.split("<pre>")[0]  # the job is named in words, not by its code
    response = submit(client, f"/gestion/taches/{job_id}/relancer", {}, page="/gestion/taches")
    assert response.status_code == 302
    assert "« Test : échouer toujours » est relancée" in client.get("/gestion/taches").get_data(as_text=True)
    with app.app_context():
        assert JobRecord.get_by_id(job_id).status == PENDING
    again = submit(client, f"/gestion/taches/{job_id}/relancer", {}, page="/gestion/taches")
    assert again.status_code == 404


def test_periodic_jobs_are_enqueued_once_per_interval(ctx):
    now = utcnow()
    run_due(ctx, now=now)
    assert PeriodicRun.get(PeriodicRun.name == "purge-finished-jobs").last_enqueued_at == now
    purge_jobs = JobRecord.select().where(JobRecord.func == "portal.jobs.maintenance.purge_finished_jobs")
    assert purge_jobs.count() == 1
    run_due(ctx, now=now + timedelta(hours=1))
    assert purge_jobs.count() == 1
    run_due(ctx, now=now + timedelta(days=1, seconds=1))
    assert purge_jobs.count() == 2


def test_the_runner_starts_the_schedule_it_was_handed_and_refuses_to_run_without_one(make_app):
    """portal.jobs may not import jobs/schedule.py (it names the capabilities above it): app.py hands it over.
    An application built without it says so rather than never backing up or sweeping anything."""
    from portal.jobs.inprocess import SCHEDULE, Periodic, use_schedule
    from portal.jobs.maintenance import purge_finished_jobs

    app = make_app()
    del app.extensions[SCHEDULE]
    with app.app_context():
        with pytest.raises(LookupError, match="use_schedule"):
            run_due(app)
        use_schedule(app, [Periodic("only-this-one", purge_finished_jobs, timedelta(days=1))])
        run_due(app)
        assert [row.name for row in PeriodicRun.select()] == ["only-this-one"]

def test_finished_jobs_are_purged_after_a_week(ctx):
    from portal.jobs.runner import purge_finished

    with db.atomic():
        old = enqueue(fixtures.record, "old")
        recent = enqueue(fixtures.record, "recent")
    run_due(ctx)
    JobRecord.update(finished_at=utcnow() - timedelta(days=8)).where(JobRecord.id == old).execute()
    assert purge_finished(timedelta(days=7)) == 1
    assert JobRecord.get_or_none(JobRecord.id == old) is None
    assert JobRecord.get_by_id(recent).status == DONE


def test_failed_jobs_are_kept_a_month_then_purged_with_their_error(ctx):
    from portal.jobs.maintenance import purge_finished_jobs

    with db.atomic():
        month_old = enqueue(fixtures.always_fails, "old")
        week_old = enqueue(fixtures.always_fails, "recent")
        done_week_old = enqueue(fixtures.record, "done")
        JobRecord.update(max_attempts=1).execute()
    run_due(ctx)
    assert JobRecord.select().where(JobRecord.status == FAILED).count() == 2
    JobRecord.update(finished_at=utcnow() - timedelta(days=31)).where(JobRecord.id == month_old).execute()
    JobRecord.update(finished_at=utcnow() - timedelta(days=8)).where(
        JobRecord.id.in_([week_old, done_week_old])).execute()
    purge_finished_jobs()
    assert JobRecord.get_or_none(JobRecord.id == month_old) is None
    assert JobRecord.get_or_none(JobRecord.id == done_week_old) is None
    assert JobRecord.get_by_id(week_old).status == FAILED  # staff still have three weeks to retry it


def test_every_registered_job_says_what_it_does_in_words():
    import portal.blueprints  # noqa: F401  (loads every capability, so every job is registered)
    from portal.jobs.registry import label_of, registered

    names = [name for name in registered() if name.startswith("portal.")]
    assert len(names) >= 16
    for name in names:
        label = label_of(name)
        assert label and "_" not in label and "." not in label.rstrip("."), (name, label)


def test_a_job_without_a_label_is_refused_at_import():
    from portal.jobs.registry import job

    with pytest.raises(TypeError):
        @job
        def unlabelled() -> None:
            pass


def test_a_job_left_running_by_a_dead_worker_is_run_again(ctx):
    from portal.jobs.models import RUNNING

    with db.atomic():
        job_id = enqueue(fixtures.record, "orphan")
    JobRecord.update(status=RUNNING, started_at=utcnow() - timedelta(hours=2)).where(JobRecord.id == job_id).execute()
    run_due(ctx)
    assert fixtures.ran(ctx) == ["orphan"]


def test_the_background_thread_runs_jobs_outside_the_request(app):
    """make run's mode: a request enqueues, the runner thread delivers, the request never waits."""
    import threading

    from portal.jobs.inprocess import InProcessRunner

    runner = InProcessRunner(app, poll_seconds=0.2)
    runner.start()
    try:
        with app.app_context(), db.atomic():
            job_id = enqueue(fixtures.record, "threaded")
        done = threading.Event()
        for _ in range(100):
            with app.app_context():
                if JobRecord.get_by_id(job_id).status == DONE:
                    done.set()
                    break
            done.wait(0.1)
        assert done.is_set()
    finally:
        runner.stop()
        runner.join(timeout=5)
    assert fixtures.ran(app) == ["threaded"]


def test_many_jobs_at_once_share_the_callers_transaction(ctx):
    from portal.jobs import enqueue_many

    with pytest.raises(RuntimeError), db.atomic():
        enqueue_many(fixtures.record, [("x",), ("y",)])
        raise RuntimeError
    assert JobRecord.select().count() == 0
    with db.atomic():
        enqueue_many(fixtures.record, [("x",), ("y",)])
    run_due(ctx)
    assert sorted(fixtures.ran(ctx)) == ["x", "y"]
