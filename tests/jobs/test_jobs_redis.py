"""The job layer with REDIS_URL: RQ carries the jobs; a Redis outage delays them but loses none."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from redis import Redis
from redis.exceptions import RedisError

from portal import db
from portal.jobs import enqueue
from portal.jobs.dispatch import dispatch_due, rq_queue
from portal.jobs.models import DONE, PENDING, QUEUED, RUNNING, JobRecord
from portal.timeutil import utcnow
from tests.support import jobs_for_tests as fixtures
from tests.support.environment import free_port

pytestmark = pytest.mark.redis
ROOT = Path(__file__).resolve().parents[2]


def work(app) -> None:
    from rq import SimpleWorker

    queue = rq_queue(app)
    SimpleWorker([queue], connection=queue.connection).work(burst=True)


def test_enqueue_puts_the_job_on_rq_after_commit(make_app, redis_url):
    app = make_app(REDIS_URL=redis_url)
    with app.app_context():
        with db.atomic():
            job_id = enqueue(fixtures.record, "via-rq")
            assert rq_queue(app).count == 0, "nothing leaves before the transaction commits"
        assert JobRecord.get_by_id(job_id).status == QUEUED
        assert rq_queue(app).count == 1
        work(app)
        assert JobRecord.get_by_id(job_id).status == DONE
    assert fixtures.ran(app) == ["via-rq"]


def test_a_rolled_back_change_sends_nothing_to_rq(make_app, redis_url):
    app = make_app(REDIS_URL=redis_url)
    with app.app_context():
        with pytest.raises(ValueError), db.atomic():
            enqueue(fixtures.record, "never")
            raise ValueError
        assert rq_queue(app).count == 0 and JobRecord.select().count() == 0


def test_redis_down_at_enqueue_loses_nothing(make_app, redis_url):
    down = make_app(REDIS_URL="redis://127.0.0.1:1/0")
    with down.app_context():
        with db.atomic():
            job_id = enqueue(fixtures.record, "survives")
        assert JobRecord.get_by_id(job_id).status == PENDING
    up = make_app(REDIS_URL=redis_url)
    with up.app_context():
        assert dispatch_due(up) == 1
        assert JobRecord.get_by_id(job_id).status == QUEUED
        work(up)
        assert JobRecord.get_by_id(job_id).status == DONE
    assert fixtures.ran(up) == ["survives"]


def test_failed_job_is_retried_through_rq_after_its_backoff(make_app, redis_url):
    app = make_app(REDIS_URL=redis_url, JOB_BACKOFF_SECONDS=3600)  # an hour: a slow machine still asserts before it
    with app.app_context():
        with db.atomic():
            job_id = enqueue(fixtures.fails_until_marker, "second-try")
        work(app)
        record = JobRecord.get_by_id(job_id)
        assert record.status == PENDING and record.attempts == 1 and record.run_after > utcnow()
        assert dispatch_due(app) == 0, "not before its time"
        fixtures._marker("allow.txt").write_text("ok")
        JobRecord.update(run_after=utcnow() - timedelta(seconds=1)).where(JobRecord.id == job_id).execute()
        assert dispatch_due(app) == 1
        work(app)
        assert JobRecord.get_by_id(job_id).status == DONE
    assert fixtures.ran(app) == ["second-try"]


def test_a_real_rq_worker_process_runs_the_job(make_app, redis_url):
    """`make worker` runs `rq worker`: a separate process that builds the app from the environment."""
    app = make_app(REDIS_URL=redis_url)
    with app.app_context(), db.atomic():
        job_id = enqueue(fixtures.record, "other-process")
    env = {
        **os.environ,
        "INSTANCE_PATH": app.instance_path,
        "SECRET_KEY": app.config["SECRET_KEY"],
        "DATABASE_URL": app.config["DATABASE_URL"],
        "VAULT_DATABASE_URL": app.config["VAULT_DATABASE_URL"],
        "ARCHIVE_DATABASE_URL": app.config["ARCHIVE_DATABASE_URL"],
        "REDIS_URL": redis_url,
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        [sys.executable, "-m", "rq.cli", "worker", "--burst", "--url", redis_url, app.config["RQ_QUEUE"]],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    with app.app_context():
        assert JobRecord.get_by_id(job_id).status == DONE
    assert fixtures.ran(app) == ["other-process"]


def test_rq_cron_configuration_declares_the_tick_and_every_periodic_job(redis_url):
    from redis import Redis
    from rq.cron import CronScheduler

    from jobs.schedule import PERIODIC, TICK_SECONDS

    scheduler = CronScheduler(connection=Redis.from_url(redis_url))
    scheduler.load_config_from_file("jobs.cron")
    jobs = {(job.func_name, job.args, job.interval) for job in scheduler.get_jobs()}
    assert ("jobs.tasks.tick", (), TICK_SECONDS) in jobs
    for periodic in PERIODIC:
        assert ("jobs.tasks.start_periodic", (periodic.name,), int(periodic.every.total_seconds())) in jobs


def test_start_periodic_goes_through_the_outbox(make_app, redis_url):
    from jobs import tasks

    app = make_app(REDIS_URL=redis_url)
    with app.app_context():
        job_id = tasks.start_periodic("purge-finished-jobs")
        assert JobRecord.get_by_id(job_id).func == "portal.jobs.maintenance.purge_finished_jobs"
        work(app)
        assert JobRecord.get_by_id(job_id).status == DONE


def test_many_jobs_at_once_reach_rq_after_commit(make_app, redis_url):
    from portal.jobs import enqueue_many

    app = make_app(REDIS_URL=redis_url)
    with app.app_context():
        with db.atomic():
            assert enqueue_many(fixtures.record, [("a",), ("b",), ("c",)]) == 3
            assert rq_queue(app).count == 0
        assert rq_queue(app).count == 1, "three rows, one message: one work-horse for the three"
        assert {row.status for row in JobRecord.select()} == {QUEUED}
        work(app)
        assert {row.status for row in JobRecord.select()} == {DONE}
    assert sorted(fixtures.ran(app)) == ["a", "b", "c"]


def test_a_mailing_goes_to_rq_in_messages_of_job_rq_batch_rows(make_app, redis_url):
    from portal.jobs import enqueue_many

    app = make_app(REDIS_URL=redis_url, JOB_RQ_BATCH=2)
    with app.app_context():
        with db.atomic():
            enqueue_many(fixtures.record, [(f"p{n}",) for n in range(5)])
        assert rq_queue(app).count == 3
        assert len({row.rq_message for row in JobRecord.select()}) == 3
        work(app)
        assert {row.status for row in JobRecord.select()} == {DONE}
    assert sorted(fixtures.ran(app)) == [f"p{n}" for n in range(5)]


@pytest.mark.parametrize("fate", ["missing", "canceled"])
def test_rows_a_message_never_ran_are_sent_again_once(make_app, redis_url, fate):
    """A message Redis lost, or that ended before its horse reached every row (killed, timed out,
    canceled): the rows still queued go back to pending and run once, in a new message."""
    from rq.job import Job

    from portal.jobs import enqueue_many

    app = make_app(REDIS_URL=redis_url)
    with app.app_context():
        with db.atomic():
            enqueue_many(fixtures.record, [("x",), ("y",)])
        first = JobRecord.select().first().rq_message
        message = Job.fetch(first, connection=rq_queue(app).connection)
        if fate == "missing":
            message.delete()
        else:
            message.cancel()
        assert dispatch_due(app) == 0, "a message just pushed is left to its worker"
        JobRecord.update(queued_at=utcnow() - timedelta(minutes=2)).execute()
        assert dispatch_due(app) == 2
        assert {row.rq_message for row in JobRecord.select()} != {first}
        work(app)
        assert {row.status for row in JobRecord.select()} == {DONE}
    assert sorted(fixtures.ran(app)) == ["x", "y"]


def test_a_message_still_waiting_keeps_its_rows(make_app, redis_url):
    from portal.jobs import enqueue_many

    app = make_app(REDIS_URL=redis_url)
    with app.app_context():
        with db.atomic():
            enqueue_many(fixtures.record, [("w",)])
        JobRecord.update(queued_at=utcnow() - timedelta(minutes=2)).execute()
        assert dispatch_due(app) == 0 and rq_queue(app).count == 1
        work(app)
    assert fixtures.ran(app) == ["w"]


def test_a_web_node_sends_its_own_pending_jobs_when_redis_comes_back(make_app, redis_url):
    """No scheduler here (an outage may have stopped it): the first job this process sends once Redis
    answers again takes along those it had to leave pending."""
    down = make_app(REDIS_URL="redis://127.0.0.1:1/0")
    with down.app_context():
        with db.atomic():
            left = [enqueue(fixtures.record, f"during-{n}") for n in range(3)]
        assert {JobRecord.get_by_id(job_id).status for job_id in left} == {PENDING}
    up = make_app(REDIS_URL=redis_url)
    with up.app_context():
        with db.atomic():
            after = enqueue(fixtures.record, "after")
        assert {JobRecord.get_by_id(job_id).status for job_id in [*left, after]} == {QUEUED}
        assert rq_queue(up).count == 2, "its own job, then the three left pending in one message"
        work(up)
    assert sorted(fixtures.ran(up)) == ["after", "during-0", "during-1", "during-2"]


def worker_env(app, redis_url: str, **extra: str) -> dict[str, str]:
    return {**os.environ, "INSTANCE_PATH": app.instance_path, "SECRET_KEY": app.config["SECRET_KEY"],
            "DATABASE_URL": app.config["DATABASE_URL"], "VAULT_DATABASE_URL": app.config["VAULT_DATABASE_URL"],
            "ARCHIVE_DATABASE_URL": app.config["ARCHIVE_DATABASE_URL"], "REDIS_URL": redis_url,
            "PYTHONPATH": str(ROOT), **extra}


def test_a_worker_killed_with_its_work_horse_mid_job_loses_nothing(make_app, redis_url):
    """kill -9 of `rq worker` and the work-horse running the job: the lease runs out, the next tick gives
    the job back, another worker runs it, and it is recorded done once."""
    app = make_app(REDIS_URL=redis_url, JOB_LEASE_SECONDS=1)
    with app.app_context(), db.atomic():
        job_id = enqueue(fixtures.waits_for_marker, "killed")
    env = worker_env(app, redis_url, JOB_LEASE_SECONDS="1")
    worker = subprocess.Popen([sys.executable, "-m", "rq.cli", "worker", "--url", redis_url, app.config["RQ_QUEUE"]],
                              env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            with app.app_context():
                if JobRecord.get_by_id(job_id).status == RUNNING:
                    break
            assert time.monotonic() < deadline, "the worker never started the job"
            time.sleep(0.1)
    finally:
        # RQ puts its work-horse in a session of its own: it is killed by its pid, then the worker.
        children = Path(f"/proc/{worker.pid}/task/{worker.pid}/children").read_text().split()
        assert children, "no work-horse running the job"
        for pid in children:
            os.kill(int(pid), signal.SIGKILL)
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    (Path(app.instance_path) / "go-killed").write_text("")  # the job may now finish, wherever it runs
    with app.app_context():
        assert JobRecord.get_by_id(job_id).status == RUNNING, "the dead worker's row still says running"
        time.sleep(1.5)  # its lease runs out: nobody renews it
        assert dispatch_due(app) >= 1  # the scheduler's tick
        work(app)  # another worker
        finished = JobRecord.get_by_id(job_id)
        assert finished.status == DONE and finished.attempts == 2
    assert fixtures.ran(app) == ["killed"]


@pytest.fixture
def own_redis(tmp_path):
    """A redis-server of this test's own (the machine's shared one must not be stopped), without
    persistence: stopped and started again, it comes back empty, as after a crash."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed")
    port = free_port()

    def start() -> subprocess.Popen:
        process = subprocess.Popen([server, "--port", str(port), "--save", "", "--appendonly", "no",
                                    "--dir", str(tmp_path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while True:
            try:
                Redis(port=port, socket_connect_timeout=0.2).ping()
                return process
            except RedisError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.05)

    handle = {"process": start(), "start": start}
    handle["url"] = f"redis://127.0.0.1:{port}/0"
    yield handle
    handle["process"].terminate()
    handle["process"].wait(timeout=10)


def test_redis_stopped_and_restarted_empty_during_dispatch_every_job_runs_exactly_once(make_app, own_redis):
    app = make_app(REDIS_URL=own_redis["url"])
    with app.app_context():
        with db.atomic():
            before = [enqueue(fixtures.record, f"before-{n}") for n in range(5)]
        assert {JobRecord.get_by_id(job_id).status for job_id in before} == {QUEUED}
        own_redis["process"].terminate()  # Redis goes away with the five queued messages
        own_redis["process"].wait(timeout=10)
        with db.atomic():
            during = [enqueue(fixtures.record, f"during-{n}") for n in range(5)]
        assert {JobRecord.get_by_id(job_id).status for job_id in during} == {PENDING}
        own_redis["process"] = own_redis["start"]()  # back, empty
        assert rq_queue(app).count == 0
        # The scheduler's tick a minute later: the lost five and the five left pending are sent.
        assert dispatch_due(app, now=utcnow() + timedelta(seconds=61)) == 10
        work(app)
        assert {JobRecord.get_by_id(job_id).status for job_id in before + during} == {DONE}
        dispatch_due(app, now=utcnow() + timedelta(seconds=61))
        work(app)  # nothing runs twice
    labels = fixtures.ran(app)
    assert sorted(labels) == sorted([f"before-{n}" for n in range(5)] + [f"during-{n}" for n in range(5)])
