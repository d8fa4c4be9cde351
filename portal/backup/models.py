"""The log of backups, restore tests and restores (for the quarterly security report)."""
from __future__ import annotations

import peewee

from portal.db import MainModel
from portal.timeutil import utcnow


class BackupRun(MainModel):
    kind = peewee.CharField(max_length=16)  # backup, restore_test, restore
    file = peewee.CharField(max_length=80, default="")
    ok = peewee.BooleanField()
    detail = peewee.CharField(max_length=300, default="")
    at = peewee.DateTimeField(default=utcnow, index=True)

    class Meta:
        table_name = "backup_run"
