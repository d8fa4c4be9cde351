"""Functions that RQ workers and `rq cron` call. Each opens the app and calls portal code."""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from flask import Flask, current_app, has_app_context

# Everything a job may need, imported here: jobs.worker.PetaleWorker imports this module in the process that
# forks the work-horses, so each horse starts with it all in memory. (A web process never imports it: it
# names RQ's entry point as a string, portal.jobs.dispatch.RQ_ENTRY_POINT.)
from jobs.schedule import PERIODIC
from portal import db
from portal.factory import create_app
from portal.jobs import enqueue
from portal.jobs.dispatch import dispatch_due
from portal.jobs.inprocess import use_schedule
from portal.jobs.runner import execute


@lru_cache(maxsize=1)
def _worker_app() -> Flask:
    app = create_app()
    use_schedule(app, PERIODIC)
    # Which process built it: a work-horse of jobs.worker.PetaleWorker finds its parent's pid here.
    app.extensions["petale.built_in_pid"] = os.getpid()
    return app


def preload() -> Flask:
    """Build the application and import everything a job may need, in the process that forks the
    work-horses (jobs.worker.PetaleWorker): each horse then starts with it all in memory instead of
    spending a second on imports and create_app() before a job of a few milliseconds."""
    app = _worker_app()
    with app.app_context():
        for name in app.jinja_env.list_templates(filter_func=lambda name: name.startswith("mail/")):
            app.jinja_env.get_template(name)  # compiled once here, not once per horse
    return app


@contextmanager
def _app() -> Iterator[Flask]:
    if has_app_context():
        # A SimpleWorker inside a test or a CLI command: use the app already there.
        yield current_app._get_current_object()
        return
    app = _worker_app()
    with app.app_context():
        try:
            yield app
        finally:
            db.close_zones()


def run_job(job_id: int) -> str:
    """A message of one row, as pushed before batches existed (kept for messages still in Redis)."""
    with _app() as app:
        return execute(job_id, backoff_seconds=app.config["JOB_BACKOFF_SECONDS"])


def run_jobs(job_ids: list[int]) -> dict[str, int]:
    """One RQ message, many rows (portal.jobs.dispatch.push_many): a work-horse runs them in turn, so a
    mailing pays one fork per batch. Each row keeps its own claim, lease, retries and outcome."""
    outcomes: dict[str, int] = {}
    with _app() as app:
        for job_id in job_ids:
            status = execute(job_id, backoff_seconds=app.config["JOB_BACKOFF_SECONDS"])
            outcomes[status] = outcomes.get(status, 0) + 1
    return outcomes


def tick() -> int:
    with _app() as app:
        return dispatch_due(app)


def start_periodic(name: str) -> int:
    periodic = next(p for p in PERIODIC if p.name == name)
    with _app(), db.atomic():
        return enqueue(periodic.fn)
