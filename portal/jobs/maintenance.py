"""Periodic upkeep of the job outbox itself."""
from __future__ import annotations

from datetime import timedelta

from flask_babel import lazy_gettext as _l

from portal.jobs.registry import job
from portal.jobs.runner import purge_finished

# Finished rows are kept a week, failed ones a month for staff to look at and retry; then both are
# dropped with their arguments and their (scrubbed) error.
KEEP_FINISHED = timedelta(days=7)
KEEP_FAILED = timedelta(days=30)


@job(_l("Effacer les tâches terminées anciennes"))
def purge_finished_jobs() -> None:
    purge_finished(KEEP_FINISHED, failed_older_than=KEEP_FAILED)
