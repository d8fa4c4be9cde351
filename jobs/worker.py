"""The project's RQ worker: `rq worker -w jobs.worker.PetaleWorker` (`make worker`, the petale-worker unit).

RQ forks a work-horse for each job, so that a job that leaks or crashes takes only its horse with it. With
the stock worker the horse started empty: it imported the portal and built the application (about a
second) before a job of a few milliseconds, and a mailing to 10,000 people took hours on one worker. This
worker builds the application once, before it forks its first horse; every horse inherits it (pages shared
copy-on-write), and runs a whole message of up to JOB_RQ_BATCH jobs (portal.jobs.dispatch.push_many).
Database connections are never shared across the fork: a horse leaves any connection of
its parent alone and opens its own (portal.db.forget_inherited_connections).
"""
from __future__ import annotations

import gc

from rq import Worker

from jobs.tasks import preload


class PetaleWorker(Worker):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        preload()
        # What the application built is moved out of the collector's reach: a horse's collections would
        # otherwise touch (and so copy) every page of it.
        gc.freeze()
