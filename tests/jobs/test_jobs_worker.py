"""The project's RQ worker builds the application once, before it forks; no database connection is
shared across a fork."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from portal import db
from portal.db import main_db
from portal.jobs import enqueue
from portal.jobs.models import DONE, JobRecord
from tests.support import jobs_for_tests as fixtures
from tests.support.environment import BACKEND

ROOT = Path(__file__).resolve().parents[2]


def in_a_forked_child(work) -> dict:
    """Run work() in a child forked from this process; what it returns comes back through a pipe."""
    reading, writing = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.write(writing, json.dumps(work()).encode())
        except BaseException as failure:  # reported to the parent, which fails the test
            os.write(writing, json.dumps({"error": repr(failure)}).encode())
        finally:
            os._exit(0)
    os.close(writing)
    _, status = os.waitpid(pid, 0)
    with os.fdopen(reading) as pipe:
        answer = json.loads(pipe.read() or "{}")
    assert status == 0 and "error" not in answer, answer
    return answer


def backend_id() -> object:
    """Who answers on this connection: PostgreSQL's server process, or SQLite's connection object."""
    if BACKEND == "postgresql":
        return main_db.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
    return id(main_db.connection())


def test_a_connection_opened_in_the_parent_is_not_the_forked_childs(app):
    with app.app_context():
        main_db.execute_sql("SELECT 1")
        parents = backend_id()
        child = in_a_forked_child(lambda: {"backend": backend_id(),
                                           "one": main_db.execute_sql("SELECT 1").fetchone()[0]})
        assert child["one"] == 1
        assert child["backend"] != parents, "the child talked on its parent's connection"
        # The parent's connection was neither used nor closed by the child: it still answers, as itself.
        assert backend_id() == parents and main_db.execute_sql("SELECT 2").fetchone()[0] == 2


def test_a_transaction_open_in_the_parent_is_not_the_childs(app):
    """A fork in the middle of a transaction (a gunicorn worker forked by a preloaded master that was
    writing): the child starts with none; the parent's commits what it wrote."""
    with app.app_context(), db.atomic():
        job_id = enqueue(fixtures.record, "parent")
        child = in_a_forked_child(lambda: {"in_transaction": main_db.in_transaction(),
                                           "sees": JobRecord.select().where(JobRecord.id == job_id).count()})
    assert child == {"in_transaction": False, "sees": 0}
    with app.app_context():
        assert JobRecord.get_by_id(job_id).func.endswith("record")


@pytest.mark.redis
def test_the_work_horses_of_the_project_worker_inherit_the_application(make_app, redis_url):
    """`rq worker -w jobs.worker.PetaleWorker`: two jobs, two horses, neither builds the application."""
    app = make_app(REDIS_URL=redis_url)
    with app.app_context(), db.atomic():
        ids = [enqueue(fixtures.record_builder, label) for label in ("first", "second")]
    env = {**os.environ, "INSTANCE_PATH": app.instance_path, "SECRET_KEY": app.config["SECRET_KEY"],
           "DATABASE_URL": app.config["DATABASE_URL"], "VAULT_DATABASE_URL": app.config["VAULT_DATABASE_URL"],
           "ARCHIVE_DATABASE_URL": app.config["ARCHIVE_DATABASE_URL"], "REDIS_URL": redis_url,
           "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "rq.cli", "worker", "--burst", "-w", "jobs.worker.PetaleWorker",
                             "--url", redis_url, app.config["RQ_QUEUE"]],
                            env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    with app.app_context():
        assert [JobRecord.get_by_id(job_id).status for job_id in ids] == [DONE, DONE]
    assert sorted(fixtures.ran(app)) == ["first:inherited", "second:inherited"]
