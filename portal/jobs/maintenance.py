"""Periodic upkeep of the job outbox itself."""
from __future__ import annotations

from datetime import timedelta

from portal.jobs.registry import job
from portal.jobs.runner import purge_finished

# Finished rows are kept a week for staff to look at, then dropped with their arguments.
KEEP_FINISHED = timedelta(days=7)


@job
def purge_finished_jobs() -> None:
    purge_finished(KEEP_FINISHED)
