"""Running jobs inside the web process when there is no Redis (make run, small installs, gunicorn on one
machine).

Jobs run in a background thread, never inside a request, with the same claim, retry and
periodic rules as under RQ. Under gunicorn every worker process runs one such thread: a job is claimed
by a conditional update and a periodic round by another, so several threads never run the same one.
"""
from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Flask

from portal import db
from portal.jobs import enqueue
from portal.jobs.dispatch import wait_for_work
from portal.jobs.models import PeriodicRun
from portal.jobs.runner import due_job_ids, execute, requeue_stale
from portal.timeutil import utcnow

log = logging.getLogger("petale.jobs")

SCHEDULE = "petale.periodic"  # the key of the application's periodic jobs in app.extensions


@dataclass(frozen=True)
class Periodic:
    name: str
    fn: Callable[[], None]
    every: timedelta


def use_schedule(app: Flask, periodic: Iterable[Periodic]) -> None:
    """Give the application the periodic jobs its in-process runner starts. The schedule (jobs/schedule.py)
    names jobs of the capabilities above this package, so whoever builds the running application (app.py,
    the tests' fixtures) hands it over; `rq cron` reads the same list."""
    app.extensions[SCHEDULE] = tuple(periodic)


def schedule_of(app: Flask) -> tuple[Periodic, ...]:
    try:
        return app.extensions[SCHEDULE]
    except KeyError:
        # Said, not skipped: an application without its schedule would never back up or sweep anything.
        raise LookupError("no periodic schedule: call portal.jobs.inprocess.use_schedule(app, PERIODIC) "
                          "with jobs.schedule.PERIODIC, as app.py does") from None


def enqueue_due_periodic(now: datetime, schedule: Iterable[Periodic]) -> list[str]:
    started = []
    for periodic in schedule:
        last = PeriodicRun.get_or_none(PeriodicRun.name == periodic.name)
        if last is not None and last.last_enqueued_at + periodic.every > now:
            continue
        with db.atomic():
            if last is None:
                PeriodicRun.insert(name=periodic.name, last_enqueued_at=now).on_conflict_ignore().execute()
                claimed = PeriodicRun.get(PeriodicRun.name == periodic.name).last_enqueued_at == now
            else:
                # Conditional update: only one process enqueues a given round.
                claimed = (
                    PeriodicRun.update(last_enqueued_at=now)
                    .where(
                        (PeriodicRun.name == periodic.name)
                        & (PeriodicRun.last_enqueued_at == last.last_enqueued_at)
                    )
                    .execute()
                    == 1
                )
            if claimed:
                enqueue(periodic.fn)
                started.append(periodic.name)
    return started


def run_due(app: Flask, now: datetime | None = None) -> int:
    """One round: start due periodic jobs, then run every due job. Returns how many ran."""
    now = now or utcnow()
    requeue_stale(now)
    enqueue_due_periodic(now, schedule_of(app))
    ran = 0
    for job_id in due_job_ids(now):
        if execute(job_id, backoff_seconds=app.config["JOB_BACKOFF_SECONDS"], now=now) != "skipped":
            ran += 1
    return ran


class InProcessRunner(threading.Thread):
    def __init__(self, app: Flask, poll_seconds: float = 5.0) -> None:
        super().__init__(name="petale-jobs", daemon=True)
        self.app = app
        self.poll_seconds = poll_seconds
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                with self.app.app_context():
                    run_due(self.app)
            except Exception:
                log.exception("in-process job round failed")
            finally:
                db.close_zones()
            wait_for_work(self.poll_seconds)

    def stop(self) -> None:
        self.stopping.set()


_started_in: int | None = None  # the process whose runner thread is started
_starting = threading.Lock()


def start_in_this_process(app: Flask) -> bool:
    """Start this process's runner thread, once; False when it already runs. Keyed by process id: a
    process forked from one that ran it (gunicorn --preload) has no thread, threads do not survive fork."""
    global _started_in
    with _starting:
        if _started_in == os.getpid():
            return False
        InProcessRunner(app).start()
        _started_in = os.getpid()
    log.info("background jobs run in this process (no REDIS_URL)")
    return True


def run_jobs_with_first_request(app: Flask) -> None:
    """For a WSGI server that imports the application (gunicorn app:app) and runs no command of ours:
    without REDIS_URL, nothing else would ever run the jobs — no mail, no export. The thread starts with
    each worker process's first request, after any fork, never in a CLI command that only loads the app."""
    if app.config.get("REDIS_URL"):
        return

    @app.before_request
    def start_jobs() -> None:
        if _started_in != os.getpid():
            start_in_this_process(app)
