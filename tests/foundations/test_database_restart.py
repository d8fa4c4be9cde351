"""PostgreSQL restarted under a running deployment (a minor upgrade, a failover, an OOM kill): every web
worker and every job worker notices its dropped connection, closes it and opens a new one. A request
that meets the outage gets a 503 with Retry-After and a page that says to retry in a moment, never a
500; the first request once the server is back succeeds, on every worker, with no restart. Against a
PostgreSQL cluster of the test's own (initdb in a temporary folder), gunicorn with two workers and an
`rq worker`, as deployed."""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from portal import db
from portal.factory import create_app
from portal.jobs import enqueue
from portal.jobs.models import DONE, JobRecord
from portal.schema import migrate_all
from portal.signin.service import Signup, create_confirmed_account
from tests.support import jobs_for_tests
from tests.support.environment import base_config
from tests.support.own_servers import Gunicorn, OwnPostgres, OwnRedis, RqWorker, environment
from tests.support.served import Visitor

WORKERS = 2
EMAIL, PASSWORD = "rose@example.org", "un-mot-de-passe-solide"
PAGES = ("/", "/mon-espace")  # the catalogue (main zone), a signed-in page (the vault, then the main zone)


@pytest.fixture
def own_postgres():
    server = OwnPostgres()
    try:
        server.start()
        yield server
    finally:
        server.remove()


@pytest.fixture
def deployment(own_postgres, tmp_path):
    own_postgres.create_databases("petale_main", "petale_vault", "petale_archive")
    redis = OwnRedis(tmp_path)
    app = create_app({**base_config(tmp_path / "instance"), "REDIS_URL": redis.url,
                      "DATABASE_URL": own_postgres.url("petale_main"),
                      "VAULT_DATABASE_URL": own_postgres.url("petale_vault"),
                      "ARCHIVE_DATABASE_URL": own_postgres.url("petale_archive")})
    with app.app_context():
        migrate_all()
        create_confirmed_account(Signup("Rose Lenoir", EMAIL, "+33612345678", "Rose", PASSWORD), "learner")
    env = environment(app, REDIS_URL=redis.url)
    web = worker = None
    try:
        web = Gunicorn(env, WORKERS, tmp_path)
        worker = RqWorker(env, redis.url, app.config["RQ_QUEUE"], tmp_path / "rq-worker.log")
        yield app, web, worker
    finally:
        for process in (worker, web):
            if process is not None:
                process.stop()
        redis.stop()
        db.close_zones()


def every_worker_answers(web: Gunicorn, visitor: Visitor, phase: str) -> list[int]:
    """Pages asked four at a time until each gunicorn worker has answered at least one of them; the
    statuses of all the answers, in the order they were given."""
    query = f"phase={phase}"
    statuses = []
    with ThreadPoolExecutor(4) as pool:
        for _ in range(50):
            statuses += [response.status_code for response in pool.map(lambda path: visitor.get(f"{path}?{query}"),
                                                                         PAGES * 2)]
            deadline = time.monotonic() + 5
            while len(answered := web.answers(query)) < len(statuses) and time.monotonic() < deadline:
                time.sleep(0.02)
            if len({pid for pid, _, _ in answered}) == WORKERS:
                return statuses
    raise AssertionError(f"not every gunicorn worker answered: {web.answers(query)}")


def run_a_job(app, label: str, timeout: float = 30) -> float:
    """Enqueue a job from this process (whose own connection was dropped too) and wait for the rq worker
    to finish it; how long that took."""
    started = time.monotonic()
    with app.app_context():
        with db.atomic():
            job_id = enqueue(jobs_for_tests.record, label)
        while JobRecord.get_by_id(job_id).status != DONE:
            assert time.monotonic() - started < timeout, f"job {label!r} not done: {JobRecord.get_by_id(job_id)}"
            time.sleep(0.05)
    assert label in jobs_for_tests.ran(app)
    return time.monotonic() - started


def test_a_restarted_postgresql_is_reconnected_by_every_web_and_job_worker(deployment, own_postgres, capsys):
    app, web, worker = deployment
    visitor = Visitor(web.base)
    assert visitor.login(EMAIL, PASSWORD).status_code == 302
    assert set(every_worker_answers(web, visitor, "before")) == {200}
    run_a_job(app, "before")

    own_postgres.restart()
    back = time.monotonic()
    statuses = every_worker_answers(web, visitor, "after-restart")
    pages_back = time.monotonic() - back
    assert statuses == [200] * len(statuses), (statuses, web.errors())
    job_back = run_a_job(app, "after-restart")
    assert worker.process.poll() is None, "the rq worker must not have exited"
    with capsys.disabled():
        print(f"\nPostgreSQL restarted: every web worker answered 200 within {pages_back:.2f} s, "
              f"a new job was done by the rq worker in {job_back:.2f} s")


def test_requests_during_the_outage_get_a_503_to_retry_and_the_next_ones_succeed(deployment, own_postgres):
    app, web, worker = deployment
    visitor = Visitor(web.base)
    assert visitor.login(EMAIL, PASSWORD).status_code == 302
    assert set(every_worker_answers(web, visitor, "before")) == {200}

    own_postgres.stop()
    for path in PAGES:
        response = visitor.get(path)
        assert response.status_code == 503, (path, response.status_code, web.errors())
        assert response.headers["Retry-After"] == "5"
        assert "Réessayez dans un instant" in response.text and "Service momentanément indisponible" in response.text
    assert visitor.get("/healthz").status_code == 503
    assert all(status != 500 for _, status, _ in web.answers())

    own_postgres.start()
    statuses = every_worker_answers(web, visitor, "after-outage")
    assert statuses == [200] * len(statuses), (statuses, web.errors())
    run_a_job(app, "after-outage")
    assert worker.process.poll() is None
    # The person was never signed out by the outage: the 503 page only showed her as a visitor.
    assert "Se déconnecter" in visitor.get("/mon-espace").text


def test_a_connection_dropped_inside_a_transaction_is_not_committed_on_a_new_one(deployment, own_postgres):
    """Work begun on the old connection died with it: the transaction fails (never a COMMIT sent on a
    fresh connection, which would report a success that did not happen), and the next one succeeds."""
    app, _, _ = deployment
    with app.app_context():
        with pytest.raises(Exception) as failure, db.atomic():
            enqueue(jobs_for_tests.record, "lost")
            own_postgres.restart()
        assert db.unavailable(failure.value), repr(failure.value)
        assert JobRecord.select().where(JobRecord.args.contains("lost")).count() == 0
        with db.atomic():
            enqueue(jobs_for_tests.record, "kept")
        assert JobRecord.select().where(JobRecord.args.contains("kept")).count() == 1


