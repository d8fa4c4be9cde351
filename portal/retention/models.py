from __future__ import annotations

import peewee

from portal.db import MainModel


class RetentionRun(MainModel):
    as_of = peewee.DateField(index=True)
    started_at = peewee.DateTimeField()
    finished_at = peewee.DateTimeField(null=True)
    # Set by the next run on a run that never finished (its process was killed): closed, not counted.
    interrupted = peewee.BooleanField(default=False)
    warned = peewee.IntegerField(default=0)
    archived = peewee.IntegerField(default=0)
    purged = peewee.IntegerField(default=0)

    class Meta:
        table_name = "retention_run"
